"""电子证照: the certificate wallet and all its SQL.

A certificate belongs to a person, not to an account: it is keyed by the holder's
ID-number lookup hash (the same HMAC as `citizens.id_number_hash`), so the citizen who
signed in with an ID card at a kiosk and the same person bound on the phone hold the same
wallet, and a later application by either reuses it instead of asking for the paper.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from shared.applications.model import Certificate
from shared.clock import iso
from shared.db import Database, Query, Row, Transaction, fetch

if TYPE_CHECKING:
    from shared.services import Services

Reader = Database | Transaction

_SELECT = (
    "SELECT id, type_code, number, issuer, issued_at, valid_until, source_application_id, status FROM certificates"
)


def new_certificate_id() -> str:
    return "c_" + secrets.token_urlsafe(16)


def _certificate(row: Row) -> Certificate:
    return Certificate(
        id=str(row["id"]),
        type_code=str(row["type_code"]),
        number=str(row["number"]),
        issuer=str(row["issuer"]),
        issued_at=str(row["issued_at"]),
        valid_until=row["valid_until"],
        source_application_id=row["source_application_id"],
        status=str(row["status"]),
    )


async def holder_hash(db: Reader, citizen_id: str) -> bytes | None:
    """The citizen's ID-number lookup hash; None before real-name (no wallet yet)."""
    row = await db.fetch_one("SELECT id_number_hash FROM citizens WHERE id = ?", (citizen_id,))
    if row is None or row["id_number_hash"] is None:
        return None
    return bytes(row["id_number_hash"])


def _certificates(rows: list[Row]) -> list[Certificate]:
    return [_certificate(row) for row in rows]


def wallet_query(citizen_id: str, today: dt.date) -> Query[list[Certificate]]:
    """The citizen's valid certificates, oldest first; empty for a citizen not yet real-name.

    One statement, holder found inside it: the pre-submission check of every submission
    reads the wallet, and each statement is a hop to a database thread.
    """
    return Query(
        f"{_SELECT} WHERE holder_hash = (SELECT id_number_hash FROM citizens WHERE id = ?) AND status = 'valid'"
        " AND (valid_until IS NULL OR valid_until >= ?) ORDER BY issued_at, type_code, id",
        (citizen_id, today.isoformat()),
        _certificates,
    )


async def wallet(services: Services, citizen_id: str) -> list[Certificate]:
    return await fetch(services.db, wallet_query(citizen_id, services.clock.today()))


async def get(db: Reader, certificate_id: str) -> Certificate | None:
    row = await db.fetch_one(f"{_SELECT} WHERE id = ?", (certificate_id,))
    return _certificate(row) if row is not None else None


async def find(db: Reader, holder: bytes, type_code: str) -> Certificate | None:
    """The holder's valid certificate of a type, if any (the newest)."""
    row = await db.fetch_one(
        f"{_SELECT} WHERE holder_hash = ? AND type_code = ? AND status = 'valid' ORDER BY issued_at DESC, id LIMIT 1",
        (holder, type_code),
    )
    return _certificate(row) if row is not None else None


async def issue(
    tx: Transaction,
    holder_hash: bytes,
    type_code: str,
    number: str,
    issuer: str,
    now: float,
    source_application_id: str | None,
    valid_until: str | None = None,
) -> Certificate:
    """Put a certificate in the holder's wallet (inside the issuing transaction)."""
    certificate = Certificate(
        id=new_certificate_id(),
        type_code=type_code,
        number=number,
        issuer=issuer,
        issued_at=iso(now),
        valid_until=valid_until,
        source_application_id=source_application_id,
    )
    await tx.execute(
        "INSERT INTO certificates (id, holder_hash, type_code, number, issuer, issued_at, valid_until,"
        " source_application_id, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'valid')",
        (
            certificate.id,
            holder_hash,
            type_code,
            number,
            issuer,
            certificate.issued_at,
            valid_until,
            source_application_id,
        ),
    )
    return certificate
