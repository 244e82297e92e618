"""Where a case stands and who may move it (pure rules, no I/O).

    open ──take──▶ taken ──reply──▶ answered ──close──▶ closed
                     ▲  └─reassign─┘  │ ▲ reply (a further answer)
                     └──reassign──────┘ │ reassign

首问负责制 (first-asked responsibility): the first staff member who takes an open case owns
it until it is closed. Nobody else can take it (a second taker is refused); only the owner
replies and closes; the owner — or a supervisor (监察人员), when the owner is away — hands
it to someone else with a reason, and that person owns it from then on. A closed case
moves no more. The citizen rates the answer once, after there is one (answered or closed).

`check` answers the next state or raises the refusal a page or the API shows; the store
(`shared.complaints.store`) asks it before every change and guards the UPDATE with the
state it read, so two clicks at once cannot both pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from shared.errors import Conflict, Forbidden
from shared.i18n import Text


class CaseState(StrEnum):
    OPEN = "open"  # raised, nobody has taken it yet
    TAKEN = "taken"  # owned by a staff member, not answered yet
    ANSWERED = "answered"  # the owner replied; may reply again, reassign or close
    CLOSED = "closed"  # done; nothing moves any more


class Move(StrEnum):
    TAKE = "take"
    REASSIGN = "reassign"
    REPLY = "reply"
    CLOSE = "close"
    RATE = "rate"


STATE_TEXT = {
    CaseState.OPEN: Text("待受理", "Waiting"),
    CaseState.TAKEN: Text("办理中", "Being handled"),
    CaseState.ANSWERED: Text("已答复", "Answered"),
    CaseState.CLOSED: Text("已办结", "Closed"),
}

# Which state each move may start from, and where it leads.
MOVES: dict[Move, dict[CaseState, CaseState]] = {
    Move.TAKE: {CaseState.OPEN: CaseState.TAKEN},
    Move.REASSIGN: {CaseState.TAKEN: CaseState.TAKEN, CaseState.ANSWERED: CaseState.ANSWERED},
    Move.REPLY: {CaseState.TAKEN: CaseState.ANSWERED, CaseState.ANSWERED: CaseState.ANSWERED},
    Move.CLOSE: {CaseState.ANSWERED: CaseState.CLOSED},
    Move.RATE: {CaseState.ANSWERED: CaseState.ANSWERED, CaseState.CLOSED: CaseState.CLOSED},
}


class AlreadyTaken(Conflict):
    code = "complaint_taken"
    default_message = Text(
        "该事项已由其他工作人员受理（首问负责制），请勿重复受理。",
        "Someone else has taken this case already (first-asked responsibility).",
    )


class NotOwner(Forbidden):
    code = "complaint_not_owner"
    default_message = Text(
        "只有受理该事项的工作人员可以答复或办结。", "Only the staff member who took this case may reply or close it."
    )


class WrongState(Conflict):
    code = "complaint_wrong_state"
    default_message = Text(
        "该事项当前状态下不能这样操作。", "This case cannot be changed that way in its current state."
    )


class NotAnsweredYet(Conflict):
    code = "complaint_not_answered"
    default_message = Text("答复之后才能办结或评价。", "There must be an answer before closing or rating.")


class AlreadyRated(Conflict):
    code = "complaint_rated"
    default_message = Text("您已评价过这次答复，评价不能修改。", "You have rated this answer already; a rating stays.")


class SameOwner(Conflict):
    code = "complaint_same_owner"
    default_message = Text("请选择另一位工作人员。", "Choose another staff member.")


@dataclass(frozen=True, slots=True)
class Who:
    """Who asks for a move: a staff member (by account id) or the citizen who raised it."""

    staff_id: int | None = None
    supervisor: bool = False
    citizen: bool = False


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the rules need to know about a case."""

    state: CaseState
    owner_id: int | None
    rated: bool = False


def check(case: CaseFacts, move: Move, who: Who, *, to_staff_id: int | None = None) -> CaseState:
    """The state after `move`, or the refusal: AlreadyTaken, NotOwner, WrongState,
    NotAnsweredYet, AlreadyRated or SameOwner."""
    if move is Move.RATE:
        if not who.citizen:
            raise NotOwner()
        if case.rated:
            raise AlreadyRated()
        if case.state in (CaseState.OPEN, CaseState.TAKEN):
            raise NotAnsweredYet()
        return MOVES[move][case.state]
    if who.citizen or who.staff_id is None:
        raise NotOwner()
    if move is Move.TAKE:
        if case.state is not CaseState.OPEN or case.owner_id is not None:
            raise AlreadyTaken() if case.state is not CaseState.CLOSED else WrongState()
        return CaseState.TAKEN
    if case.state is CaseState.CLOSED or case.state is CaseState.OPEN:
        raise WrongState()
    owner = case.owner_id == who.staff_id
    if move is Move.REASSIGN:
        if not (owner or who.supervisor):
            raise NotOwner()
        if to_staff_id is None or to_staff_id == case.owner_id:
            raise SameOwner()
        return MOVES[move][case.state]
    if not owner:
        raise NotOwner()
    if move is Move.CLOSE and case.state is not CaseState.ANSWERED:
        raise NotAnsweredYet()
    return MOVES[move][case.state]
