"""Application numbers: date + daily sequence + Luhn check digit, and bundle children."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from shared.applications import numbers

DAYS = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))
SEQUENCES = st.integers(1, numbers.MAX_SEQUENCE)


def test_known_numbers() -> None:
    # Luhn of "2026112100042": worked by hand, doubling every second digit from the right.
    assert numbers.make(dt.date(2026, 11, 21), 42) == "20261121000420"
    assert numbers.luhn_check_digit("7992739871") == "3"  # the classic example
    assert numbers.child("20261121000420", 2) == "20261121000420-2"
    assert numbers.day_key(dt.date(2026, 11, 21)) == "2026-11-21"


@given(DAYS, SEQUENCES)
def test_made_numbers_are_valid_and_readable(day: dt.date, sequence: int) -> None:
    number = numbers.make(day, sequence)
    assert len(number) == 14 and number.isdigit()
    assert number.startswith(day.strftime("%Y%m%d"))
    assert int(number[8:13]) == sequence
    assert numbers.is_valid(number)
    assert numbers.is_valid(numbers.child(number, 3))
    assert numbers.looks_like_number(number) and not numbers.looks_like_number("a_" + number)


@given(DAYS, SEQUENCES, st.integers(0, 13), st.integers(1, 9))
def test_every_single_digit_mistake_is_caught(day: dt.date, sequence: int, position: int, shift: int) -> None:
    number = numbers.make(day, sequence)
    wrong = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]
    assert not numbers.luhn_valid(wrong)
    assert not numbers.is_valid(wrong)


@given(DAYS, SEQUENCES, st.integers(0, 12))
def test_swapped_neighbours_are_caught_unless_they_are_09_or_equal(day: dt.date, sequence: int, i: int) -> None:
    number = numbers.make(day, sequence)
    a, b = number[i], number[i + 1]
    swapped = number[:i] + b + a + number[i + 2 :]
    if a == b or {a, b} == {"0", "9"}:
        return  # Luhn's known blind spot
    assert not numbers.luhn_valid(swapped)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026112100042",  # too short
        "202611210004200",  # too long
        "20261321000421",  # month 13
        "20261121000000",  # sequence 0
        "20261121000420-0",  # positions start at 1
        "20261121000420-",
        "a_20261121000420",
        "２０２６１１２１０００４２０",  # full-width digits
        "20261121000421",  # wrong check digit
    ],
)
def test_malformed_numbers_are_refused(text: str) -> None:
    assert not numbers.is_valid(text)


def test_out_of_range_sequences_are_refused() -> None:
    with pytest.raises(ValueError):
        numbers.make(dt.date(2026, 1, 1), 0)
    with pytest.raises(ValueError):
        numbers.make(dt.date(2026, 1, 1), numbers.MAX_SEQUENCE + 1)
    with pytest.raises(ValueError):
        numbers.child("20261121000420", 0)
