"""一件事一次办 and 电子证照 on the real stack: a bundle fans out into numbered item applications
with one overall status; an approval puts a certificate in the wallet and a later
application does not ask for that paper again."""

from __future__ import annotations

import pytest

from shared.applications import access, certificates, drafts, forms, numbers, results, timeline, workflow
from shared.applications.access import ApplicationNotFound, NotYourDepartment
from shared.applications.model import CorrectionItem
from shared.applications.states import State
from shared.clock import china_day
from shared.services import Services
from tests.shared.applications.conftest import (
    CLERK_WJ,
    CLERK_YB,
    DESK,
    KIOSK,
    REVIEWER_GA,
    REVIEWER_WJ,
    REVIEWER_YB,
    People,
    approve,
    give_certificate,
    newborn,
    start,
)


async def test_a_bundle_fans_out_into_numbered_item_applications(services: Services, people: People) -> None:
    parent = await newborn(services, people.zhang)
    assert parent.kind == "bundle" and parent.state == State.SUBMITTED and parent.number is not None
    assert numbers.is_valid(parent.number) and parent.department is None
    first, second = parent.children
    assert [c.number for c in parent.children] == [f"{parent.number}-1", f"{parent.number}-2"]
    assert all(numbers.is_valid(c.number or "") for c in parent.children)
    assert [(c.item_code, c.department, c.state, c.parent_id, c.position) for c in parent.children] == [
        ("WJ-CSYX-001", "WJ", State.SUBMITTED, parent.id, 1),
        ("YB-CB-003", "YB", State.SUBMITTED, parent.id, 2),
    ]
    # Each department gets the answers its own item asks for, and nothing else.
    assert set(first.answers) == {"applicant_name", "applicant_id_number", "baby_name", "birth_date"}
    assert set(second.answers) == {"baby_name", "applicant_phone"}
    assert first.sources == {"applicant_name": "profile", "applicant_id_number": "profile"}
    # The delivery choice goes to the item that delivers a result; the other has none.
    assert (first.delivery_method, second.delivery_method) == ("electronic", None)
    assert parent.status == State.SUBMITTED
    # The citizen sees one bundle with its children; a child can be opened by its number too.
    (listed,) = await access.list_for_citizen(services, people.zhang)
    assert listed.id == parent.id and len(listed.children) == 2
    assert (await access.for_citizen(services, people.zhang, second.ref)).id == second.id
    # One number per submission: the parent's; the children hang off it.
    counter = await services.db.fetch_one("SELECT last FROM application_counters")
    assert counter is not None and counter[0] == 1


async def test_staff_see_the_children_of_their_department_only(services: Services, people: People) -> None:
    parent = await newborn(services, people.zhang)
    first, second = parent.children
    assert parent.number is not None
    with pytest.raises(ApplicationNotFound):  # the parent is not a staff object
        await access.for_staff(services, CLERK_WJ, parent.number)
    assert (await access.for_staff(services, CLERK_WJ, first.ref)).id == first.id
    with pytest.raises(NotYourDepartment):
        await access.for_staff(services, CLERK_WJ, second.ref)
    with pytest.raises(NotYourDepartment):  # GA reviews the insurance only once it is accepted
        await access.for_staff(services, REVIEWER_GA, second.ref)
    await workflow.accept(services, second, CLERK_YB, where=DESK, now=services.clock.now())
    assert (await access.for_staff(services, REVIEWER_GA, second.ref)).id == second.id
    assert [a.id for a in await access.list_for_staff(services, REVIEWER_GA)] == [second.id]
    assert [a.id for a in await access.list_for_staff(services, CLERK_WJ)] == [first.id]


