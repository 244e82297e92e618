"""Pure helpers for editing one catalog document (an item or bundle draft) field by field.

The staff catalog editor works on the same JSON document an import file holds for an item
or bundle. This module has no I/O:

- `editor_problems`: the import's problems (`shared.catalog.validation.Problem`, English,
  paths such as `items[0].materials[1].kind`) as the editor shows them: the path inside
  the document (`materials[1].kind`), the message in zh-CN with the import's own English
  words beside it, so staff read exactly what an import of the same content would say;
- `anchor_for`: the nearest place on the page where a problem can be shown;
- row operations (`add_row`, `remove_row`, `move_row`) on the document's lists: materials,
  fees, form groups, the fields of a group, a bundle's items;
- simple conditions (`when`): the {field, equals | in | answered} shapes the structured
  editor offers; anything else (all / any / not) is edited as JSON text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from shared.catalog.model import Document
from shared.catalog.validation import Problem
from shared.i18n import Text

Kind = Literal["item", "bundle"]
PathPart = str | int

# A problem message is shown whole up to this length: jsonschema may quote a whole object.
MESSAGE_CHARS = 300

_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def parse_path(path: str) -> list[PathPart]:
    """`form.groups[1].fields[0]` → ["form", "groups", 1, "fields", 0]; ValueError when malformed."""
    parts: list[PathPart] = []
    position = 0
    while position < len(path):
        if path[position] == "." and parts:
            position += 1
        match = _SEGMENT.match(path, position)
        if match is None:
            raise ValueError(path)
        parts.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        position = match.end()
    return parts


def join_path(parts: Sequence[PathPart]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# --- problems ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EditProblem:
    """One problem of a draft: where in the document, and what is wrong (zh-CN, English)."""

    path: str  # inside the document, e.g. `materials[1].kind`; "" the document as a whole
    message: Text
    original: str  # the import's message, word for word


# The import's messages (shared/catalog/validation.py and jsonschema's) → Chinese. The
# English shown is always the import's own message, so both say the same thing.
_MESSAGES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern), render)
    for pattern, render in (
        (r"^'(.+)' is a required property$", lambda m: f"必须填写（{m[1]}）"),
        (r"^(.*) should be non-empty$", lambda m: "不能为空"),
        (r"^(.*) is too short$", lambda m: "数量或长度不足"),
        (r"^(.*) is too long$", lambda m: "内容过长"),
        (r"^(.*) is not of type 'integer'$", lambda m: "必须是整数"),
        (r"^(.*) is not of type 'number'$", lambda m: "必须是数字"),
        (r"^(.*) is not of type 'boolean'$", lambda m: "必须是“是”或“否”"),
        (r"^(.*) is not of type 'object'$", lambda m: "格式不对：应为一个 JSON 对象"),
        (r"^(.*) is not of type 'string'$", lambda m: "必须是文字"),
        (r"^(.*) is not of type 'array'$", lambda m: "格式不对：应为一个列表"),
        (r"^(.*) is not one of \[(.*)\]$", lambda m: "不是允许的取值"),
        (r"^(.*) does not match '(.*)'$", lambda m: "格式不符合要求"),
        (r"^(.*) is less than the minimum of (.+)$", lambda m: f"不能小于 {m[2]}"),
        (r"^(.*) is greater than the maximum of (.+)$", lambda m: f"不能大于 {m[2]}"),
        (r"^(.*) has non-unique elements$", lambda m: "有重复的项"),
        (
            r"^Additional properties are not allowed \((.*) (?:was|were) unexpected\)$",
            lambda m: "含有目录格式中没有的项",
        ),
        (r"^a condition must be one of", lambda m: "条件的写法不对"),
        (r"^code '(.+)' appears more than once$", lambda m: f"编码 {m[1]} 重复"),
        (r"^unknown department '(.+)'$", lambda m: f"没有编码为 {m[1]} 的部门"),
        (r"^the handling department cannot also be a co-handling department$", lambda m: "实施部门不能同时是协办部门"),
        (r"^unknown category '(.+)'$", lambda m: f"没有编码为 {m[1]} 的分类"),
        (
            r"^the promised time limit \((\d+) days\) exceeds the legal one \((\d+) days\)$",
            lambda m: f"承诺时限（{m[1]} 个工作日）超过了法定时限（{m[2]} 个工作日）",
        ),
        (r"^an instant item \(即办件\) is decided", lambda m: "即办件当场办结：承诺时限必须为 0"),
        (r"^deemed approval \(过期默许\) needs", lambda m: "过期默许需要可以届满的时限（法定或承诺时限）"),
        (r"^a special procedure kind appears more than once$", lambda m: "同一种特别程序只能出现一次"),
        (r"^an item that needs on-site trips must say why", lambda m: "需要到现场的事项必须说明到现场的原因"),
        (r"^group code '(.+)' appears more than once$", lambda m: f"分组编码 {m[1]} 重复"),
        (r"^field code '(.+)' appears more than once$", lambda m: f"字段编码 {m[1]} 重复"),
        (r"^material code '(.+)' appears more than once$", lambda m: f"材料编码 {m[1]} 重复"),
        (r"^unknown certificate type '(.+)'$", lambda m: f"没有编码为 {m[1]} 的电子证照类型"),
        (
            r"^the condition refers to '(.+)', which is not a question asked before it$",
            lambda m: f"条件引用的 {m[1]} 不是在它之前询问的问题",
        ),
        (r"^'(.+)' is not an option of '(.+)'$", lambda m: f"{m[1]} 不是 {m[2]} 的选项"),
        (r"^a choice field needs options$", lambda m: "选择题必须有选项"),
        (r"^a (\w+) field takes no options$", lambda m: "只有选择题可以有选项"),
        (r"^option values must be unique$", lambda m: "选项的值不能重复"),
        (r"^not a valid regular expression", lambda m: "不是有效的正则表达式"),
        (r"^min is greater than max$", lambda m: "最小值大于最大值"),
        (r"^min_length is greater than max_length$", lambda m: "最小长度大于最大长度"),
        (r"^must be a date YYYY-MM-DD or 'today'$", lambda m: "必须是日期（YYYY-MM-DD）或 today"),
        (r"^unknown item '(.+)'$", lambda m: f"没有编码为 {m[1]} 的事项"),
        (r"^item '(.+)' is retired$", lambda m: f"事项 {m[1]} 已停用"),
        (
            r"^field '(.+)' is a (\w+) here but a (\w+) in '(.+)';",
            lambda m: f"字段 {m[1]} 在这里是 {m[2]}，在 {m[4]} 中是 {m[3]}；共用字段的类型必须一致",
        ),
        (r"^not valid JSON: (.*)$", lambda m: "不是有效的 JSON"),
        (r"^the key '(.+)' appears twice in one object$", lambda m: f"同一对象中 {m[1]} 出现了两次"),
        (r"^(NaN|Infinity|-Infinity) is not allowed", lambda m: "不允许 NaN 或 Infinity"),
    )
)
_UNKNOWN_ZH = "不符合目录格式要求（见英文说明）"


def shorten(message: str) -> str:
    return message if len(message) <= MESSAGE_CHARS else message[: MESSAGE_CHARS - 1] + "…"


def explain(message: str) -> Text:
    """The import's English message with a Chinese rendering of it (zh first, as everywhere)."""
    english = shorten(message)
    for pattern, render in _MESSAGES:
        match = pattern.search(message)
        if match is not None:
            return Text(shorten(render(match)), english)
    return Text(_UNKNOWN_ZH, english)


