"""Who may see which application: object-level checks on the server (ASVS 8.2.2).

- A citizen sees their own applications only. Another citizen's id or number answers
  exactly like an unknown one (404), so numbers cannot be probed.
- A clerk or reviewer sees the item applications their department leads or reviews
  (并联审批); anything else of the hall is 403. Administrators and supervisors read the
  whole hall. A draft and a bundle parent are not staff objects at all (404): staff act on
  submitted item applications only.
"""

from __future__ import annotations

from shared.applications import repository
from shared.applications.model import Application
from shared.applications.states import State
from shared.errors import Forbidden, NotFound
from shared.i18n import Text
from shared.services import Services
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import in_scope, needs_department

APPLICATION_NOT_FOUND = Text("找不到该申请。", "We could not find this application.")
OTHER_DEPARTMENT = Text("该申请不属于您所在部门办理。", "This application is handled by another department, not yours.")


class ApplicationNotFound(NotFound):
    code = "application_not_found"
    default_message = APPLICATION_NOT_FOUND


class NotYourDepartment(Forbidden):
    code = "other_department"
    default_message = OTHER_DEPARTMENT


async def for_citizen(services: Services, citizen_id: str, ref: str) -> Application:
    """The citizen's own application by id or number; 404 for anything else."""
    app = await repository.load_ref(services.db, services.vault, ref) if ref else None
    if app is None or app.citizen_id != citizen_id:
        raise ApplicationNotFound()
    return app


async def staff_may_see(services: Services, staff: StaffPrincipal, app: Application) -> bool:
    if not needs_department(staff.role):
        return True
    if in_scope(staff, app.department):
        return True
    return await repository.has_review_task(services.db, app.id, staff.department_code)


async def for_staff(services: Services, staff: StaffPrincipal, ref: str) -> Application:
    """A submitted item application the staff member's department leads or reviews.

    404 when there is no such staff object (unknown, a draft, a bundle parent); 403 when it
    belongs to another department.
    """
    app = await repository.load_ref(services.db, services.vault, ref) if ref else None
    if app is None or app.kind != "item" or app.state == State.DRAFT:
        raise ApplicationNotFound()
    if not await staff_may_see(services, staff, app):
        raise NotYourDepartment()
    return app


async def list_for_citizen(services: Services, citizen_id: str, *, limit: int = 50) -> list[Application]:
    """Newest first; a bundle appears once, with its children."""
    return await repository.list_for_citizen(services.db, services.vault, citizen_id, limit)


async def list_for_staff(
    services: Services, staff: StaffPrincipal, *, state: State | None = None, limit: int = 100
) -> list[Application]:
    """The queue in the staff member's scope, oldest submission first (first come, first served)."""
    if not needs_department(staff.role):
        departments: list[str] | None = None
    elif staff.department_code is None:
        return []
    else:
        departments = [staff.department_code]
    return await repository.list_for_departments(services.db, services.vault, departments, state, limit)
