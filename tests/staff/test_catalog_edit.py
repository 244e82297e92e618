"""/staff/catalog: hall administrators edit items and bundles as drafts, check them with the
import's validation, publish them through the import's code; everyone else gets 403."""

from __future__ import annotations

import json
import re

import pytest
from markupsafe import escape

from shared import audit
from shared.catalog import drafts, repository
from shared.catalog.importer import CatalogFileError, import_catalog, single_document_file
from shared.catalog.snapshot import CatalogService
from tests.conftest import mini_catalog
from tests.staff.applications_support import staff
from tests.staff.catalog_support import Editor, admin_editor, csrf_of, form_fields, revision_of
from tests.staff.conftest import Hall

ITEM = "GA-SFZ-002"
EDIT = f"/staff/catalog/item/{ITEM}"


@pytest.fixture
async def editor(hall: Hall) -> Editor:
    return await admin_editor(hall)


async def draft_of(hall: Hall, code: str = ITEM, kind: drafts.Kind = "item") -> drafts.Draft:
    draft = await drafts.get(hall.services.db, kind, code)
    assert draft is not None
    return draft


# --- who may ------------------------------------------------------------------------------------------


ROUTES = (
    ("GET", "/staff/catalog"),
    ("POST", "/staff/catalog/new"),
    ("GET", EDIT),
    ("POST", EDIT),
    ("POST", f"{EDIT}/discard"),
    ("GET", f"{EDIT}/publish"),
    ("POST", f"{EDIT}/publish"),
    ("GET", f"{EDIT}/preview"),
    ("GET", f"{EDIT}/preview/frame"),
)


@pytest.mark.parametrize(("role", "department"), [("clerk", "GA"), ("reviewer", "GA"), ("supervisor", None)])
async def test_only_administrators_may_edit_the_catalog(hall: Hall, role: str, department: str | None) -> None:
    person = await staff(hall, f"{role}.c", role, department)
    home = await person.client.get("/staff/")
    assert 'href="/staff/catalog"' not in home.text
    token = csrf_of(home)
    for method, path in ROUTES:
        data = {"csrf_token": token, "revision": "0", "tab": "basics", "kind": "item", "code": "X-1", "name": "x"}
        answer = await person.client.request(method, path, data=data if method == "POST" else None)
        assert answer.status_code == 403, (role, method, path)
    assert await drafts.all_drafts(hall.services.db) == []
    refused = await audit.recent(hall.services.db, action="staff.access")
    assert refused[0].result == "refused"


async def test_an_administrator_finds_the_page_and_every_post_needs_the_form_token(editor: Editor) -> None:
    home = await editor.client.get("/staff/")
    assert 'href="/staff/catalog"' in home.text
    answer = await editor.client.post(EDIT, data={"revision": "0", "tab": "basics"})
    assert answer.status_code == 403
    assert await drafts.all_drafts(editor.hall.services.db) == []
    for path in ("/staff/catalog/item/NO-SUCH", "/staff/catalog/thing/GA-SFZ-002", "/staff/catalog/item/a%20b"):
        assert (await editor.client.get(path)).status_code == 404, path


# --- the list -----------------------------------------------------------------------------------------


