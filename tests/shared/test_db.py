"""The storage layer: durability settings, migrations, one writer, rollback."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from shared.db import Database, load_migrations, split_statements


async def test_pragmas_make_commits_durable(tmp_path: Path) -> None:
    db = Database(tmp_path / "x.sqlite3")
    await db.open()
    try:
        assert await db.pragma("journal_mode") == "wal"
        assert await db.pragma("synchronous") == 2  # FULL
        assert await db.pragma("foreign_keys") == 1
        assert await db.pragma("user_version") == len(load_migrations())
    finally:
        await db.close()


async def test_migrations_run_once(tmp_path: Path) -> None:
    for _ in range(2):
        db = Database(tmp_path / "x.sqlite3")
        await db.open()
        await db.close()
    db = Database(tmp_path / "x.sqlite3")
    await db.open()
    try:
        row = await db.fetch_one("SELECT COUNT(*) FROM catalog_state")
        assert row is not None and row[0] == 1
    finally:
        await db.close()


async def test_a_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    db = Database(tmp_path / "x.sqlite3")
    await db.open()
    try:
        with pytest.raises(RuntimeError):
            async with db.transaction() as tx:
                await tx.execute("UPDATE catalog_state SET revision = 42")
                raise RuntimeError("boom")
        row = await db.fetch_one("SELECT revision FROM catalog_state")
        assert row is not None and row[0] == 0
    finally:
        await db.close()


async def test_concurrent_writers_are_serialised(tmp_path: Path) -> None:
    db = Database(tmp_path / "x.sqlite3")
    await db.open()
    try:

        async def bump() -> None:
            async with db.transaction() as tx:
                row = await tx.fetch_one("SELECT revision FROM catalog_state")
                assert row is not None
                await asyncio.sleep(0)  # another writer would interleave here without the lock
                await tx.execute("UPDATE catalog_state SET revision = ?", (row[0] + 1,))

        await asyncio.gather(*(bump() for _ in range(50)))
        row = await db.fetch_one("SELECT revision FROM catalog_state")
        assert row is not None and row[0] == 50
    finally:
        await db.close()


async def test_readers_cannot_write(tmp_path: Path) -> None:
    import sqlite3

    db = Database(tmp_path / "x.sqlite3")
    await db.open()
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            await db.fetch_all("UPDATE catalog_state SET revision = 1")
    finally:
        await db.close()


def test_split_statements_keeps_trigger_bodies() -> None:
    script = (
        "CREATE TABLE a (x);\nCREATE TRIGGER t BEFORE UPDATE ON a\nBEGIN\n  SELECT 1;\n  SELECT 2;\nEND;\n-- tail\n"
    )
    assert len(split_statements(script)) == 2
    with pytest.raises(ValueError):
        split_statements("CREATE TABLE b (x)")
