"""/feedback — 投诉 / 咨询 / 建议 / 举报 at the kiosk, for a signed-in citizen.

    GET  /feedback                    four big kinds to choose, and the citizen's cases so far
    GET  /feedback/new?kind=&app=     what it is about (one of their applications, or none) and
                                      the words, typed on the kiosk's own text pad
    POST /feedback                    record it (a double tap makes one case: the form's
                                      one-time `submit_key`), then show it
    GET  /feedback/{id}               where it stands, the deadline, the answers; rate the answer
    POST /feedback/{id}/rating        satisfied or not, optional words; once

Only the citizen's own cases (anyone else's id is a 404, like an unknown one). Texts are
shown as every screen shows them: whole ID and phone numbers masked.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kiosk.device import current_device
from kiosk.session import KioskCitizen, require_citizen_at_kiosk
from kiosk.templating import render
from kiosk.texts_feedback import PHRASES
from kiosk.views.applications_common import application_title, go, local_time
from shared import complaints
from shared.applications import access
from shared.applications.model import Application
from shared.applications.states import State
from shared.complaints import deadlines
from shared.errors import ValidationFailed
from shared.i18n import Text
from shared.services import Services

CHANNEL: complaints.Channel = "kiosk"
KIND_ICON = {"complaint": "alert", "question": "search", "suggestion": "face-happy", "report": "shield"}


@dataclass(frozen=True, slots=True)
class KindChoice:
    code: str
    text: Text
    hint: Text
    icon: str
    days: int


@dataclass(frozen=True, slots=True)
class AppChoice:
    ref: str
    title: Text
    chosen: bool


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    at: str


KIND_CHOICES = tuple(
    KindChoice(
        kind, complaints.KIND_TEXT[kind], complaints.KIND_HINT[kind], KIND_ICON[kind], complaints.DEADLINE_DAYS[kind]
    )
    for kind in complaints.KINDS
)


def _services(request: Request) -> Services:
    services: Services = request.state.services
    return services


def _ref(value: object) -> str | None:
    return value if isinstance(value, str) and value and len(value) <= 64 and value.isascii() else None


async def _app_choices(services: Services, citizen: KioskCitizen, chosen: str | None) -> list[AppChoice]:
    """The citizen's submitted applications, newest first: what a case may be about."""
    apps: list[Application] = [
        app for app in await access.list_for_citizen(services, citizen.id, limit=20) if app.state != State.DRAFT
    ]
    return [AppChoice(app.ref, await application_title(services, app), app.ref == chosen) for app in apps]


async def feedback_home(request: Request) -> Response:
    citizen = await require_citizen_at_kiosk(request)
    services = _services(request)
    cases = await complaints.list_for_citizen(services.db, citizen.id, limit=20)
    app = _ref(request.query_params.get("app"))
    return render(
        request,
        "feedback/home.html",
        {
            "kinds": KIND_CHOICES,
            "cases": cases,
            "today": services.clock.today(),
            "app": app,
            "kind_texts": complaints.KIND_TEXT,
            "state_texts": complaints.STATE_TEXT,
        },
    )


async def _form(
    request: Request,
    citizen: KioskCitizen,
    kind: complaints.Kind,
    *,
    app: str | None,
    text: str = "",
    problem: Text | None = None,
    submit_key: str | None = None,
    status_code: int = 200,
) -> Response:
    services = _services(request)
    choice = next(choice for choice in KIND_CHOICES if choice.code == kind)
    return render(
        request,
        "feedback/new.html",
        {
            "kind": choice,
            "apps": await _app_choices(services, citizen, app),
            "app": app,
            "text": text,
            "problem": problem,
            "submit_key": submit_key or secrets.token_urlsafe(16),
            "text_max": complaints.kinds.TEXT_MAX,
            "phrases": PHRASES,
        },
        status_code=status_code,
    )


