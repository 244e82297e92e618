"""The console's pure rules (shared.applications.console): what a typed search means, the
deadline filters, the order of urgency and the pages."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, strategies as st

from shared.applications import console, numbers
from shared.applications.deadlines import Light
from shared.applications.states import State
from shared.applications.timekeeping import NO_CLOCK, TimeStatus
from shared.i18n import Text
from tests.pii import ID_OLD, ID_ZHANG, PHONE_ZHANG

TODAY = dt.date(2026, 3, 2)
WHOLE = numbers.make(dt.date(2026, 3, 2), 427)
WRONG_CHECK = WHOLE[:-1] + str((int(WHOLE[-1]) + 1) % 10)


def running(light: Light | None, left: int | None) -> TimeStatus:
    return TimeStatus(light, None, None, left, light is None, Text("…"))


def test_a_typed_search_is_read_and_only_its_masked_form_is_shown() -> None:
    id_term = console.classify(f" {ID_ZHANG[:6]} {ID_ZHANG[6:].lower()} ", TODAY)
    assert id_term is not None and id_term.kind == "id_number" and id_term.value == ID_ZHANG
    assert id_term.label == ID_ZHANG[:4] + "*" * 10 + ID_ZHANG[-4:]
    assert ID_ZHANG not in repr(id_term)  # a log line or a traceback shows the label only
    old = console.classify(ID_OLD, TODAY)
    assert old is not None and old.kind == "id_number"
    phone = console.classify("+86 138-1234-5678", TODAY)
    assert phone is not None and (phone.kind, phone.value, phone.label) == ("phone", PHONE_ZHANG, "138****5678")
    number = console.classify(WHOLE, TODAY)
    assert number is not None and (number.kind, number.value) == ("number", WHOLE)
    child = console.classify(f"{WHOLE}-2", TODAY)
    assert child is not None and child.kind == "number"
    ending = console.classify("0427", TODAY)
    assert ending is not None and (ending.kind, ending.label) == ("number_end", "0427")
    name = console.classify("  张三  ", TODAY)
    assert name is not None and (name.kind, name.value, name.label) == ("name", "张三", "张*")
    # Not readable: too short or too long for a number's ending, a wrong check digit, a typo'd
    # phone number, symbols, nothing.
    for typed in ("123", "123456789", WRONG_CHECK, "1381234567", "<script>", "", " " * 5, "x" * 61):
        assert console.classify(typed, TODAY) is None, typed


@given(st.text(max_size=40))
def test_any_input_is_read_or_refused_never_an_error(typed: str) -> None:
    term = console.classify(typed, TODAY)
    assert term is None or term.kind in ("id_number", "phone", "name", "number", "number_end")


def test_deadline_filters() -> None:
    red, yellow, green = running("red", -2), running("yellow", 0), running("green", 5)
    paused = running(None, None)
    assert [console.matches_deadline(s, "overdue", 3) for s in (red, yellow, green, paused, NO_CLOCK)] == [
        True,
        False,
        False,
        False,
        False,
    ]
    assert [console.matches_deadline(s, "warning", 3) for s in (red, yellow, green, paused)] == [
        False,
        True,
        False,
        False,
    ]
    assert [console.matches_deadline(s, "due", 4) for s in (red, yellow, green, paused)] == [True, True, False, False]
    assert console.matches_deadline(green, "due", 5) and console.matches_deadline(paused, "all", 0)
    assert console.parse_deadline("overdue") == "overdue" and console.parse_deadline("DROP") == "all"
    assert console.parse_within("7") == 7 and console.parse_within("-1") == 3 and console.parse_within("999") == 60
    assert console.parse_within("٣") == 3  # only ASCII digits
    assert console.parse_state("accepted") == State.ACCEPTED and console.parse_state("draft") is None


def test_urgency_order() -> None:
    keys = {
        "late": console.urgency(State.ACCEPTED, running("red", -3), 50.0),
        "later_late": console.urgency(State.SUBMITTED, running("red", -1), 10.0),
        "soon": console.urgency(State.UNDER_REVIEW, running("yellow", 0), 5.0),
        "fine": console.urgency(State.ACCEPTED, running("green", 9), 1.0),
        "no_limit": console.urgency(State.SUBMITTED, NO_CLOCK, 0.0),
        "decided": console.urgency(State.APPROVED, NO_CLOCK, 0.0),
        "waiting_citizen": console.urgency(State.RETURNED, running(None, None), 0.0),
        "closed": console.urgency(State.DELIVERED, NO_CLOCK, 0.0),
        "refused": console.urgency(State.REFUSED, NO_CLOCK, None),
    }
    order = sorted(keys, key=lambda name: keys[name])
    assert order == [
        "late",
        "later_late",
        "soon",
        "fine",
        "no_limit",
        "decided",
        "waiting_citizen",
        "closed",
        "refused",
    ]


def test_pages() -> None:
    assert console.paging(0, 1) == console.Paging(page=1, pages=1, total=0)
    page = console.paging(120, 3, per_page=50)
    assert (page.page, page.pages, page.start, page.first_row, page.last_row) == (3, 3, 100, 101, 120)
    assert console.paging(120, 9, per_page=50).page == 3 and console.paging(120, 0, per_page=50).page == 1
    assert console.parse_page("2") == 2 and console.parse_page("0") == 1 and console.parse_page("x") == 1
