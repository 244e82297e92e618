"""Durable submissions per second: OneVisit's phone submission against a bare aiosqlite insert.

1. Makes complete drafts ahead of time (32 citizens, each with its own drafts) in a fresh
   data directory, with the demo catalog.
2. Starts OneVisit (`onevisit serve`, one uvicorn process) and the bare baseline
   (`benchmarks/bare_submit_app.py`: one Starlette endpoint, one aiosqlite insert, WAL and
   `synchronous=FULL` like ours) on loopback.
3. 32 concurrent clients, each on its own keep-alive connection, submit as fast as the
   answers come back: ours `POST /api/v1/applications/{id}/submission` with a fresh
   `Idempotency-Key` (token check, key slot, pre-submission check, number, event, audit row,
   stored answer, one commit), the baseline `POST /submit` with a small JSON body.
4. Prints submissions per second, p50 and p99 latency, and the ratio ours / bare.

Every OneVisit answer must be 200 with a number; anything else counts as an error.

Run: `.venv/bin/python -m benchmarks.submission_bench [--clients 32] [--per-client 60]`
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from benchmarks.servers import cpu_seconds, free_port, start_server, stop_server, wait_ready
from benchmarks.submissions import (
    PYTHON,
    Connection,
    Draft,
    onevisit_command,
    onevisit_env,
    percentile,
    prepare,
    submit_request,
)


async def run_ours(port: int, drafts: list[list[Draft]]) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0

    async def client(own: list[Draft]) -> None:
        nonlocal errors
        connection = Connection("127.0.0.1", port)
        try:
            for draft in own:
                path, body, headers = submit_request(draft, f"bench-{uuid.uuid4()}")
                answer = await connection.post(path, body, headers)
                if answer.status != 200 or b'"number"' not in answer.body:
                    errors += 1
                latencies.append(answer.seconds)
        finally:
            connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(client(own) for own in drafts))
    return time.perf_counter() - began, latencies, errors


async def run_bare(port: int, clients: int, per_client: int) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    body = json.dumps({"item": "MZ-HY-003", "answers": {"for_whom": "self"}, "delivery": "electronic"}).encode()

    async def client() -> None:
        nonlocal errors
        connection = Connection("127.0.0.1", port)
        try:
            for _ in range(per_client):
                answer = await connection.post("/submit", body, {"Content-Type": "application/json"})
                if answer.status != 201:
                    errors += 1
                latencies.append(answer.seconds)
        finally:
            connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return time.perf_counter() - began, latencies, errors


def report(name: str, seconds: float, latencies: list[float], errors: int, cpu: float) -> float:
    rate = len(latencies) / seconds
    print(
        f"{name:34} {len(latencies):>6} {rate:>9.0f} {percentile(latencies, 0.5):>7.1f} "
        f"{percentile(latencies, 0.99):>7.1f} {errors:>6} {1000 * cpu / max(1, len(latencies)):>8.2f}"
    )
    return rate


def measured(
    pid: int, run: Coroutine[Any, Any, tuple[float, list[float], int]]
) -> tuple[float, list[float], int, float]:
    """A round's figures and the CPU its server spent on it."""
    before = cpu_seconds(pid)
    seconds, latencies, errors = asyncio.run(run)
    return seconds, latencies, errors, cpu_seconds(pid) - before


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--per-client", type=int, default=60, help="submissions per client")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of ours and bare")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="onevisit-submit-bench-"))
    servers = []
    try:
        data = work / "data"
        began = time.perf_counter()
        made = asyncio.run(prepare(data, args.clients, args.per_client * args.rounds))
        print(f"prepared {len(made)} complete drafts in {time.perf_counter() - began:.1f} s")
        by_client: list[list[Draft]] = [[] for _ in range(args.clients)]
        for index, draft in enumerate(made):
            by_client[index // (args.per_client * args.rounds)].append(draft)

        ours_port, bare_port = free_port(), free_port()
        servers.append(start_server(onevisit_command(ours_port), onevisit_env(data)))
        servers.append(
            start_server(
                [
                    PYTHON,
                    "-m",
                    "uvicorn",
                    "benchmarks.bare_submit_app:app",
                    "--port",
                    str(bare_port),
                    "--log-level",
                    "warning",
                    "--no-access-log",
                ],
                {"BARE_DB": str(work / "bare.sqlite3")},
            )
        )
        wait_ready(f"http://127.0.0.1:{ours_port}/healthz")
        time.sleep(1.0)  # let the bare app finish its lifespan

        print(f"\n{args.clients} concurrent clients, {args.per_client} submissions each per round; durable commits\n")
        header = f"{'':34} {'n':>6} {'per sec':>9} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'cpu ms':>8}"
        print(header)
        print("-" * len(header))
        ratios = []
        for round_ in range(args.rounds):
            share = [own[round_ * args.per_client : (round_ + 1) * args.per_client] for own in by_client]
            ours = report(
                f"round {round_ + 1}: OneVisit submission", *measured(servers[0].pid, run_ours(ours_port, share))
            )
            bare = report(
                f"round {round_ + 1}: bare aiosqlite insert",
                *measured(servers[1].pid, run_bare(bare_port, args.clients, args.per_client)),
            )
            ratios.append(ours / bare)
            print(f"{'':34} ratio ours / bare: {ours / bare:.2f}")
        print(f"\nratios per round: {', '.join(f'{r:.2f}' for r in ratios)}; median {statistics.median(ratios):.2f}")
        print("cpu ms: the server's CPU time (all its threads) per request in that round")
        return 0
    finally:
        for server in servers:
            stop_server(server)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
