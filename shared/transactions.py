"""The write path: a transaction's statements on the writer connection's thread, and group commit.

Each trip to a connection's thread costs a thread wake-up and a resumption of the whole
chain of awaiting coroutines; on the submission path those trips, not SQLite, were most
of the time (benchmarks/submission_bench.py). So a transaction queues the writes nobody
waits for and sends them with its end in one trip; the writer lock is released as they
are handed over; and the thread itself decides when one COMMIT can carry several
transactions (`Committer`). `shared.db.Database.transaction()` is the way in.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from functools import partial
from typing import Any, TypeVar

import aiosqlite

Params = Sequence[Any]
Row = sqlite3.Row
T = TypeVar("T")

log = logging.getLogger("onevisit.db")


# A step runs on the writer connection's own thread (aiosqlite's worker), where blocking is fine.
Step = Callable[[sqlite3.Connection], object]


def enqueue(conn: aiosqlite.Connection, fn: Callable[..., T], *args: Any) -> asyncio.Future[T]:
    """Queue `fn(*args)` on the connection's thread now, without waiting for it.

    aiosqlite's own `_execute` only queues once awaited; queueing at once is what lets a
    transaction hand its last statements over and release the writer lock in the same
    step, in order. Pinned to aiosqlite 0.22 (pyproject), whose worker reads `_tx`.
    """
    future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
    conn._tx.put_nowait((future, partial(fn, *args)))
    return future


def post(conn: aiosqlite.Connection, fn: Callable[..., object], *args: Any) -> None:
    """Queue `fn(*args)` like `enqueue`, with no future: nothing on the event loop is woken
    when it ends, so its outcome must reach whoever waits by another way (and an exception
    it raises is dropped by the worker)."""
    conn._tx.put_nowait((None, partial(fn, *args)))


def _run_steps(conn: sqlite3.Connection, steps: list[Step], last: Callable[[sqlite3.Connection], T]) -> T:
    """The queued steps in order, then `last`, whose result comes back: one thread trip."""
    for step in steps:
        step(conn)
    return last(conn)


def _statement(
    sql: str, params: Params = (), expect: int | None = None, otherwise: Callable[[], Exception] | None = None
) -> Callable[[sqlite3.Connection], int]:
    def run(conn: sqlite3.Connection) -> int:
        cursor = conn.execute(sql, params)
        try:
            count = cursor.rowcount
        finally:
            cursor.close()
        if expect is not None and count != expect:
            raise otherwise() if otherwise is not None else RuntimeError(f"{count} rows changed, not {expect}")
        return count

    return run


def fetch_rows(conn: sqlite3.Connection, sql: str, params: Params) -> list[Row]:
    """One SELECT's rows, on the connection's own thread."""
    cursor = conn.execute(sql, params)
    try:
        return cursor.fetchall()
    finally:
        cursor.close()


def _rows(sql: str, params: Params) -> Callable[[sqlite3.Connection], list[Row]]:
    return partial(fetch_rows, sql=sql, params=params)


def _after_commit(tx: Transaction, durable: asyncio.Future[None]) -> None:
    # `tx._kept` was set on the connection's thread before the COMMIT that settled `durable`.
    if tx._kept and not durable.cancelled() and durable.exception() is None:
        tx._run_after_commit()


async def _commit_seen(durable: asyncio.Future[None]) -> None:
    """Wait for the COMMIT after a failed unit (its own error is what its caller gets)."""
    with contextlib.suppress(Exception):
        await asyncio.shield(durable)


def _log_failure(future: asyncio.Future[Any]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.error("undoing a failed write transaction failed: %s", future.exception())


# The most transactions one COMMIT (one fsync) may carry: bounds a batch's latency.
GROUP_COMMIT_MAX = 64
UNIT = "unit"  # units never overlap on the connection, so one savepoint name serves them all


def _settle(waiting: list[asyncio.Future[None]], error: BaseException | None) -> None:
    for future in waiting:
        if future.done():
            continue
        if error is None:
            future.set_result(None)
        else:
            future.set_exception(error)
            future.exception()  # retrieved: a caller that went away must not log "never retrieved"


class Committer:
    """Group commit, decided on the writer connection's own thread, where all of this lives.

    Each transaction (a unit) runs inside `SAVEPOINT unit` within a SQLite transaction that
    several units share, so one unit's error undoes that unit alone. When a unit ends, a commit
    check is queued behind whatever work is already waiting for the connection: units that
    arrived meanwhile run first, and one COMMIT (one fsync) then makes all of them durable.
    With nothing waiting, the check runs at once and a unit commits alone. A unit is
    acknowledged only when the COMMIT that carries it has returned; a failed COMMIT fails
    every unit it carried.
    """

    def __init__(self, conn: aiosqlite.Connection, loop: asyncio.AbstractEventLoop) -> None:
        self._writer = conn
        self._loop = loop
        self._open = False  # a unit's savepoint is in place (it is between its trips)
        self._finished: list[asyncio.Future[None]] = []  # ended since the last COMMIT
        self._check_queued = False
        self.commits = 0  # COMMITs made, and the most units one carried (tests, benchmarks)
        self.largest = 0

    def commit(self, conn: sqlite3.Connection) -> None:
        conn.execute("COMMIT")

    def begin(self, conn: sqlite3.Connection) -> None:
        if not conn.in_transaction:
            conn.execute("BEGIN IMMEDIATE")
        conn.execute(f"SAVEPOINT {UNIT}")
        self._open = True

    def end(self, conn: sqlite3.Connection, durable: asyncio.Future[None], ok: bool) -> None:
        """Keep (ok) or undo the unit's work; it becomes durable with the next COMMIT."""
        if self._open:
            self._open = False
            try:
                if not ok:
                    conn.execute(f"ROLLBACK TO {UNIT}")
                conn.execute(f"RELEASE {UNIT}")
            except BaseException as error:
                self._lose_all(conn, error)
                raise
        # A failed unit waits for the COMMIT too: what it ran into (another unit's row) must
        # be on disk before its caller looks again through a reader.
        self._finished.append(durable)
        if len(self._finished) >= GROUP_COMMIT_MAX:
            self.check(conn)
        elif not self._check_queued:
            self._check_queued = True
            post(self._writer, self.check, conn)

    def check(self, conn: sqlite3.Connection) -> None:
        """COMMIT what has ended, unless a unit is between its trips (its end checks again)."""
        self._check_queued = False
        if self._open or not conn.in_transaction:
            return
        try:
            self.commit(conn)
        except BaseException as error:
            self._lose_all(conn, error)
            return
        waiting, self._finished = self._finished, []
        self.commits += 1
        self.largest = max(self.largest, len(waiting))
        if waiting:
            self._loop.call_soon_threadsafe(_settle, waiting, None)

    async def settle_now(self, conn: aiosqlite.Connection) -> None:
        """COMMIT what has ended (closing the database: nobody else will)."""
        await enqueue(conn, self.check, conn._conn)

    def _lose_all(self, conn: sqlite3.Connection, error: BaseException) -> None:
        """The open transaction cannot be kept: roll it back and fail every unit it carried."""
        log.error("the write transaction failed and was rolled back: %s", error)
        waiting, self._finished, self._open = self._finished, [], False
        with contextlib.suppress(sqlite3.Error):
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        if waiting:
            self._loop.call_soon_threadsafe(_settle, waiting, error)


