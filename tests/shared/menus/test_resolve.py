"""Which menu a kiosk shows (shared/menus/resolve.py): kiosk → group → default, and the cache."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

import pytest

from shared.db import Database, Params, Row
from shared.i18n import Text
from shared.kiosk.devices import KioskDevice
from shared.menus import store
from shared.menus.model import Assignment, Release
from shared.menus.resolve import MenuCache, live_version, next_go_live, resolve
from tests.shared.menus.support import ADMIN, AT_KIOSK, document, snapshot, tile

NOW = 1_790_000_000.0
SNAPSHOT = snapshot()


def release(id: int, menu_id: str, version: int, at: float, *, cancelled: bool = False) -> Release:
    return Release(id, menu_id, version, at, "", "admin", "publish", cancelled_at="x" if cancelled else None)


def assigned(kind: str, target: str, menu_id: str) -> Assignment:
    return Assignment(kind, target, menu_id, "", "admin")  # type: ignore[arg-type]


RELEASES = [
    release(1, "hall", 1, NOW - 100),
    release(2, "exit", 1, NOW - 100),
    release(3, "kiosk7", 1, NOW + 100),  # scheduled: nothing of kiosk7 is live before NOW + 100
]
ASSIGNMENTS = [assigned("group", "exit-entry", "exit"), assigned("device", "k7", "kiosk7")]


def test_the_kiosk_s_own_menu_then_its_group_s_then_the_default() -> None:
    found = resolve("k1", "lobby", ASSIGNMENTS, "hall", RELEASES, NOW)
    assert found is not None and (found.menu_id, found.version, found.stamp) == ("hall", 1, "hall@1")
    found = resolve("k2", "exit-entry", ASSIGNMENTS, "hall", RELEASES, NOW)
    assert found is not None and (found.menu_id, found.stamp) == ("exit", "exit@1")
    # k7's own menu has nothing live yet: it falls through to its group's, then the default.
    found = resolve("k7", "exit-entry", ASSIGNMENTS, "hall", RELEASES, NOW)
    assert found is not None and found.menu_id == "exit"
    found = resolve("k7", "lobby", ASSIGNMENTS, "hall", RELEASES, NOW)
    assert found is not None and found.menu_id == "hall"
    found = resolve("k7", "lobby", ASSIGNMENTS, "hall", RELEASES, NOW + 100)
    assert found is not None and found.stamp == "kiosk7@1"
    assert resolve("k1", "lobby", [], None, RELEASES, NOW) is None
    assert resolve("k1", "lobby", [], "hall", [], NOW) is None


def test_the_live_version_is_the_newest_release_gone_live_not_cancelled() -> None:
    releases = [
        release(1, "hall", 1, 100.0),
        release(2, "hall", 2, 200.0),
        release(3, "hall", 1, 200.0),  # a restore of 1 made after 2, at the same second: wins
        release(4, "hall", 3, 300.0, cancelled=True),
        release(5, "hall", 4, 400.0),
    ]
    assert live_version(releases, "hall", 99.0) is None
    assert live_version(releases, "hall", 150.0) == 1
    assert live_version(releases, "hall", 250.0) == 1
    assert live_version(releases, "hall", 350.0) == 1  # the cancelled one never went live
    assert live_version(releases, "hall", 400.0) == 4
    assert live_version(releases, "other", 400.0) is None
    assert next_go_live(releases, 250.0) == 400.0
    assert next_go_live(releases, 400.0) == float("inf")


class CountingDb:
    """The database, counting the statements the cache sends (it should send none while nothing changed)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.statements = 0

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        self.statements += 1
        return await self.db.fetch_one(sql, params)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        self.statements += 1
        return await self.db.fetch_all(sql, params)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "menus.sqlite3", readers=1)
    await database.open()
    yield database
    await database.close()


def device(device_id: str = "lobby-1", group: str = "lobby") -> KioskDevice:
    return KioskDevice(device_id, "大厅 1", group, "", None, None)


async def make(db: Database, menu_id: str, doc: dict[str, Any], *, at: float | None = None, now: float = NOW) -> None:
    async with db.transaction() as tx:
        if await store.get_menu(tx, menu_id) is None:
            await store.create_menu(tx, menu_id, Text("菜单", "Menu"), ADMIN, now)
        draft = await store.get_draft(tx, menu_id)
        await store.save_draft(tx, menu_id, doc, draft.revision, ADMIN, now)
        await store.publish(tx, menu_id, SNAPSHOT, ADMIN, now, go_live_at=at)


ONE = document(tile("item", AT_KIOSK, id="t-1"))
TWO = document(tile("action", "track", id="t-2"), tile("item", AT_KIOSK, id="t-1"))


