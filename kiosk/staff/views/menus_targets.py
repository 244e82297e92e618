"""What a menu tile can open, as the editor's target picker lists it (pure, over a catalog snapshot).

Only services citizens can still apply for are listed (retired items and bundles are left
out). One the kiosk cannot offer (an item not offered at kiosks, 自助终端; a bundle with such
an item) is listed but cannot be picked, with the reason: the reason is the menu rules' own
message (`shared.menus.rules.check_document` on a one-tile menu), so the picker and publishing
never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from shared.catalog.model import Bundle, ServiceItem
from shared.catalog.snapshot import CatalogSnapshot
from shared.i18n import Text
from shared.menus import rules
from shared.menus.model import ACTIONS

PICKABLE_KINDS = ("item", "bundle", "category")
MAX_RESULTS = 30
# Problems of a one-tile probe that are about the target (its label is a placeholder).
TARGET_CODES = frozenset(
    {"unknown_item", "retired_item", "not_at_kiosk", "unknown_bundle", "retired_bundle", "bundle_not_at_kiosk"}
)
_PROBE_LABEL = {"zh": "探", "en": "probe"}


@dataclass(frozen=True, slots=True)
class Target:
    kind: str
    code: str
    name: Text
    detail: Text | None  # the department, or what a bundle holds
    refusal: Text | None  # why it cannot be picked; None: it can

    @property
    def pickable(self) -> bool:
        return self.refusal is None


def refusal(kind: str, code: str, snapshot: CatalogSnapshot) -> Text | None:
    """The rules' reason this target cannot be on a published menu, if any."""
    probe = {"tiles": [{"id": "t-0", "kind": kind, "target": code, "label": _PROBE_LABEL}]}
    problems = [problem for problem in rules.check_document(probe, snapshot) if problem.code in TARGET_CODES]
    return problems[0].message if problems else None


def target_name(kind: str, code: str | None, snapshot: CatalogSnapshot) -> Text | None:
    """The name of what a tile opens, or None when the catalog (or the kiosk) has no such thing."""
    if code is None:
        return None
    if kind == "item":
        item = snapshot.item(code)
        return item.name if item is not None else None
    if kind == "bundle":
        bundle = snapshot.bundle(code)
        return bundle.name if bundle is not None else None
    if kind == "category":
        category = snapshot.categories.get(code)
        return category.name if category is not None else None
    if kind == "action":
        action = ACTIONS.get(code)
        return action.label if action is not None else None
    return None


def _matches(name: Text, code: str, q: str) -> bool:
    needle = q.casefold()
    return needle in name.zh.casefold() or needle in (name.en or "").casefold() or needle in code.casefold()


def _department(snapshot: CatalogSnapshot, code: str) -> Text | None:
    department = snapshot.departments.get(code)
    return department.name if department is not None else None


def _bundle_detail(snapshot: CatalogSnapshot, bundle: Bundle) -> Text:
    members = snapshot.bundle_items(bundle)
    return Text("、".join(m.name.zh for m in members), ", ".join(m.name.get("en") for m in members))


def search(snapshot: CatalogSnapshot, kind: str, q: str) -> list[Target]:
    """Targets of `kind` matching `q` (name, pinyin initials through the catalog index, or code)."""
    q = " ".join(q.split())[:40]
    if kind == "item":
        items: Iterable[ServiceItem] = snapshot.search(q)[0] if q else snapshot.by_popularity
        found = [
            Target(
                "item",
                item.code,
                item.name,
                _department(snapshot, item.department),
                refusal("item", item.code, snapshot),
            )
            for item in items
            if item.active
        ]
    elif kind == "bundle":
        bundles = snapshot.search(q)[1] if q else sorted(snapshot.bundles.values(), key=lambda b: -b.popularity)
        found = [
            Target(
                "bundle",
                bundle.code,
                bundle.name,
                _bundle_detail(snapshot, bundle),
                refusal("bundle", bundle.code, snapshot),
            )
            for bundle in bundles
            if bundle.active
        ]
    elif kind == "category":
        categories = sorted(snapshot.categories.values(), key=lambda c: (c.audience != "person", c.kind, c.position))
        found = [
            Target("category", category.code, category.name, None, None)
            for category in categories
            if not q or _matches(category.name, category.code, q)
        ]
    else:
        found = []
    # Pickable first, each group in the catalog's own order (best match or most used first).
    return sorted(found, key=lambda target: not target.pickable)[:MAX_RESULTS]
