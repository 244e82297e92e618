"""A bundle's one status from its children's states, checked over every combination."""

from __future__ import annotations

import itertools

import pytest

from shared.applications.bundles import PROGRESS, overall_state
from shared.applications.states import State

COMBINATIONS = [combo for size in (1, 2, 3, 4) for combo in itertools.product(State, repeat=size)]


def expected(children: tuple[State, ...]) -> State:
    """The documented rule, written independently from the implementation."""
    if State.RETURNED in children:
        return State.RETURNED
    if all(state == State.REFUSED for state in children):
        return State.REFUSED
    rest = [state for state in children if state != State.REFUSED]
    order = [State.DRAFT, State.SUBMITTED, State.ACCEPTED, State.UNDER_REVIEW]
    for state in order:
        if state in rest:
            return state
    if State.APPROVED in rest:
        return State.APPROVED
    if State.DENIED in rest:
        return State.DENIED
    return State.DELIVERED


def test_every_combination_of_up_to_four_children() -> None:
    assert len(COMBINATIONS) == 9 + 81 + 729 + 6561
    for combo in COMBINATIONS:
        assert overall_state(combo) == expected(combo), combo


def test_order_does_not_matter() -> None:
    for combo in itertools.product(State, repeat=3):
        assert len({overall_state(p) for p in itertools.permutations(combo)}) == 1


def test_returned_wins_over_everything() -> None:
    for other in State:
        assert overall_state([other, State.RETURNED]) == State.RETURNED


def test_the_bundle_is_as_far_as_its_slowest_item() -> None:
    assert overall_state([State.DELIVERED, State.ACCEPTED]) == State.ACCEPTED
    assert overall_state([State.UNDER_REVIEW, State.SUBMITTED]) == State.SUBMITTED
    assert overall_state([State.DELIVERED, State.DENIED]) == State.DENIED
    assert overall_state([State.APPROVED, State.DENIED]) == State.APPROVED
    for combo in COMBINATIONS:
        result = overall_state(combo)
        if result not in (State.RETURNED, State.REFUSED):
            assert PROGRESS[result] == min(PROGRESS[s] for s in combo if s != State.REFUSED)


def test_finished_bundles() -> None:
    assert overall_state([State.DELIVERED, State.DELIVERED]) == State.DELIVERED
    assert overall_state([State.REFUSED, State.REFUSED]) == State.REFUSED
    # A refused item does not hold the bundle open once the others are delivered.
    assert overall_state([State.REFUSED, State.DELIVERED]) == State.DELIVERED


def test_a_bundle_without_children_has_no_overall_state() -> None:
    with pytest.raises(ValueError):
        overall_state([])
