"""The bare baseline: Starlette endpoints with no catalog logic, returning bodies of given sizes.

- `/json/{name}`: pre-built JSON bytes (the cost floor of an HTTP answer of that size);
- `/db/{name}`: the same bytes fetched by key through aiosqlite (a bare "read and return");
- `/page/{name}`: a Jinja page rendered from a list of strings to the same size.

`benchmarks/catalog_bench.py` writes the sizes into BARE_SIZES_FILE before starting it.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite
import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

PAGE = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>{{ title }}</title></head><body>"
    "{% for line in lines %}<p>{{ line }}</p>{% endfor %}</body></html>"
)


def build() -> Starlette:
    sizes: dict[str, int] = json.loads(Path(os.environ["BARE_SIZES_FILE"]).read_text())
    bodies = {
        name: json.dumps({"pad": "字" * max(0, (size - 12) // 3)}, ensure_ascii=False).encode()
        for name, size in sizes.items()
    }
    lines = {name: ["政务服务事项办理指南" * 3] * max(1, size // 100) for name, size in sizes.items()}
    db_path = Path(os.environ["BARE_DB"])

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        async with aiosqlite.connect(db_path) as db:
            await db.execute("CREATE TABLE IF NOT EXISTS docs (name TEXT PRIMARY KEY, body BLOB)")
            await db.executemany("INSERT OR REPLACE INTO docs VALUES (?, ?)", list(bodies.items()))
            await db.commit()
            yield {"db": db}

    async def bare_json(request: Request) -> Response:
        return Response(bodies[request.path_params["name"]], media_type="application/json")

    async def bare_db(request: Request) -> Response:
        rows = await request.state.db.execute_fetchall(
            "SELECT body FROM docs WHERE name = ?", (request.path_params["name"],)
        )
        return Response(rows[0][0], media_type="application/json")

    async def bare_page(request: Request) -> Response:
        name = request.path_params["name"]
        return HTMLResponse(PAGE.render(title=name, lines=lines[name]))

    return Starlette(
        routes=[
            Route("/json/{name}", bare_json),
            Route("/db/{name}", bare_db),
            Route("/page/{name}", bare_page),
        ],
        lifespan=lifespan,
    )


app = build() if "BARE_SIZES_FILE" in os.environ else None