async def test_the_list_searches_filters_and_shows_drafts(editor: Editor) -> None:
    page = await editor.client.get("/staff/catalog")
    assert page.status_code == 200
    for code in (ITEM, "WJ-CSYX-001", "GA-OLD-001", "newborn"):
        assert f'data-row="{"bundle" if code == "newborn" else "item"}:{code}"' in page.text
    found = await editor.client.get("/staff/catalog", params={"q": "身份证"})
    assert f"item:{ITEM}" in found.text and "item:WJ-CSYX-001" not in found.text
    pinyin = await editor.client.get("/staff/catalog", params={"q": "sfz"})
    assert f"item:{ITEM}" in pinyin.text
    retired = await editor.client.get("/staff/catalog", params={"status": "retired"})
    assert "item:GA-OLD-001" in retired.text and f"item:{ITEM}" not in retired.text
    wj = await editor.client.get("/staff/catalog", params={"department": "WJ", "kind": "item"})
    assert "item:WJ-CSYX-001" in wj.text and f"item:{ITEM}" not in wj.text and "bundle:" not in wj.text

    await editor.post_tab("item", ITEM, "basics", {"summary.zh": "改过的简介"})
    with_drafts = await editor.client.get("/staff/catalog", params={"drafts": "with"})
    rows = re.findall(r'data-row="([^"]+)"', with_drafts.text)
    assert rows == [f"item:{ITEM}"] and "有草稿" in with_drafts.text and "1 份草稿未发布" in with_drafts.text


# --- editing --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["item", "bundle"])
async def test_saving_any_tab_unchanged_changes_nothing(editor: Editor, kind: str) -> None:
    """Every input shows the document as it is: posting a tab back leaves it byte for byte."""
    section = "items" if kind == "item" else "bundles"
    tabs = (
        ("basics", "handling", "materials", "form", "advanced") if kind == "item" else ("basics", "items", "advanced")
    )
    for document in mini_catalog()[section]:
        for tab in tabs:
            answer = await editor.post_tab(kind, document["code"], tab)
            assert answer.status_code == 303, (document["code"], tab, answer.text[:500])
    assert await drafts.all_drafts(editor.hall.services.db) == []
    assert await audit.recent(editor.hall.services.db, action=f"catalog.{kind}.draft.save") == []


async def test_a_change_is_saved_as_a_draft_and_a_stale_page_is_refused(editor: Editor) -> None:
    page = await editor.page("item", ITEM, "basics")
    assert "无草稿" in page.text
    stale_fields = form_fields(page.text, "catalog-form")
    saved = await editor.post_tab("item", ITEM, "basics", {"name.zh": "居民身份证换领"})
    assert saved.status_code == 303 and "done=saved" in saved.headers["location"]
    draft = await draft_of(editor.hall)
    assert draft.revision == 1 and draft.document["name"]["zh"] == "居民身份证换领"
    page = await editor.page("item", ITEM, "basics", done="saved")
    assert "草稿已保存" in page.text and "第 1 次保存" in page.text and revision_of(page.text) == 1

    # A second window still showing revision 0 saves: refused, and it is shown the latest draft.
    stale_fields["summary.zh"] = ["另一个人的修改"]
    stale_fields["op"] = ["save"]
    refused = await editor.client.post(EDIT, data=stale_fields)
    assert refused.status_code == 409
    assert "刚被其他人修改过" in refused.text and "居民身份证换领" in refused.text
    assert (await draft_of(editor.hall)).revision == 1
    assert (await draft_of(editor.hall)).document["summary"]["zh"] != "另一个人的修改"


async def test_autosave_answers_with_the_next_revision(editor: Editor) -> None:
    headers = {"X-Autosave": "1"}
    answer = await editor.post_tab("item", ITEM, "handling", {"promised_days": "15"}, headers=headers)
    assert answer.status_code == 200 and answer.json() == {"revision": 1, "changed": True}
    again = await editor.post_tab("item", ITEM, "handling", {"promised_days": "15"}, headers=headers)
    assert again.json() == {"revision": 1, "changed": False}
    page = await editor.page("item", ITEM, "handling")
    fields = form_fields(page.text, "catalog-form")
    fields["revision"] = ["0"]
    stale = await editor.client.post(EDIT, data=fields, headers=headers)
    assert stale.status_code == 409 and stale.json() == {"error": "stale"}


