"""Scan to sign in (扫码登录): a one-time nonce shown as a QR code on a kiosk.

1. The kiosk page asks for a challenge: a nonce (in the QR code) and a separate poll
   token that only the page keeps. Both are 256 random bits, stored as SHA-256, bound to
   the device, valid `SCAN_CODE_SECONDS`.
2. The citizen scans the code with the phone app, which confirms it through the API
   (`POST /api/v1/kiosk-sign-ins/{nonce}`, bearer auth) → `confirm_scan`. Only a
   real-name citizen may sign in at a kiosk.
3. The kiosk page polls with its poll token, from the same device; the first poll after
   the confirmation consumes the challenge and signs the citizen in.

Knowing the nonce (anyone can photograph a QR code) is not enough to take over the
kiosk's session: consuming it needs the poll token and the device cookie.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from shared import audit
from shared.audit import Actor, AuditEvent, Where
from shared.auth.realname import RealNameRequired
from shared.clock import iso
from shared.errors import Conflict, NotFound
from shared.i18n import Text
from shared.identity import citizens
from shared.privacy.vault import new_token, token_hash

if TYPE_CHECKING:
    from shared.db import Transaction
    from shared.services import Services

SCAN_CODE_SECONDS = 120
QR_PREFIX = "onevisit://kiosk-sign-in/"
# What `new_token()` produces: 43 URL-safe base64 characters.
NONCE = re.compile(r"[A-Za-z0-9_-]{20,100}")
# A code confirmed in its last second is still taken up by the page's next poll.
CONSUME_GRACE_SECONDS = 10
# Rows are kept a day for support questions, then dropped when new codes are made.
KEEP_SECONDS = 86_400


class ScanCodeUnknown(NotFound):
    code = "scan_code_unknown"
    default_message = Text(
        "二维码无效，请重新扫描自助机上的二维码。", "This code is not valid. Scan the kiosk's code again."
    )


class ScanCodeExpired(Conflict):
    code = "scan_code_expired"
    default_message = Text(
        "二维码已过期，请在自助机上刷新二维码后重新扫描。",
        "This code has expired. Refresh it on the kiosk and scan again.",
    )


class ScanCodeUsed(Conflict):
    code = "scan_code_used"
    default_message = Text(
        "二维码已使用，请在自助机上刷新二维码。", "This code has been used. Refresh it on the kiosk."
    )


class KioskRealNameRequired(RealNameRequired):
    """The phone's citizen is not real-name: the same error as on the phone, with words for the kiosk case."""

    default_message = Text(
        "请先在手机上完成实名认证，再扫码登录自助机。",
        "Please complete real-name verification on your phone before signing in at a kiosk.",
    )


@dataclass(frozen=True, slots=True)
class ScanChallenge:
    nonce: str
    poll_token: str
    expires_at: float

    @property
    def qr_content(self) -> str:
        return QR_PREFIX + self.nonce


PollState = Literal["pending", "confirmed", "expired", "unknown"]


@dataclass(frozen=True, slots=True)
class PollResult:
    state: PollState
    citizen_id: str | None = None


def nonce_from_scan(text: str) -> str | None:
    """The nonce in what a phone scanned: the QR content or the bare nonce."""
    value = text.strip().removeprefix(QR_PREFIX)
    return value if NONCE.fullmatch(value) else None


async def create(tx: Transaction, device_id: str, now: float) -> ScanChallenge:
    await tx.execute("DELETE FROM kiosk_scan_signins WHERE expires_at < ?", (iso(now - KEEP_SECONDS),))
    challenge = ScanChallenge(new_token(), new_token(), now + SCAN_CODE_SECONDS)
    await tx.execute(
        "INSERT INTO kiosk_scan_signins (nonce_hash, poll_hash, device_id, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (token_hash(challenge.nonce), token_hash(challenge.poll_token), device_id, iso(now), iso(challenge.expires_at)),
    )
    return challenge


async def confirm_scan(services: Services, nonce: str, citizen_id: str) -> None:
    """The phone app's citizen confirms the code they scanned on a kiosk.

    Raises KioskRealNameRequired (403) for a citizen who is not real-name, ScanCodeUnknown
    (404) for a code that never existed or belongs to a retired kiosk, ScanCodeExpired
    (409) after `SCAN_CODE_SECONDS`, ScanCodeUsed (409) for a code confirmed before. Every
    outcome is in the audit trail.
    """
    now = services.clock.now()
    citizen = await citizens.get(services.db, citizen_id)
    actor = Actor("citizen", citizen_id, f"{citizen.name_masked} (citizen)" if citizen else "citizen")
    device_id = ""
    try:
        if citizen is None or not citizen.is_real_name:
            raise KioskRealNameRequired
        async with services.db.transaction() as tx:
            row = await tx.fetch_one(
                "SELECT s.device_id, s.expires_at, s.confirmed_at, s.citizen_id FROM kiosk_scan_signins s"
                " JOIN kiosk_devices d ON d.id = s.device_id WHERE s.nonce_hash = ? AND d.retired_at IS NULL",
                (token_hash(nonce),),
            )
            if row is None:
                raise ScanCodeUnknown
            device_id = str(row["device_id"])
            if row["confirmed_at"] is not None:
                if row["citizen_id"] == citizen_id:
                    # The phone retried after a lost answer: it is the same confirmation.
                    return
                raise ScanCodeUsed
            if str(row["expires_at"]) <= iso(now):
                raise ScanCodeExpired
            await tx.execute(
                "UPDATE kiosk_scan_signins SET citizen_id = ?, confirmed_at = ? WHERE nonce_hash = ?",
                (citizen_id, iso(now), token_hash(nonce)),
            )
            await audit.record(
                tx,
                AuditEvent(actor=actor, where=Where.kiosk(device_id), action="kiosk.scan.confirm", result="ok"),
                now,
            )
    except (KioskRealNameRequired, ScanCodeUnknown, ScanCodeUsed, ScanCodeExpired) as exc:
        where = Where.kiosk(device_id) if device_id else Where.system()
        event = AuditEvent(
            actor=actor, where=where, action="kiosk.scan.confirm", result="refused", detail={"reason": exc.code}
        )
        await audit.record_alone(services.db, event, now)
        raise


async def poll(tx: Transaction, device_id: str, poll_token: str, now: float) -> PollResult:
    """Whether the code this page shows was confirmed; the first poll after it consumes it.

    A poll token from another device is as good as unknown.
    """
    row = await tx.fetch_one(
        "SELECT expires_at, citizen_id, consumed_at FROM kiosk_scan_signins WHERE poll_hash = ? AND device_id = ?",
        (token_hash(poll_token), device_id),
    )
    if row is None or row["consumed_at"] is not None:
        return PollResult("unknown")
    if row["citizen_id"] is not None and str(row["expires_at"]) > iso(now - CONSUME_GRACE_SECONDS):
        await tx.execute(
            "UPDATE kiosk_scan_signins SET consumed_at = ? WHERE poll_hash = ? AND consumed_at IS NULL",
            (iso(now), token_hash(poll_token)),
        )
        return PollResult("confirmed", str(row["citizen_id"]))
    if str(row["expires_at"]) <= iso(now):
        return PollResult("expired")
    return PollResult("pending")