def _close_unit(
    conn: sqlite3.Connection, steps: list[Step], tx: Transaction, committer: Committer, durable: asyncio.Future[None]
) -> None:
    """A unit's last trip: what it queued, then its end (undone on the first error).

    Queued without a future of its own: its caller learns the outcome from `durable` (one
    wake-up of the event loop per COMMIT, not one more per unit) and from `tx._error`, set
    here before the COMMIT that settles `durable` is even attempted.
    """
    try:
        for step in steps:
            step(conn)
    except BaseException as error:
        tx._error = error
        committer.end(conn, durable, ok=False)
        return
    tx._kept = True
    committer.end(conn, durable, ok=True)


class Transaction:
    """The writer connection while `Database.transaction()` holds it.

    Each trip to the connection's thread costs a thread wake-up and a resumption of the
    whole chain of awaiting coroutines; on the submission path those trips, not SQLite,
    were most of the time (benchmarks/submission_bench.py). So statements whose result
    nobody waits for (`write`, `write_with`) are queued and run, in order, on the next
    trip: the next statement that returns something, or the end of the block. An error in
    a queued statement surfaces there, still inside the block, and rolls the block back
    as before; so queue only statements no caller catches an error of (an append, an
    update whose refusal the caller lets propagate as `otherwise`).
    """

    __slots__ = ("_after_commit", "_conn", "_error", "_kept", "_pending", "_trips")

    def __init__(self, conn: aiosqlite.Connection, first: Step | None = None) -> None:
        self._conn = conn
        self._after_commit: list[Callable[[], None]] = []
        self._pending: list[Step] = [first] if first is not None else []
        self._trips = 0  # trips made (0: not even the queued BEGIN or SAVEPOINT has run)
        self._kept = False  # its last trip ran without error (set on the connection's thread)
        self._error: BaseException | None = None  # what its last trip ran into (likewise)

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run `action` once the transaction has committed, never when it rolls back.

        For effects outside the database that must follow the rows, such as removing the
        files of deleted rows: done before COMMIT, a rollback would leave rows without files.
        An action that fails is logged; the commit stands.
        """
        self._after_commit.append(action)

    def _run_after_commit(self) -> None:
        # Taken first: whichever of the COMMIT's callback and the block's own task gets
        # here first runs them, once.
        actions, self._after_commit = self._after_commit, []
        for action in actions:
            try:
                action()
            except Exception:
                log.exception("an after-commit action failed")

    def _take_pending(self) -> list[Step]:
        steps, self._pending = self._pending, []
        self._trips += 1
        return steps

    async def _trip(self, last: Callable[[sqlite3.Connection], T]) -> T:
        return await enqueue(self._conn, _run_steps, self._conn._conn, self._take_pending(), last)

    def write(
        self,
        sql: str,
        params: Params = (),
        *,
        expect: int | None = None,
        otherwise: Callable[[], Exception] | None = None,
    ) -> None:
        """Queue a statement; with `expect`, a different number of changed rows raises
        `otherwise` (when the queue runs, before the block ends)."""
        self._pending.append(_statement(sql, params, expect, otherwise))

    def write_with(self, step: Step) -> None:
        """Queue a function of the connection, for a write that reads first (the audit chain)."""
        self._pending.append(step)

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement (after what is queued); return the number of rows it changed."""
        return await self._trip(_statement(sql, params))

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        batch = list(rows)

        def run(conn: sqlite3.Connection) -> None:
            conn.executemany(sql, batch).close()

        await self._trip(run)

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        return next(iter(await self._trip(_rows(sql, params))), None)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return await self._trip(_rows(sql, params))


