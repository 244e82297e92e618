"""Cases in the database: 首问负责制 (one owner, a second taker refused, reassignment
recorded), only the owner answers and closes, deadlines on the hall's working days
(National Day 2026), sealed texts, one rating of the answer, and the tables' own guards."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3

import pytest

from shared import complaints
from shared.clock import CHINA_TIME
from shared.complaints import deadlines
from shared.errors import ValidationFailed
from shared.services import Services
from tests.conftest import Running
from tests.pii import ID_LI, ID_ZHANG, PHONE_ZHANG
from tests.shared.complaints_support import account
from tests.staff.applications_support import citizen, submitted


def at(year: int, month: int, day: int, hour: int = 10) -> float:
    return dt.datetime(year, month, day, hour, tzinfo=CHINA_TIME).timestamp()


async def new_case(
    services: Services, citizen_id: str, kind: complaints.Kind = "question", **extra: object
) -> complaints.Case:
    days = await deadlines.calendar(services.db)
    async with services.db.transaction() as tx:
        return await complaints.raise_case(
            tx,
            services.vault,
            citizen_id=citizen_id,
            kind=kind,
            text=f"请问怎么办？我的电话 {PHONE_ZHANG}",
            channel="mobile",
            now=services.clock.now(),
            days=days,
            **extra,  # type: ignore[arg-type]
        )


async def test_deadline_counts_the_national_day_holiday(running: Running) -> None:
    services = running.services
    running.clock._now = at(2026, 9, 30)  # a Wednesday; 1–7 October are holidays, Saturday 10 October is worked
    someone = await citizen(services)
    question = await new_case(services, someone, "question")
    complaint = await new_case(services, someone, "complaint")
    assert question.due_date == dt.date(2026, 10, 9)  # Thu 8, Fri 9
    assert complaint.due_date == dt.date(2026, 10, 20)  # 8, 9, 10 (调休), 12–16, 19, 20
    assert not question.overdue(dt.date(2026, 10, 9)) and question.overdue(dt.date(2026, 10, 10))


async def test_first_taker_owns_it_reassignment_is_recorded_and_only_the_owner_answers(running: Running) -> None:
    services = running.services
    now = services.clock.now()
    first, second, boss = (
        await account(services, "first", "clerk", "GA"),
        await account(services, "second", "clerk", "WJ"),
        await account(services, "boss", "supervisor"),
    )
    case = await new_case(services, await citizen(services))
    assert case.state is complaints.CaseState.OPEN and case.department is None

    async def take(staff_id: int) -> complaints.Case | Exception:
        try:
            async with services.db.transaction() as tx:
                return await complaints.take(tx, case.id, staff_id, now)
        except complaints.AlreadyTaken as exc:
            return exc

    # Two clerks tap "take" at once: one owner, one refusal.
    results = await asyncio.gather(take(first), take(second))
    owners = [r for r in results if isinstance(r, complaints.Case)]
    assert len(owners) == 1 and sum(isinstance(r, complaints.AlreadyTaken) for r in results) == 1
    owner = owners[0].owner_id
    other = second if owner == first else first
    assert isinstance(await take(boss), complaints.AlreadyTaken)

    async with services.db.transaction() as tx:
        with pytest.raises(complaints.NotOwner):
            await complaints.reply(tx, services.vault, case.id, other, "答复", now)
    async with services.db.transaction() as tx:
        with pytest.raises(complaints.NotAnsweredYet):
            await complaints.close(tx, case.id, owner, now)  # type: ignore[arg-type]
    # The owner hands it over with a reason; from then on the other clerk owns it.
    async with services.db.transaction() as tx:
        moved = await complaints.reassign(tx, services.vault, case.id, owner, other, "属于卫健委业务", now)  # type: ignore[arg-type]
    assert moved.owner_id == other and moved.state is complaints.CaseState.TAKEN
    async with services.db.transaction() as tx:
        with pytest.raises(complaints.NotOwner):
            await complaints.reply(tx, services.vault, case.id, owner, "答复", now)  # type: ignore[arg-type]
    async with services.db.transaction() as tx:
        await complaints.reply(tx, services.vault, case.id, other, f"已处理，请致电 {PHONE_ZHANG}", now)
        done = await complaints.close(tx, case.id, other, now)
    assert done.state is complaints.CaseState.CLOSED and done.answered_at is not None
    async with services.db.transaction() as tx:
        with pytest.raises(complaints.WrongState):
            await complaints.reply(tx, services.vault, case.id, other, "再答复", now)

    events = await complaints.events(services.db, case.id)
    assert [e.kind for e in events] == ["taken", "reassigned", "replied", "closed"]
    handover = events[1]
    assert handover.actor_id == owner and handover.to_name == f"{'second' if other == second else 'first'} name"
    assert complaints.shown_body(services.vault, handover) == "属于卫健委业务"
    # Texts are sealed in the table and shown masked.
    assert PHONE_ZHANG not in complaints.shown_text(services.vault, done)
    assert complaints.shown_text(services.vault, done).startswith("请问怎么办？")
    raw = await services.db.fetch_one("SELECT text FROM complaints WHERE id = ?", (case.id,))
    assert raw is not None and PHONE_ZHANG.encode() not in raw["text"] and "请问".encode() not in raw["text"]
    # A supervisor may hand over a case whose owner is away, but not answer it.
    second_case = await new_case(services, done.citizen_id)
    async with services.db.transaction() as tx:
        await complaints.take(tx, second_case.id, first, now)
        moved = await complaints.reassign(
            tx, services.vault, second_case.id, boss, second, "首问人休假", now, supervisor=True
        )
    assert moved.owner_id == second


async def test_an_application_link_addresses_the_department_and_the_answer_is_rated_once(running: Running) -> None:
    services = running.services
    now = services.clock.now()
    someone = await citizen(services)
    app = await submitted(services, someone)
    clerk = await account(services, "clerk.ga", "clerk", "GA")
    case = await new_case(services, someone, "complaint", application=app)
    assert case.department == "GA" and case.application_ref == app.number
    assert [c.id for c in await complaints.queue(services.db, departments=["GA"])] == [case.id]
    assert await complaints.queue(services.db, departments=["WJ"]) == []
    # Another citizen cannot link someone else's application, nor rate someone else's case.
    other = await citizen(services, "李四", ID_LI)
    with pytest.raises(complaints.ComplaintNotFound):
        await new_case(services, other, "complaint", application=app)
    with pytest.raises(complaints.ComplaintNotFound):
        await complaints.for_citizen(services.db, other, case.id)

    async with services.db.transaction() as tx:
        with pytest.raises(complaints.NotAnsweredYet):
            await complaints.rate(tx, services.vault, case.id, someone, True, None, now)
    async with services.db.transaction() as tx:
        await complaints.take(tx, case.id, clerk, now)
        await complaints.reply(tx, services.vault, case.id, clerk, "已核实并整改", now)
    async with services.db.transaction() as tx:
        rating = await complaints.rate(tx, services.vault, case.id, someone, False, f"还是慢 {ID_ZHANG}", now)
    assert rating.satisfied is False and rating.has_comment
    assert ID_ZHANG not in (await complaints.shown_comment(services.db, services.vault, case.id) or "")
    async with services.db.transaction() as tx:
        with pytest.raises(complaints.AlreadyRated):
            await complaints.rate(tx, services.vault, case.id, someone, True, None, now)
    with pytest.raises(complaints.ComplaintNotFound):
        async with services.db.transaction() as tx:
            await complaints.rate(tx, services.vault, case.id, other, True, None, now)
    # The record of events and the rating cannot be rewritten, whoever asks.
    for sql in ("UPDATE complaint_events SET body = NULL", "DELETE FROM complaint_ratings"):
        with pytest.raises(sqlite3.IntegrityError):
            async with services.db.transaction() as tx:
                await tx.execute(sql)


async def test_a_repeated_kiosk_form_makes_one_case(running: Running) -> None:
    services = running.services
    someone = await citizen(services)
    first = await new_case(services, someone, submit_key="k" * 22)
    again = await new_case(services, someone, submit_key="k" * 22)
    assert first.id == again.id
    assert len(await complaints.list_for_citizen(services.db, someone)) == 1


def test_input_rules() -> None:
    assert complaints.validate_case("report", "  有人\r\n  插队  ") == ("report", "有人\n插队")
    for kind, text in (("praise", "很好"), ("question", " "), ("question", "长" * 1001), ("question", 5)):
        with pytest.raises(ValidationFailed):
            complaints.validate_case(kind, text)
    assert complaints.validate_rating(True, "  ") == (True, None)
    with pytest.raises(ValidationFailed):
        complaints.validate_rating("yes", None)
