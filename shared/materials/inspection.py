"""One upload, checked from the outside in; what comes out is what gets stored.

Order (cheapest and most telling first; ASVS 5.2.1, 5.2.2, 5.2.6):

1. size: empty, or above `MAX_FILE_BYTES`;
2. the claim: the Content-Type must be one we accept (or say nothing), and so must the
   file name's extension;
3. the content: a program, archive or script is refused as such; otherwise the magic
   bytes must be JPEG, PNG or PDF and agree with the claimed type and the extension;
4. the body: images are decoded within the pixel limit and re-encoded without metadata;
   PDFs are scanned for structure and active content.

Pure and synchronous (CPU only): the caller runs it in a worker thread.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from shared.materials import sniffing
from shared.materials.images import clean_image
from shared.materials.model import ACCEPTED, MAX_FILE_BYTES, PDF
from shared.materials.pdfs import check_pdf
from shared.materials.refusals import refuse


@dataclass(frozen=True, slots=True)
class CleanFile:
    """An accepted upload, ready to store: `data` is what staff will see."""

    media_type: str
    data: bytes
    width: int | None = None
    height: int | None = None
    pages: int | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def inspect(data: bytes, claimed_type: str | None, filename: str | None = None) -> CleanFile:
    """Check an upload and return what to store; raises UploadRefused with the reason."""
    if not data:
        raise refuse("empty")
    if len(data) > MAX_FILE_BYTES:
        raise refuse("too_large", mb=MAX_FILE_BYTES // (1024 * 1024))
    claim = sniffing.normalize_claim(claimed_type)
    ext = sniffing.extension(filename)
    ext_type = sniffing.extension_type(ext) if ext is not None else None
    if not sniffing.claim_allowed(claim) or (ext is not None and ext_type is None):
        raise refuse("type_not_allowed")
    if sniffing.looks_dangerous(data):
        raise refuse("type_mismatch", message_key="executable")
    actual = sniffing.sniff(data)
    if actual is None:
        # Neither a known danger nor an accepted type (a GIF, HEIC, a text file...).
        raise refuse("type_mismatch" if claim in ACCEPTED or ext_type else "type_not_allowed")
    if (claim in ACCEPTED and claim != actual) or (ext_type is not None and ext_type != actual):
        raise refuse("type_mismatch")
    if actual == PDF:
        return CleanFile(PDF, data, pages=check_pdf(data))
    image = clean_image(data, actual)
    return CleanFile(actual, image.data, width=image.width, height=image.height)
