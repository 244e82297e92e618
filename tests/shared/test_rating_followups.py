"""差评整改 and 申诉 in the core: a bad rating opens one case per handling department in the
rating's own transaction, with a deadline in working days; steps in order, each audited;
appeals decided by a supervisor leave the rating row untouched and only change what counts."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3

import pytest

from shared import audit, ratings
from shared.applications.model import Application
from shared.audit import Actor, Where
from shared.calendar import store as calendar_store
from shared.clock import CHINA_TIME, ManualClock
from shared.errors import Forbidden, ValidationFailed
from shared.ratings import appeals, followups
from shared.services import Services
from shared.staff import management
from shared.staff.accounts import StaffPrincipal
from shared.staff.management import NewAccount
from shared.staff.roles import Role
from tests.conftest import Running
from tests.pii import ID_ZHANG, PHONE_ZHANG
from tests.shared.applications.conftest import id_card_citizen, newborn, submitted

DESK = Where.address("10.0.0.9")


@pytest.fixture
def services(running: Running) -> Services:
    return running.services


async def person(services: Services, username: str, role: Role, department: str | None = None) -> StaffPrincipal:
    departments = (await services.catalog.current()).departments.keys()
    account = await management.create_account(
        services.db,
        NewAccount(username, f"{username} name", role.value, department, "correct horse battery staple"),
        departments,
        Actor.system("test"),
        Where.system(),
        services.clock.now(),
    )
    return StaffPrincipal(account.id, account.username, account.display_name, account.role, account.department_code)


async def rate(services: Services, app: Application, citizen_id: str, level: int) -> ratings.Rating:
    reasons = ["slow"] if level <= 2 else []
    async with services.db.transaction() as tx:
        return await ratings.rate(tx, app, citizen_id, level, reasons, "kiosk", services.clock.now())


async def bad_case(services: Services, level: int = 1) -> tuple[ratings.Rating, followups.FollowUp]:
    zhang = await id_card_citizen(services, "张三", ID_ZHANG)
    app = await submitted(services, zhang)
    rating = await rate(services, app, zhang, level)
    cases = await followups.for_rating(services.db, rating.id)
    assert len(cases) == 1
    return rating, cases[0]


def move_to(clock: ManualClock, day: dt.date, hour: int = 10) -> None:
    target = dt.datetime(day.year, day.month, day.day, hour, tzinfo=CHINA_TIME).timestamp()
    clock.advance(target - clock.now())


async def step(
    services: Services, case_id: str, name: str, staff: StaffPrincipal, outcome: str = "", note: str = "说明"
) -> None:
    async with services.db.transaction() as tx:
        await followups.record_step(
            tx, case_id, name, staff, outcome=outcome, note=note, where=DESK, now=services.clock.now()
        )


async def test_a_bad_rating_opens_exactly_one_case_for_the_department(services: Services) -> None:
    rating, case = await bad_case(services, level=2)
    assert (case.department, case.level, case.state, case.steps) == ("GA", 2, "open", ())
    assert case.working_days == followups.FOLLOWUP_WORKING_DAYS
    row = await services.db.fetch_one("SELECT application_id FROM ratings WHERE id = ?", (rating.id,))
    assert row is not None and case.application_id == row["application_id"]
    opened = await audit.recent(services.db, action="rating.followup.open")
    assert [entry.target for entry in opened] == [case.id]


@pytest.mark.parametrize("level", [3, 4, 5])
async def test_a_fair_or_good_rating_opens_none(services: Services, level: int) -> None:
    zhang = await id_card_citizen(services, "张三", ID_ZHANG)
    app = await submitted(services, zhang)
    rating = await rate(services, app, zhang, level)
    assert await followups.for_rating(services.db, rating.id) == []
    assert await services.db.fetch_all("SELECT id FROM rating_followups") == []


async def test_concurrent_bad_ratings_make_one_rating_and_one_case(services: Services) -> None:
    zhang = await id_card_citizen(services, "张三", ID_ZHANG)
    app = await submitted(services, zhang)
    outcomes = await asyncio.gather(
        *(rate(services, app, zhang, level) for level in (1, 2, 1, 2, 5)), return_exceptions=True
    )
    given = [o for o in outcomes if isinstance(o, ratings.Rating)]
    assert len(given) == 1
    assert all(isinstance(o, ratings.AlreadyRated) for o in outcomes if not isinstance(o, ratings.Rating))
    cases = await services.db.fetch_all("SELECT rating_id FROM rating_followups")
    assert len(cases) == (1 if given[0].level <= 2 else 0)
    assert all(row["rating_id"] == given[0].id for row in cases)


async def test_a_refused_second_rating_opens_nothing_more(services: Services) -> None:
    zhang = await id_card_citizen(services, "张三", ID_ZHANG)
    app = await submitted(services, zhang)
    await rate(services, app, zhang, 1)
    with pytest.raises(ratings.AlreadyRated):
        await rate(services, app, zhang, 2)
    assert len(await services.db.fetch_all("SELECT id FROM rating_followups")) == 1


async def test_a_bundle_opens_one_case_per_child_department(services: Services) -> None:
    zhang = await id_card_citizen(services, "张三", ID_ZHANG)
    bundle = await newborn(services, zhang)
    rating = await rate(services, bundle.children[0], zhang, 1)
    cases = await followups.for_rating(services.db, rating.id)
    children = {child.department: child.id for child in bundle.children}
    assert sorted(case.department for case in cases) == sorted(children)
    assert all(case.application_id == children[case.department] for case in cases)
    # Opening again (a retried hook) adds nothing: one case per rating and department.
    async with services.db.transaction() as tx:
        assert await followups.open_for(tx, rating, bundle, services.clock.now()) == []


async def test_the_deadline_counts_working_days_across_national_day(services: Services, clock: ManualClock) -> None:
    # 2025: 10月1日–8日 off (国庆节、中秋节), 9月28日 and 10月11日 (Saturday) worked
    # (国办发明电〔2024〕12号). Opened Tuesday 30 September: 9, 10, 11, 13, 14 October.
    move_to(clock, dt.date(2025, 9, 30))
    _, case = await bad_case(services)
    assert case.opened_on == dt.date(2025, 9, 30)
    assert case.due_on == dt.date(2025, 10, 14)
    calendar = await calendar_store.current(services.db)
    assert calendar.is_working_day(case.due_on)
    assert calendar.working_days_between(case.opened_on, case.due_on) == followups.FOLLOWUP_WORKING_DAYS


async def test_the_deadline_skips_a_weekend(services: Services, clock: ManualClock) -> None:
    move_to(clock, dt.date(2026, 3, 6))  # a Friday with no holiday near
    _, case = await bad_case(services)
    assert case.due_on == dt.date(2026, 3, 13)


async def test_steps_in_order_each_once_each_audited(services: Services) -> None:
    _, case = await bad_case(services)
    clerk = await person(services, "clerk.ga", Role.CLERK, "GA")
    with pytest.raises(followups.StepOutOfOrder):
        await step(services, case.id, "correction", clerk, "fixed")
    with pytest.raises(followups.StepOutOfOrder):
        await step(services, case.id, "close", clerk)
    await step(services, case.id, "callback", clerk, "reached", f"电话回访，群众留的号码 {PHONE_ZHANG}")
    with pytest.raises(followups.StepOutOfOrder):
        await step(services, case.id, "callback", clerk, "reached")
    await step(services, case.id, "correction", clerk, "fixed", "已加快办理并当面解释")
    middle = await followups.get(services.db, case.id)
    assert middle is not None and middle.state == "corrected" and middle.next_step() == "close"
    await step(services, case.id, "close", clerk, "", "群众表示认可")
    done = await followups.get(services.db, case.id)
    assert done is not None and done.state == "closed" and done.next_step() is None
    assert [(s.step, s.outcome) for s in done.steps] == [
        ("callback", "reached"),
        ("correction", "fixed"),
        ("close", "closed"),
    ]
    assert all(s.staff_label == "clerk.ga (clerk)" for s in done.steps)
    assert PHONE_ZHANG not in done.steps[0].note and PHONE_ZHANG[:3] in done.steps[0].note  # masked before storing
    for name in ("callback", "correction", "close"):
        entries = await audit.recent(services.db, action=f"rating.followup.{name}")
        assert [entry.target for entry in entries] == [case.id]
    with pytest.raises(followups.StepOutOfOrder):
        await step(services, case.id, "close", clerk)


async def test_a_step_needs_an_outcome_and_a_note(services: Services) -> None:
    _, case = await bad_case(services)
    clerk = await person(services, "clerk.ga", Role.CLERK, "GA")
    with pytest.raises(ValidationFailed) as caught:
        await step(services, case.id, "callback", clerk, "maybe", "  ")
    assert {p.path for p in caught.value.problems} == {"outcome", "note"}
    assert await services.db.fetch_all("SELECT id FROM rating_followup_steps") == []


async def test_only_the_department_and_supervisors_work_on_a_case(services: Services) -> None:
    _, case = await bad_case(services)
    for username, role, department in (
        ("clerk.wj", Role.CLERK, "WJ"),
        ("rev.yb", Role.REVIEWER, "YB"),
        ("admin.x", Role.ADMIN, None),
    ):
        outsider = await person(services, username, role, department)
        with pytest.raises(Forbidden):
            await step(services, case.id, "callback", outsider, "reached")
    reviewer = await person(services, "rev.ga", Role.REVIEWER, "GA")
    await step(services, case.id, "callback", reviewer, "unreachable", "三次致电未接")
    supervisor = await person(services, "sup", Role.SUPERVISOR)
    await step(services, case.id, "correction", supervisor, "explained", "诉求无法律依据，已书面说明")
    assert [s.step for s in (await followups.for_rating(services.db, case.rating_id))[0].steps] == [
        "callback",
        "correction",
    ]


async def test_an_open_case_past_its_deadline_is_overdue(services: Services, clock: ManualClock) -> None:
    move_to(clock, dt.date(2026, 3, 6))
    _, case = await bad_case(services)
    assert not case.overdue(dt.date(2026, 3, 13))
    assert case.overdue(dt.date(2026, 3, 16))
    clerk = await person(services, "clerk.ga", Role.CLERK, "GA")
    move_to(clock, dt.date(2026, 3, 16))
    await step(services, case.id, "callback", clerk, "reached")
    await step(services, case.id, "correction", clerk, "fixed")
    await step(services, case.id, "close", clerk)
    closed = await followups.get(services.db, case.id)
    assert closed is not None and not closed.overdue(dt.date(2026, 3, 20)) and closed.closed_late()
    listed = await followups.list_cases(services.db, "GA")
    assert [c.id for c in listed] == [case.id]
    assert await followups.list_cases(services.db, "WJ") == []


async def test_an_upheld_appeal_takes_the_rating_out_of_the_figures_only(services: Services) -> None:
    rating, case = await bad_case(services)
    before = await services.db.fetch_one("SELECT * FROM ratings WHERE id = ?", (rating.id,))
    assert [r.id for r in await ratings.counted(services.db)] == [rating.id]
    clerk = await person(services, "clerk.ga", Role.CLERK, "GA")
    supervisor = await person(services, "sup", Role.SUPERVISOR)
    async with services.db.transaction() as tx:
        appeal = await appeals.file(
            tx, case, clerk, grounds="malicious", reason="评价人与办件无关", where=DESK, now=services.clock.now()
        )
    assert appeal.pending and appeal.department == "GA"
    with pytest.raises(appeals.AlreadyAppealed):
        async with services.db.transaction() as tx:
            await appeals.file(
                tx, case, clerk, grounds="wrong", reason="再次申诉", where=DESK, now=services.clock.now()
            )
    # Pending: it still counts. A clerk cannot decide.
    assert await ratings.is_counted(services.db, rating.id)
    with pytest.raises(Forbidden):
        async with services.db.transaction() as tx:
            await appeals.decide(
                tx, appeal.id, clerk, decision="accept", reason="x", where=DESK, now=services.clock.now()
            )
    async with services.db.transaction() as tx:
        decided = await appeals.decide(
            tx,
            appeal.id,
            supervisor,
            decision="accept",
            reason="经核实属恶意差评",
            where=DESK,
            now=services.clock.now(),
        )
    assert decided.outcome == "accepted" and decided.decided_by_label == "sup (supervisor)"
    assert await ratings.counted(services.db) == []
    assert await ratings.excluded_ids(services.db) == {rating.id}
    assert not await ratings.is_counted(services.db, rating.id)
    view = await services.db.fetch_all(f"SELECT id FROM {ratings.COUNTED_VIEW}")
    assert view == []
    # The rating itself: exactly as it was, and still readable as the citizen gave it.
    after = await services.db.fetch_one("SELECT * FROM ratings WHERE id = ?", (rating.id,))
    assert before is not None and after is not None and tuple(before) == tuple(after)
    assert await ratings.for_application(services.db, case.application_id) == rating
    with pytest.raises(appeals.AlreadyDecided):
        async with services.db.transaction() as tx:
            await appeals.decide(
                tx, appeal.id, supervisor, decision="reject", reason="改判", where=DESK, now=services.clock.now()
            )
    actions = {entry.action for entry in await audit.recent(services.db) if entry.target == appeal.id}
    assert actions == {"rating.appeal.file", "rating.appeal.accept"}


async def test_a_rejected_appeal_keeps_the_rating_counted(services: Services) -> None:
    rating, case = await bad_case(services)
    supervisor = await person(services, "sup", Role.SUPERVISOR)
    other = await person(services, "sup2", Role.SUPERVISOR)
    async with services.db.transaction() as tx:
        appeal = await appeals.file(
            tx, case, supervisor, grounds="wrong", reason="疑似评错办件", where=DESK, now=services.clock.now()
        )
    with pytest.raises(Forbidden):  # not one's own appeal
        async with services.db.transaction() as tx:
            await appeals.decide(
                tx, appeal.id, supervisor, decision="accept", reason="x", where=DESK, now=services.clock.now()
            )
    with pytest.raises(ValidationFailed):
        async with services.db.transaction() as tx:
            await appeals.decide(
                tx, appeal.id, other, decision="maybe", reason="", where=DESK, now=services.clock.now()
            )
    async with services.db.transaction() as tx:
        await appeals.decide(
            tx, appeal.id, other, decision="reject", reason="评价与办理情况相符", where=DESK, now=services.clock.now()
        )
    assert [r.id for r in await ratings.counted(services.db)] == [rating.id]
    assert await ratings.excluded_ids(services.db) == set()


async def test_counted_by_period(services: Services, clock: ManualClock) -> None:
    zhang = await id_card_citizen(services, "张三", ID_ZHANG)
    first = await rate(services, await submitted(services, zhang), zhang, 5)
    clock.advance(3600)
    second = await rate(services, await submitted(services, zhang), zhang, 4)
    assert [r.id for r in await ratings.counted(services.db, since=second.created_at)] == [second.id]
    assert [r.id for r in await ratings.counted(services.db, until=second.created_at)] == [first.id]


async def test_the_new_tables_refuse_update_and_delete(services: Services) -> None:
    _, case = await bad_case(services)
    clerk = await person(services, "clerk.ga", Role.CLERK, "GA")
    supervisor = await person(services, "sup", Role.SUPERVISOR)
    await step(services, case.id, "callback", clerk, "reached")
    async with services.db.transaction() as tx:
        appeal = await appeals.file(
            tx, case, clerk, grounds="wrong", reason="评错了", where=DESK, now=services.clock.now()
        )
        await appeals.decide(
            tx, appeal.id, supervisor, decision="accept", reason="属实", where=DESK, now=services.clock.now()
        )
    for statement in (
        "UPDATE rating_followups SET department = 'WJ'",
        "DELETE FROM rating_followups",
        "UPDATE rating_followup_steps SET outcome = 'unreachable'",
        "DELETE FROM rating_followup_steps",
        "UPDATE rating_appeals SET reason = ''",
        "DELETE FROM rating_appeals",
        "UPDATE rating_appeal_decisions SET outcome = 'rejected'",
        "DELETE FROM rating_appeal_decisions",
        "UPDATE ratings SET level = 5",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="never"):
            async with services.db.transaction() as tx:
                await tx.execute(statement)
