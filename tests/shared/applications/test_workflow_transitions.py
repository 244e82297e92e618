"""Every (state, act) pair of the full product through the real workflow functions on a real
database: allowed pairs move the application and leave a timeline event; refused pairs are a
clean 409 that writes nothing."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable

import pytest

from shared.applications import repository, workflow
from shared.applications.access import ApplicationNotFound
from shared.applications.model import Application, CorrectionItem
from shared.applications.states import TRANSITIONS, Act, Decision, State, TransitionRefused
from shared.services import Services
from tests.shared.applications.conftest import (
    CLERK_GA,
    DESK,
    REVIEWER_GA,
    SUPERVISOR,
    People,
    event_count,
    force,
    id_card_draft,
    submitted,
)

STAFF_ACTS = [act for act in Act if act not in (Act.SUBMIT, Act.RESUBMIT)]
PAIRS = list(itertools.product(State, STAFF_ACTS))

Perform = Callable[[Services, Application], Awaitable[Application]]


def perform(act: Act) -> Perform:
    async def run(services: Services, app: Application) -> Application:
        now = services.clock.now()
        if act == Act.ACCEPT:
            return await workflow.accept(services, app, CLERK_GA, where=DESK, now=now)
        if act == Act.RETURN:
            items = [CorrectionItem("materials.guardian_id", "请补充监护人身份证明")]
            return await workflow.return_for_correction(services, app, CLERK_GA, items, where=DESK, now=now)
        if act == Act.REFUSE:
            return await workflow.refuse(services, app, CLERK_GA, "不属于本部门受理范围", where=DESK, now=now)
        if act == Act.OVERRIDE_RETURN:
            return await workflow.override_return(services, app, SUPERVISOR, "原件当场遗失", where=DESK, now=now)
        if act == Act.OPINION:
            return await workflow.record_opinion(services, app, REVIEWER_GA, "agree", "", where=DESK, now=now)
        if act in (Act.APPROVE, Act.DENY):
            decision: Decision = "approve" if act == Act.APPROVE else "deny"
            return await workflow.decide(services, app, REVIEWER_GA, decision, "理由", where=DESK, now=now)
        assert act == Act.DELIVER
        return await workflow.deliver(services, app, how="window", staff=CLERK_GA, where=DESK, now=now)

    return run


async def in_state(services: Services, citizen_id: str, state: State, act: Act) -> Application:
    """An application in `state`, with what `act` needs besides the state (review tasks,
    opinions, an earlier return for an override)."""
    if state == State.DRAFT:
        return await id_card_draft(services, citizen_id)
    app = await submitted(services, citizen_id)
    now = services.clock.now()
    async with services.db.transaction() as tx:
        await repository.create_review_tasks(tx, app.id, [("GA", True)], now)
        if act in (Act.APPROVE, Act.DENY):
            await repository.set_opinion(tx, app.id, "GA", "agree", "", "201", "reviewer_ga (reviewer)", now)
    return await force(services, app, state=state, returns=1 if act == Act.OVERRIDE_RETURN else 0)


@pytest.mark.parametrize(("state", "act"), PAIRS, ids=[f"{s.value}-{a.value}" for s, a in PAIRS])
async def test_staff_act_in_every_state(services: Services, people: People, state: State, act: Act) -> None:
    app = await in_state(services, people.zhang, state, act)
    events_before = await event_count(services, app)
    allowed = TRANSITIONS.get((state, act))
    if state == State.DRAFT:
        # A draft is the citizen's: staff cannot even see it.
        with pytest.raises(ApplicationNotFound):
            await perform(act)(services, app)
    elif allowed is None:
        with pytest.raises(TransitionRefused) as refused:
            await perform(act)(services, app)
        assert refused.value.status == 409
    else:
        after = await perform(act)(services, app)
        events = await repository.events_for(services.db, [app.id])
        assert (events[events_before].act, events[events_before].from_state) == (act.value, state)
        assert events[events_before].to_state == allowed
        # A denial is delivered electronically at once; everything else rests in the new state.
        assert after.state == (State.DELIVERED if act == Act.DENY else allowed)
        assert after.revision > app.revision
        return
    unchanged = await repository.load(services.db, services.vault, app.id)
    assert unchanged is not None and unchanged.state == state and unchanged.revision == app.revision
    assert await event_count(services, app) == events_before


@pytest.mark.parametrize("state", list(State), ids=[s.value for s in State])
async def test_citizen_submit_in_every_state(services: Services, people: People, state: State) -> None:
    """submit is SUBMIT from a draft and RESUBMIT from a return; in any other state it is a
    double tap that lost the race: the application comes back unchanged, nothing written."""
    app = await in_state(services, people.zhang, state, Act.SUBMIT)
    events_before = await event_count(services, app)
    called: list[Application] = []

    async def within(tx: object, result: Application) -> None:
        called.append(result)

    after = await workflow.submit(services, app, channel="mobile", where=DESK, now=services.clock.now(), within=within)
    act = Act.SUBMIT if state == State.DRAFT else Act.RESUBMIT
    if (state, act) in TRANSITIONS:
        assert after.state == State.SUBMITTED and after.number is not None
        assert [c.id for c in called] == [app.id]
        events = await repository.events_for(services.db, [app.id])
        assert events[-1].act == act.value and events[-1].from_state == state
    else:
        assert after.state == state and after.revision == app.revision and called == []
        assert await event_count(services, app) == events_before