async def test_handling_inputs_become_the_documents_elements(editor: Editor) -> None:
    changes: dict[str, str | list[str] | None] = {
        "case_type": "commitment",
        "legal_days": "30",
        "promised_days": "",  # emptied: not provided, never invented
        "channels.online": "yes",
        "channels.courier": "",
        "deemed_approval": "1",
        "fees_mode": "charged",
        "fees[0].amount": "25.5",
        "result.delivery": ["window", "kiosk_print"],
    }
    await editor.post_tab("item", ITEM, "handling", changes)
    document = (await draft_of(editor.hall)).document
    assert document["legal_days"] == 30 and "promised_days" not in document
    assert document["channels"]["online"] is True and "courier" not in document["channels"]
    assert document["deemed_approval"] is True
    assert document["fees"][0]["amount_fen"] == 2550 and document["fees"][1]["when"] == {
        "field": "delivery",
        "equals": "mail",
    }
    assert document["result"]["delivery"] == ["window", "kiosk_print"]
    await editor.post_tab("item", ITEM, "handling", {"fees_mode": "free"})
    assert (await draft_of(editor.hall)).document["fees"] == []
    await editor.post_tab("item", ITEM, "handling", {"fees_mode": "unknown"})
    assert "fees" not in (await draft_of(editor.hall)).document


async def test_a_row_added_after_the_page_was_drawn_is_kept(editor: Editor) -> None:
    """收费 chosen (an autosave adds a blank fee); the page, drawn before, then saves: the row stays."""
    code = "GA-HJ-010"
    page = await editor.page("item", code, "handling")
    fields = form_fields(page.text, "catalog-form")
    fields.update(fees_mode=["charged"], op=["save"])
    autosaved = await editor.client.post(f"/staff/catalog/item/{code}", data=fields, headers={"X-Autosave": "1"})
    assert autosaved.json()["revision"] == 1
    assert (await draft_of(editor.hall, code)).document["fees"] == [{"amount_fen": 0}]
    fields.update(revision=["1"], legal_days=["10"])
    saved = await editor.client.post(f"/staff/catalog/item/{code}", data=fields)
    assert saved.status_code == 303
    document = (await draft_of(editor.hall, code)).document
    assert document["fees"] == [{"amount_fen": 0}] and document["legal_days"] == 10
    page = await editor.page("item", code, "handling")
    assert 'name="fees[0].amount" value="0.00"' in page.text


async def test_check_shows_the_imports_problem_beside_its_input_in_both_languages(editor: Editor) -> None:
    await editor.post_tab("item", ITEM, "handling", {"promised_days": "90"}, op="check")
    page = await editor.page("item", ITEM, "handling", check="1")
    document = (await draft_of(editor.hall)).document
    with pytest.raises(CatalogFileError) as refused:
        await import_catalog(editor.hall.services.db, single_document_file("item", document))
    (imported,) = refused.value.problems
    assert imported.message == "the promised time limit (90 days) exceeds the legal one (60 days)"
    # Beside the input: inside the element whose id is the field's anchor, with the import's words.
    field = page.text.split('id="p-promised_days"', 1)[1].split("</div>", 3)
    block = "".join(field[:3])
    assert 'aria-invalid="true"' in block
    assert "承诺时限（90 个工作日）超过了法定时限（60 个工作日）" in block
    assert imported.message in block
    assert "检查发现 1 处问题" in page.text
    # From another tab the problem is listed with a link to its place.
    other = await editor.page("item", ITEM, "basics", check="1")
    assert f"{EDIT}?tab=handling&amp;check=1#p-promised_days" in other.text


async def test_what_was_typed_wrong_is_kept_and_named(editor: Editor) -> None:
    await editor.post_tab("item", ITEM, "materials", {"materials[0].copies": "two", "materials[1].name.zh": ""})
    document = (await draft_of(editor.hall)).document
    assert document["materials"][0]["copies"] == "two"
    assert document["materials"][1]["name"] == {"en": "Household register"}
    page = await editor.page("item", ITEM, "materials", check="1")
    assert 'value="two"' in page.text
    assert "必须是整数" in page.text and "&#39;two&#39; is not of type &#39;integer&#39;" in page.text
    assert "必须填写（zh）" in page.text


