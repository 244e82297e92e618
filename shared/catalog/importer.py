"""Import and export of catalog files, in one transaction, repeatable without effect.

`import_catalog` validates the whole file first and writes nothing if anything is wrong,
listing every problem. A valid file is written in one transaction: a department, category
or certificate type is updated in place, an item or bundle whose content changed gets a new
immutable version, and one that did not change is left alone, so importing the same file
twice changes nothing (not even the catalog revision). A dry run does the same work and
rolls it back, so its report is exactly what a real import would do.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from shared.catalog import repository as repo
from shared.catalog.model import Document
from shared.catalog.search import keyword_pinyin, pinyin_forms
from shared.catalog.validation import KnownCodes, Problem, validate_catalog
from shared.db import Database

FORMAT = "onevisit-catalog"
FORMAT_VERSION = 1


class CatalogFileError(ValueError):
    """The catalog file cannot be imported; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the catalog file")


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@dataclass(slots=True)
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    references_changed: int = 0
    revision: int | None = None
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.references_changed)

    def summary(self) -> str:
        verb = "would change" if self.dry_run else "changed"
        return (
            f"{len(self.created)} new, {len(self.updated)} new versions, {len(self.unchanged)} unchanged; "
            f"{self.references_changed} departments/categories/certificate types {verb}"
        )


def canonical_json(value: Any) -> str:
    """One text per document, so equal content hashes equal (key order and spacing ignored)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def content_hash(document: Document) -> str:
    return hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed in a catalog file")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def parse_catalog_text(text: str) -> Any:
    """Parse a catalog file strictly: no NaN/Infinity, no duplicate keys."""
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise CatalogFileError(
            [Problem(f"line {exc.lineno} column {exc.colno}", f"not valid JSON: {exc.msg}")]
        ) from None
    except ValueError as exc:
        raise CatalogFileError([Problem("$", str(exc))]) from None


def _search_columns(document: Document) -> repo.SearchColumns:
    full, initials = pinyin_forms(document["name"]["zh"])
    return repo.SearchColumns(full, initials, keyword_pinyin(document.get("keywords", [])))


async def import_catalog(db: Database, doc: Any, *, dry_run: bool = False) -> ImportReport:
    """Validate and import a parsed catalog file; raise CatalogFileError listing every problem."""
    report = ImportReport(dry_run=dry_run)
    try:
        async with db.transaction() as tx:
            departments, categories, certificates, items = await repo.known_codes(tx)
            known = KnownCodes(
                frozenset(departments),
                frozenset(categories),
                frozenset(certificates),
                {code: json.loads(text) for code, text in items.items()},
            )
            problems = validate_catalog(doc, known)
            if problems:
                raise CatalogFileError(problems)

            for table in ("departments", "categories", "certificate_types"):
                for position, entry in enumerate(doc.get(table, [])):
                    if await repo.upsert_reference(tx, table, entry["code"], position, canonical_json(entry)):
                        report.references_changed += 1

            for item in doc.get("items", []):
                await _import_item(tx, item, report)
            for bundle in doc.get("bundles", []):
                await _import_bundle(tx, bundle, report)

            if report.changed:
                report.revision = await repo.bump_revision(tx)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


async def _import_item(tx: Any, item: Document, report: ImportReport) -> None:
    code = item["code"]
    digest = content_hash(item)
    current = await repo.current_version(tx, "items", code)
    if current and current[1] == digest:
        report.unchanged.append(code)
        return
    version = current[0] + 1 if current else 1
    await repo.publish_item_version(
        tx,
        code=code,
        version=version,
        department=item["department"],
        status=item.get("status", "active"),
        content_hash=digest,
        document=canonical_json(item),
        search=_search_columns(item),
    )
    (report.updated if current else report.created).append(code)


async def _import_bundle(tx: Any, bundle: Document, report: ImportReport) -> None:
    code = bundle["code"]
    versions = await repo.item_current_versions(tx, list(bundle["items"]))
    # The bundle's content includes the item versions it points at: when an item changes,
    # re-importing the bundle publishes a bundle version that follows it.
    pinned = [(item_code, versions[item_code]) for item_code in bundle["items"]]
    digest = content_hash({"bundle": bundle, "items": pinned})
    current = await repo.current_version(tx, "bundles", code)
    if current and current[1] == digest:
        report.unchanged.append(code)
        return
    version = current[0] + 1 if current else 1
    await repo.publish_bundle_version(
        tx,
        code=code,
        version=version,
        status=bundle.get("status", "active"),
        content_hash=digest,
        document=canonical_json(bundle),
        search=_search_columns(bundle),
        items=pinned,
    )
    (report.updated if current else report.created).append(code)


async def export_catalog(db: Database) -> Document:
    """The current catalog in the import format: importing it again changes nothing."""
    rows = await repo.read_current(db)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "departments": [json.loads(r["document"]) for r in rows.departments],
        "categories": [json.loads(r["document"]) for r in rows.categories],
        "certificate_types": [json.loads(r["document"]) for r in rows.certificate_types],
        "items": [json.loads(r["document"]) for r in rows.items],
        "bundles": [json.loads(r["document"]) for r in rows.bundles],
    }
