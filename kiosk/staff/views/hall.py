"""The hall floor for staff: kiosk alerts and the kiosks' hardware.

    GET  /staff/hall                                  open alerts (newest first): which kiosk,
                                                      what happened, how long ago, who is on it;
                                                      each kiosk's hardware; recently resolved
    POST /staff/hall/alerts/{id}/acknowledge          "I'm on my way"
    POST /staff/hall/alerts/{id}/resolve              "resolved"

Who: hall administrators and window clerks, the people on the hall floor (reviewers work
in the back office, supervisors read records; both get 403). Every acknowledge and resolve
is audited in the same transaction, with the alert's kiosk and kind. The fleet page
(/staff/fleet) posts the same actions with `return_to=fleet` (or `fleet/kiosks/<id>`) to come
back to itself.
"""

from __future__ import annotations

import datetime as dt
import re

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.staff.guard import client_address, require_staff
from kiosk.staff.navigation import HALL_FLOOR
from kiosk.staff.templating import render_staff
from kiosk.staff.texts_hall import HALL_UI
from shared import audit
from shared.audit import AuditEvent, Where
from shared.errors import NotFound
from shared.kiosk import devices, hall_alerts, hardware
from shared.services import Services

ACTIONS = ("acknowledge", "resolve")
# The pages that post these actions and go back to themselves: the fleet, or one kiosk of it.
RETURN_TO = re.compile(r"fleet(/kiosks/[a-z][a-z0-9-]{0,62})?")


def _minutes_since(iso_time: str, now: float) -> int:
    return max(0, int((now - dt.datetime.fromisoformat(iso_time).timestamp()) // 60))


async def hall(request: Request) -> Response:
    await require_staff(request, *HALL_FLOOR)
    services: Services = request.state.services
    now = services.clock.now()
    alerts = await hall_alerts.list_open(services.db)
    states = {(s.device_id, s.component): s for s in await hardware.all_states(services.db)}
    kiosks = [d for d in await devices.list_all(services.db) if d.active]
    done = request.query_params.get("done")
    return render_staff(
        request,
        "hall.html",
        {
            "t": HALL_UI,
            "alerts": [(alert, _minutes_since(alert.raised_at, now)) for alert in alerts],
            "kiosks": kiosks,
            "states": states,
            "components": hardware.COMPONENTS,
            "resolved": await hall_alerts.recently_resolved(services.db, limit=10),
            "done": done if done in ACTIONS else None,
        },
    )


async def act_on_alert(request: Request) -> Response:
    staff = await require_staff(request, *HALL_FLOOR)
    services: Services = request.state.services
    action = request.path_params["action"]
    if action not in ACTIONS:
        raise NotFound()
    alert_id: int = request.path_params["alert_id"]
    now = services.clock.now()
    async with services.db.transaction() as tx:
        if action == "acknowledge":
            alert = await hall_alerts.acknowledge(tx, alert_id, staff.account_id, now)
        else:
            alert = await hall_alerts.resolve_by_id(tx, alert_id, staff.account_id, now)
        await audit.record(
            tx,
            AuditEvent(
                actor=staff.actor(),
                where=Where.address(client_address(request)),
                action=f"hall.alert.{action}",
                result="ok",
                target=str(alert.id),
                detail={"kiosk": alert.device_id, "kind": alert.kind},
            ),
            now,
        )
    return_to = str((await request.form()).get("return_to"))
    back = f"/staff/{return_to}" if RETURN_TO.fullmatch(return_to) else "/staff/hall"
    return RedirectResponse(f"{back}?done={action}", status_code=303, headers={"Cache-Control": "no-store"})
