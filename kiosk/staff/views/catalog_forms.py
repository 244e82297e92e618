"""The catalog editor's forms ↔ one item or bundle document (the import format).

Each tab of the editor posts only its own inputs; `apply_tab` writes them into a copy of
the draft's document and leaves every other element as it was (help texts, field rules,
steps... are kept while someone edits the materials). Inputs are named by their path in
the document (`materials[2].name.zh`), which is also where the import's validation reports
a problem, so a problem finds its input.

Three rules keep drafts honest:
- what a person typed is kept even when it is wrong (`copies` = "two" stays "two"), so
  the check names it instead of it silently disappearing;
- an emptied optional element is removed (shown to citizens as 未提供), never invented;
- an input showing what the document already says leaves the document byte for byte as
  it was (a default left implicit stays implicit), so opening a tab and saving it changes
  nothing and publishing it makes no new version.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any, Literal

from starlette.datastructures import FormData

from kiosk.staff.views.catalog_conditions import (
    condition,
    condition_view as condition_view,  # the editor's templates reach it as `f.condition_view`
    numeric_fields,
    same_condition,
)
from kiosk.staff.views.catalog_inputs import (
    MISSING,
    FormRejected,
    Inputs,
    as_set,
    assign,
    chosen_codes,
    fen_to_yuan as fen_to_yuan,  # templates: `f.fen_to_yuan`
    integer,
    join_keywords as join_keywords,  # templates: `f.join_keywords`
    keywords,
    text_pair,
    yuan_to_fen,
)
from shared.catalog.editing import EditProblem, Kind, explain
from shared.catalog.importer import CatalogFileError, parse_catalog_text
from shared.catalog.model import CHANNEL_TEXT, DELIVERY_TEXT, FIELD_TYPES, MATERIAL_KIND_TEXT, Document
from shared.catalog.validation import Problem
from shared.i18n import Text

Tab = Literal["basics", "handling", "materials", "form", "items", "advanced"]
TABS: dict[Kind, tuple[Tab, ...]] = {
    "item": ("basics", "handling", "materials", "form", "advanced"),
    "bundle": ("basics", "items", "advanced"),
}
# Which top-level elements each tab edits; a problem anywhere else belongs to "advanced".
TAB_KEYS: dict[Kind, dict[Tab, frozenset[str]]] = {
    "item": {
        "basics": frozenset(
            {
                "code",
                "national_code",
                "name",
                "summary",
                "keywords",
                "type",
                "department",
                "co_departments",
                "audience",
                "categories",
                "status",
                "popularity",
            }
        ),
        "handling": frozenset(
            {
                "case_type",
                "legal_days",
                "promised_days",
                "max_visits",
                "visit_reason",
                "deemed_approval",
                "channels",
                "fees",
                "result",
            }
        ),
        "materials": frozenset({"materials"}),
        "form": frozenset({"form"}),
    },
    "bundle": {
        "basics": frozenset(
            {"code", "name", "summary", "keywords", "audience", "categories", "promised_days", "popularity", "status"}
        ),
        "items": frozenset({"items"}),
    },
}
AUDIENCES = ("person", "company")
CASE_TYPES = ("instant", "commitment")
STATUSES = ("active", "retired")
CHANNELS = tuple(CHANNEL_TEXT)
DELIVERIES = tuple(DELIVERY_TEXT)
MATERIAL_KINDS = tuple(MATERIAL_KIND_TEXT)
FEES_MODES = ("unknown", "free", "charged")
OPTION_SPLIT = "|"


def tab_of(kind: Kind, path: str) -> Tab:
    top = re.split(r"[.\[]", path, maxsplit=1)[0] if path else ""
    for tab, keys in TAB_KEYS[kind].items():
        if top in keys:
            return tab
    return "advanced"


# --- tabs ----------------------------------------------------------------------------------


def _rows(document: Document, key: str) -> list[Any]:
    rows = document.get(key)
    return rows if isinstance(rows, list) else []


def apply_item_basics(document: Document, inputs: Inputs) -> None:
    assign(document, "national_code", inputs.text("national_code") or MISSING)
    assign(document, "name", text_pair(inputs, "name"))
    assign(document, "summary", text_pair(inputs, "summary"))
    assign(document, "keywords", keywords(inputs.text("keywords")), default=[])
    assign(document, "type", inputs.text("type") or MISSING)
    assign(document, "department", inputs.text("department") or MISSING)
    assign(
        document, "co_departments", chosen_codes(inputs, "co_departments", document.get("co_departments")), default=[]
    )
    assign(document, "audience", chosen_codes(inputs, "audience", document.get("audience")), same=as_set)
    assign(document, "categories", chosen_codes(inputs, "categories", document.get("categories")), default=[])
    assign(document, "status", inputs.text("status") or MISSING, default="active")
    assign(document, "popularity", integer(inputs.text("popularity")), default=0)


def _channels(document: Document, inputs: Inputs) -> None:
    original = document.get("channels")
    channels: dict[str, Any] = dict(original) if isinstance(original, dict) else {}
    for code in CHANNELS:
        answer = inputs.text(f"channels.{code}")
        assign(channels, code, True if answer == "yes" else False if answer == "no" else MISSING)
    assign(document, "channels", channels if channels else MISSING, default={})


def _fees(document: Document, inputs: Inputs, numeric: set[str]) -> None:
    mode = inputs.text("fees_mode")
    if mode not in FEES_MODES:
        return
    if mode == "unknown":
        document.pop("fees", None)
        return
    if mode == "free":
        document["fees"] = []
        return
    fees = _rows(document, "fees")
    for index, fee in enumerate(fees):
        path = f"fees[{index}]"
        if not isinstance(fee, dict) or not inputs.shown(f"{path}.amount"):
            continue
        assign(fee, "name", text_pair(inputs, f"{path}.name"))
        assign(fee, "amount_fen", yuan_to_fen(inputs.text(f"{path}.amount")))
        assign(fee, "basis", text_pair(inputs, f"{path}.basis"))
        assign(fee, "when", condition(inputs, path, numeric), same=same_condition)
    if mode == "charged" and not fees:
        fees.append({"amount_fen": 0})
    document["fees"] = fees


def _result(document: Document, inputs: Inputs) -> None:
    original = document.get("result")
    result: dict[str, Any] = dict(original) if isinstance(original, dict) else {}
    assign(result, "name", text_pair(inputs, "result.name"))
    assign(result, "certificate_type", inputs.text("result.certificate_type") or MISSING)
    assign(result, "delivery", chosen_codes(inputs, "result.delivery", result.get("delivery")), default=[])
    assign(document, "result", result if result else MISSING)


def apply_item_handling(document: Document, inputs: Inputs) -> None:
    assign(document, "case_type", inputs.text("case_type") or MISSING)
    assign(document, "legal_days", integer(inputs.text("legal_days")))
    assign(document, "promised_days", integer(inputs.text("promised_days")))
    assign(document, "max_visits", integer(inputs.text("max_visits")))
    assign(document, "visit_reason", text_pair(inputs, "visit_reason"))
    assign(document, "deemed_approval", inputs.checked("deemed_approval"), default=False)
    _channels(document, inputs)
    _fees(document, inputs, numeric_fields(document))
    _result(document, inputs)


def apply_item_materials(document: Document, inputs: Inputs) -> None:
    numeric = numeric_fields(document)
    for index, material in enumerate(_rows(document, "materials")):
        path = f"materials[{index}]"
        if not isinstance(material, dict) or not inputs.shown(f"{path}.code"):
            continue
        assign(material, "code", inputs.text(f"{path}.code") or MISSING)
        assign(material, "name", text_pair(inputs, f"{path}.name"))
        assign(material, "kind", inputs.text(f"{path}.kind") or MISSING)
        assign(material, "copies", integer(inputs.text(f"{path}.copies")))
        assign(material, "required", inputs.checked(f"{path}.required"), default=True)
        assign(material, "certificate_type", inputs.text(f"{path}.certificate_type") or MISSING)
        shared_department = inputs.text(f"{path}.shared_data.department")
        shared = material.get("shared_data")
        if not shared_department:
            material.pop("shared_data", None)
        elif isinstance(shared, dict):
            assign(shared, "department", shared_department)
        else:
            material["shared_data"] = {"department": shared_department}
        assign(material, "note", text_pair(inputs, f"{path}.note"))
        assign(material, "when", condition(inputs, path, numeric), same=same_condition)


def parse_options(text: str) -> Any:
    """One option a line: `value | 中文 | English`."""
    options = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(OPTION_SPLIT)]
        option: dict[str, Any] = {"value": parts[0]}
        label = {key: value for key, value in zip(("zh", "en"), parts[1:3], strict=False) if value}
        if label:
            option["label"] = label
        options.append(option)
    return options or MISSING


def options_text(value: Any) -> str:
    if not isinstance(value, list):
        return ""
    lines = []
    for option in value:
        if not isinstance(option, dict):
            lines.append(json.dumps(option, ensure_ascii=False))
            continue
        found = option.get("label")
        label: dict[str, Any] = found if isinstance(found, dict) else {}
        parts = [str(option.get("value", "")), str(label.get("zh", ""))]
        if label.get("en"):
            parts.append(str(label["en"]))
        lines.append(f" {OPTION_SPLIT} ".join(parts))
    return "\n".join(lines)


def apply_item_form(document: Document, inputs: Inputs) -> None:
    numeric = numeric_fields(document)
    form = document.get("form")
    groups = form.get("groups") if isinstance(form, dict) else None
    for g_index, group in enumerate(groups if isinstance(groups, list) else []):
        g_path = f"form.groups[{g_index}]"
        if not isinstance(group, dict) or not inputs.shown(f"{g_path}.code"):
            continue
        assign(group, "code", inputs.text(f"{g_path}.code") or MISSING)
        assign(group, "title", text_pair(inputs, f"{g_path}.title"))
        assign(group, "when", condition(inputs, g_path, numeric), same=same_condition)
        fields = group.get("fields")
        for f_index, form_field in enumerate(fields if isinstance(fields, list) else []):
            f_path = f"{g_path}.fields[{f_index}]"
            if not isinstance(form_field, dict) or not inputs.shown(f"{f_path}.code"):
                continue
            assign(form_field, "code", inputs.text(f"{f_path}.code") or MISSING)
            assign(form_field, "type", inputs.text(f"{f_path}.type") or MISSING)
            assign(form_field, "label", text_pair(inputs, f"{f_path}.label"))
            assign(form_field, "required", inputs.checked(f"{f_path}.required"), default=True)
            assign(form_field, "options", parse_options(inputs.raw(f"{f_path}.options") or ""))
            assign(form_field, "when", condition(inputs, f_path, numeric), same=same_condition)


def apply_bundle_basics(document: Document, inputs: Inputs) -> None:
    assign(document, "name", text_pair(inputs, "name"))
    assign(document, "summary", text_pair(inputs, "summary"))
    assign(document, "keywords", keywords(inputs.text("keywords")), default=[])
    assign(document, "audience", chosen_codes(inputs, "audience", document.get("audience")), same=as_set)
    assign(document, "categories", chosen_codes(inputs, "categories", document.get("categories")), default=[])
    assign(document, "promised_days", integer(inputs.text("promised_days")))
    assign(document, "status", inputs.text("status") or MISSING, default="active")
    assign(document, "popularity", integer(inputs.text("popularity")), default=0)


def apply_bundle_items(document: Document, inputs: Inputs) -> None:
    """The items tab has no inputs of its own: its rows change by adding, removing and moving."""


def apply_advanced(document: Document, inputs: Inputs, code: str) -> Document:
    """The whole document as JSON text, parsed as strictly as an import file."""
    text = inputs.raw("document") or ""
    try:
        parsed = parse_catalog_text(text)
    except CatalogFileError as refused:
        raise FormRejected([_where_in_text(problem) for problem in refused.problems], text) from None
    if not isinstance(parsed, dict):
        raise FormRejected([EditProblem("", NOT_AN_OBJECT, NOT_AN_OBJECT.en or "")], text)
    if parsed.get("code") != code:
        raise FormRejected([EditProblem("code", CODE_FIXED, CODE_FIXED.en or "")], text)
    # Keep the keys' order of what was there when the content is the same.
    return document if parsed == document else parsed


CODE_FIXED = Text(
    "编码不能在这里修改（已发布的版本都用这个编码）。如需新编码，请新建一个事项。",
    "The code cannot be changed here (published versions use it). Start a new item for a new code.",
)
NOT_AN_OBJECT = Text(
    "整个内容必须是一个 JSON 对象（以 { 开头）。", "The whole text must be one JSON object (starting with {)."
)


def _where_in_text(problem: Problem) -> EditProblem:
    """A JSON syntax problem: where in the text (line, column), then what."""
    explained = explain(problem.message)
    match = re.fullmatch(r"line (\d+) column (\d+)", problem.path)
    if match is None:
        return EditProblem("", explained, problem.message)
    zh = f"第 {match[1]} 行第 {match[2]} 列：{explained.zh}"
    en = f"line {match[1]} column {match[2]}: {explained.en or ''}"
    return EditProblem("", Text(zh, en), str(problem))


_APPLY: dict[tuple[Kind, Tab], Callable[[Document, Inputs], None]] = {
    ("item", "basics"): apply_item_basics,
    ("item", "handling"): apply_item_handling,
    ("item", "materials"): apply_item_materials,
    ("item", "form"): apply_item_form,
    ("bundle", "basics"): apply_bundle_basics,
    ("bundle", "items"): apply_bundle_items,
}


def apply_tab(kind: Kind, tab: Tab, document: Document, form: FormData, code: str) -> Document:
    """The document with this tab's inputs written into it (`document` is changed in place)."""
    inputs = Inputs(form)
    if tab == "advanced":
        return apply_advanced(document, inputs, code)
    _APPLY[(kind, tab)](document, inputs)
    return document


