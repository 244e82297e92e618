"""Kiosk menus (自助终端菜单): the tile tree a kiosk's home screen shows, and its history.

A menu is a document of tiles (see the issue 6 design contract):

    {"tiles": [{"id": "t-3f9a", "kind": "group", "label": {"zh": "出入境", "en": "Exit & entry"},
                "icon": "passport", "colour": "blue", "children": [...]},
               {"id": "t-0b2e", "kind": "item", "target": "<item code>", "label": {...}}]}

Tile kinds: `group` (holds `children`, no `target`), `item`, `bundle` (一件事), `category`,
`action` (a kiosk function such as 查询办件). A menu's staff edit one working draft; publishing
turns the draft into an immutable numbered version and a release that makes it live now
or at a chosen time. These dataclasses are what shared/menus/store.py hands out.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from shared.i18n import Text

TileKind = Literal["group", "item", "bundle", "category", "action"]
KINDS: tuple[TileKind, ...] = ("group", "item", "bundle", "category", "action")
# Kinds whose `target` names something of the catalog or of the kiosk.
TARGET_KINDS: frozenset[str] = frozenset({"item", "bundle", "category", "action"})

# Top tiles, groups, groups inside groups: a citizen is never more than three taps from a matter.
MAX_DEPTH = 3
# What a portrait 1080×1920 screen can offer on one level without turning into a list.
MAX_TILES_PER_LEVEL = 24
LABEL_ZH_MAX = 16
LABEL_EN_MAX = 32
TILE_ID = re.compile(r"t-[0-9a-f]{1,16}")
MENU_ID = re.compile(r"[a-z][a-z0-9-]{0,31}")
MENU_NAME_MAX = 40


@dataclass(frozen=True, slots=True)
class Action:
    """A kiosk function a tile can open: the kiosk route it leads to and its usual name."""

    route: str
    label: Text
    icon: str


# The one list of actions a menu may offer (target of an `action` tile) → kiosk route name.
ACTIONS: Mapping[str, Action] = MappingProxyType(
    {
        "track": Action("track", Text("查询办件", "Track an application"), "file-check"),
        "search": Action("search", Text("搜索事项", "Search services"), "search"),
        "my_applications": Action("my_applications", Text("我的办件", "My applications"), "briefcase"),
        "feedback": Action("feedback", Text("咨询投诉", "Questions and complaints"), "question"),
        "access_log": Action("me_access", Text("谁查看了我的信息", "Who viewed my data"), "shield"),
        "queue_ticket": Action("queue_ticket", Text("取号", "Take a queue ticket"), "touch"),
    }
)

# Tile colours. Each is styled by the kiosk (static/css/kiosk.css, "kiosk menus") with text
# at 4.5:1 or better (WCAG 2.1 1.4.3), and high-contrast mode overrides them all.
PALETTE: tuple[str, ...] = ("blue", "teal", "green", "orange", "red", "purple", "slate")
DEFAULT_COLOUR = "blue"
PALETTE_TEXT: Mapping[str, Text] = MappingProxyType(
    {
        "blue": Text("蓝", "Blue"),
        "teal": Text("青", "Teal"),
        "green": Text("绿", "Green"),
        "orange": Text("橙", "Orange"),
        "red": Text("红", "Red"),
        "purple": Text("紫", "Purple"),
        "slate": Text("灰", "Slate"),
    }
)


@dataclass(frozen=True, slots=True)
class Tile:
    """One tile of a menu. `icon` None: the kiosk picks the target's own (a category's icon)."""

    id: str
    kind: TileKind
    label: Text
    icon: str | None = None
    colour: str = DEFAULT_COLOUR
    target: str | None = None
    children: tuple[Tile, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Tile:
        """A tile of a document that passed `rules.structure_problems` (anything else may raise)."""
        label = data["label"]
        return cls(
            id=str(data["id"]),
            kind=data["kind"],
            label=Text(str(label["zh"]), str(label["en"])),
            icon=data.get("icon") or None,
            colour=data.get("colour") or DEFAULT_COLOUR,
            target=data.get("target"),
            children=tuple(cls.from_dict(child) for child in data.get("children", ())),
        )


@dataclass(frozen=True, slots=True)
class MenuDocument:
    """A parsed menu document; `find` looks a tile up anywhere in the tree."""

    tiles: tuple[Tile, ...]
    _by_id: dict[str, Tile] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MenuDocument:
        tiles = tuple(Tile.from_dict(tile) for tile in data.get("tiles", ()))
        document = cls(tiles)
        document._by_id.update((tile.id, tile) for tile in document.walk())
        return document

    def walk(self) -> Iterator[Tile]:
        """Every tile, parents before their children."""
        stack = list(reversed(self.tiles))
        while stack:
            tile = stack.pop()
            yield tile
            stack.extend(reversed(tile.children))

    def find(self, tile_id: str) -> Tile | None:
        return self._by_id.get(tile_id)


def empty_document() -> dict[str, Any]:
    return {"tiles": []}


def canonical(document: Mapping[str, Any]) -> str:
    """The document as stored: sorted keys, no spaces, so equal documents have equal text."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(document: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(document).encode()).hexdigest()