@asynccontextmanager
async def unit(conn: aiosqlite.Connection, committer: Committer, lock: asyncio.Lock) -> AsyncIterator[Transaction]:
    """One write transaction: its changes are durable when the block ends; an error
    inside the block undoes them (and only them).

    The block holds the writer lock while it runs, so no other block's statements
    come between its own. Its queued writes go to the connection's thread with its
    end in one trip, and the lock is released as they are handed over, not when they
    return: the next block prepares while the thread writes. The block then waits for
    the COMMIT that carries it (group commit, see `Committer`): an acknowledgement is
    never given before its data is on disk.
    """
    async with lock:
        durable: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        tx = Transaction(conn, committer.begin)
        try:
            yield tx
        except BaseException as error:
            if tx._trips:  # else nothing of it reached the connection
                enqueue(conn, committer.end, conn._conn, durable, False).add_done_callback(_log_failure)
                if isinstance(error, Exception):
                    await _commit_seen(durable)
            raise
        if not tx._trips and len(tx._pending) == 1:
            return  # it wrote nothing (its only step is its own SAVEPOINT)
        post(conn, _close_unit, conn._conn, tx._take_pending(), tx, committer, durable)
        # Run by the COMMIT itself, even when the block's caller went away meanwhile: the
        # commit stands, so must what follows it.
        durable.add_done_callback(partial(_after_commit, tx))
    # shield: a caller that goes away must not cancel the wait of the others in its batch.
    try:
        await asyncio.shield(durable)
    except Exception:
        if tx._error is None:
            raise
    if tx._error is not None:
        # Its own error, not the batch's: this unit was undone, the others stand.
        raise tx._error
    # The callback above may still be waiting its turn on the loop: the actions run once,
    # whichever comes first, and before the caller goes on.
    _after_commit(tx, durable)
