"""Which action forms the detail page offers to this person, for this application, now.

Pure (no I/O). The page shows only forms that can succeed, so a clerk is never invited to
press a button that answers 403 or 409. It is a courtesy, not the check: every action is
checked again by `shared.applications.workflow` inside its transaction (ASVS 8.2.1/8.2.2),
and the tests post forms the page did not offer to prove it.

The rules mirror the workflow's:

- 受理 / 补正 / 不予受理 (accept, return, refuse): a window clerk of the lead department,
  while the application is submitted; a return only while the correct-once rule
  (一次性告知) leaves one (`states.may_return`).
- 批准再次退回 (override the correct-once rule): a supervisor, while the application is
  submitted and has used up its return.
- 审查意见 (opinion): a reviewer whose department has a review task without an opinion yet.
- 办结 (approve / deny): a reviewer of the lead department once every opinion is in;
  approval only when every department agreed (`states.may_decide`).
- 送达 (window hand-out, mail): a window clerk of the lead department, once approved, when
  the citizen chose the window or mail (or nothing); electronic delivery and kiosk print are
  not a clerk's, and a denial is delivered by the system with the decision.
- 登记窗口来访 (a window visit): a window clerk who may see the application, once it
  has been submitted (a draft has no window to visit).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from shared.applications.states import State, may_decide, may_return
from shared.staff.roles import Action, Role, can

# The ways of delivery a window clerk carries out (None: the citizen did not choose).
CLERK_DELIVERY = frozenset({None, "window", "mail"})


@dataclass(frozen=True, slots=True)
class Offers:
    """The forms to show; each flag names one POST action of the detail page."""

    accept: bool = False
    return_: bool = False
    refuse: bool = False
    override: bool = False
    opinion: bool = False
    approve: bool = False
    deny: bool = False
    deliver: bool = False
    visit: bool = False

    @property
    def decide(self) -> bool:
        return self.approve or self.deny

    @property
    def any(self) -> bool:
        return any(
            (self.accept, self.return_, self.refuse, self.override, self.opinion, self.decide, self.deliver, self.visit)
        )


def offers(
    *,
    role: Role,
    department: str | None,
    state: State,
    lead_department: str | None,
    returns: int,
    return_overrides: int,
    opinions: Mapping[str, str | None],
    delivery_method: str | None = None,
) -> Offers:
    """The action forms for a person with `role` in `department` (None: hall-wide).

    `opinions` maps each department with a review task to its opinion ("agree",
    "disagree") or None while it has not given one.
    """
    leads = department is not None and department == lead_department
    clerk = can(role, Action.ACCEPT_APPLICATIONS)
    reviewer = can(role, Action.REVIEW_APPLICATIONS)
    submitted = state == State.SUBMITTED
    return_left = may_return(returns, return_overrides)
    own_task_open = department is not None and department in opinions and opinions[department] is None
    deciding = reviewer and leads and state == State.UNDER_REVIEW
    return Offers(
        accept=clerk and leads and submitted,
        return_=clerk and leads and submitted and return_left,
        refuse=clerk and leads and submitted,
        override=can(role, Action.OVERRIDE_CORRECTION_RULE) and submitted and not return_left,
        opinion=reviewer and own_task_open and state in {State.ACCEPTED, State.UNDER_REVIEW},
        approve=deciding and may_decide(opinions, "approve"),
        deny=deciding and may_decide(opinions, "deny"),
        deliver=clerk and leads and state == State.APPROVED and delivery_method in CLERK_DELIVERY,
        visit=clerk and state != State.DRAFT,
    )
