"""All SQL about SMS codes sent for real-name binding; the rules are in `otp.py`.

A code is stored as an HMAC of the phone number and the code (`PiiVault.lookup_hash`), so
a copy of the database yields neither; the phone is stored as its keyed hash only.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.auth import otp
from shared.db import Database, Transaction
from shared.privacy.vault import PiiVault


def phone_hash(vault: PiiVault, phone: str) -> bytes:
    return vault.lookup_hash(phone, "phone")


def code_hash(vault: PiiVault, phone: str, code: str) -> bytes:
    return vault.lookup_hash(f"{phone}\x00{code}", "sms_code")


@dataclass(frozen=True, slots=True)
class StoredCode:
    id: int
    code: otp.IssuedCode


async def send_history(
    db: Database | Transaction, vault: PiiVault, citizen_id: str, phone: str, now: float
) -> tuple[list[float], list[float]]:
    """Send times in the last 24 hours: to this phone (by anyone), and for this citizen."""
    since = now - otp.DAILY_WINDOW_SECONDS
    by_phone = await db.fetch_all(
        "SELECT sent_at FROM phone_codes WHERE phone_hash = ? AND sent_at > ?", (phone_hash(vault, phone), since)
    )
    by_citizen = await db.fetch_all(
        "SELECT sent_at FROM phone_codes WHERE citizen_id = ? AND sent_at > ?", (citizen_id, since)
    )
    return [float(r["sent_at"]) for r in by_phone], [float(r["sent_at"]) for r in by_citizen]


async def record_sent(tx: Transaction, vault: PiiVault, citizen_id: str, phone: str, code: str, now: float) -> int:
    """Store a newly sent code and return its row id; earlier live codes of this citizen for
    this phone die."""
    hashed_phone = phone_hash(vault, phone)
    await tx.execute(
        "UPDATE phone_codes SET superseded_at = ? WHERE citizen_id = ? AND phone_hash = ? AND superseded_at IS NULL"
        " AND used_at IS NULL",
        (now, citizen_id, hashed_phone),
    )
    await tx.execute(
        "INSERT INTO phone_codes (citizen_id, phone_hash, code_hash, sent_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        (citizen_id, hashed_phone, code_hash(vault, phone, code), now, now + otp.CODE_LIFETIME_SECONDS),
    )
    row = await tx.fetch_one("SELECT last_insert_rowid() AS id")
    assert row is not None
    return int(row["id"])


async def forget(tx: Transaction, code_id: int) -> None:
    """Drop a code the gateway failed to deliver: it never reached anyone, so it must not
    count against the resend interval or the daily caps."""
    await tx.execute("DELETE FROM phone_codes WHERE id = ?", (code_id,))


async def latest(tx: Transaction, vault: PiiVault, citizen_id: str, phone: str) -> StoredCode | None:
    """The newest code sent for this citizen to this phone, dead or alive."""
    row = await tx.fetch_one(
        "SELECT id, code_hash, sent_at, wrong_attempts, used_at, superseded_at FROM phone_codes"
        " WHERE citizen_id = ? AND phone_hash = ? ORDER BY sent_at DESC, id DESC LIMIT 1",
        (citizen_id, phone_hash(vault, phone)),
    )
    if row is None:
        return None
    return StoredCode(
        int(row["id"]),
        otp.IssuedCode(
            code_hash=bytes(row["code_hash"]),
            sent_at=float(row["sent_at"]),
            wrong_attempts=int(row["wrong_attempts"]),
            used=row["used_at"] is not None,
            superseded=row["superseded_at"] is not None,
        ),
    )


async def store_check(tx: Transaction, stored: StoredCode, result: otp.Check, now: float) -> None:
    """Write back what an attempt changed (a wrong attempt counted, or the code used)."""
    if result.after == stored.code:
        return
    await tx.execute(
        "UPDATE phone_codes SET wrong_attempts = ?, used_at = CASE WHEN ? THEN ? ELSE used_at END WHERE id = ?",
        (result.after.wrong_attempts, result.after.used, now, stored.id),
    )


async def use_up(tx: Transaction, code_id: int, now: float) -> None:
    """Spend a code whose binding was refused, so it cannot be tried with other details."""
    await tx.execute("UPDATE phone_codes SET used_at = ? WHERE id = ? AND used_at IS NULL", (now, code_id))


async def move_to_citizen(tx: Transaction, from_citizen_id: str, to_citizen_id: str) -> None:
    """Codes follow the person when two citizen rows turn out to be one (daily caps still count)."""
    await tx.execute("UPDATE phone_codes SET citizen_id = ? WHERE citizen_id = ?", (to_citizen_id, from_citizen_id))
