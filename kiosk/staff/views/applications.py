"""/staff/applications — the queue of applications (办件) in this person's scope, and
/staff/applications/{ref} — one application with the action forms this person may use.

Scope is decided by `shared.applications.access` (ASVS 8.2.2): a clerk or reviewer sees
what their department leads or reviews (并联审批), anything else of the hall answers 403;
administrators and supervisors read the whole hall. Applicants are shown masked.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kiosk.staff.access_seen import application_seen
from kiosk.staff.guard import require_staff
from kiosk.staff.templating import render_staff
from kiosk.staff.texts_time import TIME_UI
from kiosk.staff.views import applications_page
from kiosk.staff.views.home import department_name
from shared.applications import access, timekeeping, trips
from shared.applications.model import Application
from shared.applications.states import STATE_TEXT, State
from shared.applications.timekeeping import TimeStatus
from shared.errors import AppError
from shared.i18n import Text
from shared.services import Services
from shared.staff.accounts import StaffPrincipal

QUEUE_LIMIT = 200
# The states a staff queue can hold, in the order work flows (a draft is never staff's).
QUEUE_STATES = (
    State.SUBMITTED,
    State.RETURNED,
    State.ACCEPTED,
    State.UNDER_REVIEW,
    State.APPROVED,
    State.DENIED,
    State.DELIVERED,
    State.REFUSED,
)
DONE = {
    "accepted",
    "returned",
    "refused",
    "override",
    "opinion",
    "decided",
    "delivered",
    "visit",
    "visit_again",
    "special_started",
    "special_ended",
}


@dataclass(frozen=True, slots=True)
class QueueRow:
    ref: str
    item_name: Text
    department_name: Text
    applicant_name: str
    applicant_id: str
    state: str
    state_text: Text
    submitted_at: str | None
    trips: int
    time: TimeStatus = timekeeping.NO_CLOCK  # 承诺时限: the light and the promised date
    alerts: frozenset[str] = frozenset()  # raised by the watch: warned, overdue, deemed


def _state_filter(raw: str | None) -> State | None:
    return next((state for state in QUEUE_STATES if state.value == raw), None)


async def _row(services: Services, app: Application, alerts: frozenset[str] = frozenset()) -> QueueRow:
    departments = (await services.catalog.current()).departments
    person = await applications_page.applicant(services, app)
    return QueueRow(
        ref=app.ref,
        item_name=await applications_page.item_name(services, app),
        department_name=applications_page.department_text(departments, app.department),
        applicant_name=person.name,
        applicant_id=person.id_number,
        state=app.state.value,
        state_text=STATE_TEXT[app.state],
        submitted_at=app.submitted_at,
        trips=await trips.count(services.db, app.id),
        time=await timekeeping.time_status(services, app),
        alerts=alerts,
    )


async def queue(request: Request) -> Response:
    staff = await require_staff(request)
    services: Services = request.state.services
    state = _state_filter(request.query_params.get("state"))
    apps = await access.list_for_staff(services, staff, state=state, limit=QUEUE_LIMIT)
    alerts = await timekeeping.alerts_for(services.db, [app.id for app in apps])
    return render_staff(
        request,
        "applications/queue.html",
        {
            "rows": [await _row(services, app, frozenset(alerts.get(app.id, ()))) for app in apps],
            "states": [(s.value, STATE_TEXT[s]) for s in QUEUE_STATES],
            "state": state.value if state else "",
            "department": await department_name(services, staff.department_code),
            "tt": TIME_UI,
        },
    )


async def render_detail(
    request: Request,
    staff: StaffPrincipal,
    app: Application,
    *,
    typed: applications_page.Typed | None = None,
    error: AppError | None = None,
) -> Response:
    """The detail page; after a refused action, with the error and what was typed."""
    services: Services = request.state.services
    page = await applications_page.build(services, staff, app, typed=typed, error=error)
    await application_seen(services, staff, app)  # the citizen's access log (数据查询记录)
    done = request.query_params.get("done") if request.method == "GET" else None
    return render_staff(
        request,
        "applications/detail.html",
        {
            "page": page,
            "tt": TIME_UI,
            "done": f"done_{done}" if done in DONE else None,
            # Field problems are shown next to their fields; the notice carries the rest.
            "error": error,
        },
        status_code=error.status if error is not None else 200,
    )


async def detail(request: Request) -> Response:
    staff = await require_staff(request)
    services: Services = request.state.services
    app = await access.for_staff(services, staff, request.path_params["ref"])
    return await render_detail(request, staff, app)
