"""Which menu version a kiosk shows, and the in-memory cache every kiosk page reads it from.

Resolution (pure): the kiosk's own assignment, then its hall group's, then the default
menu; a menu with nothing live at `now` is skipped for the next one. What is live is
decided by releases alone (see shared/menus/model.Release), so a release scheduled for
09:00 takes effect at 09:00 without any background job: the next resolution after that
time simply finds it.

`MenuCache` (on Services as `menus`) answers `for_device` from memory. It reads the one
integer `kiosk_menu_state.revision` at most twice a second (`check_every`), reloads the
assignments and releases when it moved (every publish, schedule, cancel, restore, assign
and default change bumps it, in any process), and re-resolves by itself when a scheduled
go-live time passes. Published versions never change, so their parsed documents are kept.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from shared.db import Database
from shared.kiosk.devices import KioskDevice
from shared.menus import store
from shared.menus.model import Assignment, LiveMenu, MenuDocument, Release, Resolved, stamp

# Parsed documents kept at most (a hall has a handful of menus with a few live versions).
DOCUMENTS_KEPT = 64


def live_version(releases: Iterable[Release], menu_id: str, now: float) -> int | None:
    """The version of the newest non-cancelled release of `menu_id` with go_live_at <= now.

    "Newest" is by go_live_at, then by id: of two releases going live at the same second
    the one made later wins (a restore made just after a publish).
    """
    best: Release | None = None
    for release in releases:
        if release.menu_id != menu_id or release.cancelled or release.go_live_at > now:
            continue
        if best is None or (release.go_live_at, release.id) > (best.go_live_at, best.id):
            best = release
    return best.version if best is not None else None


def resolve(
    device_id: str,
    group: str,
    assignments: Iterable[Assignment],
    default_menu: str | None,
    releases: Sequence[Release],
    now: float,
) -> Resolved | None:
    """The menu version the kiosk `device_id` of hall group `group` should show at `now`.

    None when no candidate menu has a live version: the kiosk home then shows its
    catalog-derived layout.
    """
    by_device = by_group = None
    for assignment in assignments:
        if assignment.target_kind == "device" and assignment.target == device_id:
            by_device = assignment.menu_id
        elif assignment.target_kind == "group" and assignment.target == group:
            by_group = assignment.menu_id
    for menu_id in (by_device, by_group, default_menu):
        if menu_id is None:
            continue
        version = live_version(releases, menu_id, now)
        if version is not None:
            return Resolved(menu_id, version, stamp(menu_id, version))
    return None


def next_go_live(releases: Iterable[Release], now: float) -> float:
    """The earliest pending go-live time after `now` (infinity when none is scheduled)."""
    return min((r.go_live_at for r in releases if r.pending(now)), default=math.inf)


@dataclass(slots=True)
class MenuCache:
    """Live menus of every kiosk, from memory (see the module docstring).

    A change made in this process is seen at the next check (at most `check_every`
    seconds later); `invalidate()` after a change makes the next call check at once.
    """

    # Half a second: with a 3 s heartbeat, a publish reaches every kiosk well within 5 s
    # (measured by benchmarks/hall_bench.py); one integer read, at most twice a second.
    check_every: float = 0.5
    _checked_at: float = -math.inf
    _state: store.MenuState | None = None
    _next_go_live: float = math.inf
    _documents: dict[tuple[str, int], MenuDocument] = field(default_factory=dict)
    _resolved: dict[tuple[str, str], LiveMenu | None] = field(default_factory=dict)

    def invalidate(self) -> None:
        self._checked_at = -math.inf

    async def _refresh(self, db: Database, now: float) -> store.MenuState:
        state = self._state
        if state is None or abs(now - self._checked_at) >= self.check_every:
            self._checked_at = now
            revision = await store.read_revision(db)
            if state is None or revision != state.revision:
                state = await store.read_state(db)
                self._state = state
                self._resolved.clear()
                self._next_go_live = next_go_live(state.releases, now)
        assert state is not None
        if now >= self._next_go_live:
            # A scheduled release has gone live since the last resolution: no SQL needed,
            # the releases are in memory already.
            self._resolved.clear()
            self._next_go_live = next_go_live(state.releases, now)
        return state

    async def resolved_for(self, db: Database, device_id: str, group: str, now: float) -> Resolved | None:
        """What a kiosk should show, without its document (the fleet page's "should show")."""
        state = await self._refresh(db, now)
        return resolve(device_id, group, state.assignments, state.default_menu, state.releases, now)

    async def for_device(self, db: Database, device: KioskDevice, now: float) -> LiveMenu | None:
        state = await self._refresh(db, now)
        key = (device.id, device.group)
        if key in self._resolved:
            return self._resolved[key]
        resolved = resolve(device.id, device.group, state.assignments, state.default_menu, state.releases, now)
        live = None
        if resolved is not None:
            document = await self._document(db, resolved.menu_id, resolved.version)
            live = LiveMenu(resolved.menu_id, resolved.version, resolved.stamp, document)
        self._resolved[key] = live
        return live

    async def _document(self, db: Database, menu_id: str, version: int) -> MenuDocument:
        key = (menu_id, version)
        document = self._documents.get(key)
        if document is None:
            found = await store.version(db, menu_id, version)
            document = MenuDocument.from_dict(found.document)
            if len(self._documents) >= DOCUMENTS_KEPT:
                self._documents.clear()
            self._documents[key] = document
        return document
