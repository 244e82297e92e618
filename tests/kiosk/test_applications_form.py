"""Filling in an application at the kiosk: one group of questions per screen, what is
known shown masked with its source, every error next to its field at once (zh and en),
good answers kept, materials with what covers them, and the delivery choice.

Item GA-SFZ-002 of the fixture catalog: screen 1 "for whom" (a child adds the guardian's
name), screen 2 the applicant (name and ID number from the ID card, phone, how to receive).
"""

from __future__ import annotations

import json
import re

from shared.catalog.importer import import_catalog, parse_catalog_text
from tests.kiosk.application_steps import apply, fill, give_certificate, load, ready_draft, sign_in, token_of
from tests.kiosk.conftest import Kiosk, kiosk_catalog
from tests.kiosk.helpers import text
from tests.pii import ID_LI

PHONE = "13912345678"


def field(page: str, code: str) -> str:
    """The HTML of one question's block on a form screen."""
    start = page.index(f'id="field-{code}"')
    end = page.find('id="field-', start + 10)
    return page[start : end if end != -1 else len(page)]


async def test_one_group_per_screen_with_big_choices(kiosk: Kiosk) -> None:
    await sign_in(kiosk)
    ref = await apply(kiosk)
    page = await kiosk.client.get(f"/applications/{ref}/form/1")
    assert page.status_code == 200
    body = page.text
    assert "为谁办理" in body and "第 1 / 2 页" in body
    assert 'type="radio" name="for_whom" value="self"' in body
    assert "applicant_name" not in body  # the next screen's questions are not on this one
    assert "field-error" not in body  # a fresh screen is not scolded
    assert 'class="app-step is-current"' in body and "novalidate" in body
    # Out of range: back to the first screen.
    assert (await kiosk.client.get(f"/applications/{ref}/form/9")).headers["location"].endswith("/form/1")


async def test_known_values_are_shown_masked_with_their_source_and_not_asked(kiosk: Kiosk) -> None:
    await sign_in(kiosk)
    ref = await apply(kiosk)
    page = (await kiosk.client.get(f"/applications/{ref}/form/2")).text
    name, number = field(page, "applicant_name"), field(page, "applicant_id_number")
    assert "张*" in text(name) and "来自实名信息" in text(name)
    assert "1101**********" in text(number) and "来自实名信息" in text(number)
    assert 'name="applicant_id_number"' not in page and 'name="applicant_name"' not in page
    assert "重新填写" not in name + number  # the verified identity is not changed at a kiosk
    assert 'name="applicant_phone"' in field(page, "applicant_phone")


