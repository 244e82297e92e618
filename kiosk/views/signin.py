"""Citizens sign in at the kiosk, see who is signed in, and leave.

    GET  /signin                    the two ways in: ID card or phone scan
    GET  /signin/card               "place your ID card" (in the demo: demo cards to tap)
    POST /signin/card/poll          asked every second by the page: 204 until a card is read
    POST /signin/card/demo          demo only: put a demo card on the simulated reader
    GET  /signin/scan               a one-time QR code (segno, inline SVG) and its poll token
    POST /signin/scan/poll          asked every second: 204 until the phone confirmed
    POST /signin/scan/demo          demo only: confirm the code as a demo citizen's phone would
    GET  /me                        我的: masked name and ID number, how signed in, sign out
    POST /kiosk/session/end         sign-out or idle end: wipes the screen (kiosk.session)
    POST /kiosk/session/keep-alive  "continue" on the idle countdown, and activity on a page

A sign-in answers htmx with `HX-Redirect` (the page moves on by itself) and a plain form
with a 303, both setting a new session cookie. `next` is where to go afterwards: a local
path only (no open redirect), never back into sign-in; "我的" by default.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.device import current_device
from kiosk.htmx import is_htmx, move_on
from kiosk.lang import safe_next
from kiosk.session import (
    current_citizen,
    end_session,
    require_citizen_at_kiosk,
    session_check,
    set_session_cookie,
)
from kiosk.templating import NO_STORE, render
from kiosk.texts import UI
from kiosk.views import applications
from shared import audit
from shared.audit import Actor, AuditEvent, Where
from shared.db import Transaction
from shared.errors import NotFound
from shared.i18n import Text
from shared.identity import citizens
from shared.identity.numbers import normalize_id_number, normalize_name
from shared.kiosk import scan_signin, sessions
from shared.kiosk.bridge import CardExpired, CardUnreadable, DeviceBridgeError, SimulatedDeviceBridge
from shared.kiosk.demo import DEMO_CARDS, find_card, present_card
from shared.kiosk.devices import KioskDevice
from shared.kiosk.sessions import EndReason, Method
from shared.services import Services
from shared.web.qr import qr_svg

DEFAULT_NEXT = "/me"
MAX_TOKEN_LENGTH = 100


# --- helpers ---------------------------------------------------------------------------


def _next(value: object) -> str:
    if not isinstance(value, str) or not value:
        return DEFAULT_NEXT
    target = safe_next(value)
    return DEFAULT_NEXT if target.startswith(("/signin", "/kiosk/")) else target


def _with_next(path: str, next_path: str) -> str:
    return path if next_path == DEFAULT_NEXT else f"{path}?{urlencode({'next': next_path})}"


def _links(next_path: str) -> dict[str, str]:
    return {
        "next": next_path,
        "signin_url": _with_next("/signin", next_path),
        "card_url": _with_next("/signin/card", next_path),
        "scan_url": _with_next("/signin/scan", next_path),
    }


def _form_text(form: FormData, name: str, limit: int = MAX_TOKEN_LENGTH) -> str:
    value = form.get(name)
    return value[:limit] if isinstance(value, str) else ""


def _no_content() -> Response:
    return Response(status_code=204, headers={"Cache-Control": NO_STORE})


def _go(request: Request, url: str) -> Response:
    """Move the page on: HX-Location for htmx (fetched by htmx, see kiosk.htmx.move_on), 303 for a plain form."""
    return move_on(request, url, cache_control=NO_STORE)


async def _start_session(
    tx: Transaction, services: Services, device: KioskDevice, citizen_id: str, method: Method, now: float
) -> str:
    token = await sessions.start(tx, device.id, citizen_id, method, now)
    citizen = await citizens.get(tx, citizen_id)
    label = f"{citizen.name_masked} (citizen)" if citizen is not None else "citizen"
    await audit.record(
        tx,
        AuditEvent(
            actor=Actor("citizen", citizen_id, label),
            where=Where.kiosk(device.id),
            action="kiosk.sign_in",
            result="ok",
            detail={"method": method},
        ),
        now,
    )
    return token


def _signed_in(request: Request, token: str, next_path: str) -> Response:
    services: Services = request.state.services
    response = _go(request, next_path)
    set_session_cookie(response, token, services.settings.https)
    return response


# --- sign-in choice ----------------------------------------------------------------------


async def signin(request: Request) -> Response:
    next_path = _next(request.query_params.get("next"))
    if await current_citizen(request) is not None:
        return RedirectResponse(next_path, status_code=303, headers={"Cache-Control": NO_STORE})
    return render(request, "signin.html", _links(next_path))


# --- ID card -------------------------------------------------------------------------------


def _demo_cards(services: Services) -> tuple[object, ...]:
    if services.settings.demo and isinstance(services.device_bridge, SimulatedDeviceBridge):
        return DEMO_CARDS
    return ()


def _card_context(services: Services, next_path: str, error: Text | None) -> dict[str, object]:
    return {**_links(next_path), "demo_cards": _demo_cards(services), "card_error": error}


async def card_page(request: Request) -> Response:
    services: Services = request.state.services
    next_path = _next(request.query_params.get("next"))
    return render(request, "signin_card.html", _card_context(services, next_path, None))


async def _card_failed(request: Request, device: KioskDevice, reason: str, message: Text, next_path: str) -> Response:
    services: Services = request.state.services
    event = AuditEvent(
        actor=Actor.anonymous("ID card"),
        where=Where.kiosk(device.id),
        action="kiosk.sign_in",
        result="failed",
        detail={"method": "id_card", "reason": reason},
    )
    await audit.record_alone(services.db, event, services.clock.now())
    context = _card_context(services, next_path, message)
    # A message, not an HTTP error: it replaces the waiting block (which stops the polling)
    # and offers the way forward.
    template = "_card_status.html" if is_htmx(request) else "signin_card.html"
    return render(request, template, context)


async def card_poll(request: Request) -> Response:
    services: Services = request.state.services
    device = current_device(request)
    form = await request.form()
    next_path = _next(form.get("next"))
    try:
        reading = await services.device_bridge.read_id_card(device.id)
    except CardUnreadable:
        return await _card_failed(request, device, "unreadable", UI["card_unreadable"], next_path)
    except CardExpired:
        return await _card_failed(request, device, "expired", UI["card_expired"], next_path)
    except DeviceBridgeError:
        return await _card_failed(request, device, "reader_unavailable", UI["reader_unavailable"], next_path)
    if reading is None:
        return _no_content() if is_htmx(request) else _go(request, _links(next_path)["card_url"])
    now = services.clock.now()
    id_number = normalize_id_number(reading.id_number, services.clock.today())
    name = normalize_name(reading.name)
    if id_number is None or name is None:
        # The chip answered with something that is not a valid card: treat as unreadable.
        return await _card_failed(request, device, "invalid_reading", UI["card_unreadable"], next_path)
    async with services.db.transaction() as tx:
        citizen_id = await citizens.sign_in_with_id_card(tx, services.vault, name, id_number, now)
        token = await _start_session(tx, services, device, citizen_id, "id_card", now)
    return _signed_in(request, token, next_path)


async def card_demo(request: Request) -> Response:
    services: Services = request.state.services
    bridge = services.device_bridge
    if not services.settings.demo or not isinstance(bridge, SimulatedDeviceBridge):
        raise NotFound
    form = await request.form()
    card = find_card(_form_text(form, "card"))
    if card is None:
        raise NotFound
    present_card(bridge, current_device(request).id, card)
    next_path = _next(form.get("next"))
    return _no_content() if is_htmx(request) else _go(request, _links(next_path)["card_url"])


# --- scan to sign in -------------------------------------------------------------------------


async def scan_page(request: Request) -> Response:
    services: Services = request.state.services
    device = current_device(request)
    next_path = _next(request.query_params.get("next"))
    async with services.db.transaction() as tx:
        challenge = await scan_signin.create(tx, device.id, services.clock.now())
    context = {
        **_links(next_path),
        "qr_svg": qr_svg(challenge.qr_content),
        "qr_content": challenge.qr_content,
        "poll_token": challenge.poll_token,
        "valid_minutes": scan_signin.SCAN_CODE_SECONDS // 60,
        "scan_expired": False,
        # Demo only: the page may confirm its own code, standing in for the phone app.
        "demo_nonce": challenge.nonce if services.settings.demo else None,
    }
    return render(request, "signin_scan.html", context)


async def scan_poll(request: Request) -> Response:
    services: Services = request.state.services
    device = current_device(request)
    form = await request.form()
    next_path = _next(form.get("next"))
    poll_token = _form_text(form, "poll")
    now = services.clock.now()
    async with services.db.transaction() as tx:
        result = await scan_signin.poll(tx, device.id, poll_token, now)
        token = None
        if result.state == "confirmed" and result.citizen_id is not None:
            token = await _start_session(tx, services, device, result.citizen_id, "scan", now)
    if token is not None:
        return _signed_in(request, token, next_path)
    if result.state == "pending":
        return _no_content()
    if is_htmx(request):
        return render(request, "_scan_status.html", {**_links(next_path), "scan_expired": True, "poll_token": ""})
    return _go(request, _links(next_path)["scan_url"])


async def scan_demo(request: Request) -> Response:
    """Demo only: confirm this page's code as the first demo citizen's phone would."""
    services: Services = request.state.services
    if not services.settings.demo:
        raise NotFound
    form = await request.form()
    nonce = scan_signin.nonce_from_scan(_form_text(form, "nonce")) or ""
    reading = DEMO_CARDS[0].reading
    assert reading is not None
    async with services.db.transaction() as tx:
        citizen_id = await citizens.sign_in_with_id_card(
            tx, services.vault, reading.name, reading.id_number, services.clock.now()
        )
    await scan_signin.confirm_scan(services, nonce, citizen_id)
    return _no_content() if is_htmx(request) else _go(request, _links(_next(form.get("next")))["scan_url"])


# --- signed in ------------------------------------------------------------------------------


async def me(request: Request) -> Response:
    citizen = await require_citizen_at_kiosk(request)
    waiting = await applications.waiting_for(request.state.services, citizen.id)
    return render(request, "me.html", {"citizen": citizen, "waiting": waiting})


async def end(request: Request) -> Response:
    """The sign-out button (reason sign_out) and the idle countdown reaching zero (idle)."""
    form = await request.form()
    reason: EndReason = "idle" if form.get("reason") == "idle" else "sign_out"
    return await end_session(request, reason)


async def keep_alive(request: Request) -> Response:
    """204 while the session lives (the device middleware has just touched it) or when
    there is none; 401 when the cookie's session has ended, so the page wipes itself."""
    check = session_check(request)
    if check is not None and not check.active:
        return Response(status_code=401, headers={"Cache-Control": NO_STORE})
    return _no_content()
