"""Taking a queue ticket at a kiosk (取号) and printing it on the kiosk's 80 mm roll.

    lines_now(services)                    the catalog's departments as lines (letters given once)
    overview(services)                     every line with how many wait and the numbers being called
    take(services, device_id, line, tap)   a ticket; the same `tap` again finds the first (double tap)
    print_ticket(services, ticket, lang)   print it; a printer fault never raises (like receipts)

No sign-in: a ticket is anonymous. The take button carries a one-time token made when the
screen was drawn (`new_tap`); the ticket is stored under (kiosk, token), so however many
times a finger lands on the button before the screen changes, one number is taken and one
slip is printed (`store.claim_print` lets only one request print a ticket).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.catalog.snapshot import CatalogSnapshot
from shared.clock import CHINA_TIME
from shared.errors import BadRequest, NotFound
from shared.i18n import Lang, Text
from shared.kiosk import hardware
from shared.kiosk.bridge import PrintJob
from shared.kiosk.printing import JAM_TEXT, PAPER_OUT_TEXT, UNAVAILABLE_TEXT, PrintOutcome, print_at_kiosk
from shared.queue import store
from shared.queue.layout import ticket_slip
from shared.queue.model import Line, LineStatus, Ticket, day_key
from shared.receipts.building import HALL

if TYPE_CHECKING:
    from shared.services import Services

TAP = re.compile(r"[A-Za-z0-9_-]{16,64}", re.ASCII)
# A print request that died midway leaves 'printing' behind; after this long it may be printed again.
PRINT_STALE_SECONDS = 30.0
FAULT_TEXT: dict[str, Text] = {"paper_out": PAPER_OUT_TEXT, "jam": JAM_TEXT, "unavailable": UNAVAILABLE_TEXT}


class UnknownLine(NotFound):
    code = "queue_line_not_found"
    default_message = Text("没有这个排队队列。", "There is no such queue.")


class BadTap(BadRequest):
    code = "queue_bad_tap"
    default_message = Text(
        "页面已过期，请返回重新取号。", "This screen is out of date. Go back and take a ticket again."
    )


def new_tap() -> str:
    """A one-time token for one take button on one screen."""
    return secrets.token_urlsafe(16)


def line_name(snapshot: CatalogSnapshot, line: Line) -> Text:
    department = snapshot.departments.get(line.department)
    if department is None:
        return Text(line.department)
    return department.short_name or department.name


async def lines_now(services: Services) -> list[Line]:
    """The lines of the catalog's departments, in order; a new department gets the next letter."""
    snapshot = await services.catalog.current()
    departments = list(snapshot.departments)
    known = await store.lines(services.db)
    if set(departments) - {line.department for line in known}:
        async with services.db.transaction() as tx:
            known = await store.ensure_lines(tx, departments, services.clock.now())
    return [line for line in known if line.department in snapshot.departments]


async def line_of(services: Services, department: str | None) -> Line | None:
    return next((line for line in await lines_now(services) if line.department == department), None)


def today_key(services: Services) -> str:
    return day_key(services.clock.today())


async def overview(services: Services) -> list[LineStatus]:
    """Every line with the number of people waiting and the numbers called now (latest first)."""
    snapshot = await services.catalog.current()
    lines = await lines_now(services)
    open_now = await store.open_tickets(services.db, today_key(services))
    statuses = []
    for line in lines:
        mine = [ticket for ticket in open_now if ticket.line == line.department]
        called = sorted((t for t in mine if t.state == "called"), key=lambda t: t.called_ts or 0.0, reverse=True)
        statuses.append(
            LineStatus(
                line=line,
                name=line_name(snapshot, line),
                waiting=sum(1 for t in mine if t.state == "waiting"),
                calling=tuple(t.number for t in called),
            )
        )
    return statuses


@dataclass(frozen=True, slots=True)
class Taken:
    ticket: Ticket
    created: bool  # False: the same tap again, the first tap's ticket


async def take(services: Services, device_id: str, department: str, tap: str) -> Taken:
    """The next number of `department`'s line for today, or the ticket this tap already took."""
    if not TAP.fullmatch(tap):
        raise BadTap()
    line = await line_of(services, department)
    if line is None:
        raise UnknownLine()
    async with services.db.transaction() as tx:
        existing = await store.by_tap(tx, device_id, tap)
        if existing is not None:
            return Taken(existing, created=False)
        ticket = await store.insert_ticket(tx, line, today_key(services), device_id, tap, services.clock.now())
    return Taken(ticket, created=True)


async def for_device(services: Services, device_id: str, ticket_id: int) -> Ticket:
    """A ticket of today taken at this kiosk; any other (another kiosk's, yesterday's) is not found."""
    ticket = await store.get(services.db, ticket_id)
    if ticket is None or ticket.device_id != device_id or ticket.day != today_key(services):
        raise NotFound()
    return ticket


async def ahead_of(services: Services, ticket: Ticket) -> int:
    return await store.waiting_ahead(services.db, ticket)


def taken_text(ticket: Ticket) -> str:
    return dt.datetime.fromtimestamp(ticket.taken_ts, CHINA_TIME).strftime("%Y-%m-%d %H:%M")


async def print_ticket(services: Services, ticket: Ticket, lang: Lang = "zh") -> PrintOutcome | None:
    """Print the ticket at the kiosk that took it; None when it is printed already or being printed.

    A fault is recorded on the ticket (so the screen can say so again) and handled by
    `shared.kiosk.printing` (hardware state, a hall alert for staff, audit).
    """
    now = services.clock.now()
    async with services.db.transaction() as tx:
        claimed = await store.claim_print(tx, ticket.id, now, PRINT_STALE_SECONDS)
    if not claimed:
        return None
    snapshot = await services.catalog.current()
    line = await line_of(services, ticket.line)
    name = line_name(snapshot, line) if line is not None else Text(ticket.line)
    body = ticket_slip(
        hall=HALL,
        line_name=name,
        number=ticket.number,
        ahead=await store.waiting_ahead(services.db, ticket),
        taken=taken_text(ticket),
        lang=lang,
    )
    job = PrintJob(kind="queue_ticket", paper="80mm", title=f"排队号 {ticket.number}", body=body)
    outcome = await print_at_kiosk(services, ticket.device_id, job)
    fault = None
    if not outcome.ok:
        report = await hardware.report_of(services.db, ticket.device_id, "printer")
        fault = report.state if report is not None and not report.ok else "unavailable"
    async with services.db.transaction() as tx:
        await store.finish_print(tx, ticket.id, fault, services.clock.now())
    return outcome


def fault_text(ticket: Ticket) -> Text | None:
    """The printer's message for a ticket whose print failed (None otherwise)."""
    if ticket.print_state != "failed":
        return None
    return FAULT_TEXT.get(ticket.print_fault or "", UNAVAILABLE_TEXT)
