"""What every kiosk page about an application shares: opening it for the signed-in citizen,
counting the visit as a trip, its title, and where "continue" leads.

Opening is object-level access control (ASVS 8.2.2): `access.for_citizen` answers another
citizen's application exactly like an unknown one, so the kiosk shows its 404 page.

Each kiosk session that opens or changes an application is one on-site contact (跑动次数):
`trips.record` with the kiosk session as the contact key counts it once, however many
pages the citizen visits in that session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kiosk.device import current_device
from kiosk.htmx import move_on
from kiosk.session import KioskCitizen, require_citizen_at_kiosk
from kiosk.templating import NO_STORE
from shared.applications import access, trips
from shared.applications.forms import FormView
from shared.applications.model import Application
from shared.applications.states import EDITABLE, STATE_TEXT, State
from shared.catalog.model import DELIVERY_TEXT
from shared.clock import CHINA_TIME, iso
from shared.errors import FieldProblem
from shared.i18n import Text
from shared.kiosk.devices import KioskDevice
from shared.services import Services

STEPS = ("form", "materials", "delivery", "review")


@dataclass(frozen=True, slots=True)
class Opened:
    """An application of the citizen signed in at this kiosk."""

    citizen: KioskCitizen
    device: KioskDevice
    app: Application


def contact_key(citizen: KioskCitizen) -> str:
    """One kiosk session: the device and the moment the session started (at most one open per device)."""
    return f"kiosk-session:{citizen.device_id}:{iso(citizen.started_at)}"


async def record_trip(services: Services, app: Application, citizen: KioskCitizen, device: KioskDevice) -> None:
    now = services.clock.now()
    async with services.db.transaction() as tx:
        # A bundle's items share its trips (trips.count looks at the whole family).
        await trips.record(tx, app.id, "kiosk", contact_key(citizen), device.name, now)


async def open_application(request: Request, *, count_trip: bool = True) -> Opened:
    """The application named by `{ref}` for the signed-in citizen; 404 for any other."""
    citizen = await require_citizen_at_kiosk(request)
    services: Services = request.state.services
    app = await access.for_citizen(services, citizen.id, str(request.path_params["ref"]))
    device = current_device(request)
    if count_trip:
        await record_trip(services, app, citizen, device)
    return Opened(citizen, device, app)


async def application_title(services: Services, app: Application) -> Text:
    """The item's or bundle's name at the version the application pinned."""
    if app.kind == "bundle" and app.bundle_code is not None and app.bundle_version is not None:
        bundle = await services.catalog.bundle_version(app.bundle_code, app.bundle_version)
        return bundle.name if bundle is not None else Text(app.bundle_code)
    if app.item_code is not None and app.item_version is not None:
        item = await services.catalog.item_version(app.item_code, app.item_version)
        return item.name if item is not None else Text(app.item_code)
    return Text("办件", "Application")


def editable(app: Application) -> bool:
    return app.state in EDITABLE


def local_time(value: str | None) -> str:
    """An ISO timestamp as the hall's clock shows it (China time, to the minute)."""
    if not value:
        return ""
    moment = dt.datetime.fromisoformat(value).astimezone(CHINA_TIME)
    return moment.strftime("%Y-%m-%d %H:%M")


def delivery_text(method: str | None) -> Text | None:
    if method is None:
        return None
    return DELIVERY_TEXT.get(method, Text(method))


def base_path(app: Application) -> str:
    return f"/applications/{app.ref}"


def step_of_field(view: FormView, code: str) -> int | None:
    """The form page (1-based) that asks `code`, as the answers so far show the form."""
    for index, (_, fields) in enumerate(view.groups, start=1):
        if any(field_view.field.code == code for field_view in fields):
            return index
    return None


def fix_url(app: Application, view: FormView, path: str) -> str:
    """Where the citizen fixes a problem or a correction item (`answers.x`, `materials.x`, `delivery.x`)."""
    kind, _, code = path.partition(".")
    if kind == "answers":
        step = step_of_field(view, code.partition(".")[0])
        return f"{base_path(app)}/form/{step or 1}#field-{code}"
    if kind == "materials":
        return f"{base_path(app)}/materials#material-{code}"
    if kind == "delivery":
        return f"{base_path(app)}/delivery"
    return f"{base_path(app)}/review"


def resume_url(app: Application, view: FormView) -> str:
    """Where "continue" leads: the first page with something left to do, else the review."""
    if not view.problems:
        return f"{base_path(app)}/review"
    return fix_url(app, view, view.problems[0].path)


def problem_by_path(problems: list[FieldProblem]) -> dict[str, FieldProblem]:
    found: dict[str, FieldProblem] = {}
    for problem in problems:
        found.setdefault(problem.path, problem)
    return found


def corrections_by_target(app: Application) -> dict[str, str]:
    """The clerk's correction reasons (补正) by target, while the application is returned."""
    if app.state != State.RETURNED:
        return {}
    found: dict[str, str] = {}
    for item in app.correction:
        found[item.target] = f"{found[item.target]}；{item.reason}" if item.target in found else item.reason
    return found


def go(request: Request, url: str) -> Response:
    """Move on: `HX-Location` for htmx (the next page fetched by htmx, so a dropped connection
    shows "try again" instead of a browser error page), 303 for a plain form."""
    return move_on(request, url, cache_control=NO_STORE)


@dataclass(frozen=True, slots=True)
class Head:
    """The top of every page about one application: its name, number or state, and the steps."""

    app: Application
    title: Text
    state_text: Text
    base: str
    step: str | None  # the current one of STEPS while filling in; None on other pages
    has_delivery: bool = True

    @property
    def steps(self) -> tuple[str, ...]:
        return STEPS if self.has_delivery else tuple(step for step in STEPS if step != "delivery")


async def head(services: Services, app: Application, step: str | None, view: FormView | None = None) -> Head:
    return Head(
        app=app,
        title=await application_title(services, app),
        state_text=STATE_TEXT[app.status],
        base=base_path(app),
        step=step,
        has_delivery=bool(view.delivery_options) if view is not None else True,
    )
