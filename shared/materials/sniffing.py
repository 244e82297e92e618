"""What a file really is, from its first bytes, and whether that matches what the client said.

ASVS 5.2.2: the extension and the claimed type must match the content. The client's
Content-Type and file name are only claims; the magic bytes decide. Signatures:

- JPEG: FF D8 FF (JFIF, Exif and raw markers all start so; ISO/IEC 10918-1 SOI + a marker)
- PNG: 89 50 4E 47 0D 0A 1A 0A (the 8-byte signature of ISO/IEC 15948 §5.2)
- PDF: "%PDF-" followed by a version digit (ISO 32000-1 §7.5.2); we want it at offset 0,
  although readers tolerate junk before it, so a file cannot be two things at once.

Known dangerous content is recognised too, so a renamed program gets a message saying
what it is rather than "damaged file".
"""

from __future__ import annotations

from shared.materials.model import ACCEPTED, EXTENSIONS, JPEG, PDF, PNG

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Programs, archives and scripts (a renamed one is the classic upload attack).
DANGEROUS_PREFIXES: tuple[bytes, ...] = (
    b"MZ",  # Windows PE / DOS executable
    b"\x7fELF",  # Linux executable
    b"\xfe\xed\xfa\xce",  # Mach-O 32-bit
    b"\xfe\xed\xfa\xcf",  # Mach-O 64-bit
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"\x00asm",  # WebAssembly
    b"PK\x03\x04",  # zip (also .jar, .apk, .docx)
    b"PK\x05\x06",  # empty zip
    b"PK\x07\x08",  # spanned zip
    b"Rar!\x1a\x07",  # RAR
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"\x1f\x8b",  # gzip
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE2: .msi, old Office with macros
    b"#!",  # script with an interpreter line
)
# Text that browsers or interpreters would run, looked for at the start (after a BOM and spaces).
DANGEROUS_TEXT: tuple[bytes, ...] = (
    b"<?php",
    b"<script",
    b"<html",
    b"<!doctype",
    b"<svg",
    b"<?xml",
    b"@echo",
    b"<%",
)
ALIASES = {"image/jpg": JPEG, "image/pjpeg": JPEG, "image/x-png": PNG, "application/x-pdf": PDF}
# Claims that say nothing (a browser or mini-program that does not know): the content and
# the extension decide alone.
UNKNOWN_CLAIMS = frozenset({"", "application/octet-stream", "binary/octet-stream"})


def sniff(data: bytes) -> str | None:
    """The accepted media type the bytes are, or None."""
    if data[:3] == b"\xff\xd8\xff":
        return JPEG
    if data[:8] == PNG_SIGNATURE:
        return PNG
    if data[:5] == b"%PDF-" and data[5:6].isdigit():
        return PDF
    return None


def looks_dangerous(data: bytes) -> bool:
    """Whether the bytes are a program, an archive or a script."""
    if data.startswith(DANGEROUS_PREFIXES):
        return True
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(DANGEROUS_TEXT)


def normalize_claim(claimed_type: str | None) -> str:
    """The bare media type of a Content-Type claim, lower case, aliases resolved."""
    bare = (claimed_type or "").split(";", 1)[0].strip().lower()
    return ALIASES.get(bare, bare)


def extension(filename: str | None) -> str | None:
    """The lower-case extension of a client file name, or None when it has none."""
    if not filename:
        return None
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    if "." not in name.strip("."):
        return None
    return name.rsplit(".", 1)[-1].strip().lower() or None


def extension_type(ext: str) -> str | None:
    return next((media for media, known in EXTENSIONS.items() if ext in known), None)


def claim_allowed(claim: str) -> bool:
    return claim in ACCEPTED or claim in UNKNOWN_CLAIMS
