"""Storing, listing, reading and deleting the material files of an application.

Rules (ASVS 5.x, and "run at most once" for the citizen):

- Files are added or removed only while the citizen can still change the application:
  a draft, or an application returned for correction (补正). 409 otherwise.
- Only a material the application asks for in the citizen's situation can receive files,
  and not one that a wallet certificate or shared data already covers (nothing asked twice).
- A bundle's files belong to the bundle parent; each child application sees its parent's
  files for its own material codes (`files_for`). A child returned for correction gets
  the corrected files on itself.
- Storage order: the cleaned file is encrypted and fsync'd to disk first, then its row
  commits (with the caller's `within`, e.g. the phone API's idempotent answer); if the
  transaction fails the file is removed again. Deleted rows' files are removed only after
  their transaction commits (`Transaction.after_commit`).
- Reads are authorised by the caller (the owner through `access.for_citizen`, staff
  through `access.for_staff`): `get` only finds a file among the application's own.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable, Collection

import anyio

from shared import audit
from shared.applications import certificates, forms, journal, repository as applications_repo
from shared.applications.model import Application
from shared.applications.states import State
from shared.audit import AuditEvent, Where
from shared.catalog import rules
from shared.db import Database, Query, Transaction, fetch
from shared.errors import AppError, Conflict, FieldProblem, NotFound, ValidationFailed
from shared.i18n import Text
from shared.materials import repository
from shared.materials.inspection import CleanFile, inspect
from shared.materials.model import MAX_FILES_PER_MATERIAL, StoredFile
from shared.materials.refusals import refuse
from shared.materials.storage import FileDamaged, FileStore
from shared.services import Services

log = logging.getLogger("onevisit.materials")

Within = Callable[[Transaction, StoredFile], Awaitable[None]] | None
EDITABLE = frozenset({State.DRAFT, State.RETURNED})
VIAS = frozenset({"kiosk", "mobile", "window"})
# A file on disk without a row, older than this, is left over from a crash: removed.
ORPHAN_AGE_SECONDS = 3600


class MaterialsLocked(Conflict):
    code = "materials_locked"
    default_message = Text(
        "申请已提交，现在不能更改材料；如需补正，工作人员会退回给您。",
        "The application has been submitted and its materials cannot be changed now;"
        " staff will return it to you if something needs correcting.",
    )


class UnknownMaterial(NotFound):
    code = "material_not_found"
    default_message = Text("此申请没有这项材料。", "This application has no such material.")


class FileNotFound(NotFound):
    code = "file_not_found"
    default_message = Text("找不到这个文件。", "We could not find this file.")


class SharedFile(Conflict):
    code = "shared_file"
    default_message = Text(
        "这份材料属于整个“一件事”申请，不能在其中一项里删除。",
        "This file belongs to the whole combined application and cannot be deleted from one of its items.",
    )


class FileUnavailable(AppError):
    """500: a stored file is missing or damaged (logged; the client learns nothing more)."""

    code = "file_unavailable"
    default_message = Text("文件暂时无法读取，请联系工作人员。", "The file cannot be read right now; please ask staff.")


NOT_NEEDED = Text(
    "按您填写的情况，此事项不需要这项材料。",
    "In the situation you described, this item does not need this material.",
)
COVERED = Text(
    "这项材料已由您的电子证照或部门间共享的数据提供，无需上传。",
    "This material is already provided by your electronic certificate or by data shared between departments;"
    " no upload is needed.",
)


def file_store(services: Services) -> FileStore:
    return FileStore(services.settings.data_dir / "files", services.secret_key)


def new_file_id() -> str:
    """An opaque id safe in URLs: "f_" + 22 url-safe characters (128 random bits)."""
    return "f_" + secrets.token_urlsafe(16)


# --- reading -----------------------------------------------------------------------------


async def files_for(
    db: Database | Transaction, app: Application | str, *, material_codes: Collection[str] | None = None
) -> list[StoredFile]:
    """The files an application holds: its own and, for a bundle's child, its parent's
    (only those of `material_codes` when given)."""
    if isinstance(app, str):
        found = await repository.for_application_and_parent(db, app)
    else:
        found = await fetch(db, files_query(app))
    if material_codes is None:
        return found
    return [f for f in found if f.material_code in material_codes]


def files_query(app: Application) -> Query[list[StoredFile]]:
    """`files_for(db, app)` as a query, to read together with others (`Database.read`)."""
    return repository.for_applications_query([app.id, app.parent_id or ""])


async def visible_files(services: Services, app: Application) -> list[StoredFile]:
    """The files of `app` that concern it: a bundle's child sees only its parent's files for
    the child item's own materials (one department does not see what another item needed)."""
    if app.parent_id is None:
        return await files_for(services.db, app)
    definition = await forms.definition(services, app)
    return await files_for(services.db, app, material_codes={e.material.code for e in definition.materials})


async def get(services: Services, app: Application, file_id: str) -> StoredFile:
    """One file `app` may show (`visible_files`); 404 for any other id."""
    found = next((f for f in await visible_files(services, app) if f.id == file_id), None)
    if found is None:
        raise FileNotFound()
    return found


async def read(services: Services, file: StoredFile) -> bytes:
    """The stored (cleaned) bytes of a file the caller is allowed to see."""
    name = await repository.storage_name(services.db, file.id)
    if name is None:
        raise FileNotFound()
    store = file_store(services)
    try:
        return await anyio.to_thread.run_sync(store.read, name, file.id)
    except FileDamaged:
        log.error("material file %s could not be read", file.id)
        raise FileUnavailable() from None


