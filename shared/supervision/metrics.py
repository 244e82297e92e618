"""Every figure of the supervision board (电子监察), from the rows `shared.supervision.facts` reads.

Definitions (each figure states the event that puts an application in the period):

- 按时办结率 on-time completion rate: applications DECIDED in the period whose item has a
  promised time (承诺时限), decided on or before the promised date of the running clock
  (`shared.applications.timekeeping`: the same start, pauses and calendar as the lights and
  the warnings staff and citizens see).
- 现场办结率 completed on the spot: applications decided in the period that were decided on
  the same China day they were accepted, over all decided in the period.
- 跑动次数 trips: per application submitted in the period, the measured on-site contacts
  (`shared.applications.trips`: one per kiosk session or window day, a bundle's shared)
  against the catalog's declared maximum (最多跑动次数) of the item version applied for.
- 等候时长 waiting: acceptance in the period, from the submission the clerk accepted (the last
  submit or resubmit before it) to acceptance. 办理时长 processing: decision in the period,
  from acceptance to the decision. Median and 90th percentile (nearest rank), in hours.
- 好差评 ratings: ratings given in the period, each counted for every item application it
  rates (a bundle's one rating counts for each of its items' departments), by department,
  by window (where the matter came in: the kiosk that took it, the phone, the counter) and by
  the staff member who accepted it. Ratings excluded by an upheld appeal (the view
  `counted_ratings`) are not counted. 好评率 = levels 3–5 over all levels,
  差评 = levels 1–2 (国办发〔2019〕51号).
- 预警 / 超期 warned and overdue: the watch job's `time_alerts` raised in the period; in a hall
  where it has raised none yet, the running clock's lights of the applications still running.

Scope: item applications (a bundle's parent is not a matter of its own), never drafts or
discarded ones; the department filter is the lead department.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from shared.clock import china_day
from shared.db import Database
from shared.i18n import Text
from shared.services import Services
from shared.supervision.facts import (
    RUNNING,
    AlertFact,
    Matter,
    RatingFact,
    hall_calendar,
    load_alerts,
    load_matters,
    load_ratings,
    with_deadlines,
)
from shared.supervision.filters import Filters

HOUR = 3600.0
DECIDED = ("approved", "denied", "delivered")

CHANNEL_TEXT: Mapping[str, Text] = {
    "kiosk": Text("自助机", "Kiosk"),
    "mobile": Text("手机", "Phone"),
    "window": Text("窗口", "Counter"),
}


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile (share 0.5 = median); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# --- what the board shows ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Durations:
    count: int
    median_hours: float | None
    p90_hours: float | None

    @classmethod
    def of(cls, seconds: Iterable[float]) -> Durations:
        hours = [max(0.0, s) / HOUR for s in seconds]
        return cls(len(hours), percentile(hours, 0.5), percentile(hours, 0.9))


@dataclass(frozen=True, slots=True)
class RatingSummary:
    key: str
    label: Text
    levels: tuple[int, int, int, int, int]  # counts of levels 1..5

    @property
    def count(self) -> int:
        return sum(self.levels)

    @property
    def average(self) -> float | None:
        return sum((i + 1) * n for i, n in enumerate(self.levels)) / self.count if self.count else None

    @property
    def good_rate(self) -> float | None:
        return rate(sum(self.levels[2:]), self.count)

    @property
    def bad(self) -> int:
        return self.levels[0] + self.levels[1]


@dataclass(frozen=True, slots=True)
class DepartmentRow:
    code: str
    name: Text
    submitted: int
    decided: int
    with_deadline: int
    on_time: int
    on_the_spot: int
    trips_measured: int  # applications submitted in the period with a trip count
    trips_total: int
    trips_over: int  # more trips than declared
    waiting: Durations
    processing: Durations
    ratings: RatingSummary
    overdue: int
    warned: int

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.on_time, self.with_deadline)

    @property
    def on_the_spot_rate(self) -> float | None:
        return rate(self.on_the_spot, self.decided)

    @property
    def average_trips(self) -> float | None:
        return self.trips_total / self.trips_measured if self.trips_measured else None


@dataclass(frozen=True, slots=True)
class ItemTripRow:
    item_code: str
    name: Text
    department: str
    declared: int | None
    applications: int
    average: float
    most: int
    over: int  # applications with more trips than declared


@dataclass(frozen=True, slots=True)
class AlertRow:
    number: str
    item_code: str
    item_name: Text
    department: str
    kind: str  # warned | overdue | deemed
    state: str
    accepted: dt.date | None
    due: dt.date | None
    working_days_over: int | None
    raised: dt.date | None


@dataclass(frozen=True, slots=True)
class Week:
    start: dt.date
    submitted: int
    decided: int
    with_deadline: int
    on_time: int

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.on_time, self.with_deadline)


@dataclass(frozen=True, slots=True)
class Board:
    filters: Filters
    totals: DepartmentRow
    departments: list[DepartmentRow]
    items: list[ItemTripRow]
    by_window: list[RatingSummary]
    by_staff: list[RatingSummary]
    alerts: list[AlertRow]
    alerts_source: str  # "watch" (G2's time_alerts) or "computed"
    weeks: list[Week]
    department_weeks: dict[str, list[Week]] = field(default_factory=dict)
    late_decided: int = 0


def _levels(facts: Iterable[RatingFact]) -> tuple[int, int, int, int, int]:
    counts = [0, 0, 0, 0, 0]
    for fact in facts:
        counts[fact.level - 1] += 1
    return (counts[0], counts[1], counts[2], counts[3], counts[4])


def _department_row(
    code: str,
    name: Text,
    matters: Sequence[Matter],
    ratings: Sequence[RatingFact],
    alerts: Sequence[AlertRow],
    filters: Filters,
) -> DepartmentRow:
    decided = [m for m in matters if filters.contains(m.decided_ts)]
    with_deadline = [m for m in decided if m.due is not None]
    submitted = [m for m in matters if filters.contains(m.submitted_ts)]
    measured = submitted
    accepted = [m for m in matters if filters.contains(m.accepted_ts) and m.accepted_from_ts is not None]
    return DepartmentRow(
        code=code,
        name=name,
        submitted=len(submitted),
        decided=len(decided),
        with_deadline=len(with_deadline),
        on_time=sum(1 for m in with_deadline if m.on_time),
        on_the_spot=sum(1 for m in decided if m.on_the_spot),
        trips_measured=len(measured),
        trips_total=sum(m.trips for m in measured),
        trips_over=sum(1 for m in measured if m.declared is not None and m.trips > m.declared),
        waiting=Durations.of(
            m.accepted_ts - m.accepted_from_ts for m in accepted if m.accepted_ts and m.accepted_from_ts
        ),
        processing=Durations.of(m.decided_ts - m.accepted_ts for m in decided if m.decided_ts and m.accepted_ts),
        ratings=RatingSummary(code, name, _levels(ratings)),
        overdue=sum(1 for a in alerts if a.kind == "overdue"),
        warned=sum(1 for a in alerts if a.kind == "warned"),
    )


def _weeks(matters: Sequence[Matter], filters: Filters) -> list[Week]:
    """Monday-started weeks covering the period (the first and last may be partial)."""
    first = filters.start - dt.timedelta(days=filters.start.weekday())
    starts = []
    day = first
    while day <= filters.end:
        starts.append(day)
        day += dt.timedelta(days=7)
    submitted: dict[dt.date, int] = defaultdict(int)
    decided: dict[dt.date, int] = defaultdict(int)
    due: dict[dt.date, int] = defaultdict(int)
    kept: dict[dt.date, int] = defaultdict(int)

    def week_of(ts: float) -> dt.date:
        day = china_day(ts)
        return day - dt.timedelta(days=day.weekday())

    for m in matters:
        if m.submitted_ts is not None and filters.contains(m.submitted_ts):
            submitted[week_of(m.submitted_ts)] += 1
        if m.decided_ts is not None and filters.contains(m.decided_ts):
            week = week_of(m.decided_ts)
            decided[week] += 1
            if m.due is not None:
                due[week] += 1
                kept[week] += 1 if m.on_time else 0
    return [Week(s, submitted[s], decided[s], due[s], kept[s]) for s in starts]


def computed_alerts(matters: Sequence[Matter]) -> list[AlertFact]:
    """Running applications now overdue or warned, by the running clock's light (the same
    rule the watch job raises its alerts by, for a hall where it has raised none yet)."""
    kinds = {"red": "overdue", "yellow": "warned"}
    return [
        AlertFact(m.id, kinds[m.light], 0.0, m.due.isoformat() if m.due else None)
        for m in matters
        if m.state in RUNNING and m.light in kinds
    ]


async def build(services: Services, filters: Filters) -> Board:
    """Every figure of the board for `filters`, read in one go (see the module's definitions)."""
    db: Database = services.db
    snapshot = await services.catalog.current()
    calendar = await hall_calendar(db)
    today = china_day(services.clock.now())
    matters = await with_deadlines(services, await load_matters(db, filters.department), calendar, today)
    by_id = {m.id: m for m in matters}
    ratings = await load_ratings(db, filters)

    raised = await load_alerts(db, filters)
    source = "watch"
    if raised is None:
        source = "computed"
        # Today's state, for the matters the period has seen accepted (not those of a later period).
        seen = [m for m in matters if m.accepted_ts is not None and m.accepted_ts < filters.end_ts]
        raised = computed_alerts(seen)
    alerts: list[AlertRow] = []
    for fact in raised:
        m = by_id.get(fact.application_id)
        if m is None:
            continue  # another department's (filtered out) or a bundle parent
        item = snapshot.item(m.item_code)
        due = dt.date.fromisoformat(fact.due) if fact.due else m.due
        over = calendar.working_days_between(due, today) if due is not None and m.state in RUNNING else None
        alerts.append(
            AlertRow(
                number=m.number,
                item_code=m.item_code,
                item_name=item.name if item is not None else Text(m.item_code),
                department=m.department,
                kind=fact.kind,
                state=m.state,
                accepted=china_day(m.accepted_ts) if m.accepted_ts else None,
                due=due,
                working_days_over=over,
                raised=china_day(fact.ts) if fact.ts else None,
            )
        )
    # Still running first (they can still be helped), the longest overdue at the top.
    alerts.sort(
        key=lambda a: (
            a.state not in RUNNING,
            {"overdue": 0, "deemed": 1, "warned": 2}.get(a.kind, 3),
            -(a.working_days_over or 0),
            a.due or today,
            a.number,
        )
    )

    def dept_name(code: str) -> Text:
        found = snapshot.departments.get(code)
        return found.name if found is not None else Text(code)

    grouped: dict[str, list[Matter]] = defaultdict(list)
    for m in matters:
        grouped[m.department].append(m)
    ratings_by_dept: dict[str, list[RatingFact]] = defaultdict(list)
    for given in ratings:
        if given.matter_id in by_id:
            ratings_by_dept[by_id[given.matter_id].department].append(given)
    alerts_by_dept: dict[str, list[AlertRow]] = defaultdict(list)
    for alert in alerts:
        alerts_by_dept[alert.department].append(alert)
    departments = [
        _department_row(code, dept_name(code), grouped[code], ratings_by_dept[code], alerts_by_dept[code], filters)
        for code in sorted(grouped)
    ]
    departments = [d for d in departments if d.submitted or d.decided or d.ratings.count or d.overdue or d.warned]
    totals = _department_row("*", Text("全部", "All"), matters, ratings, alerts, filters)

    items = _item_trips(matters, snapshot, filters)
    by_window = _ratings_by(ratings, by_id, lambda m: (m.window, _window_label(m.window)))
    by_staff = _ratings_by(
        [f for f in ratings if by_id.get(f.matter_id) is not None and by_id[f.matter_id].accepted_by],
        by_id,
        lambda m: (str(m.accepted_by), Text(m.accepted_by_name or str(m.accepted_by))),
    )
    return Board(
        filters=filters,
        totals=totals,
        departments=departments,
        items=items,
        by_window=by_window,
        by_staff=by_staff,
        alerts=alerts,
        alerts_source=source,
        weeks=_weeks(matters, filters),
        department_weeks={code: _weeks(grouped[code], filters) for code in (d.code for d in departments)},
        late_decided=sum(
            1 for m in matters if filters.contains(m.decided_ts) and m.due is not None and m.on_time is False
        ),
    )


def _window_label(window: str) -> Text:
    if window.startswith("kiosk:"):
        place = window.removeprefix("kiosk:")
        return Text(f"自助机 {place}", f"Kiosk {place}")
    return CHANNEL_TEXT.get(window, Text(window))


def _ratings_by(ratings: Sequence[RatingFact], by_id: Mapping[str, Matter], key: Any) -> list[RatingSummary]:
    groups: dict[str, list[RatingFact]] = defaultdict(list)
    labels: dict[str, Text] = {}
    for fact in ratings:
        m = by_id.get(fact.matter_id)
        if m is None:
            continue
        code, label = key(m)
        groups[code].append(fact)
        labels[code] = label
    rows = [RatingSummary(code, labels[code], _levels(facts)) for code, facts in groups.items()]
    rows.sort(key=lambda r: (-r.count, r.key))
    return rows


def _item_trips(matters: Sequence[Matter], snapshot: Any, filters: Filters) -> list[ItemTripRow]:
    grouped: dict[str, list[Matter]] = defaultdict(list)
    for m in matters:
        if filters.contains(m.submitted_ts):
            grouped[m.item_code].append(m)
    rows = []
    for code, group in grouped.items():
        item = snapshot.item(code)
        declared = group[-1].declared
        counts = [m.trips for m in group]
        rows.append(
            ItemTripRow(
                item_code=code,
                name=item.name if item is not None else Text(code),
                department=group[0].department,
                declared=declared,
                applications=len(group),
                average=sum(counts) / len(counts),
                most=max(counts),
                over=sum(1 for m in group if m.declared is not None and m.trips > m.declared),
            )
        )
    rows.sort(key=lambda r: (-r.over, -r.average, r.item_code))
    return rows
