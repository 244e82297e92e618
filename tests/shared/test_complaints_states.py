"""The case moves (shared.complaints.states), every allowed and refused one, and the pure
rules of who handles what and when a case is due."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from shared.calendar.days import weekends_only
from shared.complaints import deadlines, rules
from shared.complaints.kinds import DEADLINE_DAYS, KINDS
from shared.complaints.states import (
    AlreadyRated,
    AlreadyTaken,
    CaseFacts,
    CaseState,
    Move,
    NotAnsweredYet,
    NotOwner,
    SameOwner,
    Who,
    WrongState,
    check,
)
from shared.staff.roles import Role

OWNER, OTHER, THIRD = 1, 2, 3
OWNED = (CaseState.TAKEN, CaseState.ANSWERED, CaseState.CLOSED)


def facts(state: CaseState, rated: bool = False) -> CaseFacts:
    return CaseFacts(state, None if state is CaseState.OPEN else OWNER, rated)


# (state, move, who, to) -> the next state, or the refusal it raises
ALLOWED = [
    (CaseState.OPEN, Move.TAKE, Who(staff_id=OTHER), None, CaseState.TAKEN),
    (CaseState.OPEN, Move.TAKE, Who(staff_id=OTHER, supervisor=True), None, CaseState.TAKEN),
    (CaseState.TAKEN, Move.REPLY, Who(staff_id=OWNER), None, CaseState.ANSWERED),
    (CaseState.ANSWERED, Move.REPLY, Who(staff_id=OWNER), None, CaseState.ANSWERED),
    (CaseState.ANSWERED, Move.CLOSE, Who(staff_id=OWNER), None, CaseState.CLOSED),
    (CaseState.TAKEN, Move.REASSIGN, Who(staff_id=OWNER), OTHER, CaseState.TAKEN),
    (CaseState.ANSWERED, Move.REASSIGN, Who(staff_id=OWNER), OTHER, CaseState.ANSWERED),
    (CaseState.TAKEN, Move.REASSIGN, Who(staff_id=THIRD, supervisor=True), OTHER, CaseState.TAKEN),
    (CaseState.ANSWERED, Move.RATE, Who(citizen=True), None, CaseState.ANSWERED),
    (CaseState.CLOSED, Move.RATE, Who(citizen=True), None, CaseState.CLOSED),
]

REFUSED = [
    # 首问负责制: once taken, nobody takes it again, not even its owner or a supervisor
    *[(state, Move.TAKE, Who(staff_id=OTHER), None, AlreadyTaken) for state in (CaseState.TAKEN, CaseState.ANSWERED)],
    (CaseState.TAKEN, Move.TAKE, Who(staff_id=OWNER), None, AlreadyTaken),
    (CaseState.TAKEN, Move.TAKE, Who(staff_id=OTHER, supervisor=True), None, AlreadyTaken),
    (CaseState.CLOSED, Move.TAKE, Who(staff_id=OTHER), None, WrongState),
    # only the owner replies and closes; a supervisor does not answer for them
    (CaseState.TAKEN, Move.REPLY, Who(staff_id=OTHER), None, NotOwner),
    (CaseState.TAKEN, Move.REPLY, Who(staff_id=OTHER, supervisor=True), None, NotOwner),
    (CaseState.ANSWERED, Move.CLOSE, Who(staff_id=OTHER), None, NotOwner),
    (CaseState.ANSWERED, Move.CLOSE, Who(staff_id=OTHER, supervisor=True), None, NotOwner),
    (CaseState.ANSWERED, Move.REASSIGN, Who(staff_id=OTHER), THIRD, NotOwner),
    # nothing moves an open case but taking, nothing moves a closed one
    (CaseState.OPEN, Move.REPLY, Who(staff_id=OWNER), None, WrongState),
    (CaseState.OPEN, Move.CLOSE, Who(staff_id=OWNER), None, WrongState),
    (CaseState.OPEN, Move.REASSIGN, Who(staff_id=OWNER, supervisor=True), OTHER, WrongState),
    (CaseState.CLOSED, Move.REPLY, Who(staff_id=OWNER), None, WrongState),
    (CaseState.CLOSED, Move.CLOSE, Who(staff_id=OWNER), None, WrongState),
    (CaseState.CLOSED, Move.REASSIGN, Who(staff_id=OWNER), OTHER, WrongState),
    # closing needs an answer first
    (CaseState.TAKEN, Move.CLOSE, Who(staff_id=OWNER), None, NotAnsweredYet),
    # a reassignment goes to someone else
    (CaseState.TAKEN, Move.REASSIGN, Who(staff_id=OWNER), OWNER, SameOwner),
    (CaseState.TAKEN, Move.REASSIGN, Who(staff_id=OWNER), None, SameOwner),
    # the citizen rates only an answer, and only as the citizen
    (CaseState.OPEN, Move.RATE, Who(citizen=True), None, NotAnsweredYet),
    (CaseState.TAKEN, Move.RATE, Who(citizen=True), None, NotAnsweredYet),
    (CaseState.ANSWERED, Move.RATE, Who(staff_id=OWNER), None, NotOwner),
    # staff moves are not the citizen's
    *[(state, move, Who(citizen=True), OTHER, NotOwner) for state in OWNED for move in (Move.REPLY, Move.CLOSE)],
    (CaseState.OPEN, Move.TAKE, Who(citizen=True), None, NotOwner),
    (CaseState.OPEN, Move.TAKE, Who(), None, NotOwner),
]


@pytest.mark.parametrize(("state", "move", "who", "to", "expected"), ALLOWED)
def test_allowed_moves(state: CaseState, move: Move, who: Who, to: int | None, expected: CaseState) -> None:
    assert check(facts(state), move, who, to_staff_id=to) is expected


@pytest.mark.parametrize(("state", "move", "who", "to", "refusal"), REFUSED)
def test_refused_moves(state: CaseState, move: Move, who: Who, to: int | None, refusal: type[Exception]) -> None:
    with pytest.raises(refusal):
        check(facts(state), move, who, to_staff_id=to)


@pytest.mark.parametrize("state", [CaseState.ANSWERED, CaseState.CLOSED])
def test_an_answer_is_rated_once(state: CaseState) -> None:
    with pytest.raises(AlreadyRated):
        check(facts(state, rated=True), Move.RATE, Who(citizen=True))


def test_every_combination_either_moves_to_a_known_state_or_refuses_clearly() -> None:
    """No move of any state by anyone crashes or lands somewhere undefined."""
    people = [Who(staff_id=OWNER), Who(staff_id=OTHER), Who(staff_id=OTHER, supervisor=True), Who(citizen=True)]
    for state, move, who, to in itertools.product(CaseState, Move, people, (None, OTHER, OWNER)):
        try:
            after = check(facts(state), move, who, to_staff_id=to)
        except (AlreadyTaken, NotOwner, WrongState, NotAnsweredYet, AlreadyRated, SameOwner):
            continue
        assert after in CaseState
        # Nothing ever leads back to open, and a closed case never reopens.
        assert after is not CaseState.OPEN
        if state is CaseState.CLOSED:
            assert after is CaseState.CLOSED and move is Move.RATE


class Staff:
    def __init__(self, role: Role, department: str | None) -> None:
        self.role = role
        self.department_code = department


def test_who_handles_what() -> None:
    clerk_ga, clerk_wj = Staff(Role.CLERK, "GA"), Staff(Role.CLERK, "WJ")
    supervisor, admin, reviewer = Staff(Role.SUPERVISOR, None), Staff(Role.ADMIN, None), Staff(Role.REVIEWER, "GA")
    assert rules.may_handle(clerk_ga, None) and rules.may_handle(clerk_wj, None)  # the hall's: any clerk
    assert rules.may_handle(clerk_ga, "GA") and not rules.may_handle(clerk_wj, "GA")  # a department's: its own
    assert rules.may_handle(supervisor, "GA") and rules.may_handle(supervisor, None)
    assert not rules.may_handle(admin, None) and not rules.may_handle(reviewer, "GA")
    assert rules.queue_departments(clerk_ga) == ["GA"] and rules.queue_departments(supervisor) is None


def test_deadlines_count_working_days_from_the_day_after() -> None:
    days = weekends_only()
    friday = dt.date(2026, 11, 20)
    # A question raised on a Friday: Monday and Tuesday are its two working days.
    assert deadlines.due_date(days, "question", friday) == dt.date(2026, 11, 24)
    # A complaint: ten working days, two weekends skipped.
    assert deadlines.due_date(days, "complaint", friday) == dt.date(2026, 12, 4)
    for kind in KINDS:
        for offset in range(14):
            due = deadlines.due_date(days, kind, friday + dt.timedelta(days=offset))
            assert due.weekday() < 5
            assert (due - friday - dt.timedelta(days=offset)).days >= DEADLINE_DAYS[kind]


def test_overdue_only_without_an_answer_after_the_due_day() -> None:
    due = dt.date(2026, 11, 24)
    assert not deadlines.is_overdue(due, answered=False, today=due)
    assert deadlines.is_overdue(due, answered=False, today=due + dt.timedelta(days=1))
    assert not deadlines.is_overdue(due, answered=True, today=due + dt.timedelta(days=30))