async def test_materials_rows_are_added_moved_and_removed(editor: Editor) -> None:
    added = await editor.post_tab("item", ITEM, "materials", op="add:materials")
    assert added.status_code == 303 and added.headers["location"].endswith("#p-materials-3")
    await editor.post_tab(
        "item",
        ITEM,
        "materials",
        {
            "materials[3].name.zh": "委托书",
            "materials[3].kind": "copy",
            "materials[3].copies": "2",
            "materials[3].required": None,
            "materials[3].shared_data.department": "WJ",
            "materials[3].when.field": "for_whom",
            "materials[3].when.op": "in",
            "materials[3].when.value": "child, self",
        },
        op="up:materials[3]",
    )
    materials = (await draft_of(editor.hall)).document["materials"]
    assert [m["code"] for m in materials] == ["id_card", "hukou_booklet", "material_1", "guardian_id"]
    assert materials[2] == {
        "code": "material_1",
        "name": {"zh": "委托书"},
        "kind": "copy",
        "copies": 2,
        "required": False,
        "shared_data": {"department": "WJ"},
        "when": {"field": "for_whom", "in": ["child", "self"]},
    }
    await editor.post_tab("item", ITEM, "materials", op="remove:materials[0]")
    materials = (await draft_of(editor.hall)).document["materials"]
    assert [m["code"] for m in materials] == ["hukou_booklet", "material_1", "guardian_id"]
    bad = await editor.post_tab("item", ITEM, "materials", op="remove:steps[0]")
    assert bad.status_code == 400


async def test_form_questions_options_and_combined_conditions(editor: Editor) -> None:
    await editor.post_tab("item", ITEM, "form", op="add:form.groups[0].fields")
    await editor.post_tab(
        "item",
        ITEM,
        "form",
        {
            "form.groups[0].fields[2].label.zh": "丢失原因",
            "form.groups[0].fields[2].code": "reason",
            "form.groups[0].fields[2].type": "choice",
            "form.groups[0].fields[2].options": "lost | 丢失 | Lost\nstolen | 被盗",
            "form.groups[0].fields[2].when.field": "for_whom",
            "form.groups[0].fields[2].when.op": "answered",
        },
    )
    group = (await draft_of(editor.hall)).document["form"]["groups"][0]
    assert group["fields"][2] == {
        "code": "reason",
        "type": "choice",
        "label": {"zh": "丢失原因"},
        "options": [
            {"value": "lost", "label": {"zh": "丢失", "en": "Lost"}},
            {"value": "stolen", "label": {"zh": "被盗"}},
        ],
        "when": {"field": "for_whom", "answered": True},
    }
    # The rules of the guardian's name field are kept while its label changes.
    assert group["fields"][1]["rules"] == {"max_length": 30}

    # A combined condition is edited as JSON; one that does not parse is kept for the check to name.
    combined = json.dumps({"any": [{"field": "for_whom", "equals": "child"}, {"field": "reason", "answered": True}]})
    page = await editor.page("item", ITEM, "materials")
    assert 'name="materials[2].when.field"' in page.text
    await editor.post_tab(
        "item", ITEM, "materials", {"materials[2].when.field": None, "materials[2].when.json": combined}
    )
    assert (await draft_of(editor.hall)).document["materials"][2]["when"] == json.loads(combined)
    page = await editor.page("item", ITEM, "materials")
    assert 'name="materials[2].when.json"' in page.text
    await editor.post_tab("item", ITEM, "materials", {"materials[2].when.json": "{broken"})
    assert (await draft_of(editor.hall)).document["materials"][2]["when"] == "{broken"
    page = await editor.page("item", ITEM, "materials", check="1")
    assert "格式不对：应为一个 JSON 对象" in page.text


