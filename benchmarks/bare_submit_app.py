"""The bare baseline for durable submissions: one Starlette endpoint that inserts the posted
JSON as a row through aiosqlite and answers only after the commit, with the durability
OneVisit uses (WAL, `synchronous=FULL`, one writer connection).

It does nothing else: no authentication, no idempotency, no validation, no audit. It is
the floor a durable submission cannot go below on this machine, which is what
`benchmarks/submission_bench.py` compares OneVisit's submission against.
"""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def build(db_path: Path) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        async with aiosqlite.connect(db_path) as db:
            await db.execute("PRAGMA journal_mode = WAL")
            await db.execute("PRAGMA synchronous = FULL")
            await db.execute("CREATE TABLE IF NOT EXISTS submissions (id TEXT PRIMARY KEY, body TEXT NOT NULL)")
            await db.commit()
            # One writer at a time, as in OneVisit: aiosqlite runs one connection on one thread.
            yield {"db": db, "lock": asyncio.Lock()}

    async def submit(request: Request) -> Response:
        body = await request.json()
        ident = uuid.uuid4().hex
        async with request.state.lock:
            await request.state.db.execute(
                "INSERT INTO submissions (id, body) VALUES (?, ?)", (ident, json.dumps(body, ensure_ascii=False))
            )
            await request.state.db.commit()
        return JSONResponse({"id": ident}, status_code=201)

    return Starlette(routes=[Route("/submit", submit, methods=["POST"])], lifespan=lifespan)


app = build(Path(os.environ["BARE_DB"])) if "BARE_DB" in os.environ else None
