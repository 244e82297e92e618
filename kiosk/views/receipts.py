"""After submitting at the kiosk: the hub of what is left to do, the receipt, collecting a result.

    GET  /applications/{ref}/submitted        the hub (kiosk/views/applications_submit.submitted_page):
                                              big step cards 缴费 (when a fee is due) → 打印回执 →
                                              评价 → 完成, and a visible countdown that ends the session
    POST /applications/{ref}/receipt/print    print the 80 mm receipt here; the card answers printed,
                                              or the fault's message with "print again" and "send to
                                              my phone instead"
    GET  /applications/{ref}/receipt/phone    the receipt's follow link as a QR code, for the phone
    POST /applications/{ref}/collect          print the result document (A4) and deliver it, once
    POST /kiosk/session/finish                完成: end the session now (reason "finished")

The session ends by itself after submitting or printing (issue 5, "Leaving"): the hub and
a collected result show a countdown (AUTO_END_SECONDS, static/js/receipts.js) that posts
the finish form at zero; any tap on the screen starts it again, so nobody is cut off while
busy. The server's idle limit stands behind it whatever the script does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import NoMatchFound

from kiosk.guide import department_name
from kiosk.htmx import wants_fragment
from kiosk.lang import request_lang
from kiosk.session import end_session
from kiosk.templating import render
from kiosk.views.applications_common import Opened, base_path, go, head, open_application
from shared import payments, ratings
from shared.applications.model import Application
from shared.applications.states import State
from shared.i18n import Text
from shared.receipts import building, collect, printing, repository as receipt_repository
from shared.receipts.repository import Paper
from shared.services import Services
from shared.web.qr import qr_svg

AUTO_END_SECONDS = 60
RECEIPT_CARD = "receipt-card"
COLLECT_CARD = "collect-card"


def public_base(request: Request) -> str:
    """Where a phone reaches this server: the configured public URL, else what the kiosk used."""
    services: Services = request.state.services
    return services.settings.public_url or str(request.base_url).rstrip("/")


def submitted(app: Application) -> bool:
    return app.number is not None and app.state not in (State.DRAFT, State.RETURNED)


# --- the hub ---------------------------------------------------------------------------------------

PrintState = Literal["ready", "printed", "fault", "phone"]


@dataclass(frozen=True, slots=True)
class PrintCard:
    state: PrintState = "ready"
    problem: Text | None = None
    qr: Markup | None = None  # the follow link, for "send to my phone instead"


@dataclass(frozen=True, slots=True)
class FeeCard:
    amount_fen: int
    paid: bool
    url: str


@dataclass(frozen=True, slots=True)
class RateCard:
    rated: bool
    url: str


def _rate_url(request: Request, app: Application) -> str | None:
    """The rating page (好差评, kiosk/views/ratings.py) when that route exists."""
    try:
        return str(request.app.url_path_for("app_rate", ref=app.ref))
    except NoMatchFound:
        return None


async def _fee_card(request: Request, app: Application) -> FeeCard | None:
    services: Services = request.state.services
    due = await payments.amount_due_fen(services, app)
    if due <= 0:
        return None
    order = await payments.for_application(services.db, app.id)
    return FeeCard(due, order is not None and order.paid, f"{base_path(app)}/pay")


async def _rate_card(request: Request, app: Application) -> RateCard | None:
    url = _rate_url(request, app)
    if url is None:
        return None
    rating = await ratings.for_application(request.state.services.db, app.id)
    return RateCard(rating is not None, url)


async def pay_and_rate_cards(request: Request, app: Application) -> dict[str, object]:
    """The fee (when one is due) and the rating cards, as the application stands now (also
    shown on the application page on a later visit)."""
    return {"fee": await _fee_card(request, app), "rate": await _rate_card(request, app)}


async def hub_cards(request: Request, app: Application, card: PrintCard | None = None) -> dict[str, object]:
    """The hub's step cards as the application stands now."""
    if card is None:
        # Coming back to the hub (after paying or rating): a receipt already printed says so.
        printed = await receipt_repository.printed_this_submission(
            request.state.services.db, app.id, printing.submission_of(app)
        )
        card = PrintCard(state="printed" if printed else "ready")
    return {**await pay_and_rate_cards(request, app), "print_card": card, "auto_end_seconds": AUTO_END_SECONDS}


