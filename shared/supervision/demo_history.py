"""`onevisit demo history --months N`: a few months of hall life, so the board shows something true.

Nothing is written behind the workflow's back: every application is made by the same
functions the kiosk, the phone and the staff pages call (drafts.start, save_answers,
set_delivery, workflow.submit / accept / return_for_correction / refuse / record_opinion /
decide / deliver, trips.record, ratings.rate), with a ManualClock moved through the days,
so the timeline, the audit trail, the trips and the ratings are those of real use. Demo
mode only (the CLI refuses otherwise), on the demo catalog's items and the demo staff, plus
window clerks and reviewers for the departments the history uses (created once, with the
demo password, like `shared.staff.demo`).

What happens is drawn from a seeded random generator, with rates close to a busy city hall:
most matters accepted within the hour and decided within the promised time, some returned
for correction (补正) and resubmitted, a few refused, a share decided late (overdue), a few
left stalled (running and overdue at the end), ratings for most decided matters with bad
ones more likely after a late or returned matter. G2's watch job, when it exists, runs at
the end of every simulated day so its warnings and overdue marks are raised on the day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import importlib
import logging
import random
import secrets
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from shared.applications import certificates, drafts, forms, trips, workflow
from shared.applications.model import Application, CorrectionItem
from shared.audit import Actor, Where
from shared.calendar.days import WorkCalendar
from shared.catalog.model import ServiceItem
from shared.clock import CHINA_TIME, ManualClock, china_day
from shared.config import Settings
from shared.errors import AppError
from shared.identity import citizens
from shared.identity.numbers import id_check_character
from shared.kiosk import devices
from shared.kiosk.demo import DEMO_KIOSK_ID, DEMO_KIOSK_NAME
from shared.ratings import REASONS_FOR_LEVEL, RatingChannel, store as ratings
from shared.services import Services, open_services
from shared.staff import accounts, management, passwords
from shared.staff.accounts import StaffPrincipal
from shared.staff.demo import DEMO_PASSWORD
from shared.staff.management import NewAccount
from shared.supervision.facts import hall_calendar

log = logging.getLogger("onevisit.demo")

# Items whose demo forms can be completed from the wallet and plain answers, with a weight
# (how common the matter is in a hall).
ITEMS: tuple[tuple[str, int], ...] = (
    ("GA-SFZ-002", 9),
    ("GA-SFZ-001", 5),
    ("GA-HJ-003", 7),
    ("GA-HJ-002", 3),
    ("CRJ-GA-001", 5),
    ("JJ-JSZ-002", 5),
    ("MZ-HY-003", 4),
    ("RS-ZM-001", 7),
    ("RS-SBK-002", 3),
    ("YB-CB-001", 4),
    ("GJJ-ZY-001", 3),
    ("BDC-CX-001", 4),
    ("SCJG-GT-001", 6),
    ("WJ-SYDJ-001", 3),
)
EXTRA_KIOSK = ("demo-kiosk-2", "演示自助机（二楼出入境）", "exit-entry")
CLERK_NAMES = ("陈静", "刘洋", "王芳", "赵磊", "孙悦", "周敏", "吴昊", "郑丽", "冯涛", "何琳", "高翔", "林萍")
REVIEWER_NAMES = ("韩梅", "曹刚", "彭雪", "蒋平", "沈洁", "许晨", "邓超", "罗娟")
CITIZEN_NAMES = ("李明", "王丽", "张伟", "刘芳", "陈杰", "杨静", "黄磊", "赵敏", "周强", "吴婷", "徐斌", "孙丽")
DAY_START = dt.time(9, 0)
DAY_END = dt.time(17, 30)
HOUR = 3600.0


@dataclass
class HistoryReport:
    days: int = 0
    applications: int = 0
    drafts_left: int = 0
    returned: int = 0
    refused: int = 0
    accepted: int = 0
    decided: int = 0
    late: int = 0
    stalled: int = 0
    delivered: int = 0
    rated: int = 0
    bad_ratings: int = 0
    skipped: int = 0

    def summary(self) -> str:
        return ", ".join(f"{f.name.replace('_', ' ')} {getattr(self, f.name)}" for f in dataclasses.fields(self))


@dataclass
class _Case:
    app: Application
    item: ServiceItem
    citizen_id: str
    channel: str  # kiosk | mobile
    returned: bool = False
    late: bool = False


class _CannotFill(Exception):
    """The demo does not know how to fill this item's form."""


Action = Callable[[], Awaitable[None]]


