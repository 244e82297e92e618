"""GET /staff/audit — the newest audit entries for administrators and supervisors.

Entries are shown as stored: actors and details were masked when they were written
(`shared.audit`), so nothing here can reveal a whole ID or phone number. Filtered by one
action; paged 50 at a time, up to `MAX_PAGES` back (older entries: `onevisit audit` and
a database copy, which the chain makes checkable).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from kiosk.staff.guard import require_staff
from kiosk.staff.templating import render_staff
from shared import audit
from shared.services import Services
from shared.staff.roles import Role

PAGE_SIZE = 50
MAX_PAGES = 40
ACTION_PATTERN = re.compile(r"[a-z][a-z0-9_.]{0,63}")
# Targets are `kind:id` names the pages write (`kiosk_menu:lobby`, `kiosk:lobby-01`); nothing
# else is looked up, so a number typed into the address bar is never searched for or echoed.
TARGET_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,31}:[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")
# Offered in the filter; any other well-formed action can still be asked for in the URL.
KNOWN_ACTIONS = (
    "staff.sign_in",
    "staff.sign_in.password",
    "staff.second_factor",
    "staff.second_factor.enrol",
    "staff.sign_out",
    "staff.session.idle",
    "staff.session.expired",
    "staff.access",
    "staff.account.create",
    "staff.account.deactivate",
    "staff.account.reactivate",
    "staff.account.second_factor_reset",
)


def _page_number(raw: str | None) -> int:
    try:
        number = int(raw or "1")
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGES)


async def audit_trail(request: Request) -> Response:
    await require_staff(request, Role.ADMIN, Role.SUPERVISOR)
    services: Services = request.state.services
    raw_action = request.query_params.get("action", "")
    action = raw_action if ACTION_PATTERN.fullmatch(raw_action) else None
    raw_target = request.query_params.get("target", "")
    target = raw_target if TARGET_PATTERN.fullmatch(raw_target) else None
    page = _page_number(request.query_params.get("page"))
    # `audit.recent` reads newest first; the page is the slice after the earlier pages.
    rows = await audit.recent(services.db, limit=page * PAGE_SIZE + 1, action=action, target=target)
    entries = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    has_older = len(rows) > page * PAGE_SIZE and page < MAX_PAGES
    return render_staff(
        request,
        "audit.html",
        {
            "entries": entries,
            "action": action or "",
            "target": target or "",
            "paging": urlencode({key: value for key, value in (("action", action), ("target", target)) if value}),
            "actions": sorted({*KNOWN_ACTIONS, *([action] if action else [])}),
            "page": page,
            "has_older": has_older,
        },
    )
