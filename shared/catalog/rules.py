"""Pure rules of the catalog: conditions, the personal checklist, answer checks, bundles.

No I/O here, so every rule is tested directly (tests/shared/test_catalog_rules.py).

- A *condition* (`when`) looks at earlier answers and decides whether a question group, a
  field, a material or a fee applies; this turns the generic list into the citizen's own
  checklist (一次性告知).
- `validate_answers` checks every visible field at once and returns every problem, so the
  citizen corrects everything in one go.
- `merge_bundle` builds one form and one material list for a 一件事一次办 bundle: a field or
  material with the same code in several items is asked for once.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from shared.catalog.model import Condition, Fee, FieldGroup, FormField, Material, ServiceItem
from shared.errors import FieldProblem
from shared.i18n import Text
from shared.identity.numbers import valid_id_number

Answers = Mapping[str, Any]

MOBILE_PHONE = re.compile(r"1[3-9]\d{9}")
LANDLINE_PHONE = re.compile(r"0\d{2,3}-?\d{7,8}")
DEFAULT_TEXT_MAX = 200
ADDRESS_MAX = 300


def is_answered(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, list | tuple):
        return len(value) > 0
    return True


def evaluate(condition: Condition | None, answers: Answers) -> bool:
    """Whether a `when` condition holds for the answers given so far (None always holds)."""
    if condition is None:
        return True
    if "all" in condition:
        return all(evaluate(part, answers) for part in condition["all"])
    if "any" in condition:
        return any(evaluate(part, answers) for part in condition["any"])
    if "not" in condition:
        return not evaluate(condition["not"], answers)
    value = answers.get(condition["field"])
    if "equals" in condition:
        return is_answered(value) and _same(value, condition["equals"])
    if "in" in condition:
        return is_answered(value) and any(_same(value, option) for option in condition["in"])
    if "answered" in condition:
        return is_answered(value) == bool(condition["answered"])
    raise ValueError(f"unknown condition: {sorted(condition)}")


def _same(answer: Any, expected: Any) -> bool:
    # Kiosk forms post strings; JSON clients send numbers and booleans. Compare loosely
    # across that boundary only: "3" equals 3 and "true" equals True.
    if isinstance(expected, bool):
        return answer is expected or (isinstance(answer, str) and answer.lower() == str(expected).lower())
    if isinstance(expected, int | float) and isinstance(answer, str):
        try:
            return float(answer) == float(expected)
        except ValueError:
            return False
    return bool(answer == expected)


def condition_fields(condition: Condition | None) -> set[str]:
    """The field codes a condition reads."""
    if condition is None:
        return set()
    if "all" in condition or "any" in condition:
        parts = condition.get("all") or condition.get("any") or []
        return set().union(*(condition_fields(part) for part in parts))
    if "not" in condition:
        return condition_fields(condition["not"])
    return {condition["field"]}


def visible_fields(groups: Sequence[FieldGroup], answers: Answers) -> list[FormField]:
    """The fields that apply, in form order, given the answers (hidden answers are ignored)."""
    seen: dict[str, Any] = {}
    visible: list[FormField] = []
    for group in groups:
        group_visible = evaluate(group.when, seen)
        for form_field in group.fields:
            if group_visible and evaluate(form_field.when, seen):
                visible.append(form_field)
                if form_field.code in answers:
                    seen[form_field.code] = answers[form_field.code]
    return visible


def visible_groups(groups: Sequence[FieldGroup], answers: Answers) -> list[tuple[FieldGroup, list[FormField]]]:
    """The question screens that apply, each with its applicable fields."""
    visible = {id(f) for f in visible_fields(groups, answers)}
    result = []
    for group in groups:
        fields = [f for f in group.fields if id(f) in visible]
        if fields:
            result.append((group, fields))
    return result


@dataclass(frozen=True, slots=True)
class ChecklistEntry:
    material: Material
    # Items of a bundle that ask for this material (empty for a single item).
    item_codes: tuple[str, ...] = ()


def checklist(materials: Sequence[Material], answers: Answers) -> list[ChecklistEntry]:
    """The materials that apply to this citizen's situation (一次性告知)."""
    return [ChecklistEntry(m) for m in materials if evaluate(m.when, answers)]


def applicable_fees(fees: Sequence[Fee] | None, answers: Answers) -> list[Fee] | None:
    if fees is None:
        return None
    return [fee for fee in fees if evaluate(fee.when, answers)]


