"""Validation of catalog files: every problem at once, each with its item and field path.

Structure is checked against `catalog.schema.json` (the documented format); the rules a
schema cannot express are checked here: references between parts of the catalog, time
limits (promised ≤ legal), a reason for each required trip, conditions that only look at
earlier questions, and bundles whose items agree on shared fields.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from shared.catalog.model import Document
from shared.catalog.rules import condition_fields


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a catalog file. `path` is a JSON path such as `items[3].materials[0].kind`."""

    path: str
    message: str
    item: str | None = None

    def __str__(self) -> str:
        where = f"{self.path} ({self.item})" if self.item else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class KnownCodes:
    """What the database already holds, so a partial file may refer to it."""

    departments: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    certificate_types: frozenset[str] = frozenset()
    items: Mapping[str, Document] = field(default_factory=dict)


@cache
def catalog_schema() -> dict[str, Any]:
    text = resources.files("shared.catalog").joinpath("catalog.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _json_path(parts: Iterable[str | int]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "$"


def _item_code_at(doc: Any, parts: Sequence[str | int]) -> str | None:
    if len(parts) >= 2 and parts[0] in {"items", "bundles"} and isinstance(parts[1], int):
        try:
            code = doc[parts[0]][parts[1]].get("code")
        except (KeyError, IndexError, TypeError, AttributeError):
            return None
        return code if isinstance(code, str) else None
    return None


def check_structure(doc: Any) -> list[Problem]:
    validator = jsonschema.Draft202012Validator(catalog_schema())
    problems = []
    for error in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        parts = list(error.absolute_path)
        message = error.message
        if error.validator == "oneOf" and parts and "when" in map(str, parts[-1:]):
            message = "a condition must be one of {field, equals} {field, in} {field, answered} {all} {any} {not}"
        problems.append(Problem(_json_path(parts), message, _item_code_at(doc, parts)))
    return problems


def validate_catalog(doc: Any, known: KnownCodes | None = None) -> list[Problem]:
    """Every problem of a catalog file, structure first; an empty list means it can be imported."""
    problems = check_structure(doc)
    if problems:
        # Reference checks on a structurally broken file would mostly repeat the same faults.
        return problems
    return _check_references(doc, known or KnownCodes())


def _duplicates(entries: Sequence[Mapping[str, Any]], section: str, problems: list[Problem]) -> set[str]:
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        code = entry["code"]
        if code in seen:
            item = code if section in {"items", "bundles"} else None
            problems.append(Problem(f"{section}[{index}].code", f"code {code!r} appears more than once", item))
        seen.add(code)
    return seen


def _check_references(doc: Document, known: KnownCodes) -> list[Problem]:
    problems: list[Problem] = []
    departments = _duplicates(doc.get("departments", []), "departments", problems) | known.departments
    categories = _duplicates(doc.get("categories", []), "categories", problems) | known.categories
    certificates = (
        _duplicates(doc.get("certificate_types", []), "certificate_types", problems) | known.certificate_types
    )
    _duplicates(doc.get("items", []), "items", problems)
    _duplicates(doc.get("bundles", []), "bundles", problems)

    for index, cert in enumerate(doc.get("certificate_types", [])):
        if "issuer" in cert and cert["issuer"] not in departments:
            problems.append(Problem(f"certificate_types[{index}].issuer", f"unknown department {cert['issuer']!r}"))

    for index, item in enumerate(doc.get("items", [])):
        problems.extend(_check_item(item, f"items[{index}]", departments, categories, certificates))

    all_items: dict[str, Document] = dict(known.items)
    all_items.update({item["code"]: item for item in doc.get("items", [])})
    for index, bundle in enumerate(doc.get("bundles", [])):
        problems.extend(_check_bundle(bundle, f"bundles[{index}]", all_items, categories))
    return problems


def _check_item(
    item: Document,
    base: str,
    departments: set[str] | frozenset[str],
    categories: set[str] | frozenset[str],
    certificates: set[str] | frozenset[str],
) -> list[Problem]:
    code = item["code"]
    problems: list[Problem] = []

    def problem(path: str, message: str) -> None:
        problems.append(Problem(f"{base}.{path}", message, code))

    if item["department"] not in departments:
        problem("department", f"unknown department {item['department']!r}")
    for i, dept in enumerate(item.get("co_departments", [])):
        if dept not in departments:
            problem(f"co_departments[{i}]", f"unknown department {dept!r}")
        elif dept == item["department"]:
            problem(f"co_departments[{i}]", "the handling department cannot also be a co-handling department")
    for i, category in enumerate(item.get("categories", [])):
        if category not in categories:
            problem(f"categories[{i}]", f"unknown category {category!r}")

    legal, promised = item.get("legal_days"), item.get("promised_days")
    if legal is not None and promised is not None and promised > legal:
        problem("promised_days", f"the promised time limit ({promised} days) exceeds the legal one ({legal} days)")
    if item.get("case_type") == "instant" and promised not in (None, 0):
        problem("promised_days", "an instant item (即办件) is decided on the spot: promised_days must be 0")
    if item.get("deemed_approval") and legal is None and promised is None:
        problem(
            "deemed_approval",
            "deemed approval (过期默许) needs a time limit that can pass (legal_days or promised_days)",
        )
    kinds = [procedure["kind"] for procedure in item.get("special_procedures", [])]
    if len(kinds) != len(set(kinds)):
        problem("special_procedures", "a special procedure kind appears more than once")
    if item.get("max_visits", 0) > 0 and "visit_reason" not in item:
        problem("visit_reason", "an item that needs on-site trips must say why (visit_reason)")

    fields: dict[str, Document] = {}
    groups_seen: set[str] = set()
    for g_index, group in enumerate(item.get("form", {}).get("groups", [])):
        g_path = f"form.groups[{g_index}]"
        if group["code"] in groups_seen:
            problem(f"{g_path}.code", f"group code {group['code']!r} appears more than once")
        groups_seen.add(group["code"])
        _check_condition(group.get("when"), fields, f"{g_path}.when", problem)
        for f_index, form_field in enumerate(group["fields"]):
            f_path = f"{g_path}.fields[{f_index}]"
            # A condition may only read questions asked before it: the citizen answers in order.
            _check_condition(form_field.get("when"), fields, f"{f_path}.when", problem)
            if form_field["code"] in fields:
                problem(f"{f_path}.code", f"field code {form_field['code']!r} appears more than once")
            _check_field(form_field, f_path, problem)
            fields[form_field["code"]] = form_field

    materials_seen: set[str] = set()
    for m_index, material in enumerate(item.get("materials", [])):
        m_path = f"materials[{m_index}]"
        if material["code"] in materials_seen:
            problem(f"{m_path}.code", f"material code {material['code']!r} appears more than once")
        materials_seen.add(material["code"])
        if "certificate_type" in material and material["certificate_type"] not in certificates:
            problem(f"{m_path}.certificate_type", f"unknown certificate type {material['certificate_type']!r}")
        shared = material.get("shared_data")
        if shared and shared["department"] not in departments:
            problem(f"{m_path}.shared_data.department", f"unknown department {shared['department']!r}")
        _check_condition(material.get("when"), fields, f"{m_path}.when", problem)
    for f_index, fee in enumerate(item.get("fees", [])):
        _check_condition(fee.get("when"), fields, f"fees[{f_index}].when", problem)
    result = item.get("result")
    if result and "certificate_type" in result and result["certificate_type"] not in certificates:
        problem("result.certificate_type", f"unknown certificate type {result['certificate_type']!r}")
    return problems


def _check_condition(condition: Any, earlier: Mapping[str, Document], path: str, problem: Any) -> None:
    if condition is None:
        return
    for name in sorted(condition_fields(condition)):
        if name not in earlier:
            problem(path, f"the condition refers to {name!r}, which is not a question asked before it")
    _check_condition_values(condition, earlier, path, problem)


def _check_condition_values(
    condition: Mapping[str, Any], earlier: Mapping[str, Document], path: str, problem: Any
) -> None:
    for key in ("all", "any"):
        for part in condition.get(key, []):
            _check_condition_values(part, earlier, path, problem)
    if "not" in condition:
        _check_condition_values(condition["not"], earlier, path, problem)
    target = earlier.get(condition.get("field", ""))
    if not target or target["type"] != "choice":
        return
    options = {o["value"] for o in target.get("options", [])}
    values = [condition["equals"]] if "equals" in condition else condition.get("in", [])
    for value in values:
        if value not in options:
            problem(path, f"{value!r} is not an option of {condition['field']!r}")


def _check_field(form_field: Document, path: str, problem: Any) -> None:
    kind = form_field["type"]
    if kind == "choice" and not form_field.get("options"):
        problem(f"{path}.options", "a choice field needs options")
    if kind != "choice" and "options" in form_field:
        problem(f"{path}.options", f"a {kind} field takes no options")
    options = [o["value"] for o in form_field.get("options", [])]
    if len(options) != len(set(options)):
        problem(f"{path}.options", "option values must be unique")
    rules = form_field.get("rules", {})
    if "pattern" in rules:
        try:
            re.compile(rules["pattern"])
        except re.error as exc:
            problem(f"{path}.rules.pattern", f"not a valid regular expression: {exc}")
    if "min" in rules and "max" in rules and rules["min"] > rules["max"]:
        problem(f"{path}.rules", "min is greater than max")
    if "min_length" in rules and "max_length" in rules and rules["min_length"] > rules["max_length"]:
        problem(f"{path}.rules", "min_length is greater than max_length")
    for key in ("not_before", "not_after"):
        if key in rules and rules[key] != "today":
            try:
                dt.date.fromisoformat(rules[key])
            except ValueError:
                problem(f"{path}.rules.{key}", "must be a date YYYY-MM-DD or 'today'")


def _check_bundle(
    bundle: Document, base: str, items: Mapping[str, Document], categories: set[str] | frozenset[str]
) -> list[Problem]:
    code = bundle["code"]
    problems: list[Problem] = []
    field_types: dict[str, tuple[str, str]] = {}
    for index, item_code in enumerate(bundle["items"]):
        item = items.get(item_code)
        if item is None:
            problems.append(Problem(f"{base}.items[{index}]", f"unknown item {item_code!r}", code))
            continue
        if item.get("status", "active") != "active":
            problems.append(Problem(f"{base}.items[{index}]", f"item {item_code!r} is retired", code))
        for group in item.get("form", {}).get("groups", []):
            for form_field in group["fields"]:
                seen = field_types.get(form_field["code"])
                if seen and seen[0] != form_field["type"]:
                    problems.append(
                        Problem(
                            f"{base}.items[{index}]",
                            f"field {form_field['code']!r} is a {form_field['type']} here"
                            f" but a {seen[0]} in {seen[1]!r};"
                            " shared fields must agree to be asked once",
                            code,
                        )
                    )
                field_types.setdefault(form_field["code"], (form_field["type"], item_code))
    for index, category in enumerate(bundle.get("categories", [])):
        if category not in categories:
            problems.append(Problem(f"{base}.categories[{index}]", f"unknown category {category!r}", code))
    return problems
