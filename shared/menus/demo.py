"""The demo hall's kiosk menus (only when `settings.demo` is on).

- 大厅默认菜单 / Hall default (`hall-default`, the default menu): the home screen as the
  catalog lays it out — the person topics as tiles, then a group of life events (人生大事)
  and a group of business topics (企业服务) — published as version 1.
- 出入境专区 / Exit-entry area (`exit-entry`): what a kiosk in the exit-entry area offers
  first, assigned to the hall group `exit-entry` (demo kiosks: shared/kiosk/demo.py).

Seeded through the store like any staff change, so the audit trail shows where they came from.
"""

from __future__ import annotations

from itertools import count
from typing import Any

from shared.audit import Actor
from shared.catalog.snapshot import CatalogSnapshot
from shared.db import Database
from shared.i18n import Text
from shared.menus import store
from shared.menus.model import LABEL_EN_MAX, LABEL_ZH_MAX

DEFAULT_MENU_ID = "hall-default"
DEFAULT_MENU_NAME = Text("大厅默认菜单", "Hall default")
EXIT_ENTRY_MENU_ID = "exit-entry"
EXIT_ENTRY_MENU_NAME = Text("出入境专区", "Exit-entry area")
EXIT_ENTRY_GROUP = "exit-entry"
DEMO_ACTOR = Actor.system("demo")

# Short English labels where the catalog's name would not fit a tile (32 characters).
SHORT_EN = {"le-home-purchase": "Buying or selling a home"}


class _Ids:
    """Tile ids as the editor makes them (t- and hex), numbered so the demo is the same every time."""

    def __init__(self, start: int) -> None:
        self._numbers = count(start)

    def __call__(self) -> str:
        return f"t-{next(self._numbers):04x}"


def _label(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh[:LABEL_ZH_MAX], "en": en[:LABEL_EN_MAX]}


def _category_tile(snapshot: CatalogSnapshot, code: str, colour: str, new_id: _Ids) -> dict[str, Any]:
    category = snapshot.categories[code]
    en = SHORT_EN.get(code, category.name.en or category.name.zh)
    tile: dict[str, Any] = {"id": new_id(), "kind": "category", "target": code, "label": _label(category.name.zh, en)}
    if category.icon:
        tile["icon"] = category.icon
    tile["colour"] = colour
    return tile


def _codes(snapshot: CatalogSnapshot, audience: str, kind: str) -> list[str]:
    found = [c for c in snapshot.categories.values() if c.audience == audience and c.kind == kind]
    return [c.code for c in sorted(found, key=lambda c: (c.position, c.code))]


def default_document(snapshot: CatalogSnapshot) -> dict[str, Any]:
    """Today's catalog-derived home as a menu: person topics, then life events and business groups,
    and the way to ask a question or complain."""
    new_id = _Ids(0xA000)
    colours = ("blue", "teal", "purple", "green", "slate", "red", "orange", "purple", "green")
    tiles = [
        _category_tile(snapshot, code, colours[index % len(colours)], new_id)
        for index, code in enumerate(_codes(snapshot, "person", "topic"))
    ]
    events = _codes(snapshot, "person", "life_event") + _codes(snapshot, "company", "life_event")
    if events:
        tiles.append(
            {
                "id": new_id(),
                "kind": "group",
                "label": _label("人生大事", "Life events"),
                "icon": "family",
                "colour": "orange",
                "children": [_category_tile(snapshot, code, "orange", new_id) for code in events],
            }
        )
    company = _codes(snapshot, "company", "topic")
    if company:
        tiles.append(
            {
                "id": new_id(),
                "kind": "group",
                "label": _label("企业服务", "For businesses"),
                "icon": "building",
                "colour": "teal",
                "children": [_category_tile(snapshot, code, "teal", new_id) for code in company],
            }
        )
    # Questions and complaints (咨询投诉) a tap away: the citizen signs in on the way.
    tiles.append(
        {
            "id": new_id(),
            "kind": "action",
            "target": "feedback",
            "label": _label("咨询投诉", "Questions & complaints"),
            "icon": "question",
            "colour": "blue",
        }
    )
    return {"tiles": tiles[:24]}


def exit_entry_document(snapshot: CatalogSnapshot) -> dict[str, Any]:
    """The exit-entry area's kiosks: its own matters first, then the usual ways on."""
    new_id = _Ids(0xB000)
    tiles: list[dict[str, Any]] = []
    if "p-exit-entry" in snapshot.categories:
        tiles.append(_category_tile(snapshot, "p-exit-entry", "blue", new_id))
    endorsement = snapshot.item("CRJ-GAQZ-001")
    if endorsement is not None and endorsement.active and endorsement.channels.kiosk is not False:
        tiles.append(
            {
                "id": new_id(),
                "kind": "item",
                "target": endorsement.code,
                "label": _label("港澳再次签注", "Hong Kong/Macao endorsement"),
                "icon": "passport",
                "colour": "teal",
            }
        )
    if "p-documents" in snapshot.categories:
        tiles.append(_category_tile(snapshot, "p-documents", "purple", new_id))
    tiles.append(
        {
            "id": new_id(),
            "kind": "action",
            "target": "track",
            "label": _label("查询办件", "Track an application"),
            "icon": "file-check",
            "colour": "green",
        }
    )
    # The exit-entry windows call numbers: a ticket from the kiosk instead of the queue machine.
    tiles.append(
        {
            "id": new_id(),
            "kind": "action",
            "target": "queue_ticket",
            "label": _label("取号", "Queue ticket"),
            "icon": "touch",
            "colour": "orange",
        }
    )
    others = [code for code in _codes(snapshot, "person", "topic") if code not in {"p-exit-entry", "p-documents"}]
    if others:
        tiles.append(
            {
                "id": new_id(),
                "kind": "group",
                "label": _label("其他个人服务", "Other services"),
                "icon": "grid",
                "colour": "slate",
                "children": [_category_tile(snapshot, code, "slate", new_id) for code in others],
            }
        )
    return {"tiles": tiles}


async def seed_demo_menus(db: Database, snapshot: CatalogSnapshot, now: float) -> bool:
    """Create and publish the demo menus in a database that has no menu yet; True when added."""
    if await db.fetch_one("SELECT 1 FROM kiosk_menus LIMIT 1") is not None:
        return False
    if not snapshot.categories:
        return False  # no catalog to point at
    async with db.transaction() as tx:
        for menu_id, name, document in (
            (DEFAULT_MENU_ID, DEFAULT_MENU_NAME, default_document(snapshot)),
            (EXIT_ENTRY_MENU_ID, EXIT_ENTRY_MENU_NAME, exit_entry_document(snapshot)),
        ):
            await store.create_menu(tx, menu_id, name, DEMO_ACTOR, now)
            draft = await store.get_draft(tx, menu_id)
            await store.save_draft(tx, menu_id, document, draft.revision, DEMO_ACTOR, now)
            await store.publish(tx, menu_id, snapshot, DEMO_ACTOR, now, note="演示 / demo")
        await store.assign(tx, "group", EXIT_ENTRY_GROUP, EXIT_ENTRY_MENU_ID, DEMO_ACTOR, now)
    return True
