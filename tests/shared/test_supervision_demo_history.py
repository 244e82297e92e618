"""`onevisit demo history --months 1`: made through the real workflows in bounded time, with
on-time and overdue matters, returns, trips and ratings (bad ones included) for the board."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from onevisit import main
from shared.clock import ManualClock
from shared.config import Settings
from shared.db import Database
from shared.services import open_services
from shared.supervision import metrics
from shared.supervision.demo_history import run_command
from shared.supervision.filters import Filters


async def test_one_month_of_history_in_bounded_time(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", demo=True, watch_seconds=0)
    started = time.monotonic()
    assert await run_command(settings, 1, 6.0, 7) == 0
    assert time.monotonic() - started < 60

    db = Database(settings.database_path, readers=1)
    await db.open()
    try:
        states = {
            r["state"]: r["n"]
            for r in await db.fetch_all(
                "SELECT state, COUNT(*) AS n FROM applications WHERE kind = 'item' GROUP BY state"
            )
        }
        acts = {r["act"] for r in await db.fetch_all("SELECT DISTINCT act FROM application_events")}
        levels = {int(r["level"]) for r in await db.fetch_all("SELECT DISTINCT level FROM ratings")}
        trips = await db.fetch_one("SELECT COUNT(*) AS n FROM trips")
        first = await db.fetch_one("SELECT MIN(ts) AS t, MAX(ts) AS u FROM application_events")
    finally:
        await db.close()
    assert {"draft", "approved", "delivered", "accepted"} <= set(states)
    assert {"submit", "accept", "return", "resubmit", "opinion", "approve", "deliver"} <= acts
    assert levels & {1, 2} and levels & {4, 5}  # bad ratings and good ones
    assert trips is not None and trips["n"] > 10
    assert first is not None and first["u"] - first["t"] > 20 * 86400  # spread over the month

    # What the board makes of it: matters decided on time and late, and some overdue now.
    async with open_services(dataclasses.replace(settings, demo=False), ManualClock()) as services:
        month = await metrics.build(services, Filters(metrics.china_day(first["t"]), services.clock.today()))
    t = month.totals
    assert 0 < t.on_time < t.with_deadline
    assert month.late_decided > 0
    assert t.ratings.bad > 0 and t.ratings.count > t.ratings.bad
    assert any(a.kind == "overdue" for a in month.alerts)
    assert len(month.departments) >= 5


async def test_refused_outside_demo_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert await run_command(Settings(data_dir=tmp_path / "data", demo=False), 1, 6.0, 7) == 2
    assert "demo mode" in capsys.readouterr().err
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())


def test_the_command_line_checks_the_months(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "history", "--months", "0", "--data-dir", str(tmp_path)]) == 2
    assert "--months" in capsys.readouterr().err
