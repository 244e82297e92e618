"""Upload checks without storage: types, sizes, bombs, metadata, PDF active content."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings, strategies as st
from PIL import Image

from shared.materials import sniffing
from shared.materials.images import header_size
from shared.materials.inspection import inspect
from shared.materials.model import MAX_FILE_BYTES, MAX_PDF_PAGES, PNG
from shared.materials.pdfs import check_pdf
from shared.materials.refusals import UploadRefused
from tests import materials_samples as samples


def refused(data: bytes, claimed: str | None, filename: str | None = None) -> UploadRefused:
    with pytest.raises(UploadRefused) as caught:
        inspect(data, claimed, filename)
    error = caught.value
    assert error.status == 422
    assert [p.path for p in error.problems] == ["file"]
    assert error.problems[0].code == error.reason
    assert error.message.zh and error.message.en
    return error


# --- accepted files ----------------------------------------------------------------------------


def test_real_jpeg_png_and_pdf_are_accepted() -> None:
    photo = inspect(samples.jpeg(64, 48), "image/jpeg", "身份证正面.JPG")
    assert (photo.media_type, photo.width, photo.height, photo.pages) == ("image/jpeg", 64, 48, None)
    picture = inspect(samples.png(), "image/png", "scan.png")
    assert (picture.media_type, picture.width, picture.height) == ("image/png", 40, 30)
    document = inspect(samples.pdf(pages=3), "application/pdf", "户口簿.pdf")
    assert (document.media_type, document.pages, document.width) == ("application/pdf", 3, None)
    assert len(document.sha256) == 64


def test_claim_parameters_aliases_and_silent_claims() -> None:
    assert inspect(samples.jpeg(), "image/jpg; charset=binary", None).media_type == "image/jpeg"
    # A client that does not know the type: content and extension decide.
    assert inspect(samples.png(), "application/octet-stream", "a.png").media_type == "image/png"
    assert inspect(samples.pdf(), None, None).media_type == "application/pdf"


# --- refused by type ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "claimed", "filename"),
    [
        (samples.EXE, "image/jpeg", "photo.jpg"),  # a renamed Windows program
        (samples.ELF, "image/png", "scan.png"),
        (samples.ZIP, "application/pdf", "form.pdf"),
        (samples.SCRIPT, "image/jpeg", None),
        (samples.HTML, "application/octet-stream", None),
    ],
)
def test_renamed_programs_archives_and_scripts_are_refused(data: bytes, claimed: str, filename: str | None) -> None:
    error = refused(data, claimed, filename)
    assert error.reason == "type_mismatch"
    assert "程序、脚本或压缩包" in error.message.zh and "program" in (error.message.en or "")


def test_content_must_match_the_claim_and_the_extension() -> None:
    assert refused(samples.jpeg(), "image/png", None).reason == "type_mismatch"
    assert refused(samples.jpeg(), "image/jpeg", "photo.png").reason == "type_mismatch"
    assert refused(samples.pdf(), "image/jpeg", "scan.jpg").reason == "type_mismatch"
    assert refused(b"GIF89a" + b"\x00" * 20, "image/jpeg", None).reason == "type_mismatch"


def test_types_and_extensions_we_do_not_take() -> None:
    assert refused(samples.jpeg(), "image/gif", None).reason == "type_not_allowed"
    assert refused(samples.jpeg(), "image/jpeg", "photo.jpg.exe").reason == "type_not_allowed"
    assert refused(samples.EXE, "application/x-msdownload", "setup.exe").reason == "type_not_allowed"
    assert refused(b"GIF89a" + b"\x00" * 20, None, None).reason == "type_not_allowed"


def test_message_never_repeats_the_file_name() -> None:
    error = refused(samples.EXE, "image/jpeg", "张三-110105199003071234.jpg")
    assert "110105" not in str(error.message) and "张三" not in str(error.message)


# --- size ----------------------------------------------------------------------------------


def test_empty_and_oversized_files() -> None:
    assert refused(b"", "image/jpeg", None).reason == "empty"
    big = samples.jpeg() + b"\x00" * MAX_FILE_BYTES
    error = refused(big, "image/jpeg", "big.jpg")
    assert error.reason == "too_large" and "10 MB" in error.message.zh


# --- decompression bombs ---------------------------------------------------------------------------


def test_png_bomb_is_refused_before_decoding() -> None:
    bomb = samples.png_bomb(50_000, 50_000)
    assert len(bomb) < 10_000  # small on the wire, 2.5 gigapixels when decoded
    assert header_size(bomb, PNG) == (50_000, 50_000)
    error = refused(bomb, "image/png", "bomb.png")
    assert error.reason == "image_too_large"


def test_bomb_above_pillows_own_limits_is_a_clean_refusal() -> None:
    # Past Image.MAX_IMAGE_PIXELS and past twice that: Pillow would warn or raise; we answer 422.
    assert Image.MAX_IMAGE_PIXELS is not None
    for side in (10_000, 14_000):
        assert refused(samples.png_bomb(side, side), "image/png", None).reason == "image_too_large"
    assert refused(samples.jpeg_claiming(30_000, 30_000), "image/jpeg", None).reason == "image_too_large"


def test_pillows_own_guard_is_caught_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # With our header check out of the way, Pillow's DecompressionBombWarning (an error under
    # this test suite's filterwarnings) and DecompressionBombError still end as a clean 422.
    from shared.materials import images

    monkeypatch.setattr(images, "MAX_PIXELS", 10**12)
    assert Image.MAX_IMAGE_PIXELS is not None
    warned = samples.png_bomb(10_000, 10_000)  # above MAX_IMAGE_PIXELS: a warning
    failed = samples.png_bomb(14_000, 14_000)  # above twice that: an error
    assert Image.MAX_IMAGE_PIXELS < 10_000**2 and 2 * Image.MAX_IMAGE_PIXELS < 14_000**2
    assert refused(warned, "image/png", None).reason == "image_too_large"
    assert refused(failed, "image/png", None).reason == "image_too_large"


def test_the_pixel_limit_is_exact() -> None:
    # 8000 x 5000 = 40 megapixels exactly: not a bomb (Pillow fills the missing rows of this
    # short sample, so it is even accepted); one more column is.
    assert inspect(samples.png_bomb(8000, 5000), "image/png", None).width == 8000
    assert refused(samples.png_bomb(8001, 5000), "image/png", None).reason == "image_too_large"


def test_truncated_and_corrupt_images_are_unreadable() -> None:
    photo = samples.jpeg(200, 200)
    assert refused(photo[: len(photo) // 2], "image/jpeg", None).reason == "unreadable"
    assert refused(b"\xff\xd8\xff" + b"\x00" * 200, "image/jpeg", None).reason == "unreadable"
    assert refused(samples.png()[:30], "image/png", None).reason == "unreadable"


# --- metadata ---------------------------------------------------------------------------------


def test_exif_gps_and_icc_are_removed_and_orientation_applied() -> None:
    original = samples.jpeg(64, 48, gps=True, orientation=6)  # 6: rotate 90° clockwise to view
    with Image.open(io.BytesIO(original)) as before:
        assert samples.GPS_IFD in before.getexif() and before.info.get("icc_profile")
    clean = inspect(original, "image/jpeg", None)
    assert b"OneVisitTestCam" not in clean.data and b"Exif" not in clean.data
    with Image.open(io.BytesIO(clean.data)) as after:
        assert len(after.getexif()) == 0
        assert "icc_profile" not in after.info and "exif" not in after.info
        assert after.size == (48, 64)  # turned upright
        assert (clean.width, clean.height) == (48, 64)
        # The blue corner moved from the top-left to the top-right with the rotation.
        red, green, blue = after.convert("RGB").getpixel((44, 3))  # type: ignore[misc]
        assert blue > 150 and red < 100


def test_png_text_chunks_are_removed() -> None:
    original = samples.png(text=True)
    assert b"tEXt" in original or b"iTXt" in original
    clean = inspect(original, "image/png", None)
    assert b"tEXt" not in clean.data and b"iTXt" not in clean.data and b"zTXt" not in clean.data
    assert b"secret location" not in clean.data


def test_appended_payload_does_not_survive_reencoding() -> None:
    polyglot = samples.jpeg() + samples.ZIP + b"<?php system($_GET['c']); ?>"
    clean = inspect(polyglot, "image/jpeg", None)
    assert b"PK\x03\x04" not in clean.data and b"<?php" not in clean.data


# --- PDF ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        b" /OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
        b" /Names << /JavaScript << /Names [(x) 9 0 R] >> >>",
        b" /OpenAction << /S /Launch /F (cmd.exe) >>",
        b" /Names << /EmbeddedFiles << /Names [(a.exe) 9 0 R] >> >>",
        b" /AcroForm << /XFA 9 0 R >>",
        b" /AA << /O << /S /J#61vaScript /J#53 (x) >> >>",  # hex-escaped names
    ],
)
def test_pdf_with_active_content_is_refused(extra: bytes) -> None:
    error = refused(samples.pdf(extra), "application/pdf", "form.pdf")
    assert error.reason == "pdf_active_content"


def test_javascript_hidden_in_an_object_stream_is_found() -> None:
    assert check_pdf(samples.pdf_with_object_stream(b"")) == 1
    hidden = samples.pdf_with_object_stream(b" /OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
    assert b"JavaScript" not in hidden  # compressed: invisible to a plain byte search
    assert refused(hidden, "application/pdf", None).reason == "pdf_active_content"


def test_harmless_pdf_features_are_accepted() -> None:
    # An OpenAction that only opens page 1; the word "JavaScript" inside a string; page
    # content and image bytes that happen to hold "/JS".
    assert check_pdf(samples.pdf(b" /OpenAction [4 0 R /Fit]")) == 1
    assert check_pdf(samples.pdf(b" /Lang (zh-CN) /Note (/JavaScript is not a key here)")) == 1
    assert check_pdf(samples.pdf(content=b"BT (/JS) Tj ET % /Launch\n")) == 1
    assert check_pdf(samples.pdf_with_image_stream(b"\x00/JS /Launch \xff")) == 1


def test_a_stream_keyword_inside_a_string_does_not_hide_syntax() -> None:
    trick = b" /X (>>stream\n) /OpenAction << /S /JavaScript /JS (x) >> /Y (endstream)"
    assert refused(samples.pdf(trick), "application/pdf", None).reason == "pdf_active_content"


def test_pdf_structure_problems() -> None:
    good = samples.pdf()
    assert refused(good.replace(b"%%EOF", b"%%EOX"), "application/pdf", None).reason == "unreadable"
    assert refused(good + samples.ZIP, "application/pdf", None).reason == "unreadable"  # something rides behind
    assert refused(b" " + good, "application/pdf", None).reason == "type_mismatch"  # header not at the start
    assert refused(good.replace(b"/Type /Page /", b"/Type /Pagex /"), "application/pdf", None).reason == "unreadable"
    # A stream whose length does not fit is not guessed at.
    assert refused(good.replace(b"/Length 26", b"/Length 20"), "application/pdf", None).reason == "unreadable"
    assert refused(samples.pdf_encrypted(), "application/pdf", None).reason == "pdf_encrypted"


def test_too_many_pages() -> None:
    assert check_pdf(samples.pdf(pages=MAX_PDF_PAGES)) == MAX_PDF_PAGES
    error = refused(samples.pdf(pages=MAX_PDF_PAGES + 1), "application/pdf", None)
    assert error.reason == "too_many_pages"


def test_object_stream_zip_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from shared.materials import pdfs

    monkeypatch.setattr(pdfs, "MAX_INFLATED_BYTES", 1000)
    padded = samples.pdf_with_object_stream(b" /Padding (" + b"a" * 5000 + b")")
    assert refused(padded, "application/pdf", None).reason == "unreadable"


def test_object_stream_with_an_undecodable_filter_is_refused() -> None:
    data = samples.pdf_with_object_stream(b"").replace(b"/Filter /FlateDecode", b"/Filter /LZWDecode ")
    assert refused(data, "application/pdf", None).reason == "unreadable"


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    data=st.binary(min_size=1, max_size=2048), claimed=st.sampled_from(["image/jpeg", "image/png", "application/pdf"])
)
def test_arbitrary_bytes_never_crash(data: bytes, claimed: str) -> None:
    """Whatever arrives: accepted as the claimed type, or refused with a reason. Never another error."""
    try:
        clean = inspect(data, claimed, None)
    except UploadRefused as error:
        assert error.reason
    else:
        assert clean.media_type == claimed


@settings(max_examples=100, deadline=None)
@given(prefix=st.sampled_from([b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"%PDF-1.7\n"]), tail=st.binary(max_size=512))
def test_magic_bytes_with_garbage_never_crash(prefix: bytes, tail: bytes) -> None:
    claimed = sniffing.sniff(prefix + tail) or "image/jpeg"
    try:
        inspect(prefix + tail, claimed, None)
    except UploadRefused as error:
        assert error.reason in {"unreadable", "image_too_large", "type_mismatch", "pdf_active_content", "pdf_encrypted"}


@settings(max_examples=50, deadline=None)
@given(
    width=st.integers(min_value=1, max_value=300),
    height=st.integers(min_value=1, max_value=300),
    kind=st.sampled_from(["JPEG", "PNG"]),
)
def test_any_real_small_image_is_accepted_with_its_size(width: int, height: int, kind: str) -> None:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (1, 2, 3)).save(out, format=kind)
    clean = inspect(out.getvalue(), f"image/{kind.lower()}", None)
    assert (clean.width, clean.height) == (width, height)
