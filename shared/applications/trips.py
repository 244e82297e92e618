"""Trips (跑动次数): every on-site contact with an application, and all their SQL.

"最多跑一次" (run at most once) is measured, not only declared: each kiosk session in the
hall and each window visit that touches an application is recorded against it, counted
once per kiosk session and once per window day, so reloading a page or a clerk pressing
"record visit" twice does not count a second trip. A bundle's trips are shared by the
bundle and its item applications (the citizen came once for all of them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from shared.applications.model import Trip
from shared.catalog.snapshot import CatalogSnapshot
from shared.clock import china_day, iso
from shared.db import Database, Transaction

Reader = Database | Transaction
TripKind = Literal["kiosk", "window"]


@dataclass(frozen=True, slots=True)
class ItemTrips:
    """Declared against measured trips of one item's submitted applications."""

    item_code: str
    declared: int | None  # the catalog's max_visits (None: the catalog does not say)
    applications: int
    average: float
    max: int

    @property
    def exceeded(self) -> bool:
        return self.declared is not None and self.max > self.declared


def window_contact_key(now: float) -> str:
    """One window visit per China day: the day is the contact key."""
    return china_day(now).isoformat()


async def record(
    tx: Transaction, application_id: str, kind: TripKind, contact_key: str, place: str, now: float
) -> bool:
    """Record a contact; True when it is a new trip, False when this session or day was counted.

    `contact_key`: the kiosk session id for a kiosk trip, `window_contact_key(now)` for a
    window visit.
    """
    changed = await tx.execute(
        "INSERT INTO trips (application_id, kind, contact_key, place, at, ts) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (application_id, kind, contact_key) DO NOTHING",
        (application_id, kind, contact_key, place, iso(now), now),
    )
    return changed == 1


async def record_window_visit(tx: Transaction, application_id: str, place: str, now: float) -> bool:
    return await record(tx, application_id, "window", window_contact_key(now), place, now)


# The trips of an application: its own, its bundle parent's and its children's, each
# contact once (a bundle's kiosk session is one trip for all its items).
_FAMILY = (
    "application_id = ? OR application_id = (SELECT parent_id FROM applications WHERE id = ?)"
    " OR application_id IN (SELECT id FROM applications WHERE parent_id = ?)"
)


async def count(db: Reader, application_id: str) -> int:
    row = await db.fetch_one(
        f"SELECT COUNT(DISTINCT kind || ':' || contact_key) FROM trips WHERE {_FAMILY}",
        (application_id, application_id, application_id),
    )
    return int(row[0]) if row is not None else 0


async def for_application(db: Reader, application_id: str) -> list[Trip]:
    rows = await db.fetch_all(
        f"SELECT id, application_id, kind, place, at FROM trips WHERE {_FAMILY} ORDER BY ts, id",
        (application_id, application_id, application_id),
    )
    return [Trip(int(r["id"]), str(r["application_id"]), str(r["kind"]), str(r["place"]), str(r["at"])) for r in rows]


async def by_item(db: Reader, snapshot: CatalogSnapshot | None = None) -> list[ItemTrips]:
    """Per item: submitted item applications, their average and largest trip count, and the
    catalog's declared maximum (from `snapshot`, when given), by item code."""
    rows = await db.fetch_all(
        "SELECT a.item_code, (SELECT COUNT(DISTINCT t.kind || ':' || t.contact_key) FROM trips t"
        " WHERE t.application_id = a.id OR t.application_id = a.parent_id) AS trips"
        " FROM applications a WHERE a.kind = 'item' AND a.state != 'draft' AND a.discarded_at IS NULL"
    )
    counts: Mapping[str, list[int]] = defaultdict(list)
    for row in rows:
        counts[str(row["item_code"])].append(int(row["trips"]))
    found = []
    for code in sorted(counts):
        values = counts[code]
        item = snapshot.item(code) if snapshot is not None else None
        found.append(
            ItemTrips(
                item_code=code,
                declared=item.max_visits if item is not None else None,
                applications=len(values),
                average=sum(values) / len(values),
                max=max(values),
            )
        )
    return found
