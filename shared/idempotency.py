"""Exactly-once answers for retried requests (draft-ietf-httpapi-idempotency-key-header-07).

A phone on a bad network retries; a kiosk user taps twice. Each state-changing call that
may be retried carries an `Idempotency-Key`, scoped to who calls (`principal`) and what
they call (`operation`):

- no key → 400; a malformed key → 400;
- the key with a different request body → 422 (a key is never reused for another payload);
- the key while the first request is still running → 409, try again later;
- the key after the first request completed → the stored answer, and nothing runs again.

The stored answer is written by the handler *inside the transaction of its change*
(`Slot.store(tx, ...)`), so there is no window where the change committed but the answer
did not, or the reverse: after a crash either both exist and a retry replays, or neither
does and a retry runs as if for the first time. Requests that fail before changing
anything (validation errors) store nothing and may be retried as they are.

"Still running" is tracked in memory: the embedded deployment writes from one process,
and a crash forgets in-flight work together with its uncommitted transaction. Several
processes would need the row lock of a shared database instead.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import orjson

from shared.clock import iso
from shared.db import Database, Query, Row, Transaction
from shared.errors import BadRequest, Conflict, ValidationFailed
from shared.i18n import Text

HEADER = "Idempotency-Key"
# Keys are kept a day at least, as Stripe does; the draft asks that the policy be published.
RETENTION_SECONDS = 24 * 3600
RETENTION = float(RETENTION_SECONDS)
KEY_PATTERN = re.compile(r"[\x21-\x7e]{8,255}")

MISSING_KEY = Text(
    "缺少 Idempotency-Key 请求头，无法保证不重复提交。",
    "The Idempotency-Key header is required so that a retry cannot submit twice.",
)
MALFORMED_KEY = Text(
    "Idempotency-Key 格式不正确（8–255 个可见字符）。",
    "The Idempotency-Key must be 8 to 255 visible ASCII characters.",
)
KEY_REUSED = Text(
    "同一个 Idempotency-Key 不能用于不同的内容。",
    "This Idempotency-Key was already used with a different request body.",
)
STILL_RUNNING = Text(
    "上一次相同的请求仍在处理中，请稍后再试。",
    "The first request with this Idempotency-Key is still being processed; retry shortly.",
)


class KeyReused(ValidationFailed):
    code = "idempotency_key_reused"
    default_message = KEY_REUSED


class RequestInFlight(Conflict):
    code = "idempotency_request_in_flight"
    default_message = STILL_RUNNING


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    status: int
    body: bytes


def parse_key(value: str | None) -> str:
    """The key from the header, or a 400 that says what is wrong."""
    if value is None or not value.strip():
        raise BadRequest(MISSING_KEY)
    key = value.strip()
    # A structured-field string arrives quoted ("..."); a bare token is accepted too.
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not KEY_PATTERN.fullmatch(key):
        raise BadRequest(MALFORMED_KEY)
    return key


def fingerprint(payload: object) -> str:
    """SHA-256 of the request's meaning: the parsed body with keys sorted, so whitespace
    and key order in a retry do not count as a different payload."""
    return hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()


@dataclass(slots=True)
class Slot:
    """The right to run one keyed request; `store` records its answer in the change's transaction."""

    principal: str
    operation: str
    key: str
    fingerprint: str
    replay: StoredAnswer | None = None

    async def store(self, tx: Transaction, status: int, body: bytes, now: float) -> None:
        # A key past its retention may still have its row (the slot found no live answer,
        # so any row there is expired); it is free to be used again: overwrite it.
        tx.write(
            "INSERT INTO idempotency_keys (principal, operation, idempotency_key, fingerprint, status, body,"
            " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (principal, operation, idempotency_key) DO UPDATE SET fingerprint = excluded.fingerprint,"
            " status = excluded.status, body = excluded.body, created_at = excluded.created_at,"
            " expires_at = excluded.expires_at",
            (
                self.principal,
                self.operation,
                self.key,
                self.fingerprint,
                status,
                body,
                iso(now),
                now + RETENTION_SECONDS,
            ),
        )


def _stored_answer(rows: list[Row]) -> tuple[str, StoredAnswer] | None:
    if not rows:
        return None
    row = rows[0]
    return str(row["fingerprint"]), StoredAnswer(int(row["status"]), bytes(row["body"]))


class IdempotencyKeys:
    """The keys of one process: stored answers in the database, running requests in memory."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._running: set[tuple[str, str, str]] = set()

    async def _stored(self, principal: str, operation: str, key: str, now: float) -> tuple[str, StoredAnswer] | None:
        (stored,) = await self.db.read(
            Query(
                "SELECT fingerprint, status, body FROM idempotency_keys"
                " WHERE principal = ? AND operation = ? AND idempotency_key = ? AND expires_at > ?",
                (principal, operation, key, now),
                _stored_answer,
            )
        )
        return stored

    @asynccontextmanager
    async def slot(
        self, principal: str, operation: str, key: str, request_fingerprint: str, now: float
    ) -> AsyncIterator[Slot]:
        """Run the body once per key; a completed key yields a slot whose `replay` is set."""
        slot = Slot(principal, operation, key, request_fingerprint)
        ident = (principal, operation, key)
        if ident in self._running:
            # Another request holds this key right now. A completed key still replays (a
            # burst of retries all get the answer); only a first run still going is a 409.
            stored = await self._stored(principal, operation, key, now)
            if stored is None:
                raise RequestInFlight()
            slot.replay = self._replay(stored, request_fingerprint)
            yield slot
            return
        self._running.add(ident)
        try:
            stored = await self._stored(principal, operation, key, now)
            if stored is not None:
                slot.replay = self._replay(stored, request_fingerprint)
            yield slot
        finally:
            self._running.discard(ident)

    @staticmethod
    def _replay(stored: tuple[str, StoredAnswer], request_fingerprint: str) -> StoredAnswer:
        stored_fingerprint, answer = stored
        if stored_fingerprint != request_fingerprint:
            raise KeyReused()
        return answer

    async def prune(self, now: float) -> int:
        """Forget answers past their retention; returns how many were removed."""
        async with self.db.transaction() as tx:
            return await tx.execute("DELETE FROM idempotency_keys WHERE expires_at <= ?", (now,))