# --- answer validation -------------------------------------------------------------------

M = {
    "required": Text("此项必填。", "This is required."),
    "type_text": Text("请填写文字。", "Please enter text."),
    "too_short": Text("至少需要 {n} 个字。", "Enter at least {n} characters."),
    "too_long": Text("最多 {n} 个字。", "Enter at most {n} characters."),
    "pattern": Text("格式不正确。", "The format is not valid."),
    "number": Text("请填写数字。", "Please enter a number."),
    "too_small": Text("不能小于 {n}。", "Must be at least {n}."),
    "too_large": Text("不能大于 {n}。", "Must be at most {n}."),
    "date": Text("请按 年-月-日 填写日期，例如 2026-01-31。", "Enter a date as YYYY-MM-DD, for example 2026-01-31."),
    "date_too_early": Text("日期不能早于 {d}。", "The date cannot be before {d}."),
    "date_too_late": Text("日期不能晚于 {d}。", "The date cannot be after {d}."),
    "choice": Text("请从选项中选择。", "Please pick one of the options."),
    "id_number": Text(
        "身份证号码不正确，请核对 18 位号码（最后一位可能是 X）。",
        "This is not a valid resident ID number; check all 18 characters (the last may be X).",
    ),
    "phone": Text(
        "请填写 11 位手机号码或带区号的固定电话。", "Enter an 11-digit mobile number or a landline with area code."
    ),
    "file": Text("请上传文件。", "Please upload the file."),
    "unknown_field": Text("此事项没有这一项。", "This item has no such field."),
}


def _resolve_date(value: str, today: dt.date) -> dt.date:
    return today if value == "today" else dt.date.fromisoformat(value)


def check_field(form_field: FormField, value: Any, today: dt.date) -> tuple[Any, str | None, dict[str, object]]:
    """Check one answered field; return (clean value, problem code or None, message params)."""
    rules = form_field.rules
    kind = form_field.type
    if kind in {"text", "address"}:
        if not isinstance(value, str):
            return value, "type_text", {}
        clean = value.strip()
        limit = rules.max_length or (ADDRESS_MAX if kind == "address" else DEFAULT_TEXT_MAX)
        if rules.min_length is not None and len(clean) < rules.min_length:
            return clean, "too_short", {"n": rules.min_length}
        if len(clean) > limit:
            return clean, "too_long", {"n": limit}
        if rules.pattern and not re.fullmatch(rules.pattern, clean):
            return clean, "pattern", {}
        return clean, None, {}
    if kind == "number":
        number: float
        if isinstance(value, bool):
            return value, "number", {}
        if isinstance(value, int | float):
            number = float(value)
        elif isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                return value, "number", {}
        else:
            return value, "number", {}
        if not math.isfinite(number):
            return value, "number", {}
        clean_number: int | float = int(number) if number.is_integer() else number
        if rules.min is not None and number < rules.min:
            return clean_number, "too_small", {"n": _fmt(rules.min)}
        if rules.max is not None and number > rules.max:
            return clean_number, "too_large", {"n": _fmt(rules.max)}
        return clean_number, None, {}
    if kind == "date":
        if not isinstance(value, str):
            return value, "date", {}
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            return value, "date", {}
        if rules.not_before and day < (limit_day := _resolve_date(rules.not_before, today)):
            return day.isoformat(), "date_too_early", {"d": limit_day.isoformat()}
        if rules.not_after and day > (limit_day := _resolve_date(rules.not_after, today)):
            return day.isoformat(), "date_too_late", {"d": limit_day.isoformat()}
        return day.isoformat(), None, {}
    if kind == "choice":
        if not isinstance(value, str) or value not in {o.value for o in form_field.options}:
            return value, "choice", {}
        return value, None, {}
    if kind == "id_number":
        if not isinstance(value, str):
            return value, "id_number", {}
        clean = value.strip().upper().replace(" ", "")
        # GB 11643-1999: 6-digit area, 8-digit birth date, 3-digit order, ISO 7064 check char
        # (the same check as sign-in: shared/identity/numbers.py).
        if not valid_id_number(clean, today):
            return clean, "id_number", {}
        return clean, None, {}
    if kind == "phone":
        if not isinstance(value, str):
            return value, "phone", {}
        clean = re.sub(r"[\s()]", "", value).removeprefix("+86")
        if not (MOBILE_PHONE.fullmatch(clean) or LANDLINE_PHONE.fullmatch(clean)):
            return clean, "phone", {}
        return clean, None, {}
    if kind == "file":
        if not isinstance(value, str) or not value.strip():
            return value, "file", {}
        return value.strip(), None, {}
    raise ValueError(f"unknown field type {kind!r}")


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


