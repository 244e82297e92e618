"""What the submission benchmark and the crash test share: complete drafts made ahead of
time, a raw HTTP/1.1 client that keeps its connection, and starting/stopping a server.

Drafts are made in-process through the same shared functions the API calls (start, save
answers, choose delivery), against the data directory the server is then started on, so
the measured or crashed phase is only the submissions themselves.
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.servers import ROOT
from shared.applications import certificates, drafts, forms
from shared.audit import Where
from shared.auth import sessions
from shared.auth.tokens import MOBILE
from shared.catalog.importer import import_catalog, parse_catalog_text
from shared.config import Settings
from shared.db import Transaction
from shared.identity import citizens
from shared.identity.numbers import id_check_character
from shared.services import Services, open_services

PYTHON = sys.executable
DEMO_CATALOG = ROOT / "shared" / "catalog" / "demo_catalog.json"
# 婚姻登记记录证明: phone-friendly, no fee, its one material covered by the ID-card certificate.
ITEM = "MZ-HY-003"
# Tokens must outlive a benchmark or a crash test with its restart.
TOKEN_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class Draft:
    token: str
    application_id: str


def _id_number(index: int) -> str:
    body = f"110105{1960 + index % 40:04d}0{1 + index % 9}1{index % 10}{index % 1000:03d}"
    return body + id_check_character(body)


def _phone(index: int) -> str:
    return f"139{index:08d}"


async def prepare(data_dir: Path, citizens_count: int, drafts_each: int) -> list[Draft]:
    """Citizens with tokens, and `drafts_each` complete, ready-to-submit drafts for each."""
    settings = Settings(data_dir=data_dir, demo=False, access_token_seconds=TOKEN_SECONDS)
    made: list[Draft] = []
    async with open_services(settings) as services:
        await import_catalog(services.db, parse_catalog_text(DEMO_CATALOG.read_text(encoding="utf-8")))
        await services.catalog.load()
        for index in range(citizens_count):
            now = services.clock.now()
            async with services.db.transaction() as tx:
                citizen_id, token = await phone_citizen(tx, services, _id_number(index), f"BENCH-{index:05d}", now)
            for _ in range(drafts_each):
                where = Where.system()
                app = await drafts.start(services, citizen_id, item_code=ITEM, channel="mobile", where=where, now=now)
                app = await drafts.save_answers(
                    services, app, {"for_whom": "self", "applicant_phone": _phone(index)}, now=now
                )
                app = await drafts.set_delivery(services, app, "electronic", None, now=now)
                if not made:
                    view = await forms.form_view(services, app)
                    if not view.ready:
                        raise SystemExit(f"the benchmark draft is not complete: {[p.path for p in view.problems]}")
                made.append(Draft(token, app.id))
    return made


async def phone_citizen(
    tx: Transaction, services: Services, id_number: str, certificate_number: str, now: float
) -> tuple[str, str]:
    """A real-name citizen signed in on the phone (their id and access token), with their ID
    card in the certificate wallet so the ID-card material is covered."""
    citizen_id = await citizens.sign_in_with_id_card(tx, services.vault, "王晓明", id_number, now)
    session, _refresh = await sessions.start(tx, citizen_id, MOBILE, now, 86_400)
    await certificates.issue(
        tx, services.vault.lookup_hash(id_number, "id_number"), "resident_id_card", certificate_number, "GA", now, None
    )
    return citizen_id, services.tokens.mint(MOBILE, citizen_id, session.id).token


def onevisit_command(port: int) -> list[str]:
    return [PYTHON, "-m", "onevisit", "serve", "--port", str(port)]


def onevisit_env(data_dir: Path) -> dict[str, str]:
    return {
        "ONEVISIT_DATA_DIR": str(data_dir),
        "ONEVISIT_DEMO": "false",
        "ONEVISIT_LOG_LEVEL": "WARNING",
        "ONEVISIT_ACCESS_TOKEN_SECONDS": str(TOKEN_SECONDS),
    }


@dataclass
class Answer:
    status: int
    body: bytes
    seconds: float


@dataclass
class Connection:
    """One keep-alive HTTP/1.1 connection sending one request at a time."""

    host: str
    port: int
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    headers: dict[str, str] = field(default_factory=dict)

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> Answer:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        lines = [f"POST {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        began = time.perf_counter()
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        data = await self.reader.readexactly(length)
        return Answer(status, data, time.perf_counter() - began)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def submit_request(draft: Draft, key: str) -> tuple[str, bytes, dict[str, str]]:
    """The phone's submission: POST /api/v1/applications/{id}/submission with its key."""
    return (
        f"/api/v1/applications/{draft.application_id}/submission",
        b"{}",
        {
            "Authorization": f"Bearer {draft.token}",
            "Idempotency-Key": key,
            "Content-Type": "application/json",
            "Accept-Language": "zh-CN",
        },
    )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000 if ordered else float("nan")
