"""Group commit: concurrent write transactions share one COMMIT, yet each is acknowledged only
after its data is durable, and one failing block never takes the others with it."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from shared.db import GROUP_COMMIT_MAX, Database


async def open_db(tmp_path: Path) -> Database:
    db = Database(tmp_path / "g.sqlite3", readers=1)
    await db.open()
    async with db.transaction() as tx:
        await tx.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
    return db


async def count(db: Database) -> int:
    row = await db.fetch_one("SELECT count(*) AS n FROM t")
    assert row is not None
    return int(row["n"])


async def test_concurrent_blocks_share_commits_and_each_sees_its_data_committed(tmp_path: Path) -> None:
    db = await open_db(tmp_path)
    commits = 0
    real_commit = db._commit

    async def counting(batch):  # type: ignore[no-untyped-def]
        nonlocal commits
        commits += 1
        await real_commit(batch)

    db._commit = counting  # type: ignore[method-assign]

    async def write(i: int) -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO t (id, v) VALUES (?, ?)", (i, f"v{i}"))
        # The block has returned: a separate read-only connection must see the row.
        assert await db.fetch_one("SELECT v FROM t WHERE id = ?", (i,)) is not None

    try:
        await asyncio.gather(*(write(i) for i in range(200)))
        assert await count(db) == 200
        assert commits < 200, "concurrent writers should have shared commits"
    finally:
        await db.close()


async def test_a_failing_block_rolls_back_alone(tmp_path: Path) -> None:
    db = await open_db(tmp_path)

    async def write(i: int) -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO t (id, v) VALUES (?, ?)", (i, "first"))
            await asyncio.sleep(0)
            if i % 3 == 0:
                await tx.execute("INSERT INTO t (id, v) VALUES (?, ?)", (i, "duplicate"))  # IntegrityError

    try:
        results = await asyncio.gather(*(write(i) for i in range(60)), return_exceptions=True)
        failed = [i for i, r in enumerate(results) if isinstance(r, sqlite3.IntegrityError)]
        assert failed == [i for i in range(60) if i % 3 == 0]
        assert all(r is None for i, r in enumerate(results) if i % 3)
        rows = await db.fetch_all("SELECT id FROM t ORDER BY id")
        assert [r["id"] for r in rows] == [i for i in range(60) if i % 3]
    finally:
        await db.close()


async def test_a_cancelled_waiter_does_not_strand_the_open_batch(tmp_path: Path) -> None:
    db = await open_db(tmp_path)
    entered = asyncio.Event()
    release = asyncio.Event()

    async def slow() -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO t (id, v) VALUES (1, 'slow')")
            entered.set()
            await release.wait()

    async def quick() -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO t (id, v) VALUES (2, 'quick')")

    try:
        first = asyncio.create_task(slow())
        await entered.wait()
        waiter = asyncio.create_task(quick())
        await asyncio.sleep(0.01)  # `quick` now waits for the lock, so `slow` will hand over
        release.set()
        await asyncio.sleep(0)
        waiter.cancel()
        await asyncio.wait_for(first, timeout=5)  # committed by the flush, not stranded
        assert await db.fetch_one("SELECT v FROM t WHERE id = 1") is not None
    finally:
        await db.close()


async def test_batches_are_bounded(tmp_path: Path) -> None:
    db = await open_db(tmp_path)
    sizes: list[int] = []
    real_commit = db._commit

    async def recording(batch):  # type: ignore[no-untyped-def]
        sizes.append(len(batch.units) + batch.failed)
        await real_commit(batch)

    db._commit = recording  # type: ignore[method-assign]

    async def write(i: int) -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO t (id, v) VALUES (?, 'x')", (i,))

    try:
        await asyncio.gather(*(write(i) for i in range(GROUP_COMMIT_MAX * 3)))
        assert sum(sizes) == GROUP_COMMIT_MAX * 3
        assert max(sizes) <= GROUP_COMMIT_MAX
    finally:
        await db.close()


async def test_a_failed_commit_fails_every_block_of_its_batch(tmp_path: Path) -> None:
    db = await open_db(tmp_path)
    real_commit = db._commit
    calls = 0

    async def failing_once(batch):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 1 and len(batch.units) > 1:
            db._batch = None
            assert db._writer is not None
            await db._writer.execute("ROLLBACK")
            error = sqlite3.OperationalError("disk I/O error")
            batch.done.set_exception(error)
            raise error
        await real_commit(batch)

    db._commit = failing_once  # type: ignore[method-assign]

    async def write(i: int) -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO t (id, v) VALUES (?, 'x')", (i,))

    try:
        results = await asyncio.gather(*(write(i) for i in range(20)), return_exceptions=True)
        failed = {i for i, r in enumerate(results) if isinstance(r, sqlite3.OperationalError)}
        stored = {r["id"] for r in await db.fetch_all("SELECT id FROM t")}
        # Every block either failed (and its row is absent) or succeeded (and its row is there).
        assert failed.isdisjoint(stored)
        assert failed | stored == set(range(20))
        if calls and failed:
            assert len(failed) > 1
    finally:
        await db.close()


@pytest.mark.parametrize("readers", [1, 2])
async def test_readers_never_see_a_batch_before_its_commit(tmp_path: Path, readers: int) -> None:
    db = Database(tmp_path / "r.sqlite3", readers=readers)
    await db.open()
    async with db.transaction() as tx:
        await tx.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
    gate = asyncio.Event()

    async def held() -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO t (id, v) VALUES (1, 'x')")
            await gate.wait()

    try:
        task = asyncio.create_task(held())
        await asyncio.sleep(0.01)
        assert await count(db) == 0
        gate.set()
        await task
        assert await count(db) == 1
    finally:
        await db.close()
