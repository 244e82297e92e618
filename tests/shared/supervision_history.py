"""A small hand-made history with known answers, for the supervision tests (shared and staff).

All on the mini catalog's GA-SFZ-002 (ID card renewal: promised 20 working days, declared at
most 1 trip), in March–April 2027 (a year the holiday data does not cover: Mon–Fri).

    A  submitted Mon 03-01 09:00, accepted 10:00 by clerk 1, decided 15:00 the same day;
       one window trip; rated 5.                     wait 1 h, on time, on the spot
    B  submitted 03-01 09:30, accepted Tue 03-02 09:30 by clerk 2, decided Mon 03-29 (due 03-30);
       no trip; rated 2.                             wait 24 h, on time
    C  submitted 03-01 11:00, accepted 13:00 by clerk 1, decided Mon 04-05 (due 03-29): late;
       window trips on two days; rated 1.            wait 2 h, over the declared trips
    D  submitted 03-01 12:00, accepted 15:00 by clerk 1, never decided (due 03-29): overdue
       at "today" 04-05 16:00.                       wait 3 h
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shared.applications import trips, workflow
from shared.applications.model import Application
from shared.clock import CHINA_TIME, ManualClock
from shared.ratings import store as ratings
from shared.services import Services
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Role
from tests.pii import ID_LI, ID_ZHANG
from tests.shared.applications.conftest import DESK, REVIEWER_GA, id_card_citizen, submitted

CLERK_1 = StaffPrincipal(101, "clerk_ga", "窗口一", Role.CLERK, "GA")
CLERK_2 = StaffPrincipal(104, "clerk_ga2", "窗口二", Role.CLERK, "GA")
HOUR = 3600.0


def moment(day: str, hour: float) -> float:
    start = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), CHINA_TIME).timestamp()
    return start + hour * HOUR


def go(clock: ManualClock, day: str, hour: float) -> float:
    target = moment(day, hour)
    assert target >= clock.now(), "the history only moves forward"
    clock.advance(target - clock.now())
    return target


@dataclass
class History:
    a: Application
    b: Application
    c: Application
    d: Application


async def _decide(services: Services, app: Application) -> Application:
    now = services.clock.now()
    app = await workflow.record_opinion(services, app, REVIEWER_GA, "agree", "", where=DESK, now=now)
    return await workflow.decide(services, app, REVIEWER_GA, "approve", "", where=DESK, now=now)


async def _rate(services: Services, app: Application, citizen: str, level: int) -> None:
    async with services.db.transaction() as tx:
        await ratings.rate(tx, app, citizen, level, [], "kiosk", services.clock.now())


async def _trip(services: Services, app: Application) -> None:
    async with services.db.transaction() as tx:
        await trips.record_window_visit(tx, app.id, "窗口", services.clock.now())


async def make(services: Services, clock: ManualClock) -> History:
    go(clock, "2027-03-01", 8.5)
    zhang = await id_card_citizen(services, "张三", ID_ZHANG)
    li = await id_card_citizen(services, "李四", ID_LI)
    go(clock, "2027-03-01", 9)
    a = await submitted(services, zhang)
    go(clock, "2027-03-01", 9.5)
    b = await submitted(services, li)
    go(clock, "2027-03-01", 10)
    a = await workflow.accept(services, a, CLERK_1, where=DESK, now=clock.now())
    await _trip(services, a)
    go(clock, "2027-03-01", 11)
    c = await submitted(services, zhang)
    go(clock, "2027-03-01", 12)
    d = await submitted(services, li)
    go(clock, "2027-03-01", 13)
    c = await workflow.accept(services, c, CLERK_1, where=DESK, now=clock.now())
    await _trip(services, c)
    go(clock, "2027-03-01", 15)
    a = await _decide(services, a)
    d = await workflow.accept(services, d, CLERK_1, where=DESK, now=clock.now())
    go(clock, "2027-03-02", 9.5)
    b = await workflow.accept(services, b, CLERK_2, where=DESK, now=clock.now())
    await _trip(services, c)  # C's citizen comes again the next day: two trips
    go(clock, "2027-03-03", 10)
    await _rate(services, a, zhang, 5)
    go(clock, "2027-03-29", 11)
    b = await _decide(services, b)
    go(clock, "2027-03-30", 10)
    await _rate(services, b, li, 2)
    go(clock, "2027-04-05", 14)
    c = await _decide(services, c)
    go(clock, "2027-04-05", 15)
    await _rate(services, c, zhang, 1)
    go(clock, "2027-04-05", 16)
    return History(a, b, c, d)
