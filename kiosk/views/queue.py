"""Queue tickets at the kiosk (取号): no sign-in, one ticket per tap, printed on the 80 mm roll.

    GET  /queue                          the hall's lines (a department's windows): how many
                                         wait, the numbers being called, a take button each
    POST /queue/take                     take the line's next number and print it; answered
                                         with a move to the ticket's screen
    GET  /queue/tickets/{id}             the number, how many wait ahead, how the print went
    POST /queue/tickets/{id}/print       print again after a printer fault

Each take button carries a one-time token made when the screen was drawn
(`shared.queue.tickets.new_tap`): a second tap with the same token (a double tap, a form
sent twice) finds the first ticket and prints nothing. A printer fault is handled like a
receipt's (`shared.kiosk.printing`: staff alerted, the message on screen) with "print
again", and the number stays on screen in large type to write down. A ticket's screen
opens only on the kiosk that printed it, on the day it was taken.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kiosk.device import current_device
from kiosk.htmx import move_on
from kiosk.lang import request_lang
from kiosk.templating import render
from shared.errors import NotFound
from shared.queue import tickets
from shared.services import Services


def _ticket_path(ticket_id: int) -> str:
    return f"/queue/tickets/{ticket_id}"


async def lines_page(request: Request) -> Response:
    services: Services = request.state.services
    current_device(request)  # an enrolled kiosk only (the device middleware has checked it)
    lines = await tickets.overview(services)
    return render(request, "queue/lines.html", {"lines": [(status, tickets.new_tap()) for status in lines]})


async def take(request: Request) -> Response:
    services: Services = request.state.services
    device = current_device(request)
    form = await request.form()
    line = form.get("line")
    tap = form.get("tap")
    if not isinstance(line, str) or not isinstance(tap, str):
        raise tickets.BadTap()
    taken = await tickets.take(services, device.id, line, tap)
    if taken.created:
        await tickets.print_ticket(services, taken.ticket, request_lang(request))
    return move_on(request, _ticket_path(taken.ticket.id))


def _ticket_id(request: Request) -> int:
    raw = request.path_params["ticket_id"]
    if not isinstance(raw, int):
        raise NotFound()
    return raw


async def ticket_page(request: Request) -> Response:
    services: Services = request.state.services
    device = current_device(request)
    ticket = await tickets.for_device(services, device.id, _ticket_id(request))
    statuses = await tickets.overview(services)
    line = next((status for status in statuses if status.line.department == ticket.line), None)
    return render(
        request,
        "queue/ticket.html",
        {
            "ticket": ticket,
            "line": line,
            "ahead": await tickets.ahead_of(services, ticket),
            "problem": tickets.fault_text(ticket),
        },
    )


async def print_again(request: Request) -> Response:
    services: Services = request.state.services
    device = current_device(request)
    ticket = await tickets.for_device(services, device.id, _ticket_id(request))
    await tickets.print_ticket(services, ticket, request_lang(request))
    return move_on(request, _ticket_path(ticket.id))
