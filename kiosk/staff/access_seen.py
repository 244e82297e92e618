"""Staff pages tell the citizen's access log (`shared.privacy.access_log`) what they showed.

One call per page that shows a citizen's application, a file of it or their personal data
(the detail page, also when it comes back after a refused action; a material file; an
action), and one per person a console search by ID number, phone or name found: being
looked up is a look, even before an application is opened. The queue is not recorded: it
shows only masked names and masked ID numbers (surname + *, 4+4 digits) of many
applications at once, which tells nobody anything about a person; recording it would bury
the looks that matter under hundreds of "was listed" lines a day. Opening an application
from the queue is the look, and is recorded.
"""

from __future__ import annotations

from collections.abc import Sequence

from shared.applications.model import Application
from shared.i18n import Text
from shared.materials.model import StoredFile
from shared.privacy import access_log
from shared.services import Services
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Role


async def _item_name(services: Services, app: Application) -> Text:
    if app.item_code is None:
        return Text("一件事", "Bundle")
    item = await services.catalog.item_version(app.item_code, app.item_version or 0)
    return item.name if item is not None else Text(app.item_code, app.item_code)


def _why(staff: StaffPrincipal, app: Application) -> Text:
    return access_log.purpose_for(staff.role, app.state, lead=app.department == staff.department_code)


async def application_seen(services: Services, staff: StaffPrincipal, app: Application) -> None:
    """The application page: its form answers, materials list and the applicant's masked details."""
    name = await _item_name(services, app)
    what = Text(
        f"办件 {app.ref}（{name.zh}）：申请表、材料清单和申请人信息",
        f"Application {app.ref} ({name.en or name.zh}): the form, the list of materials and the applicant's details",
    )
    now = services.clock.now()
    await access_log.record(services.db, app.citizen_id, staff, what, _why(staff, app), now, application_id=app.id)


async def file_seen(services: Services, staff: StaffPrincipal, app: Application, stored: StoredFile) -> None:
    """One uploaded material file, opened or downloaded."""
    what = Text(
        f"办件 {app.ref} 的材料文件 {stored.display_name}",
        f"A material file of application {app.ref}: {stored.display_name}",
    )
    now = services.clock.now()
    await access_log.record(services.db, app.citizen_id, staff, what, _why(staff, app), now, application_id=app.id)


FINDING = Text("查找办件以便办理", "To find an application to handle it")
SEARCH_KIND_TEXT = {
    "id_number": Text("身份证号", "ID number"),
    "phone": Text("手机号", "mobile number"),
    "name": Text("姓名", "name"),
}


async def person_searched(services: Services, staff: StaffPrincipal, citizen_ids: Sequence[str], kind: str) -> None:
    """A console search by a person's ID number, phone or name found these citizens' applications."""
    by = SEARCH_KIND_TEXT.get(kind, Text("个人信息", "personal details"))
    what = Text(
        f"按{by.zh}查找您的办件（工作台搜索，仅显示脱敏信息）",
        f"Looked up your applications by {by.en} (console search; masked details only)",
    )
    if staff.role in (Role.SUPERVISOR, Role.ADMIN):
        why = access_log.SUPERVISION if staff.role is Role.SUPERVISOR else access_log.HALL_ADMIN
    else:
        why = FINDING
    now = services.clock.now()
    for citizen_id in citizen_ids:
        await access_log.record(services.db, citizen_id, staff, what, why, now)
