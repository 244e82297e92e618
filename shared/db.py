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
from dataclasses import dataclass
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
        cursor = await self._conn.execute(sql, params)
        count = cursor.rowcount
        await cursor.close()
        return count

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._conn.executemany(sql, rows)

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self._conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self._conn.execute_fetchall(sql, params))


class Database:
    """The application's SQLite database file."""

    def __init__(self, path: Path, readers: int = 2) -> None:
        self.path = path
        self._reader_count = readers
        self._writer: aiosqlite.Connection | None = None
        self._readers: list[aiosqlite.Connection] = []
        self._next_reader: itertools.cycle[aiosqlite.Connection] | None = None
        self._write_lock = asyncio.Lock()

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
        """One write transaction; it commits when the block ends and rolls back on error."""
        if self._writer is None:
            raise RuntimeError("database is not open")
        async with self._write_lock:
            conn = self._writer
            await conn.execute("BEGIN IMMEDIATE")
            tx = Transaction(conn)
            try:
                yield tx
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")
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
