"""All SQL of the queue: lines (queue_lines) and tickets (queue_tickets).

Writes run inside `Database.transaction()` (BEGIN IMMEDIATE), so the day's next sequence
(MAX + 1) and "the next waiting ticket" are read and written by one writer at a time: two
kiosks never print the same number and two clerks never call the same ticket. Every state
change names the state it expects (`WHERE state = ?`) and reports whether it happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shared.clock import iso
from shared.db import Database, Row, Transaction
from shared.queue.model import Line, PrintState, Ticket, TicketState, prefix_for, ticket_number

Reader = Database | Transaction

_TICKET_COLUMNS = (
    "id, line, day, seq, number, device_id, state, taken_ts, calls, called_ts, called_by, called_label, counter,"
    " print_state, print_ts, print_fault"
)
_SELECT_TICKET = f"SELECT {_TICKET_COLUMNS} FROM queue_tickets"


def _line(row: Row) -> Line:
    return Line(department=str(row["department"]), prefix=str(row["prefix"]), position=int(row["position"]))


def _ticket(row: Row) -> Ticket:
    state: TicketState = row["state"]
    print_state: PrintState = row["print_state"]
    return Ticket(
        id=int(row["id"]),
        line=str(row["line"]),
        day=str(row["day"]),
        seq=int(row["seq"]),
        number=str(row["number"]),
        device_id=str(row["device_id"]),
        state=state,
        taken_ts=float(row["taken_ts"]),
        calls=int(row["calls"]),
        called_ts=row["called_ts"],
        called_by=row["called_by"],
        called_label=row["called_label"],
        counter=row["counter"],
        print_state=print_state,
        print_ts=row["print_ts"],
        print_fault=row["print_fault"],
    )


# --- lines -----------------------------------------------------------------------------------


async def lines(db: Reader) -> list[Line]:
    rows = await db.fetch_all("SELECT department, prefix, position FROM queue_lines ORDER BY position")
    return [_line(row) for row in rows]


async def ensure_lines(tx: Transaction, departments: Sequence[str], now: float) -> list[Line]:
    """Give every department that has no line yet the next letter; all lines, in order."""
    existing = {line.department: line for line in await lines(tx)}
    position = max((line.position for line in existing.values()), default=-1) + 1
    for department in departments:
        if department in existing:
            continue
        line = Line(department, prefix_for(position), position)
        await tx.execute(
            "INSERT INTO queue_lines (department, prefix, position, created_at) VALUES (?, ?, ?, ?)",
            (line.department, line.prefix, line.position, iso(now)),
        )
        existing[department] = line
        position += 1
    return sorted(existing.values(), key=lambda line: line.position)


# --- tickets ---------------------------------------------------------------------------------


async def insert_ticket(tx: Transaction, line: Line, day: str, device_id: str, tap: str, now: float) -> Ticket:
    """The line's next number of the day, taken at kiosk `device_id` with the button token `tap`."""
    row = await tx.fetch_one(
        "SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM queue_tickets WHERE line = ? AND day = ?", (line.department, day)
    )
    seq = int(row["next"]) if row is not None else 1
    created = await tx.fetch_one(
        "INSERT INTO queue_tickets (line, day, seq, number, device_id, tap, taken_at, taken_ts)"
        f" VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_TICKET_COLUMNS}",
        (line.department, day, seq, ticket_number(line.prefix, seq), device_id, tap, iso(now), now),
    )
    assert created is not None
    return _ticket(created)


async def by_tap(db: Reader, device_id: str, tap: str) -> Ticket | None:
    row = await db.fetch_one(f"{_SELECT_TICKET} WHERE device_id = ? AND tap = ?", (device_id, tap))
    return _ticket(row) if row is not None else None


async def get(db: Reader, ticket_id: int) -> Ticket | None:
    row = await db.fetch_one(f"{_SELECT_TICKET} WHERE id = ?", (ticket_id,))
    return _ticket(row) if row is not None else None


async def waiting_ahead(db: Reader, ticket: Ticket) -> int:
    """People still waiting before this ticket in its line (those already called are not)."""
    row = await db.fetch_one(
        "SELECT COUNT(*) AS n FROM queue_tickets WHERE line = ? AND day = ? AND state = 'waiting' AND seq < ?",
        (ticket.line, ticket.day, ticket.seq),
    )
    return int(row["n"]) if row is not None else 0


async def open_tickets(db: Reader, day: str) -> list[Ticket]:
    """The day's waiting and called tickets of every line, in line and number order."""
    rows = await db.fetch_all(
        f"{_SELECT_TICKET} WHERE day = ? AND state IN ('waiting', 'called') ORDER BY line, seq", (day,)
    )
    return [_ticket(row) for row in rows]