async def test_no_menu_at_all_is_none(db: Database) -> None:
    assert await MenuCache().for_device(db, device(), NOW) is None


async def test_the_cache_sends_no_sql_while_the_revision_stands(db: Database) -> None:
    await make(db, "hall", ONE)
    counting = CountingDb(db)
    cache = MenuCache()
    reader = cast(Database, counting)
    first = await cache.for_device(reader, device(), NOW)
    assert first is not None and first.stamp == "hall@1" and [t.id for t in first.tiles] == ["t-1"]
    loaded = counting.statements
    for step in range(50):  # many kiosks, many pages, within one second
        again = await cache.for_device(reader, device(f"lobby-{step % 5}"), NOW + step / 100)
        assert again is not None and again.stamp == "hall@1"
    assert counting.statements == loaded  # every kiosk from memory: same revision, same document
    # After a second: one look at the revision, nothing else when it has not moved.
    before = counting.statements
    assert await cache.for_device(reader, device(), NOW + 1.5) == first
    assert counting.statements == before + 1


async def test_a_publish_is_seen_at_the_next_revision_check(db: Database) -> None:
    await make(db, "hall", ONE)
    cache = MenuCache()
    assert (await cache.for_device(db, device(), NOW) or pytest.fail()).stamp == "hall@1"
    await make(db, "hall", TWO, now=NOW + 0.2)
    # Within `check_every` the kiosk may still show what it had (no SQL at all)...
    assert (await cache.for_device(db, device(), NOW + cache.check_every / 2) or pytest.fail()).stamp == "hall@1"
    # ...and after it, the moved revision brings the new version.
    live = await cache.for_device(db, device(), NOW + 1.2)
    assert live is not None and live.stamp == "hall@2" and [t.id for t in live.tiles] == ["t-2", "t-1"]
    # `invalidate` (after a change in this process) makes the very next call look.
    await make(db, "hall", ONE, now=NOW + 1.3)
    cache.invalidate()
    assert (await cache.for_device(db, device(), NOW + 1.3) or pytest.fail()).version == 3


async def test_a_scheduled_go_live_takes_effect_at_its_time_without_sql(db: Database) -> None:
    await make(db, "hall", ONE)
    await make(db, "hall", TWO, at=NOW + 600)
    counting = CountingDb(db)
    cache = MenuCache(check_every=3600.0)  # no revision check in this test's span
    reader = cast(Database, counting)
    assert (await cache.for_device(reader, device(), NOW) or pytest.fail()).stamp == "hall@1"
    assert (await cache.for_device(reader, device(), NOW + 599.9) or pytest.fail()).stamp == "hall@1"
    before = counting.statements
    live = await cache.for_device(reader, device(), NOW + 600)
    assert live is not None and live.stamp == "hall@2"
    assert counting.statements == before + 1  # only the new version's document, read once
    assert (await cache.for_device(reader, device(), NOW + 601) or pytest.fail()).stamp == "hall@2"
    assert counting.statements == before + 1


async def test_the_cache_follows_assignments_default_and_cancellations(db: Database) -> None:
    await make(db, "hall", ONE)
    await make(db, "exit", TWO)
    cache = MenuCache()
    lobby, exit_kiosk = device("lobby-1", "lobby"), device("exit-1", "exit-entry")
    assert (await cache.for_device(db, exit_kiosk, NOW) or pytest.fail()).menu_id == "hall"
    async with db.transaction() as tx:
        await store.assign(tx, "group", "exit-entry", "exit", ADMIN, NOW)
    assert (await cache.for_device(db, exit_kiosk, NOW + 1) or pytest.fail()).menu_id == "exit"
    assert (await cache.for_device(db, lobby, NOW + 1) or pytest.fail()).menu_id == "hall"
    assert (await cache.resolved_for(db, "lobby-1", "exit-entry", NOW + 1) or pytest.fail()).menu_id == "exit"
    async with db.transaction() as tx:
        await store.assign(tx, "device", "lobby-1", "exit", ADMIN, NOW)
        await store.set_default(tx, "exit", ADMIN, NOW)
    assert (await cache.for_device(db, lobby, NOW + 2) or pytest.fail()).menu_id == "exit"
    # A scheduled version, then cancelled: the kiosk never sees it.
    await make(db, "exit", ONE, at=NOW + 10)
    pending = (await store.releases(db, "exit"))[0]
    async with db.transaction() as tx:
        await store.cancel_release(tx, pending.id, ADMIN, NOW + 3)
    assert (await cache.for_device(db, lobby, NOW + 20) or pytest.fail()).stamp == "exit@1"
