"""Which staff handle which cases (pure): clerks and supervisors.

A case with no application is the hall's: any window clerk may take it (a 咨询 is
answered by whoever is asked first). A case linked to an application is addressed to that
application's department: only its clerks, and supervisors (监察人员, hall-wide), see and
take it. Hall administrators and department reviewers do not work the complaints desk.
"""

from __future__ import annotations

from shared.staff.roles import Role, Scoped

HANDLER_ROLES = frozenset({Role.CLERK, Role.SUPERVISOR})


def may_handle(staff: Scoped, department: str | None) -> bool:
    """Whether this person may see, take, answer or be handed a case of `department`."""
    if staff.role not in HANDLER_ROLES:
        return False
    if staff.role is Role.SUPERVISOR or department is None:
        return True
    return staff.department_code == department


def queue_departments(staff: Scoped) -> list[str] | None:
    """The departments whose cases this person's queue shows besides the hall's: None for all."""
    if staff.role is Role.SUPERVISOR:
        return None
    return [staff.department_code] if staff.department_code else []
