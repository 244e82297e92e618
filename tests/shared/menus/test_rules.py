"""The menu rules (shared/menus/rules.py): every refusal, the draft/publish split, all problems at once."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from shared.menus.model import ACTIONS, MAX_TILES_PER_LEVEL, PALETTE, MenuDocument
from shared.menus.rules import MenuRefused, check_document, check_or_raise, structure_problems, tile_available
from shared.web.icons import ICONS, TILE_ICONS
from tests.shared.menus.support import (
    AT_KIOSK,
    NOT_AT_KIOSK,
    RETIRED,
    document,
    group,
    snapshot,
    tile,
)

SNAPSHOT = snapshot()


def codes(doc: Any) -> list[tuple[str, str]]:
    return [(problem.path, problem.code) for problem in check_document(doc, SNAPSHOT)]


def test_a_good_menu_has_no_problems() -> None:
    doc = document(
        tile("item", AT_KIOSK, icon="id-card", colour="blue"),
        tile("item", "GA-HJ-010"),  # the catalog does not say whether kiosks offer it: shown
        tile("bundle", "newborn", colour="orange"),
        tile("category", "zjbl", icon="id-card"),
        group(tile("action", "track"), group(tile("action", "search"), colour="slate"), icon="grid"),
    )
    assert check_document(doc, SNAPSHOT) == []
    check_or_raise(doc, SNAPSHOT)


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (None, [("tiles", "document")]),
        ([], [("tiles", "document")]),
        ({"tiles": {}}, [("tiles", "document")]),
        ({"tiles": [], "extra": 1}, [("tiles", "document")]),
        ({"tiles": ["a tile?"]}, [("tiles[0]", "tile")]),
        (document(tile("item", AT_KIOSK, id="T-1")), [("tiles[0].id", "tile_id")]),
        (
            document(tile("item", AT_KIOSK, id="t-1"), tile("item", AT_KIOSK, id="t-1")),
            [("tiles[1].id", "duplicate_id")],
        ),
        (document(tile("item", AT_KIOSK, style="big")), [("tiles[0]", "unknown_field")]),
        (document(tile("widget", AT_KIOSK)), [("tiles[0].kind", "kind")]),
        (document(tile("item", AT_KIOSK, label="证件")), [("tiles[0].label", "label")]),
        (document(tile("item", AT_KIOSK, label={"zh": "证件"})), [("tiles[0].label", "label")]),
        (document(tile("item", AT_KIOSK, label={"zh": "", "en": "IDs"})), [("tiles[0].label.zh", "label_zh")]),
        (document(tile("item", AT_KIOSK, label={"zh": "证" * 17, "en": "IDs"})), [("tiles[0].label.zh", "label_zh")]),
        (document(tile("item", AT_KIOSK, label={"zh": "证件", "en": " "})), [("tiles[0].label.en", "label_en")]),
        (document(tile("item", AT_KIOSK, label={"zh": "证件", "en": "x" * 33})), [("tiles[0].label.en", "label_en")]),
        (document(tile("item", AT_KIOSK, icon="unicorn")), [("tiles[0].icon", "icon")]),
        (document(tile("item", AT_KIOSK, icon=7)), [("tiles[0].icon", "icon")]),
        (document(tile("item", AT_KIOSK, colour="pink")), [("tiles[0].colour", "colour")]),
        (document(tile("item", None)), [("tiles[0].target", "target")]),
        (document(tile("item", "  ")), [("tiles[0].target", "target")]),
        (document(tile("item", AT_KIOSK, children=[])), [("tiles[0].children", "children")]),
        (
            document(tile("group", target="zjbl", children=[tile("action", "track")])),
            [("tiles[0].target", "group_target")],
        ),
        (document(tile("group", children=None)), [("tiles[0].children", "children")]),
        (document(group()), [("tiles[0].children", "empty_group")]),
        (document(tile("action", "dance")), [("tiles[0].target", "unknown_action")]),
        (document(tile("item", "NO-SUCH-001")), [("tiles[0].target", "unknown_item")]),
        (document(tile("item", RETIRED)), [("tiles[0].target", "retired_item")]),
        (document(tile("item", NOT_AT_KIOSK)), [("tiles[0].target", "not_at_kiosk")]),
        (document(tile("bundle", "no-such")), [("tiles[0].target", "unknown_bundle")]),
        (document(tile("bundle", "gone")), [("tiles[0].target", "retired_bundle")]),
        (document(tile("bundle", "mixed")), [("tiles[0].target", "bundle_not_at_kiosk")]),
        (document(tile("category", "no-such")), [("tiles[0].target", "unknown_category")]),
        (
            document(group(group(group(tile("action", "track"))))),
            [("tiles[0].children[0].children[0].children", "too_deep")],
        ),
        (document(*[tile("action", "track") for _ in range(MAX_TILES_PER_LEVEL + 1)]), [("tiles", "too_many")]),
        (
            document(group(*[tile("action", "track") for _ in range(MAX_TILES_PER_LEVEL + 1)])),
            [("tiles[0].children", "too_many")],
        ),
    ],
)
def test_each_refusal(doc: Any, expected: list[tuple[str, str]]) -> None:
    assert codes(doc) == expected


def test_a_tile_at_depth_three_is_fine_and_a_group_there_may_not_hold_tiles() -> None:
    assert codes(document(group(group(tile("action", "track"))))) == []
    # An empty group at the third level is too deep only once it holds something; empty, it is empty.
    assert codes(document(group(group(group())))) == [("tiles[0].children[0].children[0].children", "empty_group")]


def test_every_problem_is_listed_at_once_with_its_tile() -> None:
    bad_label = tile("item", AT_KIOSK, label={"zh": "", "en": "x" * 40})
    nested = tile("item", RETIRED)
    doc = document(bad_label, group(nested, tile("action", "dance")), tile("category", "nope", colour="pink"))
    problems = check_document(doc, SNAPSHOT)
    assert [(p.path, p.code) for p in problems] == [
        ("tiles[0].label.zh", "label_zh"),
        ("tiles[0].label.en", "label_en"),
        ("tiles[1].children[0].target", "retired_item"),
        ("tiles[1].children[1].target", "unknown_action"),
        ("tiles[2].colour", "colour"),
        ("tiles[2].target", "unknown_category"),
    ]
    assert problems[2].tile_id == nested["id"] and problems[0].tile_id == bad_label["id"]
    # zh and en, and the retired item's catalog name (never what the editor typed).
    assert "已停止办理" in problems[2].message.zh and problems[2].message.en
    with pytest.raises(MenuRefused) as refused:
        check_or_raise(doc, SNAPSHOT)
    assert refused.value.status == 422
    assert [p.path for p in refused.value.problems] == [p.path for p in problems]
    assert refused.value.menu_problems == problems


def test_a_draft_is_checked_for_shape_only() -> None:
    """Work in progress is saved: an empty group or a retired item waits for publishing."""
    work_in_progress = document(group(), tile("item", RETIRED), tile("item", AT_KIOSK, label={"zh": "", "en": ""}))
    assert structure_problems(work_in_progress) == []
    assert {p.code for p in check_document(work_in_progress, SNAPSHOT)} == {
        "empty_group",
        "retired_item",
        "label_zh",
        "label_en",
    }
    assert [p.code for p in structure_problems(document(tile("widget", "x")))] == ["kind"]


def test_a_duplicate_id_does_not_hide_the_tile_s_other_problems() -> None:
    doc = document(tile("item", AT_KIOSK, id="t-a"), tile("item", RETIRED, id="t-a"))
    assert codes(doc) == [("tiles[1].id", "duplicate_id"), ("tiles[1].target", "retired_item")]


def test_the_palette_icons_and_actions_are_known() -> None:
    assert set(PALETTE) == {"blue", "teal", "green", "orange", "red", "purple", "slate"}
    assert set(TILE_ICONS) <= set(ICONS.values()) and "passport" in TILE_ICONS
    assert set(ACTIONS) == {"track", "search", "my_applications", "feedback", "access_log", "queue_ticket"}
    assert ACTIONS["access_log"].route == "me_access"
    for colour in PALETTE:
        assert codes(document(tile("action", "track", colour=colour))) == []
    for icon in ICONS:
        assert codes(document(tile("action", "track", icon=icon))) == []


def test_availability_follows_today_s_catalog() -> None:
    parsed = MenuDocument.from_dict(
        document(
            tile("item", AT_KIOSK, id="t-1"),
            tile("item", RETIRED, id="t-2"),
            group(tile("item", NOT_AT_KIOSK), id="t-3"),
            group(tile("item", NOT_AT_KIOSK), tile("category", "zjbl"), id="t-4"),
            tile("bundle", "mixed", id="t-5"),
            tile("bundle", "newborn", id="t-6"),
        )
    )
    shown = [t.id for t in parsed.tiles if tile_available(t, SNAPSHOT)]
    assert shown == ["t-1", "t-4", "t-6"]
    assert parsed.find("t-4") is not None and parsed.find("t-99") is None


# Any JSON the editor might send: the shape check never raises, it answers with problems.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["tiles", "id", "kind", "label", "target", "children", "zh", "en", "icon", "colour"]),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_gets_problems_never_an_exception(value: Any) -> None:
    problems = check_document(value, SNAPSHOT)
    assert all(p.message.zh and p.message.en for p in problems)
    if not structure_problems(value):
        MenuDocument.from_dict(value)  # a draft that passed the shape check can be parsed
