"""SQLite storage: one writer behind a lock, a few readers, ordered migrations.

Why this shape (measured on these machines, see STYLE.md): concurrent transactions on one
shared aiosqlite connection interleave and fail with "cannot start a transaction within a
transaction", so every write goes through `Database.transaction()`, which holds an
`asyncio.Lock` while its block runs, inside its own `SAVEPOINT` of a `BEGIN IMMEDIATE`
transaction that `_Committer` commits for several blocks at once. Each trip to a
connection's thread is costly (a wake-up and a resumption of every awaiting coroutine), so
writes nobody waits for are queued and sent in one trip, and `Database.read` sends several
SELECTs in one. Reads use separate read-only connections so they never wait for the
writer (WAL). `synchronous=FULL` makes a commit durable before we
acknowledge it: a hall must never lose an application it confirmed.

SQL elsewhere stays portable (plain `?` parameters, no SQLite-only functions in the domain
queries) so a PostgreSQL backend can replace this module for several servers later.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

import aiosqlite

Params = Sequence[Any]
Row = sqlite3.Row
T = TypeVar("T")
A = TypeVar("A")
B = TypeVar("B")

BUSY_TIMEOUT_MS = 5000
log = logging.getLogger("onevisit.db")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


@dataclass(frozen=True, slots=True)
class Query(Generic[T]):
    """One SELECT and what its rows mean, defined beside its aggregate's other SQL:
    `Database.read` sends several to a reader in one trip (one snapshot, too)."""

    sql: str
    params: Params
    parse: Callable[[list[Row]], T]


def _fetch_each(conn: sqlite3.Connection, queries: Sequence[Query[Any]]) -> list[list[Row]]:
    found = []
    for query in queries:
        cursor = conn.execute(query.sql, query.params)
        try:
            found.append(cursor.fetchall())
        finally:
            cursor.close()
    return found


def load_migrations() -> list[Migration]:
    """The ordered SQL files in `shared/migrations`, named `NNNN_description.sql`."""
    found: list[Migration] = []
    for entry in resources.files("shared.migrations").iterdir():
        name = entry.name
        if not name.endswith(".sql"):
            continue
        number, _, rest = name.partition("_")
        found.append(Migration(int(number), rest.removesuffix(".sql"), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..N without gaps, found {versions}")
    return found


def split_statements(script: str) -> list[str]:
    """Split a SQL script into complete statements (triggers keep their inner semicolons)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(part.strip().startswith("--") for part in buffer.strip().splitlines()):
        raise ValueError(f"incomplete SQL statement at the end of the script: {buffer.strip()[:80]!r}")
    return statements


# A step runs on the writer connection's own thread (aiosqlite's worker), where blocking is fine.
Step = Callable[[sqlite3.Connection], object]


def _enqueue(conn: aiosqlite.Connection, fn: Callable[..., T], *args: Any) -> asyncio.Future[T]:
    """Queue `fn(*args)` on the connection's thread now, without waiting for it.

    aiosqlite's own `_execute` only queues once awaited; queueing at once is what lets a
    transaction hand its last statements over and release the writer lock in the same
    step, in order. Pinned to aiosqlite 0.22 (pyproject), whose worker reads `_tx`.
    """
    future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
    conn._tx.put_nowait((future, partial(fn, *args)))
    return future


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


def _rows(sql: str, params: Params) -> Callable[[sqlite3.Connection], list[Row]]:
    def run(conn: sqlite3.Connection) -> list[Row]:
        cursor = conn.execute(sql, params)
        try:
            return cursor.fetchall()
        finally:
            cursor.close()

    return run


def _nothing(conn: sqlite3.Connection) -> None:
    return None


def _after_commit(tx: Transaction, ended: asyncio.Future[None], durable: asyncio.Future[None]) -> None:
    # `ended` is settled before `durable` (the thread ends a unit before it commits).
    ok = ended.done() and not ended.cancelled() and ended.exception() is None
    if ok and not durable.cancelled() and durable.exception() is None:
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


