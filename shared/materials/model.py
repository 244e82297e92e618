"""What a stored material file is, and the limits every upload is held to.

ASVS 5.1.1 asks that the allowed types, extensions and sizes be written down: they are here.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_MATERIAL = 10
# Pixel-flood limit (ASVS 5.2.6): 40 megapixels is more than any phone camera or scanner
# page at 600 dpi produces, and far below what would exhaust memory when decoded.
MAX_PIXELS = 40_000_000
MAX_PDF_PAGES = 200

JPEG = "image/jpeg"
PNG = "image/png"
PDF = "application/pdf"
ACCEPTED = frozenset({JPEG, PNG, PDF})

# The extension each type is stored and offered under, and the extensions a client's file
# name may carry for it.
EXTENSION = {JPEG: "jpg", PNG: "png", PDF: "pdf"}
EXTENSIONS = {JPEG: frozenset({"jpg", "jpeg", "jpe", "jfif"}), PNG: frozenset({"png"}), PDF: frozenset({"pdf"})}


@dataclass(frozen=True, slots=True)
class StoredFile:
    """One uploaded file of one material of an application, as it was stored.

    `display_name` is made by us (`<material>-<n>.<ext>`); the client's file name is never
    kept, since it may hold a name or an ID number.
    """

    id: str
    application_id: str
    material_code: str
    position: int
    media_type: str
    size: int
    sha256: str
    pages: int | None
    width: int | None
    height: int | None
    uploaded_at: str
    uploaded_via: str
    display_name: str

    @property
    def is_image(self) -> bool:
        return self.media_type in (JPEG, PNG)


def display_name(material_code: str, position: int, media_type: str) -> str:
    return f"{material_code}-{position}.{EXTENSION[media_type]}"
