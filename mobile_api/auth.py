"""Bearer authentication for the phone API: who is asking, checked on every request.

Handlers call `require_citizen(request)` (any signed-in citizen) or
`require_real_name(request)` (a citizen whose identity is proven). A request passes when

1. it carries `Authorization: Bearer <access token>` (never a query parameter: URLs end up
   in logs, ASVS 14.2.1);
2. the token verifies for the `onevisit-mobile` audience (`shared.auth.tokens`): a kiosk or
   staff token is refused here;
3. its session family is neither revoked nor expired, and still belongs to the token's
   subject: logout and revocation take effect at once, not at `exp`.

Every failure raises the same `Unauthorized()`: one body, whatever the reason.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from starlette.requests import Request

from shared.auth import sessions
from shared.auth.realname import RealNameRequired
from shared.auth.tokens import MOBILE, InvalidToken
from shared.errors import Unauthorized
from shared.identity import citizens
from shared.identity.citizens import Citizen
from shared.services import Services

log = logging.getLogger("onevisit.auth")

_STATE_KEY = "citizen_principal"


@dataclass(frozen=True, slots=True)
class CitizenPrincipal:
    """The signed-in citizen and the session family their token belongs to."""

    citizen_id: str
    session_id: str


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    # RFC 6750 §2.1: the scheme is case-insensitive; the token is one b64token.
    if scheme.lower() != "bearer" or not token.strip() or " " in token.strip():
        return None
    return token.strip()


def _claimed(request: Request) -> CitizenPrincipal:
    """Who the bearer token says is asking (signature and times checked), or Unauthorized."""
    services: Services = request.state.services
    token = bearer_token(request)
    if token is None:
        raise Unauthorized()
    try:
        claims = services.tokens.verify(token, MOBILE)
    except InvalidToken as exc:
        # The reason helps operators; the token itself is never logged.
        log.info("bearer token refused: %s", exc.reason)
        raise Unauthorized() from None
    return CitizenPrincipal(claims.subject, claims.session_id)


def _confirm(request: Request, claimed: CitizenPrincipal, session: sessions.ActiveSession | None) -> CitizenPrincipal:
    if session is None or session.citizen_id != claimed.citizen_id or session.audience != MOBILE:
        log.info("bearer token refused: session ended or moved")
        raise Unauthorized()
    setattr(request.state, _STATE_KEY, claimed)
    return claimed


def _confirmed_before(request: Request) -> CitizenPrincipal | None:
    """The citizen an earlier check on this request confirmed, if any."""
    cached = getattr(request.state, _STATE_KEY, None)
    return cached if isinstance(cached, CitizenPrincipal) else None


async def require_citizen(request: Request) -> CitizenPrincipal:
    """The citizen signed in on this request, or Unauthorized (the generic 401)."""
    confirmed = _confirmed_before(request)
    if confirmed is not None:
        return confirmed
    claimed = _claimed(request)
    services: Services = request.state.services
    return _confirm(request, claimed, await sessions.active(services.db, claimed.session_id, services.clock.now()))


async def require_real_name(request: Request) -> tuple[CitizenPrincipal, Citizen]:
    """A signed-in citizen who has completed real-name verification (实名认证), with their
    masked profile; Unauthorized when not signed in, RealNameRequired (403) otherwise."""
    services: Services = request.state.services
    confirmed = _confirmed_before(request)
    if confirmed is not None:
        principal = confirmed
        citizen = await citizens.get(services.db, principal.citizen_id)
    else:
        # The session and the profile in one trip to the database: every phone change asks.
        claimed = _claimed(request)
        session, citizen = await services.db.read(
            sessions.active_query(claimed.session_id, services.clock.now()), citizens.get_query(claimed.citizen_id)
        )
        principal = _confirm(request, claimed, session)
    if citizen is None:
        raise Unauthorized()
    if not citizen.is_real_name:
        raise RealNameRequired()
    return principal, citizen
