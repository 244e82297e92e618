"""Application numbers (申请编号 / 办件编号): what a citizen reads out at a window.

`YYYYMMDD` (the China date of the first submission) + a 5-digit daily sequence + one Luhn
check digit (ISO/IEC 7812-1 Annex B), e.g. `20261121000427`. The check digit catches every
single mistyped digit and most swapped neighbours, so a clerk typing a number from a
receipt gets "no such number" instead of someone else's application. A bundle's child is
the parent's number, `-` and its position (1-based): `20261121000427-2`.

Pure: the daily counter lives in the database (`repository.next_sequence`).
"""

from __future__ import annotations

import datetime as dt
import re

SEQUENCE_DIGITS = 5
MAX_SEQUENCE = 10**SEQUENCE_DIGITS - 1
_SHAPE = re.compile(r"(\d{8})(\d{5})(\d)(?:-([1-9]\d{0,2}))?", re.ASCII)


def luhn_check_digit(digits: str) -> str:
    """The digit that makes `digits + check` pass the Luhn test."""
    total = 0
    # Double every second digit counted from the right of the payload (where the check digit goes next).
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def luhn_valid(digits: str) -> bool:
    return len(digits) >= 2 and digits.isascii() and digits.isdigit() and luhn_check_digit(digits[:-1]) == digits[-1]


def make(day: dt.date, sequence: int) -> str:
    """The number of the `sequence`-th application submitted on `day` (1-based)."""
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise ValueError("the daily sequence is out of range")
    # Not `{day:%Y%m%d}`: strftime is several times slower, and every submission asks.
    payload = f"{day.year:04d}{day.month:02d}{day.day:02d}{sequence:0{SEQUENCE_DIGITS}d}"
    return payload + luhn_check_digit(payload)


def child(parent_number: str, position: int) -> str:
    """The number of the `position`-th item application of a bundle (1-based)."""
    if position < 1:
        raise ValueError("positions start at 1")
    return f"{parent_number}-{position}"


def day_key(day: dt.date) -> str:
    """The counter key of a day (`application_counters.day`)."""
    return day.isoformat()


def is_valid(text: str) -> bool:
    """Whether `text` has the shape of an application number with a good check digit and date."""
    match = _SHAPE.fullmatch(text)
    if match is None:
        return False
    date_part, sequence, _check, _position = match.groups()
    try:
        dt.datetime.strptime(date_part, "%Y%m%d")
    except ValueError:
        return False
    if int(sequence) == 0:
        return False
    return luhn_valid(text.split("-", 1)[0])


def looks_like_number(ref: str) -> bool:
    """A ref that is meant as a number rather than an opaque id (ids start with "a_")."""
    return bool(ref) and ref[0].isdigit()
