"""Continue on the phone (扫码续办): a kiosk hands one application over to the citizen's phone.

1. On a kiosk, the signed-in citizen asks to continue an application on the phone (to
   upload photos of a material, say). `create` makes a one-time code: a 256-bit nonce,
   stored only as its SHA-256, valid `HANDOFF_SECONDS`, bound to the application, its
   citizen and the kiosk. The page shows it as a QR code; making a new code for the same
   application on the same kiosk drops the unclaimed one before it, so only the code on
   the screen works.
2. The phone app scans it and calls `POST /api/v1/application-handoffs/{nonce}`, which
   calls `claim` for the app's citizen: the application comes back, or `HandoffUnknown`
   (404, one body whatever the reason: unknown, expired, or another citizen's code, so a
   photographed code tells a stranger nothing). A repeated claim by the same citizen while
   the code lives is the same claim (the phone retried after a lost answer).
3. The kiosk page polls `status` and moves on once the code is claimed.

Only the application's own citizen can claim, so a code seen over a shoulder is worthless.
The other direction (phone → kiosk) needs no code of its own: the citizen signs in at the
kiosk by scanning its sign-in code, and the kiosk lists their drafts first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from shared import audit
from shared.applications import access
from shared.applications.states import State
from shared.audit import Actor, AuditEvent, Where
from shared.clock import iso
from shared.errors import Conflict, NotFound
from shared.i18n import Text
from shared.privacy.vault import new_token, token_hash

if TYPE_CHECKING:
    from shared.applications.model import Application
    from shared.services import Services

HANDOFF_SECONDS = 120
QR_PREFIX = "onevisit://application-handoff/"
# What `new_token()` produces: 43 URL-safe base64 characters.
NONCE = re.compile(r"[A-Za-z0-9_-]{20,100}")
# Rows are kept a day for support questions, then dropped when new codes are made.
KEEP_SECONDS = 86_400
# States in which the citizen still has something to do on the application.
CONTINUABLE = frozenset({State.DRAFT, State.RETURNED})

HandoffState = Literal["none", "pending", "claimed", "expired"]


class HandoffUnknown(NotFound):
    code = "handoff_unknown"
    default_message = Text(
        "二维码无效或已过期，请在自助机上重新生成二维码。",
        "This code is not valid or has expired. Show a new code on the kiosk.",
    )


class HandoffNotContinuable(Conflict):
    code = "handoff_not_continuable"
    default_message = Text(
        "只有草稿或待补正的申请可以转到手机上继续办理。",
        "Only a draft or an application returned for correction can be continued on the phone.",
    )


@dataclass(frozen=True, slots=True)
class HandoffStatus:
    """The newest code this kiosk made for an application."""

    state: HandoffState
    expires_at: float | None = None
    claimed_at: str | None = None


def qr_content(nonce: str) -> str:
    return QR_PREFIX + nonce


def nonce_from_scan(text: str) -> str | None:
    """The nonce in what a phone scanned: the QR content or the bare nonce."""
    value = text.strip().removeprefix(QR_PREFIX)
    return value if NONCE.fullmatch(value) else None


def _citizen_actor(citizen_id: str) -> Actor:
    # The masked name is not at hand here and not needed: the id names the citizen.
    return Actor("citizen", citizen_id, "citizen")


async def create(services: Services, app: Application, device_id: str, now: float) -> str:
    """A new one-time code for `app`, shown on the kiosk `device_id`; returns the nonce.

    The caller has checked that the kiosk's signed-in citizen owns `app`
    (`access.for_citizen`). Raises HandoffNotContinuable (409) unless the application is
    a draft or returned for correction.
    """
    if app.state not in CONTINUABLE:
        raise HandoffNotContinuable
    nonce = new_token()
    async with services.db.transaction() as tx:
        await tx.execute("DELETE FROM application_handoffs WHERE expires_at < ?", (iso(now - KEEP_SECONDS),))
        await tx.execute(
            "DELETE FROM application_handoffs WHERE application_id = ? AND device_id = ? AND claimed_at IS NULL",
            (app.id, device_id),
        )
        await tx.execute(
            "INSERT INTO application_handoffs"
            " (nonce_hash, application_id, citizen_id, device_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
            (token_hash(nonce), app.id, app.citizen_id, device_id, iso(now), iso(now + HANDOFF_SECONDS)),
        )
        await audit.record(
            tx,
            AuditEvent(
                actor=_citizen_actor(app.citizen_id),
                where=Where.kiosk(device_id),
                action="application.handoff.create",
                result="ok",
                target=app.id,
            ),
            now,
        )
    return nonce


async def claim(
    services: Services, nonce: str, citizen_id: str, now: float, *, where: Where | None = None
) -> Application:
    """The phone's citizen takes up the code they scanned; returns the application.

    HandoffUnknown (404) unless the code exists, lives, and belongs to this citizen's
    application. Claiming twice within the code's life is harmless. Every outcome is in
    the audit trail (`where`: the phone's address, when the caller knows it).
    """
    place = where or Where.system()
    application_id = ""
    reason = "unknown"
    try:
        if not NONCE.fullmatch(nonce):
            raise HandoffUnknown
        async with services.db.transaction() as tx:
            row = await tx.fetch_one(
                "SELECT application_id, citizen_id, device_id, expires_at, claimed_at FROM application_handoffs"
                " WHERE nonce_hash = ?",
                (token_hash(nonce),),
            )
            if row is None:
                raise HandoffUnknown
            if row["citizen_id"] != citizen_id:
                reason = "other_citizen"
                raise HandoffUnknown
            application_id = str(row["application_id"])
            if str(row["expires_at"]) <= iso(now):
                reason = "expired"
                raise HandoffUnknown
            if row["claimed_at"] is None:
                await tx.execute(
                    "UPDATE application_handoffs SET claimed_at = ? WHERE nonce_hash = ?",
                    (iso(now), token_hash(nonce)),
                )
                await audit.record(
                    tx,
                    AuditEvent(
                        actor=_citizen_actor(citizen_id),
                        where=place,
                        action="application.handoff.claim",
                        result="ok",
                        target=application_id,
                        detail={"kiosk": str(row["device_id"])},
                    ),
                    now,
                )
    except HandoffUnknown:
        event = AuditEvent(
            actor=_citizen_actor(citizen_id),
            where=place,
            action="application.handoff.claim",
            result="refused",
            target=application_id,
            detail={"reason": reason},
        )
        await audit.record_alone(services.db, event, now)
        raise
    return await access.for_citizen(services, citizen_id, application_id)


async def status(services: Services, application_id: str, device_id: str, now: float) -> HandoffStatus:
    """Whether the newest code this kiosk made for the application is waiting, claimed or gone."""
    row = await services.db.fetch_one(
        "SELECT expires_at, claimed_at FROM application_handoffs WHERE application_id = ? AND device_id = ?"
        " ORDER BY created_at DESC LIMIT 1",
        (application_id, device_id),
    )
    if row is None:
        return HandoffStatus("none")
    expires_at = str(row["expires_at"])
    if row["claimed_at"] is not None:
        return HandoffStatus("claimed", claimed_at=str(row["claimed_at"]))
    if expires_at <= iso(now):
        return HandoffStatus("expired")
    return HandoffStatus("pending", expires_at=dt.datetime.fromisoformat(expires_at).timestamp())
