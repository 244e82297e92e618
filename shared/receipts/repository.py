"""Receipts and their follow tokens, and the record of every print: all the SQL of receipts.

Follow tokens (查询码): the QR code of a receipt holds `<public base>/follow/<token>`. The
token is 256 bits, derived from the receipt id with a key of its own (HMAC-SHA256 under
HKDF(secret, "receipt-follow-token:v1")), so a reprint carries the same code while the
database keeps only the token's SHA-256 (`token_hash`, like every opaque token here): a
copy of the database opens no follow page, and guessing one is hopeless.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Literal

from shared.clock import iso
from shared.db import Database, Row, Transaction
from shared.privacy.vault import derive_key, token_hash

Reader = Database | Transaction
Paper = Literal["80mm", "A4"]
PrintOutcomeName = Literal["printed", "failed"]
TOKEN_PURPOSE = "receipt-follow-token:v1"
# A follow token is base64url without padding: 43 characters for 256 bits.
TOKEN_LENGTH = 43


@dataclass(frozen=True, slots=True)
class StoredReceipt:
    id: str
    application_id: str
    submission: int
    created_at: str


def _receipt(row: Row) -> StoredReceipt:
    return StoredReceipt(str(row["id"]), str(row["application_id"]), int(row["submission"]), str(row["created_at"]))


def follow_token(secret: bytes, receipt_id: str) -> str:
    """The receipt's follow token (never stored; recomputed for a reprint)."""
    digest = hmac.new(derive_key(secret, TOKEN_PURPOSE), receipt_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def plausible_token(token: str) -> bool:
    """Shaped like a follow token (checked before any database read)."""
    if len(token) != TOKEN_LENGTH:
        return False
    return all(c.isascii() and (c.isalnum() or c in "-_") for c in token)


async def ensure(tx: Transaction, secret: bytes, application_id: str, submission: int, now: float) -> StoredReceipt:
    """The receipt of this submission of the application, made on first use."""
    row = await tx.fetch_one(
        "SELECT id, application_id, submission, created_at FROM receipts WHERE application_id = ? AND submission = ?",
        (application_id, submission),
    )
    if row is not None:
        return _receipt(row)
    receipt = StoredReceipt("rc_" + secrets.token_urlsafe(16), application_id, submission, iso(now))
    await tx.execute(
        "INSERT INTO receipts (id, application_id, submission, follow_token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
        (
            receipt.id,
            application_id,
            submission,
            token_hash(follow_token(secret, receipt.id)),
            receipt.created_at,
        ),
    )
    return receipt


async def latest(db: Reader, application_id: str) -> StoredReceipt | None:
    row = await db.fetch_one(
        "SELECT id, application_id, submission, created_at FROM receipts WHERE application_id = ?"
        " ORDER BY submission DESC LIMIT 1",
        (application_id,),
    )
    return _receipt(row) if row is not None else None


async def by_token(db: Reader, token: str) -> StoredReceipt | None:
    """The receipt whose QR code holds `token`, or None (also for anything not shaped like one)."""
    if not plausible_token(token):
        return None
    row = await db.fetch_one(
        "SELECT id, application_id, submission, created_at FROM receipts WHERE follow_token_hash = ?",
        (token_hash(token),),
    )
    return _receipt(row) if row is not None else None


async def record_receipt_print(
    tx: Transaction,
    receipt_id: str,
    device_id: str,
    paper: Paper,
    outcome: PrintOutcomeName,
    print_id: str | None,
    now: float,
) -> None:
    await tx.execute(
        "INSERT INTO receipt_prints (receipt_id, device_id, paper, outcome, print_id, at) VALUES (?, ?, ?, ?, ?, ?)",
        (receipt_id, device_id, paper, outcome, print_id, iso(now)),
    )


@dataclass(frozen=True, slots=True)
class PrintRecord:
    device_id: str
    outcome: str
    print_id: str | None
    at: str


async def receipt_prints(db: Reader, application_id: str) -> list[PrintRecord]:
    rows = await db.fetch_all(
        "SELECT p.device_id, p.outcome, p.print_id, p.at FROM receipt_prints p JOIN receipts r ON r.id = p.receipt_id"
        " WHERE r.application_id = ? ORDER BY p.id",
        (application_id,),
    )
    return [PrintRecord(str(r["device_id"]), str(r["outcome"]), r["print_id"], str(r["at"])) for r in rows]


async def printed_this_submission(db: Reader, application_id: str, submission: int) -> bool:
    """Whether the receipt of this submission has come out of a printer at least once."""
    row = await db.fetch_one(
        "SELECT 1 FROM receipt_prints p JOIN receipts r ON r.id = p.receipt_id"
        " WHERE r.application_id = ? AND r.submission = ? AND p.outcome = 'printed' LIMIT 1",
        (application_id, submission),
    )
    return row is not None


async def record_result_print(
    tx: Transaction, application_id: str, device_id: str, outcome: PrintOutcomeName, print_id: str | None, now: float
) -> None:
    await tx.execute(
        "INSERT INTO result_prints (application_id, device_id, outcome, print_id, at) VALUES (?, ?, ?, ?, ?)",
        (application_id, device_id, outcome, print_id, iso(now)),
    )


async def result_prints(db: Reader, application_id: str) -> list[PrintRecord]:
    rows = await db.fetch_all(
        "SELECT device_id, outcome, print_id, at FROM result_prints WHERE application_id = ? ORDER BY id",
        (application_id,),
    )
    return [PrintRecord(str(r["device_id"]), str(r["outcome"]), r["print_id"], str(r["at"])) for r in rows]


async def claim_collection(
    tx: Transaction, application_id: str, device_id: str, now: float, stale_after: float
) -> bool:
    """Take the one collection in flight for this application; False when another holds it.

    A claim older than `stale_after` seconds is a crash's leftover and is taken over.
    """
    cursor_row = await tx.fetch_one(
        "INSERT INTO result_collect_claims (application_id, device_id, claimed_at) VALUES (?, ?, ?)"
        " ON CONFLICT (application_id) DO UPDATE SET device_id = excluded.device_id, claimed_at = excluded.claimed_at"
        " WHERE result_collect_claims.claimed_at < ? RETURNING application_id",
        (application_id, device_id, now, now - stale_after),
    )
    return cursor_row is not None


async def release_collection(tx: Transaction, application_id: str) -> None:
    await tx.execute("DELETE FROM result_collect_claims WHERE application_id = ?", (application_id,))
