"""/me/access at the kiosk (数据查询记录 under 我的): the signed-in citizen's own entries,
newest first, a page at a time by taps; role and department, never a staff name."""

from __future__ import annotations

from shared.i18n import Text
from shared.privacy import access_log
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Role
from tests.kiosk.application_steps import citizen, sign_in
from tests.kiosk.conftest import Kiosk
from tests.kiosk.helpers import text

CLERK = StaffPrincipal(41, "clerk01", "王小明", Role.CLERK, "GA")
SUPERVISOR = StaffPrincipal(42, "jiancha", "赵监察", Role.SUPERVISOR, None)


async def look(kiosk: Kiosk, citizen_id: str, staff: StaffPrincipal, what: str, why: Text) -> None:
    assert await access_log.record(kiosk.services.db, citizen_id, staff, Text(what), why, kiosk.clock.now())
    kiosk.clock.advance(1)  # a second apart (the kiosk session stays within its idle limit)


async def test_me_links_to_the_list_of_who_looked(kiosk: Kiosk) -> None:
    zhang = await sign_in(kiosk)
    li = await citizen(kiosk.services)
    empty = await kiosk.client.get("/me/access")
    assert empty.status_code == 200 and "还没有工作人员查看过您的信息" in text(empty.text)
    assert 'href="/me/access"' in (await kiosk.client.get("/me")).text

    await look(kiosk, zhang, CLERK, "办件 20260901000011（居民身份证到期换领）", access_log.INTAKE)
    await look(kiosk, zhang, SUPERVISOR, "办件 20260901000011 的材料文件 户口簿-1.png", access_log.SUPERVISION)
    await look(kiosk, li, CLERK, "办件 20260901000029（李四的）", access_log.DELIVERY)
    page = await kiosk.client.get("/me/access")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    shown = text(page.text)
    assert shown.index("监察抽查") < shown.index("受理审查")  # newest first
    assert "窗口人员 · 市公安局" in shown and "监察人员 · 政务服务中心" in shown
    assert "户口簿-1.png" in shown and "20260901000011" in shown
    assert "20260901000029" not in shown and "送达" not in shown  # Li's entry is Li's alone
    assert "王小明" not in shown and "clerk01" not in shown and "赵监察" not in shown
    assert "<title>谁查看了我的信息" in page.text  # nothing personal in the title


async def test_older_entries_a_tap_away(kiosk: Kiosk) -> None:
    zhang = await sign_in(kiosk)
    for n in range(10):
        await look(kiosk, zhang, CLERK, f"办件 A-{n:02d}", access_log.INTAKE)
    first = await kiosk.client.get("/me/access")
    shown = text(first.text)
    assert "办件 A-09" in shown and "办件 A-02" in shown and "办件 A-01" not in shown
    link = first.text.split('href="/me/access?before=')[1].split('"')[0]
    older = text((await kiosk.client.get(f"/me/access?before={link}")).text)
    assert "办件 A-01" in older and "办件 A-00" in older and "办件 A-02" not in older
    assert "回到最新记录" in older and "更早的记录" not in older
    # A cursor that is not an entry id is simply the newest page, never an error.
    for junk in ("x", "-1", "0", "9" * 40):
        again = await kiosk.client.get("/me/access", params={"before": junk})
        assert again.status_code == 200 and "办件 A-09" in text(again.text), junk


async def test_signed_out_goes_to_sign_in(kiosk: Kiosk) -> None:
    response = await kiosk.client.get("/me/access")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/signin?next=")


async def test_in_english(kiosk: Kiosk) -> None:
    zhang = await sign_in(kiosk)
    await look(kiosk, zhang, CLERK, "办件 A-1", access_log.CORRECTION)
    await kiosk.client.post("/lang", data={"lang": "en", "next": "/me/access"})
    shown = text((await kiosk.client.get("/me/access")).text)
    assert "Who looked at my data" in shown and "Checking the corrections you made" in shown
    assert "Window clerk · Municipal Public Security Bureau" in shown