class _Committer:
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
        self._queue = conn._tx
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
            self._queue.put_nowait((None, partial(self.check, conn)))

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
    conn: sqlite3.Connection, steps: list[Step], committer: _Committer, durable: asyncio.Future[None]
) -> None:
    """A unit's last trip: what it queued, then its end (undone on the first error)."""
    try:
        for step in steps:
            step(conn)
    except BaseException:
        committer.end(conn, durable, ok=False)
        raise
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

    __slots__ = ("_after_commit", "_conn", "_pending", "_trips")

    def __init__(self, conn: aiosqlite.Connection, first: Step | None = None) -> None:
        self._conn = conn
        self._after_commit: list[Callable[[], None]] = []
        self._pending: list[Step] = [first] if first is not None else []
        self._trips = 0  # trips made (0: not even the queued BEGIN or SAVEPOINT has run)

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run `action` once the transaction has committed, never when it rolls back.

        For effects outside the database that must follow the rows, such as removing the
        files of deleted rows: done before COMMIT, a rollback would leave rows without files.
        An action that fails is logged; the commit stands.
        """
        self._after_commit.append(action)

    def _run_after_commit(self) -> None:
        for action in self._after_commit:
            try:
                action()
            except Exception:
                log.exception("an after-commit action failed")
        self._after_commit.clear()

    def _take_pending(self) -> list[Step]:
        steps, self._pending = self._pending, []
        self._trips += 1
        return steps

    async def _trip(self, last: Callable[[sqlite3.Connection], T]) -> T:
        steps, self._pending = self._pending, []
        self._trips += 1
        return await _enqueue(self._conn, _run_steps, self._conn._conn, steps, last)

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

    async def flush(self) -> None:
        """Run what is queued now."""
        if self._pending:
            await self._trip(_nothing)

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


class Database:
    """The application's SQLite database file."""

    def __init__(self, path: Path, readers: int = 2) -> None:
        self.path = path
        self._reader_count = readers
        self._writer: aiosqlite.Connection | None = None
        self._readers: list[aiosqlite.Connection] = []
        self._next_reader: itertools.cycle[aiosqlite.Connection] | None = None
        self._write_lock = asyncio.Lock()
        self._committer: _Committer | None = None

    async def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._writer = await self._connect(readonly=False)
            await self._migrate(self._writer)
            self._committer = _Committer(self._writer, asyncio.get_running_loop())
            for _ in range(self._reader_count):
                self._readers.append(await self._connect(readonly=True))
        except BaseException:
            await self.close()
            raise
        self._next_reader = itertools.cycle(self._readers)

    async def close(self) -> None:
        # aiosqlite 0.22 runs each connection on a non-daemon thread: an unclosed one
        # keeps the process alive, so close everything even when one close fails.
        if self._writer is not None and self._committer is not None:
            # Units that ended since the last COMMIT are waiting for one: make it now.
            with contextlib.suppress(Exception):
                await _enqueue(self._writer, self._committer.check, self._writer._conn)
        connections = [*self._readers, *([self._writer] if self._writer else [])]
        self._readers, self._writer, self._next_reader, self._committer = [], None, None, None
        for conn in connections:
            with contextlib.suppress(Exception):  # a broken connection must not keep others open
                await conn.close()

    async def _connect(self, readonly: bool) -> aiosqlite.Connection:
        if readonly:
            conn = await aiosqlite.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None)
        else:
            conn = await aiosqlite.connect(self.path, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                await conn.execute("PRAGMA journal_mode = WAL")
                await conn.execute("PRAGMA synchronous = FULL")
        except BaseException:
            await conn.close()
            raise
        return conn

    async def _migrate(self, conn: aiosqlite.Connection) -> None:
        rows = list(await conn.execute_fetchall("PRAGMA user_version"))
        current = int(rows[0][0])
        for migration in load_migrations():
            if migration.version <= current:
                continue
            await conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in split_statements(migration.sql):
                    await conn.execute(statement)
                # user_version is transactional: a failed migration leaves the old number.
                await conn.execute(f"PRAGMA user_version = {migration.version}")
                await conn.execute("COMMIT")
            except BaseException:
                await conn.execute("ROLLBACK")
                raise

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """One write transaction: its changes are durable when the block ends; an error
        inside the block undoes them (and only them).

        The block holds the writer lock while it runs, so no other block's statements
        come between its own. Its queued writes go to the connection's thread with its
        end in one trip, and the lock is released as they are handed over, not when they
        return: the next block prepares while the thread writes. The block then waits for
        the COMMIT that carries it (group commit, see `_Committer`): an acknowledgement is
        never given before its data is on disk.
        """
        if self._writer is None or self._committer is None:
            raise RuntimeError("database is not open")
        conn, committer = self._writer, self._committer
        async with self._write_lock:
            durable: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            tx = Transaction(conn, committer.begin)
            try:
                yield tx
            except BaseException as error:
                if tx._trips:  # else nothing of it reached the connection
                    _enqueue(conn, committer.end, conn._conn, durable, False).add_done_callback(_log_failure)
                    if isinstance(error, Exception):
                        await _commit_seen(durable)
                raise
            if not tx._trips and len(tx._pending) == 1:
                return  # it wrote nothing (its only step is its own SAVEPOINT)
            ended = _enqueue(conn, _close_unit, conn._conn, tx._take_pending(), committer, durable)
            # Run by the COMMIT itself, before the block's caller resumes, and even when that
            # caller went away meanwhile: the commit stands, so must what follows it.
            durable.add_done_callback(partial(_after_commit, tx, ended))
        try:
            await ended
        except Exception:
            await _commit_seen(durable)
            raise
        # shield: a caller that goes away must not cancel the wait of the others in its batch.
        await asyncio.shield(durable)

    @property
    def commits(self) -> int:
        """COMMITs made since the database was opened (each one fsync)."""
        return self._committer.commits if self._committer is not None else 0

    def _reader(self) -> aiosqlite.Connection:
        if self._next_reader is None:
            raise RuntimeError("database is not open")
        return next(self._next_reader)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self._reader().execute_fetchall(sql, params))

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self._reader().execute_fetchall(sql, params)
        return next(iter(rows), None)

    @overload
    async def read(self, a: Query[A], /) -> tuple[A]: ...
    @overload
    async def read(self, a: Query[A], b: Query[B], /) -> tuple[A, B]: ...
    async def read(self, *queries: Query[Any]) -> tuple[Any, ...]:
        """Several SELECTs in one trip to a reader (each trip is a thread wake-up and a
        resumption of the awaiting coroutines; the hot paths read several things at once)."""
        reader = self._reader()
        found = await reader._execute(_fetch_each, reader._conn, queries)  # type: ignore[no-untyped-call]
        return tuple(query.parse(rows) for query, rows in zip(queries, found, strict=True))

    async def pragma(self, name: str) -> Any:
        """Read a PRAGMA on the writer connection (tests assert durability settings)."""
        if self._writer is None:
            raise RuntimeError("database is not open")
        rows = list(await self._writer.execute_fetchall(f"PRAGMA {name}"))
        return rows[0][0] if rows else None
