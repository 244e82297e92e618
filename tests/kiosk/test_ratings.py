"""好差评 at the kiosk: five big level buttons, reasons per level, one rating, for good.

Only the signed-in applicant (another citizen's number is a 404), only after submission;
a double tap records one rating and both taps go on to the hub; the phone and the kiosk
share the one rating.
"""

from __future__ import annotations

import asyncio

from shared import ratings
from tests.kiosk.application_steps import HTMX, apply, load, other_kiosk, ready_draft, sign_in, token_of
from tests.kiosk.conftest import Kiosk
from tests.kiosk.helpers import moved_to, text


async def submitted_number(kiosk: Kiosk, citizen_id: str) -> str:
    ref = await ready_draft(kiosk, citizen_id)
    token = token_of((await kiosk.client.get(f"/applications/{ref}/review")).text)
    response = await kiosk.client.post(f"/applications/{ref}/submit", data={"token": token})
    assert response.status_code == 303
    return response.headers["location"].split("/")[2]


async def test_choose_a_level_then_reasons_then_back_to_the_hub(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    number = await submitted_number(kiosk, citizen_id)
    first = await kiosk.client.get(f"/applications/{number}/rating")
    assert first.status_code == 200
    shown = text(first.text)
    assert "评价本次服务" in shown and number in shown
    for word in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert word in shown
    # Each level is a big link to the second screen; nothing to type anywhere.
    assert f'href="/applications/{number}/rating?level=1&amp;from=hub"' in first.text
    assert "<input" not in first.text.split('id="main"')[1].split("</main>")[0]

    second = await kiosk.client.get(f"/applications/{number}/rating", params={"level": "2", "from": "hub"})
    shown = text(second.text)
    assert "您选择了：不满意" in shown and "哪些方面让您不满意？" in shown
    assert "办理时间太长" in shown and "办理快捷高效" not in shown
    assert 'name="level" value="2"' in second.text

    sent = await kiosk.client.post(
        f"/applications/{number}/rating", data={"level": "2", "reason": ["slow", "hard_to_use"], "from": "hub"}
    )
    assert sent.status_code == 303 and sent.headers["location"] == f"/applications/{number}/submitted"
    app = await load(kiosk, citizen_id, number)
    rating = await ratings.for_application(kiosk.services.db, app.id)
    assert rating is not None
    assert (rating.level, rating.reasons, rating.channel) == (2, ("slow", "hard_to_use"), "kiosk")

    # Afterwards the page shows the rating, for good, and offers no way to change it.
    again = await kiosk.client.get(f"/applications/{number}/rating", params={"level": "5"})
    shown = text(again.text)
    assert "感谢您的评价" in shown and "不满意" in shown and "办理时间太长、操作复杂，不好用" in shown
    assert "我们会认真核实" in shown  # a 差评 is followed up
    assert "<form" not in again.text.split('id="main"')[1].split("</main>")[0]


async def test_from_the_application_page_goes_back_there_and_english_works(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    number = await submitted_number(kiosk, citizen_id)
    await kiosk.client.post("/lang", data={"lang": "en", "next": "/"})
    page = await kiosk.client.get(f"/applications/{number}/rating", params={"level": "5", "from": "app"})
    shown = text(page.text)
    assert "Rate this service" in shown and "You chose: Very satisfied" in shown and "What went well?" in shown
    sent = await kiosk.client.post(f"/applications/{number}/rating", data={"level": "5", "from": "app"}, headers=HTMX)
    assert moved_to(sent) == f"/applications/{number}"


async def test_a_double_tap_makes_one_rating_and_both_go_on(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    number = await submitted_number(kiosk, citizen_id)
    form = {"level": "4", "reason": ["quick"], "from": "hub"}
    answers = await asyncio.gather(*(kiosk.client.post(f"/applications/{number}/rating", data=form) for _ in range(2)))
    assert [a.status_code for a in answers] == [303, 303]
    assert {a.headers["location"] for a in answers} == {f"/applications/{number}/submitted"}
    rows = await kiosk.services.db.fetch_all("SELECT level FROM ratings")
    assert [row["level"] for row in rows] == [4]


async def test_a_different_second_rating_changes_nothing_and_shows_what_stands(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    number = await submitted_number(kiosk, citizen_id)
    await kiosk.client.post(f"/applications/{number}/rating", data={"level": "5"})
    second = await kiosk.client.post(f"/applications/{number}/rating", data={"level": "1", "reason": ["slow"]})
    assert second.status_code == 303 and second.headers["location"] == f"/applications/{number}/rating?from=hub"
    app = await load(kiosk, citizen_id, number)
    rating = await ratings.for_application(kiosk.services.db, app.id)
    assert rating is not None and rating.level == 5


async def test_only_the_applicant_and_only_after_submission(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    number = await submitted_number(kiosk, citizen_id)
    other = await other_kiosk(kiosk)
    try:
        for response in (
            await other.get(f"/applications/{number}/rating"),
            await other.post(f"/applications/{number}/rating", data={"level": "1"}),
        ):
            assert response.status_code == 404
    finally:
        await other.aclose()
    draft = await apply(kiosk)
    page = await kiosk.client.get(f"/applications/{draft}/rating")
    assert page.status_code == 409 and "申请提交后才能评价" in text(page.text)
    refused = await kiosk.client.post(f"/applications/{draft}/rating", data={"level": "5"})
    assert refused.status_code == 409
    assert await kiosk.services.db.fetch_all("SELECT id FROM ratings") == []


async def test_a_level_that_does_not_exist_is_422_in_both_languages(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    number = await submitted_number(kiosk, citizen_id)
    for level in ("0", "6", "x", ""):
        response = await kiosk.client.post(f"/applications/{number}/rating", data={"level": level}, headers=HTMX)
        assert response.status_code == 422 and "请选择五个评价等级中的一个" in text(response.text)
    wrong_reason = await kiosk.client.post(f"/applications/{number}/rating", data={"level": "5", "reason": "slow"})
    assert wrong_reason.status_code == 422 and "所选原因与评价等级不符" in text(wrong_reason.text)
    await kiosk.client.post("/lang", data={"lang": "en", "next": "/"})
    english = await kiosk.client.post(f"/applications/{number}/rating", data={"level": "9"})
    assert english.status_code == 422 and "Please choose one of the five ratings." in text(english.text)
    # An unknown level shown on the page falls back to the first screen.
    page = await kiosk.client.get(f"/applications/{number}/rating", params={"level": "9"})
    assert page.status_code == 200 and "Step 1: how satisfied are you?" in text(page.text)
    assert await kiosk.services.db.fetch_all("SELECT id FROM ratings") == []


async def test_signed_out_goes_to_sign_in(kiosk: Kiosk) -> None:
    response = await kiosk.client.get("/applications/20260101000001/rating")
    assert response.status_code == 303 and response.headers["location"].startswith("/signin")