@dataclass(frozen=True, slots=True)
class NumberedItem:
    number: str
    title: Text
    department: Text | None


async def render_hub(request: Request, opened: Opened, card: PrintCard | None = None) -> Response:
    """The after-submission hub: the number, what happens next, and the step cards."""
    services: Services = request.state.services
    app = opened.app
    snapshot = await services.catalog.current()

    def department(code: str | None) -> Text | None:
        return department_name(snapshot, code) if code is not None else None

    children = []
    for child in app.children:
        item = await services.catalog.item_version(child.item_code or "", child.item_version or 0)
        title = item.name if item is not None else Text(child.item_code or "")
        children.append(NumberedItem(child.number or "", title, department(child.department)))
    item = None
    if app.kind == "item" and app.item_code is not None and app.item_version is not None:
        item = await services.catalog.item_version(app.item_code, app.item_version)
    progress = await building.progress(services, app)
    context = {
        "head": await head(services, app, None),
        "head_base": base_path(app),
        "children": children,
        "department": department(app.department),
        "promised_days": item.promised_days if item is not None else None,
        "promised_date": progress.promised_date,
        "resubmitted": app.returns > 0,
        **(await hub_cards(request, app, card)),
    }
    return render(request, "applications/submitted.html", context)


# --- the receipt -----------------------------------------------------------------------------------


async def _submitted_application(request: Request) -> Opened:
    opened = await open_application(request, count_trip=False)
    return opened


def _card_response(request: Request, opened: Opened, card: PrintCard) -> Response:
    return render(
        request,
        "receipts/_print_card.html",
        {"head_base": base_path(opened.app), "print_card": card, "auto_end_seconds": AUTO_END_SECONDS},
    )


async def print_receipt(request: Request) -> Response:
    opened = await _submitted_application(request)
    app = opened.app
    if not submitted(app):
        return go(request, base_path(app))
    services: Services = request.state.services
    form = await request.form()
    # The 80 mm slip by default; a full A4 sheet when asked for (or when the roll is out).
    paper: Paper = "A4" if form.get("paper") == "A4" else "80mm"
    done = await printing.print_receipt(
        services, app, opened.device.id, public_base(request), paper=paper, lang=request_lang(request)
    )
    if done.outcome.ok:
        card = PrintCard("printed")
    else:
        card = PrintCard("fault", done.outcome.problem, qr_svg(done.follow_url))
    if wants_fragment(request, RECEIPT_CARD):
        return _card_response(request, opened, card)
    # Without script: the whole hub with the card as it now stands.
    return await render_hub(request, opened, card)


async def receipt_phone(request: Request) -> Response:
    opened = await _submitted_application(request)
    app = opened.app
    if not submitted(app):
        return go(request, base_path(app))
    services: Services = request.state.services
    url = await printing.follow_url(services, app, public_base(request))
    card = PrintCard("phone", None, qr_svg(url))
    if wants_fragment(request, RECEIPT_CARD):
        return _card_response(request, opened, card)
    return await render_hub(request, opened, card)


# --- collecting a result printed here ---------------------------------------------------------------


async def collect_result(request: Request) -> Response:
    """打印结果文书: print the result (A4) and deliver it, once (shared.receipts.collect)."""
    opened = await open_application(request)
    services: Services = request.state.services
    outcome = await collect.collect_result(services, opened.app, opened.device.id, lang=request_lang(request))
    if not wants_fragment(request, COLLECT_CARD):
        return go(request, base_path(opened.app))
    context = {
        "head_base": base_path(opened.app),
        "collect_state": "done" if outcome.ok else "fault",
        "problem": outcome.problem,
        "auto_end_seconds": AUTO_END_SECONDS,
    }
    return render(request, "receipts/_collect_card.html", context)


# --- leaving ---------------------------------------------------------------------------------------


async def finish(request: Request) -> Response:
    """完成 (and the countdown reaching zero): the session ends as finished, the screen is wiped."""
    return await end_session(request, "finished")
