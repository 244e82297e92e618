"""Publishing, scheduling, versions, restoring, comparing and previewing a kiosk menu from the
editor's pages (real stack; times move with the ManualClock)."""

from __future__ import annotations

import datetime as dt
import re

from shared import audit
from shared.clock import CHINA_TIME
from shared.menus import store
from tests.staff.conftest import Hall, csrf_of
from tests.staff.menus_support import (
    ADMIN,
    HOUSEHOLD,
    ID_CARD,
    RETIRED,
    Editor,
    admin_editor,
    draft_of,
    import_with,
    make_menu,
    sample_document,
    tile,
)


def china_minute(timestamp: float) -> str:
    """What a `datetime-local` field sends for this moment, in China time."""
    return dt.datetime.fromtimestamp(timestamp, CHINA_TIME).strftime("%Y-%m-%dT%H:%M")


def problems_at(page: str, tile_id: str) -> list[str]:
    found = re.search(rf'data-problems-for="{tile_id}">(.*?)</ul>', page, re.S)
    return re.findall(r"<li>(.*?)</li>", found.group(1)) if found else []


async def publish(editor: Editor, **data: str) -> int:
    response = await editor.post("/staff/menus/hall/publish", {"when": "now", **data})
    assert response.status_code == 303, response.text
    match = re.search(r"version=(\d+)", response.headers["location"])
    assert match is not None
    return int(match.group(1))


async def test_publishing_is_refused_with_every_problem_at_its_tile(hall: Hall) -> None:
    await import_with(hall, {HOUSEHOLD: {"channels": {"kiosk": False}}})
    document = sample_document()
    document["tiles"] += [
        tile("t-71", "item", RETIRED, "旧身份证", "Old ID"),
        tile("t-72", "item", HOUSEHOLD, "户籍证明", "Household"),
        tile("t-73", "group", None, "空分组", "Empty", children=[]),
    ]
    await make_menu(hall, document=document)
    editor = await admin_editor(hall)
    response = await editor.post("/staff/menus/hall/publish", {"when": "now", "note": "第一版"})
    assert response.status_code == 422
    page = response.text
    token = csrf_of(response)
    assert "未发布：菜单中有 3 个问题，已在对应磁贴旁标出。" in page
    assert problems_at(page, "t-71") == ["事项「旧版临时身份证申领」已停止办理。"]
    assert problems_at(page, "t-72") == ["事项「户籍证明开具」不能在自助终端办理。"]
    assert problems_at(page, "t-73") == ["分组是空的，请加入磁贴或删除该分组。"]
    assert problems_at(page, "t-a1") == []
    assert 'value="第一版"' in page  # the note is kept for the next try
    assert 'name="next" value="/staff/menus/hall"' in page  # the language switch returns to the editor
    assert await store.versions(hall.services.db, "hall") == []
    # English too.
    english = await editor.client.post(
        "/staff/menus/hall/publish?lang=en", data={"csrf_token": token, "revision": "2", "when": "now"}
    )
    assert "The service item “户籍证明开具” is not offered at kiosks." in english.text


async def test_publish_now_makes_a_version_live_and_audits_the_difference(hall: Hall) -> None:
    await make_menu(hall)
    editor = await admin_editor(hall)
    assert await publish(editor, note="开馆") == 1
    shown = await editor.page(query="?done=publish&version=1")
    assert "已发布第 1 版，自助机将在几秒内显示新菜单。" in shown.text
    assert 'data-live-version="1"' in shown.text
    summary = (await store.list_menus(hall.services.db, now=hall.clock.now()))[0]
    assert summary.live_version == 1 and not summary.draft_changed
    entry = (await audit.recent(hall.services.db, action="kiosk_menu.publish"))[0]
    assert entry.actor_kind == "staff" and entry.where_kind == "address" and entry.detail["version"] == 1
    assert entry.detail["note"] == "开馆" and entry.detail["changes"]

    # A change, then publish again: version 2; the versions page lists both, 2 live.
    await editor.post("/staff/menus/hall/tiles/t-b2/up")
    assert await publish(editor) == 2
    versions = await editor.client.get("/staff/menus/hall/versions")
    assert re.search(r'data-version="2" class="is-live"', versions.text)
    assert "开馆" in versions.text and 'data-restore="1"' in versions.text and 'data-restore="2"' not in versions.text


