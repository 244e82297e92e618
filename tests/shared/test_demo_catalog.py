"""The shipped demo catalog is valid, realistic in size, and loads into an empty database."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from shared.catalog.model import ServiceItem
from shared.catalog.rules import merge_bundle
from shared.catalog.snapshot import ItemQuery
from shared.catalog.validation import validate_catalog
from shared.config import Settings
from shared.services import demo_catalog_text, open_services


def demo() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(demo_catalog_text())
    return result


def test_demo_catalog_is_valid_and_large_enough() -> None:
    doc = demo()
    assert validate_catalog(doc) == []
    assert len(doc["items"]) >= 40
    per_department = Counter(item["department"] for item in doc["items"])
    assert len(per_department) >= 8 and min(per_department.values()) >= 3
    assert {"newborn", "open-small-restaurant", "retirement"} <= {b["code"] for b in doc["bundles"]}
    assert all(item["name"].get("en") for item in doc["items"][:10])


def test_every_demo_bundle_merges_its_items() -> None:
    doc = demo()
    items = {i["code"]: ServiceItem.from_document(i, 1) for i in doc["items"]}
    for bundle in doc["bundles"]:
        merged = merge_bundle([items[c] for c in bundle["items"]], bundle.get("promised_days"))
        fields = [f.code for g in merged.groups for f in g.fields]
        assert len(fields) == len(set(fields)), bundle["code"]
        materials = [e.material.code for e in merged.materials]
        assert len(materials) == len(set(materials)), bundle["code"]


async def test_demo_mode_loads_the_catalog_once(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, demo=True)
    async with open_services(settings) as services:
        snapshot = await services.catalog.current()
        assert len(snapshot.items) == len(demo()["items"])
        assert snapshot.revision == 1
        hits = snapshot.find_items(ItemQuery(q="sfz"))
        assert hits.items and all("身份证" in (i.name.zh + "".join(i.keywords)) for i in hits.items[:3])
    async with open_services(settings) as services:  # a restart does not import again
        assert (await services.catalog.current()).revision == 1
