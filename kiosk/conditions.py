"""A `when` condition in plain words, for a material that is needed only in some situations.

The guide lists every material up front (一次性告知); a situation-dependent one says when it
applies, e.g. `{"field": "for_whom", "equals": "child"}` becomes 「为谁办理」选择『未满16周岁的子女』时需要
/ Needed if you choose “My child under 16” for “For whom” (prefixed with the question, since
many options are a bare 是 / Yes). Only shapes that read naturally are described;
for anything else (a `not`, a field the form does not have) the guide just says 视情况提交.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from shared.catalog.model import Condition, FieldGroup, FormField
from shared.i18n import Text


def form_fields(groups: Sequence[FieldGroup]) -> dict[str, FormField]:
    return {form_field.code: form_field for group in groups for form_field in group.fields}


def describe(condition: Condition | None, fields: Mapping[str, FormField]) -> Text | None:
    """When the material is needed, as a sentence; None when it cannot be said simply."""
    if condition is None:
        return None
    clause = _clause(condition, fields)
    if clause is None:
        return None
    return Text(f"{clause.zh}时需要", f"Needed if {clause.en}")


def _clause(condition: Condition, fields: Mapping[str, FormField]) -> Text | None:
    if "all" in condition or "any" in condition:
        parts = [_clause(part, fields) for part in condition.get("all") or condition.get("any") or ()]
        if not parts or any(part is None for part in parts):
            return None
        # A bundle merges the same condition from several items: say it once.
        known = list(dict.fromkeys(part for part in parts if part is not None))
        zh_join, en_join = ("且", " and ") if "all" in condition else ("或", " or ")
        return Text(zh_join.join(p.zh for p in known), en_join.join(p.get("en") for p in known))
    if "not" in condition:
        return None
    form_field = fields.get(condition.get("field", ""))
    if form_field is None:
        return None
    if "answered" in condition:
        label = form_field.label
        if condition["answered"]:
            return Text(f"填写了「{label.zh}」", f"you fill in “{label.get('en')}”")
        return Text(f"未填写「{label.zh}」", f"you leave “{label.get('en')}” empty")
    values: list[Any] = [condition["equals"]] if "equals" in condition else list(condition.get("in", ()))
    if not values:
        return None
    if form_field.type == "choice":
        options = {option.value: option.label for option in form_field.options}
        labels = [options.get(str(value)) for value in values]
        if any(label is None for label in labels):
            return None
        chosen = [label for label in labels if label is not None]
        question = form_field.label
        return Text(
            f"「{question.zh}」选择" + "或".join(f"『{label.zh}』" for label in chosen),
            "you choose " + " or ".join(f"“{label.get('en')}”" for label in chosen) + f" for “{question.get('en')}”",
        )
    if any(isinstance(value, bool) for value in values):
        return None
    shown = [str(value) for value in values]
    return Text(
        f"「{form_field.label.zh}」为" + "或".join(shown),
        f"“{form_field.label.get('en')}” is " + " or ".join(shown),
    )
