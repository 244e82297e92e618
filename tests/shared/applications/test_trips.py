"""Trips (跑动次数): one per kiosk session, one per window day, shared across a bundle, and
declared against measured per item."""

from __future__ import annotations

from shared.applications import trips
from shared.clock import ManualClock
from shared.services import Services
from tests.shared.applications.conftest import People, id_card_draft, morning, newborn, submitted


async def record(services: Services, application_id: str, kind: trips.TripKind, key: str) -> bool:
    async with services.db.transaction() as tx:
        return await trips.record(tx, application_id, kind, key, "一楼大厅", services.clock.now())


async def window(services: Services, application_id: str) -> bool:
    async with services.db.transaction() as tx:
        return await trips.record_window_visit(tx, application_id, "3 号窗口", services.clock.now())


async def test_a_kiosk_session_and_a_window_day_count_once(
    services: Services, people: People, clock: ManualClock
) -> None:
    morning(clock)
    app = await id_card_draft(services, people.zhang)
    assert await trips.count(services.db, app.id) == 0
    assert await record(services, app.id, "kiosk", "session-1")
    assert not await record(services, app.id, "kiosk", "session-1")  # the same session, a reload
    assert await trips.count(services.db, app.id) == 1
    assert await window(services, app.id)
    clock.advance(3600)
    assert not await window(services, app.id)  # the same day: the same visit
    assert await trips.count(services.db, app.id) == 2
    clock.advance(86400)
    assert await window(services, app.id)
    assert await record(services, app.id, "kiosk", "session-2")
    assert await trips.count(services.db, app.id) == 4
    listed = await trips.for_application(services.db, app.id)
    assert [t.kind for t in listed] == ["kiosk", "window", "window", "kiosk"]
    assert [t.at for t in listed] == sorted(t.at for t in listed)


async def test_a_bundle_shares_its_trips_with_its_items(services: Services, people: People) -> None:
    parent = await newborn(services, people.zhang)
    first, second = parent.children
    assert await record(services, parent.id, "kiosk", "session-1")  # started at a kiosk
    assert await window(services, second.id)  # then one window visit for the insurance
    # The same session touching a child is the same trip for the family.
    assert await record(services, first.id, "kiosk", "session-1")
    assert await trips.count(services.db, parent.id) == 2
    assert await trips.count(services.db, first.id) == 1
    assert await trips.count(services.db, second.id) == 2


async def test_declared_against_measured_per_item(services: Services, people: People) -> None:
    one = await submitted(services, people.zhang)
    two = await submitted(services, people.li)
    await id_card_draft(services, people.zhang)  # a draft is not counted
    await record(services, one.id, "kiosk", "s1")
    await record(services, two.id, "kiosk", "s2")
    await window(services, two.id)
    report = await trips.by_item(services.db, await services.catalog.current())
    (item,) = report
    assert (item.item_code, item.declared, item.applications, item.average, item.max) == ("GA-SFZ-002", 1, 2, 1.5, 2)
    assert item.exceeded
    (bare,) = await trips.by_item(services.db)
    assert bare.declared is None and not bare.exceeded