async def test_the_bundle_reports_one_status_until_every_item_is_done(services: Services, people: People) -> None:
    parent = await newborn(services, people.zhang)
    first, second = parent.children
    now = services.clock.now()
    second = await workflow.return_for_correction(
        services, second, CLERK_YB, [CorrectionItem("answers.baby_name", "姓名与出生证明不一致")], where=DESK, now=now
    )
    assert (await access.for_citizen(services, people.zhang, parent.id)).status == State.RETURNED
    second = await drafts.save_answers(services, second, {"baby_name": "张小贝"}, now=now)
    second = await workflow.submit(services, second, channel="kiosk", where=KIOSK, now=now)
    assert second.state == State.SUBMITTED and second.number == f"{parent.number}-2"
    first = await approve(services, first, CLERK_WJ, [REVIEWER_WJ])
    assert first.state == State.DELIVERED  # electronic delivery at once
    assert (await access.for_citizen(services, people.zhang, parent.id)).status == State.SUBMITTED
    second = await approve(services, second, CLERK_YB, [REVIEWER_YB, REVIEWER_GA])
    assert second.state == State.DELIVERED  # nothing to hand over: the decision is sent
    assert (await access.for_citizen(services, people.zhang, parent.id)).status == State.DELIVERED
    # The parent's timeline and results gather its children's.
    events = await timeline.events(services.db, parent.id)
    assert {e.application_id for e in events} == {parent.id, first.id, second.id}
    assert [e.id for e in events] == sorted(e.id for e in events)
    documents = await results.for_application(services.db, parent.id)
    assert sorted((d.application_id, d.kind) for d in documents) == sorted(
        [(first.id, "decision"), (first.id, "certificate"), (second.id, "decision")]
    )


async def test_an_approval_issues_a_certificate_that_a_later_application_reuses(
    services: Services, people: People
) -> None:
    await give_certificate(services, people.zhang, "resident_id_card")
    now = services.clock.now()
    birth = await start(services, people.zhang, "WJ-CSYX-001")
    birth = await drafts.save_answers(services, birth, {"baby_name": "张小宝", "birth_date": "2026-11-01"}, now=now)
    birth = await drafts.set_delivery(services, birth, "electronic", None, now=now)
    birth = await workflow.submit(services, birth, channel="kiosk", where=KIOSK, now=now)
    assert [c.type_code for c in await certificates.wallet(services, people.zhang)] == ["resident_id_card"]
    birth = await approve(services, birth, CLERK_WJ, [REVIEWER_WJ])
    assert birth.state == State.DELIVERED
    issued = [c for c in await certificates.wallet(services, people.zhang) if c.type_code == "birth_cert"]
    assert len(issued) == 1 and issued[0].source_application_id == birth.id and issued[0].issuer == "WJ"
    (copy,) = [d for d in await results.for_application(services.db, birth.id) if d.kind == "certificate"]
    assert copy.body["certificate_id"] == issued[0].id
    # Another person's wallet is untouched.
    assert await certificates.wallet(services, people.li) == []

    # Later: medical insurance for the baby. The birth certificate is not asked for, and the
    # baby's name is not typed again.
    insurance = await start(services, people.zhang, "YB-CB-003")
    assert insurance.answers["baby_name"] == "张小宝"
    assert insurance.sources["baby_name"] == f"application:{birth.number}"
    definition = await forms.definition(services, insurance)
    wallet = await certificates.wallet(services, people.zhang)
    problems = forms.presubmission_problems(
        definition, insurance.answers, wallet, [], None, None, china_day(services.clock.now())
    )
    missing = {p.path for p in problems if p.path.startswith("materials.")}
    assert missing == {"materials.hukou_booklet"}  # the birth certificate is covered


async def test_a_certificate_lapses_from_the_wallet(services: Services, people: People) -> None:
    async with services.db.transaction() as tx:
        holder = await certificates.holder_hash(tx, people.zhang)
        assert holder is not None
        await certificates.issue(
            tx, holder, "hukou", "OLD-1", "GA", services.clock.now(), None, valid_until="2020-01-01"
        )
    assert await certificates.wallet(services, people.zhang) == []
