"""All SQL of the material files aggregate (`application_files`, schema 0009)."""

from __future__ import annotations

from collections.abc import Sequence

from shared.clock import iso
from shared.db import Database, Query, Row, Transaction, fetch
from shared.materials.model import StoredFile, display_name

Reader = Database | Transaction

_COLUMNS = (
    "id, application_id, material_code, position, media_type, size, sha256, pages, width, height,"
    " uploaded_at, uploaded_via"
)


def _stored(row: Row) -> StoredFile:
    return StoredFile(
        id=str(row["id"]),
        application_id=str(row["application_id"]),
        material_code=str(row["material_code"]),
        position=int(row["position"]),
        media_type=str(row["media_type"]),
        size=int(row["size"]),
        sha256=str(row["sha256"]),
        pages=row["pages"],
        width=row["width"],
        height=row["height"],
        uploaded_at=str(row["uploaded_at"]),
        uploaded_via=str(row["uploaded_via"]),
        display_name=display_name(str(row["material_code"]), int(row["position"]), str(row["media_type"])),
    )


def _all_stored(rows: list[Row]) -> list[StoredFile]:
    return [_stored(row) for row in rows]


def for_applications_query(application_ids: Sequence[str]) -> Query[list[StoredFile]]:
    """The files of these applications, by material, in upload order."""
    ids = [i for i in application_ids if i] or [""]  # "" matches nothing: no application has it
    marks = ", ".join("?" for _ in ids)
    return Query(
        f"SELECT {_COLUMNS} FROM application_files WHERE application_id IN ({marks})"
        " ORDER BY material_code, uploaded_ts, position",
        ids,
        _all_stored,
    )


async def for_applications(db: Reader, application_ids: Sequence[str]) -> list[StoredFile]:
    if not any(application_ids):
        return []
    return await fetch(db, for_applications_query(application_ids))


async def for_application_and_parent(db: Reader, application_id: str) -> list[StoredFile]:
    """The files of an application and, for a bundle's child, of its parent (by id only)."""
    rows = await db.fetch_all(
        f"SELECT {_COLUMNS} FROM application_files WHERE application_id = ?"
        " OR application_id = (SELECT parent_id FROM applications WHERE id = ?)"
        " ORDER BY material_code, uploaded_ts, position",
        (application_id, application_id),
    )
    return [_stored(row) for row in rows]


async def storage_name(db: Reader, file_id: str) -> str | None:
    row = await db.fetch_one("SELECT storage_name FROM application_files WHERE id = ?", (file_id,))
    return str(row[0]) if row is not None else None


async def count_for_material(tx: Transaction, application_ids: Sequence[str], material_code: str) -> int:
    ids = [i for i in application_ids if i]
    marks = ", ".join("?" for _ in ids)
    row = await tx.fetch_one(
        f"SELECT COUNT(*) FROM application_files WHERE application_id IN ({marks}) AND material_code = ?",
        (*ids, material_code),
    )
    return int(row[0]) if row else 0


async def next_position(tx: Transaction, application_id: str, material_code: str) -> int:
    row = await tx.fetch_one(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM application_files WHERE application_id = ? AND material_code = ?",
        (application_id, material_code),
    )
    return int(row[0]) if row else 1


async def insert(
    tx: Transaction,
    *,
    file_id: str,
    application_id: str,
    material_code: str,
    position: int,
    media_type: str,
    size: int,
    sha256: str,
    pages: int | None,
    width: int | None,
    height: int | None,
    storage_name: str,
    via: str,
    now: float,
) -> StoredFile:
    await tx.execute(
        "INSERT INTO application_files (id, application_id, material_code, position, media_type, size, sha256,"
        " pages, width, height, storage_name, uploaded_at, uploaded_ts, uploaded_via)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            file_id,
            application_id,
            material_code,
            position,
            media_type,
            size,
            sha256,
            pages,
            width,
            height,
            storage_name,
            iso(now),
            now,
            via,
        ),
    )
    row = await tx.fetch_one(f"SELECT {_COLUMNS} FROM application_files WHERE id = ?", (file_id,))
    assert row is not None
    return _stored(row)


async def delete_one(tx: Transaction, application_id: str, file_id: str) -> tuple[StoredFile, str] | None:
    """Delete one file row of this application; (the file, its storage name) or None."""
    row = await tx.fetch_one(
        f"SELECT {_COLUMNS}, storage_name FROM application_files WHERE id = ? AND application_id = ?",
        (file_id, application_id),
    )
    if row is None:
        return None
    await tx.execute("DELETE FROM application_files WHERE id = ?", (file_id,))
    return _stored(row), str(row["storage_name"])


async def delete_all(tx: Transaction, application_id: str) -> list[str]:
    """Delete every file row of one application; the storage names that were freed."""
    rows = await tx.fetch_all("SELECT storage_name FROM application_files WHERE application_id = ?", (application_id,))
    await tx.execute("DELETE FROM application_files WHERE application_id = ?", (application_id,))
    return [str(row[0]) for row in rows]


async def referenced(db: Reader, names: Sequence[str]) -> set[str]:
    """Which of these storage names a row still points to."""
    found: set[str] = set()
    for start in range(0, len(names), 500):
        chunk = list(names[start : start + 500])
        marks = ", ".join("?" for _ in chunk)
        rows = await db.fetch_all(f"SELECT storage_name FROM application_files WHERE storage_name IN ({marks})", chunk)
        found.update(str(row[0]) for row in rows)
    return found
