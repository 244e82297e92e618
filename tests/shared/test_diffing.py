"""shared.diffing: the differences staff read when comparing versions and in the audit trail."""

from __future__ import annotations

from shared.diffing import AUDIT_CHANGES, AUDIT_VALUE_CHARS, Change, diff, for_audit


def test_same_documents_have_no_difference() -> None:
    doc = {"tiles": [{"id": "a", "label": {"zh": "甲"}}], "n": 1}
    assert diff(doc, doc) == []


def test_fields_added_removed_and_changed_by_path() -> None:
    before = {"name": {"zh": "旧", "en": "Old"}, "gone": 1}
    after = {"name": {"zh": "新", "en": "Old"}, "new": [1]}
    assert diff(before, after) == [
        Change("name.zh", "changed", "旧", "新"),
        Change("gone", "removed", before=1),
        Change("new", "added", after=[1]),
    ]


def test_a_type_change_is_a_change_even_when_values_compare_equal() -> None:
    assert diff({"x": 1}, {"x": True}) == [Change("x", "changed", 1, True)]


def test_list_entries_with_ids_are_matched_by_id_and_one_move_is_one_move() -> None:
    before = {"tiles": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}]}
    after = {"tiles": [{"id": "b"}, {"id": "c"}, {"id": "d"}, {"id": "a", "icon": "home"}]}
    assert diff(before, after) == [
        Change("tiles[id=a]", "moved", 1, 4),
        Change("tiles[id=a].icon", "added", after="home"),
    ]


def test_entries_matched_by_code_when_they_have_no_id() -> None:
    before = [{"code": "m1", "name": "甲"}, {"code": "m2", "name": "乙"}]
    after = [{"code": "m2", "name": "乙"}, {"code": "m3", "name": "丙"}]
    assert diff(before, after) == [
        Change("[code=m1]", "removed", before={"code": "m1", "name": "甲"}),
        Change("[code=m3]", "added", after={"code": "m3", "name": "丙"}),
    ]


def test_lists_without_a_unique_identity_compare_by_position() -> None:
    assert diff([1, 2], [1, 3, 4]) == [Change("[1]", "changed", 2, 3), Change("[2]", "added", after=4)]
    duplicated = [{"id": "a"}, {"id": "a"}]
    assert diff(duplicated, [{"id": "a"}]) == [Change("[1]", "removed", before={"id": "a"})]


def test_nested_groups_report_the_inner_move_only() -> None:
    before = {"tiles": [{"id": "g", "children": [{"id": "x"}, {"id": "y"}]}, {"id": "z"}]}
    after = {"tiles": [{"id": "g", "children": [{"id": "y"}, {"id": "x"}]}, {"id": "z"}]}
    changes = diff(before, after)
    assert len(changes) == 1 and changes[0].kind == "moved"
    assert changes[0].path in {"tiles[id=g].children[id=x]", "tiles[id=g].children[id=y]"}


def test_the_audit_detail_is_bounded_and_says_how_much_was_cut() -> None:
    long_text = "字" * (AUDIT_VALUE_CHARS + 50)
    before = {f"k{i:03}": 0 for i in range(AUDIT_CHANGES + 10)}
    after = {**{key: 1 for key in before}, "k000": long_text}
    detail = for_audit(diff(before, after))
    assert detail["changes_total"] == AUDIT_CHANGES + 10
    assert len(detail["changes"]) == AUDIT_CHANGES
    first = detail["changes"][0]
    assert first["path"] == "k000" and len(first["after"]) == AUDIT_VALUE_CHARS and first["after"].endswith("…")
    objects = for_audit([Change("t", "added", after={"zh": "甲"})])["changes"][0]
    assert objects["after"] == '{"zh": "甲"}'
    assert for_audit([Change("", "changed", 1, 2)])["changes"][0]["path"] == "/"
