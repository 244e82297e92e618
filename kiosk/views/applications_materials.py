"""The materials of an application at the kiosk: what each stands on.

    GET  /applications/{ref}/materials      each material's status: covered by a wallet certificate
                                            (电子证照) or by a department's shared data (named), uploaded,
                                            or still needed, with "scan at this kiosk" and "upload from
                                            my phone" (the handoff)
    GET  /applications/{ref}/materials/{code}/scan   how to put the page on the scanner, "start
                                            scanning", and how the last scan went
    POST /applications/{ref}/materials/{code}/scan   scan one page through the device bridge and
                                            store it exactly as an upload (shared.materials.files.store)

While the phone is uploading (its handoff code was taken up in the last 15 minutes), the
list refreshes itself every 3 s.

Scanning answers with the scan page again (post/redirect/get): `?scanned=<file id>` after a
page was stored, `?problem=empty|jam|unavailable` when the scanner gave nothing; a fault is
recorded for staff (shared.kiosk.scanning) and the page says what to do and offers "scan
again". One page per tap: the button is disabled while the scan runs, and a second tap
that still arrives finds the glass empty and stores nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kiosk.guide import department_name
from kiosk.htmx import wants_fragment
from kiosk.templating import render
from kiosk.texts import UI
from kiosk.views.applications_common import base_path, corrections_by_target, editable, go, head, open_application
from shared.applications import forms, handoffs
from shared.applications.forms import FormView, MaterialView
from shared.audit import Where
from shared.i18n import Text
from shared.kiosk.scanning import SCAN_PROBLEMS, scan_at_kiosk
from shared.materials import files
from shared.materials.files import UnknownMaterial
from shared.services import Services

# How long after the phone took up the handoff code the materials screen keeps looking for uploads.
WATCH_SECONDS = 15 * 60
MATERIAL_LIST_ID = "material-list"


@dataclass(frozen=True, slots=True)
class MaterialRow:
    view: MaterialView
    certificate_name: Text | None
    issuer_name: Text | None
    shared_by: Text | None
    correction: str | None

    @property
    def code(self) -> str:
        return self.view.code

    @property
    def needs_files(self) -> bool:
        return self.view.status in {"missing", "optional", "uploaded"}


async def material_rows(services: Services, app_view: FormView, corrections: Mapping[str, str]) -> list[MaterialRow]:
    snapshot = await services.catalog.current()

    def department(code: str | None) -> Text | None:
        return department_name(snapshot, code) if code is not None else None

    rows = []
    for view in app_view.materials:
        certificate_name = None
        if view.certificate is not None:
            kind = snapshot.certificate_types.get(view.certificate.type_code)
            certificate_name = kind.name if kind is not None else Text(view.certificate.type_code)
        rows.append(
            MaterialRow(
                view=view,
                certificate_name=certificate_name,
                issuer_name=department(view.certificate.issuer) if view.certificate is not None else None,
                shared_by=department(view.shared_department),
                correction=corrections.get(f"materials.{view.code}"),
            )
        )
    return rows


async def materials(request: Request) -> Response:
    fragment = wants_fragment(request, MATERIAL_LIST_ID)
    # The list refreshing itself while the phone uploads is the same visit: no new trip.
    opened = await open_application(request, count_trip=not fragment)
    app = opened.app
    services: Services = request.state.services
    view = await forms.form_view(services, app)
    handoff = await handoffs.status(services, app.id, opened.device.id, services.clock.now())
    watching = (
        editable(app)
        and handoff.state == "claimed"
        and handoff.claimed_at is not None
        and _age(handoff.claimed_at, services.clock.now()) < WATCH_SECONDS
    )
    context = {
        "head": await head(services, app, "materials", view),
        "rows": await material_rows(services, view, corrections_by_target(app)),
        "editable": editable(app),
        "watching": watching,
        "list_id": MATERIAL_LIST_ID,
        "next_url": f"{base_path(app)}/delivery" if view.delivery_options else f"{base_path(app)}/review",
    }
    template = "applications/_material_list.html" if fragment else "applications/materials.html"
    return render(request, template, context)


def _age(iso_time: str, now: float) -> float:
    return now - dt.datetime.fromisoformat(iso_time).timestamp()


# --- scanning a material at the kiosk -------------------------------------------------------

SCAN_PROBLEM_TEXT = {"empty": "scan_empty", "jam": "scan_jam", "unavailable": "scan_unavailable"}


async def _scannable_row(
    services: Services, opened_app: FormView, app_corrections: Mapping[str, str], code: str
) -> MaterialRow:
    """The row of a material this application still takes files for; 404 for any other code."""
    row = next((r for r in await material_rows(services, opened_app, app_corrections) if r.code == code), None)
    if row is None or not row.needs_files:
        raise UnknownMaterial()
    return row


async def scan_page(request: Request) -> Response:
    opened = await open_application(request, count_trip=False)
    app = opened.app
    services: Services = request.state.services
    if not editable(app):
        return go(request, f"{base_path(app)}/materials")
    view = await forms.form_view(services, app)
    row = await _scannable_row(services, view, corrections_by_target(app), request.path_params["code"])
    problem = request.query_params.get("problem")
    scanned_id = request.query_params.get("scanned")
    scanned = next((f for f in row.view.files if f.id == scanned_id), None) if scanned_id else None
    context = {
        "head": await head(services, app, "materials", view),
        "row": row,
        "scan_url": f"{base_path(app)}/materials/{row.code}/scan",
        "materials_url": f"{base_path(app)}/materials",
        "problem": UI[SCAN_PROBLEM_TEXT[problem]] if problem in SCAN_PROBLEMS else None,
        "problem_code": problem if problem in SCAN_PROBLEMS else None,
        "scanned": scanned,
    }
    return render(request, "applications/material_scan.html", context)


async def scan(request: Request) -> Response:
    opened = await open_application(request, count_trip=False)
    app = opened.app
    services: Services = request.state.services
    scan_url = f"{base_path(app)}/materials/{request.path_params['code']}/scan"
    if not editable(app):
        return go(request, f"{base_path(app)}/materials")
    view = await forms.form_view(services, app)
    # Checked before scanning, so a page for a material that takes no files stays on the glass.
    row = await _scannable_row(services, view, corrections_by_target(app), request.path_params["code"])
    outcome = await scan_at_kiosk(services, opened.device.id)
    if outcome.image is None:
        return go(request, f"{scan_url}?problem={outcome.problem}")
    stored = await files.store(
        services,
        app,
        row.code,
        data=outcome.image.data,
        claimed_type=outcome.image.content_type,
        filename="scan.jpg",
        via="kiosk",
        now=services.clock.now(),
        where=Where.kiosk(opened.device.id),
    )
    return go(request, f"{scan_url}?scanned={stored.id}")
