"""Submitting at the kiosk exactly once, and correcting a returned application (补正).

The review page runs the pre-submission check (everything missing at once, each with its
screen) and carries a one-time token: a double tap, a resent form or a stale page make
one submission. A returned application shows the clerk's items where they are fixed and
is resubmitted under the same number.
"""

from __future__ import annotations

import asyncio
import re

from shared.applications import access, repository, workflow
from shared.applications.model import CorrectionItem
from shared.applications.states import State
from shared.audit import Where
from tests.kiosk.application_steps import (
    CLERK,
    HTMX,
    apply,
    fill,
    give_certificate,
    load,
    ready_draft,
    sign_in,
    token_of,
)
from tests.kiosk.conftest import Kiosk
from tests.kiosk.helpers import moved_to, section, text
from tests.kiosk.test_applications_form import field

SUBMITTED = re.compile(r"^/applications/(\d{14})/submitted$")


async def submit_events(kiosk: Kiosk, app_id: str) -> list[str]:
    events = await repository.events_for(kiosk.services.db, [app_id])
    return [event.act for event in events if event.act in {"submit", "resubmit"}]


async def test_the_check_lists_everything_missing_at_once_with_the_way_to_fix_it(kiosk: Kiosk) -> None:
    await sign_in(kiosk)
    ref = await apply(kiosk)
    page = await kiosk.client.get(f"/applications/{ref}/review")
    assert page.status_code == 200
    check = section(page.text, "check-title")
    lines = text(check)
    assert "提交前还有 5 项需要处理" in lines
    assert "为谁办理：此项必填。" in lines and "手机号码：此项必填。" in lines
    assert "请提供材料：居民身份证。" in lines and "请选择结果的领取方式。" in lines
    assert f'href="/applications/{ref}/form/1#field-for_whom"' in check
    assert f'href="/applications/{ref}/form/2#field-applicant_phone"' in check
    assert f'href="/applications/{ref}/materials#material-id_card"' in check
    assert f'href="/applications/{ref}/delivery"' in check
    # Nothing incomplete can be submitted: no button, no token.
    assert 'name="token"' not in page.text and "确认提交" not in text(page.text).replace("4 确认提交", "")


