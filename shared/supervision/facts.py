"""The rows the supervision board reads, once per board: every item application with the
moments the figures need, the ratings that count, the time alerts raised — all of the board's
SQL. The figures themselves are in `shared.supervision.metrics`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from shared.applications import repository
from shared.applications.deadlines import Light
from shared.applications.timekeeping import status_from
from shared.calendar import store as calendar_store
from shared.calendar.days import WorkCalendar
from shared.catalog.model import ServiceItem
from shared.clock import china_day
from shared.db import Database
from shared.ratings import COUNTED_VIEW
from shared.services import Services
from shared.supervision.filters import Filters

RUNNING = ("accepted", "under_review")


async def hall_calendar(db: Database) -> WorkCalendar:
    """The hall's calendar (holidays and 调休; Mon–Fri for years it has no data for)."""
    return await calendar_store.current(db)


# --- the rows read once per board -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Matter:
    """One item application with the moments the board needs (epoch seconds)."""

    id: str
    number: str
    item_code: str
    item_version: int
    department: str
    state: str
    channel: str
    window: str  # "kiosk:<name>", "mobile", "window"
    submitted_ts: float | None  # first submission
    accepted_ts: float | None
    accepted_from_ts: float | None  # the submission the acceptance answered
    decided_ts: float | None
    accepted_by: str | None  # staff account id
    accepted_by_name: str | None
    trips: int
    declared: int | None = None
    promised: int | None = None
    due: dt.date | None = None
    light: Light | None = None  # the running clock's light today (None when decided or no promise)

    @property
    def on_time(self) -> bool | None:
        if self.due is None or self.decided_ts is None:
            return None
        return china_day(self.decided_ts) <= self.due

    @property
    def on_the_spot(self) -> bool | None:
        if self.decided_ts is None or self.accepted_ts is None:
            return None
        return china_day(self.decided_ts) == china_day(self.accepted_ts)


_MATTERS_SQL = """
WITH ev AS (
    SELECT application_id,
           MIN(CASE WHEN act = 'submit' THEN ts END) AS submitted_ts,
           MIN(CASE WHEN act = 'accept' THEN ts END) AS accepted_ts,
           MIN(CASE WHEN act IN ('approve', 'deny') THEN ts END) AS decided_ts
    FROM application_events GROUP BY application_id
)
SELECT a.id, a.number, a.item_code, a.item_version, a.department, a.state,
       COALESCE(a.submitted_channel, a.started_channel) AS channel,
       COALESCE(ev.submitted_ts, a.submitted_ts) AS submitted_ts, ev.accepted_ts, ev.decided_ts,
       (SELECT MAX(e.ts) FROM application_events e WHERE e.application_id = a.id
            AND e.act IN ('submit', 'resubmit') AND e.ts <= ev.accepted_ts) AS accepted_from_ts,
       (SELECT e.actor_id FROM application_events e WHERE e.application_id = a.id AND e.act = 'accept'
            ORDER BY e.id LIMIT 1) AS accepted_by,
       (SELECT s.display_name FROM application_events e JOIN staff_accounts s ON CAST(s.id AS TEXT) = e.actor_id
            WHERE e.application_id = a.id AND e.act = 'accept' AND e.actor_kind = 'staff'
            ORDER BY e.id LIMIT 1) AS accepted_by_name,
       (SELECT t.place FROM trips t WHERE (t.application_id = a.id OR t.application_id = a.parent_id)
            AND t.kind = 'kiosk' ORDER BY t.ts, t.id LIMIT 1) AS kiosk_place,
       (SELECT COUNT(DISTINCT t.kind || ':' || t.contact_key) FROM trips t
            WHERE t.application_id = a.id OR t.application_id = a.parent_id) AS trips
FROM applications a LEFT JOIN ev ON ev.application_id = a.id
WHERE a.kind = 'item' AND a.state != 'draft' AND a.discarded_at IS NULL
  AND (? IS NULL OR a.department = ?)
"""


