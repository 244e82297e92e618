"""Prefill (nothing asked twice) and the form view over the real stack."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from shared.applications import drafts, forms, prefill, workflow
from shared.applications.model import Application
from shared.catalog.model import FieldRules
from shared.identity import citizens
from shared.privacy.masking import contains_personal_number, mask_id_number, mask_phone
from shared.services import Services
from tests.pii import ID_ZHANG, PHONE_ZHANG
from tests.shared.applications.conftest import KIOSK, People, give_certificate, id_card_draft, start

ADDRESS = "北京市朝阳区建国路 1 号"


async def submitted_by_mail(services: Services, citizen_id: str, address: str = ADDRESS) -> Application:
    app = await id_card_draft(services, citizen_id, delivery="mail", mailing_address=address)
    return await workflow.submit(services, app, channel="kiosk", where=KIOSK, now=services.clock.now())


async def test_profile_fills_the_applicant_fields(services: Services, people: People) -> None:
    app = await start(services, people.zhang)
    assert app.answers == {"applicant_name": "张三", "applicant_id_number": ID_ZHANG}
    assert app.sources == {"applicant_name": "profile", "applicant_id_number": "profile"}
    # The ID card gives no phone number: nothing invented for it.
    assert "applicant_phone" not in app.answers


async def test_an_account_without_real_name_gets_nothing(services: Services) -> None:
    async with services.db.transaction() as tx:
        anonymous = await citizens.create(tx, services.clock.now())
    item = (await services.catalog.current()).item("GA-SFZ-002")
    assert item is not None
    assert await prefill.known_facts(services, anonymous, item.fields) == {}


async def test_earlier_application_fills_facts_but_not_the_situation(services: Services, people: People) -> None:
    first = await submitted_by_mail(services, people.zhang)
    assert first.number
    again = await start(services, people.zhang)
    assert again.answers["applicant_phone"] == PHONE_ZHANG
    assert again.sources["applicant_phone"] == f"application:{first.number}"
    assert again.sources["applicant_name"] == "profile"  # the verified identity wins over history
    # "For whom" and "how to deliver" decide what else is asked: never carried over.
    assert "for_whom" not in again.answers and "delivery" not in again.answers
    # The mailing address is asked only for delivery by mail: it appears once that is chosen.
    assert "mailing_address" not in again.answers
    definition = await forms.definition(services, again)
    after = {**again.answers, "delivery": "mail"}
    answers, sources = await prefill.fill_revealed(
        services, people.zhang, definition, again.answers, after, again.sources
    )
    assert answers["mailing_address"] == ADDRESS and sources["mailing_address"] == f"application:{first.number}"
    # A field that was visible and emptied by the citizen is not filled again.
    emptied = {**after, "applicant_phone": ""}
    answers, _ = await prefill.fill_revealed(services, people.zhang, definition, after, emptied, again.sources)
    assert answers["applicant_phone"] == ""


async def test_the_latest_submission_wins_and_drafts_do_not_count(services: Services, people: People) -> None:
    await submitted_by_mail(services, people.zhang, "上海市黄浦区某路 2 号")
    services.clock.advance(60)  # type: ignore[attr-defined]
    latest = await submitted_by_mail(services, people.zhang, ADDRESS)
    services.clock.advance(60)  # type: ignore[attr-defined]
    draft = await start(services, people.zhang)
    await drafts.save_answers(services, draft, {"mailing_address": "草稿里的地址 3 号"}, now=services.clock.now())
    item = (await services.catalog.current()).item("GA-SFZ-002")
    assert item is not None
    facts = await prefill.known_facts(services, people.zhang, item.fields)
    assert facts["mailing_address"].value == ADDRESS
    assert facts["mailing_address"].source == f"application:{latest.number}"
    assert facts["mailing_address"].label.zh == f"来自您的办件 {latest.number}"
    assert "delivery" not in facts  # situation question of this form (its own `when` reads it)


async def test_a_remembered_value_that_no_longer_fits_is_not_offered(services: Services, people: People) -> None:
    await submitted_by_mail(services, people.zhang)
    item = (await services.catalog.current()).item("GA-SFZ-002")
    assert item is not None
    address = next(f for f in item.fields if f.code == "mailing_address")
    stricter = replace(address, when=None, rules=FieldRules(max_length=5))
    assert await prefill.known_facts(services, people.zhang, [stricter]) == {}
    assert (await prefill.known_facts(services, people.zhang, [replace(address, when=None)]))[
        "mailing_address"
    ].value == ADDRESS


async def test_other_citizens_history_is_never_used(services: Services, people: People) -> None:
    await submitted_by_mail(services, people.li)
    app = await start(services, people.zhang)
    assert "mailing_address" not in app.answers and "applicant_phone" not in app.answers


def test_source_labels() -> None:
    assert prefill.source_label("profile") == prefill.PROFILE_LABEL
    assert prefill.source_label("application:20261121000427").en == "From your application 20261121000427"
    assert prefill.source_label("certificate:c_1").zh == "来自您的电子证照"
    assert prefill.source_label("something-else").zh == "系统已有信息"
    assert ID_ZHANG not in repr(prefill.KnownFact(ID_ZHANG, "profile", prefill.PROFILE_LABEL))


async def test_form_view_masks_names_sources_and_runs_the_check(services: Services, people: People) -> None:
    app = await start(services, people.zhang)
    app = await drafts.save_answers(
        services,
        app,
        {"for_whom": "self", "applicant_phone": PHONE_ZHANG, "delivery": "mail"},
        now=services.clock.now(),
    )
    view = await forms.form_view(services, app)
    fields = {fv.field.code: fv for _, group in view.groups for fv in group}
    assert fields["applicant_id_number"].value == mask_id_number(ID_ZHANG)
    assert fields["applicant_phone"].value == mask_phone(PHONE_ZHANG)
    assert fields["applicant_name"].source is not None
    assert fields["applicant_name"].source.label == prefill.PROFILE_LABEL
    assert fields["applicant_name"].source.value is None  # the view never carries the raw value
    assert fields["applicant_phone"].source is None  # typed by the citizen
    # Everything missing, at once: the address the mail answer asks for, the ID card photo.
    assert [p.path for p in view.problems] == ["answers.mailing_address", "materials.id_card"]
    assert not view.ready
    assert {m.code: m.status for m in view.materials} == {"id_card": "missing", "hukou_booklet": "shared_data"}
    assert view.delivery_method == "mail"  # taken from the form's answer
    dumped = json.dumps([str(fv.value) for fv in fields.values()], ensure_ascii=False)
    assert not contains_personal_number(dumped)


async def test_form_view_uses_the_wallet(services: Services, people: People) -> None:
    await give_certificate(services, people.zhang, "resident_id_card", "GA-2026-0001")
    app = await id_card_draft(services, people.zhang)
    view = await forms.form_view(services, app)
    id_card = next(m for m in view.materials if m.code == "id_card")
    assert id_card.status == "certificate" and id_card.certificate is not None
    assert id_card.certificate.type_code == "resident_id_card"
    assert view.ready and view.problems == []


async def test_form_view_of_an_item_pinned_to_an_old_version(services: Services, people: People) -> None:
    from tests.shared.applications.conftest import change_catalog, item_doc

    app = await start(services, people.zhang)

    def rename_material(doc: dict[str, Any]) -> None:
        item = item_doc(doc, "GA-SFZ-002")
        item["materials"][0]["code"] = "id_card_v2"

    await change_catalog(services, rename_material)
    assert (await services.catalog.current()).item("GA-SFZ-002").version == 2  # type: ignore[union-attr]
    view = await forms.form_view(services, app)
    assert "id_card" in {m.code for m in view.materials}  # the draft keeps the version it started with
