"""Import and export of catalog files, in one transaction, repeatable without effect.

`import_catalog` validates the whole file first and writes nothing if anything is wrong,
listing every problem. A valid file is written in one transaction: a department, category
or certificate type is updated in place, an item or bundle whose content changed gets a new
immutable version, and one that did not change is left alone, so importing the same file
twice changes nothing (not even the catalog revision). A dry run does the same work and
rolls it back, so its report is exactly what a real import would do.

`publish_document` publishes one item or bundle document (the staff catalog editor's
drafts) through the same code: the same validation against the same known codes, the
same `publish_item` / `publish_bundle` the import calls for each entry of a file, the same
revision bump. There is no second way into `item_versions` or `bundle_versions`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from shared.catalog import repository as repo
from shared.catalog.model import Document
from shared.catalog.search import keyword_pinyin, pinyin_forms
from shared.catalog.validation import KnownCodes, Problem, validate_catalog
from shared.db import Database, Transaction

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
            problems = validate_catalog(doc, await known_codes(tx))
            if problems:
                raise CatalogFileError(problems)

            for table in ("departments", "categories", "certificate_types"):
                for position, entry in enumerate(doc.get(table, [])):
                    if await repo.upsert_reference(tx, table, entry["code"], position, canonical_json(entry)):
                        report.references_changed += 1

            for item in doc.get("items", []):
                _report(report, await publish_item(tx, item))
            for bundle in doc.get("bundles", []):
                _report(report, await publish_bundle(tx, bundle))

            if report.changed:
                report.revision = await repo.bump_revision(tx)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


async def known_codes(tx: Database | Transaction, item_codes: list[str] | None = None) -> KnownCodes:
    """What the database holds that a file (or one draft) may refer to: the import's view of it.

    `item_codes` limits the item documents read (only a bundle looks at them); None: all.
    """
    departments, categories, certificates, items = await repo.known_codes(tx, item_codes)
    return KnownCodes(
        frozenset(departments),
        frozenset(categories),
        frozenset(certificates),
        {code: json.loads(text) for code, text in items.items()},
    )


DocumentKind = Literal["item", "bundle"]
SECTION: dict[DocumentKind, str] = {"item": "items", "bundle": "bundles"}


def single_document_file(kind: DocumentKind, document: Any) -> Document:
    """A catalog file holding one item or bundle: what a draft is checked and published as."""
    return {"format": FORMAT, "format_version": FORMAT_VERSION, SECTION[kind]: [document]}


@dataclass(frozen=True, slots=True)
class Publication:
    """What publishing one document did: a new version, or nothing (`changed` False) when equal."""

    code: str
    version: int
    previous_version: int | None
    changed: bool

    @property
    def created(self) -> bool:
        return self.changed and self.previous_version is None


def _report(report: ImportReport, publication: Publication) -> None:
    if not publication.changed:
        report.unchanged.append(publication.code)
    else:
        (report.created if publication.created else report.updated).append(publication.code)


async def publish_item(tx: Transaction, item: Document) -> Publication:
    """Write a new immutable version of a (validated) item unless its content equals the current one."""
    code = item["code"]
    digest = content_hash(item)
    current = await repo.current_version(tx, "items", code)
    if current and current[1] == digest:
        return Publication(code, current[0], current[0], changed=False)
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
    return Publication(code, version, current[0] if current else None, changed=True)


async def publish_bundle(tx: Transaction, bundle: Document) -> Publication:
    """Write a new bundle version unless its content and its items' current versions are unchanged."""
    code = bundle["code"]
    versions = await repo.item_current_versions(tx, list(bundle["items"]))
    # The bundle's content includes the item versions it points at: when an item changes,
    # re-importing the bundle publishes a bundle version that follows it.
    pinned = [(item_code, versions[item_code]) for item_code in bundle["items"]]
    digest = content_hash({"bundle": bundle, "items": pinned})
    current = await repo.current_version(tx, "bundles", code)
    if current and current[1] == digest:
        return Publication(code, current[0], current[0], changed=False)
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
    return Publication(code, version, current[0] if current else None, changed=True)


async def check_document(tx: Database | Transaction, kind: DocumentKind, document: Any) -> list[Problem]:
    """Every problem the import would find in a file holding only this document."""
    # Only a bundle reads item documents (its items' fields and status); an item needs none.
    wanted = _bundle_item_codes(document) if kind == "bundle" else []
    return validate_catalog(single_document_file(kind, document), await known_codes(tx, wanted))


def _bundle_item_codes(document: Any) -> list[str]:
    items = document.get("items") if isinstance(document, dict) else None
    return [code for code in items if isinstance(code, str)] if isinstance(items, list) else []


async def publish_document(tx: Transaction, kind: DocumentKind, document: Any) -> Publication:
    """Validate and publish one item or bundle inside the caller's transaction, as an import would.

    Raises CatalogFileError listing every problem (paths as in a one-entry file, e.g.
    `items[0].materials[1].kind`) and writes nothing then; bumps the catalog revision only
    when a new version was written, so publishing unchanged content changes nothing.
    """
    problems = await check_document(tx, kind, document)
    if problems:
        raise CatalogFileError(problems)
    publication = await (publish_item(tx, document) if kind == "item" else publish_bundle(tx, document))
    if publication.changed:
        await repo.bump_revision(tx)
    return publication


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
