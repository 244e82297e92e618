"""Property: however submissions, retries, second keys, concurrent duplicates and server
restarts interleave, every draft ends up submitted exactly once, and every key always
answers with the same number.

Each example runs on a copy of one prepared data directory, over the real ASGI stack and
real SQLite; a restart closes the app (its services, its in-memory in-flight set) and
opens a new one on the same files, as a process restart would.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
from hypothesis import HealthCheck, given, settings, strategies as st
from starlette.types import Receive, Scope, Send

from benchmarks.submissions import Draft, prepare
from onevisit import create_app
from shared.config import Settings

DRAFTS = 3
_template: tuple[Path, list[Draft]] | None = None


def template() -> tuple[Path, list[Draft]]:
    """One prepared data directory (citizens, tokens, complete drafts), made once per run."""
    global _template
    if _template is None:
        root = Path(tempfile.mkdtemp(prefix="onevisit-interleave-"))
        drafts = asyncio.run(prepare(root / "data", 1, DRAFTS))
        _template = (root / "data", drafts)
    return _template


@asynccontextmanager
async def serving(data: Path) -> AsyncIterator[httpx2.AsyncClient]:
    app = create_app(Settings(data_dir=data, demo=False, access_token_seconds=3600))
    async with app.router.lifespan_context(app) as state:
        assert state is not None

        async def with_state(scope: Scope, receive: Receive, send: Send) -> None:
            scope["state"] = dict(state)
            await app(scope, receive, send)

        async with httpx2.AsyncClient(transport=httpx2.ASGITransport(app=with_state), base_url="http://t") as client:
            yield client


Op = tuple[str, int]
ops = st.lists(
    st.tuples(
        st.sampled_from(["submit", "submit", "other_key", "twice_at_once", "restart"]), st.integers(0, DRAFTS - 1)
    ),
    min_size=1,
    max_size=12,
)


async def submit(client: httpx2.AsyncClient, draft: Draft, key: str) -> httpx2.Response:
    return await client.post(
        f"/api/v1/applications/{draft.application_id}/submission",
        json={},
        headers={"Authorization": f"Bearer {draft.token}", "Idempotency-Key": key},
    )


async def scenario(data: Path, drafts: list[Draft], steps: list[Op]) -> None:
    numbers_by_key: dict[str, str] = {}
    key_of = {i: f"first-key-{i}" for i in range(DRAFTS)}

    def note(key: str, response: httpx2.Response, done_before: frozenset[str]) -> None:
        # 200: the answer (first or replayed); 409: the key is still running, or another key
        # already submitted this draft. Nothing else is acceptable.
        assert response.status_code in (200, 409), response.text
        if key in done_before:
            assert response.status_code == 200, "a completed key must replay its answer, before or after a restart"
        if response.status_code == 200:
            number = response.json()["number"]
            assert numbers_by_key.setdefault(key, number) == number, "a key answered two numbers"

    client_cm = serving(data)
    client = await client_cm.__aenter__()
    try:
        for index, (op, which) in enumerate(steps):
            draft = drafts[which]
            done = frozenset(numbers_by_key)
            if op == "restart":
                await client_cm.__aexit__(None, None, None)
                client_cm = serving(data)
                client = await client_cm.__aenter__()
            elif op == "submit":
                note(key_of[which], await submit(client, draft, key_of[which]), done)
            elif op == "other_key":
                key = f"other-key-{which}-{index}"
                response = await submit(client, draft, key)
                note(key, response, done)
            else:
                answers = await asyncio.gather(*(submit(client, draft, key_of[which]) for _ in range(2)))
                for response in answers:
                    note(key_of[which], response, done)
        # In the end every first key is retried and must answer 200 (or 409 if another key won).
        for which in range(DRAFTS):
            note(key_of[which], await submit(client, drafts[which], key_of[which]), frozenset(numbers_by_key))
    finally:
        await client_cm.__aexit__(None, None, None)

    with sqlite3.connect(data / "onevisit.sqlite3") as conn:
        rows: list[Any] = conn.execute("SELECT id, number FROM applications WHERE parent_id IS NULL").fetchall()
        submits = conn.execute(
            "SELECT application_id, count(*) FROM application_events WHERE act = 'submit' GROUP BY application_id"
        ).fetchall()
    assert len(rows) == DRAFTS, "an extra application appeared"
    submitted = {r[0]: r[1] for r in rows if r[1] is not None}
    assert len(submitted) == DRAFTS, "a draft retried to the end was not submitted"
    assert all(count == 1 for _, count in submits), "a draft was submitted twice"
    # A number a key answered belongs to exactly one draft, and that draft's only number.
    assert set(numbers_by_key.values()) <= set(submitted.values())
    assert len(set(submitted.values())) == len(submitted)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=ops)
def test_no_interleaving_of_submit_retry_and_restart_makes_two_applications(steps: list[Op]) -> None:
    source, drafts = template()
    work = Path(tempfile.mkdtemp(prefix="onevisit-example-"))
    try:
        shutil.copytree(source, work / "data")
        asyncio.run(scenario(work / "data", drafts, steps))
    finally:
        shutil.rmtree(work, ignore_errors=True)