_REQUIRED = re.compile(r"^'([A-Za-z_][A-Za-z0-9_]*)' is a required property$")


def _inside(path: str, kind: Kind) -> str | None:
    """`items[0].materials[1]` → `materials[1]`; None for a path outside the one document."""
    section = "items[0]" if kind == "item" else "bundles[0]"
    if path == section:
        return ""
    if path.startswith(section + "."):
        return path[len(section) + 1 :]
    return None


def editor_problems(kind: Kind, problems: Sequence[Problem]) -> list[EditProblem]:
    """The import's problems for a one-document file, placed in the document being edited.

    A missing required element is placed where it would be typed (`name` missing → `name`),
    so the editor can show it beside that input rather than at the top of the page.
    """
    found: list[EditProblem] = []
    for problem in problems:
        inside = _inside(problem.path, kind)
        path = inside if inside is not None else ""
        required = _REQUIRED.match(problem.message)
        if required is not None:
            path = join_path([*parse_path(path), required.group(1)]) if path else required.group(1)
        found.append(EditProblem(path, explain(problem.message), shorten(problem.message)))
    return found


def anchor_for(path: str, anchors: Collection[str]) -> str:
    """The nearest enclosing path that the page shows (an input or a row), else "" (the top)."""
    try:
        parts = parse_path(path)
    except ValueError:
        return ""
    while parts:
        candidate = join_path(parts)
        if candidate in anchors:
            return candidate
        parts.pop()
    return ""


def by_anchor(problems: Sequence[EditProblem], anchors: Collection[str]) -> dict[str, list[EditProblem]]:
    placed: dict[str, list[EditProblem]] = {}
    for problem in problems:
        placed.setdefault(anchor_for(problem.path, anchors), []).append(problem)
    return placed


# --- rows ----------------------------------------------------------------------------------

# The lists the structured editor adds to, removes from and reorders, per kind.
ROW_LISTS: dict[Kind, tuple[re.Pattern[str], ...]] = {
    "item": (
        re.compile(r"materials"),
        re.compile(r"fees"),
        re.compile(r"form\.groups"),
        re.compile(r"form\.groups\[\d+\]\.fields"),
    ),
    "bundle": (re.compile(r"items"),),
}


def row_list_allowed(kind: Kind, list_path: str) -> bool:
    return any(pattern.fullmatch(list_path) for pattern in ROW_LISTS[kind])


