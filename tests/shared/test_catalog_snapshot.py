"""Every process serves the catalog the database holds: snapshots follow the revision."""

from __future__ import annotations

from pathlib import Path

from shared.catalog.importer import import_catalog
from shared.catalog.snapshot import CatalogService, ItemQuery
from shared.db import Database
from tests.conftest import Running, mini_catalog


async def test_two_processes_agree_after_an_import(tmp_path: Path) -> None:
    # Two Database objects on one file stand for two server processes.
    first, second = Database(tmp_path / "c.sqlite3"), Database(tmp_path / "c.sqlite3")
    await first.open()
    await second.open()
    try:
        clock = [0.0]
        service_a = CatalogService(first, refresh_seconds=1.0, clock=lambda: clock[0])
        service_b = CatalogService(second, refresh_seconds=1.0, clock=lambda: clock[0])
        assert (await service_a.current()).items == {}
        assert (await service_b.current()).items == {}

        await import_catalog(second, mini_catalog())
        clock[0] = 0.5  # within the refresh interval a process may serve what it had
        assert (await service_a.current()).items == {}
        clock[0] = 1.5
        snapshot = await service_a.current()
        assert snapshot.revision == 1 and "GA-SFZ-002" in snapshot.items
        assert (await service_b.current()).revision == 1
    finally:
        await first.close()
        await second.close()


async def test_the_server_picks_up_an_import_without_a_restart(running: Running, tmp_path: Path) -> None:
    other = Database(running.services.db.path)  # e.g. `onevisit catalog import` from a shell
    await other.open()
    try:
        doc = mini_catalog()
        doc["items"][0]["name"]["zh"] = "居民身份证到期换领（新版）"
        await import_catalog(other, doc)
    finally:
        await other.close()
    body = (await running.client.get("/api/v1/items/GA-SFZ-002")).json()
    assert body["name"]["zh"] == "居民身份证到期换领（新版）" and body["version"] == 2


async def test_old_versions_are_served_from_the_database(running: Running) -> None:
    doc = mini_catalog()
    doc["items"][0]["promised_days"] = 10
    await import_catalog(running.services.db, doc)
    catalog = running.services.catalog
    old = await catalog.item_version("GA-SFZ-002", 1)
    new = await catalog.item_version("GA-SFZ-002", 2)
    assert old is not None and new is not None
    assert (old.promised_days, new.promised_days) == (20, 10)
    assert await catalog.item_version("GA-SFZ-002", 3) is None
    assert await catalog.item_version("NOPE", 1) is None


async def test_find_items_filters(running: Running) -> None:
    snapshot = await running.services.catalog.current()
    assert [i.code for i in snapshot.find_items(ItemQuery(channel="online")).items] == ["WJ-CSYX-001", "YB-CB-003"]
    assert [i.code for i in snapshot.find_items(ItemQuery(category="birth")).items] == ["WJ-CSYX-001", "YB-CB-003"]
    retired = snapshot.find_items(ItemQuery(include_retired=True)).items
    assert retired[0].code == "GA-OLD-001"  # most used, but retired: only when asked for
    assert [i.code for i in snapshot.most_used(2)] == ["GA-SFZ-002", "WJ-CSYX-001"]


async def test_derived_answers_are_kept_per_snapshot_and_bounded(running: Running) -> None:
    from shared.catalog import snapshot as snapshot_module

    snapshot = await running.services.catalog.current()
    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        return len(calls)

    assert snapshot.derived("k", build) == 1
    assert snapshot.derived("k", build) == 1 and len(calls) == 1
    assert snapshot.search("sfz") is snapshot.search(" sfz ")  # the same normalised query
    for index in range(snapshot_module.DERIVED_CACHE_SIZE + 10):
        snapshot.derived(("filler", index), lambda: 0)
    assert len(snapshot._derived) == snapshot_module.DERIVED_CACHE_SIZE
    assert snapshot.derived("k", build) == 2  # evicted, built again

    await import_catalog(
        running.services.db,
        {**mini_catalog(), "items": mini_catalog()["items"][:1]}
        | {"items": [{**mini_catalog()["items"][0], "promised_days": 9}], "bundles": []},
    )
    fresh = await running.services.catalog.current()
    assert fresh is not snapshot and fresh.derived("k", build) == 3  # a new catalog starts afresh
