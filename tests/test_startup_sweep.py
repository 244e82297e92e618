"""Starting the server removes material files that a crash left without their row."""

from __future__ import annotations

import os

from onevisit import create_app
from shared.config import Settings


async def test_start_removes_old_orphaned_material_files(settings: Settings) -> None:
    directory = settings.data_dir / "files" / "ab"
    directory.mkdir(parents=True)
    orphan = directory / ("ab" + "0" * 30)
    orphan.write_bytes(b"ciphertext of an upload whose row never committed")
    stranger = directory / "README.txt"  # not a name we give: left alone, and no crash at start
    stranger.write_text("operator's note")
    for path in (orphan, stranger):
        os.utime(path, (1_000_000_000, 1_000_000_000))  # long ago
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        assert not orphan.exists()
        assert stranger.exists()
