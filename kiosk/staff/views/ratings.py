"""/staff/ratings — the 差评整改 cases in this person's scope and, for supervisors, the appeals
to decide; /staff/ratings/{case_id} — one case with its steps and the forms for the next one.

Who (国办发〔2019〕51号: "谁办理、谁负责"): the clerks and reviewers of the department that
handled the matter see and work on its cases; supervisors see every case and decide appeals;
anyone else gets 403 (audited by `require_staff`). Another department's case is 403 too,
before anything of it is shown (ASVS 8.2.2). The citizen is shown masked; the citizen's
comment is opened for the department (it is what they must answer) with any whole ID or
phone number in it masked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kiosk.staff.guard import require_staff
from kiosk.staff.templating import render_staff
from kiosk.staff.texts_ratings import RATINGS_UI
from kiosk.staff.views import applications_page
from kiosk.staff.views.home import department_name
from shared.applications import repository
from shared.calendar import store as calendar_store
from shared.catalog.model import Department
from shared.errors import FieldProblem
from shared.i18n import Text
from shared.privacy.masking import redact
from shared.ratings import appeals, followups, store
from shared.ratings.followups import FOLLOWUP_ROLES, FOLLOWUP_WORKING_DAYS, FollowUp
from shared.ratings.levels import LEVEL_TEXT
from shared.services import Services
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Role

SHOW = ("open", "overdue", "closed", "all")
ACTIONS = ("callback", "correction", "close", "appeal", "decide")


@dataclass(frozen=True, slots=True)
class CaseRow:
    case: FollowUp
    ref: str
    item_name: Text
    department_name: Text
    level_text: Text
    overdue: bool
    days_left: int | None
    appeal: appeals.Appeal | None


async def _app_facts(services: Services, application_id: str) -> tuple[str, Text]:
    app = await repository.load(services.db, services.vault, application_id)
    if app is None:
        return application_id, Text("—")
    return app.ref, await applications_page.item_name(services, app)


def _keep(case: FollowUp, show: str, today: Any) -> bool:
    if show == "open":
        return not case.closed
    if show == "overdue":
        return case.overdue(today)
    if show == "closed":
        return case.closed
    return True


async def case_rows(services: Services, staff: StaffPrincipal, show: str) -> list[CaseRow]:
    department = None if staff.role == Role.SUPERVISOR else staff.department_code
    today = services.clock.today()
    departments = (await services.catalog.current()).departments
    calendar = await calendar_store.current(services.db)
    rows: list[CaseRow] = []
    for case in await followups.list_cases(services.db, department):
        if not _keep(case, show, today):
            continue
        ref, item = await _app_facts(services, case.application_id)
        left = None if case.closed else calendar.working_days_between(today, case.due_on)
        rows.append(
            CaseRow(
                case=case,
                ref=ref,
                item_name=item,
                department_name=applications_page.department_text(departments, case.department),
                level_text=LEVEL_TEXT[case.level],
                overdue=case.overdue(today),
                days_left=left,
                appeal=await appeals.for_rating(services.db, case.rating_id),
            )
        )
    return rows


async def list_page(request: Request) -> Response:
    staff = await require_staff(request, *FOLLOWUP_ROLES)
    services: Services = request.state.services
    raw = request.query_params.get("show", "open")
    show = raw if raw in SHOW else "open"
    pending: list[tuple[appeals.Appeal, Text]] = []
    if staff.role == Role.SUPERVISOR:
        departments = (await services.catalog.current()).departments
        pending = [
            (appeal, applications_page.department_text(departments, appeal.department))
            for appeal in await appeals.pending(services.db)
        ]
    return render_staff(
        request,
        "ratings/list.html",
        {
            "t": RATINGS_UI,
            "rows": await case_rows(services, staff, show),
            "show": show,
            "shows": SHOW,
            "department": await department_name(services, staff.department_code)
            if staff.role != Role.SUPERVISOR
            else None,
            "pending": pending,
            "is_supervisor": staff.role == Role.SUPERVISOR,
            "working_days": FOLLOWUP_WORKING_DAYS,
        },
    )


async def load_case(services: Services, staff: StaffPrincipal, case_id: str) -> FollowUp:
    """The case if this person may work on it: 404 for no such case, 403 for another department's."""
    case = await followups.get(services.db, case_id)
    if case is None:
        raise followups.FollowUpNotFound()
    followups.check_may_work_on(staff, case)
    return case


def _departments_text(departments: Mapping[str, Department], code: str) -> Text:
    return applications_page.department_text(departments, code)


async def render_case(
    request: Request,
    staff: StaffPrincipal,
    case: FollowUp,
    *,
    problems: Mapping[str, FieldProblem] | None = None,
    values: Mapping[str, str] | None = None,
    failed: str | None = None,
    status_code: int = 200,
) -> Response:
    services: Services = request.state.services
    today = services.clock.today()
    rating = await store.for_application(services.db, case.application_id)
    assert rating is not None  # a case exists only for a rating (foreign key, append-only)
    comment = await store.comment_of(services.db, services.vault, rating.id)
    app = await repository.load(services.db, services.vault, case.application_id)
    person = await applications_page.applicant(services, app) if app is not None else None
    appeal = await appeals.for_rating(services.db, rating.id)
    departments = (await services.catalog.current()).departments
    done = request.query_params.get("done")
    return render_staff(
        request,
        "ratings/case.html",
        {
            "t": RATINGS_UI,
            "case": case,
            "rating": rating,
            "comment": redact(comment) if comment else None,
            "ref": app.ref if app is not None else case.application_id,
            "item_name": await applications_page.item_name(services, app) if app is not None else Text("—"),
            "applicant": person,
            "department_name": _departments_text(departments, case.department),
            "overdue": case.overdue(today),
            "appeal": appeal,
            "counted": await appeals.is_counted(services.db, rating.id),
            "next_step": case.next_step(),
            "outcomes": followups.OUTCOMES,
            "outcome_text": followups.OUTCOME_TEXT,
            "grounds": appeals.GROUNDS_TEXT,
            "may_decide": appeal is not None
            and appeal.pending
            and staff.role in appeals.DECIDING_ROLES
            and appeal.filed_by != staff.account_id,
            "own_appeal": appeal is not None and appeal.pending and appeal.filed_by == staff.account_id,
            "problems": problems or {},
            "values": values or {},
            "failed": failed,
            "done": done if done in ACTIONS else None,
        },
        status_code=status_code,
    )


async def case_page(request: Request) -> Response:
    staff = await require_staff(request, *FOLLOWUP_ROLES)
    services: Services = request.state.services
    case = await load_case(services, staff, request.path_params["case_id"])
    return await render_case(request, staff, case)
