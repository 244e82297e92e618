"""The work console's rules (工作台): filters, the order of urgency, paging and what a typed
search means. Pure functions, no I/O; the SQL is in `shared.applications.search`.

- Deadline filters read the running clock (`timekeeping.TimeStatus`): 逾期 overdue is a red
  light, 预警 warning a yellow one, "due within N working days" every running clock with N
  or fewer working days left (those already overdue included: they are due the most).
- Most urgent first: running applications by light (red, yellow, green) and working days
  left, then running ones without a light (paused by a special procedure, or without a
  promised limit), then decided ones waiting to be delivered, then those waiting for the
  citizen's correction, then closed ones; ties by submission, first come first served.
- A search typed into the console is classified here: a whole ID number (GB 11643) or
  mobile number is a search by person, kept out of every URL; an application number
  (whole, or its last 4-8 digits) or a full name likewise goes through the POST form.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from shared.applications import numbers
from shared.applications.states import RUNNING, State
from shared.applications.timekeeping import TimeStatus
from shared.identity.numbers import normalize_id_number, normalize_mobile, normalize_name
from shared.privacy.masking import mask_id_number, mask_name, mask_phone

Deadline = Literal["all", "overdue", "warning", "due"]
DEADLINES: tuple[Deadline, ...] = ("all", "overdue", "warning", "due")
SortOrder = Literal["urgency", "oldest", "newest"]
SORT_ORDERS: tuple[SortOrder, ...] = ("urgency", "oldest", "newest")
DEFAULT_WITHIN = 3
MAX_WITHIN = 60
PER_PAGE = 50
MAX_PAGE = 10_000

SearchKind = Literal["id_number", "phone", "name", "number", "number_end"]
PERSON_KINDS: frozenset[str] = frozenset({"id_number", "phone", "name"})
NUMBER_END = re.compile(r"\d{4,8}", re.ASCII)

# The order work flows through the console's tabs (a draft is never staff's).
CONSOLE_STATES: tuple[State, ...] = (
    State.SUBMITTED,
    State.RETURNED,
    State.ACCEPTED,
    State.UNDER_REVIEW,
    State.APPROVED,
    State.DENIED,
    State.DELIVERED,
    State.REFUSED,
)
_DECIDED = frozenset({State.APPROVED, State.DENIED})
_LIGHT_RANK = {"red": 0, "yellow": 1, "green": 2}


def parse_state(raw: str | None) -> State | None:
    """A console tab; anything unknown is no filter at all (never an error)."""
    return next((state for state in CONSOLE_STATES if state.value == raw), None)


def parse_deadline(raw: str | None) -> Deadline:
    return next((value for value in DEADLINES if value == raw), "all")


def parse_sort(raw: str | None) -> SortOrder:
    return next((value for value in SORT_ORDERS if value == raw), "urgency")


def _int(raw: str | None, default: int, low: int, high: int) -> int:
    if raw is None or not raw.isascii() or not raw.strip().isdigit():
        return default
    return max(low, min(high, int(raw.strip())))


def parse_within(raw: str | None) -> int:
    """N of "due within N working days": 0 (today) to MAX_WITHIN, 3 when not given."""
    return _int(raw, DEFAULT_WITHIN, 0, MAX_WITHIN)


def parse_page(raw: str | None) -> int:
    return _int(raw, 1, 1, MAX_PAGE)


def matches_deadline(status: TimeStatus, deadline: Deadline, within: int) -> bool:
    if deadline == "all":
        return True
    if deadline == "overdue":
        return status.light == "red"
    if deadline == "warning":
        return status.light == "yellow"
    left = status.working_days_left
    return status.light is not None and left is not None and left <= within


def urgency(state: State, status: TimeStatus, submitted_ts: float | None) -> tuple[int, int, float]:
    """The sort key of "most urgent first" (smaller is more urgent)."""
    submitted = submitted_ts if submitted_ts is not None else math.inf
    if state in RUNNING:
        if status.light is not None:
            left = status.working_days_left if status.working_days_left is not None else 10**6
            return _LIGHT_RANK[status.light], left, submitted
        return 3, 10**6, submitted
    if state in _DECIDED:
        return 4, 0, submitted
    if state == State.RETURNED:
        return 5, 0, submitted
    return 6, 0, submitted


def sort_key(order: SortOrder, state: State, status: TimeStatus, submitted_ts: float | None) -> tuple[float, ...]:
    submitted = submitted_ts if submitted_ts is not None else math.inf
    if order == "oldest":
        return (submitted,)
    if order == "newest":
        return (-submitted,)
    return urgency(state, status, submitted_ts)


@dataclass(frozen=True, slots=True)
class Paging:
    page: int
    pages: int
    total: int
    per_page: int = PER_PAGE

    @property
    def start(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def first_row(self) -> int:
        return self.start + 1 if self.total else 0

    @property
    def last_row(self) -> int:
        return min(self.total, self.start + self.per_page)


def paging(total: int, page: int, per_page: int = PER_PAGE) -> Paging:
    """The page asked for, kept inside 1..pages (a page past the end shows the last one)."""
    pages = max(1, math.ceil(total / per_page))
    return Paging(page=min(max(page, 1), pages), pages=pages, total=total, per_page=per_page)


@dataclass(frozen=True, slots=True)
class SearchTerm:
    """What a typed search means. `value` is the normalised input: it never leaves the server
    (not in a URL, a page, a log or the stored search); `label` is safe to show."""

    kind: SearchKind
    value: str
    label: str

    def __repr__(self) -> str:
        return f"SearchTerm(kind={self.kind!r}, label={self.label!r})"


def classify(typed: str, today: dt.date) -> SearchTerm | None:
    """Read a typed search: an ID number, a mobile number, an application number (whole or its
    last 4-8 digits) or a full name. None when it is none of these."""
    text = unicodedata.normalize("NFKC", typed).strip()
    if not text or len(text) > 60:
        return None
    id_number = normalize_id_number(text, today)
    if id_number is not None:
        return SearchTerm("id_number", id_number, mask_id_number(id_number))
    mobile = normalize_mobile(text)
    if mobile is not None:
        return SearchTerm("phone", mobile, mask_phone(mobile))
    compact = text.replace(" ", "")
    if numbers.is_valid(compact):
        return SearchTerm("number", compact, compact)
    if NUMBER_END.fullmatch(compact):
        return SearchTerm("number_end", compact, compact)
    name = normalize_name(text)
    if name is not None:
        return SearchTerm("name", name, mask_name(name))
    return None
