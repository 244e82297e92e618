"""Helpers for the application core tests: real-name citizens and staff principals over the
real stack (the `running` fixture: a fresh SQLite file and the mini catalog)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pytest

from shared.applications import certificates, drafts, repository, workflow
from shared.applications.model import Application
from shared.audit import Where
from shared.catalog.importer import import_catalog
from shared.clock import CHINA_TIME, ManualClock
from shared.identity import citizens
from shared.services import Services
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Role
from tests.conftest import Running, mini_catalog
from tests.pii import ID_LI, ID_ZHANG, PHONE_ZHANG

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
            tx, holder, type_code, number or f"T-{type_code}-{secrets.token_hex(4)}", "GA", services.clock.now(), None
        )


ID_CARD_ANSWERS = {"for_whom": "self", "applicant_phone": PHONE_ZHANG, "delivery": "window"}


async def id_card_draft(services: Services, citizen_id: str, **answers: object) -> Application:
    """A complete GA-SFZ-002 draft (the wallet covers the ID card; shared data the hukou)."""
    await give_certificate(services, citizen_id, "resident_id_card")
    app = await start(services, citizen_id)
    app = await drafts.save_answers(services, app, {**ID_CARD_ANSWERS, **answers}, now=services.clock.now())
    return await drafts.set_delivery(
        services, app, str(app.answers.get("delivery", "window")), None, now=services.clock.now()
    )


async def submitted(services: Services, citizen_id: str, **answers: object) -> Application:
    app = await id_card_draft(services, citizen_id, **answers)
    return await workflow.submit(services, app, channel="kiosk", where=KIOSK, now=services.clock.now())


async def force(services: Services, app: Application, **changes: Any) -> Application:
    """Put an application straight into a state for a test of what may happen next."""
    async with services.db.transaction() as tx:
        current = await repository.load(tx, services.vault, app.id)
        assert current is not None
        return await repository.save(tx, services.vault, replace(current, **changes), services.clock.now())


async def event_count(services: Services, app: Application) -> int:
    return len(await repository.events_for(services.db, [app.id]))


async def change_catalog(services: Services, change: Callable[[dict[str, Any]], None]) -> None:
    """Publish a changed mini catalog (new item versions) and reload the snapshot."""
    doc = mini_catalog()
    change(doc)
    await import_catalog(services.db, doc)
    await services.catalog.load()


def item_doc(doc: dict[str, Any], code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(item for item in doc["items"] if item["code"] == code)
    return found


def with_co_departments(*codes: str) -> Callable[[dict[str, Any]], None]:
    """GA-SFZ-002 reviewed in parallel (并联审批) with these co-handling departments."""

    def change(doc: dict[str, Any]) -> None:
        item_doc(doc, "GA-SFZ-002")["co_departments"] = list(codes)

    return change


BABY = {"baby_name": "张小宝", "birth_date": "2026-11-01", "applicant_phone": PHONE_ZHANG}


def hukou_shared_by_police(doc: dict[str, Any]) -> None:
    """The household register for medical insurance comes from the police by data sharing."""
    for material in item_doc(doc, "YB-CB-003")["materials"]:
        if material["code"] == "hukou_booklet":
            material["shared_data"] = {"department": "GA"}


async def newborn(services: Services, citizen_id: str, delivery: str = "electronic") -> Application:
    await change_catalog(services, hukou_shared_by_police)
    await give_certificate(services, citizen_id, "resident_id_card")
    await give_certificate(services, citizen_id, "birth_cert")
    now = services.clock.now()
    app = await drafts.start(services, citizen_id, bundle_code="newborn", channel="mobile", where=DESK, now=now)
    app = await drafts.save_answers(services, app, BABY, now=now)
    app = await drafts.set_delivery(services, app, delivery, None, now=now)
    return await workflow.submit(services, app, channel="mobile", where=DESK, now=now)


async def approve(
    services: Services, app: Application, clerk: StaffPrincipal, reviewers: list[StaffPrincipal]
) -> Application:
    now = services.clock.now()
    app = await workflow.accept(services, app, clerk, where=DESK, now=now)
    for reviewer in reviewers:
        app = await workflow.record_opinion(services, app, reviewer, "agree", "", where=DESK, now=now)
    return await workflow.decide(services, app, reviewers[0], "approve", "", where=DESK, now=now)


def morning(clock: ManualClock) -> None:
    """Move the clock to 09:00 China time of the next day, so a test's hours stay in one day."""
    now = dt.datetime.fromtimestamp(clock.now(), CHINA_TIME)
    nine = (now + dt.timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    clock.advance((nine - now).total_seconds())
