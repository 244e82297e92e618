"""GET /staff/ — who you are, your role and department, and what your role may open."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kiosk.staff.guard import require_staff
from kiosk.staff.navigation import links_for
from kiosk.staff.templating import render_staff
from shared.i18n import Text
from shared.services import Services


async def department_name(services: Services, code: str | None) -> Text | None:
    if code is None:
        return None
    department = (await services.catalog.current()).departments.get(code)
    return department.name if department is not None else Text(code)


async def home(request: Request) -> Response:
    principal = await require_staff(request)
    services: Services = request.state.services
    links = links_for(principal)
    return render_staff(
        request,
        "home.html",
        {
            "links": links,
            "department": await department_name(services, principal.department_code),
            "idle_minutes": max(1, services.settings.staff_idle_seconds // 60),
        },
    )
