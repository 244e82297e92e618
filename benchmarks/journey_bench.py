"""The kiosk journey under load: server time per interaction with many kiosks busy at once.

1. Prepares a fresh demo data directory in-process: the demo catalog, `--kiosks` registered
   and enrolled kiosks, and one real-name citizen per kiosk and round, each with a phone
   token (they sign in at the kiosk by scanning its code) and an ID card in their wallet.
2. Starts OneVisit (`onevisit serve`: one uvicorn worker, demo mode) and the bare baseline
   (`benchmarks/bare_page_app.py`: Starlette, one aiosqlite read and a Jinja page per request).
3. Every kiosk walks the whole journey of `benchmarks/kiosk_journey.py` (home, search as
   typed, guide, scan-to-sign-in, apply, each form screen, materials, delivery, review,
   submit, what comes after, finish) `--rounds` times, all kiosks at once, pausing like a
   person between taps (`--think` seconds on average; 0 makes it a stress test).
4. Then the same number of requests, with the same sizes, the same concurrency and the
   same pauses, against the bare page.
5. Prints p50 / p99 of the server's own time (the `Server-Timing` header both servers set)
   and of the time on the wire, per route and overall, and the ratio ours / bare.

Goal (issue 5): p99 under 50 ms per interaction with 50 kiosks busy on one worker.

Run: `.venv/bin/python -m benchmarks.journey_bench [--kiosks 50] [--rounds 2] [--think 1.0]`
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx2

from benchmarks.kiosk_journey import JourneyFailed, KioskScreen, Timing, server_ms, walk
from benchmarks.servers import free_port, start_server, stop_server, wait_ready
from benchmarks.submissions import PYTHON, TOKEN_SECONDS, onevisit_command, percentile, phone_citizen
from shared.config import Settings
from shared.identity.numbers import id_check_character
from shared.kiosk import devices
from shared.services import open_services


@dataclass(frozen=True)
class Kiosk:
    device_cookie: str
    # One citizen's phone token per round: each round is a new person at the kiosk.
    tokens: list[str]


def _id_number(index: int) -> str:
    body = f"3301{index % 90 + 10:02d}{1950 + index % 50:04d}{1 + index % 12:02d}{1 + index % 28:02d}{index % 1000:03d}"
    return body + id_check_character(body)


async def prepare(data_dir: Path, kiosks: int, rounds: int) -> list[Kiosk]:
    settings = Settings(data_dir=data_dir, demo=True, access_token_seconds=TOKEN_SECONDS)
    made: list[Kiosk] = []
    async with open_services(settings) as services:
        for k in range(kiosks):
            now = services.clock.now()
            device_id = f"bench-kiosk-{k:03d}"
            tokens = []
            async with services.db.transaction() as tx:
                await devices.register(tx, device_id, f"压测自助机 {k}", "lobby", now)
                cookie = await devices.issue_credential(tx, device_id, now, revoke_others=True)
                for r in range(rounds):
                    index = k * rounds + r
                    _citizen, token = await phone_citizen(tx, services, _id_number(index), f"JOURNEY-{index:05d}", now)
                    tokens.append(token)
            made.append(Kiosk(cookie, tokens))
    return made


@dataclass
class Run:
    # Per kiosk, in the order it made them.
    sequences: list[list[Timing]]
    journeys: int
    failures: list[str]
    seconds: float

    @property
    def timings(self) -> list[Timing]:
        return [t for sequence in self.sequences for t in sequence]


async def run_ours(base_url: str, kiosks: list[Kiosk], think: float) -> Run:
    sequences: list[list[Timing]] = [[] for _ in kiosks]
    failures: list[str] = []
    journeys = 0
    phone = httpx2.AsyncClient(base_url=base_url, timeout=60)

    async def kiosk(own: Kiosk, seed: int) -> None:
        nonlocal journeys
        rng = random.Random(seed)

        async def pause() -> None:
            if think > 0:
                await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))

        # Kiosks do not all start at the same instant.
        await asyncio.sleep(rng.uniform(0, think))
        for token in own.tokens:
            screen = KioskScreen(base_url, own.device_cookie, token)
            try:
                await walk(screen, pause, phone=phone)
                journeys += 1
            except (JourneyFailed, httpx2.HTTPError) as error:
                failures.append(f"{error or type(error).__name__} (after {len(screen.timings)} requests)")
            finally:
                sequences[seed].extend(screen.timings)
                await screen.close()

    began = asyncio.get_running_loop().time()
    try:
        await asyncio.gather(*(kiosk(own, n) for n, own in enumerate(kiosks)))
    finally:
        await phone.aclose()
    return Run(sequences, journeys, failures, asyncio.get_running_loop().time() - began)


async def run_bare(base_url: str, ours: Run, think: float) -> Run:
    """Each kiosk's requests again, by size, pausing where the citizen paused, against the bare page."""
    sequences: list[list[Timing]] = [[] for _ in ours.sequences]

    async def kiosk(own: list[Timing], seed: int) -> None:
        rng = random.Random(seed)
        await asyncio.sleep(rng.uniform(0, think))
        async with httpx2.AsyncClient(base_url=base_url, timeout=60) as client:
            for original in own:
                if original.after_pause and think > 0:
                    await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
                began = asyncio.get_running_loop().time()
                response = await client.get(f"/page/{original.size}")
                wire = (asyncio.get_running_loop().time() - began) * 1000
                sequences[seed].append(
                    Timing("/page", "GET", response.status_code, server_ms(response), wire, len(response.content))
                )

    began = asyncio.get_running_loop().time()
    await asyncio.gather(*(kiosk(own, n) for n, own in enumerate(ours.sequences)))
    return Run(sequences, ours.journeys, [], asyncio.get_running_loop().time() - began)


