"""/staff/applications — the work console (工作台): the applications in this person's scope.

    GET  /staff/applications     tabs per state with counts, filters (department for
                                 hall-wide roles, time limit: overdue / warning / due within N
                                 working days), most urgent first, 50 a page; for a window
                                 clerk the calling panel (叫号) of their department's line
    POST /staff/applications     a search: an application number (or its last digits), an ID
                                 number, a phone number or a name. Answered 303 to the GET
                                 with an opaque `search` token: what was typed is never in a
                                 URL, a page or a log (shared.applications.search)

Scope (ASVS 8.2.2): a clerk or reviewer sees what their department leads or reviews (并联审批);
asking for another department is 403, never a silently wider or narrower list. Hall-wide
roles pick any department. Applicants are shown masked. Row actions live on the detail
page, where accept / return / refuse / decide are offered by their rules: acceptance (受理)
is a check of the materials, so there is no blind "accept" from the list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.staff import access_seen
from kiosk.staff.guard import client_address, require_staff
from kiosk.staff.templating import render_staff
from kiosk.staff.texts_console import CONSOLE_UI
from kiosk.staff.texts_time import TIME_UI
from kiosk.staff.views import applications_page
from kiosk.staff.views.home import department_name
from shared import audit
from shared.applications import console, search, timekeeping, trips
from shared.applications.console import CONSOLE_STATES
from shared.applications.search import ConsolePage, Filters, StoredSearch
from shared.applications.states import STATE_TEXT
from shared.applications.timekeeping import TimeStatus
from shared.audit import AuditEvent, Where
from shared.catalog.model import Department
from shared.errors import AppError, Forbidden, ValidationFailed
from shared.i18n import Text
from shared.queue import calls
from shared.queue.calls import CallDesk
from shared.services import Services
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import needs_department

PATH = "/staff/applications"
PER_PAGE = console.PER_PAGE
POLL_SECONDS = 5  # the calling panel's waiting count and next numbers
TICKET_NUMBER = re.compile(r"[A-Z]{1,3}\d{3,5}", re.ASCII)
CALLED_OUTCOMES = frozenset({"called", "recalled", "no_show", "done", "nothing_waiting", "nothing_held", "stale"})


class OtherDepartment(Forbidden):
    code = "other_department"
    default_message = CONSOLE_UI["other_department"]


class SearchUnreadable(ValidationFailed):
    code = "search_unreadable"
    default_message = CONSOLE_UI["search_unreadable"]


@dataclass(frozen=True, slots=True)
class ConsoleRow:
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


@dataclass(frozen=True, slots=True)
class ConsoleQuery:
    """The console's GET parameters, to link tabs, pages and clear buttons without losing the rest."""

    state: str = ""
    department: str = ""
    deadline: str = "all"
    within: int = console.DEFAULT_WITHIN
    sort: str = "urgency"
    search: str = ""
    page: int = 1

    def params(self) -> dict[str, str]:
        pairs = {
            "state": self.state,
            "department": self.department,
            "deadline": "" if self.deadline == "all" else self.deadline,
            "within": str(self.within) if self.deadline == "due" else "",
            "sort": "" if self.sort == "urgency" else self.sort,
            "search": self.search,
            "page": str(self.page) if self.page > 1 else "",
        }
        return {key: value for key, value in pairs.items() if value}

    def url(self, **changes: str | int) -> str:
        """This console with some parameters changed (a new tab or filter starts at page 1)."""
        if "page" not in changes:
            changes = {**changes, "page": 1}
        changed = replace(self, **changes)  # type: ignore[arg-type]
        query = urlencode(changed.params())
        return PATH + (f"?{query}" if query else "")


def scope_of(staff: StaffPrincipal) -> list[str] | None:
    """None: the whole hall; else the departments whose applications this person sees."""
    if not needs_department(staff.role):
        return None
    return [staff.department_code] if staff.department_code is not None else []


def department_filter(staff: StaffPrincipal, raw: str | None, known: set[str]) -> str | None:
    """A hall-wide role's department filter (unknown codes are no filter); a scoped role asking
    for any department but its own is refused (403), its own is its scope already."""
    if not raw:
        return None
    if needs_department(staff.role):
        if raw != staff.department_code:
            raise OtherDepartment()
        return None
    return raw if raw in known else None


def _short_department(departments: Mapping[str, Department], code: str | None) -> Text:
    """The department as a table cell: its short name (市公安局) when it has one."""
    department = departments.get(code) if code is not None else None
    if department is not None and department.short_name is not None:
        return department.short_name
    return applications_page.department_text(departments, code)


