"""The complaints desk: 投诉 / 咨询 / 建议 / 举报 for window clerks and supervisors.

    GET  /staff/complaints                      the queue (kind, state, only mine), nearest deadline
                                                first; overdue ones marked
    GET  /staff/complaints/{id}                 one case: the citizen's words (masked), what happened,
                                                the rating, and what this person may do
    POST /staff/complaints/{id}/take            首问: the first taker owns it (a second is refused, 409)
    POST /staff/complaints/{id}/reply           the owner answers (text)
    POST /staff/complaints/{id}/reassign        the owner (or a supervisor) hands it over: to, reason
    POST /staff/complaints/{id}/close           the owner closes an answered case

Who (`shared.complaints.rules`): clerks and supervisors; a case about an application only
for that department's clerks and supervisors (403 for another department's). Every action
is audited in its own transaction, and a refused one as refused. Opening a case shows the
citizen's words, so it is recorded in the citizen's access list (`shared.privacy.access_log`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.staff.guard import client_address, require_staff
from kiosk.staff.templating import render_staff
from kiosk.staff.texts_complaints import COMPLAINTS_UI
from kiosk.staff.views.home import department_name
from shared import audit, complaints
from shared.audit import AuditEvent, Where
from shared.complaints import kinds, store, validation
from shared.complaints.rules import HANDLER_ROLES
from shared.complaints.states import CaseState
from shared.errors import AppError, FieldProblem, Forbidden, NotFound, ValidationFailed
from shared.i18n import Text
from shared.identity import citizens
from shared.privacy import access_log
from shared.services import Services
from shared.staff import accounts
from shared.staff.accounts import Account, StaffPrincipal
from shared.staff.roles import Role

ACTIONS = ("take", "reply", "reassign", "close")
ACTIVE = (CaseState.OPEN, CaseState.TAKEN, CaseState.ANSWERED)
OTHER_DEPARTMENT = Text(
    "该事项由其他部门承办，您无权查看。", "This case is addressed to another department; you may not open it."
)
NOBODY_TO_HAND = Text("请选择要转交的工作人员。", "Choose the staff member to hand it to.")
WHY = Text("投诉咨询处理", "Handling a complaint or question")
T = COMPLAINTS_UI


def _services(request: Request) -> Services:
    services: Services = request.state.services
    return services


async def queue_page(request: Request) -> Response:
    staff = await require_staff(request, *HANDLER_ROLES)
    services = _services(request)
    kind = request.query_params.get("kind") or None
    state = request.query_params.get("state") or "active"
    mine = request.query_params.get("mine") == "1"
    chosen_kind = kind if complaints.is_kind(kind) else None
    states: tuple[CaseState, ...] = ACTIVE if state == "active" else ()
    if state in {s.value for s in CaseState}:
        states = (CaseState(state),)
    cases = await complaints.queue(
        services.db,
        departments=complaints.queue_departments(staff),
        kind=chosen_kind,
        states=states,
        owner_id=staff.account_id if mine else None,
    )
    today = services.clock.today()
    names = {case.citizen_id: await _citizen_name(services, case.citizen_id) for case in cases}
    return render_staff(
        request,
        "complaints/queue.html",
        {
            "t": T,
            "cases": cases,
            "today": today,
            "names": names,
            "kind": chosen_kind or "",
            "state": state,
            "mine": mine,
            "kinds": [(code, complaints.KIND_TEXT[code]) for code in complaints.KINDS],
            "states": [(s.value, complaints.STATE_TEXT[s]) for s in CaseState],
            "kind_texts": complaints.KIND_TEXT,
            "state_texts": complaints.STATE_TEXT,
            "department": await department_name(services, staff.department_code) if staff.role is Role.CLERK else None,
            "departments": {case.department: await department_name(services, case.department) for case in cases},
        },
    )


async def _citizen_name(services: Services, citizen_id: str) -> str:
    citizen = await citizens.get(services.db, citizen_id)
    return citizen.name_masked if citizen is not None else "—"


def _case_id(request: Request) -> str:
    value = str(request.path_params["case_id"])
    if len(value) > 64 or not value.isascii():
        raise complaints.ComplaintNotFound()
    return value


async def _case_for(services: Services, staff: StaffPrincipal, case_id: str) -> complaints.Case:
    case = await complaints.get(services.db, case_id)
    if case is None:
        raise complaints.ComplaintNotFound()
    if not complaints.may_handle(staff, case.department):
        raise Forbidden(OTHER_DEPARTMENT)
    return case


async def _handlers(services: Services, case: complaints.Case) -> list[Account]:
    """Who the case may be handed to: active clerks and supervisors who may handle it, not its owner."""
    return [
        account
        for account in await accounts.list_accounts(services.db)
        if account.active and account.id != case.owner_id and complaints.may_handle(account, case.department)
    ]


async def _detail(
    request: Request,
    staff: StaffPrincipal,
    case: complaints.Case,
    *,
    done: str | None = None,
    problems: Mapping[str, FieldProblem] | None = None,
    values: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    services = _services(request)
    now = services.clock.now()
    what = Text(
        f"反映事项 {case.id}（{complaints.KIND_TEXT[case.kind].zh}）的内容与答复",
        f"Case {case.id} ({complaints.KIND_TEXT[case.kind].en}): what was written and the answers",
    )
    await access_log.record(services.db, case.citizen_id, staff, what, WHY, now, application_id=case.application_id)
    events = [
        (event, complaints.shown_body(services.vault, event)) for event in await complaints.events(services.db, case.id)
    ]
    owner = case.owner_id == staff.account_id
    context: dict[str, Any] = {
        "t": T,
        "case": case,
        "kind_text": complaints.KIND_TEXT[case.kind],
        "state_text": complaints.STATE_TEXT[case.state],
        "text": complaints.shown_text(services.vault, case),
        "events": events,
        "citizen": await _citizen_name(services, case.citizen_id),
        "department": await department_name(services, case.department),
        "days": kinds.DEADLINE_DAYS[case.kind],
        "overdue": case.overdue(services.clock.today()),
        "rating": await complaints.rating_of(services.db, case.id),
        "comment": await store.shown_comment(services.db, services.vault, case.id),
        "may_take": case.state is CaseState.OPEN,
        "may_answer": owner and case.state in (CaseState.TAKEN, CaseState.ANSWERED),
        "may_close": owner and case.state is CaseState.ANSWERED,
        "may_reassign": (owner or staff.role is Role.SUPERVISOR)
        and case.state in (CaseState.TAKEN, CaseState.ANSWERED),
        "handlers": await _handlers(services, case),
        "done": done if done in ACTIONS else None,
        "problems": problems or {},
        "values": values or {},
    }
    return render_staff(request, "complaints/detail.html", context, status_code=status_code)


async def case_page(request: Request) -> Response:
    staff = await require_staff(request, *HANDLER_ROLES)
    case = await _case_for(_services(request), staff, _case_id(request))
    return await _detail(request, staff, case, done=request.query_params.get("done"))


def _field(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


async def act(request: Request) -> Response:
    staff = await require_staff(request, *HANDLER_ROLES)
    services = _services(request)
    action = str(request.path_params["action"])
    if action not in ACTIONS:
        raise NotFound()
    case = await _case_for(services, staff, _case_id(request))
    form = await request.form()
    now = services.clock.now()
    where = Where.address(client_address(request))
    detail: dict[str, str | int | None] = {"kind": case.kind}
    try:
        reply_text = reason = ""
        to_id = 0
        if action == "reply":
            reply_text = validation.validate_staff_text(
                _field(form, "text"), "text", kinds.REPLY_MAX, validation.EMPTY_REPLY, validation.LONG_REPLY
            )
        elif action == "reassign":
            raw_to = _field(form, "to")
            handlers = {account.id: account for account in await _handlers(services, case)}
            to_id = int(raw_to) if raw_to.isdigit() else 0
            problems = []
            if to_id not in handlers:
                problems.append(FieldProblem("to", "required", NOBODY_TO_HAND))
            try:
                reason = validation.validate_staff_text(
                    _field(form, "reason"), "reason", kinds.REASON_MAX, validation.EMPTY_REASON, validation.LONG_REASON
                )
            except ValidationFailed as error:
                problems.extend(error.problems)
            if problems:
                raise ValidationFailed(problems[0].message, problems=problems)
            detail["to"] = to_id
        async with services.db.transaction() as tx:
            if action == "take":
                await complaints.take(tx, case.id, staff.account_id, now)
            elif action == "reply":
                await complaints.reply(tx, services.vault, case.id, staff.account_id, reply_text, now)
            elif action == "reassign":
                await complaints.reassign(
                    tx,
                    services.vault,
                    case.id,
                    staff.account_id,
                    to_id,
                    reason,
                    now,
                    supervisor=staff.role is Role.SUPERVISOR,
                )
            else:
                await complaints.close(tx, case.id, staff.account_id, now)
            event = AuditEvent(staff.actor(), where, f"complaint.{action}", "ok", target=case.id, detail=detail)
            await audit.record(tx, event, now)
    except ValidationFailed as error:
        await _refused(services, staff, where, action, case, error, now)
        problems_by_path = {problem.path: problem for problem in error.problems}
        values = {name: _field(form, name) for name in ("text", "to", "reason")}
        return await _detail(request, staff, case, problems=problems_by_path, values=values, status_code=422)
    except AppError as error:
        await _refused(services, staff, where, action, case, error, now)
        raise
    return RedirectResponse(
        f"/staff/complaints/{case.id}?done={action}", status_code=303, headers={"Cache-Control": "no-store"}
    )


async def _refused(
    services: Services,
    staff: StaffPrincipal,
    where: Where,
    action: str,
    case: complaints.Case,
    error: AppError,
    now: float,
) -> None:
    event = AuditEvent(
        staff.actor(), where, f"complaint.{action}", "refused", target=case.id, detail={"code": error.code}
    )
    await audit.record_alone(services.db, event, now)