async def test_the_advanced_tab_takes_the_whole_document_as_strictly_as_an_import(editor: Editor) -> None:
    broken = await editor.post_tab("item", ITEM, "advanced", {"document": '{"code": "GA-SFZ-002",\n "name": }'})
    assert broken.status_code == 422
    assert "第 2 行第 10 列" in broken.text and "line 2 column 10" in broken.text
    assert escape('{"code": "GA-SFZ-002",\n "name": }') in broken.text  # what was typed stays in the box
    renamed = dict(mini_catalog()["items"][0], code="GA-SFZ-999")
    refused = await editor.post_tab("item", ITEM, "advanced", {"document": json.dumps(renamed)})
    assert refused.status_code == 422 and "编码不能在这里修改" in refused.text
    twice = await editor.post_tab("item", ITEM, "advanced", {"document": '{"code": "GA-SFZ-002", "code": "x"}'})
    assert twice.status_code == 422 and "appears twice" in twice.text
    assert await drafts.all_drafts(editor.hall.services.db) == []

    changed = dict(mini_catalog()["items"][0], steps=[{"title": {"zh": "申请"}}])
    saved = await editor.post_tab("item", ITEM, "advanced", {"document": json.dumps(changed, ensure_ascii=False)})
    assert saved.status_code == 303
    assert (await draft_of(editor.hall)).document["steps"] == [{"title": {"zh": "申请"}}]


# --- publishing -----------------------------------------------------------------------------------------


async def publish(editor: Editor, code: str = ITEM, kind: str = "item") -> tuple[str, str]:
    review = await editor.client.get(f"/staff/catalog/{kind}/{code}/publish")
    assert review.status_code == 200, review.text
    fields = form_fields(review.text.replace('class="cf-publish-form', 'id="publish" class="x'), "publish")
    answer = await editor.client.post(f"/staff/catalog/{kind}/{code}/publish", data=fields)
    assert answer.status_code == 303, answer.text
    return review.text, answer.headers["location"]


async def test_publishing_makes_the_next_version_that_kiosks_pick_up(editor: Editor) -> None:
    services = editor.hall.services
    revision = await repository.read_revision(services.db)
    await editor.post_tab("item", ITEM, "basics", {"name.zh": "居民身份证换领"})
    review, location = await publish(editor)
    assert "发布为第 2 版" in review and "name.zh" in review and "居民身份证到期换领" in review
    assert location == f"{EDIT}?done=published&version=2"
    page = await editor.client.get(location)
    assert "已发布为第 2 版" in page.text and "无草稿" in page.text
    assert await repository.read_revision(services.db) == revision + 1
    snapshot = await services.catalog.current()
    assert snapshot.revision == revision + 1
    found = snapshot.item(ITEM)
    assert found is not None and found.version == 2 and found.name.zh == "居民身份证换领"
    # Another server process notices the new revision at its next check (catalog_refresh_seconds).
    elsewhere = CatalogService(services.db, refresh_seconds=0.0)
    assert (await elsewhere.current()).item(ITEM).version == 2  # type: ignore[union-attr]
    (entry,) = await audit.recent(services.db, action="catalog.item.publish")
    assert entry.target == f"item:{ITEM}" and entry.detail["version"] == 2
    assert entry.detail["changes"] == [
        {"path": "name.zh", "kind": "changed", "before": "居民身份证到期换领", "after": "居民身份证换领"}
    ]


async def test_publishing_unchanged_content_says_so_and_makes_no_version(editor: Editor) -> None:
    services = editor.hall.services
    revision = await repository.read_revision(services.db)
    await editor.post_tab("item", ITEM, "basics", {"name.zh": "临时名称"})
    await editor.post_tab("item", ITEM, "basics", {"name.zh": "居民身份证到期换领"})
    review, location = await publish(editor)
    assert "草稿与已发布的第 1 版内容相同" in review and "确认（不产生新版本）" in review
    assert location == f"{EDIT}?done=unchanged&version=1"
    page = await editor.client.get(location)
    assert "没有产生新版本" in page.text
    assert await repository.read_revision(services.db) == revision
    assert await drafts.get(services.db, "item", ITEM) is None


