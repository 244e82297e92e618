"""Applying at the kiosk: the apply button on the guides, one draft per item, my
applications (the ones waiting for me first), one application's page, trips, and 404 for
anyone else's application.

Over the real stack (the `kiosk` fixture: an enrolled kiosk, the real SQLite file) with a
citizen signed in through the simulated ID-card reader.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from shared.applications import access, drafts, trips, workflow
from shared.applications.model import CorrectionItem
from shared.applications.results import for_application as results_for
from shared.applications.states import State
from shared.audit import Where
from shared.catalog.importer import import_catalog, parse_catalog_text
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Role
from tests.kiosk.application_steps import (
    CLERK,
    ITEM,
    ZHANG,
    apply,
    citizen,
    load,
    other_kiosk,
    ready_draft,
    sign_in,
)
from tests.kiosk.conftest import Kiosk, kiosk_catalog
from tests.kiosk.helpers import section, text

HALL = Where.system()
REVIEWER = StaffPrincipal(2, "reviewer01", "审查一", Role.REVIEWER, "GA")


async def test_the_guide_offers_to_apply_where_the_kiosk_may(kiosk: Kiosk) -> None:
    client = kiosk.client
    signed_out = await client.get(f"/items/{ITEM}")
    apply_panel = section(signed_out.text, "apply")
    assert f'href="/signin?next=/items/{ITEM}"' in apply_panel
    assert "登录后在自助机上申请" in text(apply_panel)

    await sign_in(kiosk)
    signed_in = section((await client.get(f"/items/{ITEM}")).text, "apply")
    assert f'action="/items/{ITEM}/apply"' in signed_in and "在自助机上申请" in text(signed_in)

    # Not offered at kiosks: a clear note on where to apply instead, no button.
    elsewhere = section((await client.get("/items/GA-HJ-010")).text, "apply")
    assert "本事项不能在自助机上申请" in text(elsewhere)
    assert "<form" not in elsewhere and "apply-button" not in elsewhere
    assert "窗口办理" in text(elsewhere)

    bundle = section((await client.get("/bundles/newborn")).text, "apply")
    assert 'action="/bundles/newborn/apply"' in bundle


async def test_english_guide_and_the_item_that_is_not_at_kiosks(kiosk: Kiosk) -> None:
    kiosk.client.cookies.set("ov_lang", "en")
    page = await kiosk.client.get("/items/GA-HJ-010")
    assert "This item cannot be applied for at a kiosk." in text(section(page.text, "apply"))
    refused = await kiosk.client.post("/items/GA-HJ-010/apply")
    assert refused.status_code == 303 and refused.headers["location"].startswith("/signin")


async def test_apply_starts_one_draft_counts_the_trip_and_continues_it_later(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await apply(kiosk)
    app = await load(kiosk, citizen_id, ref)
    assert app.state == State.DRAFT and app.started_channel == "kiosk"
    assert await trips.count(kiosk.services.db, app.id) == 1

    # A second tap (or coming back) continues the same draft; the same session is the same trip.
    again = await kiosk.client.post(f"/items/{ITEM}/apply")
    assert again.status_code == 303 and again.headers["location"].startswith(f"/applications/{ref}/")
    assert len(await access.list_for_citizen(kiosk.services, citizen_id)) == 1
    await kiosk.client.get(f"/applications/{ref}")
    assert await trips.count(kiosk.services.db, app.id) == 1

    # A new kiosk session is a new trip.
    await kiosk.client.post("/kiosk/session/end", data={"reason": "sign_out"})
    kiosk.clock.advance(60)
    await sign_in(kiosk)
    await kiosk.client.get(f"/applications/{ref}")
    assert await trips.count(kiosk.services.db, app.id) == 2
    page = await kiosk.client.get(f"/applications/{ref}")
    assert "已到现场" in page.text and "2 次" in text(page.text)


async def test_applying_needs_a_citizen_and_an_item_offered_here(kiosk: Kiosk) -> None:
    signed_out = await kiosk.client.post(f"/items/{ITEM}/apply")
    assert signed_out.status_code == 303 and signed_out.headers["location"].startswith("/signin")
    await sign_in(kiosk)
    unknown = await kiosk.client.post("/items/NO-SUCH-ITEM/apply")
    assert unknown.status_code == 404
    retired = await kiosk.client.post("/items/GA-OLD-001/apply")
    assert retired.status_code == 404
    # The catalog does not say it is offered at kiosks: refused with the reason, nothing started.
    silent = await kiosk.client.post("/items/GA-HJ-010/apply")
    assert silent.status_code == 422
    assert "不能在自助终端申请" in text(silent.text)
    listing = await kiosk.client.get("/applications")
    assert "您还没有办件" in listing.text


async def test_my_applications_lists_what_waits_for_me_first(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    services = kiosk.services
    submitted_ref = await ready_draft(kiosk, citizen_id)
    submitted = await workflow.submit(
        services,
        await load(kiosk, citizen_id, submitted_ref),
        channel="kiosk",
        where=Where.system(),
        now=kiosk.clock.now(),
    )
    draft_ref = await apply(kiosk, "YB-CB-003")

    page = await kiosk.client.get("/applications")
    assert page.status_code == 200
    body = page.text
    todo, running = section(body, "apps_todo"), section(body, "apps_running")
    assert f'href="/applications/{draft_ref}"' in todo and "继续填写" in text(todo)
    assert submitted.number is not None and submitted.number in text(running)
    assert body.index('id="apps_todo"') < body.index('id="apps_running"')
    assert "提交后生成编号" in text(todo)

    # Returned for correction (补正): it moves up to "waiting for you", with its way to correct it.
    await workflow.return_for_correction(
        services,
        submitted,
        CLERK,
        [CorrectionItem("answers.applicant_phone", "手机号码已停用，请更新")],
        where=Where.system(),
        now=kiosk.clock.now(),
    )
    body = (await kiosk.client.get("/applications")).text
    todo = section(body, "apps_todo")
    assert f'href="/applications/{submitted.number}/correction"' in todo and "去补正" in text(todo)
    assert 'id="apps_running"' not in body


async def test_one_application_in_plain_words_with_its_timeline(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await ready_draft(kiosk, citizen_id)
    submitted = await workflow.submit(
        kiosk.services,
        await load(kiosk, citizen_id, ref),
        channel="kiosk",
        where=Where.kiosk(kiosk.device_id),
        now=kiosk.clock.now(),
    )
    assert submitted.number is not None
    page = await kiosk.client.get(f"/applications/{submitted.number}")
    assert page.status_code == 200
    body = text(page.text)
    assert "已提交" in body and "已提交，等待窗口人员审核受理" in body
    assert submitted.number in body
    timeline = text(section(page.text, "app-timeline"))
    assert "申请人在自助终端开始填写申请" in timeline
    assert f"申请人通过自助终端提交了申请，申请编号 {submitted.number}" in timeline
    assert timeline.count("20") >= 2  # when: a date on each event

    kiosk.client.cookies.set("ov_lang", "en")
    english = text((await kiosk.client.get(f"/applications/{submitted.number}")).text)
    assert "Submitted. A service window will check and accept it." in english
    assert "The applicant submitted the application" in english


async def test_another_citizens_application_is_the_404_page_everywhere(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await ready_draft(kiosk, citizen_id)
    number = (
        await workflow.submit(
            kiosk.services,
            await load(kiosk, citizen_id, ref),
            channel="kiosk",
            where=Where.system(),
            now=kiosk.clock.now(),
        )
    ).number
    draft = await apply(kiosk, "YB-CB-003")
    other = await other_kiosk(kiosk)
    try:
        unknown = await other.get("/applications/a_unknownunknownunknown1")
        for path in (
            f"/applications/{number}",
            f"/applications/{ref}",
            f"/applications/{draft}/form/1",
            f"/applications/{draft}/materials",
            f"/applications/{draft}/delivery",
            f"/applications/{draft}/review",
            f"/applications/{number}/submitted",
            f"/applications/{number}/correction",
        ):
            page = await other.get(path)
            assert page.status_code == 404, path
            assert text(page.text) == text(unknown.text), path
        for path in (
            f"/applications/{draft}/form/1",
            f"/applications/{draft}/delivery",
            f"/applications/{draft}/submit",
        ):
            assert (await other.post(path, data={"token": "x"})).status_code == 404, path
        assert "您还没有办件" in (await other.get("/applications")).text
    finally:
        await other.aclose()


async def test_pages_about_applications_need_a_signed_in_citizen(kiosk: Kiosk) -> None:
    for path in ("/applications", "/applications/a_whatever/form/1", "/applications/20260101000010"):
        response = await kiosk.client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/signin?next="), path
    me = await sign_in(kiosk)
    assert me
    assert 'href="/applications"' in (await kiosk.client.get("/me")).text


async def test_a_draft_started_on_the_phone_waits_on_my_page_after_sign_in(kiosk: Kiosk) -> None:
    """Phone → kiosk: sign in at the kiosk and the draft is first on "我的" (继续办理)."""
    services = kiosk.services
    phone_citizen = await citizen(services, ZHANG)
    draft = await drafts.start(
        services, phone_citizen, item_code=ITEM, channel="mobile", where=Where.system(), now=kiosk.clock.now()
    )
    assert await sign_in(kiosk) == phone_citizen
    me = (await kiosk.client.get("/me")).text
    waiting = section(me, "me-waiting")
    assert f'href="/applications/{draft.id}"' in waiting and "继续填写" in text(waiting)
    assert await trips.count(services.db, draft.id) == 0  # seen in a list, not opened yet
    opened = await kiosk.client.get(f"/applications/{draft.id}")
    assert f'href="/applications/{draft.id}/form/1#field-for_whom"' in opened.text
    assert await trips.count(services.db, draft.id) == 1


async def test_a_bundle_with_an_item_not_offered_at_kiosks_says_where_to_apply(kiosk: Kiosk) -> None:
    doc = kiosk_catalog()
    for item in doc["items"]:
        if item["code"] == ITEM:
            item["channels"]["kiosk"] = False
    await import_catalog(kiosk.services.db, parse_catalog_text(json.dumps(doc, ensure_ascii=False)))
    await kiosk.services.catalog.load()
    await sign_in(kiosk)
    panel = section((await kiosk.client.get("/bundles/id-and-birth")).text, "apply")
    assert "这件“一件事”中有事项不能在自助机上申请" in text(panel) and "<form" not in panel
    assert "可以用「掌上办」在手机上申请" in text(panel) and "综合窗口" in text(panel)
    refused = await kiosk.client.post("/bundles/id-and-birth/apply")
    assert refused.status_code == 422 and "不能在自助终端申请" in text(refused.text)
    assert "您还没有办件" in (await kiosk.client.get("/applications")).text


async def test_a_decided_application_shows_who_did_what_when_and_its_results(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    services, now = kiosk.services, kiosk.clock.now()
    ref = await ready_draft(kiosk, citizen_id)
    app = await workflow.submit(services, await load(kiosk, citizen_id, ref), channel="kiosk", where=HALL, now=now)
    app = await workflow.accept(services, app, CLERK, where=HALL, now=now)
    app = await workflow.record_opinion(services, app, REVIEWER, "agree", "", where=HALL, now=now)
    app = await workflow.decide(services, app, REVIEWER, "approve", "材料齐全", where=HALL, now=now)
    app = await workflow.deliver(services, app, how="window", staff=CLERK, where=HALL, now=now)

    page = await kiosk.client.get(f"/applications/{app.number}")
    body = text(page.text)
    assert "已送达" in body and "已办结并送达。" in body
    timeline = text(section(page.text, "app-timeline"))
    for said in ("窗口人员（市公安局）受理了申请", "决定准予办理", "已送达（窗口领取）"):
        assert said in timeline, said
    results = text(section(page.text, "app-results"))
    documents = await results_for(services.db, app.id)
    assert documents and all(doc.number in results and doc.title.zh in results for doc in documents)
    listing = (await kiosk.client.get("/applications")).text
    assert app.number is not None and app.number in text(section(listing, "apps_done"))


def test_the_application_templates_use_icons_of_the_sprite_and_no_inline_style_or_script() -> None:
    root = Path(__file__).resolve().parents[2]
    sprite = (root / "static" / "icons" / "kiosk.svg").read_text(encoding="utf-8")
    symbols = set(re.findall(r'<symbol id="([a-z0-9-]+)"', sprite))
    templates = sorted((root / "kiosk" / "templates" / "applications").glob("*.html"))
    assert len(templates) >= 10
    for path in templates:
        source = path.read_text(encoding="utf-8")
        used = set(re.findall(r'icon\("([a-z0-9-]+)"', source))
        assert used <= symbols, (path.name, used - symbols)
        # The CSP allows no inline style or script (base.html's one meta tag aside).
        assert not re.search(r"\sstyle=|<script|\son[a-z]+=", source), path.name
