"""POST /staff/applications/{ref}/{action} — what staff do to an application.

Each action: the signed-in person (anti-CSRF token checked by `require_staff`), then the
object-level check (`access.for_staff`: another department's application is 403 before
anything is read from the form), then the form, then `shared.applications.workflow`,
which checks role, department and state again inside its transaction and writes the
change, the timeline event and the audit entry together.

Success answers 303 back to the page with a `done` flag (post/redirect/get: a reload
repeats nothing). A refused action shows the page again with its 403/409/422 message in
zh-CN and English; nothing was written.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.staff.guard import client_address, require_staff
from kiosk.staff.views import applications_forms as read, applications_page
from kiosk.staff.views.applications import render_detail
from shared import audit
from shared.applications import access, forms, special, trips, workflow
from shared.applications.model import Application
from shared.audit import AuditEvent, Where
from shared.errors import AppError, Forbidden, NotFound, ValidationFailed
from shared.i18n import Text
from shared.services import Services
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Action, can

VISIT_CLERKS_ONLY = Text("只有窗口人员可以登记窗口来访。", "Only window clerks record window visits.")


@dataclass(frozen=True, slots=True)
class Context:
    services: Services
    staff: StaffPrincipal
    app: Application
    form: FormData
    where: Where
    now: float


Handler = Callable[[Context], Awaitable[str]]


async def _accept(c: Context) -> str:
    await workflow.accept(c.services, c.app, c.staff, where=c.where, now=c.now)
    return "accepted"


async def _return(c: Context) -> str:
    targets = applications_page.offered_targets(await forms.form_view(c.services, c.app))
    typed = read.return_form(c.form, targets)
    try:
        items = read.correction_items(typed, targets)
    except ValidationFailed as error:
        again = applications_page.Typed("return", typed.checked, typed.reasons, typed.other)
        raise TypedProblem(error, again) from None
    await workflow.return_for_correction(c.services, c.app, c.staff, items, where=c.where, now=c.now)
    return "returned"


async def _refuse(c: Context) -> str:
    await workflow.refuse(c.services, c.app, c.staff, read.reason(c.form), where=c.where, now=c.now)
    return "refused"


async def _override(c: Context) -> str:
    await workflow.override_return(c.services, c.app, c.staff, read.reason(c.form), where=c.where, now=c.now)
    return "override"


async def _opinion(c: Context) -> str:
    opinion, comment = read.opinion(c.form)
    await workflow.record_opinion(c.services, c.app, c.staff, opinion, comment, where=c.where, now=c.now)
    return "opinion"


async def _decide(c: Context) -> str:
    decision, reason = read.decision(c.form)
    await workflow.decide(c.services, c.app, c.staff, decision, reason, where=c.where, now=c.now)
    return "decided"


async def _deliver(c: Context) -> str:
    how, tracking = read.delivery(c.form)
    await workflow.deliver(c.services, c.app, how=how, staff=c.staff, tracking=tracking, where=c.where, now=c.now)
    return "delivered"


async def _visit(c: Context) -> str:
    """A window visit (跑动) for this application: one per day counts, however many clerks see it."""
    if not can(c.staff.role, Action.ACCEPT_APPLICATIONS):
        raise Forbidden(VISIT_CLERKS_ONLY)
    place = f"window:{c.staff.department_code or 'hall'}"
    async with c.services.db.transaction() as tx:
        new = await trips.record_window_visit(tx, c.app.id, place, c.now)
        event = AuditEvent(
            c.staff.actor(), c.where, "application.window_visit", "ok", target=c.app.id, detail={"counted": new}
        )
        await audit.record(tx, event, c.now)
    return "visit" if new else "visit_again"


async def _special_start(c: Context) -> str:
    """特别程序 (expert review, public notice...): the item's rule says whether it counts."""
    kind = str(c.form.get("kind", ""))
    await special.start(c.services, c.app, c.staff, kind, read.reason(c.form), where=c.where, now=c.now)
    return "special_started"


async def _special_end(c: Context) -> str:
    outcome = c.form.get("outcome")
    await special.end(c.services, c.app, c.staff, outcome if isinstance(outcome, str) else "", where=c.where, now=c.now)
    return "special_ended"


HANDLERS: dict[str, Handler] = {
    "accept": _accept,
    "return": _return,
    "refuse": _refuse,
    "override": _override,
    "opinion": _opinion,
    "decide": _decide,
    "deliver": _deliver,
    "visit": _visit,
    "special_start": _special_start,
    "special_end": _special_end,
}


class TypedProblem(Exception):
    """A form problem plus what was typed, so the page can show both again."""

    def __init__(self, error: ValidationFailed, typed: applications_page.Typed) -> None:
        super().__init__()
        self.error = error
        self.typed = typed


async def act(request: Request) -> Response:
    staff = await require_staff(request)
    services: Services = request.state.services
    handler = HANDLERS.get(request.path_params["action"])
    if handler is None:
        raise NotFound()
    app = await access.for_staff(services, staff, request.path_params["ref"])
    context = Context(
        services, staff, app, await request.form(), Where.address(client_address(request)), services.clock.now()
    )
    name = request.path_params["action"]
    try:
        done = await handler(context)
    except TypedProblem as problem:
        return await _again(request, staff, app, problem.error, problem.typed)
    except AppError as error:
        return await _again(request, staff, app, error, applications_page.Typed(name))
    return RedirectResponse(f"/staff/applications/{quote(app.ref)}?done={done}", status_code=303)


async def _again(
    request: Request, staff: StaffPrincipal, app: Application, error: AppError, typed: applications_page.Typed
) -> Response:
    services: Services = request.state.services
    # Read it again: the refused action wrote nothing, but someone else may have acted.
    fresh = await access.for_staff(services, staff, app.ref)
    return await render_detail(request, staff, fresh, typed=typed, error=error)
