"""The four kinds of case a citizen can raise (pure), with the hall's deadline for each.

投诉 complaint, 咨询 question, 建议 suggestion, 举报 report: the "interaction" channels of
a provincial platform (the national platform's unified complaints, GB/T 39047-2020) and
the hall's 12345-style desk. Deadlines are the hall's own rule, counted in working days
(工作日) from the day after the case is raised; local rules vary, so they live in one
table here: a question is answered within 2 working days, a suggestion and a complaint
within 10 (the complaint rule a comprehensive-approval hall publishes), a report — which
may need checking with another department — within 15.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, TypeGuard

from shared.i18n import Text

Kind = Literal["complaint", "question", "suggestion", "report"]
KINDS: tuple[Kind, ...] = ("complaint", "question", "suggestion", "report")

KIND_TEXT: Mapping[Kind, Text] = MappingProxyType(
    {
        "complaint": Text("投诉", "Complaint"),
        "question": Text("咨询", "Question"),
        "suggestion": Text("建议", "Suggestion"),
        "report": Text("举报", "Report"),
    }
)

KIND_HINT: Mapping[Kind, Text] = MappingProxyType(
    {
        "complaint": Text("对办事过程或工作人员不满意", "You are unhappy with how a matter or a person was handled"),
        "question": Text("不清楚怎么办、要带什么", "You want to know how to do something or what to bring"),
        "suggestion": Text("让大厅服务更好的想法", "An idea to make the hall's service better"),
        "report": Text("发现违规违纪行为", "You saw something against the rules"),
    }
)

# Working days to answer, counted from the day after the case is raised.
DEADLINE_DAYS: Mapping[Kind, int] = MappingProxyType({"complaint": 10, "question": 2, "suggestion": 10, "report": 15})

TEXT_MAX = 1000
TEXT_MIN = 2
COMMENT_MAX = 300
REPLY_MAX = 2000
REASON_MAX = 300


def is_kind(value: object) -> TypeGuard[Kind]:
    return isinstance(value, str) and value in KIND_TEXT
