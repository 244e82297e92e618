"""Signing a citizen in on the phone, refreshing and signing out, each with its audit entry.

The adapter (`mobile_api`) turns the results into tokens and HTTP answers; everything that
touches the database happens here, in one transaction per step, with the audit entry
written in the same transaction as the change it records (failed attempts in their own).
"""

from __future__ import annotations

from dataclasses import dataclass

from shared import audit
from shared.audit import Actor, AuditEvent, Where
from shared.auth import accounts, sessions
from shared.auth.sessions import ActiveSession, RefreshOutcome
from shared.auth.tokens import MOBILE
from shared.auth.wechat import CodeAlreadyUsed, InvalidCode, WeChatError, WeChatPlatform
from shared.db import Database, Transaction
from shared.identity import citizens
from shared.privacy.vault import PiiVault

WECHAT_LOGIN = "citizen.wechat_login"
REFRESH = "citizen.token_refresh"
LOGOUT = "citizen.logout"


@dataclass(frozen=True, slots=True)
class SignedIn:
    session: ActiveSession
    refresh_token: str
    created: bool = False


class SignInRefused(Exception):
    """A credential was not good (bad or used code, bad refresh token). `reason` is for
    the audit trail; the client gets the generic 401."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def citizen_actor(db: Database | Transaction, citizen_id: str) -> Actor:
    """The citizen as the audit trail shows them: masked name, never a number."""
    citizen = await citizens.get(db, citizen_id)
    label = citizen.name_masked if citizen is not None and citizen.name_masked else "未实名"
    return Actor("citizen", citizen_id, f"{label} (citizen)")


async def wechat_login(
    db: Database, vault: PiiVault, platform: WeChatPlatform, code: str, now: float, refresh_seconds: float, where: Where
) -> SignedIn:
    """Exchange a `wx.login` code and start a session family.

    Raises SignInRefused for an invalid or used code; the platform's `RateLimited` and
    `PlatformUnavailable` pass through for the adapter to answer 429 / 503.
    """
    try:
        wechat_session = await platform.code_to_session(code)
    except (InvalidCode, CodeAlreadyUsed) as exc:
        reason = "code_used" if isinstance(exc, CodeAlreadyUsed) else "invalid_code"
        await _failed(db, WECHAT_LOGIN, reason, now, where)
        raise SignInRefused(reason) from None
    except WeChatError as exc:
        await _failed(db, WECHAT_LOGIN, f"wechat_errcode_{exc.errcode}", now, where)
        raise
    async with db.transaction() as tx:
        citizen_id, created = await accounts.sign_in(tx, vault, wechat_session, now)
        session, refresh_token = await sessions.start(tx, citizen_id, MOBILE, now, refresh_seconds)
        await audit.record(
            tx,
            AuditEvent(
                actor=await citizen_actor(tx, citizen_id),
                where=where,
                action=WECHAT_LOGIN,
                result="ok",
                target=f"session:{session.id}",
                detail={"new_citizen": created},
            ),
            now,
        )
    return SignedIn(session, refresh_token, created)


async def refresh(db: Database, refresh_token: str, now: float, refresh_seconds: float, where: Where) -> SignedIn:
    """Rotate a refresh token. A reused one revokes its family (committed) before the
    refusal is raised."""
    async with db.transaction() as tx:
        rotation = await sessions.rotate(tx, refresh_token, now, refresh_seconds)
        if rotation.outcome is not RefreshOutcome.ROTATED:
            actor = await citizen_actor(tx, rotation.session.citizen_id) if rotation.session else Actor.anonymous()
            await audit.record(
                tx,
                AuditEvent(
                    actor=actor,
                    where=where,
                    action=REFRESH,
                    result="refused",
                    target=f"session:{rotation.session.id}" if rotation.session else "",
                    detail={
                        "reason": rotation.outcome.value,
                        "family_revoked": rotation.outcome is RefreshOutcome.REUSED,
                    },
                ),
                now,
            )
    if rotation.outcome is not RefreshOutcome.ROTATED or rotation.session is None or rotation.refresh_token is None:
        raise SignInRefused(rotation.outcome.value)
    return SignedIn(rotation.session, rotation.refresh_token)


async def logout(db: Database, session: ActiveSession, now: float, where: Where) -> None:
    async with db.transaction() as tx:
        await sessions.revoke(tx, session.id, now, "logout")
        await audit.record(
            tx,
            AuditEvent(
                actor=await citizen_actor(tx, session.citizen_id),
                where=where,
                action=LOGOUT,
                result="ok",
                target=f"session:{session.id}",
            ),
            now,
        )


async def revoke_all(db: Database, citizen_id: str, now: float, reason: str, by: Actor, where: Where) -> int:
    """End every session of a citizen at once (an administrator's action, ASVS 7.4.5)."""
    async with db.transaction() as tx:
        count = await sessions.revoke_all_for_citizen(tx, citizen_id, now, reason)
        await audit.record(
            tx,
            AuditEvent(
                actor=by,
                where=where,
                action="citizen.sessions_revoked",
                result="ok",
                target=f"citizen:{citizen_id}",
                detail={"sessions": count, "reason": reason},
            ),
            now,
        )
    return count


async def _failed(db: Database, action: str, reason: str, now: float, where: Where) -> None:
    await audit.record_alone(
        db,
        AuditEvent(
            actor=Actor.anonymous("wechat"), where=where, action=action, result="failed", detail={"reason": reason}
        ),
        now,
    )
