"""The storage layer: durability settings, migrations, one writer, rollback."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from shared.db import Database, Query, load_migrations, split_statements


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


def _all(rows: list[Any]) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in rows]


async def test_lookups_see_committed_data_only_and_cannot_write(tmp_path: Path) -> None:
    db = Database(tmp_path / "x.sqlite3")
    await db.open()
    revision = Query("SELECT revision FROM catalog_state", (), _all)
    try:
        async with db.transaction() as tx:
            await tx.execute("UPDATE catalog_state SET revision = 7")
            assert await db.read(revision) == ([(0,)],)  # not yet committed
        assert await db.read(revision, revision) == ([(7,)], [(7,)])
        with pytest.raises(sqlite3.OperationalError):
            await db.read(Query("UPDATE catalog_state SET revision = 1", (), _all))
        assert await db.read(revision) == ([(7,)],)
    finally:
        await db.close()


def _real_busy_error(tmp_path: Path) -> sqlite3.OperationalError:
    """A genuine SQLITE_BUSY from SQLite: a read of a file another connection holds exclusively."""
    path = tmp_path / "locked.sqlite3"
    holder, reader = sqlite3.connect(path, isolation_level=None), sqlite3.connect(path, timeout=0)
    try:
        holder.execute("CREATE TABLE t (x)")
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(sqlite3.OperationalError) as caught:
            reader.execute("SELECT * FROM t").fetchall()
        return caught.value
    finally:
        holder.close()
        reader.close()


class _Busy:
    """The loop's lookup connection while the file is locked: every statement is refused."""

    in_transaction = False

    def __init__(self, error: sqlite3.OperationalError) -> None:
        self.error = error

    def execute(self, sql: str, params: Any = ()) -> Any:
        raise self.error

    def close(self) -> None:
        pass


async def test_a_lookup_that_finds_the_database_busy_is_retried_on_a_reader_thread(tmp_path: Path) -> None:
    # The loop's own connection never waits (busy_timeout 0): a lookup that meets SQLITE_BUSY
    # (a WAL being recovered, say) is sent to a reader thread, which may wait without
    # stalling the loop.
    busy = _real_busy_error(tmp_path)
    assert busy.sqlite_errorcode == sqlite3.SQLITE_BUSY
    db = Database(tmp_path / "x.sqlite3")
    await db.open()
    own = db._lookups
    try:
        db._lookups = _Busy(busy)  # type: ignore[assignment]
        revision = Query("SELECT revision FROM catalog_state", (), _all)
        assert await db.read(revision, revision) == ([(0,)], [(0,)])
        # Any other error is the caller's to see.
        db._lookups = _Busy(sqlite3.OperationalError("no such table: nowhere"))  # type: ignore[assignment]
        with pytest.raises(sqlite3.OperationalError, match="no such table"):
            await db.read(revision)
    finally:
        db._lookups = own
        await db.close()
