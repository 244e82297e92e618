"""Secrets generated into the data directory on first run, never committed.

A hall installs OneVisit and starts it; it must not ship with a shared default key. The
key file is created with mode 0600 atomically (O_EXCL), so two processes starting at
once agree on one key instead of each writing its own.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_FILE = "secret.key"
SECRET_BYTES = 64


def load_or_create_secret(data_dir: Path) -> bytes:
    """Return the installation's secret key, creating it on first run."""
    # The folder holds the database as well: only the service's own user may read it.
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = data_dir / SECRET_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        if len(key) < 32:
            raise ValueError(f"{path} holds a key shorter than 32 bytes; delete it to generate a new one") from None
        return key
    key = secrets.token_bytes(SECRET_BYTES)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex())
        handle.flush()
        os.fsync(handle.fileno())
    return key
