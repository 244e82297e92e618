"""Drafts of catalog items and bundles (事项草稿): edited by staff, checked and published as a new version.

A draft is the whole document of one item or bundle, exactly what an import file would hold
for it, kept in `catalog_drafts` (migration 0022) while someone edits it:

    save(...)     → the draft with its next revision (the first save starts it)
    check(...)    → every problem the import would find in it (the import's own validation)
    publish(...)  → a new immutable version through `importer.publish_document` (the import's
                    path: same checks, same version writing, same revision bump), draft deleted
    discard(...)  → draft deleted, nothing published

Every change names the revision it was made from; an older one means someone else saved in
between and is refused with `StaleDraft` (409), so nobody overwrites another's work unseen.
Publishing also names the published version the person reviewed: when an import or another
editor published a newer one meanwhile, `PublishedMeanwhile` (409) stops it from being
silently replaced. Every save, discard and publish is audited in its own transaction with
the difference it made (`shared.diffing`); targets read `item:CODE` / `bundle:CODE`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from shared import audit, diffing
from shared.audit import Actor, AuditEvent, Where
from shared.catalog import repository as repo
from shared.catalog.importer import (
    SECTION,
    CatalogFileError,
    DocumentKind,
    Publication,
    canonical_json,
    check_document,
    publish_document,
)
from shared.catalog.model import Document
from shared.catalog.validation import Problem
from shared.db import Database, Row, Transaction
from shared.errors import Conflict, NotFound, ValidationFailed
from shared.i18n import Text

Kind = DocumentKind
KINDS: tuple[Kind, ...] = ("item", "bundle")


class StaleDraft(Conflict):
    """The draft changed since the page was opened (someone else saved, published or discarded it)."""

    code = "stale_draft"
    default_message = Text(
        "这份草稿已被他人修改，您的修改没有保存。下面显示的是最新内容，请在此基础上重新修改。",
        "Someone else changed this draft; your change was not saved. The latest draft is shown: make it again.",
    )


class PublishedMeanwhile(Conflict):
    code = "published_meanwhile"
    default_message = Text(
        "在您核对之后，此事项又发布了新版本。请重新核对与最新版本的差异后再发布。",
        "A newer version was published after you reviewed the changes. Review them against it, then publish.",
    )


class CodeTaken(Conflict):
    code = "code_taken"
    default_message = Text(
        "此编码已被使用（已发布或已有草稿），请换一个编码。",
        "This code is already used (published or in a draft); choose another.",
    )


class DraftNotFound(NotFound):
    default_message = Text("找不到此事项或草稿。", "This item or draft does not exist.")


class PublishRefused(ValidationFailed):
    """The import's validation refused the draft: `catalog_problems` lists every problem."""

    code = "publish_refused"
    default_message = Text(
        "草稿有问题，尚未发布。请按提示逐项修改。", "The draft has problems and was not published. Correct each one."
    )

    def __init__(self, catalog_problems: list[Problem]) -> None:
        super().__init__()
        self.catalog_problems = catalog_problems


@dataclass(frozen=True, slots=True)
class Draft:
    kind: Kind
    code: str
    base_version: int | None  # the published version it started from; None: never published
    revision: int
    document: Document
    created_at: float
    updated_at: float
    updated_by: int
    updated_by_name: str

    @property
    def name(self) -> Text | None:
        return document_name(self.document)


@dataclass(frozen=True, slots=True)
class Published:
    """The current published version of an item or bundle."""

    version: int
    document: Document


@dataclass(frozen=True, slots=True)
class Editor:
    """Who edits, for the draft's columns (`account_id`) and the audit entry (`actor`, `where`)."""

    account_id: int
    actor: Actor
    where: Where


@dataclass(frozen=True, slots=True)
class Saved:
    draft: Draft
    changed: bool  # False: the document equalled what was there; nothing was written


def document_name(document: Any) -> Text | None:
    """The name a document gives itself, if it gives a usable one (a draft may be unfinished)."""
    name = document.get("name") if isinstance(document, dict) else None
    if isinstance(name, dict) and isinstance(name.get("zh"), str):
        return Text(name["zh"], name.get("en") if isinstance(name.get("en"), str) else None)
    return None


def _target(kind: Kind, code: str) -> str:
    return f"{kind}:{code}"


_SELECT = (
    "SELECT d.kind, d.code, d.base_version, d.revision, d.document, d.created_at, d.updated_at, d.updated_by,"
    " a.display_name FROM catalog_drafts d JOIN staff_accounts a ON a.id = d.updated_by"
)


def _draft(row: Row) -> Draft:
    return Draft(
        kind=row["kind"],
        code=row["code"],
        base_version=row["base_version"],
        revision=int(row["revision"]),
        document=json.loads(row["document"]),
        created_at=float(row["created_at"]),
        updated_at=float(row["updated_at"]),
        updated_by=int(row["updated_by"]),
        updated_by_name=str(row["display_name"]),
    )


async def get(db: Database | Transaction, kind: Kind, code: str) -> Draft | None:
    row = await db.fetch_one(f"{_SELECT} WHERE d.kind = ? AND d.code = ?", (kind, code))
    return _draft(row) if row else None


async def all_drafts(db: Database) -> list[Draft]:
    """Every open draft, most recently saved first."""
    return [_draft(row) for row in await db.fetch_all(f"{_SELECT} ORDER BY d.updated_at DESC, d.kind, d.code")]


async def published(db: Database | Transaction, kind: Kind, code: str) -> Published | None:
    current = await repo.current_version(db, SECTION[kind], code)
    if current is None:
        return None
    if kind == "item":
        row = await repo.read_item_version(db, code, current[0])
    else:
        found = await repo.read_bundle_version(db, code, current[0])
        row = found[0] if found else None
    if row is None:
        return None
    return Published(current[0], json.loads(row["document"]))


