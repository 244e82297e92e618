"""All SQL about session families and their rotating refresh tokens.

A session family is one sign-in on one device. The phone holds a short access token (a JWT
naming the family in `sid`) and an opaque refresh token. Each refresh uses the refresh token
up and hands out a new pair in the same family (rotation, OAuth 2.0 Security BCP RFC 9700
§4.14.2). A refresh token presented a second time was copied: the family is revoked, and
with it every access token that names it, at once (ASVS 7.4.1, 7.4.2).

Refresh tokens are stored as `token_hash` (SHA-256), never as themselves.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import Enum

from shared.db import Database, Query, Row, Transaction, fetch
from shared.privacy.vault import new_token, token_hash

DAY_SECONDS = 86_400


@dataclass(frozen=True, slots=True)
class ActiveSession:
    id: str
    citizen_id: str
    audience: str


class RefreshOutcome(Enum):
    ROTATED = "rotated"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"
    # A used token came back: the family is now revoked.
    REUSED = "reused"


@dataclass(frozen=True, slots=True)
class Rotation:
    outcome: RefreshOutcome
    session: ActiveSession | None = None
    refresh_token: str | None = None


async def _issue_refresh(tx: Transaction, session_id: str, now: float, lifetime: float) -> str:
    token = new_token()
    await tx.execute(
        "INSERT INTO refresh_tokens (token_hash, session_id, issued_at, expires_at) VALUES (?, ?, ?, ?)",
        (token_hash(token), session_id, now, now + lifetime),
    )
    return token


async def start(
    tx: Transaction, citizen_id: str, audience: str, now: float, refresh_seconds: float
) -> tuple[ActiveSession, str]:
    """A new family for `citizen_id`, with its first refresh token."""
    session = ActiveSession(str(uuid.uuid4()), citizen_id, audience)
    await tx.execute(
        "INSERT INTO auth_sessions (id, citizen_id, audience, created_at, last_used_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (session.id, citizen_id, audience, now, now, now + refresh_seconds),
    )
    return session, await _issue_refresh(tx, session.id, now, refresh_seconds)


async def rotate(tx: Transaction, refresh_token: str, now: float, refresh_seconds: float) -> Rotation:
    """Use a refresh token up and issue the next one of its family.

    Runs inside the caller's transaction and never raises for a bad token, so that the
    revocation after a reuse is committed even though the caller then refuses the request.
    """
    row = await tx.fetch_one(
        "SELECT t.session_id, t.expires_at, t.used_at, s.citizen_id, s.audience, s.revoked_at,"
        " s.expires_at AS family_expires_at FROM refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id"
        " WHERE t.token_hash = ?",
        (token_hash(refresh_token),),
    )
    if row is None:
        return Rotation(RefreshOutcome.UNKNOWN)
    session = ActiveSession(str(row["session_id"]), str(row["citizen_id"]), str(row["audience"]))
    if row["revoked_at"] is not None:
        return Rotation(RefreshOutcome.REVOKED, session)
    if row["used_at"] is not None:
        await revoke(tx, session.id, now, "refresh_token_reused")
        return Rotation(RefreshOutcome.REUSED, session)
    if now >= float(row["expires_at"]) or now >= float(row["family_expires_at"]):
        return Rotation(RefreshOutcome.EXPIRED, session)
    await tx.execute("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?", (now, token_hash(refresh_token)))
    await tx.execute(
        "UPDATE auth_sessions SET last_used_at = ?, expires_at = ? WHERE id = ?",
        (now, now + refresh_seconds, session.id),
    )
    return Rotation(RefreshOutcome.ROTATED, session, await _issue_refresh(tx, session.id, now, refresh_seconds))


async def reissue(tx: Transaction, session_id: str, now: float, refresh_seconds: float) -> str:
    """A fresh refresh token for a family whose owner just proved more (real-name binding);
    the outstanding ones are retired, as after a rotation."""
    await tx.execute(
        "UPDATE refresh_tokens SET used_at = ? WHERE session_id = ? AND used_at IS NULL", (now, session_id)
    )
    await tx.execute(
        "UPDATE auth_sessions SET last_used_at = ?, expires_at = ? WHERE id = ?",
        (now, now + refresh_seconds, session_id),
    )
    return await _issue_refresh(tx, session_id, now, refresh_seconds)


def _active(rows: list[Row]) -> ActiveSession | None:
    return ActiveSession(str(rows[0]["id"]), str(rows[0]["citizen_id"]), str(rows[0]["audience"])) if rows else None


def active_query(session_id: str, now: float) -> Query[ActiveSession | None]:
    """The family if it is neither revoked nor expired: checked on every authenticated request."""
    return Query(
        "SELECT id, citizen_id, audience FROM auth_sessions WHERE id = ? AND revoked_at IS NULL AND expires_at > ?",
        (session_id, now),
        _active,
    )


async def active(db: Database | Transaction, session_id: str, now: float) -> ActiveSession | None:
    return await fetch(db, active_query(session_id, now))


async def revoke(tx: Transaction, session_id: str, now: float, reason: str) -> bool:
    """End one family (logout, reuse detected); False when it was already ended."""
    changed = await tx.execute(
        "UPDATE auth_sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL",
        (now, reason, session_id),
    )
    return changed > 0


async def revoke_all_for_citizen(tx: Transaction, citizen_id: str, now: float, reason: str) -> int:
    """End every family of a citizen (an administrator's action, a compromised account:
    ASVS 7.4.2 / 7.4.5). Returns how many were ended."""
    return await tx.execute(
        "UPDATE auth_sessions SET revoked_at = ?, revoked_reason = ? WHERE citizen_id = ? AND revoked_at IS NULL",
        (now, reason, citizen_id),
    )


async def move_to_citizen(tx: Transaction, from_citizen_id: str, to_citizen_id: str) -> int:
    """Hand every family of one citizen row to another (the same person, merged at
    real-name binding). Access tokens naming the old citizen stop working, since `sub`
    no longer matches the family's owner."""
    return await tx.execute(
        "UPDATE auth_sessions SET citizen_id = ? WHERE citizen_id = ?", (to_citizen_id, from_citizen_id)
    )
