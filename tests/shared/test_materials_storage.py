"""Storing material files over the real stack: encryption at rest, transactions, rules, access."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from shared import materials
from shared.applications import drafts, forms, workflow
from shared.applications.model import Application
from shared.applications.states import State
from shared.db import Transaction
from shared.errors import ValidationFailed
from shared.materials.model import MAX_FILES_PER_MATERIAL, StoredFile
from shared.services import Services
from tests import materials_samples as samples
from tests.conftest import Running
from tests.pii import ID_LI, ID_ZHANG, PHONE_ZHANG
from tests.shared.applications.conftest import (
    KIOSK,
    force,
    give_certificate,
    id_card_citizen,
    id_card_draft,
    start,
)


@pytest.fixture
def services(running: Running) -> Services:
    return running.services


@pytest.fixture
async def zhang(services: Services) -> str:
    return await id_card_citizen(services, "张三", ID_ZHANG)


@pytest.fixture
async def draft(services: Services, zhang: str) -> Application:
    """A GA-SFZ-002 draft: id_card must be uploaded (no wallet certificate), hukou is shared data."""
    return await start(services, zhang)


def disk_files(services: Services) -> list[Path]:
    root = services.settings.data_dir / "files"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def upload(
    services: Services, app: Application, code: str = "id_card", data: bytes | None = None, **kwargs: object
) -> StoredFile:
    return await materials.store(
        services,
        app,
        code,
        data=samples.jpeg(gps=True) if data is None else data,
        claimed_type=str(kwargs.pop("claimed_type", "image/jpeg")),
        filename=kwargs.pop("filename", "身份证.jpg"),  # type: ignore[arg-type]
        via="mobile",
        now=services.clock.now(),
        **kwargs,  # type: ignore[arg-type]
    )


# --- storing and reading -----------------------------------------------------------------------


async def test_store_list_and_read_a_photo(services: Services, draft: Application) -> None:
    stored = await upload(services, draft)
    assert stored.id.startswith("f_") and len(stored.id) == 24
    assert (stored.application_id, stored.material_code, stored.media_type) == (draft.id, "id_card", "image/jpeg")
    assert (stored.width, stored.height, stored.position, stored.uploaded_via) == (64, 48, 1, "mobile")
    assert stored.display_name == "id_card-1.jpg"  # never the client's name
    assert await materials.files_for(services.db, draft) == [stored]
    assert await materials.files_for(services.db, draft.id) == [stored]
    data = await materials.read(services, stored)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and len(image.getexif()) == 0
    assert stored.size == len(data)
    second = await upload(services, draft, data=samples.pdf(pages=2), claimed_type="application/pdf", filename="x.pdf")
    assert (second.display_name, second.pages, second.position) == ("id_card-2.pdf", 2, 2)


async def test_files_on_disk_are_encrypted_under_random_names(services: Services, draft: Application) -> None:
    pdf = samples.pdf()
    stored = await upload(services, draft, data=pdf, claimed_type="application/pdf", filename="户口.pdf")
    (path,) = disk_files(services)
    assert path.is_relative_to(services.settings.data_dir / "files")
    assert stored.id not in str(path) and "户口" not in str(path) and draft.id not in str(path)
    raw = path.read_bytes()
    assert b"%PDF" not in raw and b"/Type /Page" not in raw and pdf not in raw
    assert len(raw) == len(pdf) + 1 + 12 + 16  # version byte, nonce, tag
    assert os.stat(path).st_mode & 0o077 == 0  # readable by the server's user only
    assert await materials.read(services, stored) == pdf


async def test_tampered_or_swapped_file_is_refused(services: Services, draft: Application) -> None:
    first = await upload(services, draft)
    second = await upload(services, draft, data=samples.png(), claimed_type="image/png", filename="b.png")
    paths = {p.name: p for p in disk_files(services)}
    names = {}
    for stored in (first, second):
        row = await services.db.fetch_one("SELECT storage_name FROM application_files WHERE id = ?", (stored.id,))
        assert row is not None
        names[stored.id] = paths[row[0]]
    # Swapping the files on disk: the file id is the associated data, so neither opens.
    a, b = names[first.id].read_bytes(), names[second.id].read_bytes()
    names[first.id].write_bytes(b)
    with pytest.raises(materials.FileUnavailable) as caught:
        await materials.read(services, first)
    assert caught.value.status == 500
    # One flipped bit.
    names[first.id].write_bytes(a[:-1] + bytes([a[-1] ^ 1]))
    with pytest.raises(materials.FileUnavailable):
        await materials.read(services, first)
    names[first.id].unlink()
    with pytest.raises(materials.FileUnavailable):
        await materials.read(services, first)


async def test_refused_upload_writes_nothing(services: Services, draft: Application) -> None:
    with pytest.raises(materials.UploadRefused) as caught:
        await upload(services, draft, data=samples.EXE, filename="photo.jpg")
    assert caught.value.reason == "type_mismatch"
    with pytest.raises(materials.UploadRefused):
        await upload(services, draft, data=samples.png_bomb(), claimed_type="image/png", filename="bomb.png")
    assert disk_files(services) == []
    assert await materials.files_for(services.db, draft) == []


async def test_failed_transaction_leaves_no_file(services: Services, draft: Application) -> None:
    class Boom(Exception):
        pass

    seen: list[str] = []

    async def within(tx: Transaction, stored: StoredFile) -> None:
        seen.extend(p.name for p in disk_files(services))  # written and fsync'd before the commit
        raise Boom()

    with pytest.raises(Boom):
        await upload(services, draft, within=within)
    assert len(seen) == 1
    assert disk_files(services) == []
    assert await materials.files_for(services.db, draft) == []


async def test_within_runs_in_the_same_transaction(services: Services, draft: Application) -> None:
    async def within(tx: Transaction, stored: StoredFile) -> None:
        row = await tx.fetch_one("SELECT material_code FROM application_files WHERE id = ?", (stored.id,))
        assert row is not None and row[0] == "id_card"

    stored = await upload(services, draft, within=within)
    assert [f.id for f in await materials.files_for(services.db, draft)] == [stored.id]


# --- which materials, and when -------------------------------------------------------------------


async def test_only_materials_the_application_asks_for(services: Services, zhang: str, draft: Application) -> None:
    with pytest.raises(materials.UnknownMaterial) as unknown:
        await upload(services, draft, code="no_such_material")
    assert unknown.value.status == 404
    # hukou_booklet: shared data covers it.
    with pytest.raises(ValidationFailed) as covered:
        await upload(services, draft, code="hukou_booklet")
    assert [(p.path, p.code) for p in covered.value.problems] == [("material", "covered")]
    # guardian_id applies to a child's application only.
    with pytest.raises(ValidationFailed) as not_needed:
        await upload(services, draft, code="guardian_id")
    assert [(p.path, p.code) for p in not_needed.value.problems] == [("material", "not_needed")]
    child = await drafts.save_answers(services, draft, {"for_whom": "child"}, now=services.clock.now())
    assert (await upload(services, child, code="guardian_id")).material_code == "guardian_id"
    # Once the wallet holds the ID card certificate, the ID card is not asked for.
    await give_certificate(services, zhang, "resident_id_card")
    with pytest.raises(ValidationFailed) as by_wallet:
        await upload(services, child, code="id_card")
    assert by_wallet.value.problems[0].code == "covered"
    assert disk_files(services) != [] and len(disk_files(services)) == 1


async def test_too_many_files_for_one_material(services: Services, draft: Application) -> None:
    small = samples.png(4, 4)
    for _ in range(MAX_FILES_PER_MATERIAL):
        await upload(services, draft, data=small, claimed_type="image/png", filename=None)
    with pytest.raises(materials.UploadRefused) as caught:
        await upload(services, draft, data=small, claimed_type="image/png", filename=None)
    assert caught.value.reason == "too_many_files"
    assert len(disk_files(services)) == MAX_FILES_PER_MATERIAL


async def test_no_changes_after_submission_until_returned(services: Services, zhang: str) -> None:
    app = await id_card_draft(services, zhang)
    app = await workflow.submit(services, app, channel="kiosk", where=KIOSK, now=services.clock.now())
    assert app.state == State.SUBMITTED
    with pytest.raises(materials.MaterialsLocked) as caught:
        await upload(services, app, code="guardian_id")
    assert caught.value.status == 409
    returned = await force(services, app, state=State.RETURNED)
    child_answers = await drafts.save_answers(services, returned, {"for_whom": "child"}, now=services.clock.now())
    assert (await upload(services, child_answers, code="guardian_id")).application_id == app.id


async def test_state_is_checked_again_inside_the_transaction(services: Services, draft: Application) -> None:
    # The caller loaded the draft, then it was submitted elsewhere before the upload committed.
    await force(services, draft, state=State.SUBMITTED, number="20261121000018")
    with pytest.raises(materials.MaterialsLocked):
        await upload(services, draft)
    assert disk_files(services) == []


# --- deleting ----------------------------------------------------------------------------------


async def test_delete_removes_row_and_file_after_commit(services: Services, draft: Application) -> None:
    keep = await upload(services, draft)
    gone = await upload(services, draft, data=samples.png(), claimed_type="image/png", filename="b.png")
    assert len(disk_files(services)) == 2
    deleted = await materials.delete(services, draft, gone.id, now=services.clock.now())
    assert deleted == gone
    assert await materials.files_for(services.db, draft) == [keep]
    assert len(disk_files(services)) == 1
    with pytest.raises(materials.FileNotFound):
        await materials.delete(services, draft, gone.id, now=services.clock.now())
    # The next upload follows the highest position left: names are unique among the files.
    again = await upload(services, draft, data=samples.png(), claimed_type="image/png", filename="c.png")
    assert [f.display_name for f in await materials.files_for(services.db, draft)] == ["id_card-1.jpg", "id_card-2.png"]
    assert again.position == 2


async def test_failed_delete_keeps_row_and_file(services: Services, draft: Application) -> None:
    stored = await upload(services, draft)

    async def within(tx: Transaction, deleted: StoredFile) -> None:
        raise RuntimeError("the answer could not be stored")

    with pytest.raises(RuntimeError):
        await materials.delete(services, draft, stored.id, now=services.clock.now(), within=within)
    assert await materials.files_for(services.db, draft) == [stored]
    assert await materials.read(services, stored)


async def test_discarding_a_draft_deletes_its_files(services: Services, draft: Application) -> None:
    await upload(services, draft)
    await upload(services, draft, data=samples.pdf(), claimed_type="application/pdf", filename="a.pdf")
    assert len(disk_files(services)) == 2
    await drafts.discard(services, draft, now=services.clock.now())
    assert disk_files(services) == []
    row = await services.db.fetch_one("SELECT COUNT(*) FROM application_files WHERE application_id = ?", (draft.id,))
    assert row is not None and row[0] == 0


async def test_delete_all_waits_for_the_commit(services: Services, draft: Application) -> None:
    await upload(services, draft)
    with pytest.raises(RuntimeError):
        async with services.db.transaction() as tx:
            assert await materials.delete_all(tx, services, draft.id) == 1
            raise RuntimeError("rolled back")
    assert len(disk_files(services)) == 1
    assert len(await materials.files_for(services.db, draft)) == 1


async def test_sweep_removes_only_old_unreferenced_files(services: Services, draft: Application) -> None:
    kept = await upload(services, draft)
    store = materials.file_store(services)
    store.write("ab" * 16, "f_orphan", b"left over by a crash")
    assert len(disk_files(services)) == 2
    assert await materials.sweep_orphans(services) == 0  # too young: its row may be about to commit
    services.clock.advance(2 * 3600)  # type: ignore[attr-defined]
    assert await materials.sweep_orphans(services) == 1
    assert len(disk_files(services)) == 1
    assert await materials.read(services, kept)


# --- access and bundles -----------------------------------------------------------------------------


async def test_get_finds_only_the_applications_own_files(services: Services, zhang: str, draft: Application) -> None:
    mine = await upload(services, draft)
    li = await id_card_citizen(services, "李四", ID_LI)
    other = await start(services, li)
    theirs = await upload(services, other)
    assert await materials.get(services, draft, mine.id) == mine
    with pytest.raises(materials.FileNotFound):
        await materials.get(services, draft, theirs.id)
    with pytest.raises(materials.FileNotFound):
        await materials.delete(services, draft, theirs.id, now=services.clock.now())
    assert len(await materials.files_for(services.db, other)) == 1


@pytest.fixture
def bundle_answers() -> Iterator[dict[str, object]]:
    yield {"baby_name": "张小宝", "birth_date": "2026-01-02", "applicant_phone": PHONE_ZHANG}


async def test_bundle_children_see_the_parents_files_for_their_materials(
    services: Services, zhang: str, bundle_answers: dict[str, object]
) -> None:
    await give_certificate(services, zhang, "birth_cert")
    parent = await drafts.start(
        services, zhang, bundle_code="newborn", channel="mobile", where=KIOSK, now=services.clock.now()
    )
    parent = await drafts.save_answers(services, parent, bundle_answers, now=services.clock.now())
    parent = await drafts.set_delivery(services, parent, "electronic", None, now=services.clock.now())
    id_card = await upload(services, parent, code="id_card")
    hukou = await upload(
        services, parent, code="hukou_booklet", data=samples.pdf(), claimed_type="application/pdf", filename=None
    )
    parent = await workflow.submit(services, parent, channel="mobile", where=KIOSK, now=services.clock.now())
    birth, insurance = parent.children
    assert (birth.item_code, insurance.item_code) == ("WJ-CSYX-001", "YB-CB-003")
    # Every child holds the parent's files ...
    assert {f.id for f in await materials.files_for(services.db, birth)} == {id_card.id, hukou.id}
    # ... but shows and serves only those of its own item's materials.
    assert [f.id for f in await materials.visible_files(services, birth)] == [id_card.id]
    assert [f.id for f in await materials.visible_files(services, insurance)] == [hukou.id]
    assert await materials.get(services, insurance, hukou.id) == hukou
    with pytest.raises(materials.FileNotFound):
        await materials.get(services, insurance, id_card.id)
    view = await forms.form_view(services, insurance)
    shown = {m.code: (m.status, [f.id for f in m.files]) for m in view.materials}
    assert shown == {"birth_medical_certificate": ("certificate", []), "hukou_booklet": ("uploaded", [hukou.id])}
    # A child returned for correction gets new files on itself, and cannot delete the bundle's.
    returned = await force(services, insurance, state=State.RETURNED)
    with pytest.raises(materials.SharedFile):
        await materials.delete(services, returned, hukou.id, now=services.clock.now())
    extra = await upload(
        services, returned, code="hukou_booklet", data=samples.png(), claimed_type="image/png", filename=None
    )
    assert extra.application_id == insurance.id
    assert {f.id for f in await materials.visible_files(services, returned)} == {hukou.id, extra.id}
