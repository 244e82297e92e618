"""Scanning a material at the kiosk: the scanner's JPEG stored exactly as an upload; faults say what to do."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from shared import audit
from shared.kiosk import hall_alerts, hardware
from shared.kiosk.bridge import ScannerJam, ScannerUnavailable, SimulatedDeviceBridge
from shared.materials import files
from tests.kiosk.application_steps import (
    HTMX,
    apply,
    give_certificate,
    load,
    other_kiosk,
    ready_draft,
    sign_in,
    token_of,
)
from tests.kiosk.conftest import Kiosk
from tests.kiosk.helpers import moved_to, text


def sim(kiosk: Kiosk) -> SimulatedDeviceBridge:
    bridge = kiosk.services.device_bridge
    assert isinstance(bridge, SimulatedDeviceBridge)
    return bridge


@pytest.fixture
async def draft(kiosk: Kiosk) -> tuple[str, str]:
    """A GA-SFZ-002 draft of a citizen without a wallet: the ID card must be provided."""
    citizen_id = await sign_in(kiosk)
    return citizen_id, await apply(kiosk)


async def test_the_materials_page_offers_scanning_for_what_is_missing(kiosk: Kiosk, draft: tuple[str, str]) -> None:
    _, ref = draft
    page = await kiosk.client.get(f"/applications/{ref}/materials")
    assert f'href="/applications/{ref}/materials/id_card/scan"' in page.text
    assert "在本机扫描" in page.text
    # Covered by shared data: nothing to scan.
    assert "/materials/hukou_booklet/scan" not in page.text


async def test_scan_a_page_and_it_is_stored_as_an_upload(kiosk: Kiosk, draft: tuple[str, str]) -> None:
    citizen_id, ref = draft
    scan_url = f"/applications/{ref}/materials/id_card/scan"
    page = await kiosk.client.get(scan_url)
    assert page.status_code == 200 and "开始扫描" in page.text

    sim(kiosk).place_document(kiosk.device_id)
    answer = await kiosk.client.post(scan_url, headers=HTMX)
    assert answer.status_code == 204
    moved = moved_to(answer)
    assert moved is not None and moved.startswith(f"{scan_url}?scanned=f_")

    app = await load(kiosk, citizen_id, ref)
    [stored] = await files.files_for(kiosk.services.db, app)
    assert (stored.material_code, stored.media_type) == ("id_card", "image/jpeg")
    row = await kiosk.services.db.fetch_one("SELECT uploaded_via FROM application_files WHERE id = ?", (stored.id,))
    assert row is not None and row["uploaded_via"] == "kiosk"
    assert moved.endswith(stored.id)
    with Image.open(io.BytesIO(await files.read(kiosk.services, stored))) as image:
        assert image.format == "JPEG" and image.size == (1240, 1754)
    [event] = await audit.recent(kiosk.services.db, action="application.file.upload")
    assert event.where_kind == "kiosk" and event.where_value == kiosk.device_id

    done = await kiosk.client.get(moved)
    assert "已扫描并保存" in text(done.text) and stored.display_name in done.text
    assert "再扫一页" in done.text
    listing = await kiosk.client.get(f"/applications/{ref}/materials")
    assert "mat-uploaded" in listing.text
    # The scanner's state was recorded as fine.
    assert await hardware.state_of(kiosk.services.db, kiosk.device_id, "scanner") == "ok"


async def test_nothing_on_the_glass_says_so_and_stores_nothing(kiosk: Kiosk, draft: tuple[str, str]) -> None:
    citizen_id, ref = draft
    scan_url = f"/applications/{ref}/materials/id_card/scan"
    answer = await kiosk.client.post(scan_url, headers=HTMX)
    assert moved_to(answer) == f"{scan_url}?problem=empty"
    page = await kiosk.client.get(f"{scan_url}?problem=empty")
    assert "扫描台上没有发现材料" in text(page.text) and "重新扫描" in page.text
    assert await files.files_for(kiosk.services.db, await load(kiosk, citizen_id, ref)) == []
    # The citizen's own doing: no alert for staff.
    assert await hall_alerts.list_open(kiosk.services.db) == []


async def test_a_jam_alerts_staff_once_and_a_good_scan_clears_it(kiosk: Kiosk, draft: tuple[str, str]) -> None:
    citizen_id, ref = draft
    scan_url = f"/applications/{ref}/materials/id_card/scan"
    for _ in range(2):
        sim(kiosk).fail_next_scan(kiosk.device_id, ScannerJam())
        answer = await kiosk.client.post(scan_url, headers=HTMX)
        assert moved_to(answer) == f"{scan_url}?problem=jam"
    page = await kiosk.client.get(f"{scan_url}?problem=jam")
    assert "扫描仪卡纸了" in text(page.text) and "The scanner jammed" in text(page.text)
    [alert] = await hall_alerts.list_open(kiosk.services.db)
    assert (alert.kind, alert.device_id) == ("scanner_fault", kiosk.device_id)
    assert await hardware.state_of(kiosk.services.db, kiosk.device_id, "scanner") == "jam"

    sim(kiosk).place_document(kiosk.device_id)
    answer = await kiosk.client.post(scan_url, headers=HTMX)
    assert "?scanned=" in (moved_to(answer) or "")
    assert await hall_alerts.list_open(kiosk.services.db) == []
    assert await hardware.state_of(kiosk.services.db, kiosk.device_id, "scanner") == "ok"
    assert len(await files.files_for(kiosk.services.db, await load(kiosk, citizen_id, ref))) == 1


async def test_an_unavailable_scanner_points_to_the_phone(kiosk: Kiosk, draft: tuple[str, str]) -> None:
    _, ref = draft
    scan_url = f"/applications/{ref}/materials/id_card/scan"
    sim(kiosk).fail_next_scan(kiosk.device_id, ScannerUnavailable())
    answer = await kiosk.client.post(scan_url, headers=HTMX)
    assert moved_to(answer) == f"{scan_url}?problem=unavailable"
    page = await kiosk.client.get(f"{scan_url}?problem=unavailable")
    assert "扫描仪暂时无法使用" in text(page.text)
    assert await hardware.state_of(kiosk.services.db, kiosk.device_id, "scanner") == "unavailable"


async def test_a_made_up_problem_or_file_shows_nothing(kiosk: Kiosk, draft: tuple[str, str]) -> None:
    _, ref = draft
    page = await kiosk.client.get(f"/applications/{ref}/materials/id_card/scan?problem=<b>x&scanned=f_nope")
    assert page.status_code == 200
    assert "data-scan-problem" not in page.text and "data-scan-result" not in page.text and "<b>x" not in page.text


async def test_a_covered_or_unknown_material_cannot_be_scanned(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    await give_certificate(kiosk.services, citizen_id)
    ref = await apply(kiosk)
    sim(kiosk).place_document(kiosk.device_id)
    for code in ("id_card", "hukou_booklet", "guardian_id", "nothing"):
        page = await kiosk.client.get(f"/applications/{ref}/materials/{code}/scan")
        assert page.status_code == 404, code
        answer = await kiosk.client.post(f"/applications/{ref}/materials/{code}/scan", headers=HTMX)
        assert answer.status_code == 404, code
    # The page stayed on the glass: nothing was scanned for a material that takes no files.
    assert sim(kiosk).document_waiting(kiosk.device_id)


async def test_after_submission_scanning_goes_back_to_the_materials(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await ready_draft(kiosk, citizen_id)
    review = await kiosk.client.get(f"/applications/{ref}/review")
    submitted = await kiosk.client.post(f"/applications/{ref}/submit", data={"token": token_of(review.text)})
    assert submitted.status_code == 303
    app = await load(kiosk, citizen_id, ref)
    sim(kiosk).place_document(kiosk.device_id)
    answer = await kiosk.client.post(f"/applications/{app.ref}/materials/id_card/scan", headers=HTMX)
    assert moved_to(answer) == f"/applications/{app.ref}/materials"
    assert sim(kiosk).document_waiting(kiosk.device_id)


async def test_someone_elses_application_is_not_found(kiosk: Kiosk, draft: tuple[str, str]) -> None:
    _, ref = draft
    other = await other_kiosk(kiosk)
    try:
        answer = await other.post(f"/applications/{ref}/materials/id_card/scan", headers=HTMX)
        assert answer.status_code == 404
    finally:
        await other.aclose()