async def test_a_draft_with_problems_cannot_be_published(editor: Editor) -> None:
    await editor.post_tab("item", ITEM, "handling", {"max_visits": "1", "visit_reason.zh": "", "visit_reason.en": ""})
    review = await editor.client.get(f"{EDIT}/publish")
    assert "修改后才能发布" in review.text and "需要到现场的事项必须说明到现场的原因" in review.text
    assert "disabled" in review.text.split("data-publish", 1)[0].rsplit("<button", 1)[1]
    fields = form_fields(review.text.replace('class="cf-publish-form', 'id="publish" class="x'), "publish")
    refused = await editor.client.post(f"{EDIT}/publish", data=fields)
    assert refused.status_code == 422
    published = await drafts.published(editor.hall.services.db, "item", ITEM)
    assert published is not None and published.version == 1


async def test_a_retired_item_leaves_the_kiosk_and_its_bundles_are_refused(editor: Editor) -> None:
    item = "YB-CB-003"
    await editor.post_tab("item", item, "basics", {"status": "retired"})
    await publish(editor, item)
    snapshot = await editor.hall.services.catalog.current()
    retired = snapshot.item(item)
    assert retired is not None and not retired.active and retired.version == 2
    assert item not in {i.code for i in snapshot.iter_active_items()}
    listed = await editor.client.get("/staff/catalog", params={"status": "retired"})
    assert f"item:{item}" in listed.text

    # The bundle that holds it can no longer be published: the import's rule, beside the item row.
    await editor.post_tab("bundle", "newborn", "basics", {"summary.zh": "新的简介"})
    page = await editor.page("bundle", "newborn", "items", check="1")
    assert "事项 YB-CB-003 已停用" in page.text and "item &#39;YB-CB-003&#39; is retired" in page.text
    review = await editor.client.get("/staff/catalog/bundle/newborn/publish")
    assert "修改后才能发布" in review.text


async def test_discarding_a_draft_keeps_the_published_version(editor: Editor) -> None:
    await editor.post_tab("item", ITEM, "basics", {"name.zh": "不要了"})
    page = await editor.page("item", ITEM)
    discarded = await editor.client.post(
        f"{EDIT}/discard", data={"csrf_token": csrf_of(page), "revision": str(revision_of(page.text))}
    )
    assert discarded.status_code == 303 and discarded.headers["location"] == f"{EDIT}?done=discarded"
    assert await drafts.get(editor.hall.services.db, "item", ITEM) is None
    page = await editor.client.get(discarded.headers["location"])
    assert "草稿已放弃" in page.text and "居民身份证到期换领" in page.text
    assert len(await audit.recent(editor.hall.services.db, action="catalog.item.draft.discard")) == 1


# --- new items and bundles ------------------------------------------------------------------------------


async def create(editor: Editor, **values: str) -> tuple[int, str]:
    page = await editor.client.get("/staff/catalog")
    answer = await editor.client.post("/staff/catalog/new", data={"csrf_token": csrf_of(page), **values})
    return answer.status_code, answer.headers.get("location", answer.text)


async def test_a_new_item_is_a_draft_until_it_is_published(editor: Editor) -> None:
    status, text = await create(editor, kind="item", code="bad code", name="", department="", type="")
    assert status == 422
    assert "编码只能由字母" in text and "请填写中文名称" in text and "请选择实施部门" in text
    status, text = await create(editor, kind="item", code=ITEM, name="x", department="GA", type="public_service")
    assert status == 409 and "此编码已被使用" in text

    status, location = await create(
        editor, kind="item", code="GA-NEW-001", name="户籍证明", department="GA", type="public_service"
    )
    assert status == 303 and location == "/staff/catalog/item/GA-NEW-001?done=created"
    listed = await editor.client.get("/staff/catalog", params={"q": "户籍证明"})
    assert "item:GA-NEW-001" in listed.text and "尚未发布" in listed.text
    review, location = await publish(editor, "GA-NEW-001")
    assert "首次发布" in review and "发布为第 1 版" in review
    found = (await editor.hall.services.catalog.current()).item("GA-NEW-001")
    assert found is not None and found.version == 1 and found.name.zh == "户籍证明"


