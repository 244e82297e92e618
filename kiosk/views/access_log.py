"""GET /me/access — 数据查询记录 at the kiosk: who looked at my data (under 我的).

The signed-in citizen's own entries only (`shared.privacy.access_log.for_citizen`),
newest first, a page at a time (`?before=` the last entry shown; taps only). Each row: when
(China time), who (role · department, never a name), what and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kiosk.session import require_citizen_at_kiosk
from kiosk.templating import render
from kiosk.views.applications_common import local_time
from shared.i18n import Text
from shared.privacy import access_log
from shared.services import Services

PAGE_SIZE = 8  # what fits a 1080×1920 screen without scrolling far


@dataclass(frozen=True, slots=True)
class AccessRow:
    id: int
    when: str
    role: Text
    department: Text
    what: Text
    why: Text


def _before(raw: str | None) -> int | None:
    """A page cursor; anything that is not a positive entry id means "the newest"."""
    if raw is None or not raw.isdigit() or len(raw) > 15:
        return None
    return int(raw) or None


async def access_page(request: Request) -> Response:
    citizen = await require_citizen_at_kiosk(request)
    services: Services = request.state.services
    before = _before(request.query_params.get("before"))
    page = await access_log.for_citizen(services.db, citizen.id, PAGE_SIZE, before)
    departments = (await services.catalog.current()).departments
    rows = [
        AccessRow(
            entry.id,
            local_time(entry.at),
            entry.role_text,
            access_log.department_text(departments, entry.department_code),
            entry.what,
            entry.why,
        )
        for entry in page.entries
    ]
    return render(
        request,
        "access_log.html",
        {"rows": rows, "next_before": page.next_before, "paged": before is not None},
    )
