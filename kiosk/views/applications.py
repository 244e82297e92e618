"""A citizen's applications at the kiosk: start one, list them, follow one, correct one.

    POST /items/{code}/apply           start a draft for an item offered at kiosks → its first form screen
    POST /bundles/{code}/apply         the same for a bundle (一件事一次办)
    GET  /applications                 my applications: the ones waiting for me first (drafts, returned)
    GET  /applications/{ref}           one application: state in plain words, number, trips,
                                       what to correct, the timeline with who and when, results
    GET  /applications/{ref}/correction  a returned application (补正): every item to fix, each with its screen

Starting again what the citizen already has as a draft continues that draft: a double tap
on "apply", or a citizen coming back to the kiosk, never makes a second draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response

from kiosk.device import current_device
from kiosk.session import require_citizen_at_kiosk
from kiosk.templating import render
from kiosk.views import receipts
from kiosk.views.applications_common import (
    application_title,
    base_path,
    delivery_text,
    editable,
    fix_url,
    go,
    head,
    local_time,
    open_application,
    record_trip,
    resume_url,
)
from shared.applications import access, drafts, forms, results, timekeeping, timeline, trips
from shared.applications.model import Application
from shared.applications.states import STATE_TEXT, TERMINAL, State
from shared.audit import Where
from shared.errors import FieldProblem, ValidationFailed
from shared.i18n import Text
from shared.services import Services

# What "finished" means to the citizen: nothing more will happen.
FINISHED = TERMINAL | {State.DENIED}


# --- apply ---------------------------------------------------------------------------------------


async def _existing_draft(
    services: Services, citizen_id: str, *, item_code: str | None, bundle_code: str | None
) -> Application | None:
    for app in await access.list_for_citizen(services, citizen_id):
        if app.state != State.DRAFT:
            continue
        if item_code is not None and app.kind == "item" and app.item_code == item_code:
            return app
        if bundle_code is not None and app.kind == "bundle" and app.bundle_code == bundle_code:
            return app
    return None


async def _offered_here(services: Services, *, item_code: str | None, bundle_code: str | None) -> None:
    """The kiosk offers what the catalog says is offered at kiosks, nothing it is silent about
    (the guide shows the button on the same rule). Unknown codes are left to `drafts.start` (404)."""
    snapshot = await services.catalog.current()
    if item_code is not None:
        found = snapshot.item(item_code)
        items = [found] if found is not None else []
    else:
        bundle = snapshot.bundle(bundle_code or "")
        items = await services.catalog.pinned_items(bundle) if bundle is not None else []
    for item in items:
        if item.channels.kiosk is not True:
            message = drafts.M["not_on_kiosk"]
            text = Text(message.zh.format(name=item.name.zh), (message.en or "").format(name=item.name.get("en")))
            raise ValidationFailed(text, problems=[FieldProblem("item", "channel_not_offered", text)])


async def _apply(request: Request, *, item_code: str | None = None, bundle_code: str | None = None) -> Response:
    citizen = await require_citizen_at_kiosk(request)
    services: Services = request.state.services
    device = current_device(request)
    await _offered_here(services, item_code=item_code, bundle_code=bundle_code)
    app = await _existing_draft(services, citizen.id, item_code=item_code, bundle_code=bundle_code)
    if app is None:
        app = await drafts.start(
            services,
            citizen.id,
            item_code=item_code,
            bundle_code=bundle_code,
            channel="kiosk",
            where=Where.kiosk(device.id),
            now=services.clock.now(),
        )
        target = f"{base_path(app)}/form/1"
    else:
        target = resume_url(app, await forms.form_view(services, app))
    await record_trip(services, app, citizen, device)
    return go(request, target)


async def apply_item(request: Request) -> Response:
    return await _apply(request, item_code=str(request.path_params["code"]))


async def apply_bundle(request: Request) -> Response:
    return await _apply(request, bundle_code=str(request.path_params["code"]))


# --- my applications -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListRow:
    app: Application
    title: Text
    state_text: Text
    updated: str
    action: str  # "continue" | "correct" | "open"
    url: str


@dataclass(slots=True)
class ListSections:
    todo: list[ListRow] = field(default_factory=list)
    running: list[ListRow] = field(default_factory=list)
    done: list[ListRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.todo or self.running or self.done)


def _returned_child(app: Application) -> Application | None:
    return next((child for child in app.children if child.state == State.RETURNED), None)


async def list_sections(services: Services, citizen_id: str) -> ListSections:
    """The citizen's applications: waiting for them (drafts, returned), in progress, finished."""
    sections = ListSections()
    for app in await access.list_for_citizen(services, citizen_id):
        status = app.status
        title = await application_title(services, app)
        updated = local_time(app.updated_at)
        if app.state == State.DRAFT:
            sections.todo.append(ListRow(app, title, STATE_TEXT[status], updated, "continue", base_path(app)))
        elif status == State.RETURNED:
            returned = _returned_child(app) or app
            url = f"{base_path(returned)}/correction"
            sections.todo.append(ListRow(app, title, STATE_TEXT[status], updated, "correct", url))
        elif status in FINISHED:
            sections.done.append(ListRow(app, title, STATE_TEXT[status], updated, "open", base_path(app)))
        else:
            sections.running.append(ListRow(app, title, STATE_TEXT[status], updated, "open", base_path(app)))
    return sections


