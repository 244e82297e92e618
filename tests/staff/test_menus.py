"""The menu editor's pages over the real stack: who may read and change, the tree's buttons and
moves, the side form and its target picker, the stale-draft 409, and the menus list."""

from __future__ import annotations

import re

from shared import audit
from shared.menus import store
from shared.menus.model import Draft
from tests.kiosk.conftest import register_device
from tests.staff.applications_support import staff
from tests.staff.conftest import Hall, csrf_of
from tests.staff.menus_support import (
    ADMIN,
    BIRTH,
    HOUSEHOLD,
    ID_CARD,
    RETIRED,
    admin_editor,
    draft_of,
    import_with,
    make_menu,
    revision_of,
    sample_document,
    top_ids,
)

# Every menu page and every change, with what a form would send.
PAGES = (
    "/staff/menus",
    "/staff/menus/hall",
    "/staff/menus/hall?tile=t-a1",
    "/staff/menus/hall/targets?find=item&q=sfz",
    "/staff/menus/hall/preview",
    "/staff/menus/hall/preview/frame",
    "/staff/menus/hall/versions",
    "/staff/menus/hall/compare?a=1&b=draft",
)
CHANGES = (
    ("/staff/menus", {"id": "other", "name_zh": "别的", "name_en": "Other"}),
    ("/staff/menus/assignments", {"target": "group:lobby", "menu_id": "hall"}),
    ("/staff/menus/hall/default", {}),
    ("/staff/menus/hall/tiles", {"kind": "action", "action": "search", "label_zh": "搜索", "label_en": "Search"}),
    ("/staff/menus/hall/tiles/t-b2/up", {}),
    ("/staff/menus/hall/tiles/t-b2/move", {"parent": "", "index": "0"}),
    ("/staff/menus/hall/tiles/t-b2/remove", {}),
    ("/staff/menus/hall/publish", {"when": "now"}),
    ("/staff/menus/hall/versions/1/restore", {}),
    ("/staff/menus/hall/releases/1/cancel", {}),
)


async def published_hall(hall: Hall) -> Draft:
    """The sample menu, published once (version 1, live)."""
    draft = await make_menu(hall)
    async with hall.services.db.transaction() as tx:
        await store.publish(tx, "hall", await hall.services.catalog.current(), ADMIN, hall.clock.now())
    return draft


async def test_a_clerk_gets_403_on_every_menu_page_and_every_change(hall: Hall) -> None:
    await published_hall(hall)
    clerk = await staff(hall, "clerk.m", "clerk", "GA")
    home = await clerk.client.get("/staff/")
    assert 'href="/staff/menus"' not in home.text
    token = csrf_of(home)
    for path in PAGES:
        response = await clerk.client.get(path)
        assert response.status_code == 403, path
    before = await draft_of(hall)
    for path, data in CHANGES:
        response = await clerk.client.post(path, data={"csrf_token": token, "revision": "2", **data})
        assert response.status_code == 403, path
    assert (await draft_of(hall)).revision == before.revision
    assert [m.id for m in await store.list_menus(hall.services.db)] == ["hall"]
    refused = await audit.recent(hall.services.db, action="staff.access")
    assert refused and all(entry.result == "refused" for entry in refused)


async def test_a_supervisor_reads_everything_but_has_no_change_buttons_and_no_change_is_allowed(hall: Hall) -> None:
    await published_hall(hall)
    supervisor = await staff(hall, "sup.m", "supervisor")
    home = await supervisor.client.get("/staff/")
    assert 'href="/staff/menus"' in home.text
    for path in PAGES:
        if "/targets" in path:
            continue  # the picker belongs to the side form, which only editors have
        response = await supervisor.client.get(path)
        assert response.status_code == 200, path
        for control in ('id="tree-form"', "data-publish-form", "data-make-default", "data-restore=", "data-tile-form"):
            assert control not in response.text, (path, control)
    assert (await supervisor.client.get("/staff/menus/hall/targets?find=item")).status_code == 403
    editor = await supervisor.client.get("/staff/menus/hall")
    assert "您可以查看菜单和版本，但无权修改。" in editor.text
    assert "身份证换领" in editor.text  # the tree itself is there to read
    token = csrf_of(editor)
    for path, data in CHANGES:
        response = await supervisor.client.post(path, data={"csrf_token": token, "revision": "2", **data})
        assert response.status_code == 403, path
    assert [v.version for v in await store.versions(hall.services.db, "hall")] == [1]


