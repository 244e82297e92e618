"""POST /staff/ratings/{case_id}/{action} — the steps of a 差评整改 case and its appeal.

    callback | correction | close    the next step (回访 → 整改 → 办结), in order, each once
    appeal                           申诉: the department (or a supervisor) says the rating was
                                     given in error or maliciously, with a reason; once per rating
    decide                           a supervisor upholds or rejects the appeal, with a reason

The signed-in person and this session's anti-CSRF token first (`require_staff`), then the
object-level check (another department's case is 403 before the form is read), then
`shared.ratings.followups` / `appeals`, which check again inside the transaction and write
the record and its audit entry together. Success: 303 back to the case (post/redirect/get).
A refused form shows the case again with the problem in zh-CN and English; nothing written.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.staff.guard import client_address, require_staff
from kiosk.staff.views.ratings import ACTIONS, load_case, render_case
from shared.audit import Where
from shared.errors import NotFound, ValidationFailed
from shared.ratings import appeals, followups
from shared.ratings.followups import FOLLOWUP_ROLES
from shared.services import Services

FIELDS = ("outcome", "happened_at", "note", "grounds", "reason", "decision")


def _field(form: object, name: str) -> str | None:
    value = form.get(name) if hasattr(form, "get") else None
    return value if isinstance(value, str) else None


async def act(request: Request) -> Response:
    staff = await require_staff(request, *FOLLOWUP_ROLES)
    services: Services = request.state.services
    action = request.path_params["action"]
    if action not in ACTIONS:
        raise NotFound()
    case = await load_case(services, staff, request.path_params["case_id"])
    form = await request.form()
    values = {name: _field(form, name) or "" for name in FIELDS}
    where = Where.address(client_address(request))
    now = services.clock.now()
    try:
        async with services.db.transaction() as tx:
            if action == "appeal":
                await appeals.file(
                    tx, case, staff, grounds=values["grounds"], reason=values["reason"], where=where, now=now
                )
            elif action == "decide":
                appeal = await appeals.for_rating(tx, case.rating_id)
                if appeal is None:
                    raise appeals.AppealNotFound()
                await appeals.decide(
                    tx, appeal.id, staff, decision=values["decision"], reason=values["reason"], where=where, now=now
                )
            else:
                await followups.record_step(
                    tx,
                    case.id,
                    action,
                    staff,
                    outcome=values["outcome"],
                    note=values["note"],
                    happened_at=values["happened_at"] or None,
                    where=where,
                    now=now,
                )
    except ValidationFailed as error:
        problems = {problem.path: problem for problem in error.problems}
        return await render_case(
            request, staff, case, problems=problems, values=values, failed=action, status_code=error.status
        )
    return RedirectResponse(
        f"/staff/ratings/{case.id}?done={action}", status_code=303, headers={"Cache-Control": "no-store"}
    )
