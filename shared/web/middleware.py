"""Pure ASGI middleware (not BaseHTTPMiddleware, which breaks contextvars and streaming).

- `SecurityHeadersMiddleware`: CSP, nosniff, frame-ancestors, referrer policy, and
  `Vary: HX-Request` on every page, since one URL answers a full page or an htmx fragment.
- `BodyLimitMiddleware`: refuses bodies over the limit with our own 413 error, before a
  handler reads them (Content-Length) or as soon as a chunked body crosses the limit.
- `CrossOriginMiddleware`: header-based CSRF protection (Sec-Fetch-Site / Origin) for
  unsafe methods; Bearer-token API calls without cookies are exempt because a browser
  never attaches a bearer token by itself.
- `AccessLogMiddleware`: one line per request, path only: query strings can hold an ID
  number typed into search, so they are never logged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.errors import AppError, CrossOriginRefused, PayloadTooLarge

ErrorRenderer = Callable[[Request, AppError], Awaitable[Response]]

access_log = logging.getLogger("onevisit.access")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


# Set on every answer unless the handler set its own (the kiosk preview's frame-ancestors).
_SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
)
_HSTS = (b"strict-transport-security", b"max-age=31536000")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.defaults = (*_SECURITY_HEADERS, _HSTS) if https else _SECURITY_HEADERS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # Raw header pairs, names looked at once: this runs on every answer.
                raw = list(message.get("headers", ()))
                present = {bytes(name).lower() for name, _ in raw}
                raw += [pair for pair in self.defaults if pair[0] not in present]
                message["headers"] = raw
                if b"vary" in present:
                    MutableHeaders(scope=message).add_vary_header("HX-Request")
                else:
                    raw.append((b"vary", b"HX-Request"))
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """`limit_for(scope)` names a larger limit for the few routes that take files (None: the
    default); those routes must cap what they read themselves."""

    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        render: ErrorRenderer,
        limit_for: Callable[[Scope], int | None] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.render = render
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        special = self.limit_for(scope) if self.limit_for is not None else None
        limit = special if special is not None else self.max_body_bytes
        length = Headers(scope=scope).get("content-length")
        if length is not None:
            try:
                too_large = int(length) > limit
            except ValueError:
                too_large = False
            if too_large:
                await self._refuse(scope, receive, send)
                return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.render(Request(scope, receive), PayloadTooLarge())
        response.headers["Connection"] = "close"
        await response(scope, receive, send)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_cross_origin(headers: Headers, scheme: str, host: str | None) -> bool:
    """Whether an unsafe request came from another site (Filippo Valsorda's algorithm)."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in {"same-origin", "none"}
    origin = headers.get("origin")
    if origin is None:
        # Neither header: not a browser (curl, a phone app, a test); nothing to protect.
        return False
    if origin == "null":
        return True
    parsed = urlsplit(origin)
    return parsed.netloc != (host or "") or parsed.scheme != scheme


class CrossOriginMiddleware:
    def __init__(self, app: ASGIApp, render: ErrorRenderer) -> None:
        self.app = app
        self.render = render

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        bearer_only = headers.get("authorization", "").lower().startswith("bearer ") and "cookie" not in headers
        if not bearer_only and is_cross_origin(headers, scope.get("scheme", "http"), headers.get("host")):
            response = await self.render(Request(scope, receive), CrossOriginRefused())
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp, server_timing: bool = False) -> None:
        self.app = app
        self.server_timing = server_timing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                if not self.server_timing:
                    await send(message)
                    return
                # The server's own time up to the answer (W3C Server Timing): the journey
                # benchmark reads it, and a browser's network panel shows it beside the wire time.
                elapsed = (time.perf_counter() - started) * 1000
                message["headers"] = [*message.get("headers", []), (b"server-timing", b"app;dur=%.2f" % elapsed)]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(
                    "%s %s %d %.1fms", scope["method"], scope["path"], status, (time.perf_counter() - started) * 1000
                )
