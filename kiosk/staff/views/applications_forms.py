"""Reading the action forms of the staff application page: pure, no I/O.

Every reader returns typed values or raises `ValidationFailed` listing every problem of
the form at once, in zh-CN and English, without echoing what was typed. What staff type
(reasons, comments, tracking numbers) is written into the timeline the citizen reads and
into the audit trail, so a whole ID or phone number is refused rather than stored
(reliability-security §3: personal numbers appear masked or not at all).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from starlette.datastructures import FormData

from shared.applications.model import CorrectionItem
from shared.errors import FieldProblem, ValidationFailed
from shared.i18n import Text
from shared.privacy.masking import contains_personal_number

MAX_REASON = 500
MAX_ITEM_REASON = 200
MAX_OTHER_LINES = 20
TRACKING_PATTERN = re.compile(r"[A-Za-z0-9-]{6,40}")
# Control characters (other than line breaks in a textarea) have no place in a reason.
CONTROL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")

REQUIRED = Text("请填写此项。", "This is required.")
TOO_LONG = Text("内容过长，请精简到 {n} 个字以内。", "Too long: keep it within {n} characters.")
PERSONAL_NUMBER = Text(
    "请勿填写完整的身份证号或手机号，如需提及请使用脱敏形式。",
    "Do not type a whole ID or phone number; refer to it in masked form if you must.",
)
BAD_CHARACTERS = Text("内容含有无法识别的字符。", "This contains characters that cannot be used.")
CHOOSE_ONE = Text("请选择一项。", "Choose one.")
NO_PROBLEMS_LISTED = Text(
    "请至少勾选一项材料或信息并写明原因，或在“其他问题”中填写。",
    "Tick at least one material or answer and say why, or write under “Other problems”.",
)
TICKED_WITHOUT_REASON = Text("请写明需要补正的原因。", "Say what needs fixing.")
TOO_MANY_LINES = Text("其他问题最多 {n} 行。", "At most {n} lines of other problems.")
TRACKING_INVALID = Text(
    "快递单号为 6–40 位字母、数字或连字符。", "A tracking number is 6–40 letters, digits or hyphens."
)
TRACKING_REQUIRED = Text("邮寄送达须填写快递单号。", "Mail delivery needs a tracking number.")
DENY_NEEDS_REASON = Text("不予办理须写明理由。", "A denial needs a reason.")
DISAGREE_NEEDS_COMMENT = Text("不同意时须写明意见说明。", "Say why when you disagree.")


def _text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def _check_free_text(path: str, value: str, limit: int, problems: list[FieldProblem]) -> str:
    """`value` when it is fit for the timeline; otherwise a problem is added and "" returned."""
    if len(value) > limit:
        problems.append(FieldProblem(path, "too_long", TOO_LONG.format(n=limit)))
    elif CONTROL.search(value):
        problems.append(FieldProblem(path, "bad_characters", BAD_CHARACTERS))
    elif contains_personal_number(value):
        problems.append(FieldProblem(path, "personal_number", PERSONAL_NUMBER))
    else:
        return value
    return ""


def _raise(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationFailed(problems=problems)


def reason(form: FormData, *, required: bool = True, key: str = "reason") -> str:
    problems: list[FieldProblem] = []
    value = _check_free_text(key, _text(form, key), MAX_REASON, problems)
    if required and not value and not problems:
        problems.append(FieldProblem(key, "required", REQUIRED))
    _raise(problems)
    return value


@dataclass(frozen=True, slots=True)
class ReturnForm:
    """What the clerk typed into the return form, kept to show it again after a problem."""

    checked: frozenset[str]
    reasons: dict[str, str]
    other: str


def return_form(form: FormData, targets: Iterable[str]) -> ReturnForm:
    """The raw return form, limited to the offered targets (anything else is ignored)."""
    offered = list(targets)
    checked = frozenset(value for value in form.getlist("target") if isinstance(value, str) and value in offered)
    reasons = {target: _text(form, f"reason.{target}")[: MAX_ITEM_REASON * 2] for target in offered}
    other = form.get("other")
    return ReturnForm(checked, reasons, other[:4000] if isinstance(other, str) else "")


def correction_items(typed: ReturnForm, targets: Iterable[str]) -> list[CorrectionItem]:
    """一次性告知: every ticked (or explained) material and answer, then each "other" line.

    A target counts when it is ticked or has a reason; ticked without a reason is a
    problem, so the citizen is never told "fix this" without being told why.
    """
    problems: list[FieldProblem] = []
    items: list[CorrectionItem] = []
    for target in targets:
        text = typed.reasons.get(target, "")
        if target not in typed.checked and not text:
            continue
        if not text:
            problems.append(FieldProblem(target, "required", TICKED_WITHOUT_REASON))
            continue
        checked = _check_free_text(target, text, MAX_ITEM_REASON, problems)
        if checked:
            items.append(CorrectionItem(target, checked))
    lines = [line.strip() for line in typed.other.splitlines() if line.strip()]
    if len(lines) > MAX_OTHER_LINES:
        problems.append(FieldProblem("other", "too_many_lines", TOO_MANY_LINES.format(n=MAX_OTHER_LINES)))
    else:
        for line in lines:
            checked = _check_free_text("other", line, MAX_ITEM_REASON, problems)
            if checked:
                items.append(CorrectionItem("other", checked))
    if not items and not problems:
        problems.append(FieldProblem("items", "required", NO_PROBLEMS_LISTED))
    _raise(problems)
    return items


def opinion(form: FormData) -> tuple[Literal["agree", "disagree"], str]:
    problems: list[FieldProblem] = []
    choice = _text(form, "opinion")
    comment = _check_free_text("comment", _text(form, "comment"), MAX_REASON, problems)
    if choice not in ("agree", "disagree"):
        problems.append(FieldProblem("opinion", "required", CHOOSE_ONE))
    elif choice == "disagree" and not comment and not problems:
        problems.append(FieldProblem("comment", "required", DISAGREE_NEEDS_COMMENT))
    _raise(problems)
    return ("agree" if choice == "agree" else "disagree"), comment


def decision(form: FormData) -> tuple[Literal["approve", "deny"], str]:
    problems: list[FieldProblem] = []
    choice = _text(form, "decision")
    text = _check_free_text("reason", _text(form, "reason"), MAX_REASON, problems)
    if choice not in ("approve", "deny"):
        problems.append(FieldProblem("decision", "required", CHOOSE_ONE))
    elif choice == "deny" and not text and not problems:
        problems.append(FieldProblem("reason", "required", DENY_NEEDS_REASON))
    _raise(problems)
    return ("approve" if choice == "approve" else "deny"), text


def delivery(form: FormData) -> tuple[Literal["window", "mail"], str | None]:
    """窗口交付 or 邮寄 with a tracking number (a courier's, never a phone number)."""
    problems: list[FieldProblem] = []
    how = _text(form, "how")
    tracking = _text(form, "tracking").replace(" ", "")
    if how not in ("window", "mail"):
        problems.append(FieldProblem("how", "required", CHOOSE_ONE))
    if tracking and (not TRACKING_PATTERN.fullmatch(tracking) or contains_personal_number(tracking)):
        problems.append(FieldProblem("tracking", "invalid", TRACKING_INVALID))
        tracking = ""
    elif how == "mail" and not tracking:
        problems.append(FieldProblem("tracking", "required", TRACKING_REQUIRED))
    _raise(problems)
    return ("mail" if how == "mail" else "window"), (tracking or None) if how == "mail" else None
