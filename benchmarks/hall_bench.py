"""The hall's steady traffic (issue 6): every kiosk's heartbeat, the home screen from its
menu, and how fast a published menu reaches every kiosk.

1. Prepares a fresh demo data directory in-process: the demo catalog and menus, and
   `--kiosks` registered and enrolled kiosks in the lobby group (they show the default menu).
2. Starts OneVisit (`onevisit serve`: one uvicorn worker, demo mode, Server-Timing on).
3. Every kiosk opens its home screen, then beats every `--every` seconds (with jitter) for
   `--seconds`, as static/js/heartbeat.js does: `POST /kiosk/heartbeat` with the menu stamp
   it shows. When the answer names another stamp, it loads the home screen again, as the
   script does.
4. Halfway, a hall administrator publishes a new version of the default menu (in another
   process, through the same store the staff pages use). The benchmark records when each
   kiosk first showed the new menu: the time until the last one did is the propagation time.
5. Then the bare baseline (`benchmarks/bare_page_app.py`: Starlette, one aiosqlite read,
   a JSON answer or a Jinja page of the same size) gets the same requests with the same pauses.
6. Prints p50 / p99 of the server's own time for heartbeats and home screens, ours and bare,
   their ratios, and the propagation time.

Goal: heartbeats cost little next to the journey (p99 well under 50 ms) and a publish shows
on every kiosk within 5 s.

Run: `.venv/bin/python -m benchmarks.hall_bench [--kiosks 50] [--seconds 30] [--every 3]`
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx2

from benchmarks.kiosk_journey import server_ms
from benchmarks.servers import free_port, start_server, stop_server, wait_ready
from benchmarks.submissions import PYTHON, onevisit_command, percentile
from shared.audit import Actor
from shared.config import Settings
from shared.kiosk import devices
from shared.menus import store
from shared.services import open_services

DEFAULT_MENU = "hall-default"
HEADERS = {"Sec-Fetch-Site": "same-origin", "Accept-Language": "zh-CN"}
BEAT_HEADERS = {**HEADERS, "Content-Type": "application/json"}
# What htmx sends when the heartbeat script reloads a menu page (a boosted GET of the body).
HOME_HEADERS = {**HEADERS, "HX-Request": "true", "HX-Boosted": "true"}


@dataclass
class Sample:
    kind: str  # "beat" or "home"
    server_ms: float
    size: int
    pause: float  # seconds waited before it, to replay against the baseline


@dataclass
class KioskRun:
    samples: list[Sample] = field(default_factory=list)
    shown: str | None = None
    # When this kiosk first showed the newly published stamp (monotonic seconds).
    caught_up_at: float | None = None


async def prepare(data_dir: Path, kiosks: int) -> list[str]:
    settings = Settings(data_dir=data_dir, demo=True)
    cookies = []
    async with open_services(settings) as services:
        for k in range(kiosks):
            now = services.clock.now()
            device_id = f"bench-hall-{k:03d}"
            async with services.db.transaction() as tx:
                await devices.register(tx, device_id, f"压测自助机 {k}", "lobby", now)
                cookies.append(await devices.issue_credential(tx, device_id, now, revoke_others=True))
    return cookies


async def publish_moved_menu(data_dir: Path) -> str:
    """A new version of the default menu with its first tile moved to the end; its stamp."""
    async with open_services(Settings(data_dir=data_dir, demo=True)) as services:
        snapshot = await services.catalog.load()
        actor = Actor.system("hall-bench")
        now = services.clock.now()
        draft = await store.get_draft(services.db, DEFAULT_MENU)
        tiles = list(draft.document["tiles"])
        document = {**draft.document, "tiles": tiles[1:] + tiles[:1]}
        async with services.db.transaction() as tx:
            saved = await store.save_draft(tx, DEFAULT_MENU, document, draft.revision, actor, now)
            release = await store.publish(tx, DEFAULT_MENU, snapshot, actor, now, expected_revision=saved.revision)
        return f"{DEFAULT_MENU}@{release.version}"


def _stamp(html: str) -> str | None:
    marker = 'data-menu-stamp="'
    start = html.find(marker)
    if start < 0:
        return None
    start += len(marker)
    return html[start : html.index('"', start)] or None


async def run_ours(
    base_url: str, cookies: list[str], args: argparse.Namespace, data_dir: Path
) -> tuple[list[KioskRun], float, str]:
    runs = [KioskRun() for _ in cookies]
    published: dict[str, float | str] = {}
    began = time.monotonic()

    async def kiosk(cookie: str, run: KioskRun, seed: int) -> None:
        rng = random.Random(seed)
        async with httpx2.AsyncClient(base_url=base_url, cookies={"ov_device": cookie}, timeout=30) as client:

            async def home(pause: float) -> None:
                answer = await client.get("/", headers=HOME_HEADERS)
                answer.raise_for_status()
                run.samples.append(Sample("home", server_ms(answer), len(answer.content), pause))
                run.shown = _stamp(answer.text)
                if published.get("stamp") == run.shown and run.caught_up_at is None:
                    run.caught_up_at = time.monotonic()

            await asyncio.sleep(rng.uniform(0, args.every))
            await home(0.0)
            while time.monotonic() - began < args.seconds:
                pause = rng.uniform(0.8 * args.every, 1.2 * args.every)
                await asyncio.sleep(pause)
                body = json.dumps({"menu": run.shown})
                answer = await client.post("/kiosk/heartbeat", content=body, headers=BEAT_HEADERS)
                if answer.status_code == 204:
                    continue
                answer.raise_for_status()
                run.samples.append(Sample("beat", server_ms(answer), len(answer.content), pause))
                if answer.json()["menu"] != run.shown:
                    await home(0.0)

    async def administrator() -> None:
        await asyncio.sleep(args.seconds / 2)
        stamp = await publish_moved_menu(data_dir)
        published.update(stamp=stamp, at=time.monotonic())

    await asyncio.gather(administrator(), *(kiosk(c, r, i) for i, (c, r) in enumerate(zip(cookies, runs, strict=True))))
    at = published["at"]
    assert isinstance(at, float)
    return runs, at, str(published["stamp"])


async def run_bare(base_url: str, runs: list[KioskRun]) -> list[Sample]:
    samples: list[Sample] = []

    async def kiosk(own: list[Sample]) -> None:
        async with httpx2.AsyncClient(base_url=base_url, timeout=30) as client:
            for sample in own:
                await asyncio.sleep(sample.pause)
                if sample.kind == "beat":
                    answer = await client.post("/beat", content=b'{"menu": null}', headers=BEAT_HEADERS)
                else:
                    answer = await client.get(f"/page/{sample.size}")
                answer.raise_for_status()
                samples.append(Sample(sample.kind, server_ms(answer), len(answer.content), sample.pause))

    await asyncio.gather(*(kiosk(run.samples) for run in runs))
    return samples


def _figures(samples: list[Sample], kind: str) -> tuple[int, float, float]:
    times = [s.server_ms / 1000 for s in samples if s.kind == kind]
    return len(times), percentile(times, 0.5), percentile(times, 0.99)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--every", type=float, default=3.0, help="seconds between heartbeats")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="onevisit-hall-"))
    data_dir = work / "data"
    try:
        cookies = asyncio.run(prepare(data_dir, args.kiosks))
        port, bare_port = free_port(), free_port()
        env = {
            "ONEVISIT_DATA_DIR": str(data_dir),
            "ONEVISIT_DEMO": "true",
            "ONEVISIT_LOG_LEVEL": "WARNING",
            "ONEVISIT_SERVER_TIMING": "true",
        }
        server = start_server(onevisit_command(port), env, work / "onevisit.log")
        try:
            wait_ready(f"http://127.0.0.1:{port}/healthz")
            runs, published_at, stamp = asyncio.run(run_ours(f"http://127.0.0.1:{port}", cookies, args, data_dir))
        finally:
            stop_server(server)
        bare = start_server(
            [PYTHON, "-m", "benchmarks.bare_page_app", "--port", str(bare_port), "--db", str(work / "bare.db")], {}
        )
        try:
            wait_ready(f"http://127.0.0.1:{bare_port}/page/100")
            baseline = asyncio.run(run_bare(f"http://127.0.0.1:{bare_port}", runs))
        finally:
            stop_server(bare)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ours = [sample for run in runs for sample in run.samples]
    print(f"{args.kiosks} kiosks beating every {args.every} s for {args.seconds} s, one worker; server time in ms\n")
    header = f"{'':44} {'n':>6} {'p50':>7} {'p99':>7}"
    print(header)
    print("-" * len(header))
    rows = (
        ("beat", "OneVisit heartbeat", "bare: aiosqlite read + JSON"),
        ("home", "OneVisit home screen from the menu", "bare: aiosqlite read + page of that size"),
    )
    for kind, title, bare_title in rows:
        n, p50, p99 = _figures(ours, kind)
        bn, bp50, bp99 = _figures(baseline, kind)
        print(f"{title:44} {n:>6} {p50:>7.2f} {p99:>7.2f}")
        print(f"{bare_title:44} {bn:>6} {bp50:>7.2f} {bp99:>7.2f}")
        print(f"{'':44} ratio ours / bare: p50 {p50 / bp50:.1f}x, p99 {p99 / bp99:.1f}x")
    caught = [run.caught_up_at - published_at for run in runs if run.caught_up_at is not None]
    missing = sum(1 for run in runs if run.caught_up_at is None)
    if caught:
        print(
            f"\npublished {stamp}: {len(caught)} of {len(runs)} kiosks showed it, "
            f"median {statistics.median(caught):.1f} s, last {max(caught):.1f} s after the publish"
        )
    verdict = "met" if caught and not missing and max(caught) <= 5.0 else "NOT met"
    print(f"goal: every kiosk shows a published menu within 5 s: {verdict} ({missing} never did)")


if __name__ == "__main__":
    main()