async def test_submit_once_the_number_and_a_resent_form_lands_on_the_same_page(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await ready_draft(kiosk, citizen_id)
    review = await kiosk.client.get(f"/applications/{ref}/review")
    token = token_of(review.text)
    assert "信息齐全，可以提交" in text(review.text)
    assert 'hx-disable="find button"' in review.text  # the button disables itself while it runs
    assert "139****5678" in text(review.text) and "张*" in text(review.text)

    first = await kiosk.client.post(f"/applications/{ref}/submit", data={"token": token})
    assert first.status_code == 303
    match = SUBMITTED.match(first.headers["location"])
    assert match is not None
    number = match.group(1)
    done = await kiosk.client.get(first.headers["location"])
    assert done.status_code == 200
    assert "申请已提交" in text(done.text) and number in text(done.text)
    assert "接下来由市公安局办理" in text(done.text)

    again = await kiosk.client.post(f"/applications/{ref}/submit", data={"token": token})
    assert again.status_code == 303 and again.headers["location"] == f"/applications/{number}/submitted"
    assert (await kiosk.client.get(again.headers["location"])).status_code == 200
    app = await load(kiosk, citizen_id, ref)
    assert app.number == number and app.state == State.SUBMITTED
    assert await submit_events(kiosk, app.id) == ["submit"]
    assert len(await access.list_for_citizen(kiosk.services, citizen_id)) == 1


async def test_a_double_tap_makes_one_submission(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await ready_draft(kiosk, citizen_id)
    token = token_of((await kiosk.client.get(f"/applications/{ref}/review")).text)
    taps = await asyncio.gather(
        *(kiosk.client.post(f"/applications/{ref}/submit", data={"token": token}, headers=HTMX) for _ in range(4))
    )
    assert {tap.status_code for tap in taps} == {204}
    app = await load(kiosk, citizen_id, ref)
    targets = {moved_to(tap) for tap in taps}
    assert targets == {f"/applications/{app.number}/submitted"}
    assert await submit_events(kiosk, app.id) == ["submit"]
    used = await kiosk.services.db.fetch_all(
        "SELECT used_at FROM kiosk_submit_tokens WHERE application_id = ?", (app.id,)
    )
    assert [row["used_at"] is not None for row in used] == [True]


async def test_a_stale_or_foreign_token_shows_the_review_again(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await ready_draft(kiosk, citizen_id)
    token = token_of((await kiosk.client.get(f"/applications/{ref}/review")).text)
    # Changed after the page was shown (say, from the phone): the citizen checks it again.
    await fill(kiosk, citizen_id, ref, {"applicant_phone": "13700001111"})
    stale = await kiosk.client.post(f"/applications/{ref}/submit", data={"token": token})
    assert stale.status_code == 303 and stale.headers["location"] == f"/applications/{ref}/review?changed=1"
    again = await kiosk.client.get(stale.headers["location"])
    assert "申请内容刚刚有变化" in text(again.text)
    for made_up in ("", "x" * 43, "y" * 500):
        response = await kiosk.client.post(f"/applications/{ref}/submit", data={"token": made_up})
        assert response.headers["location"] == f"/applications/{ref}/review?changed=1"
    assert (await load(kiosk, citizen_id, ref)).state == State.DRAFT

    fresh = token_of(again.text)
    done = await kiosk.client.post(f"/applications/{ref}/submit", data={"token": fresh})
    assert SUBMITTED.match(done.headers["location"])


async def test_a_returned_application_is_corrected_and_resubmitted_at_the_kiosk(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    services = kiosk.services
    ref = await ready_draft(kiosk, citizen_id)
    app = await workflow.submit(
        services, await load(kiosk, citizen_id, ref), channel="kiosk", where=Where.system(), now=kiosk.clock.now()
    )
    items = [
        CorrectionItem("answers.applicant_phone", "手机号码已停用，请填写能接收短信的号码"),
        CorrectionItem("materials.id_card", "电子证照已过期，请上传身份证照片"),
        CorrectionItem("other", "请核对姓名与户口簿一致"),
    ]
    await workflow.return_for_correction(services, app, CLERK, items, where=Where.system(), now=kiosk.clock.now())
    number = app.number
    assert number is not None

    detail = await kiosk.client.get(f"/applications/{number}")
    assert "待补正" in text(detail.text) and "手机号码已停用" in text(detail.text)
    assert f'href="/applications/{number}/correction"' in detail.text

    page = await kiosk.client.get(f"/applications/{number}/correction")
    body = page.text
    assert "窗口人员一次性列出了全部需要修改的内容" in text(body)
    assert f'href="/applications/{number}/form/2#field-applicant_phone"' in body
    assert f'href="/applications/{number}/materials#material-id_card"' in body
    assert "请核对姓名与户口簿一致" in text(body)

    step = (await kiosk.client.get(f"/applications/{number}/form/2")).text
    assert "需补正：手机号码已停用" in text(field(step, "applicant_phone"))
    assert 'name="_go" value="review"' in step and "保存，去确认" in text(step)
    sent = {"_group": "applicant", "applicant_phone": "13700001111", "delivery": "window", "_go": "review"}
    saved = await kiosk.client.post(f"/applications/{number}/form/2", data=sent)
    assert saved.status_code == 303 and saved.headers["location"] == f"/applications/{number}/review"

    review = await kiosk.client.get(f"/applications/{number}/review")
    assert "提交补正" in text(review.text)
    token = token_of(review.text)
    done = await kiosk.client.post(f"/applications/{number}/submit", data={"token": token})
    assert done.headers["location"] == f"/applications/{number}/submitted"
    assert "补正已提交" in text((await kiosk.client.get(done.headers["location"])).text)
    again = await kiosk.client.post(f"/applications/{number}/submit", data={"token": token})
    assert again.headers["location"] == f"/applications/{number}/submitted"

    after = await load(kiosk, citizen_id, number)
    assert after.state == State.SUBMITTED and after.number == number and after.correction == ()
    assert await submit_events(kiosk, after.id) == ["submit", "resubmit"]
    assert "补正后重新提交了申请" in text((await kiosk.client.get(f"/applications/{number}")).text)


async def test_a_bundle_is_submitted_once_and_shows_each_items_number(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    await give_certificate(kiosk.services, citizen_id)
    response = await kiosk.client.post("/bundles/id-and-birth/apply")
    assert response.status_code == 303
    ref = response.headers["location"].split("/")[2]
    app = await fill(
        kiosk,
        citizen_id,
        ref,
        {"for_whom": "self", "applicant_phone": "13912345678", "delivery": "window", "baby_name": "张小宝"},
    )
    app = await fill(kiosk, citizen_id, ref, {"birth_date": "2026-01-02"})
    review = await kiosk.client.get(f"/applications/{ref}/review")
    problems = text(section(review.text, "check-title")) if 'id="check-title"' in review.text else ""
    assert problems.count("：") <= 1, problems  # at most the delivery choice is left
    await kiosk.client.post(f"/applications/{ref}/delivery", data={"method": "window"})
    token = token_of((await kiosk.client.get(f"/applications/{ref}/review")).text)
    done = await kiosk.client.post(f"/applications/{ref}/submit", data={"token": token})
    match = SUBMITTED.match(done.headers["location"])
    assert match is not None
    page = text((await kiosk.client.get(done.headers["location"])).text)
    assert f"{match.group(1)}-1" in page and f"{match.group(1)}-2" in page
    assert "各事项的编号" in page
    parent = await load(kiosk, citizen_id, ref)
    assert len(parent.children) == 2 and app.kind == "bundle"


async def test_something_missing_since_the_page_was_shown_brings_the_check_back(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await ready_draft(kiosk, citizen_id)
    token = token_of((await kiosk.client.get(f"/applications/{ref}/review")).text)
    # The wallet certificate that covered the ID card is revoked meanwhile (not a change of the application).
    async with kiosk.services.db.transaction() as tx:
        await tx.execute("UPDATE certificates SET status = 'revoked'")
    response = await kiosk.client.post(f"/applications/{ref}/submit", data={"token": token})
    assert response.headers["location"] == f"/applications/{ref}/review?changed=1"
    page = await kiosk.client.get(response.headers["location"])
    assert "请提供材料：居民身份证。" in text(section(page.text, "check-title"))
    assert (await load(kiosk, citizen_id, ref)).state == State.DRAFT
