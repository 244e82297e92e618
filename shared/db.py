"""SQLite storage: one writer behind a lock, a few readers, ordered migrations.

Why this shape (measured on these machines, see STYLE.md): concurrent transactions on one
shared aiosqlite connection interleave and fail with "cannot start a transaction within a
transaction", so every write goes through `Database.transaction()`, which holds an
`asyncio.Lock` while its block runs, inside its own `SAVEPOINT` of a `BEGIN IMMEDIATE`
transaction that `Committer` commits for several blocks at once. Each trip to a
connection's thread is costly (a wake-up and a resumption of every awaiting coroutine), so
writes nobody waits for are queued and sent in one trip. Reads use separate read-only
connections so they never wait for the writer (WAL): lookups by key (`Query`,
`Database.read`) run on the event loop's own thread, because such an index seek takes less
time than the hand-over to a thread costs; everything else (`fetch_one`, `fetch_all`: lists,
searches, reports) goes to a reader thread. `synchronous=FULL` makes a commit durable
before we acknowledge it: a hall must never lose an application it confirmed.

SQL elsewhere stays portable (plain `?` parameters, no SQLite-only functions in the domain
queries) so a PostgreSQL backend can replace this module for several servers later.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

import aiosqlite

from shared.transactions import GROUP_COMMIT_MAX, Committer, Params, Row, Transaction, fetch_rows, unit

T = TypeVar("T")
A = TypeVar("A")
B = TypeVar("B")

BUSY_TIMEOUT_MS = 5000
log = logging.getLogger("onevisit.db")

__all__ = [
    "GROUP_COMMIT_MAX",
    "Database",
    "Migration",
    "Params",
    "Query",
    "Row",
    "Transaction",
    "fetch",
    "load_migrations",
    "split_statements",
]


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


@dataclass(frozen=True, slots=True)
class Query(Generic[T]):
    """A lookup by key and what its rows mean, defined beside its aggregate's other SQL.

    Only for SELECTs that seek an index and return a handful of rows (a session, a citizen,
    an application and its files): `Database.read` runs them on the event loop's thread. A
    list, a search or a report is not a Query; it goes to a reader thread (`fetch_all`)."""

    sql: str
    params: Params
    parse: Callable[[list[Row]], T]


def _fetch_each(conn: sqlite3.Connection, queries: Sequence[Query[Any]]) -> list[list[Row]]:
    if len(queries) == 1:
        return [fetch_rows(conn, queries[0].sql, queries[0].params)]
    # One read transaction: the answers come from one snapshot of the database.
    conn.execute("BEGIN")
    try:
        return [fetch_rows(conn, query.sql, query.params) for query in queries]
    finally:
        conn.execute("COMMIT")


def _busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


async def fetch(db: Database | Transaction, query: Query[T]) -> T:
    """One query's answer: a lookup outside a transaction, or inside one (on the writer)."""
    if isinstance(db, Database):
        (answer,) = await db.read(query)
        return answer
    return query.parse(await db.fetch_all(query.sql, query.params))


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


class Database:
    """The application's SQLite database file."""

    def __init__(self, path: Path, readers: int = 2) -> None:
        self.path = path
        self._reader_count = readers
        self._writer: aiosqlite.Connection | None = None
        self._readers: list[aiosqlite.Connection] = []
        self._next_reader: itertools.cycle[aiosqlite.Connection] | None = None
        self._lookups: sqlite3.Connection | None = None  # the event loop's own, for `read`
        self._write_lock = asyncio.Lock()
        self._committer: Committer | None = None

    async def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._writer = await self._connect(readonly=False)
            await self._migrate(self._writer)
            self._committer = Committer(self._writer, asyncio.get_running_loop())
            for _ in range(self._reader_count):
                self._readers.append(await self._connect(readonly=True))
            self._lookups = self._connect_lookups()
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
                await self._committer.settle_now(self._writer)
        if self._lookups is not None:
            with contextlib.suppress(Exception):
                self._lookups.close()
            self._lookups = None
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

    def _connect_lookups(self) -> sqlite3.Connection:
        """The read-only connection `read` uses on the event loop's thread (and only there:
        sqlite3's same-thread check stays on). It never waits for a lock: busy_timeout 0, so
        the rare SQLITE_BUSY (a WAL being recovered) sends that lookup to a reader thread
        instead of stalling the loop."""
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("PRAGMA query_only = ON")
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

    def transaction(self) -> contextlib.AbstractAsyncContextManager[Transaction]:
        """One write transaction: its changes are durable when the block ends; an error
        inside the block undoes them (and only them). See `shared.transactions.unit`."""
        if self._writer is None or self._committer is None:
            raise RuntimeError("database is not open")
        return unit(self._writer, self._committer, self._write_lock)

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
        """Lookups by key, from one snapshot, on the event loop's own thread.

        An index seek of a few rows takes microseconds; sending it to a reader thread costs
        more (a wake-up, the GIL handed back and forth, a resumption of every awaiting
        coroutine). Measured on the submission path (benchmarks/submission_bench.py): a
        fifth more submissions per second and a quarter less CPU per request.
        """
        if self._lookups is None:
            raise RuntimeError("database is not open")
        try:
            found = _fetch_each(self._lookups, queries)
        except sqlite3.OperationalError as error:
            if not _busy(error):
                raise
            if self._lookups.in_transaction:
                self._lookups.execute("ROLLBACK")
            reader = self._reader()
            found = await reader._execute(_fetch_each, reader._conn, queries)  # type: ignore[no-untyped-call]
        return tuple(query.parse(rows) for query, rows in zip(queries, found, strict=True))

    async def pragma(self, name: str) -> Any:
        """Read a PRAGMA on the writer connection (tests assert durability settings)."""
        if self._writer is None:
            raise RuntimeError("database is not open")
        rows = list(await self._writer.execute_fetchall(f"PRAGMA {name}"))
        return rows[0][0] if rows else None