async def test_every_change_needs_the_pages_anti_csrf_token(hall: Hall) -> None:
    await make_menu(hall)
    editor = await admin_editor(hall)
    page = await editor.page()
    revision = revision_of(page)
    for path, data in CHANGES[:8]:
        response = await editor.client.post(path, data={"revision": revision, **data})
        assert response.status_code == 403, path
        assert "页面已过期或来源不明" in response.text
    assert top_ids(await draft_of(hall)) == ["t-a1", "t-b2", "t-c3", "t-f6"]
    assert await store.versions(hall.services.db, "hall") == []
    # A form from another site is refused before the token is even read.
    response = await editor.client.post(
        "/staff/menus/hall/tiles/t-b2/up",
        data={"csrf_token": csrf_of(page), "revision": revision},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403


async def test_the_buttons_move_tiles_up_down_into_and_out_of_a_group(hall: Hall) -> None:
    await make_menu(hall)
    editor = await admin_editor(hall)
    page = await editor.page()
    # Each tile offers what makes sense where it is: no "up" for the first, "into group" only
    # below a group, "out of group" only inside one.
    assert re.search(r'formaction="/staff/menus/hall/tiles/t-a1/up" data-op="up" disabled', page.text)
    assert 'formaction="/staff/menus/hall/tiles/t-f6/in"' in page.text  # below the group t-c3
    assert 'formaction="/staff/menus/hall/tiles/t-b2/in"' not in page.text
    assert 'formaction="/staff/menus/hall/tiles/t-d4/out"' in page.text

    response = await editor.post("/staff/menus/hall/tiles/t-b2/up")
    assert response.status_code == 303
    assert response.headers["location"] == "/staff/menus/hall?done=saved#tile-t-b2"
    assert top_ids(await draft_of(hall)) == ["t-b2", "t-a1", "t-c3", "t-f6"]
    await editor.post("/staff/menus/hall/tiles/t-b2/down")
    assert top_ids(await draft_of(hall)) == ["t-a1", "t-b2", "t-c3", "t-f6"]

    await editor.post("/staff/menus/hall/tiles/t-f6/in")
    draft = await draft_of(hall)
    assert top_ids(draft) == ["t-a1", "t-b2", "t-c3"]
    assert [t["id"] for t in draft.document["tiles"][2]["children"]] == ["t-d4", "t-e5", "t-f6"]

    await editor.post("/staff/menus/hall/tiles/t-d4/out")
    draft = await draft_of(hall)
    assert top_ids(draft) == ["t-a1", "t-b2", "t-c3", "t-d4"]  # right after its group
    assert [t["id"] for t in draft.document["tiles"][2]["children"]] == ["t-e5", "t-f6"]

    shown = await editor.page(query="?done=saved")
    assert "草稿已保存。" in shown.text
    saved = await audit.recent(hall.services.db, action="kiosk_menu.draft.save")
    assert saved[0].actor_kind == "staff" and saved[0].target == "kiosk_menu:hall"
    assert saved[0].where_kind == "address"


async def test_a_drag_is_one_move_of_the_whole_tree_with_the_revision(hall: Hall) -> None:
    await make_menu(hall)
    editor = await admin_editor(hall)
    before = await draft_of(hall)
    # What the script posts when the group is dropped above the first tile.
    response = await editor.post("/staff/menus/hall/tiles/t-c3/move", {"parent": "", "index": "0"})
    assert response.status_code == 303
    after = await draft_of(hall)
    assert top_ids(after) == ["t-c3", "t-a1", "t-b2", "t-f6"]
    assert after.revision == before.revision + 1
    assert after.document["tiles"][0]["children"] == before.document["tiles"][2]["children"]  # it took its tiles
    # Into a group at a position.
    await editor.post("/staff/menus/hall/tiles/t-a1/move", {"parent": "t-c3", "index": "1"})
    group = (await draft_of(hall)).document["tiles"][0]
    assert [t["id"] for t in group["children"]] == ["t-d4", "t-a1", "t-e5"]
    # A group cannot go into itself; a tile cannot go into something that is not a group.
    assert (await editor.post("/staff/menus/hall/tiles/t-c3/move", {"parent": "t-c3", "index": "0"})).status_code == 400
    assert (await editor.post("/staff/menus/hall/tiles/t-b2/move", {"parent": "t-f6", "index": "0"})).status_code == 400
    # Too deep for the rules (a group of a group of a group holding tiles): refused with their message.
    deep = {"tiles": [{**sample_document()["tiles"][2], "id": "t-10"}, {**sample_document()["tiles"][2]}]}
    deep["tiles"][0]["children"] = [
        {"id": "t-11", "kind": "group", "label": {"zh": "二层", "en": "Two"}, "children": []}
    ]
    await make_menu(hall, "deep", deep)
    refused = await editor.post("/staff/menus/deep/tiles/t-c3/move", {"parent": "t-11", "index": "0"}, menu_id="deep")
    assert refused.status_code == 422
    assert "分组最多嵌套 3 层。" in refused.text


async def test_a_stale_draft_is_not_saved_and_the_page_shows_the_other_persons_draft(hall: Hall) -> None:
    await make_menu(hall)
    editor = await admin_editor(hall)
    page = await editor.page()
    token, revision = csrf_of(page), revision_of(page)
    # Someone else saves first (another administrator's session).
    async with hall.services.db.transaction() as tx:
        theirs = {
            "tiles": [
                *sample_document()["tiles"],
                {"id": "t-99", "kind": "action", "target": "feedback", "label": {"zh": "他们的磁贴", "en": "Theirs"}},
            ]
        }
        await store.save_draft(tx, "hall", theirs, int(revision), ADMIN, hall.clock.now())
    for path, data in (
        ("/staff/menus/hall/tiles/t-b2/up", {}),
        ("/staff/menus/hall/tiles/t-b2/move", {"parent": "", "index": "0"}),
        ("/staff/menus/hall/tiles", {"kind": "action", "action": "track", "label_zh": "查询", "label_en": "Track"}),
        ("/staff/menus/hall/publish", {"when": "now"}),
    ):
        response = await editor.client.post(path, data={"csrf_token": token, "revision": revision, **data})
        assert response.status_code == 409, path
        assert "在您编辑期间，tester (admin) 于" in response.text
        assert "他们的磁贴" in response.text  # their draft is what the page shows now
    draft = await draft_of(hall)
    assert top_ids(draft) == ["t-a1", "t-b2", "t-c3", "t-f6", "t-99"]
    assert await store.versions(hall.services.db, "hall") == []


async def test_the_side_form_adds_edits_and_removes_a_tile(hall: Hall) -> None:
    await make_menu(hall)
    editor = await admin_editor(hall)
    form = await editor.page(query="?add=t-c3&find=item&q=出生")
    assert "新磁贴（在分组「出生」中）" in form.text
    assert f'value="item:{BIRTH}"' in form.text
    # Labels left empty take the target's name (cut after a whole word to fit); the tile
    # lands at the end of the group.
    response = await editor.post(
        "/staff/menus/hall/tiles",
        {"kind": "item", "target": f"item:{BIRTH}", "parent": "t-c3", "icon": "house", "colour": "teal"},
    )
    assert response.status_code == 303
    group = (await draft_of(hall)).document["tiles"][2]
    added = group["children"][-1]
    assert added["kind"] == "item" and added["target"] == BIRTH
    assert added["label"] == {"zh": "出生医学证明首次签发", "en": "First issue of a birth medical"}
    assert added["icon"] == "house" and added["colour"] == "teal"
    assert re.fullmatch(r"t-[0-9a-f]{4}", added["id"])
    assert response.headers["location"] == f"/staff/menus/hall?tile={added['id']}&done=saved#tile-{added['id']}"

    # Edit: a picked target says its kind; a new label and a move to the top level.
    await editor.post(
        "/staff/menus/hall/tiles",
        {
            "tile_id": added["id"],
            "kind": "item",
            "target": "bundle:newborn",
            "label_zh": "出生一件事",
            "label_en": "Newborn",
            "colour": "red",
            "parent": "",
        },
    )
    draft = await draft_of(hall)
    assert top_ids(draft)[-1] == added["id"]
    edited = draft.document["tiles"][-1]
    assert edited["kind"] == "bundle" and edited["target"] == "newborn" and edited["colour"] == "red"
    assert "icon" not in edited  # "the target's own" icon

    # Refused at once, next to the field: a label too long, no target.
    refused = await editor.post(
        "/staff/menus/hall/tiles", {"kind": "item", "label_zh": "长" * 17, "label_en": "x", "colour": "blue"}
    )
    assert refused.status_code == 422
    assert "中文名称须为 1 至 16 个字。" in refused.text and "请选择磁贴打开的内容。" in refused.text
    assert (await draft_of(hall)).revision == draft.revision

    # A target without an English name: the English label must be typed.
    no_english = await editor.post(
        "/staff/menus/hall/tiles", {"kind": "item", "target": f"item:{HOUSEHOLD}", "colour": "blue"}
    )
    assert no_english.status_code == 422 and "英文名称须为 1 至 32 个字符。" in no_english.text
    assert 'value="户籍证明开具"' not in no_english.text  # what was typed (nothing) is shown again

    # A group that still holds tiles cannot become something else.
    kept = await editor.post(
        "/staff/menus/hall/tiles",
        {"tile_id": "t-c3", "kind": "action", "action": "track", "label_zh": "出生", "label_en": "Birth"},
    )
    assert kept.status_code == 422 and "这个分组中还有磁贴" in kept.text

    # Remove (with what it holds).
    await editor.post("/staff/menus/hall/tiles/t-c3/remove")
    assert top_ids(await draft_of(hall)) == ["t-a1", "t-b2", "t-f6", added["id"]]


async def test_the_target_picker_lists_active_services_and_greys_out_those_not_at_kiosks(hall: Hall) -> None:
    await make_menu(hall)
    await import_with(hall, {HOUSEHOLD: {"channels": {"kiosk": False}}})
    editor = await admin_editor(hall)
    items = await editor.client.get("/staff/menus/hall/targets?find=item&q=")
    assert items.status_code == 200
    assert f'value="item:{ID_CARD}"' in items.text
    assert RETIRED not in items.text  # retired services are not offered at all
    disabled = re.search(rf'value="item:{HOUSEHOLD}"[^>]*disabled', items.text, re.S)
    assert disabled is not None
    assert "事项「户籍证明开具」不能在自助终端办理。" in items.text
    # Searching by pinyin initials goes through the catalog's own index.
    found = await editor.client.get("/staff/menus/hall/targets?find=item&q=sfz")
    assert f'value="item:{ID_CARD}"' in found.text and BIRTH not in found.text
    bundles = await editor.client.get("/staff/menus/hall/targets?find=bundle")
    assert 'value="bundle:newborn"' in bundles.text and "出生医学证明首次签发" in bundles.text
    categories = await editor.client.get("/staff/menus/hall/targets?find=category&q=医疗")
    assert 'value="category:yiliao"' in categories.text and "category:zjbl" not in categories.text


async def test_the_list_creates_copies_sets_the_default_and_assigns(hall: Hall) -> None:
    await published_hall(hall)
    await register_device(hall.services, "exit-1", group="exit-entry")
    editor = await admin_editor(hall)
    listing = await editor.client.get("/staff/menus")
    assert listing.status_code == 200
    assert "data-default" in listing.text and "第 1 版" in listing.text and "其余所有自助机" in listing.text
    token = csrf_of(listing)

    bad = await editor.client.post("/staff/menus", data={"csrf_token": token, "id": "Bad Id", "name_zh": ""})
    assert bad.status_code == 422
    assert "菜单编号须以小写字母开头" in bad.text and "菜单名称须为 1 至 40 个字符。" in bad.text
    taken = await editor.client.post(
        "/staff/menus", data={"csrf_token": token, "id": "hall", "name_zh": "重复", "name_en": "Again"}
    )
    assert taken.status_code == 422 and "菜单编号已被使用。" in taken.text

    made = await editor.client.post(
        "/staff/menus",
        data={"csrf_token": token, "id": "exit-area", "name_zh": "出入境专区", "name_en": "Exit", "copy_from": "hall"},
    )
    assert made.status_code == 303 and made.headers["location"] == "/staff/menus/exit-area"
    copy = await draft_of(hall, "exit-area")
    assert copy.document == (await draft_of(hall)).document

    assigned = await editor.client.post(
        "/staff/menus/assignments", data={"csrf_token": token, "target": "group:exit-entry", "menu_id": "exit-area"}
    )
    assert assigned.status_code == 303
    kiosk = await editor.client.post(
        "/staff/menus/assignments", data={"csrf_token": token, "target": "device:exit-1", "menu_id": "hall"}
    )
    assert kiosk.status_code == 303
    new_group = await editor.client.post(
        "/staff/menus/assignments", data={"csrf_token": token, "target": "", "new_group": "floor-2", "menu_id": "hall"}
    )
    assert new_group.status_code == 303
    unknown = await editor.client.post(
        "/staff/menus/assignments", data={"csrf_token": token, "target": "device:nowhere", "menu_id": "hall"}
    )
    assert unknown.status_code == 422 and "没有这台自助机。" in unknown.text
    found = {(a.target_kind, a.target): a.menu_id for a in await store.assignments(hall.services.db)}
    assert found == {("group", "exit-entry"): "exit-area", ("device", "exit-1"): "hall", ("group", "floor-2"): "hall"}
    listing = await editor.client.get("/staff/menus?done=assign")
    assert "分组 exit-entry" in listing.text and "自助机 测试自助机 exit-1" in listing.text

    removed = await editor.client.post(
        "/staff/menus/assignments", data={"csrf_token": token, "target": "group:floor-2", "menu_id": ""}
    )
    assert removed.status_code == 303 and "done=unassign" in removed.headers["location"]
    assert len(await store.assignments(hall.services.db)) == 2

    await editor.client.post("/staff/menus/exit-area/default", data={"csrf_token": token})
    menus = {m.id: m for m in await store.list_menus(hall.services.db)}
    assert menus["exit-area"].is_default and not menus["hall"].is_default
    entries = await audit.recent(hall.services.db, action="kiosk_menu.default")
    assert entries[0].target == "kiosk_menu:exit-area"


async def test_unknown_menus_tiles_and_versions_are_404(hall: Hall) -> None:
    await published_hall(hall)
    editor = await admin_editor(hall)
    for path in (
        "/staff/menus/nope",
        "/staff/menus/nope/preview",
        "/staff/menus/hall/compare?a=7&b=1",
        "/staff/menus/hall/preview?version=9",
        "/staff/menus/hall/preview/frame?group=t-zz",
    ):
        assert (await editor.client.get(path)).status_code == 404, path
    assert (await editor.post("/staff/menus/hall/tiles/t-zz/up")).status_code == 404
    assert (await editor.post("/staff/menus/hall/tiles/t-a1/sideways")).status_code == 404
    assert (await editor.post("/staff/menus/hall/versions/9/restore")).status_code == 404