# --- storing -------------------------------------------------------------------------------


async def store(
    services: Services,
    app: Application,
    material_code: str,
    *,
    data: bytes,
    claimed_type: str | None,
    filename: str | None,
    via: str,
    now: float,
    within: Within = None,
    where: Where | None = None,
) -> StoredFile:
    """Check, clean and store one uploaded file for one material of `app`.

    Raises MaterialsLocked (409), UnknownMaterial (404), ValidationFailed (422: the material
    is not needed or is covered, too many files) or UploadRefused (422, path `file`).
    """
    if via not in VIAS:
        raise ValueError(f"unknown channel {via!r}")
    _editable(app)
    await _check_material(services, app, material_code)
    clean: CleanFile = await anyio.to_thread.run_sync(inspect, data, claimed_type, filename)

    disk = file_store(services)
    file_id, storage_name = new_file_id(), FileStore.new_name()
    await anyio.to_thread.run_sync(disk.write, storage_name, file_id, clean.data)
    try:
        async with services.db.transaction() as tx:
            current = await applications_repo.load(tx, services.vault, app.id)
            if current is None:
                raise NotFound()
            _editable(current)
            owners = [current.id, current.parent_id or ""]
            if await repository.count_for_material(tx, owners, material_code) >= MAX_FILES_PER_MATERIAL:
                raise refuse("too_many_files", n=MAX_FILES_PER_MATERIAL)
            stored = await repository.insert(
                tx,
                file_id=file_id,
                application_id=current.id,
                material_code=material_code,
                position=await repository.next_position(tx, current.id, material_code),
                media_type=clean.media_type,
                size=len(clean.data),
                sha256=clean.sha256,
                pages=clean.pages,
                width=clean.width,
                height=clean.height,
                storage_name=storage_name,
                via=via,
                now=now,
            )
            await _audit(tx, current, "application.file.upload", stored, where, now)
            if within is not None:
                await within(tx, stored)
    except BaseException:
        # The row did not commit: the file must not outlive it. Synchronous on purpose, so
        # a cancelled request still removes it.
        disk.remove(storage_name)
        raise
    return stored


def _editable(app: Application) -> None:
    if app.state not in EDITABLE:
        raise MaterialsLocked()


async def _check_material(services: Services, app: Application, material_code: str) -> None:
    definition = await forms.definition(services, app)
    entry = definition.material(material_code)
    if entry is None:
        raise UnknownMaterial()
    if not rules.evaluate(entry.material.when, app.answers):
        raise ValidationFailed(NOT_NEEDED, problems=[FieldProblem("material", "not_needed", NOT_NEEDED)])
    wallet = await certificates.wallet(services, app.citizen_id)
    if forms.is_covered(entry.material, wallet):
        raise ValidationFailed(COVERED, problems=[FieldProblem("material", "covered", COVERED)])


# --- deleting ---------------------------------------------------------------------------------


async def delete(
    services: Services,
    app: Application,
    file_id: str,
    *,
    now: float,
    within: Within = None,
    where: Where | None = None,
) -> StoredFile:
    """Delete one of the application's own files (draft or returned); the file goes after commit."""
    _editable(app)
    disk = file_store(services)
    async with services.db.transaction() as tx:
        current = await applications_repo.load(tx, services.vault, app.id)
        if current is None:
            raise NotFound()
        _editable(current)
        removed = await repository.delete_one(tx, current.id, file_id)
        if removed is None:
            if current.parent_id and any(f.id == file_id for f in await files_for(tx, current)):
                raise SharedFile()
            raise FileNotFound()
        stored, storage_name = removed
        await _audit(tx, current, "application.file.delete", stored, where, now)
        if within is not None:
            await within(tx, stored)
        tx.after_commit(lambda: disk.remove(storage_name))
    return stored


async def delete_all(tx: Transaction, services: Services, application_id: str) -> int:
    """Delete every file of one application inside the caller's transaction (a discarded
    draft); the files on disk go once that transaction commits. Returns how many."""
    names = await repository.delete_all(tx, application_id)
    if names:
        disk = file_store(services)

        def remove() -> None:
            for name in names:
                disk.remove(name)

        tx.after_commit(remove)
    return len(names)


async def sweep_orphans(services: Services, *, older_than: float = ORPHAN_AGE_SECONDS) -> int:
    """Remove files on disk that no row points to (left by a crash between file and row).

    Only files older than `older_than` seconds: a younger one may belong to an upload whose
    row is about to commit.
    """
    disk = file_store(services)
    cutoff = services.clock.now() - older_than
    candidates = [name for name, mtime in await anyio.to_thread.run_sync(lambda: list(disk.names())) if mtime < cutoff]
    if not candidates:
        return 0
    stems = [name.removesuffix(".part") for name in candidates]
    kept = await repository.referenced(services.db, stems)
    removed = 0
    for name, stem in zip(candidates, stems, strict=True):
        if stem in kept and not name.endswith(".part"):
            continue
        disk.remove_any(name)
        removed += 1
    return removed


async def _audit(
    tx: Transaction, app: Application, action: str, stored: StoredFile, where: Where | None, now: float
) -> None:
    actor = journal.audit_actor(await journal.citizen_actor(tx, app.citizen_id))
    await audit.record(
        tx,
        AuditEvent(
            actor=actor,
            where=where or Where.system(),
            action=action,
            result="ok",
            target=stored.id,
            detail={
                "application": app.id,
                "material": stored.material_code,
                "media_type": stored.media_type,
                "size": stored.size,
            },
        ),
        now,
    )