class _Agenda:
    """Future acts, run in time order; the clock moves forward to each."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self._heap: list[tuple[float, int, Action]] = []
        self._seq = 0

    def at(self, ts: float, action: Action) -> None:
        self._seq += 1
        heapq.heappush(self._heap, (ts, self._seq, action))

    async def run_until(self, end: float) -> None:
        while self._heap and self._heap[0][0] <= end:
            ts, _seq, action = heapq.heappop(self._heap)
            if ts > self.clock.now():
                self.clock.advance(ts - self.clock.now())
            await action()
        if end > self.clock.now():
            self.clock.advance(end - self.clock.now())


def _at(day: dt.date, hour: float) -> float:
    return dt.datetime.combine(day, DAY_START, CHINA_TIME).timestamp() + (hour - 9) * HOUR


def _id_number(rng: random.Random) -> str:
    body = f"4401{rng.randint(1, 6):02d}{rng.randint(1955, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body += f"{rng.randint(0, 999):03d}"
    return body + id_check_character(body)


def _fill(field: Any, today: dt.date, rng: random.Random) -> object:
    """A plausible answer for a demo form field (no personal number but a made-up one)."""
    if field.type == "id_number":
        return _id_number(rng)
    if field.options:
        return field.options[0].value
    if field.type in ("phone", "mobile"):
        return f"139{rng.randint(0, 99_999_999):08d}"
    if field.type == "date":
        if field.rules.not_after is not None:
            return (today - dt.timedelta(days=rng.randint(20, 200))).isoformat()
        return (today + dt.timedelta(days=rng.randint(5, 20))).isoformat()
    if field.type in ("number", "integer"):
        return field.rules.min if field.rules.min is not None else 1
    if field.type == "boolean":
        return True
    return "演示"


class History:
    def __init__(self, services: Services, clock: ManualClock, calendar: WorkCalendar, seed: int) -> None:
        self.services = services
        self.clock = clock
        self.calendar = calendar
        self.rng = random.Random(seed)
        self.agenda = _Agenda(clock)
        self.report = HistoryReport()
        self.clerks: dict[str, list[StaffPrincipal]] = {}
        self.reviewers: dict[str, StaffPrincipal] = {}
        self.citizens: list[str] = []
        self.broken_items: set[str] = set()
        self.kiosks: list[tuple[str, str]] = [(DEMO_KIOSK_ID, DEMO_KIOSK_NAME), EXTRA_KIOSK[:2]]
        self.watch: Callable[[Services], Awaitable[object]] | None = _watch_job()

    # --- time ---------------------------------------------------------------------------

    def working(self, day: dt.date) -> bool:
        return self.calendar.working_days_between(day - dt.timedelta(days=1), day) == 1

    def office_time(self, ts: float) -> float:
        """`ts` if it falls in office hours on a working day, else a moment early next working day."""
        moment = dt.datetime.fromtimestamp(ts, CHINA_TIME)
        day = moment.date()
        if self.working(day) and DAY_START <= moment.time() <= DAY_END:
            return ts
        if not self.working(day) or moment.time() > DAY_END:
            day = self.calendar.add_working_days(day, 1)
        return _at(day, 9 + self.rng.uniform(0.1, 1.5))

    def working_days_later(self, ts: float, days: int) -> float:
        day = self.calendar.add_working_days(china_day(ts), days)
        return _at(day, self.rng.uniform(9.2, 17.2))

    # --- people -------------------------------------------------------------------------

    async def ensure_people(self, departments: set[str]) -> None:
        db = self.services.db
        known = {a.username: a for a in await accounts.list_accounts(db)}
        catalog_departments = (await self.services.catalog.current()).departments.keys()
        shared_hash = await passwords.hash_password(DEMO_PASSWORD)
        wanted: list[tuple[str, str, str, str]] = []
        for n, code in enumerate(sorted(departments)):
            low = code.lower()
            wanted.append(
                (f"clerk.{low}", f"窗口{2 * n + 1:02d} {CLERK_NAMES[(2 * n) % len(CLERK_NAMES)]}", "clerk", code)
            )
            wanted.append(
                (f"clerk2.{low}", f"窗口{2 * n + 2:02d} {CLERK_NAMES[(2 * n + 1) % len(CLERK_NAMES)]}", "clerk", code)
            )
            wanted.append((f"reviewer.{low}", f"审批 {REVIEWER_NAMES[n % len(REVIEWER_NAMES)]}", "reviewer", code))
        for username, name, role, code in wanted:
            if username not in known:
                new = NewAccount(username, name, role, code, DEMO_PASSWORD)
                known[username] = await management.create_account(
                    db,
                    new,
                    catalog_departments,
                    Actor.system("demo"),
                    Where.system(),
                    self.clock.now(),
                    password_hash=shared_hash,
                )
        for account in known.values():
            if not account.active or account.department_code is None:
                continue
            principal = account.principal()
            if account.role.value == "clerk":
                self.clerks.setdefault(account.department_code, []).append(principal)
            elif account.role.value == "reviewer":
                self.reviewers.setdefault(account.department_code, principal)
        if await devices.get(db, EXTRA_KIOSK[0]) is None:
            async with db.transaction() as tx:
                await devices.register(tx, EXTRA_KIOSK[0], EXTRA_KIOSK[1], EXTRA_KIOSK[2], self.clock.now())

    async def citizen(self) -> str:
        # A hall sees returning citizens: reuse one now and then.
        if self.citizens and self.rng.random() < 0.25:
            return self.rng.choice(self.citizens)
        id_number = _id_number(self.rng)
        now = self.clock.now()
        async with self.services.db.transaction() as tx:
            citizen_id = await citizens.sign_in_with_id_card(
                tx, self.services.vault, self.rng.choice(CITIZEN_NAMES), id_number, now
            )
            holder = self.services.vault.lookup_hash(id_number, "id_number")
            for type_code in ("resident_id_card", "hukou_booklet"):
                if await certificates.find(tx, holder, type_code) is None:
                    await certificates.issue(
                        tx, holder, type_code, f"DEMO-H-{type_code[:3].upper()}-{secrets.token_hex(4)}", "GA", now, None
                    )
        self.citizens.append(citizen_id)
        return citizen_id

    # --- the life of one application ----------------------------------------------------

    async def arrive(self) -> None:
        choices = [(code, weight) for code, weight in ITEMS if code not in self.broken_items]
        snapshot = await self.services.catalog.current()
        choices = [(c, w) for c, w in choices if snapshot.item(c) is not None]
        if not choices:
            return
        code = self.rng.choices([c for c, _ in choices], [w for _, w in choices])[0]
        item = snapshot.item(code)
        assert item is not None
        if item.department not in self.clerks or item.department not in self.reviewers:
            self.broken_items.add(code)
            return
        kiosk_ok = item.channels.kiosk is not False
        # A matter declared "zero trips" (零跑动) is mostly done on the phone.
        kiosk_share = 0.12 if item.max_visits == 0 else 0.45
        channel = "kiosk" if kiosk_ok and self.rng.random() < kiosk_share else "mobile"
        if channel == "mobile" and item.channels.mobile is False:
            channel = "kiosk"
        now = self.clock.now()
        citizen_id = await self.citizen()
        where = Where.kiosk(self.kiosks[0][0]) if channel == "kiosk" else Where.system()
        try:
            app = await drafts.start(self.services, citizen_id, item_code=code, channel=channel, where=where, now=now)
            definition = (await forms.form_view(self.services, app)).definition
            if definition is None:
                raise _CannotFill()
            today = china_day(now)
            answers = {f.code: _fill(f, today, self.rng) for g in definition.groups for f in g.fields}
            app = await drafts.save_answers(self.services, app, answers, now=now)
            options = list(definition.delivery_options)
            method = next((m for m in ("electronic", "window", "mail") if m in options), options[0])
            if method == "electronic" and "window" in options and self.rng.random() < 0.3:
                method = "window"
            address = "澜江市滨江区演示路 8 号" if method == "mail" else None
            app = await drafts.set_delivery(self.services, app, method, address, now=now)
            if self.rng.random() < 0.04:
                self.report.drafts_left += 1  # started and left: a draft nobody submits
                return
            app = await workflow.submit(self.services, app, channel=channel, where=where, now=self.clock.now())
        except (AppError, _CannotFill):
            log.info("demo history: item %s cannot be filled in by the demo; skipped", code)
            self.broken_items.add(code)
            self.report.skipped += 1
            return
        case = _Case(app, item, citizen_id, channel)
        self.report.applications += 1
        if channel == "kiosk":
            await self.kiosk_trip(case)
        self.agenda.at(self.office_time(self.clock.now() + self.wait()), lambda: self.take_in(case))

    def wait(self) -> float:
        roll = self.rng.random()
        if roll < 0.6:
            return self.rng.uniform(5, 90) * 60
        if roll < 0.9:
            return self.rng.uniform(2, 6) * HOUR
        return self.rng.uniform(20, 30) * HOUR

    async def kiosk_trip(self, case: _Case) -> None:
        device_id, name = self.rng.choice(self.kiosks)
        async with self.services.db.transaction() as tx:
            await trips.record(tx, case.app.id, "kiosk", "demo-" + secrets.token_hex(8), name, self.clock.now())
        del device_id

    async def window_trip(self, case: _Case) -> None:
        async with self.services.db.transaction() as tx:
            await trips.record_window_visit(tx, case.app.id, "综合受理窗口", self.clock.now())

    async def take_in(self, case: _Case) -> None:
        clerk = self.rng.choice(self.clerks[case.item.department])
        desk = Where.address(f"10.20.0.{10 + clerk.account_id % 200}")
        now = self.clock.now()
        roll = self.rng.random()
        if not case.returned and roll < 0.11:
            items = [CorrectionItem("other", "材料照片不清晰，请重新上传清晰完整的材料。")]
            case.app = await workflow.return_for_correction(self.services, case.app, clerk, items, where=desk, now=now)
            case.returned = True
            self.report.returned += 1
            later = now + self.rng.uniform(0.5, 4.5) * 24 * HOUR
            self.agenda.at(later, lambda: self.resubmit(case))
            return
        if roll > 0.975:
            case.app = await workflow.refuse(
                self.services, case.app, clerk, "申请事项不属于本部门职权范围。", where=desk, now=now
            )
            self.report.refused += 1
            return
        case.app = await workflow.accept(self.services, case.app, clerk, where=desk, now=now)
        self.report.accepted += 1
        if self.rng.random() < 0.03:
            self.report.stalled += 1  # forgotten in a drawer: running and overdue at the end
            return
        promised = case.item.promised_days
        if promised is None:
            promised = 5
        if promised == 0:
            if self.rng.random() < 0.9:
                # Decided before the office closes the same day (当场办结).
                closing = _at(china_day(now), 17.4)
                decide_at = max(now + 60, min(now + self.rng.uniform(0.2, 3) * HOUR, closing))
            else:
                case.late = True
                decide_at = self.working_days_later(now, self.rng.randint(1, 2))
        elif self.rng.random() < 0.88:
            decide_at = self.working_days_later(now, self.rng.randint(max(0, promised // 3), promised))
        else:
            case.late = True
            decide_at = self.working_days_later(now, promised + self.rng.randint(1, 3))
        if case.late and case.item.promised_days is not None and decide_at > now:
            self.report.late += 1
        self.agenda.at(decide_at, lambda: self.decide(case))

    async def resubmit(self, case: _Case) -> None:
        where = Where.kiosk(self.kiosks[0][0]) if case.channel == "kiosk" else Where.system()
        case.app = await workflow.submit(
            self.services, case.app, channel=case.channel, where=where, now=self.clock.now()
        )
        if case.channel == "kiosk":
            await self.kiosk_trip(case)
        self.agenda.at(self.office_time(self.clock.now() + self.wait()), lambda: self.take_in(case))

    async def decide(self, case: _Case) -> None:
        desk = Where.address("10.20.1.10")
        tasks = [case.item.department, *(c for c in case.item.co_departments if c != case.item.department)]
        for code in tasks:
            reviewer = self.reviewers.get(code)
            if reviewer is None:
                self.report.stalled += 1
                return
            case.app = await workflow.record_opinion(
                self.services, case.app, reviewer, "agree", "", where=desk, now=self.clock.now()
            )
            self.clock.advance(self.rng.uniform(2, 20) * 60)
        lead = self.reviewers[case.item.department]
        deny = self.rng.random() < 0.05
        case.app = await workflow.decide(
            self.services,
            case.app,
            lead,
            "deny" if deny else "approve",
            "经审查，申请材料不符合法定条件。" if deny else "",
            where=desk,
            now=self.clock.now(),
        )
        self.report.decided += 1
        if case.app.state in ("approved", "denied") and case.app.delivery_method in ("window", "mail"):
            self.agenda.at(
                self.working_days_later(self.clock.now(), self.rng.randint(0, 3)), lambda: self.deliver(case)
            )
        else:
            self.maybe_rate(case)

    async def deliver(self, case: _Case) -> None:
        clerk = self.rng.choice(self.clerks[case.item.department])
        how = case.app.delivery_method
        now = self.clock.now()
        if how == "window":
            await self.window_trip(case)
            if self.rng.random() < 0.1:
                # Came once before to ask about it: a trip more than promised.
                async with self.services.db.transaction() as tx:
                    await trips.record_window_visit(tx, case.app.id, "咨询窗口", now - 2 * 24 * HOUR)
        case.app = await workflow.deliver(
            self.services,
            case.app,
            how="mail" if how == "mail" else "window",
            staff=clerk,
            tracking="SF" + str(self.rng.randint(10**11, 10**12 - 1)) if how == "mail" else None,
            where=Where.address("10.20.0.50"),
            now=now,
        )
        self.report.delivered += 1
        self.maybe_rate(case)

    def maybe_rate(self, case: _Case) -> None:
        if self.rng.random() < 0.72:
            self.agenda.at(self.clock.now() + self.rng.uniform(0.2, 3) * 24 * HOUR, lambda: self.rate(case))

    async def rate(self, case: _Case) -> None:
        bad_chance = 0.38 if case.late else 0.16 if case.returned else 0.05
        if self.rng.random() < bad_chance:
            level = self.rng.choice((1, 2, 2))
        else:
            level = self.rng.choices((5, 4, 3), (62, 27, 11))[0]
        reasons = [self.rng.choice(REASONS_FOR_LEVEL[level])]
        channel: RatingChannel = "kiosk" if case.channel == "kiosk" and self.rng.random() < 0.5 else "mobile"
        async with self.services.db.transaction() as tx:
            try:
                await ratings.rate(
                    tx,
                    case.app,
                    case.citizen_id,
                    level,
                    reasons,
                    channel,
                    self.clock.now(),
                    device_id=self.kiosks[0][0] if channel == "kiosk" else None,
                )
            except ratings.AlreadyRated:
                return
        self.report.rated += 1
        self.report.bad_ratings += 1 if level <= 2 else 0

    # --- the days -----------------------------------------------------------------------

    async def run(self, end: float, per_day: float) -> HistoryReport:
        day = china_day(self.clock.now())
        last = china_day(end)
        while day <= last:
            if self.working(day):
                self.report.days += 1
                # Mondays are busier; the count varies around the mean.
                mean = per_day * (1.3 if day.weekday() == 0 else 1.0)
                for _ in range(max(0, round(self.rng.gauss(mean, mean / 3)))):
                    self.agenda.at(_at(day, self.rng.uniform(9.0, 17.0)), self.arrive)
            close = min(end, _at(day, 18))
            await self.agenda.run_until(close)
            if self.watch is not None and close < end:
                await self.watch(self.services)
            day += dt.timedelta(days=1)
        await self.agenda.run_until(end)
        return self.report


def _watch_job() -> Callable[[Services], Awaitable[object]] | None:
    """G2's `run_once(services)` when the watch job exists (two places were planned)."""
    for name in ("shared.applications.watch", "shared.timekeeping.watch"):
        try:
            module: Any = importlib.import_module(name)
        except ImportError:
            continue
        run_once = getattr(module, "run_once", None)
        if callable(run_once):
            found: Callable[[Services], Awaitable[object]] = run_once
            return found
    return None


