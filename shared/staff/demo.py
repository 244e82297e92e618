"""Demo staff accounts, created at start only when `settings.demo` is on, and only if missing.

One password for all, documented in the README, so a tester can try every role:

    admin       大厅管理员   second factor (TOTP) enrolled at the first sign-in
    clerk       窗口人员     公安局 (GA)
    reviewer    部门审批人员 市场监督管理局 (SCJG)
    reviewer.ga 部门审批人员 公安局 (GA): with `clerk`, a kiosk application for an ID card can
                be taken from acceptance to the decision in the demo
    supervisor  监察人员

With demo mode off no account exists until `onevisit staff create`.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

from shared.audit import Actor, Where
from shared.db import Database
from shared.staff import accounts, management, passwords
from shared.staff.management import NewAccount
from shared.staff.roles import Role

log = logging.getLogger("onevisit.staff")

DEMO_PASSWORD = "onevisit-demo-2026"
# (username, display name, role, preferred department in the demo catalog)
DEMO_ACCOUNTS: tuple[tuple[str, str, Role, str | None], ...] = (
    ("admin", "演示管理员", Role.ADMIN, None),
    ("clerk", "演示窗口人员", Role.CLERK, "GA"),
    ("reviewer", "演示审批人员", Role.REVIEWER, "SCJG"),
    ("reviewer.ga", "演示审批人员（公安）", Role.REVIEWER, "GA"),
    ("supervisor", "演示监察人员", Role.SUPERVISOR, None),
)


def _department(preferred: str | None, departments: Collection[str]) -> str | None:
    if preferred is None or preferred in departments:
        return preferred
    # Another catalog was imported: any of its departments will do for a demo.
    return min(departments) if departments else None


async def seed_demo_accounts(db: Database, departments: Collection[str], now: float) -> list[str]:
    """Create the demo accounts that do not exist yet; the usernames created."""
    missing = [spec for spec in DEMO_ACCOUNTS if not await accounts.username_taken(db, spec[0])]
    if not missing:
        return []
    shared_hash = await passwords.hash_password(DEMO_PASSWORD)
    created: list[str] = []
    for username, name, role, preferred in missing:
        department = _department(preferred, departments)
        if role in (Role.CLERK, Role.REVIEWER) and department is None:
            log.warning("demo account %s not created: the catalog has no department", username)
            continue
        new = NewAccount(username, name, role.value, department, DEMO_PASSWORD)
        await management.create_account(
            db, new, departments, Actor.system(), Where.system(), now, password_hash=shared_hash
        )
        created.append(username)
    if created:
        log.info("demo staff accounts created: %s", ", ".join(created))
    return created
