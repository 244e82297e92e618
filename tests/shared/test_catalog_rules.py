"""The pure catalog rules, without a server: labels, conditions, answers, bundles."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, strategies as st
from stdnum.cn import ric

from shared.catalog.labels import Label, derive_labels
from shared.catalog.model import ServiceItem
from shared.catalog.rules import (
    applicable_fees,
    checklist,
    evaluate,
    merge_bundle,
    validate_answers,
    visible_fields,
)
from tests.conftest import mini_catalog

TODAY = dt.date(2026, 11, 21)


def item(code: str) -> ServiceItem:
    doc = next(i for i in mini_catalog()["items"] if i["code"] == code)
    return ServiceItem.from_document(doc, 1)


# --- labels -----------------------------------------------------------------------------


def labels(**kwargs: Any) -> set[Label]:
    base: dict[str, Any] = {"case_type": None, "max_visits": None, "online": None, "kiosk": None, "place_levels": ()}
    base.update(kwargs)
    return set(derive_labels(**base))


def test_labels_are_derived_from_the_elements() -> None:
    assert labels(case_type="instant") == {Label.IMMEDIATE}
    assert labels(online=True, max_visits=0) == {Label.ONLINE, Label.ONE_TRIP}
    assert labels(online=True, max_visits=1) == {Label.ONE_TRIP}  # online but one trip: not 网上办
    assert labels(kiosk=True) == {Label.NEARBY}
    assert labels(place_levels=["city", "community"]) == {Label.NEARBY}
    assert labels(place_levels=["city"]) == set()
    assert labels(max_visits=2) == set()


def test_missing_elements_give_no_label() -> None:
    assert labels() == set()
    assert labels(online=True) == set()  # max_visits not provided: we do not guess 网上办


@given(
    case_type=st.sampled_from([None, "instant", "commitment"]),
    max_visits=st.one_of(st.none(), st.integers(0, 10)),
    online=st.one_of(st.none(), st.booleans()),
    kiosk=st.one_of(st.none(), st.booleans()),
    levels=st.lists(st.sampled_from([None, "city", "district", "street", "community"]), max_size=3),
)
def test_label_rules_hold_for_every_combination(
    case_type: str | None, max_visits: int | None, online: bool | None, kiosk: bool | None, levels: list[str | None]
) -> None:
    found = labels(case_type=case_type, max_visits=max_visits, online=online, kiosk=kiosk, place_levels=levels)
    assert (Label.IMMEDIATE in found) == (case_type == "instant")
    assert (Label.ONLINE in found) == (online is True and max_visits == 0)
    assert (Label.ONE_TRIP in found) == (max_visits is not None and max_visits <= 1)
    assert (Label.NEARBY in found) == (kiosk is True or any(lv in {"street", "community"} for lv in levels))
    if Label.ONLINE in found:
        assert Label.ONE_TRIP in found


def test_item_labels_come_from_its_document() -> None:
    assert item("GA-SFZ-002").labels == (Label.NEARBY, Label.ONE_TRIP)
    assert item("GA-HJ-010").labels == ()


# --- conditions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "answers", "expected"),
    [
        (None, {}, True),
        ({"field": "a", "equals": "x"}, {"a": "x"}, True),
        ({"field": "a", "equals": "x"}, {"a": "y"}, False),
        ({"field": "a", "equals": "x"}, {}, False),
        ({"field": "a", "equals": 3}, {"a": "3"}, True),  # kiosk forms post strings
        ({"field": "a", "equals": 3}, {"a": "three"}, False),
        ({"field": "a", "equals": True}, {"a": "true"}, True),
        ({"field": "a", "equals": True}, {"a": False}, False),
        ({"field": "a", "in": ["x", "y"]}, {"a": "y"}, True),
        ({"field": "a", "in": ["x", "y"]}, {"a": ""}, False),
        ({"field": "a", "answered": True}, {"a": " "}, False),
        ({"field": "a", "answered": False}, {}, True),
        ({"all": [{"field": "a", "equals": "x"}, {"field": "b", "equals": "y"}]}, {"a": "x", "b": "y"}, True),
        ({"all": [{"field": "a", "equals": "x"}, {"field": "b", "equals": "y"}]}, {"a": "x"}, False),
        ({"any": [{"field": "a", "equals": "x"}, {"field": "b", "equals": "y"}]}, {"b": "y"}, True),
        ({"not": {"field": "a", "equals": "x"}}, {"a": "x"}, False),
    ],
)
def test_evaluate(condition: Any, answers: dict[str, Any], expected: bool) -> None:
    assert evaluate(condition, answers) is expected


def test_situation_answers_turn_the_list_into_a_personal_checklist() -> None:
    sfz = item("GA-SFZ-002")
    for_self = [e.material.code for e in checklist(sfz.materials, {"for_whom": "self"})]
    for_child = [e.material.code for e in checklist(sfz.materials, {"for_whom": "child"})]
    assert for_self == ["id_card", "hukou_booklet"]
    assert for_child == ["id_card", "hukou_booklet", "guardian_id"]
    assert [f.code for f in visible_fields(sfz.form, {"for_whom": "child"})][:2] == ["for_whom", "guardian_name"]
    assert "guardian_name" not in [f.code for f in visible_fields(sfz.form, {"for_whom": "self"})]


def test_fees_depend_on_answers_and_not_provided_stays_none() -> None:
    sfz = item("GA-SFZ-002")
    window = applicable_fees(sfz.fees, {"delivery": "window"})
    mail = applicable_fees(sfz.fees, {"delivery": "mail"})
    assert window is not None and mail is not None
    assert sum(f.amount_fen for f in window) == 2000
    assert sum(f.amount_fen for f in mail) == 3200
    assert applicable_fees(item("GA-HJ-010").fees, {}) is None
    assert applicable_fees(item("WJ-CSYX-001").fees, {}) == []


# --- answers ------------------------------------------------------------------------------

VALID = {
    "for_whom": "self",
    "applicant_name": "张三",
    "applicant_id_number": "11010519491231002X",
    "applicant_phone": "13800138000",
    "delivery": "window",
}


def test_valid_answers_pass_and_are_cleaned() -> None:
    result = validate_answers(item("GA-SFZ-002").form, {**VALID, "applicant_id_number": " 11010519491231002x "}, TODAY)
    assert result.ok, result.problems
    assert result.answers["applicant_id_number"] == "11010519491231002X"


def test_an_id_number_from_a_county_newer_than_any_table_is_an_answer_not_a_crash() -> None:
    body = "33011319900101123"  # 330113 (a Hangzhou district): python-stdnum raised KeyError on it
    number = body + ric.calc_check_digit(body + "0")
    result = validate_answers(item("GA-SFZ-002").form, {**VALID, "applicant_id_number": number}, TODAY)
    assert result.ok, result.problems


def test_every_problem_is_listed_at_once() -> None:
    answers = {
        "for_whom": "child",
        "applicant_name": "张",
        "applicant_id_number": "110105194912310021",
        "applicant_phone": "1380013800",
        "delivery": "mail",
        "stray": "x",
    }
    result = validate_answers(item("GA-SFZ-002").form, answers, TODAY)
    assert {(p.path, p.code) for p in result.problems} == {
        ("answers.stray", "unknown_field"),
        ("answers.guardian_name", "required"),
        ("answers.applicant_name", "too_short"),
        ("answers.applicant_id_number", "id_number"),
        ("answers.applicant_phone", "phone"),
        ("answers.mailing_address", "required"),
    }
    short = next(p for p in result.problems if p.code == "too_short")
    assert short.message.zh == "至少需要 2 个字。" and short.message.en == "Enter at least 2 characters."


def test_partial_drafts_skip_required_but_not_format() -> None:
    result = validate_answers(item("GA-SFZ-002").form, {"applicant_phone": "abc"}, TODAY, partial=True)
    assert [p.code for p in result.problems] == ["phone"]


def test_answers_to_hidden_fields_are_dropped() -> None:
    answers = {**VALID, "guardian_name": "李四"}  # was "child", switched back to "self"
    result = validate_answers(item("GA-SFZ-002").form, answers, TODAY)
    assert result.ok
    assert "guardian_name" not in result.answers


def test_id_number_area_and_birth_date_are_checked() -> None:
    form = item("GA-SFZ-002").form

    def with_check(body: str) -> str:
        return body + ric.calc_check_digit(body + "0")

    unknown_area = with_check("99999919900307123")
    future_birth = with_check("11010520300307123")
    impossible_date = with_check("11010519900230123")
    for number in (unknown_area, future_birth, impossible_date):
        result = validate_answers(form, {**VALID, "applicant_id_number": number}, TODAY)
        assert [p.code for p in result.problems] == ["id_number"], number


def test_dates_and_numbers() -> None:
    csyx = item("WJ-CSYX-001")
    base = {"applicant_name": "王五", "applicant_id_number": "11010519491231002X", "baby_name": "王小五"}
    assert validate_answers(csyx.form, {**base, "birth_date": "2026-11-20"}, TODAY).ok
    future = validate_answers(csyx.form, {**base, "birth_date": "2026-11-22"}, TODAY)
    assert [p.code for p in future.problems] == ["date_too_late"]
    bad = validate_answers(csyx.form, {**base, "birth_date": "20/11/2026"}, TODAY)
    assert [p.code for p in bad.problems] == ["date"]
    yb = item("YB-CB-003")
    ok = {"baby_name": "王小五", "applicant_phone": "0571-88886666"}
    assert validate_answers(yb.form, {**ok, "monthly_income": "5000"}, TODAY).answers["monthly_income"] == 5000
    for value, code in (("-1", "too_small"), ("abc", "number"), ("nan", "number"), (True, "number")):
        problems = validate_answers(yb.form, {**ok, "monthly_income": value}, TODAY).problems
        assert [p.code for p in problems] == [code], value


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2026, 1, 1)), st.integers(0, 999))
def test_any_gb11643_number_passes_and_any_changed_check_digit_fails(birth: dt.date, order: int) -> None:
    body = f"110105{birth:%Y%m%d}{order:03d}"
    number = body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit
    form = item("GA-SFZ-002").form
    assert validate_answers(form, {**VALID, "applicant_id_number": number}, TODAY).ok
    wrong = next(c for c in "0123456789X" if c != number[-1])
    result = validate_answers(form, {**VALID, "applicant_id_number": body + wrong}, TODAY)
    assert [p.code for p in result.problems] == ["id_number"]
    assert number[:10] not in result.problems[0].message.zh  # never echoes the number


# --- bundles ------------------------------------------------------------------------------


def test_bundle_asks_shared_fields_and_materials_once() -> None:
    merged = merge_bundle([item("WJ-CSYX-001"), item("YB-CB-003")])
    codes = [f.code for g in merged.groups for f in g.fields]
    assert len(codes) == len(set(codes))
    assert codes.count("baby_name") == 1
    assert [g.code for g in merged.groups] == ["WJ-CSYX-001.applicant", "YB-CB-003.baby"]
    assert merged.promised_days == 3 and merged.max_visits == 0


def test_bundle_material_merge_keeps_the_strictest() -> None:
    sfz, csyx = item("GA-SFZ-002"), item("WJ-CSYX-001")
    merged = merge_bundle([csyx, sfz])
    by_code = {e.material.code: e for e in merged.materials}
    assert by_code["id_card"].item_codes == ("WJ-CSYX-001", "GA-SFZ-002")
    assert by_code["id_card"].material.copies == 2
    assert by_code["id_card"].material.required
    assert by_code["guardian_id"].material.when == {"field": "for_whom", "equals": "child"}
    assert merged.promised_days == 20  # the slowest item
    assert merge_bundle([csyx, sfz], promised_days=10).promised_days == 10


def test_bundle_with_an_unknown_limit_has_an_unknown_limit() -> None:
    merged = merge_bundle([item("GA-HJ-010"), item("WJ-CSYX-001")])
    assert merged.promised_days is None and merged.max_visits is None
