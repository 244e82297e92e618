"""All SQL about kiosk menus: menus, drafts, immutable versions, releases, assignments.

Every change is audited in its own transaction with the difference it made
(`shared.diffing`), and every change that can alter what a kiosk shows bumps
`kiosk_menu_state.revision`, which `MenuCache` (shared/menus/resolve.py) watches.

Write functions take the caller's transaction (`async with db.transaction() as tx`), so a
handler's other writes and the audit entry commit with them or not at all. They raise
`NotFound`, `Conflict` (409: a stale draft revision, a release already live) or
`MenuRefused` (422, every problem of the document at once) and leave nothing half-written.

What staff type besides the tiles (a menu's id and name, a note, a go-live time, an
assignment's kiosk or group) is checked by `inputs`, the tile document by `rules`: pure
checks, no SQL, run before anything is written. All menu SQL stays here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from shared import audit, diffing
from shared.audit import Actor, AuditEvent, Where
from shared.catalog.snapshot import CatalogSnapshot
from shared.clock import iso
from shared.db import Database, Row, Transaction
from shared.errors import Conflict, NotFound, ValidationFailed
from shared.i18n import Text
from shared.menus import inputs, rules
from shared.menus.model import (
    Assignment,
    Draft,
    Menu,
    MenuSummary,
    Release,
    ReleaseKind,
    TargetKind,
    Version,
    VersionSummary,
    canonical,
    content_hash,
    empty_document,
)

SYSTEM_WHERE = Where.system()

MENU_NOT_FOUND = Text("没有这个菜单。", "No such menu.")
VERSION_NOT_FOUND = Text("没有这个菜单版本。", "No such menu version.")
RELEASE_NOT_FOUND = Text("没有这项发布安排。", "No such release.")
STALE_DRAFT = Text(
    "其他人刚刚修改了这个菜单草稿，请查看最新内容后再保存。",
    "Someone else changed this menu draft just now. Look at their changes, then save again.",
)
ALREADY_LIVE = Text(
    "这次发布已经生效，不能取消；如需退回，请恢复较早的版本。",
    "This release is already live and cannot be cancelled; restore an earlier version instead.",
)
ALREADY_CANCELLED = Text("这项发布安排已经取消。", "This release was already cancelled.")
MENU_EXISTS = Text("菜单编号已被使用。", "A menu with this id exists already.")


@dataclass(frozen=True, slots=True)
class MenuState:
    """Everything resolution needs, as read at one revision."""

    revision: int
    default_menu: str | None
    assignments: list[Assignment]
    releases: list[Release]


# ---------------------------------------------------------------------------- rows


def _menu(row: Row) -> Menu:
    return Menu(
        id=str(row["id"]),
        name=Text(str(row["name_zh"]), str(row["name_en"])),
        is_default=bool(row["is_default"]),
        created_at=str(row["created_at"]),
        created_by=str(row["created_by"]),
    )


def _release(row: Row) -> Release:
    kind: ReleaseKind = "restore" if row["kind"] == "restore" else "publish"
    return Release(
        id=int(row["id"]),
        menu_id=str(row["menu_id"]),
        version=int(row["version"]),
        go_live_at=float(row["go_live_at"]),
        created_at=str(row["created_at"]),
        created_by=str(row["created_by"]),
        kind=kind,
        note=str(row["note"]),
        cancelled_at=row["cancelled_at"],
        cancelled_by=row["cancelled_by"],
    )


def _assignment(row: Row) -> Assignment:
    kind: TargetKind = "device" if row["target_kind"] == "device" else "group"
    return Assignment(kind, str(row["target"]), str(row["menu_id"]), str(row["assigned_at"]), str(row["assigned_by"]))


def _version(row: Row) -> Version:
    return Version(
        menu_id=str(row["menu_id"]),
        version=int(row["version"]),
        document=json.loads(row["document"]),
        content_hash=str(row["content_hash"]),
        published_at=str(row["published_at"]),
        published_by=str(row["published_by"]),
        note=str(row["note"]),
    )


_RELEASES = (
    "SELECT id, menu_id, version, go_live_at, created_at, created_by, kind, note, cancelled_at, cancelled_by"
    " FROM kiosk_menu_releases"
)
_ASSIGNMENTS = "SELECT target_kind, target, menu_id, assigned_at, assigned_by FROM kiosk_menu_assignments"
_VERSIONS = "SELECT menu_id, version, document, content_hash, published_at, published_by, note FROM kiosk_menu_versions"


# ---------------------------------------------------------------------------- reads


async def read_revision(db: Database | Transaction) -> int:
    row = await db.fetch_one("SELECT revision FROM kiosk_menu_state WHERE id = 1")
    return int(row["revision"]) if row is not None else 0


async def read_state(db: Database | Transaction) -> MenuState:
    """Revision first: if a change lands between the reads, the next check sees a newer revision."""
    revision = await read_revision(db)
    default = await db.fetch_one("SELECT id FROM kiosk_menus WHERE is_default = 1")
    return MenuState(
        revision=revision,
        default_menu=str(default["id"]) if default is not None else None,
        assignments=await assignments(db),
        releases=[_release(row) for row in await db.fetch_all(f"{_RELEASES} WHERE cancelled_at IS NULL ORDER BY id")],
    )


async def get_menu(db: Database | Transaction, menu_id: str) -> Menu | None:
    row = await db.fetch_one(
        "SELECT id, name_zh, name_en, is_default, created_at, created_by FROM kiosk_menus WHERE id = ?", (menu_id,)
    )
    return _menu(row) if row is not None else None


async def _require_menu(db: Database | Transaction, menu_id: str) -> Menu:
    menu = await get_menu(db, menu_id)
    if menu is None:
        raise NotFound(MENU_NOT_FOUND)
    return menu


async def releases(db: Database | Transaction, menu_id: str) -> list[Release]:
    """Every release of a menu, cancelled ones included, newest first."""
    rows = await db.fetch_all(f"{_RELEASES} WHERE menu_id = ? ORDER BY go_live_at DESC, id DESC", (menu_id,))
    return [_release(row) for row in rows]


async def live_release(db: Database | Transaction, menu_id: str, now: float) -> Release | None:
    """The release that makes a version of this menu live at `now` (see model.Release)."""
    row = await db.fetch_one(
        f"{_RELEASES} WHERE menu_id = ? AND cancelled_at IS NULL AND go_live_at <= ?"
        " ORDER BY go_live_at DESC, id DESC LIMIT 1",
        (menu_id, now),
    )
    return _release(row) if row is not None else None


async def get_release(db: Database | Transaction, release_id: int) -> Release | None:
    row = await db.fetch_one(f"{_RELEASES} WHERE id = ?", (release_id,))
    return _release(row) if row is not None else None


async def versions(db: Database | Transaction, menu_id: str) -> list[VersionSummary]:
    """The published versions of a menu, newest first."""
    rows = await db.fetch_all(f"{_VERSIONS} WHERE menu_id = ? ORDER BY version DESC", (menu_id,))
    found = []
    for row in rows:
        document = json.loads(row["document"])
        found.append(
            VersionSummary(
                menu_id=str(row["menu_id"]),
                version=int(row["version"]),
                content_hash=str(row["content_hash"]),
                published_at=str(row["published_at"]),
                published_by=str(row["published_by"]),
                note=str(row["note"]),
                tile_count=len(document.get("tiles", ())),
            )
        )
    return found


async def version(db: Database | Transaction, menu_id: str, v: int) -> Version:
    row = await db.fetch_one(f"{_VERSIONS} WHERE menu_id = ? AND version = ?", (menu_id, v))
    if row is None:
        raise NotFound(VERSION_NOT_FOUND)
    return _version(row)


async def _latest_version(db: Database | Transaction, menu_id: str) -> Version | None:
    row = await db.fetch_one(f"{_VERSIONS} WHERE menu_id = ? ORDER BY version DESC LIMIT 1", (menu_id,))
    return _version(row) if row is not None else None


async def _live_document(db: Database | Transaction, menu_id: str, now: float) -> dict[str, Any] | None:
    release = await live_release(db, menu_id, now)
    return (await version(db, menu_id, release.version)).document if release is not None else None


async def get_draft(db: Database | Transaction, menu_id: str) -> Draft:
    """The menu's working draft; a menu without one gets its newest version's tiles, revision 0."""
    row = await db.fetch_one(
        "SELECT document, revision, based_on, updated_at, updated_by FROM kiosk_menu_drafts WHERE menu_id = ?",
        (menu_id,),
    )
    if row is not None:
        based_on = row["based_on"]
        return Draft(
            document=json.loads(row["document"]),
            revision=int(row["revision"]),
            based_on=int(based_on) if based_on is not None else None,
            updated_at=str(row["updated_at"]),
            updated_by=str(row["updated_by"]),
        )
    await _require_menu(db, menu_id)
    latest = await _latest_version(db, menu_id)
    if latest is None:
        return Draft(empty_document(), 0, None, None)
    return Draft(latest.document, 0, latest.version, None)


async def assignments(db: Database | Transaction) -> list[Assignment]:
    return [_assignment(row) for row in await db.fetch_all(f"{_ASSIGNMENTS} ORDER BY target_kind, target")]


async def list_menus(db: Database | Transaction, *, now: float | None = None) -> list[MenuSummary]:
    """Every menu with its live version, pending releases and draft state, default first.

    Pass `now=services.clock.now()`: what is live depends on the time (without it, the
    newest release counts as live and nothing as pending).
    """
    at = now if now is not None else float("inf")
    rows = await db.fetch_all(
        "SELECT id, name_zh, name_en, is_default, created_at, created_by FROM kiosk_menus ORDER BY is_default DESC, id"
    )
    every_assignment = await assignments(db)
    summaries = []
    for row in rows:
        menu = _menu(row)
        menu_releases = await releases(db, menu.id)
        live = next((r for r in menu_releases if not r.cancelled and r.go_live_at <= at), None)
        pending = sorted((r for r in menu_releases if r.pending(at)), key=lambda r: (r.go_live_at, r.id))
        draft = await get_draft(db, menu.id)
        live_document = (await version(db, menu.id, live.version)).document if live is not None else None
        if live_document is None:
            changed = bool(draft.document.get("tiles"))
        else:
            changed = canonical(draft.document) != canonical(live_document)
        latest = await db.fetch_one("SELECT max(version) AS v FROM kiosk_menu_versions WHERE menu_id = ?", (menu.id,))
        summaries.append(
            MenuSummary(
                id=menu.id,
                name=menu.name,
                is_default=menu.is_default,
                live_version=live.version if live is not None else None,
                pending=pending,
                draft_revision=draft.revision,
                draft_changed=changed,
                assignments=[a for a in every_assignment if a.menu_id == menu.id],
                latest_version=int(latest["v"]) if latest is not None and latest["v"] is not None else None,
            )
        )
    return summaries


# ---------------------------------------------------------------------------- writes


async def _bump(tx: Transaction) -> None:
    await tx.execute("UPDATE kiosk_menu_state SET revision = revision + 1 WHERE id = 1")


async def _audit(
    tx: Transaction,
    actor: Actor,
    where: Where,
    action: str,
    menu_id: str,
    now: float,
    detail: dict[str, Any],
    changes: list[diffing.Change] | None = None,
) -> None:
    full = {**detail, **diffing.for_audit(changes)} if changes is not None else detail
    await audit.record(
        tx, AuditEvent(actor, where, f"kiosk_menu.{action}", "ok", target=f"kiosk_menu:{menu_id}", detail=full), now
    )


async def create_menu(
    tx: Transaction,
    menu_id: str,
    name: Text,
    actor: Actor,
    now: float,
    *,
    copy_from: str | None = None,
    where: Where = SYSTEM_WHERE,
) -> None:
    """A new menu with a draft (empty, or the draft of `copy_from`); the first menu ever is the default."""
    problems = inputs.name_problems(menu_id, name)
    if problems:
        raise ValidationFailed(problems=problems)
    if await get_menu(tx, menu_id) is not None:
        raise Conflict(MENU_EXISTS)
    document = (await get_draft(tx, copy_from)).document if copy_from is not None else empty_document()
    first = await tx.fetch_one("SELECT 1 FROM kiosk_menus LIMIT 1") is None
    await tx.execute(
        "INSERT INTO kiosk_menus (id, name_zh, name_en, is_default, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
        (menu_id, name.zh.strip(), (name.en or "").strip(), int(first), iso(now), actor.label),
    )
    await tx.execute(
        "INSERT INTO kiosk_menu_drafts (menu_id, document, revision, based_on, updated_at, updated_by)"
        " VALUES (?, ?, 1, NULL, ?, ?)",
        (menu_id, canonical(document), iso(now), actor.label),
    )
    detail: dict[str, Any] = {"name": name.zh, "default": first}
    if copy_from is not None:
        detail["copy_from"] = copy_from
    await _audit(tx, actor, where, "create", menu_id, now, detail, diffing.diff(empty_document(), document))
    if first:
        await _bump(tx)


async def set_default(tx: Transaction, menu_id: str, actor: Actor, now: float, *, where: Where = SYSTEM_WHERE) -> None:
    """Make `menu_id` the menu of every kiosk with no assignment of its own or of its group."""
    await _require_menu(tx, menu_id)
    row = await tx.fetch_one("SELECT id FROM kiosk_menus WHERE is_default = 1")
    before = str(row["id"]) if row is not None else None
    if before == menu_id:
        return
    await tx.execute("UPDATE kiosk_menus SET is_default = 0 WHERE is_default = 1")
    await tx.execute("UPDATE kiosk_menus SET is_default = 1 WHERE id = ?", (menu_id,))
    await _audit(tx, actor, where, "default", menu_id, now, {}, diffing.diff({"default": before}, {"default": menu_id}))
    await _bump(tx)


async def save_draft(
    tx: Transaction,
    menu_id: str,
    document: dict[str, Any],
    expected_revision: int,
    actor: Actor,
    now: float,
    *,
    where: Where = SYSTEM_WHERE,
) -> Draft:
    """Save the whole tile tree as the draft; its shape is checked, its content only at publishing.

    409 when `expected_revision` is not the draft's revision: someone saved in between,
    and overwriting their work without them seeing it would lose it.
    """
    current = await get_draft(tx, menu_id)  # NotFound for an unknown menu
    if expected_revision != current.revision:
        raise Conflict(STALE_DRAFT)
    rules.check_structure_or_raise(document)
    if current.revision and canonical(document) == canonical(current.document):
        return current  # nothing changed: no new revision, no audit entry
    revision = current.revision + 1
    await tx.execute(
        "INSERT INTO kiosk_menu_drafts (menu_id, document, revision, based_on, updated_at, updated_by)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (menu_id) DO UPDATE SET document = excluded.document,"
        " revision = excluded.revision, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        (menu_id, canonical(document), revision, current.based_on, iso(now), actor.label),
    )
    await _audit(
        tx, actor, where, "draft.save", menu_id, now, {"revision": revision}, diffing.diff(current.document, document)
    )
    return Draft(json.loads(canonical(document)), revision, current.based_on, iso(now), actor.label)


async def _insert_release(
    tx: Transaction, menu_id: str, v: int, go_live_at: float, kind: ReleaseKind, note: str, actor: Actor, now: float
) -> Release:
    await tx.execute(
        "INSERT INTO kiosk_menu_releases (menu_id, version, go_live_at, created_at, created_by, kind, note)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (menu_id, v, go_live_at, iso(now), actor.label, kind, note),
    )
    row = await tx.fetch_one(f"{_RELEASES} WHERE id = last_insert_rowid()")
    assert row is not None
    return _release(row)


async def publish(
    tx: Transaction,
    menu_id: str,
    snapshot: CatalogSnapshot,
    actor: Actor,
    now: float,
    *,
    note: str = "",
    go_live_at: float | None = None,
    expected_revision: int | None = None,
    where: Where = SYSTEM_WHERE,
) -> Release:
    """Publish the draft: live now, or at `go_live_at` (which must be in the future).

    The draft is checked in full against `snapshot` (every problem listed, 422). A draft
    equal to the newest version releases that version again instead of a copy of it.
    """
    await _require_menu(tx, menu_id)
    draft = await get_draft(tx, menu_id)
    if expected_revision is not None and expected_revision != draft.revision:
        raise Conflict(STALE_DRAFT)
    note = inputs.clean_note(note)
    inputs.check_go_live(go_live_at, now)
    rules.check_or_raise(draft.document, snapshot)
    before = await _live_document(tx, menu_id, now)
    latest = await _latest_version(tx, menu_id)
    digest = content_hash(draft.document)
    reused = latest is not None and latest.content_hash == digest
    if latest is not None and reused:
        number = latest.version
    else:
        number = (latest.version if latest is not None else 0) + 1
        await tx.execute(
            "INSERT INTO kiosk_menu_versions (menu_id, version, document, content_hash, published_at, published_by,"
            " note) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (menu_id, number, canonical(draft.document), digest, iso(now), actor.label, note),
        )
    await tx.execute("UPDATE kiosk_menu_drafts SET based_on = ? WHERE menu_id = ?", (number, menu_id))
    scheduled = go_live_at is not None
    release = await _insert_release(tx, menu_id, number, go_live_at or now, "publish", note, actor, now)
    detail: dict[str, Any] = {"version": number, "release": release.id, "reused_version": reused}
    if scheduled:
        detail["go_live_at"] = iso(release.go_live_at)
    if note:
        detail["note"] = note
    changes = diffing.diff(before if before is not None else empty_document(), draft.document)
    await _audit(tx, actor, where, "schedule" if scheduled else "publish", menu_id, now, detail, changes)
    await _bump(tx)
    return release


async def restore(
    tx: Transaction,
    menu_id: str,
    version: int,
    snapshot: CatalogSnapshot,
    actor: Actor,
    now: float,
    *,
    note: str = "",
    where: Where = SYSTEM_WHERE,
) -> Release:
    """Make an earlier version live again now (回退), after checking it against today's catalog.

    An item retired since that version was published is refused like at publishing. The
    draft follows the restored version when it held no unpublished work (it equalled
    what was live); otherwise that work stays in the draft.
    """
    await _require_menu(tx, menu_id)
    old = await _version_in(tx, menu_id, version)
    note = inputs.clean_note(note)
    rules.check_or_raise(old.document, snapshot)
    before = await _live_document(tx, menu_id, now)
    release = await _insert_release(tx, menu_id, old.version, now, "restore", note, actor, now)
    draft = await get_draft(tx, menu_id)
    if before is None or canonical(draft.document) == canonical(before):
        await tx.execute(
            "UPDATE kiosk_menu_drafts SET document = ?, revision = revision + 1, based_on = ?, updated_at = ?,"
            " updated_by = ? WHERE menu_id = ?",
            (canonical(old.document), old.version, iso(now), actor.label, menu_id),
        )
    detail: dict[str, Any] = {"version": old.version, "release": release.id}
    if note:
        detail["note"] = note
    await _audit(
        tx,
        actor,
        where,
        "restore",
        menu_id,
        now,
        detail,
        diffing.diff(before if before is not None else empty_document(), old.document),
    )
    await _bump(tx)
    return release


async def _version_in(tx: Transaction, menu_id: str, v: int) -> Version:
    return await version(tx, menu_id, v)


async def cancel_release(
    tx: Transaction, release_id: int, actor: Actor, now: float, *, where: Where = SYSTEM_WHERE
) -> Release:
    """Cancel a scheduled release before its time; one that has gone live is a 409."""
    release = await get_release(tx, release_id)
    if release is None:
        raise NotFound(RELEASE_NOT_FOUND)
    if release.cancelled:
        raise Conflict(ALREADY_CANCELLED)
    if release.go_live_at <= now:
        raise Conflict(ALREADY_LIVE)
    await tx.execute(
        "UPDATE kiosk_menu_releases SET cancelled_at = ?, cancelled_by = ? WHERE id = ?",
        (iso(now), actor.label, release_id),
    )
    detail = {"release": release.id, "version": release.version, "go_live_at": iso(release.go_live_at)}
    await _audit(tx, actor, where, "cancel", release.menu_id, now, detail)
    await _bump(tx)
    cancelled = await get_release(tx, release_id)
    assert cancelled is not None
    return cancelled


async def assign(
    tx: Transaction,
    target_kind: str,
    target: str,
    menu_id: str | None,
    actor: Actor,
    now: float,
    *,
    where: Where = SYSTEM_WHERE,
) -> None:
    """This kiosk (`device`) or every kiosk of a group (`group`) shows `menu_id`; None removes it."""
    inputs.check_assignment_target(target_kind, target)
    if menu_id is not None:
        await _require_menu(tx, menu_id)
    row = await tx.fetch_one(
        "SELECT menu_id FROM kiosk_menu_assignments WHERE target_kind = ? AND target = ?", (target_kind, target)
    )
    before = str(row["menu_id"]) if row is not None else None
    if before == menu_id:
        return
    if menu_id is None:
        await tx.execute(
            "DELETE FROM kiosk_menu_assignments WHERE target_kind = ? AND target = ?", (target_kind, target)
        )
    else:
        await tx.execute(
            "INSERT INTO kiosk_menu_assignments (target_kind, target, menu_id, assigned_at, assigned_by)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (target_kind, target) DO UPDATE SET menu_id = excluded.menu_id,"
            " assigned_at = excluded.assigned_at, assigned_by = excluded.assigned_by",
            (target_kind, target, menu_id, iso(now), actor.label),
        )
    key = f"{target_kind}:{target}"
    await _audit(
        tx,
        actor,
        where,
        "assign",
        menu_id or before or "",
        now,
        {"target_kind": target_kind, "target": target},
        diffing.diff({key: before}, {key: menu_id}),
    )
    await _bump(tx)