async def test_every_problem_on_a_screen_at_once_next_to_its_field_and_good_answers_kept(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await apply(kiosk)
    await fill(kiosk, citizen_id, ref, {"for_whom": "self"})
    sent = {"_group": "applicant", "applicant_phone": "12345", "delivery": "pigeon", "applicant_id_number": ID_LI}
    response = await kiosk.client.post(f"/applications/{ref}/form/2", data=sent)
    assert response.status_code == 422
    page = response.text
    assert "有 2 处需要修改" in text(page)
    assert "请填写 11 位手机号码" in text(field(page, "applicant_phone"))
    assert 'aria-invalid="true"' in field(page, "applicant_phone")
    assert 'value="12345"' in field(page, "applicant_phone")  # shown as typed, to correct it
    assert "请从选项中选择" in text(field(page, "delivery"))
    app = await load(kiosk, citizen_id, ref)
    assert "applicant_phone" not in app.answers and "delivery" not in app.answers
    # A locked value is never taken from the form.
    assert app.answers["applicant_id_number"] != ID_LI

    # One good, one bad: the good one is kept, only the bad one is asked again.
    response = await kiosk.client.post(
        f"/applications/{ref}/form/2", data={"_group": "applicant", "applicant_phone": PHONE, "delivery": "pigeon"}
    )
    assert response.status_code == 422
    assert "有 1 处需要修改" in text(response.text)
    assert (await load(kiosk, citizen_id, ref)).answers["applicant_phone"] == PHONE
    assert "139****5678" in text(field(response.text, "applicant_phone"))

    kiosk.client.cookies.set("ov_lang", "en")
    english = await kiosk.client.post(f"/applications/{ref}/form/2", data={"_group": "applicant", "delivery": "x"})
    assert english.status_code == 422
    assert "Answers to change: 1." in text(english.text)
    assert "Please pick one of the options." in text(field(english.text, "delivery"))


async def test_moving_on_needs_the_screen_complete_but_going_back_does_not(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await apply(kiosk)
    empty = await kiosk.client.post(f"/applications/{ref}/form/1", data={"_group": "who", "_shown": "for_whom"})
    assert empty.status_code == 422
    assert "此项必填" in text(field(empty.text, "for_whom"))
    back = await kiosk.client.post(
        f"/applications/{ref}/form/2", data={"_group": "applicant", "_go": "back", "applicant_phone": PHONE}
    )
    assert back.status_code == 303 and back.headers["location"] == f"/applications/{ref}/form/1"
    assert (await load(kiosk, citizen_id, ref)).answers["applicant_phone"] == PHONE
    done = await kiosk.client.post(f"/applications/{ref}/form/1", data={"_group": "who", "for_whom": "self"})
    assert done.status_code == 303 and done.headers["location"] == f"/applications/{ref}/form/2"


async def test_a_choice_that_adds_questions_shows_them_on_the_same_screen(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await apply(kiosk)
    first: dict[str, str | list[str]] = {"_group": "who", "_shown": "for_whom", "for_whom": "child"}
    response = await kiosk.client.post(f"/applications/{ref}/form/1", data=first)
    assert response.status_code == 200
    assert "根据您的选择，本页新增了需要填写的项目" in text(response.text)
    assert 'name="guardian_name"' in response.text and "field-error" not in response.text
    assert (await load(kiosk, citizen_id, ref)).answers["for_whom"] == "child"
    both = ["for_whom", "guardian_name"]
    sent: dict[str, str | list[str]] = {"_group": "who", "_shown": both, "for_whom": "child", "guardian_name": "张大山"}
    moved = await kiosk.client.post(f"/applications/{ref}/form/1", data=sent)
    assert moved.status_code == 303
    # Switching back to "myself" drops the guardian's answer (H1's rule) and moves on.
    sent = {**sent, "for_whom": "self"}
    await kiosk.client.post(f"/applications/{ref}/form/1", data=sent)
    assert "guardian_name" not in (await load(kiosk, citizen_id, ref)).answers


async def test_a_number_held_is_shown_masked_and_changed_only_when_asked(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await apply(kiosk)
    await fill(kiosk, citizen_id, ref, {"for_whom": "self", "applicant_phone": PHONE})
    page = (await kiosk.client.get(f"/applications/{ref}/form/2")).text
    phone = field(page, "applicant_phone")
    assert "139****5678" in text(phone) and 'name="applicant_phone"' not in phone
    assert 'href="?change=applicant_phone#field-applicant_phone"' in phone

    changing = (await kiosk.client.get(f"/applications/{ref}/form/2?change=applicant_phone")).text
    phone = field(changing, "applicant_phone")
    assert re.search(r'name="applicant_phone" type="text" inputmode="none" data-pad="phone" value=""', phone)
    assert "不填则保留原来的号码" in text(phone)
    # Left empty: kept. Typed: replaced.
    sent = {"_group": "applicant", "applicant_phone": "", "delivery": "window"}
    assert (await kiosk.client.post(f"/applications/{ref}/form/2", data=sent)).status_code == 303
    assert (await load(kiosk, citizen_id, ref)).answers["applicant_phone"] == PHONE
    sent["applicant_phone"] = "13700001111"
    assert (await kiosk.client.post(f"/applications/{ref}/form/2", data=sent)).status_code == 303
    assert (await load(kiosk, citizen_id, ref)).answers["applicant_phone"] == "13700001111"


async def test_materials_say_what_covers_them_and_what_is_still_needed(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await apply(kiosk)
    await fill(kiosk, citizen_id, ref, {"for_whom": "child"})
    before = (await kiosk.client.get(f"/applications/{ref}/materials")).text
    assert "还需提交" in text(field(before.replace("material-", "field-"), "id_card"))

    await give_certificate(kiosk.services, citizen_id)
    page = (await kiosk.client.get(f"/applications/{ref}/materials")).text.replace('id="material-', 'id="field-')
    id_card, hukou, guardian = field(page, "id_card"), field(page, "hukou_booklet"), field(page, "guardian_id")
    assert "已由电子证照提供，无需提交" in text(id_card) and "电子证照「居民身份证」，市公安局签发" in text(id_card)
    assert "用手机上传" not in text(id_card)
    assert "由部门共享数据核验，无需提交" in text(hukou) and "数据来源：市公安局" in text(hukou)
    assert "还需提交" in text(guardian)
    assert f'href="/applications/{ref}/handoff"' in guardian and "用手机上传" in text(guardian)
    # The kiosk's own scanner (issue 5) is offered for what is still needed.
    assert "在本机扫描" in text(page)


async def test_the_delivery_choice_with_every_problem_next_to_its_field(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await apply(kiosk)
    page = await kiosk.client.get(f"/applications/{ref}/delivery")
    assert 'value="window"' in page.text and 'value="mail"' in page.text and "邮寄地址" in page.text

    nothing = await kiosk.client.post(f"/applications/{ref}/delivery", data={})
    assert nothing.status_code == 422 and "请选择结果的领取方式" in text(nothing.text)
    no_address = await kiosk.client.post(f"/applications/{ref}/delivery", data={"method": "mail"})
    assert no_address.status_code == 422
    assert "请填写邮寄地址" in text(field(no_address.text, "address"))
    assert 'value="mail" checked' in no_address.text
    address = "澜江市滨江区江南大道 100 号 张三丰 收"
    done = await kiosk.client.post(f"/applications/{ref}/delivery", data={"method": "mail", "address": address})
    assert done.status_code == 303 and done.headers["location"] == f"/applications/{ref}/review"
    app = await load(kiosk, citizen_id, ref)
    assert (app.delivery_method, app.delivery_address) == ("mail", address)
    assert address in (await kiosk.client.get(f"/applications/{ref}/delivery")).text


async def test_a_submitted_application_is_no_longer_filled_in(kiosk: Kiosk) -> None:
    from shared.applications import workflow
    from shared.audit import Where

    citizen_id = await sign_in(kiosk)
    ref = await ready_draft(kiosk, citizen_id)
    app = await workflow.submit(
        kiosk.services, await load(kiosk, citizen_id, ref), channel="kiosk", where=Where.system(), now=kiosk.clock.now()
    )
    for path in ("form/1", "delivery", "review", "handoff"):
        page = await kiosk.client.get(f"/applications/{app.number}/{path}")
        assert page.status_code == 303 and page.headers["location"] == f"/applications/{app.number}", path
    refused = await kiosk.client.post(f"/applications/{app.number}/form/1", data={"_group": "who", "for_whom": "child"})
    assert refused.status_code == 409 and "不能再修改" in text(refused.text)
    assert (await load(kiosk, citizen_id, ref)).answers["for_whom"] == "self"


async def test_an_item_that_asks_nothing_goes_straight_through(kiosk: Kiosk) -> None:
    """GA-HJ-010 offered at kiosks: no questions, no materials, no result to deliver."""
    doc = kiosk_catalog()
    for item in doc["items"]:
        if item["code"] == "GA-HJ-010":
            item["channels"] = {"kiosk": True}
    await import_catalog(kiosk.services.db, parse_catalog_text(json.dumps(doc, ensure_ascii=False)))
    await kiosk.services.catalog.load()
    await sign_in(kiosk)
    ref = await apply(kiosk, "GA-HJ-010")
    assert "本事项不需要填写信息" in text((await kiosk.client.get(f"/applications/{ref}/form/1")).text)
    assert "本事项不需要提交材料" in text((await kiosk.client.get(f"/applications/{ref}/materials")).text)
    delivery = await kiosk.client.get(f"/applications/{ref}/delivery")
    assert "本事项不需要选择领取方式" in text(delivery.text) and f'href="/applications/{ref}/review"' in delivery.text
    review = await kiosk.client.get(f"/applications/{ref}/review")
    assert 'id="check-title"' not in review.text and "review-delivery" not in review.text
    done = await kiosk.client.post(f"/applications/{ref}/submit", data={"token": token_of(review.text)})
    assert done.status_code == 303 and done.headers["location"].endswith("/submitted")
