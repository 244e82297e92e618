"""The states of an application (办件) and the acts that move it: pure rules, no I/O.

    draft ─submit─▶ submitted ─accept─▶ accepted ─opinion─▶ under_review ─approve─▶ approved ─┐
                     │ ▲   │                               (opinion)  └─deny───▶ denied ───┤
              return │ │   └─refuse─▶ refused                                            deliver
                     ▼ │ resubmit                                                          ▼
                    returned (补正: waiting for the citizen)                            delivered

- 补正 once (一次性告知, State Council "放管服" rules on telling everything at once): a
  window clerk returns an application listing every problem in one go, so a second
  return is refused unless a supervisor allows one more, which is recorded.
- 并联审批 (parallel review): every department with a review task gives its opinion at
  the same time; the lead department decides only when all are in, and may approve only
  when all agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

from shared.errors import Conflict
from shared.i18n import Text


class State(StrEnum):
    DRAFT = "draft"  # 草稿
    SUBMITTED = "submitted"  # 已提交
    RETURNED = "returned"  # 待补正 (waiting for the citizen)
    REFUSED = "refused"  # 不予受理 (terminal)
    ACCEPTED = "accepted"  # 已受理
    UNDER_REVIEW = "under_review"  # 审查中 (并联审批)
    APPROVED = "approved"  # 办结：准予办理
    DENIED = "denied"  # 办结：不予办理
    DELIVERED = "delivered"  # 已送达 / 出件 (terminal)


class Act(StrEnum):
    SUBMIT = "submit"  # citizen
    RESUBMIT = "resubmit"  # citizen, after 补正
    ACCEPT = "accept"  # window clerk of the lead department
    RETURN = "return"  # window clerk: 补正
    REFUSE = "refuse"  # window clerk: 不予受理
    OVERRIDE_RETURN = "override_return"  # supervisor allows one more return (recorded)
    OPINION = "opinion"  # reviewer of a department with a review task
    APPROVE = "approve"  # reviewer of the lead department, all opinions in and agreeing
    DENY = "deny"  # reviewer of the lead department, all opinions in
    DELIVER = "deliver"  # clerk (window, mail), system (electronic), kiosk (kiosk_print)


STATE_TEXT: Mapping[State, Text] = MappingProxyType(
    {
        State.DRAFT: Text("草稿", "Draft"),
        State.SUBMITTED: Text("已提交", "Submitted"),
        State.RETURNED: Text("待补正", "Returned for correction"),
        State.REFUSED: Text("不予受理", "Refused"),
        State.ACCEPTED: Text("已受理", "Accepted"),
        State.UNDER_REVIEW: Text("审查中", "Under review"),
        State.APPROVED: Text("准予办理", "Approved"),
        State.DENIED: Text("不予办理", "Denied"),
        State.DELIVERED: Text("已送达", "Delivered"),
    }
)

ACT_TEXT: Mapping[Act, Text] = MappingProxyType(
    {
        Act.SUBMIT: Text("提交", "submit"),
        Act.RESUBMIT: Text("补正后重新提交", "resubmit after correction"),
        Act.ACCEPT: Text("受理", "accept"),
        Act.RETURN: Text("退回补正", "return for correction"),
        Act.REFUSE: Text("不予受理", "refuse"),
        Act.OVERRIDE_RETURN: Text("批准再次退回补正", "allow another return for correction"),
        Act.OPINION: Text("出具审查意见", "give a review opinion"),
        Act.APPROVE: Text("准予办理", "approve"),
        Act.DENY: Text("不予办理", "deny"),
        Act.DELIVER: Text("送达", "deliver"),
    }
)

TRANSITIONS: Mapping[tuple[State, Act], State] = MappingProxyType(
    {
        (State.DRAFT, Act.SUBMIT): State.SUBMITTED,
        (State.RETURNED, Act.RESUBMIT): State.SUBMITTED,
        (State.SUBMITTED, Act.ACCEPT): State.ACCEPTED,
        (State.SUBMITTED, Act.RETURN): State.RETURNED,
        (State.SUBMITTED, Act.REFUSE): State.REFUSED,
        # The supervisor's permission changes the counter, not the state: the clerk still returns.
        (State.SUBMITTED, Act.OVERRIDE_RETURN): State.SUBMITTED,
        (State.ACCEPTED, Act.OPINION): State.UNDER_REVIEW,
        (State.UNDER_REVIEW, Act.OPINION): State.UNDER_REVIEW,
        (State.UNDER_REVIEW, Act.APPROVE): State.APPROVED,
        (State.UNDER_REVIEW, Act.DENY): State.DENIED,
        (State.APPROVED, Act.DELIVER): State.DELIVERED,
        (State.DENIED, Act.DELIVER): State.DELIVERED,
    }
)

TERMINAL: frozenset[State] = frozenset({State.REFUSED, State.DELIVERED})
# "With the government": submitted and not yet decided; the clock of the promised time runs.
RUNNING: frozenset[State] = frozenset({State.SUBMITTED, State.ACCEPTED, State.UNDER_REVIEW})
# The citizen may change answers, files and delivery only while the application is theirs.
EDITABLE: frozenset[State] = frozenset({State.DRAFT, State.RETURNED})


class TransitionRefused(Conflict):
    """409: the act is not allowed in the application's current state."""

    code = "transition_refused"

    def __init__(self, state: State, act: Act) -> None:
        super().__init__(
            Text(
                f"申请当前状态为“{STATE_TEXT[state].zh}”，不能{ACT_TEXT[act].zh}。",
                f"The application is {STATE_TEXT[state].en}; it cannot {ACT_TEXT[act].en} now.",
            )
        )
        self.state = state
        self.act = act


class CorrectOnceRule(Conflict):
    """409: 补正 is told once; a second return needs a supervisor's permission first."""

    code = "correct_once"
    default_message = Text(
        "该申请已退回补正过一次，须一次性告知全部问题；再次退回需监察人员批准。",
        "This application was already returned for correction once (everything must be told at once);"
        " a supervisor must allow a second return.",
    )


def next_state(state: State, act: Act) -> State:
    """The state after `act`, or TransitionRefused."""
    try:
        return TRANSITIONS[(state, act)]
    except KeyError:
        raise TransitionRefused(state, act) from None


def allowed_acts(state: State) -> frozenset[Act]:
    return frozenset(act for (source, act) in TRANSITIONS if source == state)


def may_return(returns_so_far: int, overrides_granted: int) -> bool:
    """补正 once: one return, plus one more for every supervisor override granted."""
    return returns_so_far < 1 + overrides_granted


Opinion = Literal["agree", "disagree"]
Decision = Literal["approve", "deny"]


def review_complete(opinions: Mapping[str, str | None]) -> bool:
    """Every department with a task has given its opinion (and there is at least one task)."""
    return bool(opinions) and all(opinion is not None for opinion in opinions.values())


def may_decide(opinions: Mapping[str, str | None], decision: Decision) -> bool:
    """Deny once every opinion is in; approve only when every department agrees."""
    if not review_complete(opinions):
        return False
    if decision == "approve":
        return all(opinion == "agree" for opinion in opinions.values())
    return True