async def test_scheduling_needs_a_future_china_time_and_a_pending_release_can_be_cancelled(hall: Hall) -> None:
    await make_menu(hall)
    editor = await admin_editor(hall)
    now = hall.clock.now()
    for value, message in (
        ("", "请填写上线时间。"),
        ("明天早上", "上线时间格式不正确。"),
        (china_minute(now - 3600), "上线时间必须晚于现在。"),
    ):
        response = await editor.post("/staff/menus/hall/publish", {"when": "later", "go_live_at": value})
        assert response.status_code == 422, value
        assert message in response.text
    assert await store.versions(hall.services.db, "hall") == []
    too_long = await editor.post("/staff/menus/hall/publish", {"when": "now", "note": "长" * 201})
    assert too_long.status_code == 422 and "说明最多 200 字。" in too_long.text

    # Staff sessions end after 15 idle minutes: the clock moves less than that between pages.
    at = now + 10 * 60
    response = await editor.post("/staff/menus/hall/publish", {"when": "later", "go_live_at": china_minute(at)})
    assert response.status_code == 303
    assert "done=schedule&version=1" in response.headers["location"]
    summary = (await store.list_menus(hall.services.db, now=hall.clock.now()))[0]
    assert summary.live_version is None and [r.version for r in summary.pending] == [1]
    go_live = summary.pending[0].go_live_at
    assert at - 60 < go_live <= at  # to the minute, read as China time
    shown = await editor.client.get(response.headers["location"])
    assert "第 1 版将于" in shown.text and "上线。" in shown.text
    versions = await editor.client.get("/staff/menus/hall/versions")
    release_id = summary.pending[0].id
    assert f'data-cancel-release="{release_id}"' in versions.text and "待上线" in versions.text

    # Cancelled before its time: nothing goes live then.
    token = csrf_of(versions)
    cancelled = await editor.client.post(f"/staff/menus/hall/releases/{release_id}/cancel", data={"csrf_token": token})
    assert cancelled.status_code == 303
    assert "已取消" in (await editor.client.get("/staff/menus/hall/versions")).text
    hall.clock.advance(11 * 60)
    summary = (await store.list_menus(hall.services.db, now=hall.clock.now()))[0]
    assert summary.live_version is None and summary.pending == []

    # Scheduled again, and its time comes: live by itself; then it can no longer be cancelled.
    response = await editor.post(
        "/staff/menus/hall/publish", {"when": "later", "go_live_at": china_minute(hall.clock.now() + 600)}
    )
    assert response.status_code == 303
    hall.clock.advance(660)
    summary = (await store.list_menus(hall.services.db, now=hall.clock.now()))[0]
    assert summary.live_version == 1
    live = await store.live_release(hall.services.db, "hall", hall.clock.now())
    assert live is not None
    late = await editor.client.post(f"/staff/menus/hall/releases/{live.id}/cancel", data={"csrf_token": token})
    assert late.status_code == 409 and "这次发布已经生效，不能取消" in late.text
    # Another menu's release is not this menu's to cancel.
    other = await editor.client.post(f"/staff/menus/hall/releases/{live.id + 99}/cancel", data={"csrf_token": token})
    assert other.status_code == 404


async def test_restoring_an_earlier_version_makes_it_live_and_is_refused_when_an_item_was_retired(hall: Hall) -> None:
    await make_menu(hall)
    editor = await admin_editor(hall)
    await publish(editor)
    await editor.post("/staff/menus/hall/tiles/t-a1/remove")
    await publish(editor)
    versions = await editor.client.get("/staff/menus/hall/versions")
    token = csrf_of(versions)
    restored = await editor.client.post("/staff/menus/hall/versions/1/restore", data={"csrf_token": token})
    assert restored.status_code == 303
    assert restored.headers["location"] == "/staff/menus/hall/versions?done=restore&version=1"
    live = await store.live_release(hall.services.db, "hall", hall.clock.now())
    assert live is not None and live.version == 1 and live.kind == "restore"
    page = await editor.client.get(restored.headers["location"])
    assert "已恢复第 1 版。" in page.text and re.search(r'data-version="1" class="is-live"', page.text)
    assert (await audit.recent(hall.services.db, action="kiosk_menu.restore"))[0].detail["version"] == 1
    assert ID_CARD in str((await draft_of(hall)).document)  # the draft followed (it held no other work)

    # The ID card item is retired since version 1: restoring 1 now is refused, the problem at its tile.
    await import_with(hall, {ID_CARD: {"status": "retired"}})
    hall.clock.advance(60)
    await editor.client.post("/staff/menus/hall/versions/2/restore", data={"csrf_token": token})
    refused = await editor.client.post("/staff/menus/hall/versions/1/restore", data={"csrf_token": token})
    assert refused.status_code == 422
    assert 'data-restore-refused="1"' in refused.text
    assert problems_at(refused.text, "t-a1") == ["事项「居民身份证到期换领」已停止办理。"]
    live = await store.live_release(hall.services.db, "hall", hall.clock.now())
    assert live is not None and live.version == 2


