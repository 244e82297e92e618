"""Crash test: SIGKILL the real server in the middle of concurrent submissions, restart it,
retry every key, and prove that nothing acknowledged was lost and nothing was duplicated.

1. Makes complete drafts ahead of time (one citizen per client) in a fresh data directory.
2. Starts `onevisit serve` (one uvicorn process) and fires every draft's submission from
   concurrent clients, each draft with its own `Idempotency-Key`.
3. Once a share of them has been acknowledged (200 with a number), kills the server's
   whole process group with SIGKILL: no shutdown, no flush, requests cut mid-flight.
4. Restarts the server on the same data directory and retries EVERY key, acknowledged or
   not, sent or not.
5. Checks:
   - every retry answers 200 with a number;
   - every submission acknowledged before the kill gets the very same number back (none lost);
   - each draft was submitted exactly once: one number per draft, numbers unique, one
     "submit" event per application (none duplicated);
   - `PRAGMA integrity_check` is "ok" and no file of a rolled-back upload is left.

Exit status 0 when all hold. `tests/test_crash_recovery.py` runs it in CI with a bounded
count and time; run it by hand for a bigger storm:

    .venv/bin/python -m benchmarks.crash_submissions --drafts 2000 --clients 32
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.servers import free_port, start_server, stop_server, wait_ready
from benchmarks.submissions import Connection, Draft, onevisit_command, onevisit_env, prepare, submit_request


def key_for(draft: Draft) -> str:
    return f"crash-{draft.application_id}"


async def storm(port: int, drafts: list[Draft], clients: int, kill_at: int, kill: object) -> dict[str, str]:
    """Submit every draft from `clients` connections; call `kill()` once `kill_at` are acknowledged.
    Returns application id -> number for every acknowledged submission."""
    acknowledged: dict[str, str] = {}
    queue: asyncio.Queue[Draft] = asyncio.Queue()
    for draft in drafts:
        queue.put_nowait(draft)
    killed = asyncio.Event()
    in_flight: set[str] = set()
    cut: set[str] = set()

    async def client() -> None:
        connection = Connection("127.0.0.1", port)
        try:
            while not killed.is_set():
                try:
                    draft = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                path, body, headers = submit_request(draft, key_for(draft))
                in_flight.add(draft.application_id)
                try:
                    answer = await connection.post(path, body, headers)
                except (OSError, asyncio.IncompleteReadError):
                    return  # the server is gone: this submission's fate is unknown
                finally:
                    if killed.is_set() and draft.application_id not in acknowledged:
                        cut.add(draft.application_id)
                in_flight.discard(draft.application_id)
                if answer.status == 200:
                    acknowledged[draft.application_id] = json.loads(answer.body)["number"]
                else:
                    raise SystemExit(f"unexpected {answer.status} before the kill: {answer.body[:300]!r}")
                if len(acknowledged) >= kill_at and not killed.is_set():
                    killed.set()
                    kill()  # type: ignore[operator]
        finally:
            connection.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    print(f"{len(cut)} submissions were cut off in flight by the kill")
    return acknowledged


async def retry_all(port: int, drafts: list[Draft], clients: int) -> dict[str, tuple[int, str | None]]:
    answers: dict[str, tuple[int, str | None]] = {}
    queue: asyncio.Queue[Draft] = asyncio.Queue()
    for draft in drafts:
        queue.put_nowait(draft)

    async def client() -> None:
        connection = Connection("127.0.0.1", port)
        try:
            while True:
                try:
                    draft = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                path, body, headers = submit_request(draft, key_for(draft))
                answer = await connection.post(path, body, headers)
                number = json.loads(answer.body).get("number") if answer.status == 200 else None
                answers[draft.application_id] = (answer.status, number)
        finally:
            connection.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return answers


def check_database(path: Path, drafts: list[Draft]) -> list[str]:
    problems: list[str] = []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
        ids = [d.application_id for d in drafts]
        marks = ",".join("?" * len(ids))
        rows = conn.execute(f"SELECT id, number, state FROM applications WHERE id IN ({marks})", ids).fetchall()
        not_submitted = [r[0] for r in rows if r[1] is None or r[2] != "submitted"]
        if len(rows) != len(ids) or not_submitted:
            problems.append(f"{len(not_submitted)} drafts not submitted exactly once in the database")
        numbers = Counter(r[1] for r in rows)
        if any(n > 1 for n in numbers.values()):
            problems.append("a number was given twice")
        submits = Counter(
            r[0]
            for r in conn.execute(
                f"SELECT application_id FROM application_events WHERE act = 'submit' AND application_id IN ({marks})",
                ids,
            )
        )
        twice = [a for a, n in submits.items() if n != 1]
        if twice or len(submits) != len(ids):
            problems.append(f"submit events per application not exactly one: {len(twice)} wrong, {len(submits)} seen")
        total = conn.execute("SELECT count(*) FROM applications WHERE parent_id IS NULL").fetchone()[0]
        if total != len(ids):
            problems.append(f"{total} applications exist for {len(ids)} drafts")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--drafts", type=int, default=400)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--kill-after", type=float, default=0.35, help="share acknowledged before SIGKILL")
    parser.add_argument("--timeout", type=float, default=240.0, help="give up after this many seconds")
    args = parser.parse_args()

    began = time.monotonic()
    signal.signal(signal.SIGALRM, lambda *_: sys.exit("crash test: time limit reached"))
    signal.alarm(int(args.timeout))
    work = Path(tempfile.mkdtemp(prefix="onevisit-crash-"))
    server = None
    try:
        data = work / "data"
        log = work / "server.log"
        each = max(1, args.drafts // args.clients)
        drafts = asyncio.run(prepare(data, args.clients, each))
        print(f"prepared {len(drafts)} drafts for {args.clients} clients in {time.monotonic() - began:.1f} s")

        port = free_port()
        server = start_server(onevisit_command(port), onevisit_env(data), log)
        wait_ready(f"http://127.0.0.1:{port}/healthz")
        victim = server

        def kill() -> None:
            os.killpg(victim.pid, signal.SIGKILL)

        kill_at = max(1, int(len(drafts) * args.kill_after))
        acknowledged = asyncio.run(storm(port, drafts, args.clients, kill_at, kill))
        victim.wait(timeout=30)
        print(f"SIGKILL after {len(acknowledged)} acknowledged submissions (exit {victim.returncode})")

        server = start_server(onevisit_command(port), onevisit_env(data), log)
        wait_ready(f"http://127.0.0.1:{port}/healthz")
        answers = asyncio.run(retry_all(port, drafts, args.clients))
        stop_server(server)
        server = None

        problems: list[str] = []
        bad = {a: s for a, (s, n) in answers.items() if s != 200 or not n}
        if bad:
            problems.append(f"{len(bad)} retries did not answer 200 with a number: {Counter(bad.values())}")
        lost = [a for a, number in acknowledged.items() if answers.get(a, (0, None))[1] != number]
        if lost:
            problems.append(f"{len(lost)} acknowledged submissions came back with another or no number")
        numbers = Counter(n for _, n in answers.values() if n)
        if any(count > 1 for count in numbers.values()):
            problems.append("two drafts were given the same number")
        problems += check_database(data / "onevisit.sqlite3", drafts)

        print(
            f"retried {len(answers)} keys: {len(acknowledged)} acknowledged before the kill came back unchanged"
            f" unless listed below; {len(drafts)} drafts, {len(numbers)} numbers"
        )
        for problem in problems:
            print(f"FAIL: {problem}")
        print(f"{'FAILED' if problems else 'passed'} in {time.monotonic() - began:.1f} s")
        return 1 if problems else 0
    finally:
        if server is not None:
            stop_server(server)
        signal.alarm(0)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
