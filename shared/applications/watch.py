"""The watch job (电子监察 on time limits): warnings, overdue marks and deemed approvals.

Every server process runs it every ``ONEVISIT_WATCH_SECONDS`` (0 turns it off); tests call
`run_once`. For each application the hall still holds it reads the clock
(`shared.applications.timekeeping`) and raises, at most once per application ever:

- ``warned``: the light turned yellow (``ONEVISIT_WARN_SHARE`` of the promised days used);
- ``overdue``: the promised date passed with no decision (red);
- ``deemed``: 过期默许 — the item's rule (`ServiceItem.deemed_approval`) says that no decision
  by the limit (the legal one when the item has one, else the promised one) counts as
  approval, and the limit has passed: the system approves it (`review.deem_approved`).

Exactly once, with several processes on one database and across restarts: the alert is a
row keyed (application_id, kind), written with INSERT OR IGNORE in the same transaction as
its effect (the timeline event, the audit entry, the approval). The transaction that
inserted the row writes the effect; any other finds the row there and writes nothing. The
condition is checked again inside the transaction (BEGIN IMMEDIATE), so a clerk's decision
that lands between the scan and the write wins over the alert.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from shared.applications import journal, repository, review, timekeeping
from shared.applications.model import Application, EventActor
from shared.applications.states import RUNNING
from shared.applications.timekeeping import TimeStatus
from shared.audit import Where
from shared.clock import iso
from shared.db import Transaction

if TYPE_CHECKING:
    from shared.services import Services

log = logging.getLogger("onevisit.watch")
AlertKind = Literal["warned", "overdue", "deemed"]
ALERT_KINDS: tuple[AlertKind, ...] = ("warned", "overdue", "deemed")
RUNNING_STATES = tuple(sorted(state.value for state in RUNNING))


@dataclass(slots=True)
class WatchReport:
    """What one pass raised (in this process), per kind: application ids."""

    raised: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in ALERT_KINDS})
    checked: int = 0

    def count(self, kind: str) -> int:
        return len(self.raised[kind])


def deemed_due(status: TimeStatus) -> dt.date | None:
    """The limit whose passing makes 过期默许: the legal one when the item has it, else the promised one."""
    return status.legal_due or status.promised_due


async def _deemed_allowed(services: Services, app: Application) -> bool:
    item, _, _ = await timekeeping.item_limits(services, app)
    return item is not None and item.deemed_approval


async def wanted(services: Services, app: Application, status: TimeStatus, today: dt.date) -> list[AlertKind]:
    """The alerts this status calls for (not yet checked against those already raised)."""
    if app.state not in RUNNING or status.paused or status.stopped:
        return []
    kinds: list[AlertKind] = []
    if status.light == "yellow":
        kinds.append("warned")
    if status.light == "red":
        kinds.append("overdue")
    due = deemed_due(status)
    if due is not None and today > due and await _deemed_allowed(services, app):
        kinds.append("deemed")
    return kinds


async def _raise(services: Services, application_id: str, kind: AlertKind, today: dt.date, now: float) -> bool:
    """Raise one alert with its effect in one transaction; False when it was not (any more) due
    or another process raised it first."""
    async with services.db.transaction() as tx:
        current = await repository.load(tx, services.vault, application_id)
        if current is None:
            return False
        status = await timekeeping.status_in(services, tx, current, today)
        if kind not in await wanted(services, current, status, today):
            return False
        due = deemed_due(status) if kind == "deemed" else status.promised_due
        due_text = due.isoformat() if due is not None else None
        inserted = await tx.execute(
            "INSERT OR IGNORE INTO time_alerts (application_id, kind, raised_at, ts, due) VALUES (?, ?, ?, ?, ?)",
            (current.id, kind, iso(now), now, due_text),
        )
        if inserted != 1:
            return False
        await _effect(tx, services, current, kind, due_text or "", now)
        return True


async def _effect(
    tx: Transaction, services: Services, current: Application, kind: AlertKind, due: str, now: float
) -> None:
    if kind == "deemed":
        item, _, _ = await timekeeping.item_limits(services, current)
        assert item is not None
        await review.deem_approved(tx, services, current, item, due, now)
        return
    await journal.record(
        tx,
        application_id=current.id,
        actor=EventActor.system(),
        act="time_warned" if kind == "warned" else "time_overdue",
        from_state=None,
        to_state=None,
        where=Where.system(),
        now=now,
        detail={"due": due},
        audit_detail={"due": due},
    )


async def run_once(services: Services) -> WatchReport:
    """One pass over the applications the hall holds; safe to run in several processes at once."""
    report = WatchReport()
    today = services.clock.today()
    now = services.clock.now()
    marks = ", ".join("?" for _ in RUNNING_STATES)
    rows = await services.db.fetch_all(
        f"SELECT id FROM applications WHERE kind = 'item' AND state IN ({marks}) AND discarded_at IS NULL"
        " ORDER BY submitted_ts, id",
        RUNNING_STATES,
    )
    ids = [str(row["id"]) for row in rows]
    raised = await timekeeping.alerts_for(services.db, ids)
    for application_id in ids:
        report.checked += 1
        try:
            app = await repository.load(services.db, services.vault, application_id)
            if app is None:
                continue
            status = await timekeeping.time_status(services, app, today)
            for kind in await wanted(services, app, status, today):
                if kind not in raised.get(application_id, set()) and await _raise(
                    services, application_id, kind, today, now
                ):
                    report.raised[kind].append(application_id)
        except Exception:
            # One application's trouble must not stop the watch for the others.
            log.exception("time watch failed for one application")
    if any(report.raised.values()):
        log.info(
            "time watch: %d warned, %d overdue, %d deemed approved",
            report.count("warned"),
            report.count("overdue"),
            report.count("deemed"),
        )
    return report


async def _loop(services: Services, seconds: int) -> None:
    while True:
        await asyncio.sleep(seconds)
        try:
            await run_once(services)
        except Exception:
            log.exception("time watch pass failed")


@contextlib.asynccontextmanager
async def running(services: Services) -> AsyncIterator[None]:
    """The watch as a background task for the life of the app (nothing when the setting is 0)."""
    seconds = services.settings.watch_seconds
    task = asyncio.create_task(_loop(services, seconds), name="time-watch") if seconds > 0 else None
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
