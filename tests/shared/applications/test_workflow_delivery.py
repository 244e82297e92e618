"""Delivery (送达) as the citizen chose: by mail with a tracking number, printed at a kiosk."""

from __future__ import annotations

from typing import Any

import pytest

from shared.applications import drafts, repository, timeline, workflow
from shared.applications.model import Application
from shared.applications.states import State
from shared.errors import Forbidden, ValidationFailed
from shared.services import Services
from tests.pii import PHONE_LI
from tests.shared.applications.conftest import (
    CLERK_GA,
    DESK,
    KIOSK,
    REVIEWER_GA,
    People,
    approve,
    change_catalog,
    id_card_draft,
    item_doc,
)


def kiosk_printing(doc: dict[str, Any]) -> None:
    item_doc(doc, "GA-SFZ-002")["result"]["delivery"] = ["window", "mail", "kiosk_print"]


async def approved(services: Services, citizen_id: str, method: str, **answers: object) -> Application:
    app = await id_card_draft(services, citizen_id, **answers)
    app = await drafts.set_delivery(services, app, method, None, now=services.clock.now())
    app = await workflow.submit(services, app, channel="kiosk", where=KIOSK, now=services.clock.now())
    app = await approve(services, app, CLERK_GA, [REVIEWER_GA])
    assert app.state == State.APPROVED
    return app


async def test_mail_needs_a_tracking_number(services: Services, people: People) -> None:
    app = await approved(services, people.zhang, "mail", delivery="mail", mailing_address="杭州市文三路 1 号")
    now = services.clock.now()
    for tracking, code in ((None, "required"), ("  ", "required"), ("SF 12", "invalid"), (PHONE_LI, "invalid")):
        with pytest.raises(ValidationFailed) as refused:
            await workflow.deliver(services, app, how="mail", staff=CLERK_GA, tracking=tracking, where=DESK, now=now)
        assert [(p.path, p.code) for p in refused.value.problems] == [("tracking", code)]
    with pytest.raises(Forbidden):  # a reviewer does not post results
        await workflow.deliver(
            services, app, how="mail", staff=REVIEWER_GA, tracking="SF1234567890", where=DESK, now=now
        )
    app = await workflow.deliver(
        services, app, how="mail", staff=CLERK_GA, tracking="SF1234567890", where=DESK, now=now
    )
    assert app.state == State.DELIVERED and app.delivered_at is not None
    last = (await timeline.events(services.db, app.id))[-1]
    assert timeline.describe(last).zh == "窗口人员（GA）已送达（邮寄送达，快递单号 SF1234567890）"


async def test_a_kiosk_prints_the_result_for_its_owner(services: Services, people: People) -> None:
    await change_catalog(services, kiosk_printing)
    app = await approved(services, people.zhang, "kiosk_print")
    now = services.clock.now()
    with pytest.raises(Forbidden):  # only a kiosk prints
        await workflow.deliver(services, app, how="kiosk_print", where=DESK, now=now)
    app = await workflow.deliver(services, app, how="kiosk_print", where=KIOSK, now=now)
    assert app.state == State.DELIVERED
    event = (await repository.events_for(services.db, [app.id]))[-1]
    assert (event.actor_kind, event.actor_label, event.detail) == ("kiosk", KIOSK.value, {"how": "kiosk_print"})
    assert timeline.describe(event).en == "A kiosk delivered the result (print at a kiosk)"


async def test_an_unknown_way_is_refused(services: Services, people: People) -> None:
    app = await approved(services, people.zhang, "window")
    with pytest.raises(ValidationFailed):
        await workflow.deliver(
            services,
            app,
            how="pigeon",
            staff=CLERK_GA,
            where=DESK,
            now=services.clock.now(),  # type: ignore[arg-type]
        )
