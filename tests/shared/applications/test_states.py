"""The pure state rules: every (state, act) pair of the full product, the correct-once rule
and the parallel-review decision rules."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, strategies as st

from shared.applications.states import (
    ACT_TEXT,
    EDITABLE,
    RUNNING,
    STATE_TEXT,
    TERMINAL,
    TRANSITIONS,
    Act,
    CorrectOnceRule,
    State,
    TransitionRefused,
    allowed_acts,
    may_decide,
    may_return,
    next_state,
    review_complete,
)

EXPECTED = {
    (State.DRAFT, Act.SUBMIT): State.SUBMITTED,
    (State.RETURNED, Act.RESUBMIT): State.SUBMITTED,
    (State.SUBMITTED, Act.ACCEPT): State.ACCEPTED,
    (State.SUBMITTED, Act.RETURN): State.RETURNED,
    (State.SUBMITTED, Act.REFUSE): State.REFUSED,
    (State.SUBMITTED, Act.OVERRIDE_RETURN): State.SUBMITTED,
    (State.ACCEPTED, Act.OPINION): State.UNDER_REVIEW,
    (State.UNDER_REVIEW, Act.OPINION): State.UNDER_REVIEW,
    (State.UNDER_REVIEW, Act.APPROVE): State.APPROVED,
    (State.UNDER_REVIEW, Act.DENY): State.DENIED,
    (State.APPROVED, Act.DELIVER): State.DELIVERED,
    (State.DENIED, Act.DELIVER): State.DELIVERED,
}
PAIRS = list(itertools.product(State, Act))


def test_the_table_is_the_one_agreed() -> None:
    assert dict(TRANSITIONS) == EXPECTED


@pytest.mark.parametrize(("state", "act"), PAIRS, ids=[f"{s.value}-{a.value}" for s, a in PAIRS])
def test_every_pair_is_allowed_or_refused_with_a_409(state: State, act: Act) -> None:
    if (state, act) in EXPECTED:
        assert next_state(state, act) == EXPECTED[(state, act)]
        assert act in allowed_acts(state)
        return
    with pytest.raises(TransitionRefused) as refused:
        next_state(state, act)
    error = refused.value
    assert error.status == 409 and error.code == "transition_refused"
    assert STATE_TEXT[state].zh in error.message.zh and ACT_TEXT[act].zh in error.message.zh
    assert STATE_TEXT[state].get("en") in (error.message.en or "")
    assert act not in allowed_acts(state)


def test_terminal_states_allow_nothing_and_every_state_has_words() -> None:
    for state in TERMINAL:
        assert allowed_acts(state) == frozenset()
    assert set(STATE_TEXT) == set(State) and set(ACT_TEXT) == set(Act)
    assert all(text.en for text in [*STATE_TEXT.values(), *ACT_TEXT.values()])
    assert {State.DRAFT, State.RETURNED} == EDITABLE
    assert not RUNNING & TERMINAL


def test_every_state_is_reachable_from_a_draft() -> None:
    reached = {State.DRAFT}
    frontier = [State.DRAFT]
    while frontier:
        state = frontier.pop()
        for act in allowed_acts(state):
            following = next_state(state, act)
            if following not in reached:
                reached.add(following)
                frontier.append(following)
    assert reached == set(State)


def test_correct_once() -> None:
    assert may_return(0, 0)
    assert not may_return(1, 0)
    assert may_return(1, 1)
    assert not may_return(2, 1)
    error = CorrectOnceRule()
    assert error.status == 409 and "监察" in error.message.zh and "supervisor" in (error.message.en or "")


@given(st.integers(0, 20), st.integers(0, 20))
def test_each_override_allows_exactly_one_more_return(returns: int, overrides: int) -> None:
    assert may_return(returns, overrides) == (returns <= overrides)


OPINION = st.sampled_from(["agree", "disagree", None])


@given(st.dictionaries(st.sampled_from(["GA", "WJ", "YB", "SCJG"]), OPINION, min_size=1))
def test_decisions_wait_for_every_opinion_and_approval_for_every_agreement(opinions: dict[str, str | None]) -> None:
    complete = all(value is not None for value in opinions.values())
    assert review_complete(opinions) == complete
    assert may_decide(opinions, "deny") == complete
    assert may_decide(opinions, "approve") == (complete and all(v == "agree" for v in opinions.values()))


def test_no_tasks_means_no_decision() -> None:
    assert not review_complete({})
    assert not may_decide({}, "approve") and not may_decide({}, "deny")
