"""An immutable, in-memory view of the current catalog, and the service that keeps it fresh.

Reads (pages, API, search) are served from a `CatalogSnapshot` built from the database.
The database stays the only truth: every process checks the catalog revision at most once
per `catalog_refresh_seconds` and rebuilds when it moved, so several server processes never
disagree for longer than that, and a restart rebuilds the same snapshot.
"""

from __future__ import annotations

import asyncio
import gc
import json
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import anyio

from shared.catalog import repository as repo
from shared.catalog.labels import Label
from shared.catalog.model import Bundle, Category, CertificateType, Department, ItemRef, ServiceItem
from shared.catalog.search import SearchEntry, SearchIndex
from shared.db import Database, Row

MAX_PER_PAGE = 100
T = TypeVar("T")
# Derived answers kept per snapshot (search hits, rendered bodies): a hall's requests
# repeat, and a snapshot never changes. Bounded, so arbitrary queries cannot grow memory.
DERIVED_CACHE_SIZE = 2048


@dataclass(frozen=True, slots=True)
class ItemQuery:
    """Filters for listing and searching; every field optional."""

    q: str | None = None
    department: str | None = None
    type: str | None = None
    audience: str | None = None
    label: Label | None = None
    category: str | None = None
    channel: str | None = None
    include_retired: bool = False


@dataclass(frozen=True, slots=True)
class Page:
    items: list[ServiceItem]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class CatalogSnapshot:
    revision: int
    departments: dict[str, Department]
    categories: dict[str, Category]
    certificate_types: dict[str, CertificateType]
    items: dict[str, ServiceItem]
    bundles: dict[str, Bundle]
    index: SearchIndex
    by_popularity: list[ServiceItem] = field(default_factory=list)
    # What callers derived from this snapshot (see `derived`); it goes away with the snapshot.
    _derived: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict, repr=False)

    def item(self, code: str) -> ServiceItem | None:
        return self.items.get(code)

    def bundle(self, code: str) -> Bundle | None:
        return self.bundles.get(code)

    def bundle_items(self, bundle: Bundle) -> list[ServiceItem]:
        """The current items of a bundle, for display (applications pin `bundle.items`)."""
        return [self.items[ref.code] for ref in bundle.items if ref.code in self.items]

    def most_used(self, limit: int, audience: str | None = None) -> list[ServiceItem]:
        found = []
        for item in self.by_popularity:
            if item.active and (audience is None or audience in item.audience):
                found.append(item)
                if len(found) == limit:
                    break
        return found

    def items_in_category(self, code: str) -> list[ServiceItem]:
        return [i for i in self.by_popularity if i.active and code in i.categories]

    def bundles_in_category(self, code: str) -> list[Bundle]:
        return [b for b in self.bundles.values() if b.active and code in b.categories]

    def _matches(self, item: ServiceItem, query: ItemQuery) -> bool:
        if not query.include_retired and not item.active:
            return False
        if query.department and item.department != query.department and query.department not in item.co_departments:
            return False
        if query.type and item.type != query.type:
            return False
        if query.audience and query.audience not in item.audience:
            return False
        if query.label and query.label not in item.labels:
            return False
        if query.category and query.category not in item.categories:
            return False
        return not (query.channel and not getattr(item.channels, query.channel, False))

    def search(self, q: str) -> tuple[list[ServiceItem], list[Bundle]]:
        """Items and bundles matching `q`, best first (retired ones included; callers filter).

        A hall's searches repeat (身份证, 社保, 公积金...), and a snapshot never changes, so
        recent answers are kept with it in a small LRU; a catalog import starts afresh.
        """
        key = " ".join(q.split())

        def run() -> tuple[list[ServiceItem], list[Bundle]]:
            items: list[ServiceItem] = []
            bundles: list[Bundle] = []
            for hit in self.index.search(key):
                if hit.kind == "item":
                    items.append(self.items[hit.code])
                else:
                    bundles.append(self.bundles[hit.code])
            return items, bundles

        found: tuple[list[ServiceItem], list[Bundle]] = self.derived(("search", key), run)
        return found

    def derived(self, key: Hashable, build: Callable[[], T]) -> T:
        """`build()` once per key for this snapshot, kept in a bounded LRU.

        Only for values that depend on nothing but the snapshot and the key: a rendered
        JSON body, search hits. Runs on the event loop thread only, so no lock is needed.
        """
        cache = self._derived
        if key in cache:
            cache.move_to_end(key)
            value: T = cache[key]
            return value
        value = build()
        cache[key] = value
        if len(cache) > DERIVED_CACHE_SIZE:
            cache.popitem(last=False)
        return value

    def find_items(self, query: ItemQuery, page: int = 1, per_page: int = 20) -> Page:
        """Filter and (with `q`) search items; without `q`, most used first."""
        per_page = max(1, min(per_page, MAX_PER_PAGE))
        page = max(1, page)
        if query.q and query.q.strip():
            matched = [item for item in self.search(query.q)[0] if self._matches(item, query)]
        else:
            matched = [item for item in self.by_popularity if self._matches(item, query)]
        start = (page - 1) * per_page
        return Page(matched[start : start + per_page], len(matched), page, per_page)

    def search_bundles(self, q: str, limit: int = 5) -> list[Bundle]:
        return [b for b in self.search(q)[1] if b.active][:limit]

    def iter_active_items(self) -> Iterator[ServiceItem]:
        return (item for item in self.items.values() if item.active)


