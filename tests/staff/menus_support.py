"""Helpers for the menu editor's tests: an administrator's client, forms posted with the page's
token and draft revision, and a small menu built through the store."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import httpx2

from shared.audit import Actor
from shared.catalog.importer import import_catalog, parse_catalog_text
from shared.menus import store
from shared.menus.model import Draft
from tests.conftest import mini_catalog
from tests.staff.conftest import Hall, csrf_of, signed_in_admin

REVISION = re.compile(r'name="revision" value="(\d+)"')
ADMIN = Actor("staff", "99", "tester (admin)")

# Two items of the mini catalog a kiosk offers, one it no longer does, and the bundle.
ID_CARD = "GA-SFZ-002"
BIRTH = "WJ-CSYX-001"
RETIRED = "GA-OLD-001"
HOUSEHOLD = "GA-HJ-010"


def tile(tile_id: str, kind: str, target: str | None, zh: str, en: str, **more: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"id": tile_id, "kind": kind, "label": {"zh": zh, "en": en}, **more}
    if target is not None:
        found["target"] = target
    return found


def sample_document() -> dict[str, Any]:
    """Three top tiles and a group of two: the editor's tests move these around."""
    return {
        "tiles": [
            tile("t-a1", "item", ID_CARD, "身份证换领", "ID card renewal", colour="blue"),
            tile("t-b2", "action", "track", "查询办件", "Track", colour="teal"),
            tile(
                "t-c3",
                "group",
                None,
                "出生",
                "Birth",
                colour="green",
                children=[
                    tile("t-d4", "item", BIRTH, "出生医学证明", "Birth certificate"),
                    tile("t-e5", "bundle", "newborn", "出生一件事", "Newborn bundle"),
                ],
            ),
            tile("t-f6", "category", "zjbl", "证件办理", "ID documents", colour="orange"),
        ]
    }


async def make_menu(hall: Hall, menu_id: str = "hall", document: dict[str, Any] | None = None) -> Draft:
    now = hall.clock.now()
    async with hall.services.db.transaction() as tx:
        await store.create_menu(tx, menu_id, _name(menu_id), ADMIN, now)
        return await store.save_draft(tx, menu_id, document or sample_document(), 1, ADMIN, now)


def _name(menu_id: str) -> Any:
    from shared.i18n import Text

    return Text(f"菜单 {menu_id}", f"Menu {menu_id}")


async def draft_of(hall: Hall, menu_id: str = "hall") -> Draft:
    return await store.get_draft(hall.services.db, menu_id)


def top_ids(draft: Draft) -> list[str]:
    return [t["id"] for t in draft.document["tiles"]]


def revision_of(page: httpx2.Response) -> str:
    match = REVISION.search(page.text)
    assert match is not None, "no draft revision in the page"
    return match.group(1)


@dataclass
class Editor:
    client: httpx2.AsyncClient
    hall: Hall

    async def page(self, menu_id: str = "hall", query: str = "") -> httpx2.Response:
        response = await self.client.get(f"/staff/menus/{menu_id}{query}")
        assert response.status_code == 200, response.text
        return response

    async def post(self, path: str, data: dict[str, str] | None = None, *, menu_id: str = "hall") -> httpx2.Response:
        """POST `data` with the token and the draft revision of the menu's editor page, as a browser would."""
        page = await self.page(menu_id)
        form = {"csrf_token": csrf_of(page), "revision": revision_of(page), **(data or {})}
        return await self.client.post(path, data=form)


async def admin_editor(hall: Hall) -> Editor:
    client, _secret = await signed_in_admin(hall)
    return Editor(client, hall)


async def import_with(hall: Hall, change: dict[str, dict[str, Any]]) -> None:
    """Import the mini catalog again with some items changed (e.g. no longer offered at kiosks)."""
    document = mini_catalog()
    for item in document["items"]:
        for key, value in change.get(item["code"], {}).items():
            item[key] = value
    await import_catalog(hall.services.db, parse_catalog_text(json.dumps(document, ensure_ascii=False)))
    await hall.services.catalog.load()
