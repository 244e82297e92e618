"""GET /api/v1/me/access-log — who looked at my data (数据查询记录), newest first.

    ?limit=1..100 (default 20) &before=<next_before of the previous page>
    → {"entries": [AccessEntry...], "next_before": int | null}

Only the signed-in citizen's own entries (`shared.privacy.access_log`): who is a role and a
department, never a staff member's name or account; `what` names the application or file
by its number, never a whole ID or phone number.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mobile_api.applications import personal_json, services_of
from mobile_api.auth import require_citizen
from mobile_api.params import int_param, reject_unknown
from shared.catalog.model import Department
from shared.i18n import Text
from shared.privacy import access_log

DEFAULT_LIMIT = 20
BEFORE_MAX = 2**53  # ids are SQLite rowids; JSON clients read integers up to 2^53 exactly


def _text(value: Text) -> dict[str, str]:
    # Both languages always present: the Text schema requires en (the log always stores one).
    return {"zh": value.zh, "en": value.en or value.zh}


def entry_json(entry: access_log.AccessEntry, departments: dict[str, Department]) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at,
        "who": {
            "role": entry.role.value,
            "role_text": _text(entry.role_text),
            "department": entry.department_code,
            "department_text": _text(access_log.department_text(departments, entry.department_code)),
        },
        "what": _text(entry.what),
        "why": _text(entry.why),
    }


async def list_access_log(request: Request) -> Response:
    principal = await require_citizen(request)
    reject_unknown(request, ("limit", "before"))
    limit = int_param(request, "limit", DEFAULT_LIMIT, 1, access_log.PAGE_MAX)
    before = int_param(request, "before", BEFORE_MAX, 1, BEFORE_MAX)
    services = services_of(request)
    page = await access_log.for_citizen(services.db, principal.citizen_id, limit, before)
    departments = dict((await services.catalog.current()).departments)
    return personal_json(
        {"entries": [entry_json(entry, departments) for entry in page.entries], "next_before": page.next_before}
    )
