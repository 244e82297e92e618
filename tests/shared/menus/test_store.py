"""The menu store (shared/menus/store.py) on a real SQLite file: drafts, versions, releases, audit."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from shared import audit
from shared.audit import Where
from shared.catalog.snapshot import CatalogSnapshot
from shared.db import Database
from shared.errors import Conflict, NotFound, ValidationFailed
from shared.i18n import Text
from shared.menus import store
from shared.menus.rules import MenuRefused
from tests.shared.menus.support import ADMIN, AT_KIOSK, RETIRED, catalog_document, document, group, snapshot, tile

NOW = 1_790_000_000.0
SNAPSHOT = snapshot()


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "menus.sqlite3", readers=1)
    await database.open()
    yield database
    await database.close()


async def new_menu(db: Database, menu_id: str = "hall", doc: dict[str, Any] | None = None, now: float = NOW) -> None:
    """A menu whose draft holds `doc` (not published)."""
    async with db.transaction() as tx:
        await store.create_menu(tx, menu_id, Text("大厅", "Hall"), ADMIN, now)
        if doc is not None:
            await store.save_draft(tx, menu_id, doc, 1, ADMIN, now)


async def save(db: Database, menu_id: str, doc: dict[str, Any], now: float = NOW) -> store.Draft:
    async with db.transaction() as tx:
        draft = await store.get_draft(tx, menu_id)
        return await store.save_draft(tx, menu_id, doc, draft.revision, ADMIN, now)


async def publish(
    db: Database, menu_id: str = "hall", now: float = NOW, snap: CatalogSnapshot = SNAPSHOT, **kwargs: Any
) -> store.Release:
    async with db.transaction() as tx:
        return await store.publish(tx, menu_id, snap, ADMIN, now, **kwargs)


async def live(db: Database, menu_id: str = "hall", now: float = NOW) -> int | None:
    release = await store.live_release(db, menu_id, now)
    return release.version if release is not None else None


async def entries(db: Database, action: str) -> list[audit.AuditEntry]:
    return await audit.recent(db, action=f"kiosk_menu.{action}")


ONE = document(tile("item", AT_KIOSK, id="t-1"), tile("action", "track", id="t-2"))
TWO = document(tile("action", "track", id="t-2"), tile("item", AT_KIOSK, id="t-1"))


async def test_the_first_menu_is_the_default_and_others_are_not(db: Database) -> None:
    await new_menu(db, "hall")
    await new_menu(db, "exit")
    menus = {m.id: m for m in await store.list_menus(db, now=NOW)}
    assert menus["hall"].is_default and not menus["exit"].is_default
    assert menus["hall"].live_version is None and menus["hall"].draft_revision == 1
    async with db.transaction() as tx:
        await store.set_default(tx, "exit", ADMIN, NOW)
    menu = await store.get_menu(db, "exit")
    assert menu is not None and menu.is_default
    assert not (await store.get_menu(db, "hall") or menu).is_default
    (entry,) = await entries(db, "default")
    assert entry.target == "kiosk_menu:exit"
    assert entry.detail["changes"] == [{"path": "default", "kind": "changed", "before": "hall", "after": "exit"}]


async def test_menu_ids_and_names_are_checked_and_ids_never_reused(db: Database) -> None:
    with pytest.raises(ValidationFailed) as refused:
        async with db.transaction() as tx:
            await store.create_menu(tx, "Hall 1", Text("", "Hall"), ADMIN, NOW)
    assert {p.path for p in refused.value.problems} == {"id", "name.zh"}
    await new_menu(db, "hall")
    with pytest.raises(Conflict):
        await new_menu(db, "hall")
    with pytest.raises(NotFound):
        await store.get_draft(db, "nope")


async def test_a_new_menu_may_start_as_a_copy_of_another(db: Database) -> None:
    await new_menu(db, "hall", ONE)
    async with db.transaction() as tx:
        await store.create_menu(tx, "copy", Text("副本", "Copy"), ADMIN, NOW, copy_from="hall")
    assert (await store.get_draft(db, "copy")).document == ONE
    (created, _first) = await entries(db, "create")
    assert created.detail["copy_from"] == "hall" and created.detail["changes_total"] == 2


async def test_draft_saves_are_optimistic_a_stale_revision_is_409(db: Database) -> None:
    await new_menu(db, "hall")
    async with db.transaction() as tx:
        saved = await store.save_draft(tx, "hall", ONE, 1, ADMIN, NOW)
    assert saved.revision == 2 and saved.document == ONE
    with pytest.raises(Conflict) as stale:
        async with db.transaction() as tx:
            await store.save_draft(tx, "hall", TWO, 1, ADMIN, NOW)  # someone else saved revision 2
    assert stale.value.status == 409 and "其他人" in stale.value.message.zh and stale.value.message.en
    draft = await store.get_draft(db, "hall")
    assert draft.document == ONE and draft.revision == 2 and draft.updated_by == "admin (admin)"
    # The same tree again is no new revision and no audit entry.
    async with db.transaction() as tx:
        assert (await store.save_draft(tx, "hall", ONE, 2, ADMIN, NOW)).revision == 2
    assert len(await entries(db, "draft.save")) == 1


async def test_a_draft_is_saved_with_problems_of_content_but_not_of_shape(db: Database) -> None:
    await new_menu(db, "hall")
    await save(db, "hall", document(group(), tile("item", RETIRED)))  # work in progress
    with pytest.raises(MenuRefused) as refused:
        await save(db, "hall", {"tiles": [{"kind": "group"}]})
    assert {p.code for p in refused.value.menu_problems} == {"tile_id", "label", "children"}
    assert (await store.get_draft(db, "hall")).revision == 2


async def test_the_draft_save_is_audited_with_the_difference(db: Database) -> None:
    await new_menu(db, "hall", ONE)
    await save(db, "hall", TWO)
    newest, first = await entries(db, "draft.save")
    assert first.detail["changes_total"] == 2  # the two tiles added
    assert newest.actor_label == "admin (admin)" and newest.target == "kiosk_menu:hall"
    assert newest.detail["revision"] == 3
    assert {"path": "tiles[id=t-2]", "kind": "moved", "before": 2, "after": 1} in newest.detail["changes"]


async def test_publish_makes_an_immutable_version_live_now(db: Database) -> None:
    await new_menu(db, "hall", ONE)
    revision = await store.read_revision(db)
    release = await publish(db, note="  first   menu ")
    assert (release.version, release.kind, release.go_live_at, release.note) == (1, "publish", NOW, "first menu")
    assert await live(db) == 1
    assert await store.read_revision(db) == revision + 1
    (summary,) = await store.versions(db, "hall")
    assert (summary.version, summary.published_by, summary.note, summary.tile_count) == (
        1,
        "admin (admin)",
        "first menu",
        2,
    )
    assert (await store.version(db, "hall", 1)).document == ONE
    (entry,) = await entries(db, "publish")
    assert entry.detail["version"] == 1 and entry.detail["note"] == "first menu"
    assert entry.detail["changes_total"] == 2 and {c["kind"] for c in entry.detail["changes"]} == {"added"}
    # The version can be neither changed nor removed, whatever SQL is tried (triggers).
    for sql in ("UPDATE kiosk_menu_versions SET note = 'x'", "DELETE FROM kiosk_menu_versions"):
        with pytest.raises(sqlite3.IntegrityError, match="immutable"):
            async with db.transaction() as tx:
                await tx.execute(sql)
    assert (await store.version(db, "hall", 1)).note == "first menu"


async def test_publishing_an_unchanged_draft_releases_the_same_version(db: Database) -> None:
    await new_menu(db, "hall", ONE)
    await publish(db)
    again = await publish(db, now=NOW + 10)
    assert again.version == 1 and len(await store.versions(db, "hall")) == 1
    assert (await entries(db, "publish"))[0].detail["reused_version"] is True
    await save(db, "hall", TWO)
    assert (await publish(db, now=NOW + 20)).version == 2
    assert await live(db, now=NOW + 20) == 2
    summary = (await store.list_menus(db, now=NOW + 20))[0]
    assert summary.live_version == 2 and not summary.draft_changed and summary.latest_version == 2
    newest = (await entries(db, "publish"))[0]
    assert [c["kind"] for c in newest.detail["changes"]] == ["moved"]


async def test_publish_refuses_with_every_problem_and_writes_nothing(db: Database) -> None:
    await new_menu(db, "hall", document(tile("item", RETIRED), group(), tile("bundle", "mixed")))
    revision = await store.read_revision(db)
    audit_before = len(await audit.recent(db, limit=1000))
    with pytest.raises(MenuRefused) as refused:
        await publish(db)
    assert refused.value.status == 422
    assert [p.code for p in refused.value.problems] == ["retired_item", "empty_group", "bundle_not_at_kiosk"]
    assert await store.versions(db, "hall") == [] and await store.releases(db, "hall") == []
    assert await store.read_revision(db) == revision
    assert len(await audit.recent(db, limit=1000)) == audit_before


async def test_publish_with_a_stale_revision_or_a_past_time_is_refused(db: Database) -> None:
    await new_menu(db, "hall", ONE)
    with pytest.raises(Conflict):
        await publish(db, expected_revision=1)
    with pytest.raises(ValidationFailed) as past:
        await publish(db, go_live_at=NOW)
    assert past.value.problems[0].path == "go_live_at"
    with pytest.raises(NotFound):
        await publish(db, "nope")
    assert (await publish(db, expected_revision=2)).version == 1


async def test_a_scheduled_release_goes_live_at_its_time_by_itself(db: Database) -> None:
    await new_menu(db, "hall", ONE)
    await publish(db)
    await save(db, "hall", TWO)
    at = NOW + 3600
    scheduled = await publish(db, go_live_at=at, note="morning")
    assert scheduled.version == 2 and scheduled.pending(NOW)
    assert await live(db, now=NOW) == 1
    summary = (await store.list_menus(db, now=NOW))[0]
    assert summary.live_version == 1 and [r.id for r in summary.pending] == [scheduled.id]
    # No job runs: at its time, what is live is simply the newer release.
    assert await live(db, now=at - 0.001) == 1
    assert await live(db, now=at) == 2
    assert (await store.list_menus(db, now=at))[0].pending == []
    (entry,) = await entries(db, "schedule")
    assert entry.detail["go_live_at"].startswith("2026-") and entry.detail["note"] == "morning"


async def test_a_pending_release_can_be_cancelled_a_live_one_cannot(db: Database) -> None:
    await new_menu(db, "hall", ONE)
    first = await publish(db)
    await save(db, "hall", TWO)
    pending = await publish(db, go_live_at=NOW + 60)
    revision = await store.read_revision(db)
    async with db.transaction() as tx:
        cancelled = await store.cancel_release(tx, pending.id, ADMIN, NOW + 1, where=Where.address("10.0.0.9"))
    assert cancelled.cancelled and cancelled.cancelled_by == "admin (admin)"
    assert await store.read_revision(db) == revision + 1
    assert await live(db, now=NOW + 120) == 1  # it never goes live
    with pytest.raises(Conflict) as again:
        async with db.transaction() as tx:
            await store.cancel_release(tx, pending.id, ADMIN, NOW + 2)
    assert "已经取消" in again.value.message.zh
    with pytest.raises(Conflict) as gone_live:
        async with db.transaction() as tx:
            await store.cancel_release(tx, first.id, ADMIN, NOW + 2)
    assert "已经生效" in gone_live.value.message.zh
    with pytest.raises(NotFound):
        async with db.transaction() as tx:
            await store.cancel_release(tx, 999, ADMIN, NOW)
    (entry,) = await entries(db, "cancel")
    assert entry.where_value == "10.0.0.9" and entry.detail["release"] == pending.id


async def test_restore_makes_an_old_version_live_again_and_the_draft_follows(db: Database) -> None:
    await new_menu(db, "hall", ONE)
    await publish(db)
    await save(db, "hall", TWO)
    await publish(db, now=NOW + 10)
    async with db.transaction() as tx:
        restored = await store.restore(tx, "hall", 1, SNAPSHOT, ADMIN, NOW + 20)
    assert (restored.kind, restored.version) == ("restore", 1)
    assert await live(db, now=NOW + 20) == 1
    draft = await store.get_draft(db, "hall")
    assert draft.document == ONE and draft.based_on == 1
    assert len(await store.versions(db, "hall")) == 2  # no copy: version 1 is live again
    (entry,) = await entries(db, "restore")
    assert entry.detail["version"] == 1 and entry.detail["changes"][0]["kind"] == "moved"
    # Restoring the live one's successor is the rollback's undo.
    async with db.transaction() as tx:
        await store.restore(tx, "hall", 2, SNAPSHOT, ADMIN, NOW + 30)
    assert await live(db, now=NOW + 30) == 2


async def test_restore_keeps_unpublished_work_in_the_draft(db: Database) -> None:
    await new_menu(db, "hall", ONE)
    await publish(db)
    await save(db, "hall", TWO)
    await publish(db, now=NOW + 10)
    work = document(tile("action", "search", id="t-9"))
    await save(db, "hall", work)
    async with db.transaction() as tx:
        await store.restore(tx, "hall", 1, SNAPSHOT, ADMIN, NOW + 20)
    assert (await store.get_draft(db, "hall")).document == work
    assert (await store.list_menus(db, now=NOW + 20))[0].draft_changed


async def test_restore_refuses_a_version_whose_item_was_retired_since(db: Database) -> None:
    await new_menu(db, "hall", ONE)
    await publish(db)
    later = catalog_document()
    for item in later["items"]:
        if item["code"] == AT_KIOSK:
            item["status"] = "retired"
    with pytest.raises(MenuRefused) as refused:
        async with db.transaction() as tx:
            await store.restore(tx, "hall", 1, snapshot(later), ADMIN, NOW + 20)
    assert [(p.path, p.code, p.tile_id) for p in refused.value.menu_problems] == [
        ("tiles[0].target", "retired_item", "t-1")
    ]
    assert len(await store.releases(db, "hall")) == 1
    with pytest.raises(NotFound):
        async with db.transaction() as tx:
            await store.restore(tx, "hall", 7, SNAPSHOT, ADMIN, NOW + 20)


async def test_assignments_by_kiosk_and_group(db: Database) -> None:
    await new_menu(db, "hall")
    await new_menu(db, "exit")
    revision = await store.read_revision(db)
    async with db.transaction() as tx:
        await store.assign(tx, "group", "exit-entry", "exit", ADMIN, NOW)
        await store.assign(tx, "device", "lobby-1", "hall", ADMIN, NOW)
        await store.assign(tx, "group", "exit-entry", "exit", ADMIN, NOW)  # no change, no entry
    assert [(a.target_kind, a.target, a.menu_id) for a in await store.assignments(db)] == [
        ("device", "lobby-1", "hall"),
        ("group", "exit-entry", "exit"),
    ]
    assert await store.read_revision(db) == revision + 2
    assert [a.target for a in (await store.list_menus(db, now=NOW))[1].assignments] == ["exit-entry"]
    async with db.transaction() as tx:
        await store.assign(tx, "device", "lobby-1", None, ADMIN, NOW)
    assert [a.target for a in await store.assignments(db)] == ["exit-entry"]
    removed, _group, _device = await entries(db, "assign")
    assert removed.detail["changes"] == [{"path": "device:lobby-1", "kind": "changed", "before": "hall", "after": None}]
    with pytest.raises(ValidationFailed):
        async with db.transaction() as tx:
            await store.assign(tx, "room", "x", "hall", ADMIN, NOW)
    with pytest.raises(ValidationFailed):
        async with db.transaction() as tx:
            await store.assign(tx, "device", "Lobby 1", "hall", ADMIN, NOW)
    with pytest.raises(NotFound):
        async with db.transaction() as tx:
            await store.assign(tx, "group", "lobby", "nope", ADMIN, NOW)


async def test_the_draft_of_a_menu_without_a_draft_row_is_its_newest_version(db: Database) -> None:
    await new_menu(db, "hall", ONE)
    await publish(db)
    # A draft row removed by hand (the table allows it: drafts are working copies).
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM kiosk_menu_drafts WHERE menu_id = 'hall'")
    draft = await store.get_draft(db, "hall")
    assert (draft.document, draft.revision, draft.based_on) == (ONE, 0, 1)
    async with db.transaction() as tx:
        assert (await store.save_draft(tx, "hall", TWO, 0, ADMIN, NOW)).revision == 1