async def test_compare_marks_added_removed_moved_and_changed_tiles_side_by_side(hall: Hall) -> None:
    await make_menu(hall)
    editor = await admin_editor(hall)
    await publish(editor)
    await editor.post("/staff/menus/hall/tiles/t-f6/up")  # moved
    await editor.post("/staff/menus/hall/tiles/t-b2/remove")  # removed
    await editor.post("/staff/menus/hall/tiles/t-e5/out")  # out of its group: moved across
    await editor.post(
        "/staff/menus/hall/tiles",
        {
            "tile_id": "t-a1",
            "kind": "item",
            "target": f"item:{ID_CARD}",
            "label_zh": "身份证",
            "label_en": "ID card",
            "colour": "red",
            "parent": "",
        },
    )  # changed
    await editor.post(
        "/staff/menus/hall/tiles", {"kind": "action", "action": "feedback", "label_zh": "咨询", "label_en": "Ask"}
    )  # added
    await publish(editor)
    page = await editor.client.get("/staff/menus/hall/compare?a=1&b=2")
    assert page.status_code == 200
    html = page.text
    before, after = html.split('data-side="after"')

    def marks(part: str, tile_id: str) -> str:
        found = re.search(rf'data-tile-id="{tile_id}" data-marks="([^"]*)"', part)
        return found.group(1) if found else "(absent)"

    assert marks(before, "t-b2") == "removed" and marks(after, "t-b2") == "(absent)"
    assert "moved" in marks(after, "t-f6") and "moved" in marks(before, "t-f6")
    assert "moved" in marks(after, "t-e5")
    assert marks(after, "t-a1") == "changed" and marks(before, "t-a1") == "changed"
    added = [tile_id for tile_id in re.findall(r'data-tile-id="(t-[0-9a-f]+)" data-marks="added"', after)]
    assert len(added) == 1
    assert marks(after, "t-d4") == ""
    assert "<del>身份证换领</del> → <ins>身份证</ins>" in html  # the label's change, read out
    # The draft against the live version; a version against itself.
    assert (await editor.client.get("/staff/menus/hall/compare?a=2&b=draft")).status_code == 200
    same = await editor.client.get("/staff/menus/hall/compare?a=2&b=2")
    assert "两个版本完全相同。" in same.text


async def test_the_preview_is_the_kiosk_screen_in_a_frame_only_this_site_may_show(hall: Hall) -> None:
    await make_menu(hall)
    editor = await admin_editor(hall)
    page = await editor.client.get("/staff/menus/hall/preview?lang=en&elder=1")
    assert page.status_code == 200
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]  # the staff page itself
    frame_src = re.search(r'<iframe class="menus-preview-frame" src="([^"]+)"', page.text)
    assert frame_src is not None
    frame = await editor.client.get(frame_src.group(1).replace("&amp;", "&"))
    assert frame.status_code == 200
    assert "frame-ancestors 'self'" in frame.headers["content-security-policy"]
    assert frame.headers["x-frame-options"] == "SAMEORIGIN"
    assert frame.headers["content-language"] == "en" and frame.headers["cache-control"] == "no-store"
    html = frame.text
    assert "预览 · Preview" in html and "mode-elder" in html
    assert "htmx-4.0.1.min.js" not in html and "heartbeat.js" not in html and "data-idle-seconds" not in html
    # The tiles in the menu's order; a group opens inside the preview, everything else is inert.
    assert re.findall(r'data-tile-id="(t-[0-9a-f]+)"', html) == ["t-a1", "t-b2", "t-c3", "t-f6"]
    group_link = re.search(r'href="(/staff/menus/hall/preview/frame\?[^"]*group=t-c3[^"]*)"', html)
    assert group_link is not None
    assert re.search(r'<a class="tile menu-tile menu-item[^"]*" href="#"', html)
    group = await editor.client.get(group_link.group(1).replace("&amp;", "&"))
    assert group.status_code == 200
    assert re.findall(r'data-tile-id="(t-[0-9a-f]+)"', group.text) == ["t-d4", "t-e5"]
    assert "Birth" in group.text
    # A published version can be previewed too; the draft is the default.
    await editor.post("/staff/menus/hall/tiles/t-f6/up")
    assert (await editor.post("/staff/menus/hall/publish", {"when": "now"})).status_code == 303
    v1 = await editor.client.get("/staff/menus/hall/preview/frame?version=1")
    assert re.findall(r'data-tile-id="(t-[0-9a-f]+)"', v1.text)[:4] == ["t-a1", "t-b2", "t-f6", "t-c3"]
    # The kiosk's pages themselves still refuse to be framed.
    assert "frame-ancestors 'none'" in (await editor.client.get("/staff/menus")).headers["content-security-policy"]


async def test_a_supervisor_may_preview_and_compare_but_not_restore(hall: Hall) -> None:
    from tests.staff.applications_support import staff

    await make_menu(hall)
    async with hall.services.db.transaction() as tx:
        await store.publish(tx, "hall", await hall.services.catalog.current(), ADMIN, hall.clock.now())
    supervisor = await staff(hall, "sup.p", "supervisor")
    assert (await supervisor.client.get("/staff/menus/hall/preview/frame")).status_code == 200
    versions = await supervisor.client.get("/staff/menus/hall/versions")
    assert versions.status_code == 200 and "data-restore=" not in versions.text
    refused = await supervisor.client.post(
        "/staff/menus/hall/versions/1/restore", data={"csrf_token": csrf_of(versions)}
    )
    assert refused.status_code == 403
