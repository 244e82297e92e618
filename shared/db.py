"""SQLite storage: one writer behind a lock, a few readers, ordered migrations.

Why this shape (measured on these machines, see STYLE.md): concurrent transactions on one
shared aiosqlite connection interleave and fail with "cannot start a transaction within a
transaction", so every write goes through `Database.transaction()`, which holds an
`asyncio.Lock` and opens `BEGIN IMMEDIATE`. Reads use separate read-only connections so
they never wait for the writer (WAL). `synchronous=FULL` makes a commit durable before we
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
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

Params = Sequence[Any]
Row = sqlite3.Row

BUSY_TIMEOUT_MS = 5000
log = logging.getLogger("onevisit.db")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


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


def _execute_counting(conn: sqlite3.Connection, sql: str, params: Params) -> int:
    """Runs on the connection's own thread (aiosqlite's worker)."""
    cursor = conn.execute(sql, params)
    try:
        return cursor.rowcount
    finally:
        cursor.close()


class Transaction:
    """The writer connection while `Database.transaction()` holds it."""

    __slots__ = ("_after_commit", "_conn")

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._after_commit: list[Callable[[], None]] = []

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

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; return the number of rows it changed."""
        # One trip to the connection's thread instead of two (execute, then close the
        # cursor): each trip costs a thread wake-up, and a submission makes a dozen.
        count: int = await self._conn._execute(_execute_counting, self._conn._conn, sql, params)  # type: ignore[no-untyped-call]
        return count

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._conn.executemany(sql, rows)

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self._conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self._conn.execute_fetchall(sql, params))


# The most transactions one COMMIT (one fsync) may carry: bounds a batch's latency.
GROUP_COMMIT_MAX = 64


@dataclass(slots=True)
class _Batch:
    """Transactions sharing one physical SQLite transaction until its COMMIT."""

    done: asyncio.Future[None]
    units: list[Transaction] = field(default_factory=list)
    failed: int = 0


class Database:
    """The application's SQLite database file."""

    def __init__(self, path: Path, readers: int = 2) -> None:
        self.path = path
        self._reader_count = readers
        self._writer: aiosqlite.Connection | None = None
        self._readers: list[aiosqlite.Connection] = []
        self._next_reader: itertools.cycle[aiosqlite.Connection] | None = None
        self._write_lock = asyncio.Lock()
        self._wanting = 0  # writers waiting for the lock (group commit hands over to them)
        self._batch: _Batch | None = None
        self._flushes: set[asyncio.Task[None]] = set()

    async def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._writer = await self._connect(readonly=False)
            await self._migrate(self._writer)
            for _ in range(self._reader_count):
                self._readers.append(await self._connect(readonly=True))
        except BaseException:
            await self.close()
            raise
        self._next_reader = itertools.cycle(self._readers)

    async def close(self) -> None:
        # aiosqlite 0.22 runs each connection on a non-daemon thread: an unclosed one
        # keeps the process alive, so close everything even when one close fails.
        if self._flushes:  # a batch handed over must still commit before the writer goes
            await asyncio.gather(*self._flushes, return_exceptions=True)
        connections = [*self._readers, *([self._writer] if self._writer else [])]
        self._readers, self._writer, self._next_reader = [], None, None
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

        Group commit: the fsync of a durable commit costs more than most transactions'
        work, so when other writers are already waiting for the lock, a finished block
        does not commit alone. It leaves the physical transaction open for the next
        writer and waits; the last one in line commits for all of them, and every block
        returns only after that COMMIT (an acknowledgement is still never given before
        its data is on disk). Each block runs in its own SAVEPOINT, so one block's error
        rolls back that block alone; a failed COMMIT fails every block of the batch.
        """
        if self._writer is None:
            raise RuntimeError("database is not open")
        conn = self._writer
        self._wanting += 1
        try:
            await self._write_lock.acquire()
        finally:
            self._wanting -= 1
        handed_over = False
        try:
            batch = self._batch
            # The first block of a batch needs no savepoint: undoing it undoes the whole
            # (so far empty) transaction. Two fewer statements when writers do not overlap.
            savepoint = None
            if batch is None:
                await conn.execute("BEGIN IMMEDIATE")
                batch = self._batch = _Batch(asyncio.get_running_loop().create_future())
            else:
                savepoint = f"unit_{len(batch.units) + batch.failed}"
                await conn.execute(f"SAVEPOINT {savepoint}")
            tx = Transaction(conn)
            try:
                yield tx
            except BaseException:
                if savepoint is None:
                    self._batch = None
                    await conn.execute("ROLLBACK")
                    batch.done.set_result(None)
                    raise
                await conn.execute(f"ROLLBACK TO {savepoint}")
                await conn.execute(f"RELEASE {savepoint}")
                batch.failed += 1
                handed_over = self._hand_over(batch)
                if not handed_over:
                    await self._commit(batch)
                raise
            if savepoint is not None:
                await conn.execute(f"RELEASE {savepoint}")
            batch.units.append(tx)
            handed_over = self._hand_over(batch)
            if not handed_over:
                await self._commit(batch)
        finally:
            if not handed_over:
                self._write_lock.release()
        if handed_over:
            # shield: a caller that goes away must not cancel the commit the others wait for.
            await asyncio.shield(batch.done)

    def _hand_over(self, batch: _Batch) -> bool:
        """Leave the transaction open for a waiting writer (releasing the lock) when one
        waits and the batch is not full; a flush task makes sure it commits even if that
        writer is cancelled before it gets the lock."""
        if self._wanting == 0 or len(batch.units) + batch.failed >= GROUP_COMMIT_MAX:
            return False
        self._write_lock.release()
        task = asyncio.get_running_loop().create_task(self._flush(batch))
        self._flushes.add(task)
        task.add_done_callback(self._flushes.discard)
        return True

    async def _flush(self, batch: _Batch) -> None:
        async with self._write_lock:
            if self._batch is batch:
                await self._commit(batch)

    async def _commit(self, batch: _Batch) -> None:
        """COMMIT the open batch (lock held); wake its waiting blocks, then run their after-commit actions."""
        assert self._writer is not None
        self._batch = None
        try:
            await self._writer.execute("COMMIT")
        except BaseException as error:
            with contextlib.suppress(sqlite3.Error):
                await self._writer.execute("ROLLBACK")
            if not batch.done.done():
                batch.done.set_exception(error if isinstance(error, Exception) else RuntimeError("commit interrupted"))
                batch.done.exception()  # retrieved here, so a batch of one logs no "never retrieved"
            raise
        batch.done.set_result(None)
        for tx in batch.units:
            tx._run_after_commit()

    def _reader(self) -> aiosqlite.Connection:
        if self._next_reader is None:
            raise RuntimeError("database is not open")
        return next(self._next_reader)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self._reader().execute_fetchall(sql, params))

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self._reader().execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def pragma(self, name: str) -> Any:
        """Read a PRAGMA on the writer connection (tests assert durability settings)."""
        if self._writer is None:
            raise RuntimeError("database is not open")
        rows = list(await self._writer.execute_fetchall(f"PRAGMA {name}"))
        return rows[0][0] if rows else None
