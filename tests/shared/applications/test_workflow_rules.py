"""The processing rules on the real stack: 一次性告知 with the supervisor's override, role and
department checks, parallel review (并联审批), concurrency and atomicity."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from shared import audit
from shared.applications import access, drafts, repository, results, workflow
from shared.applications.model import Application, CorrectionItem
from shared.applications.states import CorrectOnceRule, State, TransitionRefused
from shared.db import Transaction
from shared.errors import Conflict, Forbidden, ValidationFailed
from shared.services import Services
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Role
from tests.pii import ID_LI, PHONE_LI
from tests.shared.applications.conftest import (
    ADMIN,
    CLERK_GA,
    CLERK_WJ,
    DESK,
    KIOSK,
    REVIEWER_GA,
    REVIEWER_WJ,
    REVIEWER_YB,
    SUPERVISOR,
    People,
    change_catalog,
    event_count,
    id_card_draft,
    submitted,
    with_co_departments,
)

REVIEWER_SCJG = StaffPrincipal(204, "reviewer_scjg", "审批四", Role.REVIEWER, "SCJG")
PHOTO = CorrectionItem("materials.guardian_id", "照片不清晰，请重新提供")


async def returned_and_resubmitted(services: Services, app: Application) -> Application:
    now = services.clock.now()
    app = await workflow.return_for_correction(services, app, CLERK_GA, [PHOTO], where=DESK, now=now)
    return await workflow.submit(services, app, channel="kiosk", where=KIOSK, now=now)


# --- 补正: once, all at once ------------------------------------------------------------------


async def test_a_return_lists_every_problem_and_resubmission_clears_them(services: Services, people: People) -> None:
    app = await submitted(services, people.zhang)
    items = [
        CorrectionItem("answers.applicant_phone", "电话无法接通，请核对"),
        CorrectionItem("materials.guardian_id", "请补充监护人身份证明"),
        CorrectionItem("other", "请携带原件到窗口核验"),
    ]
    app = await workflow.return_for_correction(services, app, CLERK_GA, items, where=DESK, now=services.clock.now())
    assert app.state == State.RETURNED and app.correction == tuple(items) and app.returns == 1
    number = app.number
    again = await workflow.submit(services, app, channel="mobile", where=DESK, now=services.clock.now())
    assert again.state == State.SUBMITTED and again.correction == () and again.number == number
    assert again.submitted_channel == "mobile"


async def test_a_second_return_needs_a_supervisor(services: Services, people: People) -> None:
    app = await returned_and_resubmitted(services, await submitted(services, people.zhang))
    now = services.clock.now()
    with pytest.raises(CorrectOnceRule) as refused:
        await workflow.return_for_correction(services, app, CLERK_GA, [PHOTO], where=DESK, now=now)
    assert refused.value.status == 409
    # Neither the clerk nor the reviewer nor the administrator may allow it; the supervisor may.
    for who in (CLERK_GA, REVIEWER_GA, ADMIN):
        with pytest.raises(Forbidden):
            await workflow.override_return(services, app, who, "原因", where=DESK, now=now)
    with pytest.raises(ValidationFailed):
        await workflow.override_return(services, app, SUPERVISOR, "  ", where=DESK, now=now)
    app = await workflow.override_return(
        services, app, SUPERVISOR, "申请人原件遗失，允许再补正一次", where=DESK, now=now
    )
    assert app.state == State.SUBMITTED and app.return_overrides == 1
    # The permission is for one more return, and permissions do not pile up.
    with pytest.raises(Conflict):
        await workflow.override_return(services, app, SUPERVISOR, "再批一次", where=DESK, now=now)
    app = await returned_and_resubmitted(services, app)
    assert app.returns == 2
    with pytest.raises(CorrectOnceRule):
        await workflow.return_for_correction(services, app, CLERK_GA, [PHOTO], where=DESK, now=now)
    entries = await audit.recent(services.db, limit=50)
    override = [e for e in entries if e.action == "application.override_return"]
    assert len(override) == 1 and override[0].actor_label == SUPERVISOR.label and override[0].target == app.id


async def test_an_override_before_any_return_is_not_needed(services: Services, people: People) -> None:
    app = await submitted(services, people.zhang)
    with pytest.raises(Conflict):
        await workflow.override_return(services, app, SUPERVISOR, "提前批准", where=DESK, now=services.clock.now())


async def test_bad_correction_lists_are_refused_with_every_problem(services: Services, people: People) -> None:
    app = await submitted(services, people.zhang)
    now = services.clock.now()
    with pytest.raises(ValidationFailed) as empty:
        await workflow.return_for_correction(services, app, CLERK_GA, [], where=DESK, now=now)
    assert [p.path for p in empty.value.problems] == ["correction"]
    bad = [
        CorrectionItem("answers.no_such_field", "理由"),
        CorrectionItem("materials.id_card", ""),
        CorrectionItem("other", f"请核对身份证号 {ID_LI}"),
        CorrectionItem("answers.applicant_phone", f"电话 {PHONE_LI} 打不通"),
    ]
    with pytest.raises(ValidationFailed) as refused:
        await workflow.return_for_correction(services, app, CLERK_GA, bad, where=DESK, now=now)
    assert [(p.path, p.code) for p in refused.value.problems] == [
        ("correction.0.target", "unknown"),
        ("correction.1.reason", "required"),
        ("correction.2.reason", "personal_number"),
        ("correction.3.reason", "personal_number"),
    ]
    unchanged = await access.for_citizen(services, people.zhang, app.id)
    assert unchanged.state == State.SUBMITTED and unchanged.revision == app.revision


# --- roles and departments --------------------------------------------------------------------


async def test_roles_and_departments_are_checked_before_anything_changes(services: Services, people: People) -> None:
    app = await submitted(services, people.zhang)
    now = services.clock.now()
    for who in (REVIEWER_GA, SUPERVISOR, ADMIN):
        with pytest.raises(Forbidden):
            await workflow.accept(services, app, who, where=DESK, now=now)
    with pytest.raises(Forbidden) as other:
        await workflow.accept(services, app, CLERK_WJ, where=DESK, now=now)
    assert other.value.code == "other_department"
    with pytest.raises(Forbidden):
        await workflow.refuse(services, app, CLERK_WJ, "理由", where=DESK, now=now)
    with pytest.raises(Forbidden):
        await workflow.return_for_correction(services, app, CLERK_WJ, [PHOTO], where=DESK, now=now)
    app = await workflow.accept(services, app, CLERK_GA, where=DESK, now=now)
    with pytest.raises(Forbidden):
        await workflow.record_opinion(services, app, CLERK_GA, "agree", "", where=DESK, now=now)
    with pytest.raises(Forbidden):  # WJ has no review task on a GA application
        await workflow.record_opinion(services, app, REVIEWER_WJ, "agree", "", where=DESK, now=now)
    app = await workflow.record_opinion(services, app, REVIEWER_GA, "agree", "", where=DESK, now=now)
    with pytest.raises(Forbidden):
        await workflow.decide(services, app, CLERK_GA, "approve", "", where=DESK, now=now)
    with pytest.raises(Forbidden):
        await workflow.decide(services, app, REVIEWER_WJ, "approve", "", where=DESK, now=now)
    app = await workflow.decide(services, app, REVIEWER_GA, "approve", "", where=DESK, now=now)
    with pytest.raises(Forbidden):
        await workflow.deliver(services, app, how="window", staff=None, where=DESK, now=now)
    with pytest.raises(Forbidden):
        await workflow.deliver(services, app, how="window", staff=REVIEWER_GA, where=DESK, now=now)
    with pytest.raises(Forbidden):
        await workflow.deliver(services, app, how="window", staff=CLERK_WJ, where=DESK, now=now)
    # The citizen chose collection at the window, so a clerk cannot mark it mailed.
    with pytest.raises(Conflict):
        await workflow.deliver(services, app, how="mail", staff=CLERK_GA, tracking="SF1234", where=DESK, now=now)
    app = await workflow.deliver(services, app, how="window", staff=CLERK_GA, where=DESK, now=now)
    assert app.state == State.DELIVERED


async def test_staff_cannot_act_on_a_draft_or_a_bundle_parent(services: Services, people: People) -> None:
    draft = await id_card_draft(services, people.zhang)
    with pytest.raises(access.ApplicationNotFound):
        await workflow.accept(services, draft, CLERK_GA, where=DESK, now=services.clock.now())


# --- 并联审批 ----------------------------------------------------------------------------------


async def test_parallel_review_waits_for_every_department(services: Services, people: People) -> None:
    await change_catalog(services, with_co_departments("WJ", "YB"))
    app = await submitted(services, people.zhang)
    now = services.clock.now()
    app = await workflow.accept(services, app, CLERK_GA, where=DESK, now=now)
    tasks = await repository.review_tasks(services.db, app.id)
    assert [(t.department, t.lead, t.opinion) for t in tasks] == [
        ("GA", True, None),
        ("WJ", False, None),
        ("YB", False, None),
    ]
    # Every reviewer sees the application; a co-department may give its opinion only.
    for reviewer in (REVIEWER_WJ, REVIEWER_YB):
        assert (await access.for_staff(services, reviewer, app.ref)).id == app.id
    with pytest.raises(Forbidden):
        await access.for_staff(services, REVIEWER_SCJG, app.ref)
    app = await workflow.record_opinion(services, app, REVIEWER_WJ, "agree", "材料齐全", where=DESK, now=now)
    assert app.state == State.UNDER_REVIEW
    with pytest.raises(Forbidden):  # a co-department does not decide
        await workflow.decide(services, app, REVIEWER_WJ, "approve", "", where=DESK, now=now)
    app = await workflow.record_opinion(services, app, REVIEWER_GA, "agree", "", where=DESK, now=now)
    with pytest.raises(workflow.ReviewIncomplete):
        await workflow.decide(services, app, REVIEWER_GA, "approve", "", where=DESK, now=now)
    with pytest.raises(workflow.ReviewIncomplete):
        await workflow.decide(services, app, REVIEWER_GA, "deny", "不符合条件", where=DESK, now=now)
    with pytest.raises(ValidationFailed):  # a disagreement says why
        await workflow.record_opinion(services, app, REVIEWER_YB, "disagree", "", where=DESK, now=now)
    app = await workflow.record_opinion(services, app, REVIEWER_YB, "disagree", "参保信息不一致", where=DESK, now=now)
    with pytest.raises(workflow.OpinionAlreadyGiven):
        await workflow.record_opinion(services, app, REVIEWER_YB, "agree", "", where=DESK, now=now)
    with pytest.raises(workflow.DissentingOpinion):
        await workflow.decide(services, app, REVIEWER_GA, "approve", "", where=DESK, now=now)
    with pytest.raises(ValidationFailed):  # a denial gives its reason
        await workflow.decide(services, app, REVIEWER_GA, "deny", "", where=DESK, now=now)
    app = await workflow.decide(services, app, REVIEWER_GA, "deny", "医保部门不同意", where=DESK, now=now)
    # A denial is delivered electronically at once, with its decision document.
    assert app.state == State.DELIVERED
    documents = await results.for_application(services.db, app.id)
    assert [(d.kind, d.body["decision"]) for d in documents] == [("decision", "deny")]


async def test_approval_when_every_department_agrees(services: Services, people: People) -> None:
    await change_catalog(services, with_co_departments("WJ"))
    app = await submitted(services, people.zhang)
    now = services.clock.now()
    app = await workflow.accept(services, app, CLERK_GA, where=DESK, now=now)
    for reviewer in (REVIEWER_GA, REVIEWER_WJ):
        app = await workflow.record_opinion(services, app, reviewer, "agree", "", where=DESK, now=now)
    app = await workflow.decide(services, app, REVIEWER_GA, "approve", "", where=DESK, now=now)
    assert app.state == State.APPROVED and app.decided_at is not None


# --- concurrency and atomicity ------------------------------------------------------------------


async def test_two_clerks_at_once_one_wins_the_other_gets_a_clean_409(services: Services, people: People) -> None:
    app = await submitted(services, people.zhang)
    now = services.clock.now()
    outcomes = await asyncio.gather(
        workflow.accept(services, app, CLERK_GA, where=DESK, now=now),
        workflow.refuse(services, app, CLERK_GA, "不符合条件", where=DESK, now=now),
        workflow.return_for_correction(services, app, CLERK_GA, [PHOTO], where=DESK, now=now),
        return_exceptions=True,
    )
    wins = [o for o in outcomes if isinstance(o, Application)]
    losses = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(wins) == 1 and len(losses) == 2
    assert all(isinstance(loss, TransitionRefused) for loss in losses)
    events = await repository.events_for(services.db, [app.id])
    assert len(events) == 3 and events[-1].to_state == wins[0].state  # start, submit, the winner
    stored = await access.for_citizen(services, people.zhang, app.id)
    assert stored.state == wins[0].state and stored.revision == app.revision + 1


async def test_a_double_submit_makes_one_application_with_one_number(services: Services, people: People) -> None:
    app = await id_card_draft(services, people.zhang)
    now = services.clock.now()
    first, second = await asyncio.gather(
        workflow.submit(services, app, channel="kiosk", where=KIOSK, now=now),
        workflow.submit(services, app, channel="kiosk", where=KIOSK, now=now),
    )
    assert first.number == second.number and first.revision == second.revision
    counter = await services.db.fetch_one("SELECT SUM(last) FROM application_counters")
    assert counter is not None and counter[0] == 1
    events = await repository.events_for(services.db, [app.id])
    assert [e.act for e in events] == ["start", "submit"]


async def test_a_failing_within_rolls_back_the_whole_change(services: Services, people: People) -> None:
    app = await id_card_draft(services, people.zhang)
    audit_before = len(await audit.recent(services.db, limit=1000))

    async def broken(tx: Transaction, result: Application) -> None:
        assert result.state == State.SUBMITTED  # the change is visible inside the transaction
        raise RuntimeError("the answer could not be stored")

    with pytest.raises(RuntimeError):
        await workflow.submit(services, app, channel="mobile", where=DESK, now=services.clock.now(), within=broken)
    stored = await access.for_citizen(services, people.zhang, app.id)
    assert stored.state == State.DRAFT and stored.number is None and stored.revision == app.revision
    assert await event_count(services, app) == 1
    assert len(await audit.recent(services.db, limit=1000)) == audit_before
    assert await services.db.fetch_one("SELECT * FROM application_counters") is None
    # The same holds for the hall's acts: a decision with its certificate and documents.
    app = await submitted(services, people.zhang)
    now = services.clock.now()
    app = await workflow.accept(services, app, CLERK_GA, where=DESK, now=now)
    app = await workflow.record_opinion(services, app, REVIEWER_GA, "agree", "", where=DESK, now=now)
    wallet = await services.db.fetch_one("SELECT COUNT(*) FROM certificates")
    with pytest.raises(RuntimeError):
        await workflow.decide(services, app, REVIEWER_GA, "approve", "", where=DESK, now=now, within=broken_any)
    assert await results.for_application(services.db, app.id) == []
    assert await services.db.fetch_one("SELECT COUNT(*) FROM certificates") == wallet
    assert (await access.for_citizen(services, people.zhang, app.id)).state == State.UNDER_REVIEW


async def broken_any(tx: Transaction, result: Any) -> None:
    raise RuntimeError("the answer could not be stored")


async def test_a_submission_over_a_stale_read_submits_the_newer_revision_once(
    services: Services, people: People
) -> None:
    # Read on the kiosk, then the phone saves a change before the kiosk's submit arrives.
    read = await id_card_draft(services, people.zhang)
    newer = await drafts.save_answers(services, read, {"delivery": "window"}, now=services.clock.now())
    assert newer.revision == read.revision + 1

    result = await workflow.submit(services, read, channel="kiosk", where=KIOSK, now=services.clock.now())

    assert result.state == State.SUBMITTED and result.revision == newer.revision + 1
    counter = await services.db.fetch_one("SELECT SUM(last) FROM application_counters")
    assert counter is not None and counter[0] == 1  # the optimistic attempt's number was rolled back


async def test_a_stale_read_whose_newer_revision_is_incomplete_is_refused_with_its_problems(
    services: Services, people: People
) -> None:
    read = await id_card_draft(services, people.zhang)
    # Meanwhile the other device says it is for a child: a guardian and their ID card are now needed.
    await drafts.save_answers(services, read, {"for_whom": "child"}, now=services.clock.now())

    with pytest.raises(ValidationFailed) as refused:
        await workflow.submit(services, read, channel="kiosk", where=KIOSK, now=services.clock.now())

    assert {"answers.guardian_name", "materials.guardian_id"} <= {problem.path for problem in refused.value.problems}
    stored = await access.for_citizen(services, people.zhang, read.id)
    assert stored.state == State.DRAFT and stored.number is None
    counter = await services.db.fetch_one("SELECT COUNT(*) FROM application_counters")
    assert counter is not None and counter[0] == 0
