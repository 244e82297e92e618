"""The bare baseline for kiosk pages: Starlette, one aiosqlite read and a Jinja page.

`GET /page/{size}` reads one row through aiosqlite (as every kiosk page reads something)
and renders a Jinja template of list items until the page is `size` bytes, then answers
with the same `Server-Timing` header OneVisit sets. `POST /beat` is the heartbeat's floor:
it parses a small JSON body, reads one row and answers a small JSON object. No sessions, no device check, no
catalog, no security headers: the floor a kiosk page of that size cannot go below here.

Run: `.venv/bin/python -m benchmarks.bare_page_app --port 8001 --db /tmp/bare.db`
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite
import jinja2
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE = jinja2.Environment(autoescape=True).from_string(
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ title }}</title></head>'
    '<body><main><h1>{{ title }}</h1><ul>{% for line in lines %}<li class="row">{{ line }}</li>{% endfor %}'
    "</ul></main></body></html>"
)
LINE = "居民身份证换领（有效期满、损坏、登记项目变更）"
LINE_BYTES = len(f'<li class="row">{LINE}</li>'.encode())


class ServerTiming:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()

        async def timed(message: Message) -> None:
            if message["type"] == "http.response.start":
                elapsed = (time.perf_counter() - started) * 1000
                message["headers"] = [*message.get("headers", []), (b"server-timing", b"app;dur=%.2f" % elapsed)]
            await send(message)

        await self.app(scope, receive, timed)


def build(db_path: Path) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        async with aiosqlite.connect(db_path) as db:
            await db.execute("CREATE TABLE IF NOT EXISTS titles (id INTEGER PRIMARY KEY, title TEXT NOT NULL)")
            await db.execute("INSERT OR IGNORE INTO titles VALUES (1, '政务服务中心 自助服务')")
            await db.commit()
            yield {"db": db}

    async def page(request: Request) -> Response:
        size = max(0, min(int(request.path_params["size"]), 1_000_000))
        async with request.state.db.execute("SELECT title FROM titles WHERE id = 1") as cursor:
            row = await cursor.fetchone()
        return HTMLResponse(PAGE.render(title=row[0], lines=[LINE] * (size // LINE_BYTES)))

    async def beat(request: Request) -> Response:
        shown = json.loads(await request.body()).get("menu")
        async with request.state.db.execute("SELECT title FROM titles WHERE id = 1") as cursor:
            row = await cursor.fetchone()
        return JSONResponse({"menu": shown, "every": 3, "title": row[0]})

    return Starlette(
        routes=[Route("/page/{size:int}", page), Route("/beat", beat, methods=["POST"])],
        middleware=[],
        lifespan=lifespan,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args()
    app = ServerTiming(build(args.db))
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
