"""What a citizen or a staff member may write into a case, checked before anything is stored
(pure): the kind, the citizen's text, the words on the answer's rating, a reply or a reason.
Every problem is listed at once in zh-CN and English, and no message repeats what was typed.
"""

from __future__ import annotations

from shared.complaints.kinds import COMMENT_MAX, REASON_MAX, REPLY_MAX, TEXT_MAX, TEXT_MIN, Kind, is_kind
from shared.errors import FieldProblem, ValidationFailed
from shared.i18n import Text

BAD_KIND = Text("请选择投诉、咨询、建议或举报。", "Please choose complaint, question, suggestion or report.")
SHORT_TEXT = Text("请写下您要反映的内容。", "Please write what you want to tell us.")
LONG_TEXT = Text(f"内容请不超过 {TEXT_MAX} 个字。", f"Please keep it under {TEXT_MAX} characters.")
LONG_COMMENT = Text(f"意见请不超过 {COMMENT_MAX} 个字。", f"Please keep the comment under {COMMENT_MAX} characters.")
EMPTY_REPLY = Text("请填写答复内容。", "Please write the answer.")
LONG_REPLY = Text(f"答复请不超过 {REPLY_MAX} 个字。", f"Please keep the answer under {REPLY_MAX} characters.")
EMPTY_REASON = Text("请填写转办原因。", "Please give the reason for handing it over.")
LONG_REASON = Text(f"原因请不超过 {REASON_MAX} 个字。", f"Please keep the reason under {REASON_MAX} characters.")
BAD_SATISFIED = Text("请选择满意或不满意。", "Please choose satisfied or not satisfied.")


def _clean(value: object, maximum: int) -> str | None:
    """Trimmed text with its line breaks kept (a reply may have paragraphs), or None if not text."""
    if not isinstance(value, str):
        return None
    lines = [" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines).strip()
    return text if len(text) <= maximum else text[: maximum + 1]


def validate_case(kind: object, text: object) -> tuple[Kind, str]:
    """The kind and the citizen's text (2..1000 characters); 422 naming each problem."""
    problems: list[FieldProblem] = []
    if not is_kind(kind):
        problems.append(FieldProblem("kind", "invalid", BAD_KIND))
    cleaned = _clean(text, TEXT_MAX)
    if cleaned is None or len(cleaned) < TEXT_MIN:
        problems.append(FieldProblem("text", "required", SHORT_TEXT))
    elif len(cleaned) > TEXT_MAX:
        problems.append(FieldProblem("text", "too_long", LONG_TEXT))
    if problems:
        raise ValidationFailed(problems[0].message, problems=problems)
    assert is_kind(kind) and cleaned is not None
    return kind, cleaned


def validate_rating(satisfied: object, comment: object) -> tuple[bool, str | None]:
    problems: list[FieldProblem] = []
    if not isinstance(satisfied, bool):
        problems.append(FieldProblem("satisfied", "invalid", BAD_SATISFIED))
    words: str | None = None
    if comment is not None:
        cleaned = _clean(comment, COMMENT_MAX)
        if cleaned is None or len(cleaned) > COMMENT_MAX:
            problems.append(FieldProblem("comment", "too_long", LONG_COMMENT))
        else:
            words = cleaned or None
    if problems:
        raise ValidationFailed(problems[0].message, problems=problems)
    assert isinstance(satisfied, bool)
    return satisfied, words


def validate_staff_text(value: object, path: str, maximum: int, empty: Text, long: Text) -> str:
    cleaned = _clean(value, maximum)
    if not cleaned:
        raise ValidationFailed(empty, problems=[FieldProblem(path, "required", empty)])
    if len(cleaned) > maximum:
        raise ValidationFailed(long, problems=[FieldProblem(path, "too_long", long)])
    return cleaned
