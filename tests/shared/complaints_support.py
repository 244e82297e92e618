"""Helpers for the complaints tests: staff accounts made through the real management code,
and the staff side of a case (take and answer) through the store."""

from __future__ import annotations

from shared import complaints
from shared.audit import Actor, Where
from shared.services import Services
from shared.staff import management
from shared.staff.management import NewAccount


async def account(services: Services, username: str, role: str, department: str | None = None) -> int:
    departments = (await services.catalog.current()).departments.keys()
    created = await management.create_account(
        services.db,
        NewAccount(username, f"{username} name", role, department, "correct horse battery"),
        departments,
        Actor.system("test"),
        Where.system(),
        services.clock.now(),
    )
    return created.id


async def answer(services: Services, case_id: str, staff_id: int, text: str = "已为您办理，谢谢。") -> None:
    """A staff member takes the case and answers it."""
    async with services.db.transaction() as tx:
        await complaints.take(tx, case_id, staff_id, services.clock.now())
        await complaints.reply(tx, services.vault, case_id, staff_id, text, services.clock.now())