async def new_case(request: Request) -> Response:
    citizen = await require_citizen_at_kiosk(request)
    kind = request.query_params.get("kind")
    app = _ref(request.query_params.get("app"))
    if not complaints.is_kind(kind):
        return go(request, "/feedback" + (f"?app={app}" if app else ""))
    return await _form(request, citizen, kind, app=app)


async def save_case(request: Request) -> Response:
    citizen = await require_citizen_at_kiosk(request)
    services = _services(request)
    form = await request.form()
    raw_kind, raw_text = form.get("kind"), form.get("text")
    app_ref = _ref(form.get("app"))
    submit_key = form.get("submit_key")
    key = submit_key if isinstance(submit_key, str) and 8 <= len(submit_key) <= 64 else None
    try:
        kind, text = complaints.validate_case(raw_kind, raw_text)
    except ValidationFailed as error:
        if not complaints.is_kind(raw_kind):
            raise
        problem = next((p.message for p in error.problems if p.path == "text"), error.message)
        typed = raw_text[: complaints.kinds.TEXT_MAX] if isinstance(raw_text, str) else ""
        return await _form(
            request, citizen, raw_kind, app=app_ref, text=typed, problem=problem, submit_key=key, status_code=422
        )
    app = await access.for_citizen(services, citizen.id, app_ref) if app_ref else None
    days = await deadlines.calendar(services.db)
    device = current_device(request)
    async with services.db.transaction() as tx:
        case = await complaints.raise_case(
            tx,
            services.vault,
            citizen_id=citizen.id,
            kind=kind,
            text=text,
            channel=CHANNEL,
            now=services.clock.now(),
            days=days,
            application=app,
            device_id=device.id,
            submit_key=key,
        )
    return go(request, f"/feedback/{case.id}?new=1")


def _case_id(request: Request) -> str:
    value = str(request.path_params["case_id"])
    if len(value) > 64 or not value.isascii():
        raise complaints.ComplaintNotFound()
    return value


async def _detail(
    request: Request, case: complaints.Case, *, problem: Text | None = None, status_code: int = 200
) -> Response:
    services = _services(request)
    replies = [
        Reply(complaints.shown_body(services.vault, event) or "", local_time(event.created_at))
        for event in await complaints.events(services.db, case.id)
        if event.kind == "replied"
    ]
    return render(
        request,
        "feedback/detail.html",
        {
            "case": case,
            "kind": next(choice for choice in KIND_CHOICES if choice.code == case.kind),
            "state_text": complaints.STATE_TEXT[case.state],
            "text": complaints.shown_text(services.vault, case),
            "created": local_time(case.created_at),
            "replies": replies,
            "rating": await complaints.rating_of(services.db, case.id),
            "overdue": case.overdue(services.clock.today()),
            "just_sent": request.query_params.get("new") == "1",
            "problem": problem,
            "phrases": PHRASES,
        },
        status_code=status_code,
    )


async def case_page(request: Request) -> Response:
    citizen = await require_citizen_at_kiosk(request)
    case = await complaints.for_citizen(_services(request).db, citizen.id, _case_id(request))
    return await _detail(request, case)


async def rate_answer(request: Request) -> Response:
    """Satisfied or not, once; a second post of the same page (a double tap) goes on the same way."""
    citizen = await require_citizen_at_kiosk(request)
    services = _services(request)
    case = await complaints.for_citizen(services.db, citizen.id, _case_id(request))
    form = await request.form()
    choice = form.get("satisfied")
    satisfied = {"yes": True, "no": False}.get(choice) if isinstance(choice, str) else None
    try:
        satisfied, comment = complaints.validate_rating(satisfied, form.get("comment") or None)
        async with services.db.transaction() as tx:
            await complaints.rate(tx, services.vault, case.id, citizen.id, satisfied, comment, services.clock.now())
    except complaints.AlreadyRated:
        pass  # a double tap, or rated on the phone a moment ago: the page shows what stands
    except ValidationFailed as error:
        return await _detail(
            request, case, problem=error.problems[0].message if error.problems else error.message, status_code=422
        )
    return go(request, f"/feedback/{case.id}")
