"""Orders: the amount comes from the pinned catalog version, one order per application,
nothing due for a draft or a free item, a bundle sums its children."""

from __future__ import annotations

import asyncio

from shared import payments
from shared.applications import drafts, workflow
from shared.applications.states import State
from shared.payments import fees
from shared.services import Services
from tests.shared.applications.conftest import (
    CLERK_GA,
    DESK,
    KIOSK,
    REVIEWER_GA,
    People,
    change_catalog,
    force,
    id_card_draft,
    item_doc,
    newborn,
    start,
    submitted,
)


async def test_a_submitted_fee_item_gets_one_order_with_the_catalog_amount(services: Services, people: People) -> None:
    app = await submitted(services, people.zhang)
    assert await payments.amount_due_fen(services, app) == 2000
    order = await payments.ensure_order(services, app.id)
    assert order is not None and order.amount_fen == 2000 and order.state == "unpaid" and not order.paid
    assert order.id.startswith("po_")
    again = await payments.ensure_order(services, app.id)
    assert again == order
    assert await payments.for_application(services.db, app.id) == order


async def test_conditional_fee_lines_follow_the_answers(services: Services, people: People) -> None:
    app = await submitted(services, people.zhang, delivery="mail", mailing_address="杭州市文三路 1 号")
    lines = await payments.fee_lines(services, app)
    assert [line.amount_fen for line in lines] == [2000, 1200]
    assert fees.yuan(fees.total_fen(lines)) == "32.00"


async def test_concurrent_callers_make_one_order(services: Services, people: People) -> None:
    app = await submitted(services, people.zhang)
    made = await asyncio.gather(*(payments.ensure_order(services, app.id) for _ in range(8)))
    assert len({order.id for order in made if order is not None}) == 1
    rows = await services.db.fetch_all("SELECT id FROM payment_orders WHERE application_id = ?", (app.id,))
    assert len(rows) == 1


async def test_no_order_for_a_draft(services: Services, people: People) -> None:
    draft = await id_card_draft(services, people.zhang)
    assert await payments.ensure_order(services, draft.id) is None
    assert await payments.for_application(services.db, draft.id) is None


async def test_no_order_when_the_item_is_free(services: Services, people: People) -> None:
    app = await start(services, people.zhang, item="WJ-CSYX-001")
    assert await payments.amount_due_fen(services, app) == 0
    assert await payments.ensure_order(services, app.id) is None


async def test_a_bundle_order_sums_its_children(services: Services, people: People) -> None:
    app = await newborn(services, people.zhang)
    assert len(app.children) == 2
    assert await payments.amount_due_fen(services, app) == 38000
    order = await payments.ensure_order(services, app.id)
    assert order is not None and order.amount_fen == 38000
    # The parent carries the order of the whole 一件事; a child has none of its own.
    assert await payments.ensure_order(services, app.children[1].id) is None


async def test_the_amount_is_the_pinned_versions_not_todays(services: Services, people: People) -> None:
    app = await submitted(services, people.zhang)

    def dearer(doc: dict[str, object]) -> None:
        item_doc(doc, "GA-SFZ-002")["fees"][0]["amount_fen"] = 9900  # type: ignore[arg-type]

    await change_catalog(services, dearer)
    assert (await services.catalog.current()).item("GA-SFZ-002").total_fee_fen == 9900 + 1200  # type: ignore[union-attr]
    order = await payments.ensure_order(services, app.id)
    assert order is not None and order.amount_fen == 2000


async def test_a_resubmitted_correction_that_changes_the_fee_changes_an_unpaid_order(
    services: Services, people: People
) -> None:
    app = await submitted(services, people.zhang)
    order = await payments.ensure_order(services, app.id)
    assert order is not None and order.amount_fen == 2000
    app = await force(services, app, state=State.RETURNED)  # 补正: the citizen may change answers
    now = services.clock.now()
    app = await drafts.save_answers(
        services, app, {"delivery": "mail", "mailing_address": "杭州市文三路 1 号"}, now=now
    )
    changed = await payments.ensure_order(services, app.id)
    assert changed is not None and changed.id == order.id and changed.amount_fen == 3200


async def test_submitting_twice_does_not_make_two_orders(services: Services, people: People) -> None:
    app = await submitted(services, people.zhang)
    await payments.ensure_order(services, app.id)
    again = await workflow.submit(services, app, channel="kiosk", where=KIOSK, now=services.clock.now())
    await payments.ensure_order(services, again.id)
    rows = await services.db.fetch_all("SELECT id FROM payment_orders")
    assert len(rows) == 1


async def test_a_refused_or_denied_application_closes_its_unpaid_order(services: Services, people: People) -> None:
    now = services.clock.now()
    refused = await submitted(services, people.zhang)
    await payments.ensure_order(services, refused.id)
    await workflow.refuse(services, refused, CLERK_GA, "不符合条件", where=DESK, now=now)
    order = await payments.for_application(services.db, refused.id)
    assert order is not None and order.state == "closed"
    # Nothing more can be started for it, nor a new order made.
    assert await payments.ensure_order(services, refused.id) in (None, order)

    denied = await submitted(services, people.li)
    await payments.ensure_order(services, denied.id)
    denied = await workflow.accept(services, denied, CLERK_GA, where=DESK, now=now)
    denied = await workflow.record_opinion(services, denied, REVIEWER_GA, "disagree", "材料不符", where=DESK, now=now)
    await workflow.decide(services, denied, REVIEWER_GA, "deny", "不符合换领条件", where=DESK, now=now)
    closed = await payments.for_application(services.db, denied.id)
    assert closed is not None and closed.state == "closed"
