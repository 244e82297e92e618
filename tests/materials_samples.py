"""Real files made in the test run: JPEG, PNG and PDF samples, good and hostile."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def jpeg(width: int = 64, height: int = 48, *, gps: bool = False, orientation: int | None = None) -> bytes:
    """A real JPEG; with `gps`, EXIF that holds a position and a camera make."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    # A blue block in the top-left corner, so a rotation can be seen in the pixels.
    image.paste((20, 20, 220), (0, 0, width // 4, height // 4))
    exif = Image.Exif()
    if gps:
        exif[MAKE] = "OneVisitTestCam"
        exif[GPS_IFD] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 29.0)}
    if orientation is not None:
        exif[ORIENTATION] = orientation
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes() if len(exif) else b"", icc_profile=b"fake-icc" if gps else None)
    return out.getvalue()


def png(width: int = 40, height: int = 30, *, text: bool = False) -> bytes:
    from PIL import PngImagePlugin

    image = Image.new("RGBA", (width, height), (10, 120, 10, 255))
    info = PngImagePlugin.PngInfo()
    if text:
        info.add_text("Author", "张三")
        info.add_text("Comment", "secret location")
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_bomb(width: int = 50_000, height: int = 50_000) -> bytes:
    """A small PNG whose header claims huge dimensions (a decompression bomb's shape).

    The image data is a few highly compressible rows only: decoding it whole would need
    width x height bytes of memory, which is the point of the attack.
    """
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    rows = zlib.compress(b"\x00" * (width + 1) * 8, 9)
    return b"\x89PNG\r\n\x1a\n" + header + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real JPEG whose frame header is rewritten to claim other dimensions."""
    data = bytearray(jpeg(16, 16))
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def pdf(catalog_extra: bytes = b"", *, pages: int = 1, content: bytes = b"BT /F1 12 Tf (Hello) Tj ET") -> bytes:
    """A small, valid PDF 1.7 with `pages` pages; `catalog_extra` goes into the catalog."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R" + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * pages
    return _assemble(objects)


def _assemble(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return out


def pdf_with_object_stream(hidden: bytes) -> bytes:
    """A PDF 1.5 whose catalog sits compressed inside an object stream (/Type /ObjStm)."""
    catalog = b"<< /Type /Catalog /Pages 3 0 R" + hidden + b" >>"
    offsets_table = b"1 0 "
    body = zlib.compress(offsets_table + catalog)
    objects = [
        b"",  # 1: lives in the object stream; a placeholder keeps the numbering simple
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(offsets_table), len(body))
        + body
        + b"\nendstream",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>",
    ]
    objects[0] = b"null"
    return _assemble(objects)


def pdf_with_image_stream(stream_bytes: bytes) -> bytes:
    """A PDF whose page shows an image XObject holding exactly `stream_bytes`."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> >>",
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceGray"
        b" /Length %d >>\nstream\n" % len(stream_bytes) + stream_bytes + b"\nendstream",
    ]
    return _assemble(objects)


def pdf_encrypted() -> bytes:
    base = pdf()
    return base.replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 >>")


EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode."
)
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 57
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40
SCRIPT = b"#!/bin/sh\nrm -rf /\n"
HTML = b"\xef\xbb\xbf  <html><script>alert(1)</script></html>"
