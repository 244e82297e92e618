"""Material files on disk: outside any static mount, under random names, encrypted.

ASVS 5.3.1/5.3.2: files live under `data_dir/files`, which nothing serves directly, under
names we make (`<2 hex>/<32 hex>`), never the client's. A copy of the disk or a backup
reveals nothing: each file is AES-256-GCM encrypted with a key derived for this purpose
only (`derive_key(secret, "onevisit:files")`), a fresh 96-bit nonce, and the file's id as
associated data, so a file cannot be swapped for another application's file unnoticed.

Format: one version byte, the nonce, the ciphertext with its tag.

Durability: a file is written to a temporary name, fsync'd, renamed into place and its
directory fsync'd before the database row that points to it commits; so a committed row
always has its file, even after a power cut. A crash between the file and the row leaves
an unreferenced file, which `sweep_orphans` removes.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shared.privacy.vault import derive_key

FORMAT_VERSION = 1
NONCE_BYTES = 12
KEY_PURPOSE = "onevisit:files"
TEMP_SUFFIX = ".part"


class FileDamaged(Exception):
    """A stored file is missing or does not decrypt (wrong key, changed bytes, swapped file)."""


class FileStore:
    def __init__(self, root: Path, secret: bytes) -> None:
        self.root = root
        self._aead = AESGCM(derive_key(secret, KEY_PURPOSE))

    @staticmethod
    def new_name() -> str:
        return secrets.token_hex(16)

    def path(self, storage_name: str) -> Path:
        if not is_storage_name(storage_name):
            raise ValueError("not a storage name")
        return self.root / storage_name[:2] / storage_name

    def write(self, storage_name: str, file_id: str, plaintext: bytes) -> None:
        """Encrypt and write durably (file and directory fsync'd)."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = bytes([FORMAT_VERSION]) + nonce + self._aead.encrypt(nonce, plaintext, file_id.encode())
        final = self.path(storage_name)
        directory = final.parent
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = final.with_name(final.name + TEMP_SUFFIX)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(sealed)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, final)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        _fsync_directory(directory)

    def read(self, storage_name: str, file_id: str) -> bytes:
        try:
            sealed = self.path(storage_name).read_bytes()
        except (OSError, ValueError) as exc:
            raise FileDamaged("stored file is missing") from exc
        if len(sealed) < 1 + NONCE_BYTES + 16 or sealed[0] != FORMAT_VERSION:
            raise FileDamaged("not a stored file")
        nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, body, file_id.encode())
        except InvalidTag as exc:
            raise FileDamaged("stored file does not decrypt") from exc

    def remove(self, storage_name: str) -> None:
        path = self.path(storage_name)
        path.unlink(missing_ok=True)
        _fsync_directory(path.parent)

    def names(self) -> Iterator[tuple[str, float]]:
        """Every stored name with its modification time (temporary files included, by full name)."""
        if not self.root.is_dir():
            return
        for directory in self.root.iterdir():
            if not directory.is_dir():
                continue
            for entry in directory.iterdir():
                if not is_storage_name(entry.name.removesuffix(TEMP_SUFFIX)):
                    continue  # not ours (an operator's note, a backup tool's marker): left alone
                try:
                    yield entry.name, entry.stat().st_mtime
                except FileNotFoundError:
                    continue

    def remove_any(self, name: str) -> None:
        """Remove a stored or temporary file by its full name (for the orphan sweep)."""
        stem = name.removesuffix(TEMP_SUFFIX)
        path = self.path(stem)
        (path.parent / name).unlink(missing_ok=True)


def is_storage_name(name: str) -> bool:
    """Names we give files: 32 lowercase hex characters (128 random bits)."""
    return len(name) == 32 and all(c in "0123456789abcdef" for c in name)


def _fsync_directory(directory: Path) -> None:
    # A rename or unlink is durable only once the directory entry is on disk (POSIX).
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