def _row(name: str, values: list[Timing]) -> str:
    server = [t.server_ms / 1000 for t in values]
    wire = [t.wire_ms / 1000 for t in values]
    return (
        f"{name:<44} {len(values):>6} {percentile(server, 0.50):>8.2f} {percentile(server, 0.99):>8.2f}"
        f" {percentile(wire, 0.50):>8.2f} {percentile(wire, 0.99):>8.2f}"
    )


def report(title: str, run: Run, per_route: bool) -> None:
    print(f"\n{title}: {run.journeys} journeys, {len(run.timings)} requests in {run.seconds:.1f} s")
    for failure in run.failures[:5]:
        print(f"  FAILED: {failure}")
    print(f"{'route':<44} {'n':>6} {'srv p50':>8} {'srv p99':>8} {'wire p50':>8} {'wire p99':>8}   (ms)")
    if per_route:
        routes: dict[str, list[Timing]] = {}
        for t in run.timings:
            routes.setdefault(f"{t.method} {t.route}", []).append(t)
        for name, values in sorted(routes.items(), key=lambda kv: -statistics.median(t.server_ms for t in kv[1])):
            print(_row(name, values))
    print(_row("ALL", run.timings))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between taps, seconds")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="onevisit-journey-"))
    try:
        kiosks = asyncio.run(prepare(work / "data", args.kiosks, args.rounds))
        port, bare_port = free_port(), free_port()
        env = {
            "ONEVISIT_DATA_DIR": str(work / "data"),
            "ONEVISIT_DEMO": "true",
            "ONEVISIT_LOG_LEVEL": "WARNING",
            "ONEVISIT_SERVER_TIMING": "true",
            "ONEVISIT_ACCESS_TOKEN_SECONDS": str(TOKEN_SECONDS),
        }
        server = start_server(onevisit_command(port), env, work / "onevisit.log")
        try:
            wait_ready(f"http://127.0.0.1:{port}/healthz")
            ours = asyncio.run(run_ours(f"http://127.0.0.1:{port}", kiosks, args.think))
        finally:
            stop_server(server)
        if ours.failures:
            # What the server said about the failures, before the work directory goes.
            print((work / "onevisit.log").read_text(encoding="utf-8", errors="replace")[-6000:])
        bare = start_server(
            [PYTHON, "-m", "benchmarks.bare_page_app", "--port", str(bare_port), "--db", str(work / "bare.db")], {}
        )
        try:
            wait_ready(f"http://127.0.0.1:{bare_port}/page/100")
            baseline = asyncio.run(run_bare(f"http://127.0.0.1:{bare_port}", ours, args.think))
        finally:
            stop_server(bare)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"{args.kiosks} kiosks, {args.rounds} journeys each, mean pause {args.think} s, one worker")
    report("OneVisit kiosk journey", ours, per_route=True)
    report("Bare Starlette + aiosqlite + Jinja page of the same sizes", baseline, per_route=False)
    ours_p99 = percentile([t.server_ms / 1000 for t in ours.timings], 0.99)
    bare_p99 = percentile([t.server_ms / 1000 for t in baseline.timings], 0.99)
    ours_p50 = percentile([t.server_ms / 1000 for t in ours.timings], 0.50)
    bare_p50 = percentile([t.server_ms / 1000 for t in baseline.timings], 0.50)
    print(f"\nserver time ours / bare: p50 {ours_p50 / bare_p50:.1f}x, p99 {ours_p99 / bare_p99:.1f}x")
    verdict = "met" if ours_p99 < 50 and not ours.failures else "NOT met"
    print(f"goal p99 < 50 ms per interaction: {verdict} (p99 {ours_p99:.1f} ms, {len(ours.failures)} failed journeys)")


if __name__ == "__main__":
    main()
