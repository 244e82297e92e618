"""An application's running clock (承诺时限): read from its timeline, measured in working days.

The events that move the clock are the ones the timeline already holds, so the clock can
always be recomputed and never disagrees with what the citizen and staff read:

- ``submit`` starts it: the hall counts its promise from the day it received the
  application (收件即受理; 行政许可法 第三十二条 treats an application not returned for
  correction within five days as accepted on receipt);
- ``return`` (补正, waiting for the citizen) pauses it and ``resubmit`` resumes it: the time
  the citizen takes to correct is not the hall's;
- ``special_start`` / ``special_end`` (特别程序, `shared.applications.special`) pause and
  resume it when the item says the procedure is not counted (行政许可法 第四十五条);
  a counted one leaves it running;
- a decision (``approve``, ``deny``, ``deemed_approve``, ``refuse``) stops it.

The working-day arithmetic is G1's pure `shared.applications.deadlines` over the
holiday calendar (`shared.calendar.store.current`); this module only gathers the inputs
and words the result: green / yellow (a share of the time used, ``ONEVISIT_WARN_SHARE``) /
red (past the promised date), with the promised date in plain words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.applications import repository, special
from shared.applications.deadlines import ClockEvent, Deadline, Light, compute, light
from shared.applications.model import Application, Event
from shared.calendar import store as calendar_store
from shared.calendar.days import WorkCalendar
from shared.catalog.model import ServiceItem
from shared.clock import CHINA_TIME
from shared.db import Database, Transaction
from shared.i18n import Text

if TYPE_CHECKING:
    from shared.services import Services

Reader = Database | Transaction
LIGHTS: tuple[Light, ...] = ("green", "yellow", "red")
LIGHT_TEXT: Mapping[str, Text] = {
    "green": Text("正常", "On time"),
    "yellow": Text("临近期限", "Due soon"),
    "red": Text("已逾期", "Overdue"),
}
STOPPING_ACTS = frozenset({"approve", "deny", "deemed_approve", "refuse"})
CORRECTION_TEXT = Text("等待申请人补正", "waiting for the applicant's correction")
PAUSE_TEXT: Mapping[str, Text] = {"correction": CORRECTION_TEXT, **special.KIND_TEXT}


@dataclass(frozen=True, slots=True)
class TimeStatus:
    """Where an application stands against its time limit, for a badge and a sentence.

    `light` is None when no clock runs (a draft, a decided application, an item without a
    promised limit) or while it is paused; `plain` is the sentence for people, e.g.
    "承诺 2026年12月3日 前办结（还有 5 个工作日）".
    """

    light: Light | None
    promised_due: dt.date | None
    legal_due: dt.date | None
    working_days_left: int | None  # negative: working days past the promised date
    paused: bool
    plain: Text
    pause_reason: str | None = None  # "correction" or a special procedure's kind
    stopped: bool = False
    used_days: int = 0

    @property
    def light_text(self) -> Text | None:
        return LIGHT_TEXT[self.light] if self.light is not None else None

    @property
    def shown(self) -> bool:
        """Whether a page has anything to say about time."""
        return bool(self.plain.zh)


NO_CLOCK = TimeStatus(None, None, None, None, False, Text(""))


def local_day(iso_value: str) -> dt.date:
    """The hall's day (China Standard Time) of a stored UTC timestamp."""
    return dt.datetime.fromisoformat(iso_value).astimezone(CHINA_TIME).date()


def date_text(day: dt.date) -> Text:
    return Text(f"{day.year}年{day.month}月{day.day}日", f"{day.day} {day.strftime('%B')} {day.year}")


def clock_events(events: Iterable[Event]) -> list[ClockEvent]:
    """The timeline's acts that move the clock, as `deadlines.ClockEvent`s (pure).

    Only what the clock can use: nothing before the first submission, a resume only after a
    pause, nothing after the decision.
    """
    clock: list[ClockEvent] = []
    open_pauses = 0
    for event in events:
        day = local_day(event.at)
        if not clock:
            if event.act == "submit":
                clock.append(ClockEvent("start", day))
        elif event.act == "return" or event.act == "special_start":
            clock.append(
                ClockEvent("pause", day, counts=event.act == "special_start" and bool(event.detail.get("counted")))
            )
            open_pauses += 1
        elif event.act in ("resubmit", "special_end") and open_pauses:
            clock.append(ClockEvent("resume", day))
            open_pauses -= 1
        elif event.act in STOPPING_ACTS:
            clock.append(ClockEvent("stop", day))
            break
    return clock


def pause_reason(events: Sequence[Event]) -> str | None:
    """What the clock waits for now: the last uncounted pause that has not been resumed."""
    reason: str | None = None
    for event in events:
        if event.act == "return":
            reason = "correction"
        elif event.act == "special_start" and not event.detail.get("counted"):
            reason = str(event.detail.get("kind", "expert_review"))
        elif event.act in ("resubmit", "special_end"):
            reason = None
    return reason


def days_left(calendar: WorkCalendar, today: dt.date, due: dt.date) -> int:
    """Working days from today until `due` (0 on the day itself); negative once it has passed."""
    if today <= due:
        return calendar.working_days_between(today, due)
    return -calendar.working_days_between(due, today)


