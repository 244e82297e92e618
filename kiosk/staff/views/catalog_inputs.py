"""The catalog editor's form inputs → document values: reading a posted form and the small
conversions every tab shares (whole numbers, 元 ↔ 分, zh/en text pairs, keyword lists, checked
codes), and `assign`, which writes a value only when it changes what the document says.

What a person typed is kept when it is wrong (the check names it); a blank input is MISSING,
which removes the element rather than inventing one.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from starlette.datastructures import FormData

from shared.catalog.editing import EditProblem


class _Missing:
    """An element that is not there (distinct from None, which JSON may hold)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()

KEYWORD_SPLIT = re.compile(r"[,，、;；\n]")


class FormRejected(Exception):
    """The posted inputs cannot become a document at all (the advanced JSON does not parse)."""

    def __init__(self, problems: list[EditProblem], text: str) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
        self.text = text


# --- reading inputs ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Inputs:
    form: FormData

    def raw(self, name: str) -> str | None:
        value = self.form.get(name)
        return value if isinstance(value, str) else None

    def text(self, name: str) -> str:
        return (self.raw(name) or "").strip()

    def checked(self, name: str) -> bool:
        return self.raw(name) is not None

    def shown(self, name: str) -> bool:
        """Whether the page had this input: a row added since the page was drawn (an autosave
        that added a blank fee) has no inputs yet, and must be kept as it is, not emptied."""
        return name in self.form

    def chosen(self, name: str) -> list[str]:
        return [value for value in self.form.getlist(name) if isinstance(value, str) and value]


def integer(text: str) -> Any:
    """A whole number, MISSING when blank, else the text as typed (the check will name it)."""
    if not text:
        return MISSING
    return int(text) if re.fullmatch(r"-?\d{1,9}", text) else text


def yuan_to_fen(text: str) -> Any:
    """ "20" or "20.5" (元) → 2000 or 2050 (分); anything else as typed."""
    if not text:
        return MISSING
    try:
        amount = decimal.Decimal(text.replace("¥", "").replace("元", "").strip())
    except decimal.InvalidOperation:
        return text
    fen = amount * 100
    if not amount.is_finite() or fen != fen.to_integral_value() or abs(fen) > 10**12:
        return text
    return int(fen)


def fen_to_yuan(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        sign = "-" if value < 0 else ""
        return f"{sign}{abs(value) // 100}.{abs(value) % 100:02d}"
    return "" if value is None or value is MISSING else str(value)


def text_pair(inputs: Inputs, name: str) -> Any:
    zh, en = inputs.text(f"{name}.zh"), inputs.text(f"{name}.en")
    if not zh and not en:
        return MISSING
    pair: dict[str, str] = {}
    if zh:
        pair["zh"] = zh
    if en:
        pair["en"] = en
    return pair


def _stripped(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _stripped(part) for key, part in value.items()}
    if isinstance(value, list):
        return [_stripped(part) for part in value]
    return value.strip() if isinstance(value, str) else value


def assign(
    node: dict[str, Any], key: str, new: Any, *, default: Any = MISSING, same: Callable[[Any], Any] = _stripped
) -> None:
    """Set `node[key]` to `new` (MISSING removes it) unless it already means that.

    "Means that" compares the element as the input showed it (`same`, e.g. without the
    surrounding spaces an input drops) and counts an absent element as its `default`.
    """
    effective = node.get(key, default)
    if effective is not MISSING and new is not MISSING and same(effective) == same(new):
        return
    if effective is MISSING and new is MISSING:
        return
    if new is MISSING:
        node.pop(key, None)
    else:
        node[key] = new


def keywords(text: str) -> Any:
    words = [word.strip() for word in KEYWORD_SPLIT.split(text) if word.strip()]
    return words or MISSING


def join_keywords(value: Any) -> str:
    return "，".join(str(word) for word in value) if isinstance(value, list) else ""


def chosen_codes(inputs: Inputs, name: str, original: Any) -> Any:
    """Checked codes; the original order is kept when the same codes stay checked."""
    chosen = inputs.chosen(name)
    if isinstance(original, list) and sorted(map(str, original)) == sorted(chosen):
        return original
    return chosen or MISSING


def as_set(value: Any) -> Any:
    return sorted(map(str, value)) if isinstance(value, list) else value
