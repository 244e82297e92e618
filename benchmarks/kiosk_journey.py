"""One citizen's whole journey at a kiosk, as the kiosk's browser makes it: the requests htmx
sends (with its headers), the forms the pages carry (read from the HTML, hidden fields and
all), the redirects it follows. The journey benchmark runs many of these at once.

The journey (demo mode, demo catalog, a citizen whose phone app scans the kiosk's code):
home → search "sfz" as typed on the on-screen keyboard → the ID card renewal guide → sign in
by scanning → apply → each form screen → materials → delivery → review → submit →
the after-submission screen, and from there whatever it offers (pay, print the receipt,
rate) → finish, which ends the session.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import httpx2

ITEM = "GA-SFZ-002"
# Typed one key at a time on the search keyboard: htmx asks for results after each.
SEARCH_KEYS = ("s", "sf", "sfz")
# Answers by field name; anything else keeps its prefilled value or takes its first choice.
ANSWERS = {"for_whom": "self", "renewal_reason": "expiry", "applicant_phone": "13912345678"}
# What htmx 4 adds to its requests (as a real kiosk's Chromium sends them): a boosted link
# or form (every navigation on the kiosk: the whole body is swapped), a page it fetches after
# an `HX-Location` answer, and a partial request (search as you type, polls, printing).
BOOSTED = {"HX-Request": "true", "HX-Request-Type": "full", "HX-Target": "body", "HX-Boosted": "true"}
LOCATED = {"HX-Request": "true", "HX-Request-Type": "full", "HX-Target": "body"}
PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial"}
HEADERS = {"page": {}, "boosted": BOOSTED, "located": LOCATED, "partial": PARTIAL}
ID_PATTERN = re.compile(r"/applications/(a_[A-Za-z0-9_-]+|\d{14}(?:-\d+)?)")


@dataclass
class Form:
    action: str
    method: str
    classes: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    radios: dict[str, list[str]] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._open: Form | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._open = Form(a.get("action", ""), a.get("method", "get").lower(), a.get("class", ""))
            self.forms.append(self._open)
            return
        form = self._open
        if form is None or "name" not in a:
            return
        kind = a.get("type", "text")
        if tag == "input" and kind == "radio":
            form.radios.setdefault(a["name"], []).append(a.get("value", ""))
        elif tag == "input" and kind == "checkbox":
            if "checked" in a:
                form.fields.append((a["name"], a.get("value", "on")))
        elif tag == "input" and kind in ("submit", "button"):
            form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "input" and kind != "file":
            form.fields.append((a["name"], a.get("value", "")))
        elif tag == "button" and kind == "submit":
            form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            form.fields.append((a["name"], ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None and self._textarea is not None:
            self._open.fields[-1] = (self._textarea, data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._open = None


def forms_of(html: str) -> list[Form]:
    reader = _FormReader()
    reader.feed(html)
    return reader.forms


def fill(form: Form, answers: dict[str, str]) -> list[tuple[str, str]]:
    """What a citizen taps: the given answers, else what is prefilled, else the first choice."""
    data = [(name, answers.get(name, value) if value == "" else value) for name, value in form.fields]
    for name, values in form.radios.items():
        data.append((name, answers[name] if answers.get(name) in values else values[0]))
    return data


@dataclass
class Timing:
    route: str
    method: str
    status: int
    server_ms: float
    wire_ms: float
    size: int
    # The citizen paused (read, thought) before this request; replays pause at the same places.
    after_pause: bool = False


def route_of(path: str) -> str:
    return ID_PATTERN.sub("/applications/{ref}", path.split("?", 1)[0])


def server_ms(response: httpx2.Response) -> float:
    for part in response.headers.get("server-timing", "").split(","):
        name, _, rest = part.strip().partition(";")
        if name == "app" and rest.startswith("dur="):
            return float(rest[4:])
    return float("nan")


class KioskScreen:
    """A kiosk's browser: its device cookie, its session cookie, htmx's request headers."""

    def __init__(self, base_url: str, device_cookie: str, phone_token: str) -> None:
        self.client = httpx2.AsyncClient(
            base_url=base_url,
            cookies={"ov_device": device_cookie},
            # A browser on the kiosk's own origin: the CSRF check wants to see it.
            headers={"Sec-Fetch-Site": "same-origin", "Accept-Language": "zh-CN"},
            timeout=60,
        )
        self.phone_token = phone_token
        self.timings: list[Timing] = []
        self.paused = False
        self.html = ""
        self.path = "/"

    async def close(self) -> None:
        await self.client.aclose()

    async def _send(self, method: str, path: str, data: list[tuple[str, str]] | None, kind: str) -> httpx2.Response:
        # Redirects are followed by hand so each hop is timed as the server's own request.
        for _ in range(5):
            began = _now()
            response = await self.client.request(method, path, data=_multidict(data), headers=HEADERS[kind])
            self.timings.append(
                Timing(
                    route_of(path),
                    method,
                    response.status_code,
                    server_ms(response),
                    _ms(began),
                    len(response.content),
                    self.paused,
                )
            )
            self.paused = False
            if response.status_code in (301, 302, 303, 307, 308):
                # fetch() follows a redirect itself, with the same headers.
                method, path, data = "GET", response.headers["location"], None
                continue
            if located := response.headers.get("hx-location"):
                # htmx fetches the new page into the body.
                method, path, data, kind = "GET", json.loads(located)["path"], None, "located"
                continue
            if redirected := response.headers.get("hx-redirect"):
                # A whole new page load (the session's end, with its Clear-Site-Data).
                method, path, data, kind = "GET", redirected, None, "page"
                continue
            if response.status_code >= 400:
                said = re.sub(r"<[^>]+>|\s+", " ", response.text)[:300]
                raise JourneyFailed(f"{method} {route_of(path)} answered {response.status_code}: {said}")
            if response.status_code == 200 and kind != "partial":
                self.html, self.path = response.text, path
            return response
        raise JourneyFailed(f"too many redirects after {path}")

    async def get(self, path: str, *, kind: str = "boosted") -> httpx2.Response:
        return await self._send("GET", path, None, kind)

    async def post(
        self, path: str, data: list[tuple[str, str]] | None = None, *, kind: str = "boosted"
    ) -> httpx2.Response:
        return await self._send("POST", path, data or [], kind)

    def form(self, predicate: str) -> Form | None:
        for form in forms_of(self.html):
            if re.search(predicate, form.action) and form.method == "post":
                return form
        return None

    def link(self, pattern: str) -> str | None:
        match = re.search(r'href="(' + pattern + r')"', self.html)
        return match.group(1) if match else None


class JourneyFailed(Exception):
    pass


def _multidict(pairs: list[tuple[str, str]] | None) -> dict[str, list[str]] | None:
    if pairs is None:
        return None
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return grouped


def _now() -> float:
    return time.perf_counter()


def _ms(began: float) -> float:
    return (_now() - began) * 1000


Pause = Callable[[], Awaitable[None]]


async def walk(screen: KioskScreen, think: Pause, phone: httpx2.AsyncClient) -> str:
    """The whole journey; returns the application number shown at the end."""

    async def pause() -> None:
        screen.paused = True
        await think()

    await screen.get("/attract", kind="page")
    await pause()
    await screen.get("/")
    await screen.get("/search")
    for typed in SEARCH_KEYS:
        await screen.get(f"/search?q={typed}", kind="partial")
    await pause()
    await screen.get(f"/items/{ITEM}")
    await pause()
    await screen.get(f"/signin/scan?next=/items/{ITEM}")
    nonce = re.search(r'name="nonce" value="([^"]+)"', screen.html)
    poll = screen.form(r"/signin/scan/poll$")
    if nonce is None or poll is None:
        raise JourneyFailed("the scan sign-in page has no code")
    # The citizen's phone scans the code: the mini-program confirms it (not a kiosk request).
    confirmed = await phone.post(
        f"/api/v1/kiosk-sign-ins/{nonce.group(1)}", headers={"Authorization": f"Bearer {screen.phone_token}"}
    )
    if confirmed.status_code != 200:
        raise JourneyFailed(f"the phone could not confirm the kiosk code: {confirmed.status_code}")
    # The kiosk page polls every second and moves on once the phone has confirmed.
    await screen.post(poll.action, fill(poll, {}), kind="partial")
    await pause()
    await screen.post(f"/items/{ITEM}/apply")
    number = ""
    for _ in range(16):
        await pause()
        if (form := screen.form(r"/form/\d+$")) is not None:
            await screen.post(form.action, fill(form, ANSWERS))
        elif screen.path.endswith("/materials") and (next_url := screen.link(r"[^\"]*/delivery")):
            await screen.get(next_url)
        elif (form := screen.form(r"/delivery$")) is not None:
            await screen.post(form.action, fill(form, ANSWERS))
        elif screen.path.endswith("/delivery") and (next_url := screen.link(r"[^\"]*/review")):
            await screen.get(next_url)
        elif (form := screen.form(r"/submit$")) is not None:
            await screen.post(form.action, fill(form, ANSWERS), kind="partial")
        elif screen.path.endswith("/submitted"):
            found = re.search(r"\b(\d{14})\b", screen.html)
            number = found.group(1) if found else ""
            break
        else:
            raise JourneyFailed(f"stuck at {route_of(screen.path)}")
    if not number:
        raise JourneyFailed("no application number after submitting")
    await after_submitting(screen, number, pause, phone)
    return number


async def after_submitting(screen: KioskScreen, number: str, pause: Pause, phone: httpx2.AsyncClient) -> None:
    """The hub: pay from the phone while the kiosk polls, print the receipt, rate, finish."""
    base = f"/applications/{number}"
    if screen.link(re.escape(base) + "/pay"):
        await pause()
        await screen.get(f"{base}/pay")
        cashier = re.search(r'data-qr-content="[^"]*(/paysim/[^"]+)"', screen.html)
        poll = screen.form(r"/pay/poll$")
        if cashier is None or poll is None:
            raise JourneyFailed("the pay page has no code")
        await screen.post(poll.action, fill(poll, {}), kind="partial")  # not paid yet
        paid = await phone.post(f"{cashier.group(1)}/pay", headers={"Sec-Fetch-Site": "same-origin"})
        if paid.status_code >= 400:
            raise JourneyFailed(f"the phone could not pay: {paid.status_code}")
        await screen.post(poll.action, fill(poll, {}), kind="partial")  # paid: on to the hub
        if not screen.path.endswith("/submitted"):
            raise JourneyFailed("the pay page did not move on after paying")
    await pause()
    await screen.post(f"{base}/receipt/print", kind="partial")
    await pause()
    await screen.get(f"{base}/rating")
    await screen.get(f"{base}/rating?level=5&from=hub")
    rating = screen.form(r"/rating$")
    if rating is None:
        raise JourneyFailed("the rating page has no form")
    await pause()
    await screen.post(rating.action, fill(rating, {}))
    await pause()
    finish = screen.form(r"/kiosk/session/finish$")
    if finish is None:
        raise JourneyFailed("the hub has no finish button")
    await screen.post(finish.action, fill(finish, {}))
