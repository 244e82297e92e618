"""Checking and submitting an application at the kiosk, exactly once.

    GET  /applications/{ref}/review       everything at a glance and the pre-submission check;
                                          the submit button only when nothing is missing
    POST /applications/{ref}/submit       submit (or resubmit after 补正) with the page's one-time token
    GET  /applications/{ref}/submitted    the number, big, what happens next, and the hub of
                                          what is left: pay, print the receipt, rate, finish
                                          (kiosk/views/receipts.py)

A double tap, a resent form or a second tab make one submission: the review page's token
(shared.kiosk.submit_tokens) is spent in the submission's own transaction, and a spent
token leads to the "submitted" page of that same application. The button also disables
itself while the request runs (htmx `hx-disable`). A token from a page that showed an older
revision is not used: the review is shown again, so the citizen submits what they saw.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kiosk.templating import render
from kiosk.views.applications_common import (
    Opened,
    base_path,
    delivery_text,
    editable,
    fix_url,
    go,
    head,
    open_application,
)
from kiosk.views.applications_form import FieldRow, field_rows
from kiosk.views.applications_materials import material_rows
from kiosk.views.receipts import render_hub
from shared.applications import forms, workflow
from shared.applications.forms import FormView
from shared.applications.model import Application
from shared.applications.states import State
from shared.audit import Where
from shared.catalog.model import FieldGroup
from shared.db import Transaction
from shared.errors import FieldProblem, ValidationFailed
from shared.i18n import Text
from shared.kiosk import submit_tokens
from shared.services import Services


@dataclass(frozen=True, slots=True)
class ProblemRow:
    message: Text
    url: str


@dataclass(frozen=True, slots=True)
class AnswerGroup:
    number: int
    group: FieldGroup
    rows: list[FieldRow]


def problem_text(view: FormView, problem: FieldProblem) -> Text:
    """The problem with the question it is about ("联系电话：此项必填。"): a list of bare
    "required" lines would not say which answer is missing."""
    kind, _, code = problem.path.partition(".")
    form_field = view.definition.field(code) if kind == "answers" and view.definition is not None else None
    if form_field is None:
        return problem.message
    label, message = form_field.label, problem.message
    return Text(f"{label.zh}：{message.zh}", f"{label.get('en')}: {message.get('en')}")


def problem_rows(app: Application, view: FormView, problems: list[FieldProblem]) -> list[ProblemRow]:
    return [ProblemRow(problem_text(view, problem), fix_url(app, view, problem.path)) for problem in problems]


async def _render_review(request: Request, opened: Opened, *, stale: bool = False) -> Response:
    services: Services = request.state.services
    app = opened.app
    view = await forms.form_view(services, app)
    token = None
    if view.ready:
        async with services.db.transaction() as tx:
            token = await submit_tokens.issue(tx, app.id, opened.device.id, app.revision, services.clock.now())
    groups = [AnswerGroup(i, group, field_rows(fields)) for i, (group, fields) in enumerate(view.groups, start=1)]
    context = {
        "head": await head(services, app, "review", view),
        "groups": groups,
        "materials": await material_rows(services, view, {}),
        "delivery": delivery_text(view.delivery_method),
        "address": view.delivery_address if view.delivery_method == "mail" else None,
        "has_delivery": bool(view.delivery_options),
        "fees": view.fees,
        "problems": problem_rows(app, view, view.problems),
        "token": token,
        "resubmit": app.state == State.RETURNED,
        "stale": stale,
    }
    return render(request, "applications/review.html", context)


async def review(request: Request) -> Response:
    opened = await open_application(request)
    if not editable(opened.app):
        return go(request, base_path(opened.app))
    return await _render_review(request, opened, stale=request.query_params.get("changed") == "1")


async def submit(request: Request) -> Response:
    opened = await open_application(request)
    app = opened.app
    services: Services = request.state.services
    form = await request.form()
    raw = form.get("token")
    token = raw if isinstance(raw, str) else ""
    found = await submit_tokens.find(services.db, token, app.id, opened.device.id)
    if found is not None and found.used:
        # The other tap (or the first sending of this form) submitted it.
        return go(request, f"{base_path(app)}/submitted")
    if not editable(app):
        return go(request, base_path(app))
    if found is None or found.revision != app.revision:
        return go(request, f"{base_path(app)}/review?changed=1")

    async def spend(tx: Transaction, _: Application) -> None:
        await submit_tokens.use(tx, token, services.clock.now())

    try:
        submitted = await workflow.submit(
            services,
            app,
            channel="kiosk",
            where=Where.kiosk(opened.device.id),
            now=services.clock.now(),
            within=spend,
        )
    except ValidationFailed:
        # Something went missing since the page was shown (a file removed on the phone, a
        # certificate expired): the review shows the check again, with every item.
        return go(request, f"{base_path(app)}/review?changed=1")
    return go(request, f"/applications/{submitted.ref}/submitted")


async def submitted_page(request: Request) -> Response:
    """The after-submission hub (kiosk/views/receipts.py): pay, print the receipt, rate, finish."""
    opened = await open_application(request)
    if editable(opened.app) and opened.app.number is None:
        return go(request, f"{base_path(opened.app)}/review")
    return await render_hub(request, opened)
