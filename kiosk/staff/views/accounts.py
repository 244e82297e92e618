"""/staff/accounts — administrators list, create, deactivate and reactivate staff accounts,
and reset a second factor. Every form is a POST with the session's anti-CSRF token; after
a change the browser is sent back to the list (303), so a reload repeats nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.staff.guard import client_address, require_staff
from kiosk.staff.templating import render_staff
from shared.audit import Where
from shared.catalog.model import Department
from shared.errors import AppError, NotFound, ValidationFailed
from shared.services import Services
from shared.staff import accounts, management
from shared.staff.management import NewAccount
from shared.staff.roles import ROLE_TEXT, Role, needs_second_factor

LIST_PATH = "/staff/accounts"
DONE = {
    "created": "done_created",
    "deactivated": "done_deactivated",
    "reactivated": "done_reactivated",
    "second_factor_reset": "done_second_factor_reset",
}
CHANGES = {
    "deactivate": (management.deactivate, "deactivated"),
    "reactivate": (management.reactivate, "reactivated"),
    "reset-second-factor": (management.reset_second_factor, "second_factor_reset"),
}
EMPTY_FORM = {"username": "", "display_name": "", "role": "", "department_code": ""}


async def _departments(services: Services) -> Mapping[str, Department]:
    return (await services.catalog.current()).departments


async def _page(
    request: Request,
    *,
    form: Mapping[str, str] | None = None,
    error: AppError | None = None,
    status_code: int = 200,
) -> Response:
    services: Services = request.state.services
    departments = await _departments(services)
    problems = {problem.path: problem for problem in (error.problems if error else [])}
    done = DONE.get(request.query_params.get("done", "")) if request.method == "GET" else None
    return render_staff(
        request,
        "accounts.html",
        {
            "accounts": await accounts.list_accounts(services.db),
            "departments": sorted(departments.values(), key=lambda d: d.code),
            "department_names": {code: d.name for code, d in departments.items()},
            "roles": [(role.value, ROLE_TEXT[role]) for role in Role],
            "needs_second_factor": needs_second_factor,
            "form": {**EMPTY_FORM, **(form or {})},
            "problems": problems,
            "error": error if error is not None and not error.problems else None,
            "done": done,
        },
        status_code=status_code,
    )


async def list_accounts(request: Request) -> Response:
    await require_staff(request, Role.ADMIN)
    return await _page(request)


async def create_account(request: Request) -> Response:
    principal = await require_staff(request, Role.ADMIN)
    services: Services = request.state.services
    form = await request.form()
    answers = {key: value if isinstance(value := form.get(key), str) else "" for key in EMPTY_FORM}
    password = form.get("password")
    new = NewAccount(
        username=answers["username"][:200],
        display_name=answers["display_name"][:200],
        role=answers["role"],
        department_code=answers["department_code"][:50] or None,
        password=password[:1024] if isinstance(password, str) else "",
    )
    try:
        await management.create_account(
            services.db,
            new,
            (await _departments(services)).keys(),
            principal.actor(),
            Where.address(client_address(request)),
            services.clock.now(),
        )
    except ValidationFailed as error:
        # The password is never sent back into the page.
        return await _page(request, form=answers, error=error, status_code=error.status)
    return RedirectResponse(f"{LIST_PATH}?done=created", status_code=303)


async def change_account(request: Request) -> Response:
    principal = await require_staff(request, Role.ADMIN)
    services: Services = request.state.services
    change = CHANGES.get(request.path_params["change"])
    if change is None:
        raise NotFound()
    action, done = change
    try:
        await action(
            services.db,
            request.path_params["account_id"],
            principal,
            Where.address(client_address(request)),
            services.clock.now(),
        )
    except AppError as error:
        return await _page(request, error=error, status_code=error.status)
    return RedirectResponse(f"{LIST_PATH}?done={done}", status_code=303)
