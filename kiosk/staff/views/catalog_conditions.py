"""The catalog editor's situation conditions (`when`): how one is shown (a question, a test
and a value, or JSON text when it is not that simple) and how the posted inputs become one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kiosk.staff.views.catalog_inputs import MISSING, Inputs
from shared.catalog.editing import CONDITION_OPS, SimpleCondition, build_condition, simple_condition
from shared.catalog.model import Document


@dataclass(frozen=True, slots=True)
class ConditionView:
    """How a `when` is shown: structured (question, test, value) or as JSON text."""

    simple: SimpleCondition | None
    json: str | None  # the condition as JSON when it is not simple; "" none


def condition_view(when: Any) -> ConditionView:
    if when is None or when is MISSING:
        return ConditionView(None, None)
    simple = simple_condition(when)
    if simple is not None:
        return ConditionView(simple, None)
    return ConditionView(None, when if isinstance(when, str) else json.dumps(when, ensure_ascii=False))


def numeric_fields(document: Document) -> set[str]:
    form = document.get("form")
    groups = form.get("groups", []) if isinstance(form, dict) else []
    return {
        str(field.get("code"))
        for group in groups
        if isinstance(group, dict)
        for field in group.get("fields", [])
        if isinstance(field, dict) and field.get("type") == "number"
    }


def condition(inputs: Inputs, path: str, numeric: set[str]) -> Any:
    """The `when` posted for the row at `path`: JSON text (kept as typed when it does not
    parse, for the check to name) or the structured question / test / value."""
    text = inputs.raw(f"{path}.when.json")
    if text is not None:
        text = text.strip()
        if not text:
            return MISSING
        try:
            return json.loads(text)
        except ValueError:
            return text
    question = inputs.text(f"{path}.when.field")
    op = inputs.text(f"{path}.when.op")
    built = build_condition(
        question,
        op if op in CONDITION_OPS else "equals",
        inputs.text(f"{path}.when.value"),
        numeric=question in numeric,
    )
    return MISSING if built is None else built


def same_condition(value: Any) -> Any:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
