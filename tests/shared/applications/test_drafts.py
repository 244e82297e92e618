"""Drafts: starting (404/422 by the catalog), prefill, saving as the citizen goes, delivery,
discarding. Every refusal writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from shared.applications import access, drafts, repository, workflow
from shared.applications.repository import StaleRevision
from shared.applications.states import State
from shared.errors import InvalidParameter, NotFound, ValidationFailed
from shared.services import Services
from tests.pii import ID_ZHANG, PHONE_ZHANG
from tests.shared.applications.conftest import (
    KIOSK,
    People,
    change_catalog,
    event_count,
    id_card_draft,
    item_doc,
    start,
    submitted,
)


async def test_a_draft_is_prefilled_from_the_verified_identity(services: Services, people: People) -> None:
    app = await start(services, people.zhang)
    assert app.state == State.DRAFT and app.number is None and app.kind == "item"
    assert app.id.startswith("a_") and len(app.id) == 24 and app.ref == app.id
    assert (app.item_code, app.item_version, app.department, app.started_channel) == ("GA-SFZ-002", 1, "GA", "kiosk")
    assert app.answers == {"applicant_name": "张三", "applicant_id_number": ID_ZHANG}
    assert app.sources == {"applicant_name": "profile", "applicant_id_number": "profile"}
    assert ID_ZHANG not in repr(app)
    events = await repository.events_for(services.db, [app.id])
    assert [(e.act, e.from_state, e.to_state, e.actor_kind, e.actor_label) for e in events] == [
        ("start", None, State.DRAFT, "citizen", "张*")
    ]


async def test_answers_sealed_at_rest(services: Services, people: People) -> None:
    app = await id_card_draft(services, people.zhang)
    row = await services.db.fetch_one("SELECT * FROM applications WHERE id = ?", (app.id,))
    assert row is not None
    stored = b" ".join(bytes(v) if isinstance(v, bytes) else str(v).encode() for v in tuple(row))
    assert ID_ZHANG.encode() not in stored and PHONE_ZHANG.encode() not in stored
    assert "张三".encode() not in stored


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"item_code": "NO-SUCH-ITEM"}, NotFound),
        ({"item_code": "GA-OLD-001"}, NotFound),  # retired
        ({"bundle_code": "no-such-bundle"}, NotFound),
        ({}, InvalidParameter),
        ({"item_code": "GA-SFZ-002", "bundle_code": "newborn"}, InvalidParameter),
        ({"item_code": "GA-SFZ-002", "channel": "fax"}, InvalidParameter),
    ],
)
async def test_start_refusals_write_nothing(
    services: Services, people: People, kwargs: dict[str, Any], error: type[Exception]
) -> None:
    arguments: dict[str, Any] = {"channel": "kiosk", **kwargs}
    with pytest.raises(error):
        await drafts.start(services, people.zhang, where=KIOSK, now=services.clock.now(), **arguments)
    assert tuple(await services.db.fetch_one("SELECT COUNT(*) FROM applications") or ()) == (0,)


async def test_an_item_not_offered_on_the_channel_says_so(services: Services, people: People) -> None:
    def kiosk_and_phone_off(doc: dict[str, Any]) -> None:
        item_doc(doc, "GA-SFZ-002")["channels"] = {"kiosk": False, "mobile": False, "online": False}

    await change_catalog(services, kiosk_and_phone_off)
    for channel, word in (("kiosk", "自助终端"), ("mobile", "手机")):
        with pytest.raises(ValidationFailed) as refused:
            await drafts.start(
                services, people.zhang, item_code="GA-SFZ-002", channel=channel, where=KIOSK, now=services.clock.now()
            )
        (problem,) = refused.value.problems
        assert problem.code == "channel_not_offered" and word in problem.message.zh
        assert "resident ID card" in (problem.message.en or "")
    # A window clerk may still start it for the citizen.
    app = await drafts.start(
        services, people.zhang, item_code="GA-SFZ-002", channel="window", where=KIOSK, now=services.clock.now()
    )
    assert app.started_channel == "window"


async def test_save_answers_lists_every_problem_and_saves_nothing(services: Services, people: People) -> None:
    app = await start(services, people.zhang)
    bad = {"for_whom": "grandchild", "applicant_phone": "12345", "applicant_name": "张", "shoe_size": 42}
    with pytest.raises(ValidationFailed) as refused:
        await drafts.save_answers(services, app, bad, now=services.clock.now())
    assert sorted(p.path for p in refused.value.problems) == [
        "answers.applicant_name",
        "answers.applicant_phone",
        "answers.for_whom",
        "answers.shoe_size",
    ]
    assert PHONE_ZHANG not in str([p.message for p in refused.value.problems])
    unchanged = await access.for_citizen(services, people.zhang, app.id)
    assert unchanged.revision == app.revision and unchanged.answers == app.answers


async def test_hidden_answers_are_dropped_and_changed_values_lose_their_source(
    services: Services, people: People
) -> None:
    app = await start(services, people.zhang)
    now = services.clock.now()
    app = await drafts.save_answers(services, app, {"for_whom": "child", "guardian_name": "张大"}, now=now)
    assert app.answers["guardian_name"] == "张大" and app.revision == 1
    app = await drafts.save_answers(services, app, {"for_whom": "self"}, now=now)
    assert "guardian_name" not in app.answers
    # Sending the prefilled value back unchanged keeps its source; changing it drops it.
    app = await drafts.save_answers(services, app, {"applicant_name": "张三"}, now=now)
    assert app.sources["applicant_name"] == "profile"
    app = await drafts.save_answers(services, app, {"applicant_name": "张三丰"}, now=now)
    assert "applicant_name" not in app.sources and app.sources == {"applicant_id_number": "profile"}
    # An empty value clears an answer.
    app = await drafts.save_answers(services, app, {"applicant_name": ""}, now=now)
    assert "applicant_name" not in app.answers


async def test_a_stale_revision_is_a_409(services: Services, people: People) -> None:
    app = await start(services, people.zhang)
    now = services.clock.now()
    await drafts.save_answers(services, app, {"for_whom": "self"}, now=now, expected_revision=0)
    with pytest.raises(StaleRevision) as stale:
        await drafts.save_answers(services, app, {"for_whom": "child"}, now=now, expected_revision=0)
    assert stale.value.status == 409
    assert (await access.for_citizen(services, people.zhang, app.id)).answers["for_whom"] == "self"


async def test_a_submitted_application_cannot_be_edited(services: Services, people: People) -> None:
    app = await submitted(services, people.zhang)
    now = services.clock.now()
    with pytest.raises(drafts.NotEditable) as refused:
        await drafts.save_answers(services, app, {"for_whom": "self"}, now=now)
    assert refused.value.status == 409 and "已提交" in refused.value.message.zh
    with pytest.raises(drafts.NotEditable):
        await drafts.set_delivery(services, app, "window", None, now=now)
    with pytest.raises(drafts.NotEditable):
        await drafts.discard(services, app, now=now)


async def test_delivery_must_be_offered_and_mail_needs_an_address(services: Services, people: People) -> None:
    app = await start(services, people.zhang)
    now = services.clock.now()
    for method in ("electronic", "kiosk_print", "pigeon"):
        with pytest.raises(ValidationFailed) as refused:
            await drafts.set_delivery(services, app, method, None, now=now)
        assert [p.path for p in refused.value.problems] == ["delivery.method"]
    with pytest.raises(ValidationFailed) as no_address:
        await drafts.set_delivery(services, app, "mail", "   ", now=now)
    assert [p.path for p in no_address.value.problems] == ["delivery.address"]
    with pytest.raises(ValidationFailed):
        await drafts.set_delivery(services, app, "mail", "地" * 301, now=now)
    # The form's own mailing address answer is used rather than asking again.
    app = await drafts.save_answers(
        services, app, {"delivery": "mail", "mailing_address": "杭州市西湖区文三路 1 号"}, now=now
    )
    app = await drafts.set_delivery(services, app, "mail", None, now=now)
    assert (app.delivery_method, app.delivery_address) == ("mail", "杭州市西湖区文三路 1 号")
    app = await drafts.set_delivery(services, app, "window", "ignored", now=now)
    assert (app.delivery_method, app.delivery_address) == ("window", None)


async def test_discarding_a_draft_wipes_it(services: Services, people: People) -> None:
    app = await id_card_draft(services, people.zhang)
    await drafts.discard(services, app, now=services.clock.now(), where=KIOSK)
    with pytest.raises(access.ApplicationNotFound):
        await access.for_citizen(services, people.zhang, app.id)
    assert await access.list_for_citizen(services, people.zhang) == []
    row = await services.db.fetch_one("SELECT answers_sealed, discarded_at FROM applications WHERE id = ?", (app.id,))
    assert row is not None and row["discarded_at"] is not None
    assert services.vault.open(bytes(row["answers_sealed"]), repository.ANSWERS_COLUMN) == "{}"
    assert await event_count(services, app) == 2  # start, discard: the timeline stays
    with pytest.raises(access.ApplicationNotFound):
        await workflow.submit(services, app, channel="kiosk", where=KIOSK, now=services.clock.now())


async def test_a_question_a_change_reveals_is_filled_from_an_earlier_application(
    services: Services, people: People
) -> None:
    """Mail chosen on a new draft: the mailing address given last time appears, not asked again."""
    earlier = await submitted(services, people.zhang, delivery="mail", mailing_address="杭州市西湖区文三路 1 号")
    assert earlier.number is not None
    app = await start(services, people.zhang)
    assert "mailing_address" not in app.answers  # hidden until mail is chosen
    app = await drafts.save_answers(services, app, {"delivery": "mail"}, now=services.clock.now())
    assert app.answers["mailing_address"] == "杭州市西湖区文三路 1 号"
    assert app.sources["mailing_address"] == f"application:{earlier.number}"
    # Emptied by the citizen while visible, it stays empty.
    app = await drafts.save_answers(services, app, {"mailing_address": None}, now=services.clock.now())
    assert "mailing_address" not in app.answers
