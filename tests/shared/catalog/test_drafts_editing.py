"""The pure helpers of the catalog editor (shared/catalog/editing.py): the import's problems in zh-CN
and English at their place in the document, row operations, simple conditions."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, strategies as st

from shared.catalog import editing
from shared.catalog.importer import single_document_file
from shared.catalog.validation import KnownCodes, Problem, validate_catalog
from tests.conftest import mini_catalog

KNOWN = KnownCodes(
    departments=frozenset({"GA", "WJ", "YB"}),
    categories=frozenset({"zjbl", "birth"}),
    certificate_types=frozenset({"resident_id_card"}),
)


def item() -> dict[str, Any]:
    found: dict[str, Any] = copy.deepcopy(mini_catalog()["items"][0])
    return found


def problems_of(document: dict[str, Any], kind: editing.Kind = "item") -> list[editing.EditProblem]:
    return editing.editor_problems(kind, validate_catalog(single_document_file(kind, document), KNOWN))


@pytest.mark.parametrize(
    ("change", "path", "zh"),
    [
        (lambda d: d.update(promised_days=90), "promised_days", "承诺时限（90 个工作日）超过了法定时限（60 个工作日）"),
        (lambda d: d.update(department="XX"), "department", "没有编码为 XX 的部门"),
        (lambda d: d.update(co_departments=["GA"]), "co_departments[0]", "实施部门不能同时是协办部门"),
        (lambda d: d.update(categories=["nope"]), "categories[0]", "没有编码为 nope 的分类"),
        (lambda d: d.update(case_type="instant"), "promised_days", "即办件当场办结：承诺时限必须为 0"),
        (lambda d: d.pop("visit_reason"), "visit_reason", "需要到现场的事项必须说明到现场的原因"),
        (lambda d: d["materials"][0].update(certificate_type="x"), "materials[0].certificate_type", "没有编码为 x"),
        (lambda d: d["materials"][1].update(code="id_card"), "materials[1].code", "材料编码 id_card 重复"),
        (lambda d: d["materials"][2].update(when={"field": "late"}), "materials[2].when", "条件的写法不对"),
        (
            lambda d: d["materials"][2].update(when={"field": "for_whom", "equals": "dog"}),
            "materials[2].when",
            "dog 不是 for_whom 的选项",
        ),
        (
            lambda d: d["form"]["groups"][0]["fields"][0].pop("options"),
            "form.groups[0].fields[0].options",
            "选择题必须有选项",
        ),
        (lambda d: d["materials"][0].pop("name"), "materials[0].name", "必须填写（name）"),
        (lambda d: d["materials"][0].update(copies="two"), "materials[0].copies", "必须是整数"),
        (lambda d: d["materials"][0].update(kind="paper"), "materials[0].kind", "不是允许的取值"),
        (lambda d: d.update(max_visits=11), "max_visits", "不能大于 10"),
        (lambda d: d.update(legal_days=-1), "legal_days", "不能小于 0"),
        (lambda d: d.update(national_code="ab"), "national_code", "格式不符合要求"),
        (lambda d: d.update(colour="red"), "", "含有目录格式中没有的项"),
        (lambda d: d["name"].update(zh=""), "name.zh", "不能为空"),
    ],
)
def test_every_problem_is_in_chinese_at_its_place_with_the_imports_english(change: Any, path: str, zh: str) -> None:
    document = item()
    change(document)
    found = problems_of(document)
    assert found, "the change must be refused"
    here = [problem for problem in found if problem.path == path]
    assert here, [problem.path for problem in found]
    assert zh in here[0].message.zh
    # The English is the import's own message, word for word.
    imported = validate_catalog(single_document_file("item", document), KNOWN)
    assert here[0].message.en in {problem.message for problem in imported}


def test_a_message_the_editor_does_not_know_keeps_the_english_and_says_so() -> None:
    (found,) = editing.editor_problems("item", [Problem("items[0].x", "something new")])
    assert found.message.en == "something new" and "英文" in found.message.zh


def test_a_problem_finds_the_nearest_place_the_page_shows() -> None:
    anchors = {"materials[1]", "materials[1].name", "name"}
    assert editing.anchor_for("materials[1].name.zh", anchors) == "materials[1].name"
    assert editing.anchor_for("materials[1].shared_data.note.zh", anchors) == "materials[1]"
    assert editing.anchor_for("steps[0].title", anchors) == ""
    assert editing.anchor_for("not a path!", anchors) == ""


@given(st.lists(st.one_of(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), st.integers(0, 99)), min_size=1))
def test_paths_read_back(parts: list[str | int]) -> None:
    if isinstance(parts[0], int):
        parts = ["root", *parts]
    assert editing.parse_path(editing.join_path(parts)) == parts


def test_rows_are_added_empty_moved_and_removed() -> None:
    document = item()
    codes = [m["code"] for m in document["materials"]]
    index = editing.add_row(document, "materials", editing.new_row(document, "materials"))
    assert document["materials"][index] == {"code": "material_1", "kind": "original"}  # nothing made up
    assert editing.move_row(document, "materials", index, -1) == index - 1
    assert [m["code"] for m in document["materials"]] == [*codes[:-1], "material_1", codes[-1]]
    assert editing.move_row(document, "materials", 0, -1) == 0  # the top stays the top
    editing.remove_row(document, "materials", index - 1)
    assert [m["code"] for m in document["materials"]] == codes
    with pytest.raises(LookupError):
        editing.remove_row(document, "materials", 99)

    field_index = editing.add_row(document, "form.groups[1].fields", editing.new_row(document, "form.groups[1].fields"))
    added = document["form"]["groups"][1]["fields"][field_index]
    assert added["code"] == "field_1" and added["type"] == "text"
    group = editing.new_row(document, "form.groups")
    assert group["code"] == "group_1" and group["fields"][0]["code"] == "field_2"
    fresh: dict[str, Any] = {"code": "x"}
    editing.add_row(fresh, "fees", editing.new_row(fresh, "fees"))
    assert fresh["fees"] == [{"amount_fen": 0}]


def test_only_the_editors_lists_take_row_operations() -> None:
    assert editing.row_list_allowed("item", "form.groups[3].fields")
    assert editing.row_list_allowed("bundle", "items")
    assert not editing.row_list_allowed("item", "items")
    assert not editing.row_list_allowed("item", "steps")


@pytest.mark.parametrize(
    "when",
    [
        {"field": "for_whom", "equals": "child"},
        {"field": "reason", "in": ["loss", "damage"]},
        {"field": "mailing_address", "answered": True},
        {"field": "mailing_address", "answered": False},
    ],
)
def test_simple_conditions_read_back(when: dict[str, Any]) -> None:
    simple = editing.simple_condition(when)
    assert simple is not None
    assert editing.build_condition(simple.field, simple.op, simple.value) == when


def test_numbers_compare_as_numbers_and_combined_conditions_are_not_simple() -> None:
    assert editing.build_condition("age", "equals", "16", numeric=True) == {"field": "age", "equals": 16}
    assert editing.build_condition("age", "in", "16，18", numeric=True) == {"field": "age", "in": [16, 18]}
    assert editing.build_condition("", "equals", "x") is None
    assert editing.simple_condition({"all": [{"field": "a", "equals": "b"}]}) is None
    assert editing.simple_condition({"field": "a", "equals": True}) is None
