"""/feedback at the kiosk: choose a kind with big taps, type on the kiosk's text pad, send
once (a double tap makes one case), follow it and rate the answer once; only one's own."""

from __future__ import annotations

import re

from shared import complaints
from tests.kiosk.application_steps import HTMX, load, other_kiosk, sign_in
from tests.kiosk.conftest import Kiosk, enrol_client
from tests.kiosk.helpers import moved_to, text
from tests.kiosk.test_ratings import submitted_number
from tests.pii import PHONE_ZHANG
from tests.shared.complaints_support import account, answer

KEY = re.compile(r'name="submit_key" value="([A-Za-z0-9_-]+)"')


async def test_raise_a_complaint_about_an_application_follow_it_and_rate_once(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    number = await submitted_number(kiosk, citizen_id)
    # From 我的 and from the application's page.
    assert 'href="/feedback"' in (await kiosk.client.get("/me")).text
    app_page = await kiosk.client.get(f"/applications/{number}")
    assert f'href="/feedback?app={number}"' in app_page.text

    home = await kiosk.client.get("/feedback", params={"app": number})
    assert home.status_code == 200
    shown = text(home.text)
    for word in ("投诉", "咨询", "建议", "举报", "10 个工作日内答复", "您还没有反映过事情"):
        assert word in shown
    assert f'href="/feedback/new?kind=complaint&amp;app={number}"' in home.text

    form = await kiosk.client.get("/feedback/new", params={"kind": "complaint", "app": number})
    assert form.status_code == 200
    # The words are typed on the kiosk's own text pad, never the system keyboard.
    assert 'inputmode="none" data-pad="text"' in form.text and 'data-pad="text" role="group"' in form.text
    # No Chinese input method on a kiosk: whole phrases to tap into the message.
    assert 'class="key key-phrase" data-key="排队时间太长"' in form.text
    assert f'value="{number}" checked' in form.text
    key = KEY.search(form.text)
    assert key is not None

    empty = await kiosk.client.post(
        "/feedback", data={"kind": "complaint", "app": number, "text": " ", "submit_key": key.group(1)}
    )
    assert empty.status_code == 422 and "请写下您要反映的内容" in text(empty.text)
    words = f"WINDOW 3 TOO SLOW {PHONE_ZHANG}"
    data = {"kind": "complaint", "app": number, "text": words, "submit_key": key.group(1)}
    first = await kiosk.client.post("/feedback", data=data)
    second = await kiosk.client.post("/feedback", data=data)
    assert first.status_code == 303 and second.headers["location"] == first.headers["location"]
    cases = await complaints.list_for_citizen(kiosk.services.db, citizen_id)
    assert len(cases) == 1
    case = cases[0]
    app = await load(kiosk, citizen_id, number)
    assert case.kind == "complaint" and case.application_id == app.id and case.department == "GA"
    assert case.channel == "kiosk"

    page = await kiosk.client.get(first.headers["location"])
    shown = text(page.text)
    assert "已收到" in shown and "WINDOW 3 TOO SLOW" in shown and PHONE_ZHANG not in page.text
    assert case.due_date.isoformat() in shown and "待受理" in shown and "工作人员正在处理" in shown
    assert 'name="satisfied"' not in page.text  # nothing to rate before an answer

    clerk = await account(kiosk.services, "clerk.ga", "clerk", "GA")
    await answer(kiosk.services, case.id, clerk, "已提醒3号窗口，谢谢您的监督。")
    answered = await kiosk.client.get(f"/feedback/{case.id}")
    assert "已提醒3号窗口" in text(answered.text) and 'name="satisfied" value="yes"' in answered.text
    rated = await kiosk.client.post(f"/feedback/{case.id}/rating", data={"satisfied": "no", "comment": "MANYI"})
    assert rated.status_code == 303 and rated.headers["location"] == f"/feedback/{case.id}"
    again = await kiosk.client.post(f"/feedback/{case.id}/rating", data={"satisfied": "yes"}, headers=HTMX)
    # A double tap goes on the same way; the first rating stands.
    assert again.status_code == 204 and moved_to(again) == f"/feedback/{case.id}"
    rating = await complaints.rating_of(kiosk.services.db, case.id)
    assert rating is not None and rating.satisfied is False and rating.has_comment
    assert "您的评价：不满意" in text((await kiosk.client.get(f"/feedback/{case.id}")).text)
    listed = await kiosk.client.get("/feedback")
    assert f'href="/feedback/{case.id}"' in listed.text and "已答复" in text(listed.text)


async def test_only_the_signed_in_citizens_own_cases(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    form = await kiosk.client.get("/feedback/new", params={"kind": "question"})
    key = KEY.search(form.text)
    assert key is not None
    sent = await kiosk.client.post(
        "/feedback", data={"kind": "question", "app": "", "text": "OPENING HOURS", "submit_key": key.group(1)}
    )
    assert sent.status_code == 303
    (case,) = await complaints.list_for_citizen(kiosk.services.db, citizen_id)
    assert case.department is None and case.application_id is None
    other = await other_kiosk(kiosk)
    try:
        for path in (f"/feedback/{case.id}", "/feedback/cp_unknown"):
            assert (await other.get(path)).status_code == 404
        refused = await other.post(f"/feedback/{case.id}/rating", data={"satisfied": "yes"})
        assert refused.status_code == 404
        assert f"/feedback/{case.id}" not in (await other.get("/feedback")).text
    finally:
        await other.aclose()
    # An unknown kind goes back to the choice; signed out, the page asks to sign in.
    back = await kiosk.client.get("/feedback/new", params={"kind": "praise"})
    assert back.status_code == 303 and back.headers["location"] == "/feedback"
    anonymous = kiosk.new_client()
    try:
        await enrol_client(anonymous, kiosk.services, "test-kiosk-3")
        asked = await anonymous.get("/feedback")
        assert asked.status_code == 303 and asked.headers["location"].startswith("/signin")
    finally:
        await anonymous.aclose()