async def _rows(services: Services, page: ConsolePage) -> list[ConsoleRow]:
    departments = (await services.catalog.current()).departments
    alerts = await timekeeping.alerts_for(services.db, [row.app.id for row in page.rows])
    rows = []
    for row in page.rows:
        app = row.app
        item = await services.catalog.item_version(app.item_code or "", app.item_version or 0)
        rows.append(
            ConsoleRow(
                ref=app.number,
                item_name=item.name if item is not None else Text(app.item_code or "—"),
                department_name=_short_department(departments, app.department),
                applicant_name=app.applicant_name,
                applicant_id=app.applicant_id,
                state=app.state.value,
                state_text=STATE_TEXT[app.state],
                submitted_at=app.submitted_at,
                trips=await trips.count(services.db, app.id),
                time=row.time,
                alerts=frozenset(alerts.get(app.id, ())),
            )
        )
    return rows


def _called_notice(request: Request) -> Text | None:
    outcome = request.query_params.get("called")
    if outcome not in CALLED_OUTCOMES:
        return None
    number = request.query_params.get("number", "")
    text = CONSOLE_UI[f"called_{outcome}"]
    return text.format(number=number if TICKET_NUMBER.fullmatch(number) else "")


async def render_console(
    request: Request, staff: StaffPrincipal, *, error: AppError | None = None, status_code: int = 200
) -> Response:
    services: Services = request.state.services
    params = request.query_params
    snapshot = await services.catalog.current()
    department = department_filter(staff, params.get("department"), set(snapshot.departments))
    token = params.get("search") or ""
    stored: StoredSearch | None = await search.load_search(services, staff, token) if token else None
    deadline = console.parse_deadline(params.get("deadline"))
    state = console.parse_state(params.get("state"))
    filters = Filters(
        state=state,
        department=department,
        deadline=deadline,
        within=console.parse_within(params.get("within")),
        sort=console.parse_sort(params.get("sort")),
        page=console.parse_page(params.get("page")),
        search=stored,
        per_page=PER_PAGE,
    )
    page = await search.console_page(services, scope_of(staff), filters)
    query = ConsoleQuery(
        state=state.value if state else "",
        department=department or "",
        deadline=deadline,
        within=filters.within,
        sort=filters.sort,
        search=token if stored is not None else "",
        page=page.paging.page,
    )
    desk: CallDesk | None = await calls.desk(services, staff)
    return render_staff(
        request,
        "applications/queue.html",
        {
            "rows": await _rows(services, page),
            "counts": page.counts,
            "paging": page.paging,
            "states": [(s.value, STATE_TEXT[s]) for s in CONSOLE_STATES],
            "state": query.state,
            "query": query,
            "filters": filters,
            "deadlines": console.DEADLINES,
            "sorts": console.SORT_ORDERS,
            "departments": [(code, d.name) for code, d in snapshot.departments.items()],
            "hall_wide": not needs_department(staff.role),
            "department": await department_name(services, staff.department_code),
            "search": stored,
            "search_expired": bool(token) and stored is None,
            "desk": desk,
            "poll_seconds": POLL_SECONDS,
            "called": _called_notice(request),
            "here_url": query.url(page=query.page),
            "error": error,
            "t": CONSOLE_UI,
            "tt": TIME_UI,
        },
        status_code=status_code,
    )


async def console_page(request: Request) -> Response:
    staff = await require_staff(request)
    return await render_console(request, staff)


async def search_post(request: Request) -> Response:
    """A posted search: classified, resolved in scope, stored under a token; 303 to the console."""
    staff = await require_staff(request)
    services: Services = request.state.services
    form = await request.form()
    typed = form.get("q")
    term = console.classify(typed, services.clock.today()) if isinstance(typed, str) else None
    if term is None:
        error = SearchUnreadable()
        return await render_console(request, staff, error=error, status_code=error.status)
    scope = scope_of(staff)
    token, stored = await search.save_search(services, staff, term, scope)
    await access_seen.person_searched(services, staff, await search.people_found(services, stored, scope), stored.kind)
    await audit.record_alone(
        services.db,
        AuditEvent(
            staff.actor(),
            Where.address(client_address(request)),
            "application.search",
            "ok",
            detail={"kind": stored.kind},
        ),
        services.clock.now(),
    )
    snapshot = await services.catalog.current()
    raw_department = form.get("department")
    department = department_filter(
        staff, raw_department if isinstance(raw_department, str) else None, set(snapshot.departments)
    )
    query = ConsoleQuery(department=department or "", search=token)
    return RedirectResponse(query.url(), status_code=303)
