"""Object-level access (ASVS 8.2.2): a citizen sees their own applications only, staff see
their department's, and probing a number learns nothing."""

from __future__ import annotations

import pytest

from shared.applications import access, workflow
from shared.applications.access import ApplicationNotFound, NotYourDepartment
from shared.applications.states import State
from shared.clock import ManualClock
from shared.services import Services
from tests.shared.applications.conftest import (
    ADMIN,
    CLERK_GA,
    CLERK_WJ,
    DESK,
    REVIEWER_GA,
    REVIEWER_WJ,
    SUPERVISOR,
    People,
    change_catalog,
    id_card_draft,
    submitted,
    with_co_departments,
)


async def test_another_citizens_application_is_not_found(services: Services, people: People) -> None:
    app = await submitted(services, people.zhang)
    assert app.number is not None
    for ref in (app.id, app.number):
        assert (await access.for_citizen(services, people.zhang, ref)).id == app.id
        with pytest.raises(ApplicationNotFound) as other:
            await access.for_citizen(services, people.li, ref)
        with pytest.raises(ApplicationNotFound) as unknown:
            await access.for_citizen(services, people.li, ref[:-1] + ("1" if ref[-1] != "1" else "2"))
        # The same answer as for a number that does not exist.
        assert other.value.status == unknown.value.status == 404
        assert other.value.message == unknown.value.message and other.value.code == unknown.value.code
    for ref in ("", "a_", "a_" + "x" * 22, "20261121000420", "../../etc/passwd"):
        with pytest.raises(ApplicationNotFound):
            await access.for_citizen(services, people.zhang, ref)
    assert await access.list_for_citizen(services, people.li) == []


async def test_a_clerk_of_another_department_gets_403(services: Services, people: People) -> None:
    app = await submitted(services, people.zhang)
    assert (await access.for_staff(services, CLERK_GA, app.ref)).id == app.id
    with pytest.raises(NotYourDepartment) as refused:
        await access.for_staff(services, CLERK_WJ, app.ref)
    assert refused.value.status == 403
    with pytest.raises(NotYourDepartment):
        await access.for_staff(services, REVIEWER_WJ, app.id)
    # Hall-wide roles read everything.
    for who in (SUPERVISOR, ADMIN):
        assert (await access.for_staff(services, who, app.ref)).id == app.id
    with pytest.raises(ApplicationNotFound):
        await access.for_staff(services, CLERK_GA, "20991231999990")


async def test_a_draft_is_not_a_staff_object(services: Services, people: People) -> None:
    draft = await id_card_draft(services, people.zhang)
    for who in (CLERK_GA, SUPERVISOR, ADMIN):
        with pytest.raises(ApplicationNotFound):
            await access.for_staff(services, who, draft.id)
    assert await access.list_for_staff(services, ADMIN) == []


async def test_a_co_department_reviewer_sees_it_once_it_has_a_task(services: Services, people: People) -> None:
    await change_catalog(services, with_co_departments("WJ"))
    app = await submitted(services, people.zhang)
    with pytest.raises(NotYourDepartment):
        await access.for_staff(services, REVIEWER_WJ, app.ref)
    await workflow.accept(services, app, CLERK_GA, where=DESK, now=services.clock.now())
    assert (await access.for_staff(services, REVIEWER_WJ, app.ref)).id == app.id
    # A co-department's clerk reads it too (same department), but cannot act as the lead.
    assert (await access.for_staff(services, CLERK_WJ, app.ref)).id == app.id


async def test_lists_are_scoped_and_ordered(services: Services, people: People, clock: ManualClock) -> None:
    first = await submitted(services, people.zhang)
    clock.advance(60)
    second = await submitted(services, people.zhang)
    clock.advance(60)
    draft = await id_card_draft(services, people.zhang)
    clock.advance(60)
    theirs = await submitted(services, people.li)
    # The citizen: their own, newest first, drafts included.
    mine = await access.list_for_citizen(services, people.zhang)
    assert [a.id for a in mine] == [draft.id, second.id, first.id]
    assert [a.id for a in await access.list_for_citizen(services, people.zhang, limit=1)] == [draft.id]
    # Staff: the department's queue, first come first served, no drafts.
    assert [a.id for a in await access.list_for_staff(services, CLERK_GA)] == [first.id, second.id, theirs.id]
    assert await access.list_for_staff(services, CLERK_WJ) == []
    await workflow.accept(services, second, CLERK_GA, where=DESK, now=services.clock.now())
    accepted = await access.list_for_staff(services, REVIEWER_GA, state=State.ACCEPTED)
    assert [a.id for a in accepted] == [second.id]
    assert [a.id for a in await access.list_for_staff(services, SUPERVISOR, state=State.SUBMITTED)] == [
        first.id,
        theirs.id,
    ]
