"""The staff pages a role may open: one list for the home page and the top navigation."""

from __future__ import annotations

from dataclasses import dataclass

from shared.complaints.rules import HANDLER_ROLES as COMPLAINT_ROLES
from shared.ratings.followups import FOLLOWUP_ROLES
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Action, Role, can

# Pages every role opens, each seeing its own scope (`shared.applications.access`).
EVERY_ROLE = frozenset(Role)
# 电子监察 and hall statistics: supervisors and hall administrators.
HALL_OVERSIGHT = frozenset({Role.SUPERVISOR, Role.ADMIN})
# The hall floor (kiosk alerts, call staff): hall administrators and window clerks.
HALL_FLOOR = frozenset({Role.ADMIN, Role.CLERK})


@dataclass(frozen=True, slots=True)
class Link:
    route: str
    label: str  # a key of STAFF_UI
    hint: str
    icon: str


# Each staff page with the permission (or the roles) it needs; later issues add theirs here.
LINKS: tuple[tuple[Action | frozenset[Role], Link], ...] = (
    (EVERY_ROLE, Link("staff_applications", "applications_link", "applications_link_hint", "certificate")),
    (HALL_FLOOR, Link("staff_hall", "hall_link", "hall_link_hint", "alert")),
    # 自助机设备: every kiosk's heartbeat, menu and hardware (kiosk/staff/views/fleet.py).
    (Action.VIEW_FLEET, Link("staff_fleet", "fleet_link", "fleet_link_hint", "touch")),
    (HALL_OVERSIGHT, Link("staff_supervision", "supervision_link", "supervision_link_hint", "shield")),
    (HALL_OVERSIGHT, Link("staff_trips", "trips_link", "trips_link_hint", "pin")),
    # 差评整改: the department's clerks and reviewers, and supervisors (shared.ratings.followups).
    (FOLLOWUP_ROLES, Link("staff_ratings", "ratings_link", "ratings_link_hint", "face-sad")),
    # 投诉 / 咨询 / 建议 / 举报: window clerks and supervisors (shared.complaints.rules).
    (COMPLAINT_ROLES, Link("staff_complaints", "complaints_link", "complaints_link_hint", "alert")),
    # 自助机菜单: administrators change, supervisors read (kiosk/staff/views/menus*.py).
    (Action.VIEW_KIOSK_MENUS, Link("staff_menus", "menus_link", "menus_link_hint", "grid")),
    # 事项管理: the catalog's items and bundles, edited as drafts and published (kiosk/staff/views/catalog*.py).
    (Action.EDIT_CATALOG, Link("staff_catalog", "catalog_link", "catalog_link_hint", "tools")),
    (Action.MANAGE_ACCOUNTS, Link("staff_accounts", "accounts_link", "accounts_link_hint", "family")),
    (Action.VIEW_AUDIT, Link("staff_audit", "audit_link", "audit_link_hint", "file-check")),
)


def _may_open(role: Role, needs: Action | frozenset[Role]) -> bool:
    return role in needs if isinstance(needs, frozenset) else can(role, needs)


def links_for(principal: StaffPrincipal | None) -> list[Link]:
    if principal is None:
        return []
    return [link for needs, link in LINKS if _may_open(principal.role, needs)]
