"""Submission with the materials store: the pre-submission check lists everything missing at
once, uploaded files count (a bundle's files count for its children), and a discarded draft
takes its files with it."""

from __future__ import annotations

import pytest

from shared import materials
from shared.applications import access, drafts, workflow
from shared.applications.model import Application, CorrectionItem
from shared.applications.states import State
from shared.errors import ValidationFailed
from shared.services import Services
from tests.materials_samples import png
from tests.shared.applications.conftest import (
    BABY,
    CLERK_YB,
    DESK,
    KIOSK,
    People,
    give_certificate,
    start,
)


async def upload(services: Services, app: Application, material: str) -> materials.StoredFile:
    return await materials.store(
        services,
        app,
        material,
        data=png(),
        claimed_type="image/png",
        filename="scan.png",
        via="kiosk",
        now=services.clock.now(),
    )


async def test_nothing_incomplete_can_be_submitted(services: Services, people: People) -> None:
    app = await start(services, people.zhang)
    with pytest.raises(ValidationFailed) as refused:
        await workflow.submit(services, app, channel="kiosk", where=KIOSK, now=services.clock.now())
    paths = {p.path for p in refused.value.problems}
    # Everything at once: the unanswered questions, the paper not covered, the delivery.
    assert {"answers.for_whom", "answers.applicant_phone", "materials.id_card"} <= paths
    assert any(path.startswith("delivery.") or path == "answers.delivery" for path in paths)
    assert "materials.hukou_booklet" not in paths  # shared data: never asked for
    unchanged = await access.for_citizen(services, people.zhang, app.id)
    assert unchanged.state == State.DRAFT and unchanged.number is None and unchanged.revision == app.revision
    assert await services.db.fetch_one("SELECT * FROM application_counters") is None


async def test_an_uploaded_material_counts(services: Services, people: People) -> None:
    await give_certificate(services, people.zhang, "birth_cert")
    app = await start(services, people.zhang, "YB-CB-003")
    app = await drafts.save_answers(
        services, app, {"baby_name": "张小宝", "applicant_phone": BABY["applicant_phone"]}, now=services.clock.now()
    )
    with pytest.raises(ValidationFailed) as refused:
        await workflow.submit(services, app, channel="kiosk", where=KIOSK, now=services.clock.now())
    assert [p.path for p in refused.value.problems] == ["materials.hukou_booklet"]
    await upload(services, app, "hukou_booklet")
    app = await workflow.submit(services, app, channel="kiosk", where=KIOSK, now=services.clock.now())
    assert app.state == State.SUBMITTED


async def test_a_bundles_files_count_for_its_children_on_resubmission(services: Services, people: People) -> None:
    await give_certificate(services, people.zhang, "resident_id_card")
    await give_certificate(services, people.zhang, "birth_cert")
    now = services.clock.now()
    parent = await drafts.start(services, people.zhang, bundle_code="newborn", channel="mobile", where=DESK, now=now)
    parent = await drafts.save_answers(services, parent, BABY, now=now)
    parent = await drafts.set_delivery(services, parent, "window", None, now=now)
    await upload(services, parent, "hukou_booklet")
    parent = await workflow.submit(services, parent, channel="mobile", where=DESK, now=now)
    insurance = parent.children[1]
    assert insurance.item_code == "YB-CB-003"
    assert [f.material_code for f in await materials.files_for(services.db, insurance)] == ["hukou_booklet"]
    item = CorrectionItem("answers.baby_name", "姓名有误")
    insurance = await workflow.return_for_correction(services, insurance, CLERK_YB, [item], where=DESK, now=now)
    insurance = await workflow.submit(services, insurance, channel="kiosk", where=KIOSK, now=now)
    assert insurance.state == State.SUBMITTED


async def test_a_discarded_draft_takes_its_files(services: Services, people: People) -> None:
    await give_certificate(services, people.zhang, "birth_cert")
    app = await start(services, people.zhang, "YB-CB-003")
    stored = await upload(services, app, "hukou_booklet")
    assert await materials.files_for(services.db, app) == [stored]
    await drafts.discard(services, app, now=services.clock.now(), where=KIOSK)
    assert await materials.files_for(services.db, app.id) == []
    files = list((services.settings.data_dir / "files").rglob("*"))
    assert not [f for f in files if f.is_file()]
