"""Keyed changes: the one way a phone API handler runs a change that a phone may retry.

A phone on a bad network sends a request, loses the answer and sends it again. Every
state-changing call therefore carries an `Idempotency-Key` (draft-ietf-httpapi-idempotency-
key-header-07, rules in `shared.idempotency`), and a handler runs its change through
`run_keyed`:

1. the key is parsed (missing or malformed → 400);
2. the request's meaning is fingerprinted: the parsed JSON body, or for an upload the
   SHA-256 of the bytes with their content type (`upload_fingerprint`);
3. the key's slot is opened for (citizen, method + route template + path values): the same
   key while the first request runs → 409; with another body → 422; after it completed →
   the stored status and body again, with `Idempotent-Replayed: true`, and nothing runs;
4. otherwise the handler's change runs and is given `keyed.within`, the callback the
   workflow functions await inside their transaction: it renders the JSON answer from the
   result and stores it with `Slot.store(tx, ...)`, so the change and its answer commit
   together. An error (4xx) raised by the change stores nothing: the retry runs afresh.

A change that returns without calling `within` (a workflow function that found nothing to
do) stored nothing, and the caller gets a 409 rather than an answer no retry could replay.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import orjson
from starlette.requests import Request
from starlette.responses import Response

from shared.db import Database, Transaction
from shared.errors import Conflict
from shared.idempotency import HEADER, Slot, StoredAnswer, fingerprint, parse_key
from shared.services import Services

T = TypeVar("T")

REPLAYED_HEADER = "Idempotent-Replayed"
NO_STORE = "no-store"

# What a change answers: HTTP status and the JSON body.
Answer = tuple[int, dict[str, Any]]
# Headers an answer carries besides its body (ETag, Location), derived from the body so a
# replay, which has only the stored body, carries the same ones.
HeadersFor = Callable[[int, Mapping[str, Any]], Mapping[str, str]]


def no_headers(status: int, body: Mapping[str, Any]) -> Mapping[str, str]:
    return {}


def upload_fingerprint(data: bytes, content_type: str) -> dict[str, str]:
    """What identifies an upload for its key: the bytes and the type they were sent as."""
    return {"sha256": hashlib.sha256(data).hexdigest(), "content_type": content_type}


def operation_name(request: Request, path_values: Sequence[str]) -> str:
    """Method + route template + the values of its path parameters, e.g.
    `POST /applications/{ref}/submission 20261121000427`: one key space per target."""
    route = request.scope.get("route")
    template = getattr(route, "path", None) or request.url.path
    return " ".join([request.method, str(template), *path_values])


class KeyedChange(Generic[T]):
    """One run of a keyed change; `within` is the callback for the change's transaction."""

    def __init__(self, slot: Slot, render: Callable[[T], Answer], now: float) -> None:
        self._slot = slot
        self._render = render
        self._now = now
        self.answer: StoredAnswer | None = None
        self.body: dict[str, Any] | None = None

    async def within(self, tx: Transaction, result: T) -> None:
        status, body = self._render(result)
        encoded = orjson.dumps(body)
        await self._slot.store(tx, status, encoded, self._now)

        def answered() -> None:
            self.answer = StoredAnswer(status, encoded)
            self.body = body

        # Only a committed answer is one: the block may still roll back after this (a
        # queued write refused when the block ends, and the workflow retries carefully).
        tx.after_commit(answered)

    async def store_after(self, db: Database, result: T) -> None:
        """Store the answer in a transaction of its own, for a change that offers no `within`.

        Only for changes that are harmless to repeat (claiming a handoff twice is): a crash
        between the change and this commit leaves no answer, and the retry runs again."""
        async with db.transaction() as tx:
            await self.within(tx, result)


def _response(answer: StoredAnswer, body: Mapping[str, Any], headers_for: HeadersFor, replayed: bool) -> Response:
    headers = {"Cache-Control": NO_STORE, **headers_for(answer.status, body)}
    if replayed:
        headers[REPLAYED_HEADER] = "true"
    return Response(answer.body, status_code=answer.status, media_type="application/json", headers=headers)


async def run_keyed(
    request: Request,
    *,
    principal: str,
    payload: object,
    change: Callable[[KeyedChange[T]], Awaitable[object]],
    render: Callable[[T], Answer],
    path_values: Sequence[str] = (),
    headers_for: HeadersFor = no_headers,
) -> Response:
    """Run `change` at most once per Idempotency-Key; answer the stored answer on a retry.

    `change` receives the KeyedChange and passes `keyed.within` to the workflow function;
    `render` turns that function's result into (status, body) inside the transaction, so
    it may use only the result itself (the readers do not see the uncommitted change).
    """
    key = parse_key(request.headers.get(HEADER))
    services: Services = request.state.services
    now = services.clock.now()
    operation = operation_name(request, path_values)
    async with services.idempotency.slot(principal, operation, key, fingerprint(payload), now) as slot:
        if slot.replay is not None:
            stored: dict[str, Any] = orjson.loads(slot.replay.body)
            return _response(slot.replay, stored, headers_for, replayed=True)
        keyed: KeyedChange[T] = KeyedChange(slot, render, now)
        await change(keyed)
        if keyed.answer is None or keyed.body is None:
            # Nothing changed and nothing was stored: say so rather than answer something a
            # retry with this key could not get again.
            raise Conflict()
        return _response(keyed.answer, keyed.body, headers_for, replayed=False)