async def make_history(
    services: Services, clock: ManualClock, *, until: float, per_day: float = 6.0, seed: int = 2026
) -> HistoryReport:
    """Run the hall from the clock's time to `until` (epoch seconds), day by day."""
    snapshot = await services.catalog.current()
    used = [item for item in (snapshot.item(code) for code, _ in ITEMS) if item is not None]
    departments = {item.department for item in used} | {code for item in used for code in item.co_departments}
    history = History(services, clock, await hall_calendar(services.db), seed)
    await history.ensure_people(departments)
    return await history.run(until, per_day)


MONTH = 30 * 24 * HOUR


async def run_command(settings: Settings, months: int, per_day: float, seed: int) -> int:
    """The CLI: demo mode only; the history ends now and starts `months` months before."""
    if not 1 <= months <= 24:
        print("--months must be between 1 and 24.", file=sys.stderr)
        return 2
    if not settings.demo:
        print("Refused: demo history is made only with demo mode on (ONEVISIT_DEMO=1).", file=sys.stderr)
        return 2
    until = time.time()
    start_day = china_day(until - months * MONTH)
    clock = ManualClock(_at(start_day, 8.5))
    async with open_services(settings, clock) as services:
        report = await make_history(services, clock, until=until, per_day=per_day, seed=seed)
    print(f"demo history from {start_day.isoformat()} to {china_day(until).isoformat()}: {report.summary()}")
    return 0
