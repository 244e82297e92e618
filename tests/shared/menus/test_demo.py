"""The demo hall's menus (shared/menus/demo.py) against the shipped demo catalog."""

from __future__ import annotations

from pathlib import Path

from shared import audit
from shared.config import Settings
from shared.kiosk.devices import KioskDevice
from shared.menus import store
from shared.menus.demo import DEFAULT_MENU_ID, EXIT_ENTRY_GROUP, EXIT_ENTRY_MENU_ID, seed_demo_menus
from shared.menus.model import MenuDocument
from shared.menus.rules import check_document
from shared.services import open_services


async def test_the_demo_menus_are_published_valid_and_assigned(tmp_path: Path) -> None:
    async with open_services(Settings(data_dir=tmp_path / "data", demo=True)) as services:
        now = services.clock.now()
        snapshot = await services.catalog.current()
        menus = {m.id: m for m in await store.list_menus(services.db, now=now)}
        assert menus[DEFAULT_MENU_ID].is_default and menus[DEFAULT_MENU_ID].live_version == 1
        assert menus[EXIT_ENTRY_MENU_ID].live_version == 1 and not menus[EXIT_ENTRY_MENU_ID].draft_changed
        assert [(a.target_kind, a.target) for a in menus[EXIT_ENTRY_MENU_ID].assignments] == [
            ("group", EXIT_ENTRY_GROUP)
        ]
        default = (await store.version(services.db, DEFAULT_MENU_ID, 1)).document
        assert check_document(default, snapshot) == []
        # Today's home as tiles: every person topic on top, life events and business topics one level down.
        parsed = MenuDocument.from_dict(default)
        on_top = {t.target for t in parsed.tiles if t.kind == "category"}
        person_topics = {c.code for c in snapshot.categories.values() if c.audience == "person" and c.kind == "topic"}
        assert on_top == person_topics
        reachable = {t.target for t in parsed.walk() if t.kind == "category"}
        assert reachable == set(snapshot.categories)
        assert check_document((await store.version(services.db, EXIT_ENTRY_MENU_ID, 1)).document, snapshot) == []
        lobby = KioskDevice("demo-kiosk-1", "演示", "lobby", "", None, None)
        exit_kiosk = KioskDevice("exit-entry-1", "出入境", EXIT_ENTRY_GROUP, "", None, None)
        found = await services.menus.for_device(services.db, lobby, now)
        assert found is not None and found.stamp == "hall-default@1"
        found = await services.menus.for_device(services.db, exit_kiosk, now)
        assert found is not None and found.stamp == "exit-entry@1"
        # Seeded like any staff change: in the audit trail, by the demo.
        entries = await audit.recent(services.db, target=f"kiosk_menu:{DEFAULT_MENU_ID}")
        assert {e.action for e in entries} >= {"kiosk_menu.create", "kiosk_menu.publish"}
        assert {e.actor_id for e in entries} == {"demo"}
        # A second start adds nothing.
        assert not await seed_demo_menus(services.db, snapshot, now)
        assert len(await store.versions(services.db, DEFAULT_MENU_ID)) == 1
