"""Benchmark of the catalog hot paths against a bare Starlette/aiosqlite baseline.

Run: `.venv/bin/python -m benchmarks.catalog_bench [--seconds 5] [--connections 16]`

1. Builds a 10,000-item catalog from the demo catalog (each demo item copied with new
   codes and varied names, so search has real work) and imports it into a fresh data dir.
2. Starts OneVisit (`onevisit serve`, one uvicorn process) and the bare app
   (`benchmarks/bare_app.py`, one uvicorn process) on loopback, both with the same flags.
3. For each hot path, measures our endpoint, then the bare endpoint returning a body of
   the same size (bare JSON and bare aiosqlite for the API, a bare Jinja page for the
   kiosk), in the same run, with the same closed-loop load: N keep-alive connections each
   sending the next request when the previous answer arrived. Reports requests per second,
   p50 and p99 latency, and the ratio ours / bare.

The load generator is a small asyncio HTTP/1.1 client in this file: on a 2-core machine
the server gets one core and the client the other. Only loopback addresses are used, and
every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from benchmarks.servers import free_port, start_server, stop_server, wait_ready

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ITEMS = 10_000

SUFFIXES = [
    "",
    "（个人）",
    "（企业）",
    "（网上办理）",
    "（自助终端）",
    "（异地办理）",
    "（补办）",
    "（变更）",
    "（延续）",
    "（注销）",
]
DISTRICTS = ["上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "临平区", "钱塘区", "富阳区", "临安区"]


def build_catalog(path: Path) -> tuple[str, list[str]]:
    """Write a 10,000-item catalog; return an item code for detail requests and varied queries."""
    demo = json.loads((ROOT / "shared/catalog/demo_catalog.json").read_text(encoding="utf-8"))
    templates = demo["items"]
    items = []
    for index in range(ITEMS):
        base = json.loads(json.dumps(templates[index % len(templates)]))
        variant = index // len(templates)
        base["code"] = f"{base['code']}-{variant:04d}" if variant else base["code"]
        if variant:
            district = DISTRICTS[variant % len(DISTRICTS)]
            base["name"]["zh"] = f"{district}{base['name']['zh']}{SUFFIXES[variant % len(SUFFIXES)]}"
            base["popularity"] = random.Random(index).randint(0, 5000)
            base.pop("national_code", None)
        items.append(base)
    demo["items"] = items
    demo["bundles"] = demo.get("bundles", [])
    path.write_text(json.dumps(demo, ensure_ascii=False), encoding="utf-8")
    # A typical guide: the most materials among the demo items.
    rich = max(templates, key=lambda t: len(t.get("materials", [])) + len(t.get("faq", [])))
    # Queries as a hall sees them: district + keyword, pinyin initials, Chinese fragments;
    # thousands of distinct ones, so the per-snapshot search cache rarely helps.
    keywords = sorted({k for t in templates for k in t.get("keywords", [])})
    queries = [f"{district} {keyword}" for keyword in keywords for district in DISTRICTS]
    random.Random(7).shuffle(queries)
    return rich["code"], queries


def fetch(url: str, cookie: str = "") -> bytes:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        body: bytes = response.read()
        return body


@dataclass
class Result:
    requests: int
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def enrol_kiosk(port: int, data: Path) -> str:
    """Register a kiosk with the CLI and enrol as it, as a technician would: the Cookie header
    that makes this client a registered kiosk (every kiosk page needs one)."""
    output = subprocess.run(
        [
            PYTHON,
            "-m",
            "onevisit",
            "kiosk",
            "register",
            "--id",
            "bench-kiosk",
            "--name",
            "Bench",
            "--data-dir",
            str(data),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    key = output.strip().splitlines()[-1]
    form = urlencode({"device_id": "bench-kiosk", "key": key}).encode()
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(urllib.request.Request(f"http://127.0.0.1:{port}/kiosk/enrol", data=form), timeout=10)
    except urllib.error.HTTPError as answer:  # the 303 to the kiosk's home page
        cookie = answer.headers.get("Set-Cookie", "")
        if answer.code == 303 and cookie:
            return cookie.split(";", 1)[0]
    raise RuntimeError("could not enrol the benchmark as a kiosk")


async def _connection(
    host: str,
    port: int,
    paths: list[str],
    offset: int,
    stop_at: float,
    warm_until: float,
    result: Result,
    cookie: str,
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    cookie_line = f"Cookie: {cookie}\r\n" if cookie else ""
    requests = [
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Language: zh-CN\r\n{cookie_line}\r\n".encode()
        for path in paths
    ]
    sent = offset
    try:
        while (now := time.perf_counter()) < stop_at:
            writer.write(requests[sent % len(requests)])
            sent += 1
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            done = time.perf_counter()
            if now >= warm_until:
                result.requests += 1
                result.latencies.append(done - now)
                if status != 200:
                    result.errors += 1
    finally:
        writer.close()


async def load(port: int, paths: list[str], seconds: float, connections: int, cookie: str = "") -> Result:
    warmup = 1.0
    start = time.perf_counter()
    result = Result(0, seconds, [], 0)
    await asyncio.gather(
        *(
            _connection("127.0.0.1", port, paths, index * 997, start + warmup + seconds, start + warmup, result, cookie)
            for index in range(connections)
        )
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds per endpoint (after 1 s warm-up)")
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="onevisit-bench-"))
    servers: list[subprocess.Popen[bytes]] = []
    try:
        catalog = work / "catalog.json"
        detail_code, queries = build_catalog(catalog)
        data = work / "data"
        began = time.perf_counter()
        subprocess.run(
            [PYTHON, "-m", "onevisit", "catalog", "import", str(catalog), "--data-dir", str(data)],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"imported {ITEMS} items in {time.perf_counter() - began:.1f} s")

        ours_port, bare_port = free_port(), free_port()
        env = {"ONEVISIT_DATA_DIR": str(data), "ONEVISIT_DEMO": "false", "ONEVISIT_LOG_LEVEL": "WARNING"}
        servers.append(start_server([PYTHON, "-m", "onevisit", "serve", "--port", str(ours_port)], env))
        wait_ready(f"http://127.0.0.1:{ours_port}/healthz")
        print(json.loads(fetch(f"http://127.0.0.1:{ours_port}/healthz")))
        kiosk_cookie = enrol_kiosk(ours_port, data)

        varied = [f"/api/v1/items?q={quote(q)}" for q in queries]
        # name: (our paths, kind of baseline); each name is also the baseline's key.
        cases: dict[str, tuple[list[str], str]] = {
            "api_item_detail": ([f"/api/v1/items/{detail_code}"], "json"),
            "api_search_sfz": (["/api/v1/items?q=sfz"], "json"),
            "api_search_varied": (varied, "json"),
            "kiosk_home": (["/"], "page"),
            "kiosk_item_guide": ([f"/items/{detail_code}"], "page"),
            "kiosk_search_varied": ([f"/search?q={quote(q)}" for q in queries], "page"),
        }
        # The baseline answers with the mean size of ours (sampled for the varied queries).
        sizes = {
            name: int(statistics.mean(len(fetch(f"http://127.0.0.1:{ours_port}{p}", kiosk_cookie)) for p in paths[:20]))
            for name, (paths, _) in cases.items()
        }
        sizes_file = work / "sizes.json"
        sizes_file.write_text(json.dumps(sizes))
        servers.append(
            start_server(
                [
                    PYTHON,
                    "-m",
                    "uvicorn",
                    "benchmarks.bare_app:app",
                    "--port",
                    str(bare_port),
                    "--log-level",
                    "warning",
                    "--no-access-log",
                ],
                {"BARE_SIZES_FILE": str(sizes_file), "BARE_DB": str(work / "bare.sqlite3")},
            )
        )
        wait_ready(f"http://127.0.0.1:{bare_port}/json/api_item_detail")

        print(
            f"\n{args.connections} connections, {args.seconds:.0f} s each after 1 s warm-up; "
            f"{len(queries)} distinct varied queries; ratio = our requests per second / the bare baseline's\n"
        )
        header = f"{'path':28} {'bytes':>7} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7}   baseline"
        print(header)
        print("-" * (len(header) + 20))
        for name, (paths, kind) in cases.items():
            ours = asyncio.run(load(ours_port, paths, args.seconds, args.connections, kiosk_cookie))
            errors = f"   errors: {ours.errors}" if ours.errors else ""
            print(
                f"{name:28} {sizes[name]:>7} {ours.rps:>8.0f} {ours.percentile(0.5):>7.1f} "
                f"{ours.percentile(0.99):>7.1f}{errors}"
            )
            for base in ["page"] if kind == "page" else ["json", "db"]:
                bare = asyncio.run(load(bare_port, [f"/{base}/{name}"], args.seconds, args.connections))
                label = {"json": "bare JSON", "db": "bare aiosqlite", "page": "bare Jinja"}[base]
                print(
                    f"{'  ' + label:28} {'':>7} {bare.rps:>8.0f} {bare.percentile(0.5):>7.1f} "
                    f"{bare.percentile(0.99):>7.1f}   ratio {ours.rps / bare.rps:.2f}"
                )
        return 0
    finally:
        for server in servers:
            stop_server(server)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