def words(
    deadline: Deadline,
    state_light: Light | None,
    left: int | None,
    reason: str | None,
    promised_days: int | None,
    today: dt.date,
) -> Text:
    """The sentence for people, with the promised date (pure)."""
    due = deadline.promised_due
    if deadline.stopped:
        return Text("已办结", "Decided")
    if deadline.paused:
        what = PAUSE_TEXT.get(reason or "", Text("特别程序", "a special procedure"))
        limit = f"，承诺 {promised_days} 个工作日" if promised_days is not None else ""
        limit_en = f" of {promised_days} promised" if promised_days is not None else ""
        return Text(
            f"计时暂停（{what.zh}），期间不计入办理时限；已用 {deadline.used_days} 个工作日{limit}",
            f"The clock is paused ({what.get('en')}); this time does not count."
            f" {deadline.used_days} working day(s) used{limit_en}",
        )
    if due is None:
        return Text("")
    when = date_text(due)
    if state_light == "red" and left is not None:
        late = -left
        if late < 1:
            # Due on the last working day before a weekend or holiday: late since then,
            # though no working day has passed yet.
            return Text(f"已超过承诺办结日期 {when.zh}", f"Past the promised date of {when.get('en')}")
        return Text(
            f"已超过承诺办结日期 {when.zh}（逾期 {late} 个工作日）",
            f"Past the promised date of {when.get('en')} ({late} working day(s) late)",
        )
    if due == today or left == 0:
        return Text(f"承诺今天（{when.zh}）办结", f"Promised for today, {when.get('en')}")
    return Text(
        f"承诺 {when.zh} 前办结（还有 {left} 个工作日）",
        f"Promised by {when.get('en')} ({left} working day(s) left)",
    )


def status_from(
    calendar: WorkCalendar,
    events: Sequence[Event],
    promised_days: int | None,
    legal_days: int | None,
    warn_share: float,
    today: dt.date,
) -> TimeStatus:
    """One item application's status from its events and its item's limits (pure)."""
    clock = clock_events(events)
    if not clock:
        return NO_CLOCK
    deadline = compute(calendar, clock, promised_days, legal_days, today)
    if deadline.stopped:
        return TimeStatus(
            None, deadline.promised_due, deadline.legal_due, None, False, Text(""), None, True, deadline.used_days
        )
    reason = pause_reason(events) if deadline.paused else None
    shown_light = None if deadline.paused else light(deadline, promised_days, warn_share, today)
    left = (
        days_left(calendar, today, deadline.promised_due)
        if deadline.promised_due is not None and not deadline.paused
        else None
    )
    return TimeStatus(
        light=shown_light,
        promised_due=deadline.promised_due,
        legal_due=deadline.legal_due,
        working_days_left=left,
        paused=deadline.paused,
        plain=words(deadline, shown_light, left, reason, promised_days, today),
        pause_reason=reason,
        stopped=False,
        used_days=deadline.used_days,
    )


def worst(statuses: Iterable[TimeStatus]) -> TimeStatus:
    """A bundle's status: its most urgent running child (red before yellow before green)."""
    running = [status for status in statuses if status.shown]
    if not running:
        return NO_CLOCK

    def urgency(status: TimeStatus) -> tuple[int, int]:
        rank = {"red": 0, "yellow": 1, "green": 2}.get(status.light or "", 3)
        return rank, status.working_days_left if status.working_days_left is not None else 10**6

    return min(running, key=urgency)


async def item_limits(services: Services, app: Application) -> tuple[ServiceItem | None, int | None, int | None]:
    """The item version the application was made under, with its promised and legal days."""
    if app.item_code is None or app.item_version is None:
        return None, None, None
    item = await services.catalog.item_version(app.item_code, app.item_version)
    if item is None:
        return None, None, None
    return item, item.promised_days, item.legal_days


async def status_in(services: Services, db: Reader, app: Application, today: dt.date) -> TimeStatus:
    """`time_status` read through `db` (a transaction, for the watch job's re-check)."""
    if app.kind == "bundle":
        return worst([await status_in(services, db, child, today) for child in app.children])
    _, promised, legal = await item_limits(services, app)
    if promised is None and legal is None:
        return NO_CLOCK
    calendar = await calendar_store.current(services.db)
    events = await repository.events_for(db, [app.id])
    return status_from(calendar, events, promised, legal, services.settings.warn_share, today)


async def time_status(services: Services, app: Application, today: dt.date | None = None) -> TimeStatus:
    """Green, yellow or red with the promised date in plain words, for one application
    (a bundle: its most urgent child). `today` defaults to the hall's day by `services.clock`."""
    return await status_in(services, services.db, app, today or services.clock.today())


async def alerts_for(db: Reader, application_ids: Iterable[str]) -> dict[str, set[str]]:
    """The alerts raised so far ("warned", "overdue", "deemed") per application id."""
    ids = list(dict.fromkeys(application_ids))
    found: dict[str, set[str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = await db.fetch_all(
            f"SELECT application_id, kind FROM time_alerts WHERE application_id IN ({marks})", chunk
        )
        for row in rows:
            found.setdefault(str(row["application_id"]), set()).add(str(row["kind"]))
    return found
