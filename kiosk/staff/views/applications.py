"""/staff/applications/{ref} — one application with the action forms this person may use.
(The list, /staff/applications, is the work console: kiosk/staff/views/console.py.)

Scope is decided by `shared.applications.access` (ASVS 8.2.2): a clerk or reviewer sees
what their department leads or reviews (并联审批), anything else of the hall answers 403;
administrators and supervisors read the whole hall. Applicants are shown masked.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kiosk.staff.access_seen import application_seen
from kiosk.staff.guard import require_staff
from kiosk.staff.templating import render_staff
from kiosk.staff.texts_time import TIME_UI
from kiosk.staff.views import applications_page
from shared.applications import access
from shared.applications.model import Application
from shared.errors import AppError
from shared.services import Services
from shared.staff.accounts import StaffPrincipal

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