# --- anchors: where on a tab a problem can be shown -------------------------------------------

_MATERIAL_KEYS = ("code", "name", "kind", "copies", "required", "certificate_type", "shared_data", "note", "when")
_FIELD_KEYS = ("code", "type", "label", "required", "options", "when")


def anchors(kind: Kind, tab: Tab, document: Document) -> set[str]:
    """The paths the tab shows an input (or a row) for; other problems go to the tab's top."""
    found: set[str] = set(TAB_KEYS[kind].get(tab, ()))
    if kind == "item" and tab == "handling":
        found |= {f"channels.{code}" for code in CHANNELS}
        found |= {"result.name", "result.certificate_type", "result.delivery"}
        for index in range(len(_rows(document, "fees"))):
            found |= {f"fees[{index}]", *(f"fees[{index}].{key}" for key in ("name", "amount_fen", "basis", "when"))}
    elif kind == "item" and tab == "materials":
        for index in range(len(_rows(document, "materials"))):
            found.add(f"materials[{index}]")
            found |= {f"materials[{index}].{key}" for key in _MATERIAL_KEYS}
    elif kind == "item" and tab == "form":
        form = document.get("form")
        groups = form.get("groups") if isinstance(form, dict) else None
        found.add("form.groups")
        for g_index, group in enumerate(groups if isinstance(groups, list) else []):
            g_path = f"form.groups[{g_index}]"
            found |= {g_path, f"{g_path}.code", f"{g_path}.title", f"{g_path}.when", f"{g_path}.fields"}
            fields = group.get("fields") if isinstance(group, dict) else None
            for f_index in range(len(fields) if isinstance(fields, list) else 0):
                f_path = f"{g_path}.fields[{f_index}]"
                found.add(f_path)
                found |= {f"{f_path}.{key}" for key in _FIELD_KEYS}
    elif kind == "bundle" and tab == "items":
        found |= {f"items[{index}]" for index in range(len(_rows(document, "items")))}
    return found


def row_count(document: Document, key: str) -> int:
    return len(_rows(document, key))


def fees_mode(document: Document) -> str:
    if "fees" not in document:
        return "unknown"
    return "charged" if _rows(document, "fees") else "free"


def field_choices(document: Document) -> Sequence[tuple[str, str]]:
    """The form's questions (code, label) a condition may test, in the order they are asked."""
    choices: list[tuple[str, str]] = []
    form = document.get("form")
    groups = form.get("groups") if isinstance(form, dict) else None
    for group in groups if isinstance(groups, list) else []:
        for form_field in group.get("fields", []) if isinstance(group, dict) else []:
            if isinstance(form_field, dict) and isinstance(form_field.get("code"), str):
                label = form_field.get("label")
                zh = label.get("zh") if isinstance(label, dict) else None
                choices.append((form_field["code"], str(zh or form_field["code"])))
    return choices


FIELD_TYPE_CHOICES = FIELD_TYPES
