"""Group commit: concurrent write transactions share one COMMIT, yet each is acknowledged only
after its data is durable, and one failing block never takes the others with it."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from shared import transactions
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
    before = db.commits

    async def write(i: int) -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO t (id, v) VALUES (?, ?)", (i, f"v{i}"))
        # The block has returned: a separate read-only connection must see the row.
        assert await db.fetch_one("SELECT v FROM t WHERE id = ?", (i,)) is not None

    try:
        await asyncio.gather(*(write(i) for i in range(200)))
        assert await count(db) == 200
        assert db.commits - before < 200, "concurrent writers should have shared commits"
    finally:
        await db.close()


async def test_queued_writes_share_one_trip_and_commit(tmp_path: Path) -> None:
    """Blocks that only queue writes never wait for the connection inside the lock."""
    db = await open_db(tmp_path)
    before = db.commits

    async def write(i: int) -> None:
        async with db.transaction() as tx:
            tx.write("INSERT INTO t (id, v) VALUES (?, ?)", (i, f"v{i}"))
        assert await db.fetch_one("SELECT v FROM t WHERE id = ?", (i,)) is not None

    try:
        await asyncio.gather(*(write(i) for i in range(200)))
        assert await count(db) == 200
        assert db.commits - before < 200
    finally:
        await db.close()


async def test_a_refused_queued_write_undoes_its_block_alone(tmp_path: Path) -> None:
    """`expect`: an UPDATE that changes no row raises `otherwise` when the block ends, and
    what the block queued before it is undone too; the other blocks keep theirs."""
    db = await open_db(tmp_path)

    class Refused(Exception):
        pass

    async def write(i: int) -> None:
        async with db.transaction() as tx:
            tx.write("INSERT INTO t (id, v) VALUES (?, 'x')", (i,))
            # Odd blocks update a row that does not exist.
            tx.write("UPDATE t SET v = 'y' WHERE id = ?", (i if i % 2 == 0 else -i,), expect=1, otherwise=Refused)

    try:
        results = await asyncio.gather(*(write(i) for i in range(1, 41)), return_exceptions=True)
        refused = [i for i, r in zip(range(1, 41), results, strict=True) if isinstance(r, Refused)]
        assert refused == [i for i in range(1, 41) if i % 2]
        rows = await db.fetch_all("SELECT id, v FROM t ORDER BY id")
        assert [(r["id"], r["v"]) for r in rows] == [(i, "y") for i in range(1, 41) if i % 2 == 0]
    finally:
        await db.close()


async def test_a_block_that_writes_nothing_touches_nothing(tmp_path: Path) -> None:
    db = await open_db(tmp_path)
    before = db.commits
    try:
        async with db.transaction():
            pass
        assert db.commits == before
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
    assert db._committer is not None

    async def write(i: int) -> None:
        async with db.transaction() as tx:
            tx.write("INSERT INTO t (id, v) VALUES (?, 'x')", (i,))

    try:
        await asyncio.gather(*(write(i) for i in range(GROUP_COMMIT_MAX * 3)))
        assert await count(db) == GROUP_COMMIT_MAX * 3
        assert 1 < db._committer.largest <= GROUP_COMMIT_MAX
    finally:
        await db.close()


async def test_a_failed_commit_fails_every_block_of_its_batch(tmp_path: Path) -> None:
    db = await open_db(tmp_path)
    committer = db._committer
    assert committer is not None
    real_commit = committer.commit
    failed_once: list[int] = []

    def failing_once(conn: sqlite3.Connection) -> None:
        # Runs on the connection's thread, as the real COMMIT does.
        if not failed_once and len(committer._finished) > 1:
            failed_once.append(len(committer._finished))
            raise sqlite3.OperationalError("disk I/O error")
        real_commit(conn)

    committer.commit = failing_once  # type: ignore[method-assign]

    async def write(i: int) -> None:
        async with db.transaction() as tx:
            tx.write("INSERT INTO t (id, v) VALUES (?, 'x')", (i,))

    try:
        results = await asyncio.gather(*(write(i) for i in range(20)), return_exceptions=True)
        failed = {i for i, r in enumerate(results) if isinstance(r, sqlite3.OperationalError)}
        stored = {r["id"] for r in await db.fetch_all("SELECT id FROM t")}
        # Every block either failed (and its row is absent) or succeeded (and its row is there).
        assert failed.isdisjoint(stored)
        assert failed | stored == set(range(20))
        assert failed_once, "the test never made a batch of two"
        assert len(failed) == failed_once[0]
        # The connection goes on working after the lost batch.
        async with db.transaction() as tx:
            tx.write("INSERT INTO t (id, v) VALUES (100, 'after')")
        assert await db.fetch_one("SELECT v FROM t WHERE id = 100") is not None
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


async def test_after_commit_actions_run_even_when_the_caller_went_away(tmp_path: Path) -> None:
    """A caller cancelled while it waits for its COMMIT: the commit stands, and so must the
    actions that follow it (removing the files of deleted rows, for one)."""
    db = await open_db(tmp_path)
    committer = db._committer
    assert committer is not None
    real_commit = committer.commit
    gate = threading.Event()

    def slow_commit(conn: sqlite3.Connection) -> None:
        gate.wait(5)  # on the connection's thread: the COMMIT is late, the event loop is not
        real_commit(conn)

    committer.commit = slow_commit  # type: ignore[method-assign]
    ran: list[int] = []

    async def write() -> None:
        async with db.transaction() as tx:
            tx.write("INSERT INTO t (id, v) VALUES (1, 'x')")
            tx.after_commit(lambda: ran.append(1))

    try:
        task = asyncio.create_task(write())
        await asyncio.sleep(0.05)  # the block has ended and waits for its COMMIT
        task.cancel()
        gate.set()
        with pytest.raises(asyncio.CancelledError):
            await task
        for _ in range(200):
            if ran:
                break
            await asyncio.sleep(0.01)
        assert ran == [1]
        assert await db.fetch_one("SELECT v FROM t WHERE id = 1") is not None
    finally:
        gate.set()
        await db.close()


async def test_after_commit_actions_run_when_the_commit_is_settled_before_the_unit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A unit that fills its batch commits inside its own trip, so the COMMIT can reach the
    event loop before the unit's own answer does; its after-commit actions must still run
    before its caller goes on (the submission benchmark once got a 409 from exactly this)."""
    monkeypatch.setattr(transactions, "GROUP_COMMIT_MAX", 1)
    db = await open_db(tmp_path)
    committer = db._committer
    assert committer is not None
    real_end = committer.end

    def slow_end(conn: sqlite3.Connection, durable: asyncio.Future[None], ok: bool) -> None:
        real_end(conn, durable, ok)
        time.sleep(0.02)  # on the connection's thread, after the COMMIT was handed to the loop

    committer.end = slow_end  # type: ignore[method-assign]
    done: list[int] = []
    try:
        async with db.transaction() as tx:
            tx.write("INSERT INTO t (id, v) VALUES (1, 'x')")
            tx.after_commit(lambda: done.append(1))
        assert done == [1]
    finally:
        await db.close()
