"""The materials of an application at the kiosk: what each stands on.

    GET  /applications/{ref}/materials      each material's status: covered by a wallet certificate
                                            (电子证照) or by a department's shared data (named), uploaded,
                                            or still needed, with "upload from my phone" (the handoff)

While the phone is uploading (its handoff code was taken up in the last 15 minutes), the
list refreshes itself every 3 s. The kiosk's own document scanner is issue 5.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kiosk.htmx import wants_fragment
from kiosk.templating import render
from kiosk.views.applications_common import base_path, corrections_by_target, editable, head, open_application
from shared.applications import forms, handoffs
from shared.applications.forms import FormView, MaterialView
from shared.i18n import Text
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
        if code is None:
            return None
        found = snapshot.departments.get(code)
        return found.name if found is not None else Text(code)

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
