"""Every staff page, with every role: who may open it, who may change through it.

The table below is the hall's access policy written out by hand, independently of the
pages' own checks (ASVS 8.2.1: function-level access on the server). A page added
without a line here fails `test_every_staff_route_is_in_the_policy`, so no page slips
through without a decision. For each route and role the test asks:

- GET: a role outside the policy gets 403; a role inside never a server error;
- POST: the same with a valid anti-CSRF field, and without it even a permitted role gets 403;
- signed out: GET leads to the sign-in page, POST changes nothing.

Path parameters are placeholders (no such menu, kiosk or application), so an allowed role
may get 404 or a refusal of the input: the check under test is the role, before anything
is looked up.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import httpx2
import pytest
from starlette.routing import Route

from kiosk.staff.routes import routes
from shared.complaints.rules import HANDLER_ROLES as COMPLAINT_ROLES
from shared.ratings.followups import FOLLOWUP_ROLES
from shared.staff.roles import Role
from tests.staff.conftest import Hall, csrf_of, make_account, sign_in, signed_in_admin

ADMIN, CLERK, REVIEWER, SUPERVISOR = Role.ADMIN, Role.CLERK, Role.REVIEWER, Role.SUPERVISOR
EVERYONE = frozenset(Role)
PUBLIC = "public"  # sign-in pages and the language switch: no role needed

# route name -> the roles that may use it (GET or POST, as the route has).
POLICY: dict[str, frozenset[Role] | str] = {
    "staff_home": EVERYONE,
    "staff_sign_in_form": PUBLIC,
    "staff_sign_in": PUBLIC,
    "staff_second_factor_form": PUBLIC,
    "staff_second_factor": PUBLIC,
    "staff_sign_out": PUBLIC,
    "staff_set_language": PUBLIC,
    "staff_accounts": frozenset({ADMIN}),
    "staff_create_account": frozenset({ADMIN}),
    "staff_change_account": frozenset({ADMIN}),
    "staff_audit": frozenset({ADMIN, SUPERVISOR}),
    # The work console: everyone, each in their own scope; the action itself decides by role.
    "staff_applications": EVERYONE,
    "staff_applications_search": EVERYONE,
    "staff_application": EVERYONE,
    "staff_application_file": EVERYONE,
    "staff_application_action": EVERYONE,
    "staff_queue_call": frozenset({CLERK}),  # 叫号: window clerks
    "staff_queue_status": frozenset({CLERK}),
    "staff_trips": frozenset({ADMIN, SUPERVISOR}),
    "staff_supervision": frozenset({ADMIN, SUPERVISOR}),
    "staff_supervision_export": frozenset({ADMIN, SUPERVISOR}),
    "staff_hall": frozenset({ADMIN, CLERK}),
    "staff_hall_alert": frozenset({ADMIN, CLERK}),
    # The fleet: read by the hall floor and supervisors, changed by administrators only.
    "staff_fleet": frozenset({ADMIN, CLERK, SUPERVISOR}),
    "staff_fleet_table": frozenset({ADMIN, CLERK, SUPERVISOR}),
    "staff_fleet_kiosk": frozenset({ADMIN, CLERK, SUPERVISOR}),
    "staff_fleet_new": frozenset({ADMIN}),
    "staff_fleet_register": frozenset({ADMIN}),
    "staff_fleet_move": frozenset({ADMIN}),
    "staff_fleet_retire": frozenset({ADMIN}),
    "staff_ratings": FOLLOWUP_ROLES,
    "staff_rating_case": FOLLOWUP_ROLES,
    "staff_rating_action": FOLLOWUP_ROLES,
    "staff_complaints": COMPLAINT_ROLES,
    "staff_complaint": COMPLAINT_ROLES,
    "staff_complaint_action": COMPLAINT_ROLES,
    # Catalog editing: administrators only.
    "staff_catalog": frozenset({ADMIN}),
    "staff_catalog_new": frozenset({ADMIN}),
    "staff_catalog_edit": frozenset({ADMIN}),
    "staff_catalog_save": frozenset({ADMIN}),
    "staff_catalog_discard": frozenset({ADMIN}),
    "staff_catalog_publish_review": frozenset({ADMIN}),
    "staff_catalog_publish": frozenset({ADMIN}),
    "staff_catalog_preview": frozenset({ADMIN}),
    "staff_catalog_preview_frame": frozenset({ADMIN}),
    # Kiosk menus: supervisors read; only administrators change, publish, restore or assign.
    "staff_menus": frozenset({ADMIN, SUPERVISOR}),
    "staff_menu_editor": frozenset({ADMIN, SUPERVISOR}),
    "staff_menu_targets": frozenset({ADMIN}),  # the target picker is part of editing
    "staff_menu_preview": frozenset({ADMIN, SUPERVISOR}),
    "staff_menu_preview_frame": frozenset({ADMIN, SUPERVISOR}),
    "staff_menu_versions": frozenset({ADMIN, SUPERVISOR}),
    "staff_menu_compare": frozenset({ADMIN, SUPERVISOR}),
    "staff_menus_create": frozenset({ADMIN}),
    "staff_menus_assign": frozenset({ADMIN}),
    "staff_menu_default": frozenset({ADMIN}),
    "staff_menu_tile_save": frozenset({ADMIN}),
    "staff_menu_tile_op": frozenset({ADMIN}),
    "staff_menu_publish": frozenset({ADMIN}),
    "staff_menu_restore": frozenset({ADMIN}),
    "staff_menu_cancel_release": frozenset({ADMIN}),
}

PLACEHOLDERS = {
    "account_id": "999",
    "change": "deactivate",
    "ref": "20260101000000",
    "file_id": "f_nothing",
    "action": "accept",
    "alert_id": "999",
    "device_id": "no-such-kiosk",
    "case_id": "nothing",
    "table": "items",
    "kind": "items",
    "code": "NO-SUCH-ITEM",
    "menu_id": "no-such-menu",
    "tile_id": "t-0000",
    "op": "up",
    "version": "1",
    "release_id": "999",
}
# Where a route takes only a few values, one it knows, so the role check is what answers.
ROUTE_PLACEHOLDERS = {"staff_queue_call": {"action": "call_next"}}
# Fragments polled by htmx; asked for without htmx they send the browser to their page.
PARTIALS = frozenset({"staff_fleet_table", "staff_queue_status"})
HTMX = {"HX-Request": "true"}
PARAM = re.compile(r"\{([a-z_]+)(?::[a-z]+)?\}")


@dataclass(frozen=True, slots=True)
class Endpoint:
    name: str
    method: str
    path: str


def _fill(values: dict[str, str], match: re.Match[str]) -> str:
    return values[match.group(1)]


def _staff_endpoints() -> list[Endpoint]:
    found = []
    for route in routes():
        assert isinstance(route, Route)
        values = {**PLACEHOLDERS, **ROUTE_PLACEHOLDERS.get(str(route.name), {})}
        path = "/staff" + PARAM.sub(functools.partial(_fill, values), route.path)
        for method in sorted((route.methods or set()) - {"HEAD"}):
            found.append(Endpoint(str(route.name), method, path))
    return found


def test_every_staff_route_is_in_the_policy() -> None:
    names = {endpoint.name for endpoint in _staff_endpoints()}
    assert names - POLICY.keys() == set(), "a staff page without a decision on who may use it"
    assert POLICY.keys() - names == set(), "a decision about a page that does not exist"
    for endpoint in _staff_endpoints():
        missing = set(PARAM.findall(endpoint.path))
        assert not missing, f"no placeholder for {missing} in {endpoint.path}"


async def _signed_in(hall: Hall) -> dict[Role, tuple[httpx2.AsyncClient, str]]:
    """One client per role (a different address each: sign-in throttling is per address)."""
    clients: dict[Role, tuple[httpx2.AsyncClient, str]] = {}
    admin, _ = await signed_in_admin(hall, hall.client_at("10.0.1.1"))
    clients[ADMIN] = (admin, csrf_of(await admin.get("/staff/applications")))
    for number, (role, department) in enumerate(((CLERK, "GA"), (REVIEWER, "GA"), (SUPERVISOR, None)), start=2):
        client = hall.client_at(f"10.0.1.{number}")
        await make_account(hall, f"user.{role.value}", role.value, department)
        answer = await sign_in(client, f"user.{role.value}")
        assert answer.status_code == 303 and answer.headers["location"] == "/staff/", answer.text
        clients[role] = (client, csrf_of(await client.get("/staff/applications")))
    return clients


def _allowed(name: str, role: Role) -> bool:
    policy = POLICY[name]
    return policy == PUBLIC or (isinstance(policy, frozenset) and role in policy)


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
async def test_each_role_gets_exactly_the_pages_the_policy_gives_it(hall: Hall, role: Role) -> None:
    client, csrf = (await _signed_in(hall))[role]
    wrong: list[str] = []
    for endpoint in _staff_endpoints():
        if POLICY[endpoint.name] == PUBLIC:
            continue
        if endpoint.method == "GET":
            answer = await client.get(endpoint.path, headers=HTMX if endpoint.name in PARTIALS else None)
        else:
            answer = await client.post(endpoint.path, data={"csrf_token": csrf})
        allowed = _allowed(endpoint.name, role)
        if answer.status_code >= 500 or (not allowed and answer.status_code != 403):
            wrong.append(f"{endpoint.method} {endpoint.path} ({endpoint.name}) → {answer.status_code}")
        elif allowed and answer.status_code == 403 and endpoint.method == "GET":
            wrong.append(f"{endpoint.method} {endpoint.path} ({endpoint.name}) refused a permitted role")
        assert "Traceback" not in answer.text
    assert wrong == [], f"{role.value}: " + "; ".join(wrong)


async def test_a_change_without_the_anti_csrf_field_is_refused_even_for_a_permitted_role(hall: Hall) -> None:
    clients = await _signed_in(hall)
    wrong = []
    for endpoint in _staff_endpoints():
        if endpoint.method != "POST" or POLICY[endpoint.name] == PUBLIC:
            continue
        role = next(role for role in (ADMIN, CLERK, SUPERVISOR, REVIEWER) if _allowed(endpoint.name, role))
        answer = await clients[role][0].post(endpoint.path, data={"csrf_token": "x" * 43})
        if answer.status_code != 403:
            wrong.append(f"{endpoint.path} ({endpoint.name}) as {role.value} → {answer.status_code}")
    assert wrong == []


async def test_signed_out_every_page_leads_to_sign_in_and_no_change_goes_through(hall: Hall) -> None:
    client = hall.client_at("10.0.2.1")
    wrong = []
    for endpoint in _staff_endpoints():
        if POLICY[endpoint.name] == PUBLIC:
            continue
        if endpoint.name in PARTIALS:
            # A poll whose session is gone moves the whole page to the sign-in page.
            answer = await client.get(endpoint.path, headers=HTMX)
            ok = answer.headers.get("hx-redirect", "").startswith("/staff/sign-in")
        elif endpoint.method == "GET":
            answer = await client.get(endpoint.path)
            ok = answer.status_code == 303 and answer.headers["location"].startswith("/staff/sign-in")
        else:
            answer = await client.post(endpoint.path, data={})
            ok = answer.status_code in (303, 403) and not answer.headers.get("location", "").startswith("/staff/?")
        if not ok:
            wrong.append(f"{endpoint.method} {endpoint.path} → {answer.status_code}")
    assert wrong == []
