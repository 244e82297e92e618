"""All SQL about citizens' kiosk sessions, and the pure rules of when one ends.

A public kiosk is used by a stranger a minute later, so the session lives on the server
(ASVS 7.3.1, reliability-security.md §3): the browser holds only an opaque token, stored
here as its SHA-256, bound to the device it was issued on. It ends

- on sign-out or when the citizen finishes (`sign_out`, `finished`);
- after `kiosk_idle_seconds` without a request (`idle`), however the page behaves;
- `kiosk_session_max_seconds` after it started, however busy (`max_age`, ASVS 7.3.2);
- when the kiosk signs in someone else, when its cookie turns up on another device, or
  when the device is retired (`device`).

An ended session never comes back: every check of it reads `ended_at` first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from shared import audit
from shared.audit import Actor, AuditEvent, Where
from shared.clock import iso
from shared.db import Database, Row, Transaction
from shared.identity import citizens
from shared.privacy.vault import new_token, token_hash

EndReason = Literal["sign_out", "idle", "finished", "max_age", "device"]
Method = Literal["id_card", "scan"]
Outcome = Literal["active", "unknown", "ended", "expired", "other_device"]

END_REASONS: tuple[EndReason, ...] = ("sign_out", "idle", "finished", "max_age", "device")


@dataclass(frozen=True, slots=True)
class Limits:
    idle_seconds: int
    max_seconds: int


@dataclass(frozen=True, slots=True)
class KioskSession:
    device_id: str
    citizen_id: str
    method: Method
    started_at: float
    last_seen_at: float
    ended_at: float | None
    end_reason: EndReason | None


@dataclass(frozen=True, slots=True)
class SessionCheck:
    """What a presented session cookie turned out to be."""

    outcome: Outcome
    session: KioskSession | None = None

    @property
    def active(self) -> bool:
        return self.outcome == "active"


# --- pure rules ----------------------------------------------------------------------


def ends_at(started_at: float, last_seen_at: float, limits: Limits) -> tuple[EndReason, float]:
    """When a session that saw no request since `last_seen_at` ends, and why."""
    idle_end = last_seen_at + limits.idle_seconds
    max_end = started_at + limits.max_seconds
    return ("max_age", max_end) if max_end <= idle_end else ("idle", idle_end)


def expiry(started_at: float, last_seen_at: float, now: float, limits: Limits) -> tuple[EndReason, float] | None:
    """(reason, moment) when the session has run out by `now`, else None.

    The limits are inclusive: a request exactly `idle_seconds` after the last one is late.
    """
    reason, moment = ends_at(started_at, last_seen_at, limits)
    return (reason, moment) if now >= moment else None


# --- storage -------------------------------------------------------------------------


def _parse(value: str) -> float:
    return dt.datetime.fromisoformat(value).timestamp()


def _session(row: Row) -> KioskSession:
    ended = row["ended_at"]
    return KioskSession(
        device_id=str(row["device_id"]),
        citizen_id=str(row["citizen_id"]),
        method="scan" if row["method"] == "scan" else "id_card",
        started_at=_parse(row["started_at"]),
        last_seen_at=_parse(row["last_seen_at"]),
        ended_at=_parse(ended) if ended else None,
        end_reason=row["end_reason"] if row["end_reason"] in END_REASONS else None,
    )


_SELECT = "SELECT device_id, citizen_id, method, started_at, last_seen_at, ended_at, end_reason FROM kiosk_sessions"


async def record_end(tx: Transaction, session: KioskSession, reason: EndReason, now: float) -> None:
    citizen = await citizens.get(tx, session.citizen_id)
    label = f"{citizen.name_masked} (citizen)" if citizen is not None else "citizen"
    await audit.record(
        tx,
        AuditEvent(
            actor=Actor("citizen", session.citizen_id, label),
            where=Where.kiosk(session.device_id),
            action="kiosk.session.end",
            result="ok",
            detail={"reason": reason, "method": session.method},
        ),
        now,
    )


async def end_all_on_device(tx: Transaction, device_id: str, now: float, reason: EndReason) -> int:
    """End the session open on a device (there is at most one), with an audit entry."""
    rows = await tx.fetch_all(
        "SELECT token_hash, device_id, citizen_id, method, started_at, last_seen_at, ended_at, end_reason"
        " FROM kiosk_sessions WHERE device_id = ? AND ended_at IS NULL",
        (device_id,),
    )
    for row in rows:
        await tx.execute(
            "UPDATE kiosk_sessions SET ended_at = ?, end_reason = ? WHERE token_hash = ?",
            (iso(now), reason, row["token_hash"]),
        )
        await record_end(tx, _session(row), reason, now)
    return len(rows)


async def start(tx: Transaction, device_id: str, citizen_id: str, method: Method, now: float) -> str:
    """A new session for a citizen who just signed in; returns the new cookie token.

    Always a new token (no session fixation, ASVS 7.2.4); whoever was signed in on this
    device before is signed out.
    """
    await end_all_on_device(tx, device_id, now, "device")
    token = new_token()
    await tx.execute(
        "INSERT INTO kiosk_sessions (token_hash, device_id, citizen_id, method, started_at, last_seen_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (token_hash(token), device_id, citizen_id, method, iso(now), iso(now)),
    )
    return token


async def _close(tx: Transaction, token: str, at: float, reason: EndReason) -> None:
    await tx.execute(
        "UPDATE kiosk_sessions SET ended_at = ?, end_reason = ? WHERE token_hash = ? AND ended_at IS NULL",
        (iso(at), reason, token_hash(token)),
    )


async def check(
    db: Database, token: str, device_id: str, now: float, limits: Limits, *, touch: bool = True
) -> SessionCheck:
    """The session behind a cookie, for a request from `device_id` at `now`.

    An active session is touched (its idle time starts again) unless `touch` is False (a
    request the kiosk makes by itself, not the citizen: a menu page reloading after a
    publish). One that ran out is ended
    here with its reason, even though no page noticed. A cookie from another device ends
    the session: it was copied, and the citizen's data must not follow it.
    """
    async with db.transaction() as tx:
        row = await tx.fetch_one(f"{_SELECT} WHERE token_hash = ?", (token_hash(token),))
        if row is None:
            return SessionCheck("unknown")
        session = _session(row)
        if session.ended_at is not None:
            return SessionCheck("ended", session)
        if session.device_id != device_id:
            await _close(tx, token, now, "device")
            await record_end(tx, session, "device", now)
            await audit.record(
                tx,
                AuditEvent(
                    actor=Actor.anonymous(),
                    where=Where.kiosk(device_id),
                    action="kiosk.session.refused",
                    result="refused",
                    target=session.citizen_id,
                    detail={"reason": "other_device", "session_device": session.device_id},
                ),
                now,
            )
            return SessionCheck("other_device", session)
        expired = expiry(session.started_at, session.last_seen_at, now, limits)
        if expired is not None:
            reason, moment = expired
            await _close(tx, token, moment, reason)
            await record_end(tx, session, reason, now)
            return SessionCheck("expired", session)
        if not touch:
            return SessionCheck("active", session)
        await tx.execute(
            "UPDATE kiosk_sessions SET last_seen_at = ? WHERE token_hash = ?", (iso(now), token_hash(token))
        )
        return SessionCheck("active", session)


async def end(tx: Transaction, token: str, now: float, reason: EndReason) -> KioskSession | None:
    """End the session behind a cookie; the session when it was still open, else None."""
    row = await tx.fetch_one(f"{_SELECT} WHERE token_hash = ? AND ended_at IS NULL", (token_hash(token),))
    if row is None:
        return None
    session = _session(row)
    await _close(tx, token, now, reason)
    await record_end(tx, session, reason, now)
    return session


async def get(db: Database | Transaction, token: str) -> KioskSession | None:
    """The stored session behind a cookie, open or ended (tests and support)."""
    row = await db.fetch_one(f"{_SELECT} WHERE token_hash = ?", (token_hash(token),))
    return _session(row) if row is not None else None