async def waiting_for(services: Services, citizen_id: str) -> list[ListRow]:
    """What the citizen has to carry on with (继续办理): shown on "我的" right after sign-in,
    so a draft started on the phone is one tap away at the kiosk."""
    return (await list_sections(services, citizen_id)).todo


async def my_applications(request: Request) -> Response:
    citizen = await require_citizen_at_kiosk(request)
    sections = await list_sections(request.state.services, citizen.id)
    return render(request, "applications/list.html", {"sections": sections})


# --- one application ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventRow:
    at: str
    text: Text
    actor: str


@dataclass(frozen=True, slots=True)
class ChildRow:
    app: Application
    title: Text
    state_text: Text


@dataclass(frozen=True, slots=True)
class ResultRow:
    title: Text
    number: str
    issued: str


async def detail(request: Request) -> Response:
    opened = await open_application(request)
    app = opened.app
    services: Services = request.state.services
    view = await forms.form_view(services, app) if editable(app) else None
    events = await timeline.events(services.db, app.id)
    snapshot = await services.catalog.current()
    children = [
        ChildRow(child, await application_title(services, child), STATE_TEXT[child.state]) for child in app.children
    ]
    documents = []
    for source in (app, *app.children):
        documents.extend(await results.for_application(services.db, source.id))
    context = {
        "head": await head(services, app, None),
        "explain": f"state_explain_{app.status.value}",
        "trips": await trips.count(services.db, app.id),
        "events": [
            EventRow(local_time(e.at), timeline.describe(e, snapshot.departments), e.actor_label) for e in events
        ],
        "children": children,
        "results": [ResultRow(d.title, d.number, local_time(d.issued_at)) for d in documents],
        "corrections": list(app.correction) if app.state == State.RETURNED else [],
        "continue_url": resume_url(app, view) if view is not None and app.state == State.DRAFT else None,
        "delivery": delivery_text(app.delivery_method),
        "started": local_time(app.created_at),
        "submitted": local_time(app.submitted_at),
        # 承诺时限: green / yellow / red with the promised date in plain words.
        "time": await timekeeping.time_status(services, app),
        # Coming back later (from 我的): what the hub offered is still here — pay, the
        # receipt, the rating — so nothing needs a second trip.
        "next_steps": await receipts.pay_and_rate_cards(request, app)
        if receipts.submitted(app) and app.parent_id is None
        else None,
    }
    return render(request, "applications/detail.html", context)


# --- correction (补正) -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CorrectionRow:
    reason: str
    kind: str  # "answers" | "materials" | "other"
    url: str | None


async def correction(request: Request) -> Response:
    opened = await open_application(request)
    app = opened.app
    if app.state != State.RETURNED:
        return go(request, base_path(app))
    services: Services = request.state.services
    view = await forms.form_view(services, app)
    rows = []
    for item in app.correction:
        kind = item.target.partition(".")[0]
        kind = kind if kind in {"answers", "materials"} else "other"
        rows.append(CorrectionRow(item.reason, kind, fix_url(app, view, item.target) if kind != "other" else None))
    context: dict[str, object] = {"head": await head(services, app, None, view), "rows": rows}
    return render(request, "applications/correction.html", context)
