"""How the result reaches the citizen (领取方式), chosen at the kiosk.

GET  /applications/{ref}/delivery       the ways the item's result offers (for a bundle: those every item offers)
POST /applications/{ref}/delivery       save the choice; mail needs an address (every problem next to its field)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kiosk.templating import render
from kiosk.views.applications_common import Opened, base_path, editable, go, head, open_application, problem_by_path
from kiosk.views.applications_form import form_text
from shared.applications import drafts, forms
from shared.applications.drafts import NotEditable
from shared.applications.forms import FormView
from shared.catalog.model import DELIVERY_TEXT
from shared.errors import FieldProblem, ValidationFailed
from shared.i18n import Text
from shared.services import Services


@dataclass(frozen=True, slots=True)
class DeliveryChoice:
    code: str
    label: Text
    chosen: bool


async def _render_delivery(
    request: Request,
    opened: Opened,
    view: FormView,
    *,
    method: str | None,
    address: str | None,
    problems: Mapping[str, FieldProblem],
    status_code: int = 200,
) -> Response:
    services: Services = request.state.services
    choices = [
        DeliveryChoice(code, DELIVERY_TEXT.get(code, Text(code)), code == method) for code in view.delivery_options
    ]
    method_problem = problems.get("delivery.method")
    address_problem = problems.get("delivery.address")
    context = {
        "head": await head(services, opened.app, "delivery", view),
        "choices": choices,
        "address": address or "",
        "method_problem": method_problem.message if method_problem else None,
        "address_problem": address_problem.message if address_problem else None,
        "error_count": len(problems),
    }
    return render(request, "applications/delivery.html", context, status_code=status_code)


async def delivery(request: Request) -> Response:
    opened = await open_application(request)
    if not editable(opened.app):
        return go(request, base_path(opened.app))
    services: Services = request.state.services
    view = await forms.form_view(services, opened.app)
    return await _render_delivery(
        request, opened, view, method=view.delivery_method, address=view.delivery_address, problems={}
    )


async def save_delivery(request: Request) -> Response:
    opened = await open_application(request)
    app = opened.app
    services: Services = request.state.services
    if not editable(app):
        raise NotEditable(app.state)
    form = await request.form()
    view = await forms.form_view(services, app)
    if not view.delivery_options:
        return go(request, f"{base_path(app)}/review")
    method = form_text(form, "method") or None
    address = form_text(form, "address") or None
    if method is None:
        problem = FieldProblem("delivery.method", "required", forms.M["delivery_required"])
        return await _render_delivery(
            request, opened, view, method=None, address=address, problems={problem.path: problem}, status_code=422
        )
    try:
        await drafts.set_delivery(services, app, method, address, now=services.clock.now())
    except ValidationFailed as error:
        return await _render_delivery(
            request,
            opened,
            view,
            method=method,
            address=address,
            problems=problem_by_path(error.problems),
            status_code=422,
        )
    return go(request, f"{base_path(app)}/review")