async def test_a_new_item_may_start_from_a_copy(editor: Editor) -> None:
    status, _ = await create(
        editor,
        kind="item",
        code="GA-SFZ-099",
        name="临时身份证",
        department="GA",
        type="administrative_confirmation",
        copy_from=f"{ITEM} 居民身份证到期换领",
    )
    assert status == 303
    document = (await draft_of(editor.hall, "GA-SFZ-099")).document
    assert document["name"] == {"zh": "临时身份证"} and document["code"] == "GA-SFZ-099"
    assert [m["code"] for m in document["materials"]] == ["id_card", "hukou_booklet", "guardian_id"]


async def test_a_new_bundle_gets_its_items_in_order(editor: Editor) -> None:
    status, _ = await create(editor, kind="bundle", code="id-and-hukou", name="证件一次办")
    assert status == 303
    for code in (f"{ITEM} 居民身份证到期换领", "GA-HJ-010"):
        answer = await editor.post_tab("bundle", "id-and-hukou", "items", {"new_item": code}, op="add:items")
        assert answer.status_code == 303
    await editor.post_tab("bundle", "id-and-hukou", "items", op="up:items[1]")
    assert (await draft_of(editor.hall, "id-and-hukou", "bundle")).document["items"] == ["GA-HJ-010", ITEM]
    page = await editor.page("bundle", "id-and-hukou", "items")
    assert "居民身份证到期换领" in page.text
    await publish(editor, "id-and-hukou", "bundle")
    bundle = (await editor.hall.services.catalog.current()).bundle("id-and-hukou")
    assert bundle is not None and [(ref.code, ref.version) for ref in bundle.items] == [("GA-HJ-010", 1), (ITEM, 1)]


# --- preview ------------------------------------------------------------------------------------------------


async def test_the_preview_is_the_kiosks_guide_of_the_draft(editor: Editor) -> None:
    await editor.post_tab("item", ITEM, "basics", {"name.zh": "草稿里的名称"})
    page = await editor.client.get(f"{EDIT}/preview")
    assert page.status_code == 200
    assert f'src="{EDIT}/preview/frame?screen=zh"' in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    frame = await editor.client.get(f"{EDIT}/preview/frame", params={"screen": "en", "elder": "1"})
    assert frame.status_code == 200
    assert "frame-ancestors 'self'" in frame.headers["content-security-policy"]
    assert frame.headers["content-language"] == "en"
    assert "Renew a resident ID card on expiry" in frame.text and "mode-elder" in frame.text
    zh = await editor.client.get(f"{EDIT}/preview/frame")
    assert '<h1 class="guide-title">草稿里的名称</h1>' in zh.text
    # The kiosk still shows the published name.
    assert (await editor.hall.services.catalog.current()).item(ITEM).name.zh == "居民身份证到期换领"  # type: ignore[union-attr]

    bundle = await editor.client.get("/staff/catalog/bundle/newborn/preview/frame")
    assert bundle.status_code == 200 and "出生一件事" in bundle.text
    assert 'href="/staff/catalog/item/WJ-CSYX-001/preview/frame?screen=zh"' in bundle.text


async def test_a_draft_the_import_could_not_read_is_not_previewed(editor: Editor) -> None:
    await editor.post_tab("item", ITEM, "materials", {"materials[0].kind": "paper"})
    page = await editor.client.get(f"{EDIT}/preview")
    assert "暂时无法预览" in page.text and "<iframe" not in page.text
    frame = await editor.client.get(f"{EDIT}/preview/frame")
    assert frame.status_code == 422
