"""POST /staff/queue/{action} — 叫号 from the work console's calling panel.

    call_next   close the number held as served, call the line's next waiting number
    recall      call the held number again (重呼)
    no_show     the held number did not come (过号)
    done        the held number has been served (办理完毕)

    GET /staff/queue/status     the panel's live part (how many wait, who is next), polled
                                by the console every few seconds; passive: polling does not
                                keep the staff session alive

Window clerks (Action.CALL_QUEUE) only, for their own department's line; anyone else gets
403 from `shared.queue.calls`. The form says which ticket the page showed as held, so a
double click or a stale page changes nothing (shared.queue.calls explains). Answered 303
back to the console the form was on, with the outcome for the notice.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.htmx import is_htmx
from kiosk.staff.guard import SignInRequired, clear_session_cookie, client_address, require_staff
from kiosk.staff.templating import render_staff
from kiosk.staff.texts_console import CONSOLE_UI
from kiosk.staff.views.console import PATH, POLL_SECONDS
from shared.audit import Where
from shared.errors import NotFound
from shared.queue import calls
from shared.services import Services
from shared.staff.roles import Action, Role, can

MAX_BACK = 500
CALLERS = tuple(role for role in Role if can(role, Action.CALL_QUEUE))


def _expected(value: object) -> int | None:
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)
    return None


def _back(value: object) -> str:
    """The console page the form was posted from (its filters kept); never another page."""
    if not isinstance(value, str) or len(value) > MAX_BACK or not (value == PATH or value.startswith(PATH + "?")):
        return PATH
    if "\\" in value or "//" in value or any(ord(ch) < 0x21 for ch in value):
        return PATH
    return value


async def call(request: Request) -> Response:
    staff = await require_staff(request, *CALLERS)  # wrong role: 403, audited by the guard
    services: Services = request.state.services
    action = next((known for known in calls.CALL_ACTIONS if known == request.path_params["action"]), None)
    if action is None:
        raise NotFound()
    form = await request.form()
    counter = calls.parse_counter(form.get("counter")) if action == "call_next" else None
    result = await calls.act(
        services,
        staff,
        action,
        expected=_expected(form.get("expected")),
        counter=counter,
        where=Where.address(client_address(request)),
    )
    back = _back(form.get("back"))
    notice: dict[str, str] = {"called": result.outcome}
    if result.ticket is not None:
        notice["number"] = result.ticket.number
    separator = "&" if "?" in back else "?"
    return RedirectResponse(f"{back}{separator}{urlencode(notice)}", status_code=303)


async def status(request: Request) -> Response:
    """The calling panel's live part, for the console's polling (never a page of its own)."""
    services: Services = request.state.services
    if not is_htmx(request):
        return RedirectResponse(PATH, status_code=303)
    try:
        staff = await require_staff(request, *CALLERS, passive=True)
    except SignInRequired as ended:
        # htmx would swap the sign-in page into the panel: move the whole page there instead.
        response = Response(status_code=204, headers={"HX-Redirect": ended.location})
        if ended.reason is not None:
            clear_session_cookie(response, services)
        return response
    desk = await calls.desk(services, staff)
    if desk is None:
        raise NotFound()
    return render_staff(
        request, "applications/_call_status.html", {"desk": desk, "t": CONSOLE_UI, "poll_seconds": POLL_SECONDS}
    )