def build_snapshot(rows: repo.CatalogRows) -> CatalogSnapshot:
    """Parse the rows into objects and index them; pure CPU work, run off the event loop."""
    departments = {r["code"]: Department.from_document(json.loads(r["document"])) for r in rows.departments}
    categories = {
        r["code"]: Category.from_document(json.loads(r["document"]), int(r["position"])) for r in rows.categories
    }
    certificates = {r["code"]: CertificateType.from_document(json.loads(r["document"])) for r in rows.certificate_types}
    items: dict[str, ServiceItem] = {}
    entries: list[SearchEntry] = []
    for r in rows.items:
        item = ServiceItem.from_document(json.loads(r["document"]), int(r["version"]))
        items[item.code] = item
        entries.append(
            SearchEntry(
                "item",
                item.code,
                item.name.zh,
                item.name.en or "",
                item.keywords,
                r["name_pinyin"],
                r["name_initials"],
                r["keyword_pinyin"],
                item.department,
                item.popularity,
            )
        )
    refs: dict[str, list[ItemRef]] = {}
    for r in rows.bundle_items:
        refs.setdefault(r["bundle_code"], []).append(ItemRef(r["item_code"], int(r["item_version"])))
    bundles: dict[str, Bundle] = {}
    for r in rows.bundles:
        bundle = Bundle.from_document(
            json.loads(r["document"]), int(r["version"]), tuple(refs.get(r["bundle_code"], ()))
        )
        bundles[bundle.code] = bundle
        if bundle.active:
            entries.append(
                SearchEntry(
                    "bundle",
                    bundle.code,
                    bundle.name.zh,
                    bundle.name.en or "",
                    bundle.keywords,
                    r["name_pinyin"],
                    r["name_initials"],
                    r["keyword_pinyin"],
                    "",
                    bundle.popularity,
                )
            )
    by_popularity = sorted(items.values(), key=lambda i: (-i.popularity, i.code))
    return CatalogSnapshot(
        revision=rows.revision,
        departments=departments,
        categories=categories,
        certificate_types=certificates,
        items=items,
        bundles=bundles,
        index=SearchIndex(entries),
        by_popularity=by_popularity,
    )


class CatalogService:
    """Hands out the current snapshot, rebuilding it when the database's revision moves."""

    def __init__(self, db: Database, refresh_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._db = db
        self._refresh = refresh_seconds
        self._clock = clock
        self._snapshot: CatalogSnapshot | None = None
        self._checked_at = 0.0
        self._lock = asyncio.Lock()
        self._old_items: dict[tuple[str, int], ServiceItem] = {}

    async def load(self) -> CatalogSnapshot:
        """Build the snapshot now (at start, and after an import in this process)."""
        async with self._lock:
            rows = await repo.read_current(self._db)
            self._snapshot = await anyio.to_thread.run_sync(build_snapshot, rows)
            self._checked_at = self._clock()
            # A 10,000-item catalog is millions of long-lived objects; left to the cyclic
            # GC, every full collection walks them all (pauses of hundreds of ms measured
            # under load). Moving them to the permanent generation keeps pauses short.
            gc.collect()
            gc.freeze()
            return self._snapshot

    async def current(self) -> CatalogSnapshot:
        snapshot = self._snapshot
        if snapshot is None:
            return await self.load()
        if self._clock() - self._checked_at < self._refresh:
            return snapshot
        if self._lock.locked():
            # Another request is already checking or rebuilding: serve what we have.
            return snapshot
        self._checked_at = self._clock()
        if await repo.read_revision(self._db) != snapshot.revision:
            return await self.load()
        return snapshot

    async def item_version(self, code: str, version: int) -> ServiceItem | None:
        """A published version of an item, current or not (published versions never change)."""
        snapshot = await self.current()
        current = snapshot.item(code)
        if current is not None and current.version == version:
            return current
        key = (code, version)
        if key not in self._old_items:
            row = await repo.read_item_version(self._db, code, version)
            if row is None:
                return None
            if len(self._old_items) > 1000:
                self._old_items.clear()
            self._old_items[key] = ServiceItem.from_document(json.loads(row["document"]), version)
        return self._old_items[key]

    async def bundle_version(self, code: str, version: int) -> Bundle | None:
        """A published version of a bundle, current or not (an application pins the version it started with)."""
        current = (await self.current()).bundle(code)
        if current is not None and current.version == version:
            return current
        found = await repo.read_bundle_version(self._db, code, version)
        if found is None:
            return None
        row, items = found
        refs = tuple(ItemRef(str(item["item_code"]), int(item["item_version"])) for item in items)
        return Bundle.from_document(json.loads(row["document"]), version, refs)

    async def pinned_items(self, bundle: Bundle) -> list[ServiceItem]:
        """The items of a bundle at the versions the bundle was published with."""
        items = []
        for ref in bundle.items:
            item = await self.item_version(ref.code, ref.version)
            if item is not None:
                items.append(item)
        return items

    async def item_versions(self, code: str) -> Sequence[Row]:
        return await repo.read_item_versions(self._db, code)