@dataclass(slots=True)
class ValidationResult:
    answers: dict[str, Any] = field(default_factory=dict)
    problems: list[FieldProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_answers(
    groups: Sequence[FieldGroup], answers: Answers, today: dt.date, *, partial: bool = False, prefix: str = "answers"
) -> ValidationResult:
    """Check all visible fields at once. `partial` skips "required" (a draft saved as it goes).

    Answers to hidden fields are dropped, not kept: a citizen who changes "for a child" back
    to "for myself" must not carry the child's data into the application.
    """
    result = ValidationResult()
    known = {f.code for group in groups for f in group.fields}
    for code in answers:
        if code not in known:
            result.problems.append(FieldProblem(f"{prefix}.{code}", "unknown_field", M["unknown_field"]))
    clean_so_far: dict[str, Any] = {}
    for form_field in visible_fields(groups, answers):
        value = answers.get(form_field.code)
        path = f"{prefix}.{form_field.code}"
        if not is_answered(value):
            if form_field.required and not partial:
                result.problems.append(FieldProblem(path, "required", M["required"]))
            continue
        clean, problem, params = check_field(form_field, value, today)
        if problem:
            result.problems.append(FieldProblem(path, problem, M[problem].format(**params)))
        else:
            clean_so_far[form_field.code] = clean
    result.answers = clean_so_far
    return result


# --- bundles -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MergedBundle:
    """One form and one checklist for a 一件事一次办 bundle."""

    groups: tuple[FieldGroup, ...]
    materials: tuple[ChecklistEntry, ...]
    fees: tuple[tuple[str, Fee], ...]
    promised_days: int | None
    max_visits: int | None


def merge_bundle(items: Sequence[ServiceItem], promised_days: int | None = None) -> MergedBundle:
    """Merge the items of a bundle, asking each shared field and material once.

    The items are reviewed in parallel (并联审批), so without a promise of its own the
    bundle takes as long as its slowest item, and needs as many trips as its most
    demanding item.
    """
    groups: list[FieldGroup] = []
    seen_fields: set[str] = set()
    for item in items:
        for group in item.form:
            fresh = tuple(f for f in group.fields if f.code not in seen_fields)
            seen_fields.update(f.code for f in fresh)
            if fresh:
                groups.append(FieldGroup(f"{item.code}.{group.code}", group.title, group.when, fresh))

    merged: dict[str, tuple[Material, list[str], list[Condition | None]]] = {}
    for item in items:
        for material in item.materials:
            if material.code not in merged:
                merged[material.code] = (material, [item.code], [material.when])
                continue
            first, codes, whens = merged[material.code]
            codes.append(item.code)
            whens.append(material.when)
            merged[material.code] = (
                _combine(first, material),
                codes,
                whens,
            )
    entries = []
    for material, codes, whens in merged.values():
        # Asked for when any of the items that list it asks for it.
        when: Condition | None = None if any(w is None for w in whens) else {"any": list(whens)}
        if len(whens) == 1:
            when = whens[0]
        entries.append(ChecklistEntry(_with_when(material, when), tuple(codes)))

    fees = tuple((item.code, fee) for item in items for fee in (item.fees or ()))
    days = [item.promised_days for item in items]
    visits = [item.max_visits for item in items]
    return MergedBundle(
        groups=tuple(groups),
        materials=tuple(entries),
        fees=fees,
        promised_days=promised_days
        if promised_days is not None
        else (max(d for d in days if d is not None) if days and None not in days else None),
        max_visits=max(v for v in visits if v is not None) if visits and None not in visits else None,
    )


def _combine(first: Material, other: Material) -> Material:
    return Material(
        code=first.code,
        name=first.name,
        kind=first.kind,
        copies=max(first.copies or 0, other.copies or 0) or first.copies,
        required=first.required or other.required,
        note=first.note or other.note,
        certificate_type=first.certificate_type or other.certificate_type,
        shared_data=first.shared_data or other.shared_data,
        when=first.when,
    )


def _with_when(material: Material, when: Condition | None) -> Material:
    return Material(
        material.code,
        material.name,
        material.kind,
        material.copies,
        material.required,
        material.note,
        material.certificate_type,
        material.shared_data,
        when,
    )
