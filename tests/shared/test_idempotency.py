"""Idempotency keys: one run per key, the stored answer for retries, 400/409/422 otherwise."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from shared.db import Database
from shared.errors import BadRequest
from shared.idempotency import (
    RETENTION_SECONDS,
    IdempotencyKeys,
    KeyReused,
    RequestInFlight,
    fingerprint,
    parse_key,
)

NOW = 1_790_000_000.0
KEY = "3f1c2a9e-0b7d-4c55-9d61-5a1e2b7c9d00"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "keys.sqlite3", readers=1)
    await database.open()
    async with database.transaction() as tx:
        await tx.execute("CREATE TABLE submissions (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    yield database
    await database.close()


async def submit(keys: IdempotencyKeys, db: Database, body: dict[str, str], key: str = KEY) -> tuple[int, bytes]:
    """A handler's shape: replay, or change and store the answer in one transaction."""
    async with keys.slot("citizen-1", "submit", key, fingerprint(body), NOW) as slot:
        if slot.replay is not None:
            return slot.replay.status, slot.replay.body
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO submissions (body) VALUES (?)", (body["text"],))
            row = await tx.fetch_one("SELECT max(id) AS id FROM submissions")
            assert row is not None
            answer = f'{{"id": {row["id"]}}}'.encode()
            await slot.store(tx, 201, answer, NOW)
        return 201, answer


async def count(db: Database) -> int:
    row = await db.fetch_one("SELECT count(*) AS n FROM submissions")
    assert row is not None
    return int(row["n"])


def test_keys_are_required_and_checked() -> None:
    for bad in (None, "", "   ", "short", "has space in it", "x" * 256, "ключ-ключ-ключ"):
        with pytest.raises(BadRequest):
            parse_key(bad)
    assert parse_key(f'"{KEY}"') == KEY == parse_key(f" {KEY} ")


def test_fingerprint_ignores_key_order_but_not_values() -> None:
    assert fingerprint({"a": 1, "b": [1, 2]}) == fingerprint({"b": [1, 2], "a": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})


async def test_a_serial_retry_gets_the_stored_answer(db: Database) -> None:
    keys = IdempotencyKeys(db)
    first = await submit(keys, db, {"text": "hello"})
    assert await submit(keys, db, {"text": "hello"}) == first
    assert await count(db) == 1
    with pytest.raises(KeyReused):
        await submit(keys, db, {"text": "other"})
    assert await count(db) == 1
    await submit(keys, db, {"text": "other"}, key=KEY + "-2")
    assert await count(db) == 2


async def test_a_concurrent_retry_is_told_to_wait(db: Database) -> None:
    keys = IdempotencyKeys(db)
    async with keys.slot("citizen-1", "submit", KEY, fingerprint({"text": "x"}), NOW):
        with pytest.raises(RequestInFlight):
            await submit(keys, db, {"text": "x"})
    results = await asyncio.gather(*(submit(keys, db, {"text": "x"}) for _ in range(8)), return_exceptions=True)
    succeeded = [result for result in results if not isinstance(result, BaseException)]
    assert all(isinstance(result, RequestInFlight) for result in results if isinstance(result, BaseException))
    assert succeeded and len(set(succeeded)) == 1
    assert await count(db) == 1


async def test_a_restart_between_tries_replays(db: Database, tmp_path: Path) -> None:
    first = await submit(IdempotencyKeys(db), db, {"text": "hello"})
    await db.close()
    reopened = Database(tmp_path / "keys.sqlite3", readers=1)
    await reopened.open()
    try:
        assert await submit(IdempotencyKeys(reopened), reopened, {"text": "hello"}) == first
        assert await count(reopened) == 1
    finally:
        await reopened.close()


async def test_a_failure_before_commit_stores_nothing(db: Database) -> None:
    keys = IdempotencyKeys(db)
    with pytest.raises(RuntimeError):
        async with keys.slot("citizen-1", "submit", KEY, fingerprint({"text": "x"}), NOW), db.transaction() as tx:
            await tx.execute("INSERT INTO submissions (body) VALUES ('x')")
            raise RuntimeError("crash before commit")
    assert await count(db) == 0
    await submit(keys, db, {"text": "x"})
    assert await count(db) == 1


async def test_keys_expire_after_the_retention(db: Database) -> None:
    keys = IdempotencyKeys(db)
    await submit(keys, db, {"text": "x"})
    assert await keys.prune(NOW + RETENTION_SECONDS - 1) == 0
    assert await keys.prune(NOW + RETENTION_SECONDS) == 1


async def test_concurrent_retries_of_a_completed_key_all_replay(db: Database) -> None:
    """Found by the interleaving property test: a replay must not hold the in-flight slot,
    or a second retry arriving at the same moment got 409 instead of the stored answer."""
    keys = IdempotencyKeys(db)
    first = await submit(keys, db, {"text": "a"})
    answers = await asyncio.gather(*(submit(keys, db, {"text": "a"}) for _ in range(5)))
    assert answers == [first] * 5
    assert await count(db) == 1