async def line_tickets(db: Reader, line: str, day: str, states: Sequence[str], limit: int) -> list[Ticket]:
    marks = ", ".join("?" for _ in states)
    rows = await db.fetch_all(
        f"{_SELECT_TICKET} WHERE line = ? AND day = ? AND state IN ({marks}) ORDER BY seq LIMIT ?",
        (line, day, *states, limit),
    )
    return [_ticket(row) for row in rows]


async def recently_finished(db: Reader, line: str, day: str, limit: int) -> list[Ticket]:
    rows = await db.fetch_all(
        f"{_SELECT_TICKET} WHERE line = ? AND day = ? AND state IN ('done', 'no_show') ORDER BY id DESC LIMIT ?",
        (line, day, limit),
    )
    return [_ticket(row) for row in rows]


async def count_in_state(db: Reader, line: str, day: str, state: str) -> int:
    row = await db.fetch_one(
        "SELECT COUNT(*) AS n FROM queue_tickets WHERE line = ? AND day = ? AND state = ?", (line, day, state)
    )
    return int(row["n"]) if row is not None else 0


# --- printing --------------------------------------------------------------------------------


async def claim_print(tx: Transaction, ticket_id: int, now: float, stale_after: float) -> bool:
    """Move a ticket to 'printing' unless it is printed or another request is printing it now.

    A 'printing' older than `stale_after` seconds is a print whose request died midway: it
    may be claimed again, or the ticket could never be printed.
    """
    changed = await tx.execute(
        "UPDATE queue_tickets SET print_state = 'printing', print_ts = ? WHERE id = ?"
        " AND (print_state IN ('pending', 'failed') OR (print_state = 'printing' AND print_ts < ?))",
        (now, ticket_id, now - stale_after),
    )
    return changed == 1


async def finish_print(tx: Transaction, ticket_id: int, fault: str | None, now: float) -> None:
    await tx.execute(
        "UPDATE queue_tickets SET print_state = ?, print_fault = ?, print_ts = ? WHERE id = ?",
        ("failed" if fault is not None else "printed", fault, now, ticket_id),
    )


# --- calling ---------------------------------------------------------------------------------


async def next_waiting(tx: Transaction, line: str, day: str) -> Ticket | None:
    row = await tx.fetch_one(
        f"{_SELECT_TICKET} WHERE line = ? AND day = ? AND state = 'waiting' ORDER BY seq LIMIT 1", (line, day)
    )
    return _ticket(row) if row is not None else None


async def held_by(db: Reader, account_id: int, line: str, day: str) -> Ticket | None:
    """The ticket this clerk has called and not finished yet (the latest, should there be two)."""
    row = await db.fetch_one(
        f"{_SELECT_TICKET} WHERE called_by = ? AND line = ? AND day = ? AND state = 'called'"
        " ORDER BY called_ts DESC, id DESC LIMIT 1",
        (account_id, line, day),
    )
    return _ticket(row) if row is not None else None


async def last_counter(db: Reader, account_id: int, day: str) -> str | None:
    """The window this clerk last called a number to today (to fill the form in again)."""
    row = await db.fetch_one(
        "SELECT counter FROM queue_tickets WHERE called_by = ? AND day = ? AND counter IS NOT NULL"
        " ORDER BY called_ts DESC, id DESC LIMIT 1",
        (account_id, day),
    )
    return str(row["counter"]) if row is not None else None


async def mark_called(
    tx: Transaction, ticket_id: int, account_id: int, label: str, counter: str | None, now: float
) -> bool:
    changed = await tx.execute(
        "UPDATE queue_tickets SET state = 'called', calls = calls + 1, called_at = ?, called_ts = ?, called_by = ?,"
        " called_label = ?, counter = ? WHERE id = ? AND state = 'waiting'",
        (iso(now), now, account_id, label, counter, ticket_id),
    )
    return changed == 1


async def mark_recalled(tx: Transaction, ticket_id: int, account_id: int, now: float) -> bool:
    changed = await tx.execute(
        "UPDATE queue_tickets SET calls = calls + 1, called_at = ?, called_ts = ?"
        " WHERE id = ? AND state = 'called' AND called_by = ?",
        (iso(now), now, ticket_id, account_id),
    )
    return changed == 1


async def mark_finished(tx: Transaction, ticket_id: int, state: str, account_id: int, now: float) -> bool:
    params: tuple[Any, ...] = (state, iso(now), account_id, ticket_id, account_id)
    changed = await tx.execute(
        "UPDATE queue_tickets SET state = ?, finished_at = ?, finished_by = ?"
        " WHERE id = ? AND state = 'called' AND called_by = ?",
        params,
    )
    return changed == 1
