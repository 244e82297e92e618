"""Queue lines and tickets as values, and how their numbers are made (pure, no I/O)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from shared.i18n import Text

TicketState = Literal["waiting", "called", "done", "no_show"]
PrintState = Literal["pending", "printing", "printed", "failed"]
FINISHED: frozenset[str] = frozenset({"done", "no_show"})

STATE_TEXT: dict[str, Text] = {
    "waiting": Text("等候中", "Waiting"),
    "called": Text("已叫号", "Called"),
    "done": Text("已办理", "Served"),
    "no_show": Text("过号", "Missed"),
}


def prefix_for(position: int) -> str:
    """The letter(s) of the line at `position` (0-based): A..Z, then AA, AB, ... like spreadsheet columns."""
    if position < 0:
        raise ValueError("positions start at 0")
    letters = ""
    number = position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def ticket_number(prefix: str, seq: int) -> str:
    """ "A001": the line's letter and the day's sequence, three digits at least."""
    if seq < 1:
        raise ValueError("sequences start at 1")
    return f"{prefix}{seq:03d}"


def day_key(day: dt.date) -> str:
    return day.isoformat()


@dataclass(frozen=True, slots=True)
class Line:
    """A department's line of windows (its letter is fixed once given)."""

    department: str
    prefix: str
    position: int


@dataclass(frozen=True, slots=True)
class Ticket:
    id: int
    line: str  # the department code
    day: str
    seq: int
    number: str
    device_id: str
    state: TicketState
    taken_ts: float
    calls: int
    called_ts: float | None
    called_by: int | None
    called_label: str | None
    counter: str | None
    print_state: PrintState
    print_ts: float | None
    print_fault: str | None

    @property
    def state_text(self) -> Text:
        return STATE_TEXT[self.state]


@dataclass(frozen=True, slots=True)
class LineStatus:
    """One line as the kiosk's ticket screen and the console show it."""

    line: Line
    name: Text
    waiting: int
    calling: tuple[str, ...]  # numbers called and not yet finished, the latest first
