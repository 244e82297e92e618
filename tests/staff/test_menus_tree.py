"""The editor's pure pieces: tree edits (kiosk/staff/views/menus_tree.py) and the marks of a
comparison (menus_compare.py)."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, strategies as st

from kiosk.staff.views import menus_tree as tree
from kiosk.staff.views.menus_compare import compare
from kiosk.staff.views.menus_side import fit
from shared.errors import BadRequest, NotFound
from shared.menus.rules import structure_problems
from tests.staff.menus_support import sample_document


def ids(document: dict, parent: str | None = None) -> list[str]:
    tiles = document["tiles"] if parent is None else tree.find(document, parent)[0]["children"]  # type: ignore[index]
    return [t["id"] for t in tiles]


def test_moves_return_a_new_document_and_keep_the_old_one() -> None:
    document = sample_document()
    kept = copy.deepcopy(document)
    moved = tree.move_up(document, "t-b2")
    assert ids(moved) == ["t-b2", "t-a1", "t-c3", "t-f6"]
    assert document == kept


def test_up_down_into_and_out_of_groups() -> None:
    document = sample_document()
    assert ids(tree.move_down(document, "t-a1")) == ["t-b2", "t-a1", "t-c3", "t-f6"]
    assert ids(tree.move_up(document, "t-a1")) == ids(document)  # already first: stays
    assert tree.group_above(document, "t-f6") == "t-c3" and tree.group_above(document, "t-b2") is None
    inside = tree.move_into_group_above(document, "t-f6")
    assert ids(inside, "t-c3") == ["t-d4", "t-e5", "t-f6"]
    out = tree.move_out_of_group(inside, "t-d4")
    assert ids(out) == ["t-a1", "t-b2", "t-c3", "t-d4"]
    with pytest.raises(BadRequest):
        tree.move_into_group_above(document, "t-b2")
    with pytest.raises(BadRequest):
        tree.move_out_of_group(document, "t-a1")


def test_a_group_cannot_go_into_itself_and_unknown_tiles_are_not_found() -> None:
    document = sample_document()
    with pytest.raises(BadRequest):
        tree.move(document, "t-c3", "t-c3", 0)
    with pytest.raises(BadRequest):
        tree.move(document, "t-a1", "t-b2", 0)  # not a group
    with pytest.raises(NotFound):
        tree.move(document, "t-zz", None, 0)
    with pytest.raises(NotFound):
        tree.remove(document, "t-zz")


def test_problem_paths_lead_to_their_tile() -> None:
    document = sample_document()
    assert tree.tile_at(document, "tiles[2].children[1].target") == "t-e5"
    assert tree.tile_at(document, "tiles[0].label.zh") == "t-a1"
    assert tree.tile_at(document, "tiles[9]") is None
    assert tree.tile_at(document, "tiles") is None


def test_new_ids_follow_the_rules_and_are_unused() -> None:
    document = sample_document()
    new = tree.new_tile_id(document)
    added = tree.put(document, {"id": new, "kind": "action", "target": "track", "label": {"zh": "查", "en": "T"}}, None)
    assert structure_problems(added) == []
    assert new not in ids(document) and ids(added)[-1] == new


MOVES = st.lists(
    st.tuples(
        st.sampled_from(["t-a1", "t-b2", "t-c3", "t-d4", "t-e5", "t-f6"]),
        st.sampled_from([None, "t-c3"]),
        st.integers(0, 6),
    ),
    max_size=12,
)


@given(MOVES)
def test_any_moves_keep_every_tile_exactly_once(moves: list[tuple[str, str | None, int]]) -> None:
    document = sample_document()
    for tile_id, parent, index in moves:
        try:
            document = tree.move(document, tile_id, parent, index)
        except BadRequest:
            assert parent == tile_id
    everything = sorted(t["id"] for t, _place in tree.walk(document))
    assert everything == ["t-a1", "t-b2", "t-c3", "t-d4", "t-e5", "t-f6"]
    assert structure_problems(document) == []


def test_compare_marks_each_side() -> None:
    before = sample_document()
    after = tree.move_up(before, "t-f6")
    after = tree.remove(after, "t-b2")
    after = tree.move_out_of_group(after, "t-e5")
    after["tiles"][0]["label"] = {"zh": "身份证", "en": "ID card"}
    result = compare(before, after)
    assert result.before["t-b2"] == ["removed"] and "t-b2" not in result.after
    assert "moved" in result.after["t-f6"] and "moved" in result.after["t-e5"]
    assert result.after["t-a1"] == ["changed"] == result.before["t-a1"]
    assert "t-d4" not in result.after
    changed = [line for line in result.lines if line.mark == "changed"]
    assert {(line.field, line.before, line.after) for line in changed} == {
        ("label.zh", "身份证换领", "身份证"),
        ("label.en", "ID card renewal", "ID card"),
    }
    assert compare(before, before).same


def test_a_long_name_is_cut_after_a_whole_word() -> None:
    assert fit("First issue of a birth medical certificate", 32) == "First issue of a birth medical"
    assert fit("出生医学证明首次签发", 16) == "出生医学证明首次签发"
    assert fit("新生儿城乡居民医保参保登记与变更等等事项", 16) == "新生儿城乡居民医保参保登记与变更"
