"""One status for a 一件事一次办 bundle whose items are processed as separate applications.

Pure. The citizen sees one status for the bundle; each child keeps its own. The rule, in
order:

1. No children yet (a draft bundle): the caller uses the parent's own state.
2. Any child RETURNED -> RETURNED: the citizen has something to do, whatever else runs.
3. Every child REFUSED -> REFUSED.
4. Otherwise the REFUSED children are set aside (they are finished and shown on their
   own) and the least advanced of the others wins, by the order
   draft < submitted < accepted < under_review < approved/denied < delivered:
   the bundle is as far as its slowest item.
5. At the approved/denied step the bundle is APPROVED when any of the slowest children
   was approved (something is waiting to be delivered to the citizen), DENIED when all
   of them were denied.
6. All remaining children DELIVERED -> DELIVERED (a refused item beside them does not
   hold the bundle open: nothing more will happen to it).
"""

from __future__ import annotations

from collections.abc import Sequence

from shared.applications.states import State

PROGRESS: dict[State, int] = {
    State.DRAFT: 0,
    State.SUBMITTED: 1,
    State.ACCEPTED: 2,
    State.UNDER_REVIEW: 3,
    State.APPROVED: 4,
    State.DENIED: 4,
    State.DELIVERED: 5,
}


def overall_state(children: Sequence[State]) -> State:
    """The bundle's status from its children's states (see the module docstring)."""
    if not children:
        raise ValueError("a bundle without children has its own state")
    if State.RETURNED in children:
        return State.RETURNED
    active = [state for state in children if state != State.REFUSED]
    if not active:
        return State.REFUSED
    slowest = min(PROGRESS[state] for state in active)
    at_slowest = {state for state in active if PROGRESS[state] == slowest}
    if at_slowest <= {State.APPROVED, State.DENIED}:
        return State.APPROVED if State.APPROVED in at_slowest else State.DENIED
    (state,) = at_slowest
    return state