def _container(document: Document, list_path: str, *, create: bool) -> list[Any]:
    node: Any = document
    parts = parse_path(list_path)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if isinstance(part, int):
            if not isinstance(node, list) or not 0 <= part < len(node):
                raise LookupError(list_path)
            node = node[part]
            continue
        if not isinstance(node, dict):
            raise LookupError(list_path)
        if part not in node:
            if not create:
                raise LookupError(list_path)
            node[part] = [] if last else {}
        node = node[part]
    if not isinstance(node, list):
        raise LookupError(list_path)
    return node


def unique_code(taken: Collection[str], stem: str) -> str:
    number = 1
    while f"{stem}_{number}" in taken:
        number += 1
    return f"{stem}_{number}"


def all_field_codes(document: Document) -> list[str]:
    """The form's field codes in the order the citizen answers them."""
    codes: list[str] = []
    groups = document.get("form", {}).get("groups", []) if isinstance(document.get("form"), dict) else []
    for group in groups if isinstance(groups, list) else []:
        for form_field in group.get("fields", []) if isinstance(group, dict) else []:
            if isinstance(form_field, dict) and isinstance(form_field.get("code"), str):
                codes.append(form_field["code"])
    return codes


def _codes(rows: Sequence[Any]) -> set[str]:
    return {row["code"] for row in rows if isinstance(row, dict) and isinstance(row.get("code"), str)}


def new_row(document: Document, list_path: str) -> Any:
    """A new, empty row for that list. Nothing is made up: what must be filled in is left out,
    so the check says so until someone types it (a draft may be unfinished)."""
    if list_path == "materials":
        return {"code": unique_code(_codes(document.get("materials", [])), "material"), "kind": "original"}
    if list_path == "fees":
        return {"amount_fen": 0}
    if list_path == "form.groups":
        groups = document.get("form", {}).get("groups", [])
        field_code = unique_code(set(all_field_codes(document)), "field")
        return {"code": unique_code(_codes(groups), "group"), "fields": [{"code": field_code, "type": "text"}]}
    if list_path.startswith("form.groups["):
        return {"code": unique_code(set(all_field_codes(document)), "field"), "type": "text"}
    raise LookupError(list_path)


def add_row(document: Document, list_path: str, row: Any) -> int:
    """Append `row` to the list at `list_path` (made when missing); its index."""
    rows = _container(document, list_path, create=True)
    rows.append(row)
    return len(rows) - 1


def remove_row(document: Document, list_path: str, index: int) -> None:
    rows = _container(document, list_path, create=False)
    if not 0 <= index < len(rows):
        raise LookupError(f"{list_path}[{index}]")
    del rows[index]


def move_row(document: Document, list_path: str, index: int, delta: int) -> int:
    """Move a row up (-1) or down (+1); at either end it stays. Its new index."""
    rows = _container(document, list_path, create=False)
    if not 0 <= index < len(rows):
        raise LookupError(f"{list_path}[{index}]")
    target = min(max(index + delta, 0), len(rows) - 1)
    rows.insert(target, rows.pop(index))
    return target


# --- conditions ----------------------------------------------------------------------------

ConditionOp = Literal["equals", "in", "answered", "unanswered"]
CONDITION_OPS: tuple[ConditionOp, ...] = ("equals", "in", "answered", "unanswered")


@dataclass(frozen=True, slots=True)
class SimpleCondition:
    """A condition the structured editor can show: one question, one test."""

    field: str
    op: ConditionOp
    value: str  # equals: the value; in: values joined with ", "; answered/unanswered: ""


def _plain(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def simple_condition(when: Any) -> SimpleCondition | None:
    """The structured form of `when`, or None when it needs the JSON text (all / any / not...)."""
    if not isinstance(when, dict) or not isinstance(when.get("field"), str) or len(when) != 2:
        return None
    if "equals" in when and _plain(when["equals"]):
        return SimpleCondition(when["field"], "equals", str(when["equals"]))
    if "in" in when and isinstance(when["in"], list) and when["in"] and all(_plain(v) for v in when["in"]):
        return SimpleCondition(when["field"], "in", ", ".join(str(v) for v in when["in"]))
    if "answered" in when and isinstance(when["answered"], bool):
        return SimpleCondition(when["field"], "answered" if when["answered"] else "unanswered", "")
    return None


def _typed(value: str, numeric: bool) -> str | int | float:
    if numeric:
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() and "." not in value else number
    return value


def build_condition(field: str, op: str, value: str, *, numeric: bool = False) -> Any:
    """The condition the structured inputs describe; None when no question is chosen.

    Values compared with a number question are numbers; everything else stays as typed,
    so a wrong value is kept and the check names it instead of it silently going away.
    """
    field = field.strip()
    if not field:
        return None
    value = value.strip()
    if op == "in":
        values = [part.strip() for part in re.split(r"[,，、]", value) if part.strip()]
        return {"field": field, "in": [_typed(v, numeric) for v in values]}
    if op == "answered":
        return {"field": field, "answered": True}
    if op == "unanswered":
        return {"field": field, "answered": False}
    return {"field": field, "equals": _typed(value, numeric)}
