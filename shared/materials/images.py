"""Photos of materials: verified, size-checked, turned upright and re-encoded without metadata.

- Pixel flood (ASVS 5.2.6): the dimensions are read from the file header by this module
  BEFORE Pillow sees the file, and anything above `MAX_PIXELS` is refused without decoding.
  Pillow's own guard (`DecompressionBombWarning` above `Image.MAX_IMAGE_PIXELS`,
  `DecompressionBombError` above twice that) is a second net: both are caught and become
  the same clean refusal, never a 500 or a stray warning.
- Metadata (ASVS 14.2.8): a phone photo carries GPS position, device serial numbers, time
  and sometimes a thumbnail of the uncropped picture. The EXIF orientation is applied
  first (so the picture stays upright), then the pixels are written into a new file with
  no EXIF, no ICC profile, no XMP, no text chunks and no comments. Re-encoding also breaks
  polyglots (a JPEG with a script or an archive appended).
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from shared.materials.model import JPEG, MAX_PIXELS, PNG
from shared.materials.refusals import refuse

JPEG_QUALITY = 90
PILLOW_FORMAT = {JPEG: "JPEG", PNG: "PNG"}
# JPEG start-of-frame markers (ITU T.81 B.1.1.3): C0-CF except DHT (C4), JPG (C8), DAC (CC).
SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Markers without a length field: TEM, RST0-7, SOI, EOI.
STANDALONE_MARKERS = frozenset({0x01, *range(0xD0, 0xDA)})
KEPT_INFO = ("transparency",)  # part of the picture, not metadata


@dataclass(frozen=True, slots=True)
class CleanImage:
    data: bytes
    width: int
    height: int


def header_size(data: bytes, media_type: str) -> tuple[int, int] | None:
    """(width, height) as the file header declares them, without decoding; None if unreadable."""
    if media_type == PNG:
        # Signature (8), then the IHDR chunk: length (4), type (4), width (4), height (4).
        if len(data) < 24 or data[12:16] != b"IHDR":
            return None
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if media_type == JPEG:
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    position = 2  # after SOI
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker in STANDALONE_MARKERS:
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if length < 2:
            return None
        if marker in SOF_MARKERS:
            # Length (2), sample precision (1), number of lines (2), samples per line (2).
            if position + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return width, height
        if marker == 0xDA:  # start of scan before any frame header
            return None
        position += 2 + length
    return None


def clean_image(data: bytes, media_type: str) -> CleanImage:
    """Verify and re-encode an image; raises UploadRefused (image_too_large, unreadable)."""
    size = header_size(data, media_type)
    if size is None:
        raise refuse("unreadable")
    width, height = size
    if width == 0 or height == 0:
        raise refuse("unreadable")
    if width * height > MAX_PIXELS:
        raise refuse("image_too_large", mp=MAX_PIXELS // 1_000_000)
    try:
        with Image.open(io.BytesIO(data), formats=[PILLOW_FORMAT[media_type]]) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise refuse("image_too_large", mp=MAX_PIXELS // 1_000_000)
            opened.load()
            upright = ImageOps.exif_transpose(opened)
            return _reencode(upright, media_type)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refuse("image_too_large", mp=MAX_PIXELS // 1_000_000) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError):
        # Truncated, corrupt or lying about itself: Pillow's decoders raise these.
        raise refuse("unreadable") from None


def _reencode(image: Image.Image, media_type: str) -> CleanImage:
    clean = image.copy()
    clean.info = {key: image.info[key] for key in KEPT_INFO if key in image.info}
    out = io.BytesIO()
    if media_type == JPEG:
        if clean.mode not in ("L", "RGB"):
            # CMYK and others: browsers disagree on how to show them; RGB everywhere.
            clean = clean.convert("RGB")
        clean.save(out, format="JPEG", quality=JPEG_QUALITY)
    else:
        if clean.mode not in ("1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"):
            clean = clean.convert("RGBA")
        clean.save(out, format="PNG")
    return CleanImage(out.getvalue(), clean.width, clean.height)