def stamp(menu_id: str, version: int) -> str:
    """What a kiosk page carries (`#menu-stamp`) and its heartbeat reports: "hall-default@3"."""
    return f"{menu_id}@{version}"


@dataclass(frozen=True, slots=True)
class Menu:
    id: str
    name: Text
    is_default: bool
    created_at: str
    created_by: str


ReleaseKind = Literal["publish", "restore"]


@dataclass(frozen=True, slots=True)
class Release:
    """A decision that `version` of a menu is live from `go_live_at` (epoch seconds) on.

    Pending (scheduled) while `go_live_at` is in the future and it is not cancelled; a
    release that has gone live cannot be cancelled (restore an older version instead).
    """

    id: int
    menu_id: str
    version: int
    go_live_at: float
    created_at: str
    created_by: str
    kind: ReleaseKind
    note: str = ""
    cancelled_at: str | None = None
    cancelled_by: str | None = None

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    def pending(self, now: float) -> bool:
        return not self.cancelled and self.go_live_at > now


TargetKind = Literal["device", "group"]
TARGET_KINDS_ASSIGN: tuple[TargetKind, ...] = ("device", "group")


@dataclass(frozen=True, slots=True)
class Assignment:
    """This kiosk (`device`, by id) or every kiosk of a hall group (`group`) shows `menu_id`."""

    target_kind: TargetKind
    target: str
    menu_id: str
    assigned_at: str
    assigned_by: str


@dataclass(frozen=True, slots=True)
class MenuSummary:
    """One row of the menus list (as of the `now` it was read at)."""

    id: str
    name: Text
    is_default: bool
    live_version: int | None
    pending: list[Release]
    draft_revision: int
    # The draft differs from the live version (or nothing is live and the draft has tiles).
    draft_changed: bool
    assignments: list[Assignment] = field(default_factory=list)
    latest_version: int | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    document: dict[str, Any]
    revision: int
    based_on: int | None
    updated_at: str | None
    updated_by: str | None = None


@dataclass(frozen=True, slots=True)
class VersionSummary:
    menu_id: str
    version: int
    content_hash: str
    published_at: str
    published_by: str
    note: str
    tile_count: int = 0


@dataclass(frozen=True, slots=True)
class Version:
    menu_id: str
    version: int
    document: dict[str, Any]
    content_hash: str
    published_at: str
    published_by: str
    note: str

    @property
    def stamp(self) -> str:
        return stamp(self.menu_id, self.version)


@dataclass(frozen=True, slots=True)
class Resolved:
    """Which menu version a kiosk should show."""

    menu_id: str
    version: int
    stamp: str


@dataclass(frozen=True, slots=True)
class LiveMenu:
    """What a kiosk shows now: the resolved version with its document parsed."""

    menu_id: str
    version: int
    stamp: str
    document: MenuDocument

    @property
    def tiles(self) -> tuple[Tile, ...]:
        return self.document.tiles
