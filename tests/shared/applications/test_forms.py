"""The form engine's pure rules: visibility, the pre-submission check, coverage, delivery, masking."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from hypothesis import given, settings, strategies as st

from shared.applications import forms
from shared.applications.forms import FormDefinition, bundle_definition, item_definition, presubmission_problems
from shared.catalog.model import ServiceItem
from shared.catalog.rules import is_answered
from shared.i18n import Text
from shared.privacy.masking import contains_personal_number
from tests.conftest import mini_catalog
from tests.pii import ID_ZHANG, PHONE_ZHANG

TODAY = dt.date(2026, 11, 21)


def item(code: str) -> ServiceItem:
    doc = next(i for i in mini_catalog()["items"] if i["code"] == code)
    return ServiceItem.from_document(doc, 1)


@dataclass(frozen=True)
class Cert:
    type_code: str
    id: str = "c_1"


@dataclass(frozen=True)
class File:
    material_code: str


ID_CARD = item("GA-SFZ-002")
BIRTH = item("WJ-CSYX-001")
INSURANCE = item("YB-CB-003")
COMPLETE_SELF = {
    "for_whom": "self",
    "applicant_name": "张三",
    "applicant_id_number": ID_ZHANG,
    "applicant_phone": PHONE_ZHANG,
    "delivery": "window",
}


def paths(problems: list[Any]) -> list[str]:
    return [p.path for p in problems]


# --- visibility by situation answers ----------------------------------------------------------


def test_situation_answer_shows_the_child_questions_and_materials() -> None:
    definition = item_definition(ID_CARD)
    self_view = forms.build_view(definition, COMPLETE_SELF, {}, [], [], "window", None, TODAY)
    child_view = forms.build_view(definition, {**COMPLETE_SELF, "for_whom": "child"}, {}, [], [], "window", None, TODAY)

    def field_codes(view: forms.FormView) -> set[str]:
        return {fv.field.code for _, fields in view.groups for fv in fields}

    assert "guardian_name" not in field_codes(self_view)
    assert "guardian_name" in field_codes(child_view)
    assert "guardian_id" not in {m.code for m in self_view.materials}
    assert "guardian_id" in {m.code for m in child_view.materials}
    # The child's extra question and material are now missing, and said so.
    assert {"answers.guardian_name", "materials.guardian_id"} <= set(paths(child_view.problems))


def test_mail_delivery_question_asks_for_an_address() -> None:
    definition = item_definition(ID_CARD)
    problems = presubmission_problems(
        definition, {**COMPLETE_SELF, "delivery": "mail"}, [Cert("resident_id_card")], [], None, None, TODAY
    )
    # Said once, next to the question: not again as a delivery problem.
    assert paths(problems) == ["answers.mailing_address"]


def test_optional_address_question_becomes_required_by_mail() -> None:
    from dataclasses import replace

    groups = tuple(
        replace(g, fields=tuple(replace(f, required=False) if f.code == "mailing_address" else f for f in g.fields))
        for g in ID_CARD.form
    )
    definition = replace(item_definition(ID_CARD), groups=groups)
    answers = {**COMPLETE_SELF, "delivery": "mail"}
    problems = presubmission_problems(definition, answers, [Cert("resident_id_card")], [], None, None, TODAY)
    assert [(p.path, p.code) for p in problems] == [("answers.mailing_address", "required")]
    assert "邮寄地址" in problems[0].message.zh


# --- the check lists everything at once ----------------------------------------------------------


def test_an_empty_application_lists_every_problem_at_once() -> None:
    definition = item_definition(ID_CARD)
    problems = presubmission_problems(definition, {}, [], [], None, None, TODAY)
    assert paths(problems) == [
        "answers.for_whom",
        "answers.applicant_name",
        "answers.applicant_id_number",
        "answers.applicant_phone",
        "answers.delivery",
        "materials.id_card",
        "delivery.method",
    ]
    # hukou_booklet is covered by shared data: never asked for.
    assert all(p.message.zh and p.message.en for p in problems)
    material = next(p for p in problems if p.path == "materials.id_card")
    assert material.code == "missing"
    assert "居民身份证" in material.message.zh and "Resident ID card" in (material.message.en or "")


def test_invalid_answers_are_listed_with_the_missing_ones() -> None:
    definition = item_definition(ID_CARD)
    answers = {**COMPLETE_SELF, "applicant_id_number": "110105199003071230", "applicant_phone": "12345"}
    answers.pop("applicant_name")
    problems = presubmission_problems(definition, answers, [], [File("id_card")], "window", None, TODAY)
    assert [(p.path, p.code) for p in problems] == [
        ("answers.applicant_name", "required"),
        ("answers.applicant_id_number", "id_number"),
        ("answers.applicant_phone", "phone"),
    ]
    assert not contains_personal_number(json.dumps([p.message.as_dict() for p in problems], ensure_ascii=False))


def test_complete_application_has_no_problem() -> None:
    definition = item_definition(ID_CARD)
    assert presubmission_problems(definition, COMPLETE_SELF, [], [File("id_card")], "window", None, TODAY) == []


# --- wallet and shared data -------------------------------------------------------------------


def test_wallet_certificate_covers_a_material_and_names_it() -> None:
    definition = item_definition(ID_CARD)
    cert = Cert("resident_id_card", "c_42")
    assert presubmission_problems(definition, COMPLETE_SELF, [cert], [], "window", None, TODAY) == []
    view = forms.build_view(definition, COMPLETE_SELF, {}, [cert], [], "window", None, TODAY)  # type: ignore[list-item]
    shown = {m.code: m for m in view.materials}
    assert shown["id_card"].status == "certificate" and shown["id_card"].certificate is cert  # type: ignore[comparison-overlap]
    assert (shown["hukou_booklet"].status, shown["hukou_booklet"].shared_department) == ("shared_data", "GA")
    assert shown["hukou_booklet"].certificate is None
    assert view.ready


def test_certificate_of_another_type_does_not_cover() -> None:
    definition = item_definition(ID_CARD)
    problems = presubmission_problems(definition, COMPLETE_SELF, [Cert("hukou")], [], "window", None, TODAY)
    assert paths(problems) == ["materials.id_card"]


def test_optional_material_is_not_missing() -> None:
    definition = item_definition(BIRTH)
    answers = {
        "applicant_name": "张三",
        "applicant_id_number": ID_ZHANG,
        "baby_name": "张小宝",
        "birth_date": "2026-11-01",
    }
    problems = presubmission_problems(definition, answers, [Cert("resident_id_card")], [], "electronic", None, TODAY)
    assert problems == []
    view = forms.build_view(definition, answers, {}, [], [], "electronic", None, TODAY)
    assert {m.code: m.status for m in view.materials} == {"id_card": "missing", "marriage_certificate": "optional"}
    view = forms.build_view(definition, answers, {}, [], [File("marriage_certificate")], "electronic", None, TODAY)  # type: ignore[list-item]
    assert {m.code: m.status for m in view.materials}["marriage_certificate"] == "uploaded"


def test_material_status_prefers_certificate_to_shared_data_to_upload() -> None:
    from shared.catalog.model import Material, SharedData

    both = Material("m", Text("材料", "Material"), "copy", 1, True, None, "hukou", SharedData("GA", None), None)
    assert forms.material_status(both, [Cert("hukou")], 1) == "certificate"
    assert forms.material_status(both, [], 1) == "shared_data"
    plain = Material("m", Text("材料"), "copy", 1, True, None, None, None, None)
    assert forms.material_status(plain, [], 2) == "uploaded"
    assert forms.material_status(plain, [], 0) == "missing"
    # A catalog without English names still gets an English sentence.
    assert forms.missing_text(plain).en == "Please provide this material: 材料."


# --- delivery ----------------------------------------------------------------------------------


def test_delivery_rules() -> None:
    definition = item_definition(ID_CARD)
    cases = {
        (None, None): [("delivery.method", "required")],
        ("electronic", None): [("delivery.method", "not_offered")],
        ("mail", None): [("delivery.address", "required")],
        ("mail", "   "): [("delivery.address", "required")],
        ("mail", "北京市朝阳区某街 1 号"): [],
        ("window", None): [],
    }
    answers = {k: v for k, v in COMPLETE_SELF.items() if k != "delivery"}
    for (method, address), expected in cases.items():
        problems = forms.delivery_problems(definition, method, address)
        assert [(p.path, p.code) for p in problems] == expected, (method, address)
    # Through the whole check, with the form's own delivery question unanswered.
    problems = presubmission_problems(definition, answers, [Cert("resident_id_card")], [], "mail", None, TODAY)
    assert paths(problems) == ["answers.delivery", "delivery.address"]


def test_delivery_answered_in_the_form_is_not_asked_again() -> None:
    # The demo catalog's items name the question "delivery_method"; the test catalog "delivery".
    definition = item_definition(ID_CARD)
    answers = {"delivery_method": "mail", "mailing_address": " 某路 1 号 "}
    assert forms.effective_delivery(definition, answers, None, None) == ("mail", "某路 1 号")
    # The application's own choice wins over the form's answer.
    assert forms.effective_delivery(definition, {"delivery_method": "mail"}, "window", None) == ("window", None)
    assert forms.effective_delivery(definition, {"delivery": "window"}, None, None) == ("window", None)
    # An answer the item does not offer is not taken.
    assert forms.effective_delivery(definition, {"delivery_method": "electronic"}, None, None) == (None, None)


def test_nothing_to_deliver_asks_no_delivery() -> None:
    definition = item_definition(INSURANCE)
    assert definition.delivery_options == ()
    assert forms.delivery_problems(definition, None, None) == []


# --- bundles --------------------------------------------------------------------------------


def test_bundle_merges_shared_fields_and_materials_once() -> None:
    definition = bundle_definition([BIRTH, INSURANCE], "newborn")
    codes = [f.code for f in definition.fields]
    assert codes.count("baby_name") == 1 and codes.count("applicant_id_number") == 1
    assert set(codes) == {f.code for f in BIRTH.fields} | {f.code for f in INSURANCE.fields}
    materials = {e.material.code: e.item_codes for e in definition.materials}
    assert materials["id_card"] == ("WJ-CSYX-001",)
    assert materials["birth_medical_certificate"] == ("YB-CB-003",)
    # Only BIRTH has a result, so its delivery ways are the bundle's.
    assert definition.delivery_options == ("electronic", "window")
    assert definition.fees is not None and definition.items == (BIRTH, INSURANCE)


def test_bundle_delivery_is_what_every_item_offers() -> None:
    assert forms.common_delivery([ID_CARD, BIRTH]) == ("window",)
    assert forms.common_delivery([INSURANCE]) == ()


def test_bundle_fees_unknown_when_one_item_does_not_say() -> None:
    no_fees = item("GA-HJ-010")
    assert no_fees.fees is None
    assert bundle_definition([BIRTH, no_fees]).fees is None


def test_bundle_check_counts_one_upload_for_every_item() -> None:
    definition = bundle_definition([BIRTH, INSURANCE], "newborn")
    answers = {
        "applicant_name": "张三",
        "applicant_id_number": ID_ZHANG,
        "applicant_phone": PHONE_ZHANG,
        "baby_name": "张小宝",
        "birth_date": "2026-11-01",
    }
    problems = presubmission_problems(definition, answers, [Cert("birth_cert")], [], "electronic", None, TODAY)
    assert paths(problems) == ["materials.id_card", "materials.hukou_booklet"]
    files = [File("id_card"), File("hukou_booklet")]
    assert presubmission_problems(definition, answers, [Cert("birth_cert")], files, "electronic", None, TODAY) == []


def test_restrict_answers_keeps_one_items_fields() -> None:
    answers = {"baby_name": "张小宝", "birth_date": "2026-11-01", "monthly_income": 3000}
    assert forms.restrict_answers(answers, INSURANCE) == {"baby_name": "张小宝", "monthly_income": 3000}


# --- display values --------------------------------------------------------------------------


def test_display_values_are_masked() -> None:
    definition = item_definition(ID_CARD)
    answers = {**COMPLETE_SELF, "applicant_name": f"张三 {PHONE_ZHANG}"}
    view = forms.build_view(definition, answers, {}, [], [], "window", None, TODAY)
    shown = {fv.field.code: fv for _, fields in view.groups for fv in fields}
    assert shown["applicant_id_number"].value == ID_ZHANG[:4] + "*" * 10 + ID_ZHANG[-4:]
    assert shown["applicant_id_number"].masked
    assert shown["applicant_phone"].value == "138****5678"
    assert shown["applicant_name"].value == "张三 138****5678"  # free text: redacted, not masked whole
    assert not shown["applicant_name"].masked
    assert shown["for_whom"].value == "self" and not shown["for_whom"].masked
    dumped = json.dumps([str(fv.value) for fv in shown.values()], ensure_ascii=False)
    assert not contains_personal_number(dumped)


def test_field_problem_is_placed_next_to_its_field() -> None:
    definition = item_definition(ID_CARD)
    answers = {**COMPLETE_SELF, "applicant_phone": "12345"}
    view = forms.build_view(definition, answers, {}, [], [], "window", None, TODAY)
    shown = {fv.field.code: fv for _, fields in view.groups for fv in fields}
    assert shown["applicant_phone"].problem is not None and shown["applicant_phone"].problem.code == "phone"
    assert shown["applicant_name"].problem is None
    missing = next(m for m in view.materials if m.code == "id_card")
    assert missing.problem is not None and not view.ready
    assert [p.path for p in view.problems_at("materials")] == ["materials.id_card"]


def test_situation_codes_cover_every_condition() -> None:
    assert item_definition(ID_CARD).situation_codes == {"for_whom", "delivery"}


# --- properties --------------------------------------------------------------------------------

VALUES: dict[str, st.SearchStrategy[Any]] = {
    "for_whom": st.sampled_from(["self", "child", "nobody", ""]),
    "guardian_name": st.sampled_from(["李四", "", "x" * 300]),
    "applicant_name": st.sampled_from(["张三", "", "张"]),
    "applicant_id_number": st.sampled_from([ID_ZHANG, "110105199003071230", ""]),
    "applicant_phone": st.sampled_from([PHONE_ZHANG, "12345", ""]),
    "delivery": st.sampled_from(["window", "mail", "drone"]),
    "mailing_address": st.sampled_from(["北京市朝阳区某街 1 号", ""]),
}


@settings(max_examples=300, deadline=None)
@given(
    answers=st.fixed_dictionaries({}, optional=VALUES),
    certs=st.lists(st.sampled_from(["resident_id_card", "hukou", "birth_cert"]), max_size=3),
    uploads=st.lists(st.sampled_from(["id_card", "guardian_id", "hukou_booklet"]), max_size=4),
    method=st.sampled_from([None, "window", "mail", "electronic"]),
    address=st.sampled_from([None, "", "某路 1 号"]),
)
def test_check_is_consistent_with_the_view(
    answers: dict[str, Any], certs: list[str], uploads: list[str], method: str | None, address: str | None
) -> None:
    definition: FormDefinition = item_definition(ID_CARD)
    wallet = [Cert(c) for c in certs]
    files = [File(f) for f in uploads]
    problems = presubmission_problems(definition, answers, wallet, files, method, address, TODAY)
    view = forms.build_view(definition, answers, {}, wallet, files, method, address, TODAY)  # type: ignore[arg-type]
    assert view.problems == problems
    # Every visible required question left empty is reported; no hidden one ever is.
    visible = {fv.field.code for _, fields in view.groups for fv in fields}
    reported = {p.path.removeprefix("answers.") for p in problems if p.path.startswith("answers.")}
    assert reported <= visible
    for code in visible:
        if definition.field(code).required and not is_answered(answers.get(code)):  # type: ignore[union-attr]
            assert code in reported
    # A material is reported exactly when the view says it is missing.
    assert {m.code for m in view.materials if m.status == "missing"} == {
        p.path.removeprefix("materials.") for p in problems if p.path.startswith("materials.")
    }
    # Nothing covered is ever asked for.
    for material in view.materials:
        if material.covered:
            assert material.problem is None
    # Paths are unique: each problem once.
    assert len(paths(problems)) == len(set(paths(problems)))
    # Messages are bilingual and never hold a whole personal number.
    assert all(p.message.zh and p.message.en for p in problems)
    assert not contains_personal_number(json.dumps([p.message.as_dict() for p in problems], ensure_ascii=False))
