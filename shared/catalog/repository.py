"""All SQL of the catalog aggregate, in one place.

Plain SQL with `?` parameters and no SQLite-only functions, so a PostgreSQL backend needs
only a different `Database`. Documents are stored as JSON text; search columns beside them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shared.db import Database, Row, Transaction


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class CatalogRows:
    revision: int
    departments: list[Row]
    categories: list[Row]
    certificate_types: list[Row]
    items: list[Row]
    bundles: list[Row]
    bundle_items: list[Row]


async def read_revision(db: Database) -> int:
    row = await db.fetch_one("SELECT revision FROM catalog_state WHERE id = 1")
    return int(row[0]) if row else 0


async def read_current(db: Database | Transaction) -> CatalogRows:
    """Everything the in-memory snapshot is built from: current versions only."""
    revision_row = await db.fetch_one("SELECT revision FROM catalog_state WHERE id = 1")
    departments = await db.fetch_all("SELECT code, document FROM departments ORDER BY position, code")
    categories = await db.fetch_all("SELECT code, position, document FROM categories ORDER BY position, code")
    certificates = await db.fetch_all("SELECT code, document FROM certificate_types ORDER BY position, code")
    items = await db.fetch_all(
        "SELECT v.item_code, v.version, v.document, v.name_pinyin, v.name_initials, v.keyword_pinyin"
        " FROM items i JOIN item_versions v ON v.item_code = i.code AND v.version = i.current_version"
        " ORDER BY i.position, i.code"
    )
    bundles = await db.fetch_all(
        "SELECT v.bundle_code, v.version, v.document, v.name_pinyin, v.name_initials, v.keyword_pinyin"
        " FROM bundles b JOIN bundle_versions v ON v.bundle_code = b.code AND v.version = b.current_version"
        " ORDER BY b.position, b.code"
    )
    bundle_items = await db.fetch_all(
        "SELECT bi.bundle_code, bi.item_code, bi.item_version FROM bundles b"
        " JOIN bundle_version_items bi ON bi.bundle_code = b.code AND bi.version = b.current_version"
        " ORDER BY bi.bundle_code, bi.position"
    )
    return CatalogRows(
        int(revision_row[0]) if revision_row else 0, departments, categories, certificates, items, bundles, bundle_items
    )


async def read_item_version(db: Database | Transaction, code: str, version: int) -> Row | None:
    return await db.fetch_one(
        "SELECT item_code, version, document FROM item_versions WHERE item_code = ? AND version = ?",
        (code, version),
    )


async def read_bundle_version(db: Database | Transaction, code: str, version: int) -> tuple[Row, list[Row]] | None:
    """A published bundle version and the item versions it was published with, in order."""
    row = await db.fetch_one(
        "SELECT bundle_code, version, document FROM bundle_versions WHERE bundle_code = ? AND version = ?",
        (code, version),
    )
    if row is None:
        return None
    items = await db.fetch_all(
        "SELECT item_code, item_version FROM bundle_version_items WHERE bundle_code = ? AND version = ?"
        " ORDER BY position",
        (code, version),
    )
    return row, items


async def read_item_versions(db: Database, code: str) -> list[Row]:
    return await db.fetch_all(
        "SELECT version, created_at FROM item_versions WHERE item_code = ? ORDER BY version", (code,)
    )


# --- writes (inside Database.transaction()) ----------------------------------------------


async def bump_revision(tx: Transaction) -> int:
    await tx.execute("UPDATE catalog_state SET revision = revision + 1, updated_at = ? WHERE id = 1", (now_iso(),))
    row = await tx.fetch_one("SELECT revision FROM catalog_state WHERE id = 1")
    assert row is not None
    return int(row[0])


async def upsert_reference(tx: Transaction, table: str, code: str, position: int, document: str) -> bool:
    """Insert or update a department, category or certificate type; True when it changed."""
    if table not in {"departments", "categories", "certificate_types"}:
        raise ValueError(table)
    row = await tx.fetch_one(f"SELECT document, position FROM {table} WHERE code = ?", (code,))
    if row is None:
        await tx.execute(
            f"INSERT INTO {table} (code, position, document, updated_at) VALUES (?, ?, ?, ?)",
            (code, position, document, now_iso()),
        )
        return True
    if row[0] == document:
        return False
    await tx.execute(f"UPDATE {table} SET document = ?, updated_at = ? WHERE code = ?", (document, now_iso(), code))
    return True


async def current_version(tx: Database | Transaction, table: str, code: str) -> tuple[int, str] | None:
    """(version, content hash) of the current version of an item or bundle."""
    if table == "items":
        sql = (
            "SELECT v.version, v.content_hash FROM items i JOIN item_versions v"
            " ON v.item_code = i.code AND v.version = i.current_version WHERE i.code = ?"
        )
    elif table == "bundles":
        sql = (
            "SELECT v.version, v.content_hash FROM bundles b JOIN bundle_versions v"
            " ON v.bundle_code = b.code AND v.version = b.current_version WHERE b.code = ?"
        )
    else:
        raise ValueError(table)
    row = await tx.fetch_one(sql, (code,))
    return (int(row[0]), str(row[1])) if row else None


async def next_position(tx: Transaction, table: str) -> int:
    if table not in {"items", "bundles"}:
        raise ValueError(table)
    row = await tx.fetch_one(f"SELECT COALESCE(MAX(position), -1) + 1 FROM {table}")
    return int(row[0]) if row else 0


@dataclass(frozen=True, slots=True)
class SearchColumns:
    name_pinyin: str
    name_initials: str
    keyword_pinyin: str


async def publish_item_version(
    tx: Transaction,
    *,
    code: str,
    version: int,
    department: str,
    status: str,
    content_hash: str,
    document: str,
    search: SearchColumns,
) -> None:
    stamp = now_iso()
    if version == 1:
        position = await next_position(tx, "items")
        await tx.execute(
            "INSERT INTO items (code, position, current_version, department_code, status, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (code, position, 0, department, status, stamp),
        )
    await tx.execute(
        "INSERT INTO item_versions (item_code, version, content_hash, document, name_pinyin, name_initials,"
        " keyword_pinyin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (code, version, content_hash, document, search.name_pinyin, search.name_initials, search.keyword_pinyin, stamp),
    )
    await tx.execute(
        "UPDATE items SET current_version = ?, department_code = ?, status = ?, updated_at = ? WHERE code = ?",
        (version, department, status, stamp, code),
    )


async def publish_bundle_version(
    tx: Transaction,
    *,
    code: str,
    version: int,
    status: str,
    content_hash: str,
    document: str,
    search: SearchColumns,
    items: list[tuple[str, int]],
) -> None:
    stamp = now_iso()
    if version == 1:
        position = await next_position(tx, "bundles")
        await tx.execute(
            "INSERT INTO bundles (code, position, current_version, status, updated_at) VALUES (?, ?, ?, ?, ?)",
            (code, position, 0, status, stamp),
        )
    await tx.execute(
        "INSERT INTO bundle_versions (bundle_code, version, content_hash, document, name_pinyin, name_initials,"
        " keyword_pinyin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (code, version, content_hash, document, search.name_pinyin, search.name_initials, search.keyword_pinyin, stamp),
    )
    await tx.executemany(
        "INSERT INTO bundle_version_items (bundle_code, version, position, item_code, item_version)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (code, version, position, item_code, item_version)
            for position, (item_code, item_version) in enumerate(items)
        ],
    )
    await tx.execute(
        "UPDATE bundles SET current_version = ?, status = ?, updated_at = ? WHERE code = ?",
        (version, status, stamp, code),
    )


async def item_current_versions(tx: Transaction, codes: list[str]) -> dict[str, int]:
    if not codes:
        return {}
    marks = ", ".join("?" for _ in codes)
    rows = await tx.fetch_all(f"SELECT code, current_version FROM items WHERE code IN ({marks})", codes)
    return {str(row[0]): int(row[1]) for row in rows}


async def known_codes(
    tx: Database | Transaction, item_codes: list[str] | None = None
) -> tuple[set[str], set[str], set[str], dict[str, str]]:
    """Codes already in the database and current item documents, for validating partial files.

    `item_codes` limits the item documents read to those (a bundle's items): checking one
    draft need not parse every item of a large catalog. None reads them all (an import).
    """
    departments = {str(r[0]) for r in await tx.fetch_all("SELECT code FROM departments")}
    categories = {str(r[0]) for r in await tx.fetch_all("SELECT code FROM categories")}
    certificates = {str(r[0]) for r in await tx.fetch_all("SELECT code FROM certificate_types")}
    sql = (
        "SELECT v.item_code, v.document FROM items i JOIN item_versions v"
        " ON v.item_code = i.code AND v.version = i.current_version"
    )
    if item_codes is None:
        rows = await tx.fetch_all(sql)
    elif item_codes:
        rows = await tx.fetch_all(f"{sql} WHERE i.code IN ({', '.join('?' for _ in item_codes)})", item_codes)
    else:
        rows = []
    items = {str(r[0]): str(r[1]) for r in rows}
    return departments, categories, certificates, items