async def load_matters(db: Database, department: str | None) -> list[Matter]:
    rows = await db.fetch_all(_MATTERS_SQL, (department, department))
    found = []
    for r in rows:
        channel = str(r["channel"])
        window = f"kiosk:{r['kiosk_place']}" if channel == "kiosk" and r["kiosk_place"] else channel
        found.append(
            Matter(
                id=r["id"],
                number=r["number"],
                item_code=r["item_code"],
                item_version=int(r["item_version"]),
                department=r["department"] or "",
                state=r["state"],
                channel=channel,
                window=window,
                submitted_ts=r["submitted_ts"],
                accepted_ts=r["accepted_ts"],
                accepted_from_ts=r["accepted_from_ts"],
                decided_ts=r["decided_ts"],
                accepted_by=r["accepted_by"],
                accepted_by_name=r["accepted_by_name"],
                trips=int(r["trips"]),
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class RatingFact:
    level: int
    created_ts: float
    matter_id: str


async def load_ratings(db: Database, filters: Filters) -> list[RatingFact]:
    # Ratings taken out by an upheld appeal (申诉成立) do not count; the rating rows stay as given.
    rows = await db.fetch_all(
        f"SELECT r.level, r.created_at, a.id AS matter_id FROM {COUNTED_VIEW} r"
        " JOIN applications a ON (a.id = r.application_id OR a.parent_id = r.application_id) AND a.kind = 'item'"
        " WHERE (? IS NULL OR a.department = ?)",
        (filters.department, filters.department),
    )
    facts = []
    for r in rows:
        ts = dt.datetime.fromisoformat(r["created_at"]).timestamp()
        if filters.contains(ts):
            facts.append(RatingFact(int(r["level"]), ts, r["matter_id"]))
    return facts


@dataclass(frozen=True, slots=True)
class AlertFact:
    application_id: str
    kind: str  # warned | overdue | deemed
    ts: float
    due: str | None


async def load_alerts(db: Database, filters: Filters) -> list[AlertFact] | None:
    """The watch job's alerts raised in the period; None while it has raised none at all (a
    fresh hall, or the watch switched off), when the board works them out itself."""
    if await db.fetch_one("SELECT 1 FROM time_alerts LIMIT 1") is None:
        return None
    rows = await db.fetch_all(
        "SELECT application_id, kind, ts, due FROM time_alerts WHERE ts >= ? AND ts < ? ORDER BY ts",
        (filters.start_ts, filters.end_ts),
    )
    return [AlertFact(r["application_id"], r["kind"], float(r["ts"]), r["due"]) for r in rows]


async def with_deadlines(
    services: Services, matters: list[Matter], calendar: WorkCalendar, today: dt.date
) -> list[Matter]:
    """Attach each matter's declared trips, promised days and promised date (catalog item version).

    The promised date is the one the running clock shows staff and citizens
    (shared.applications.timekeeping): the same start, the same pauses for corrections and
    special procedures, so the board and the warnings never disagree about a matter.
    """
    versions: dict[tuple[str, int], ServiceItem | None] = {}
    events = await _events_by_application(services.db, [m.id for m in matters if m.accepted_ts is not None])
    share = services.settings.warn_share
    done = []
    for m in matters:
        key = (m.item_code, m.item_version)
        if key not in versions:
            versions[key] = await services.catalog.item_version(m.item_code, m.item_version)
        item = versions[key]
        promised = item.promised_days if item is not None else None
        due, light = None, None
        if promised is not None and m.accepted_ts is not None:
            as_of = china_day(m.decided_ts) if m.decided_ts is not None else today
            status = status_from(calendar, events.get(m.id, []), promised, None, share, as_of)
            due, light = status.promised_due, status.light
        declared = item.max_visits if item is not None else None
        done.append(replace(m, declared=declared, promised=promised, due=due, light=light))
    return done


async def _events_by_application(db: Database, ids: list[str]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for start in range(0, len(ids), 500):  # well under SQLite's limit on bound values
        for event in await repository.events_for(db, ids[start : start + 500]):
            grouped[event.application_id].append(event)
    return grouped
