"""Helpers for the application core tests: real-name citizens and staff principals over the
real stack (the `running` fixture: a fresh SQLite file and the mini catalog)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from shared.applications import certificates, drafts
from shared.applications.model import Application
from shared.audit import Where
from shared.identity import citizens
from shared.services import Services
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Role
from tests.conftest import Running
from tests.pii import ID_LI, ID_ZHANG

KIOSK = Where.kiosk("kiosk-test-1")
DESK = Where.address("10.0.0.8")

CLERK_GA = StaffPrincipal(101, "clerk_ga", "窗口一", Role.CLERK, "GA")
CLERK_WJ = StaffPrincipal(102, "clerk_wj", "窗口二", Role.CLERK, "WJ")
CLERK_YB = StaffPrincipal(103, "clerk_yb", "窗口三", Role.CLERK, "YB")
REVIEWER_GA = StaffPrincipal(201, "reviewer_ga", "审批一", Role.REVIEWER, "GA")
REVIEWER_WJ = StaffPrincipal(202, "reviewer_wj", "审批二", Role.REVIEWER, "WJ")
REVIEWER_YB = StaffPrincipal(203, "reviewer_yb", "审批三", Role.REVIEWER, "YB")
SUPERVISOR = StaffPrincipal(301, "supervisor", "监察", Role.SUPERVISOR, None)
ADMIN = StaffPrincipal(401, "admin", "管理员", Role.ADMIN, None)


@dataclass
class People:
    zhang: str
    li: str


async def id_card_citizen(services: Services, name: str, id_number: str) -> str:
    async with services.db.transaction() as tx:
        return await citizens.sign_in_with_id_card(tx, services.vault, name, id_number, services.clock.now())


@pytest.fixture
async def people(running: Running) -> People:
    return People(
        await id_card_citizen(running.services, "张三", ID_ZHANG),
        await id_card_citizen(running.services, "李四", ID_LI),
    )


@pytest.fixture
def services(running: Running) -> Services:
    return running.services


async def start(services: Services, citizen_id: str, item: str = "GA-SFZ-002", **kwargs: object) -> Application:
    return await drafts.start(
        services,
        citizen_id,
        item_code=item,
        channel="kiosk",
        where=KIOSK,
        now=services.clock.now(),
        **kwargs,  # type: ignore[arg-type]
    )


async def give_certificate(services: Services, citizen_id: str, type_code: str, number: str = "") -> None:
    """Put a certificate in a citizen's wallet, as an earlier approval would have."""
    async with services.db.transaction() as tx:
        holder = await certificates.holder_hash(tx, citizen_id)
        assert holder is not None
        await certificates.issue(
            tx, holder, type_code, number or f"T-{type_code}-{citizen_id[:8]}", "GA", services.clock.now(), None
        )
