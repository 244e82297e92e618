"""叫号: a window clerk calls the next number of their department's line, calls it again
(重呼), and closes it as served (办结) or missed (过号). Every change is audited.

A clerk holds at most the ticket they called last: "call next" first closes the one they
hold as served (the person was helped; 过号 is said with its own button before). Two
clerks of one department calling at the same moment get different tickets: the next
waiting ticket is read and marked called in one BEGIN IMMEDIATE transaction.

A double click on a button must not call two numbers: the form says which ticket the page
showed as held (`expected`); when that is no longer what the clerk holds, the page was out
of date and nothing changes (the console then shows where things stand).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from shared import audit
from shared.audit import AuditEvent, Where
from shared.db import Transaction
from shared.errors import Forbidden, InvalidParameter
from shared.i18n import Text
from shared.queue import store, tickets
from shared.queue.model import Line, Ticket
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Action, can

if TYPE_CHECKING:
    from shared.services import Services

CallAction = Literal["call_next", "recall", "no_show", "done"]
CALL_ACTIONS: tuple[CallAction, ...] = ("call_next", "recall", "no_show", "done")
COUNTER = re.compile(r"[0-9A-Za-z]{1,4}", re.ASCII)
AUDIT_ACTION: dict[str, str] = {
    "call_next": "queue.call",
    "recall": "queue.recall",
    "no_show": "queue.no_show",
    "done": "queue.done",
}

NO_LINE = Text(
    "您的岗位不负责叫号，或您所在部门没有排队队列。",
    "Your role does not call numbers, or your department has no queue.",
)
BAD_COUNTER = Text("窗口号只能是 1 到 4 位数字或字母。", "The window number is 1 to 4 letters or digits.")

Outcome = Literal["called", "recalled", "no_show", "done", "nothing_waiting", "nothing_held", "stale"]


@dataclass(frozen=True, slots=True)
class CallResult:
    outcome: Outcome
    ticket: Ticket | None  # the ticket acted on (the one called, for call_next)
    closed: Ticket | None = None  # call_next: the ticket it closed as served first


def parse_counter(value: object) -> str | None:
    """The window (窗口) a number is called to: optional, 1-4 letters or digits."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or not COUNTER.fullmatch(value.strip()):
        raise InvalidParameter(BAD_COUNTER)
    return value.strip().upper()


async def line_for(services: Services, staff: StaffPrincipal) -> Line:
    """The line this clerk calls: their department's (403 for anyone who does not call numbers)."""
    if not can(staff.role, Action.CALL_QUEUE) or staff.department_code is None:
        raise Forbidden(NO_LINE)
    line = await tickets.line_of(services, staff.department_code)
    if line is None:
        raise Forbidden(NO_LINE)
    return line


async def held(services: Services, staff: StaffPrincipal, line: Line) -> Ticket | None:
    return await store.held_by(services.db, staff.account_id, line.department, tickets.today_key(services))


async def _audit(
    tx: Transaction,
    staff: StaffPrincipal,
    where: Where,
    action: str,
    ticket: Ticket,
    detail: dict[str, str | int],
    now: float,
) -> None:
    await audit.record(
        tx,
        AuditEvent(
            actor=staff.actor(),
            where=where,
            action=AUDIT_ACTION[action],
            result="ok",
            target=f"queue_ticket:{ticket.id}",
            detail={"number": ticket.number, "line": ticket.line, "day": ticket.day, **detail},
        ),
        now,
    )


async def act(
    services: Services,
    staff: StaffPrincipal,
    action: CallAction,
    *,
    expected: int | None,
    counter: str | None,
    where: Where,
) -> CallResult:
    """Do `action` on the clerk's line; `expected` is the held ticket's id the page showed (None: none)."""
    line = await line_for(services, staff)
    day = tickets.today_key(services)
    now = services.clock.now()
    async with services.db.transaction() as tx:
        current = await store.held_by(tx, staff.account_id, line.department, day)
        if (current.id if current is not None else None) != expected:
            return CallResult("stale", current)
        if action == "call_next":
            closed = None
            if current is not None and await store.mark_finished(tx, current.id, "done", staff.account_id, now):
                await _audit(tx, staff, where, "done", current, {"by": "call_next"}, now)
                closed = current
            waiting = await store.next_waiting(tx, line.department, day)
            if waiting is None:
                return CallResult("nothing_waiting", None, closed)
            await store.mark_called(tx, waiting.id, staff.account_id, staff.display_name, counter, now)
            called = await store.get(tx, waiting.id)
            assert called is not None
            await _audit(tx, staff, where, action, called, {"counter": counter or ""}, now)
            return CallResult("called", called, closed)
        if current is None:
            return CallResult("nothing_held", None)
        if action == "recall":
            await store.mark_recalled(tx, current.id, staff.account_id, now)
            outcome: Outcome = "recalled"
        else:
            await store.mark_finished(tx, current.id, action, staff.account_id, now)
            outcome = action
        after = await store.get(tx, current.id)
        assert after is not None
        await _audit(tx, staff, where, action, after, {"calls": after.calls}, now)
        return CallResult(outcome, after)


@dataclass(frozen=True, slots=True)
class CallDesk:
    """What the console's calling panel shows a clerk."""

    line: Line
    name: Text
    held: Ticket | None
    waiting: int
    next_numbers: tuple[str, ...]
    finished: tuple[Ticket, ...]  # the latest closed ones, newest first
    counter: str | None  # the window the clerk last called to today


async def desk(services: Services, staff: StaffPrincipal) -> CallDesk | None:
    """The calling panel for a clerk who calls numbers; None for anyone else."""
    if not can(staff.role, Action.CALL_QUEUE) or staff.department_code is None:
        return None
    line = await tickets.line_of(services, staff.department_code)
    if line is None:
        return None
    day = tickets.today_key(services)
    snapshot = await services.catalog.current()
    upcoming = await store.line_tickets(services.db, line.department, day, ("waiting",), 5)
    return CallDesk(
        line=line,
        name=tickets.line_name(snapshot, line),
        held=await store.held_by(services.db, staff.account_id, line.department, day),
        waiting=await store.count_in_state(services.db, line.department, day, "waiting"),
        next_numbers=tuple(ticket.number for ticket in upcoming),
        finished=tuple(await store.recently_finished(services.db, line.department, day, 5)),
        counter=await store.last_counter(services.db, staff.account_id, day),
    )
