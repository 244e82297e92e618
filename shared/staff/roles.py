"""Staff roles and what each may do: the permission rules later pages ask before acting.

Four roles (岗位), following how an integrated hall is organised:

- 大厅管理员 `admin`, hall administrator: accounts, kiosk menus, the audit trail. Hall-wide.
- 窗口人员 `clerk`, window clerk: accepts applications (受理) and calls queue numbers, for
  one department.
- 部门审批人员 `reviewer`, department reviewer: decides applications (审批) of one department.
- 监察人员 `supervisor`, electronic supervision (电子监察): reads time limits, ratings and the
  audit trail of the whole hall; changes nothing except allowing a second 补正 (recorded).

Rules are pure (no I/O): `can(role, action)` answers "may this role ever do this", and
`in_scope(account, department_code)` answers "may this person see that department's
things". A page that acts on one department's application asks both (`allowed`), so a
clerk of 公安局 gets 403 on an application of 卫健委 (ASVS 8.2.1 and 8.2.2: function- and
object-level checks on the server).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol

from shared.i18n import Text


class Role(StrEnum):
    ADMIN = "admin"
    CLERK = "clerk"
    REVIEWER = "reviewer"
    SUPERVISOR = "supervisor"


ROLE_TEXT: Mapping[Role, Text] = MappingProxyType(
    {
        Role.ADMIN: Text("大厅管理员", "Hall administrator"),
        Role.CLERK: Text("窗口人员", "Window clerk"),
        Role.REVIEWER: Text("部门审批人员", "Department reviewer"),
        Role.SUPERVISOR: Text("监察人员", "Supervisor"),
    }
)

# Clerks and reviewers work for one department; the other roles see the whole hall.
SCOPED_ROLES = frozenset({Role.CLERK, Role.REVIEWER})
# GB/T 22239-2019 level 3 asks for two factors, one cryptographic, on administrative
# sign-in; the administrator can create accounts and read the audit trail.
SECOND_FACTOR_ROLES = frozenset({Role.ADMIN})


class Action(StrEnum):
    """Things a staff page can do; later issues add theirs here with the roles allowed."""

    MANAGE_ACCOUNTS = "accounts.manage"
    VIEW_AUDIT = "audit.view"
    CONFIGURE_KIOSK_MENUS = "kiosk_menus.configure"  # edit, publish, schedule, restore, assign
    VIEW_KIOSK_MENUS = "kiosk_menus.view"  # read menus, versions and their differences
    VIEW_FLEET = "kiosks.view"  # the kiosk fleet: heartbeats, device states, alerts
    MANAGE_KIOSKS = "kiosks.manage"  # register, move and retire kiosks
    EDIT_CATALOG = "catalog.edit"  # drafts of items and bundles, published as new versions
    ACCEPT_APPLICATIONS = "applications.accept"  # 受理 / 不予受理 / 补正 at a window
    REVIEW_APPLICATIONS = "applications.review"  # 审批 by the department
    CALL_QUEUE = "queue.call"  # 叫号
    VIEW_SUPERVISION = "supervision.view"  # 电子监察: warnings, overdue matters, ratings
    OVERRIDE_CORRECTION_RULE = "applications.override_return"  # allow a second 补正 (recorded)


PERMISSIONS: Mapping[Role, frozenset[Action]] = MappingProxyType(
    {
        Role.ADMIN: frozenset(
            {
                Action.MANAGE_ACCOUNTS,
                Action.VIEW_AUDIT,
                Action.CONFIGURE_KIOSK_MENUS,
                Action.VIEW_KIOSK_MENUS,
                Action.VIEW_FLEET,
                Action.MANAGE_KIOSKS,
                Action.EDIT_CATALOG,
            }
        ),
        # A window clerk sees the fleet (a kiosk out of paper is theirs to fix) but changes no kiosk.
        Role.CLERK: frozenset({Action.ACCEPT_APPLICATIONS, Action.CALL_QUEUE, Action.VIEW_FLEET}),
        Role.REVIEWER: frozenset({Action.REVIEW_APPLICATIONS}),
        Role.SUPERVISOR: frozenset(
            {
                Action.VIEW_AUDIT,
                Action.VIEW_SUPERVISION,
                Action.OVERRIDE_CORRECTION_RULE,
                Action.VIEW_KIOSK_MENUS,
                Action.VIEW_FLEET,
            }
        ),
    }
)


class Scoped(Protocol):
    """Anything with a role and a department scope (an account, a signed-in principal)."""

    @property
    def role(self) -> Role: ...

    @property
    def department_code(self) -> str | None: ...


def parse_role(value: str | None) -> Role | None:
    try:
        return Role(value) if value is not None else None
    except ValueError:
        return None


def can(role: Role | str, action: Action) -> bool:
    """Whether this role may ever do this (an unknown role may do nothing: fail closed)."""
    parsed = parse_role(str(role))
    return parsed is not None and action in PERMISSIONS[parsed]


def needs_department(role: Role) -> bool:
    return role in SCOPED_ROLES


def needs_second_factor(role: Role) -> bool:
    return role in SECOND_FACTOR_ROLES


def in_scope(account: Scoped, department_code: str | None) -> bool:
    """Whether this person may see things of this department.

    Administrators and supervisors are hall-wide. A clerk or reviewer sees only their own
    department; one without a department (which the database forbids) sees nothing.
    """
    if account.role not in SCOPED_ROLES:
        return True
    return account.department_code is not None and account.department_code == department_code


def allowed(account: Scoped, action: Action, department_code: str | None = None) -> bool:
    """`can` and, when the thing belongs to a department, `in_scope`: the check a page makes."""
    if not can(account.role, action):
        return False
    return department_code is None or in_scope(account, department_code)