async def check(db: Database, kind: Kind, document: Document) -> list[Problem]:
    """The import's problems for a file holding only this document (paths `items[0]....`)."""
    return await check_document(db, kind, document)


def _changes(before: Any, after: Any) -> dict[str, Any]:
    return diffing.for_audit(diffing.diff(before, after))


async def _record(
    tx: Transaction, editor: Editor, action: str, target: str, detail: dict[str, Any], now: float
) -> None:
    await audit.record(tx, AuditEvent(editor.actor, editor.where, action, "ok", target=target, detail=detail), now)


async def create(tx: Transaction, kind: Kind, document: Document, editor: Editor, now: float) -> Draft:
    """Start a draft for a new item or bundle; its code must be free (not published, no draft)."""
    code = document["code"]
    if await get(tx, kind, code) is not None or await published(tx, kind, code) is not None:
        raise CodeTaken()
    await tx.execute(
        "INSERT INTO catalog_drafts (kind, code, base_version, revision, document, created_by, created_at,"
        " updated_by, updated_at) VALUES (?, ?, NULL, 1, ?, ?, ?, ?, ?)",
        (kind, code, canonical_json(document), editor.account_id, now, editor.account_id, now),
    )
    await _record(tx, editor, f"catalog.{kind}.draft.save", _target(kind, code), {"revision": 1, "new": True}, now)
    draft = await get(tx, kind, code)
    assert draft is not None
    return draft


async def save(
    tx: Transaction,
    kind: Kind,
    code: str,
    document: Document,
    *,
    expected_revision: int,
    editor: Editor,
    now: float,
) -> Saved:
    """Save the whole document as the next revision of the draft (0: no draft was open yet).

    The document's `code` is the draft's: a code never changes here (a new code is a new
    item). Saving what is already there writes nothing, so opening and leaving an item
    neither starts a draft nor fills the audit trail.
    """
    if document.get("code") != code:
        raise ValueError("a draft keeps its code")
    current = await get(tx, kind, code)
    if (current.revision if current else 0) != expected_revision:
        raise StaleDraft()
    base = await published(tx, kind, code)
    if current is None and base is None:
        raise DraftNotFound()
    before = current.document if current else base.document if base else {}
    if canonical_json(before) == canonical_json(document):
        if current is not None:
            return Saved(current, changed=False)
        # Equal to the published version and no draft: nothing to keep.
        return Saved(_unsaved(kind, code, base, document, editor, now), changed=False)
    revision = expected_revision + 1
    if current is None:
        await tx.execute(
            "INSERT INTO catalog_drafts (kind, code, base_version, revision, document, created_by, created_at,"
            " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                kind,
                code,
                base.version if base else None,
                revision,
                canonical_json(document),
                editor.account_id,
                now,
                editor.account_id,
                now,
            ),
        )
    else:
        await tx.execute(
            "UPDATE catalog_drafts SET revision = ?, document = ?, updated_by = ?, updated_at = ?"
            " WHERE kind = ? AND code = ? AND revision = ?",
            (revision, canonical_json(document), editor.account_id, now, kind, code, expected_revision),
        )
    detail = {"revision": revision, **_changes(before, document)}
    await _record(tx, editor, f"catalog.{kind}.draft.save", _target(kind, code), detail, now)
    saved = await get(tx, kind, code)
    assert saved is not None
    return Saved(saved, changed=True)


def _unsaved(kind: Kind, code: str, base: Published | None, document: Document, editor: Editor, now: float) -> Draft:
    """What the editor shows when no draft exists: the published version, revision 0."""
    return Draft(kind, code, base.version if base else None, 0, document, now, now, editor.account_id, "")


async def discard(
    tx: Transaction, kind: Kind, code: str, *, expected_revision: int, editor: Editor, now: float
) -> None:
    current = await get(tx, kind, code)
    if current is None or current.revision != expected_revision:
        raise StaleDraft()
    await tx.execute("DELETE FROM catalog_drafts WHERE kind = ? AND code = ?", (kind, code))
    detail = {"revision": current.revision, "base_version": current.base_version}
    await _record(tx, editor, f"catalog.{kind}.draft.discard", _target(kind, code), detail, now)


async def publish(
    tx: Transaction,
    kind: Kind,
    code: str,
    *,
    expected_revision: int,
    expected_version: int | None,
    editor: Editor,
    now: float,
) -> Publication:
    """Publish the draft as the next version through the import's code, then delete the draft.

    `expected_version` is the published version the person compared the draft with (None:
    none was published); a different one now → `PublishedMeanwhile`. Content equal to the
    published version writes no version and no revision (`Publication.changed` False), and
    the draft, which holds nothing new, goes all the same. Refused content raises
    `PublishRefused` with the import's problems and changes nothing.
    """
    current = await get(tx, kind, code)
    if current is None or current.revision != expected_revision:
        raise StaleDraft()
    before = await published(tx, kind, code)
    if (before.version if before else None) != expected_version:
        raise PublishedMeanwhile()
    try:
        publication = await publish_document(tx, kind, current.document)
    except CatalogFileError as refused:
        raise PublishRefused(refused.problems) from None
    await tx.execute("DELETE FROM catalog_drafts WHERE kind = ? AND code = ?", (kind, code))
    detail: dict[str, Any] = {
        "version": publication.version,
        "previous_version": publication.previous_version,
        "unchanged": not publication.changed,
        "draft_revision": current.revision,
    }
    if publication.changed:
        detail.update(_changes(before.document if before else {}, current.document))
    await _record(tx, editor, f"catalog.{kind}.publish", _target(kind, code), detail, now)
    return publication
