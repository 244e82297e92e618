"""All SQL about citizens, and the policy of how a person's identity is proven.

A citizen row appears the first time someone signs in: from the phone (a WeChat account,
not yet real-name), or at a kiosk by ID card (real-name at once). Real-name binding on the
phone attaches name, ID number and a verified phone; when that ID number already belongs
to a row (the person used a kiosk before), the accounts are the same person only if the
name matches too, and the phone row's links move to the existing citizen.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from shared.clock import iso
from shared.db import Database, Query, Row, Transaction, fetch
from shared.privacy.masking import mask_id_number, mask_name, mask_phone
from shared.privacy.vault import PiiVault

VerifiedBy = Literal["id_card", "sms"]

NAME_COLUMN = "citizens.name"
ID_COLUMN = "citizens.id_number"
PHONE_COLUMN = "citizens.phone"


@dataclass(frozen=True, slots=True)
class Citizen:
    """A citizen as screens and API answers may show them: masked only."""

    id: str
    name_masked: str
    id_number_masked: str
    phone_masked: str
    verified_by: VerifiedBy | None

    @property
    def is_real_name(self) -> bool:
        return self.verified_by is not None


class IdentityMismatch(Exception):
    """The ID number is known under another name, or is already bound to another account."""


def _citizen(row: Row) -> Citizen:
    verified = row["verified_by"]
    return Citizen(
        id=str(row["id"]),
        name_masked=str(row["name_masked"]),
        id_number_masked=str(row["id_number_masked"]),
        phone_masked=str(row["phone_masked"]),
        verified_by=verified if verified in ("id_card", "sms") else None,
    )


_SELECT = "SELECT id, name_masked, id_number_masked, phone_masked, verified_by FROM citizens"


def _first_citizen(rows: list[Row]) -> Citizen | None:
    return _citizen(rows[0]) if rows else None


def get_query(citizen_id: str) -> Query[Citizen | None]:
    return Query(f"{_SELECT} WHERE id = ?", (citizen_id,), _first_citizen)


async def get(db: Database | Transaction, citizen_id: str) -> Citizen | None:
    return await fetch(db, get_query(citizen_id))


async def find_by_id_number(db: Database | Transaction, vault: PiiVault, id_number: str) -> Citizen | None:
    row = await db.fetch_one(f"{_SELECT} WHERE id_number_hash = ?", (vault.lookup_hash(id_number, "id_number"),))
    return _citizen(row) if row is not None else None


async def create(tx: Transaction, now: float) -> str:
    """A citizen known only by how they signed in (a WeChat account), not yet real-name."""
    citizen_id = str(uuid.uuid4())
    await tx.execute(
        "INSERT INTO citizens (id, created_at, updated_at) VALUES (?, ?, ?)", (citizen_id, iso(now), iso(now))
    )
    return citizen_id


async def _name_matches(tx: Transaction, vault: PiiVault, citizen_id: str, name: str) -> bool:
    row = await tx.fetch_one("SELECT name_sealed FROM citizens WHERE id = ?", (citizen_id,))
    if row is None or row["name_sealed"] is None:
        return True
    return vault.open(bytes(row["name_sealed"]), NAME_COLUMN) == name


async def sign_in_with_id_card(tx: Transaction, vault: PiiVault, name: str, id_number: str, now: float) -> str:
    """The citizen whose card was read: found by ID number, or created real-name.

    The card is the strongest proof the hall has, so its name wins over a declared one.
    """
    existing = await find_by_id_number(tx, vault, id_number)
    if existing is not None:
        await tx.execute(
            "UPDATE citizens SET name_sealed = ?, name_masked = ?, verified_by = 'id_card', verified_at = ?,"
            " updated_at = ? WHERE id = ?",
            (vault.seal(name, NAME_COLUMN), mask_name(name), iso(now), iso(now), existing.id),
        )
        return existing.id
    citizen_id = str(uuid.uuid4())
    await tx.execute(
        "INSERT INTO citizens (id, created_at, updated_at, name_sealed, name_masked, id_number_sealed, id_number_hash,"
        " id_number_masked, verified_by, verified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'id_card', ?)",
        (
            citizen_id,
            iso(now),
            iso(now),
            vault.seal(name, NAME_COLUMN),
            mask_name(name),
            vault.seal(id_number, ID_COLUMN),
            vault.lookup_hash(id_number, "id_number"),
            mask_id_number(id_number),
            iso(now),
        ),
    )
    return citizen_id


async def bind_real_name(
    tx: Transaction, vault: PiiVault, citizen_id: str, name: str, id_number: str, phone: str, now: float
) -> str:
    """Attach a verified phone, a name and an ID number to `citizen_id`.

    Returns the citizen id the account now belongs to: `citizen_id` itself, or the
    existing citizen with that ID number when the name matches (the caller moves its
    links, such as the WeChat account, to that id). Raises IdentityMismatch when the ID
    number is known under another name or `citizen_id` already has another ID number.
    """
    current = await tx.fetch_one("SELECT id_number_hash FROM citizens WHERE id = ?", (citizen_id,))
    if current is None:
        raise LookupError(citizen_id)
    id_hash = vault.lookup_hash(id_number, "id_number")
    if current["id_number_hash"] is not None and bytes(current["id_number_hash"]) != id_hash:
        raise IdentityMismatch("account already bound to another ID number")
    owner = await find_by_id_number(tx, vault, id_number)
    target = citizen_id
    if owner is not None and owner.id != citizen_id:
        if not await _name_matches(tx, vault, owner.id, name):
            raise IdentityMismatch("ID number known under another name")
        target = owner.id
    elif owner is not None and not await _name_matches(tx, vault, owner.id, name):
        raise IdentityMismatch("ID number known under another name")
    verified_by = "id_card" if owner is not None and owner.verified_by == "id_card" else "sms"
    await tx.execute(
        "UPDATE citizens SET name_sealed = ?, name_masked = ?, id_number_sealed = ?, id_number_hash = ?,"
        " id_number_masked = ?, phone_sealed = ?, phone_hash = ?, phone_masked = ?, verified_by = ?,"
        " verified_at = COALESCE(verified_at, ?), updated_at = ? WHERE id = ?",
        (
            vault.seal(name, NAME_COLUMN),
            mask_name(name),
            vault.seal(id_number, ID_COLUMN),
            id_hash,
            mask_id_number(id_number),
            vault.seal(phone, PHONE_COLUMN),
            vault.lookup_hash(phone, "phone"),
            mask_phone(phone),
            verified_by,
            iso(now),
            iso(now),
            target,
        ),
    )
    return target


async def reveal(db: Database | Transaction, vault: PiiVault, citizen_id: str) -> tuple[str, str, str] | None:
    """(name, ID number, phone) in full, for the few places that strictly need them, such
    as filling in an application form. Empty strings for what is not known. Never render it."""
    row = await db.fetch_one(
        "SELECT name_sealed, id_number_sealed, phone_sealed FROM citizens WHERE id = ?", (citizen_id,)
    )
    if row is None:
        return None
    name = vault.open(bytes(row["name_sealed"]), NAME_COLUMN) if row["name_sealed"] is not None else ""
    id_number = vault.open(bytes(row["id_number_sealed"]), ID_COLUMN) if row["id_number_sealed"] is not None else ""
    phone = vault.open(bytes(row["phone_sealed"]), PHONE_COLUMN) if row["phone_sealed"] is not None else ""
    return name, id_number, phone
