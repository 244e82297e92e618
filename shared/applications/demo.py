"""Demo wallets (demo mode only): electronic certificates for the demo ID cards.

The demo cards of `shared.kiosk.demo` sign in at the demo kiosk; with a resident ID card
and a household register (户口簿) already in their wallets, a visitor sees materials
covered by certificates (电子证照) instead of being asked for paper. Keyed by the holder
hash of each card's ID number, like every wallet, so the certificates are there whether
the person has signed in yet or not. Idempotent: seeding twice adds nothing.
"""

from __future__ import annotations

from shared.applications import certificates
from shared.db import Database
from shared.kiosk.demo import DEMO_CARDS
from shared.privacy.vault import PiiVault

DEMO_CERTIFICATES: tuple[tuple[str, str, str], ...] = (
    # (type code, number prefix, issuer)
    ("resident_id_card", "DEMO-SFZ", "GA"),
    ("hukou_booklet", "DEMO-HKB", "GA"),
)


async def seed_demo_wallets(db: Database, vault: PiiVault, now: float) -> int:
    """Give every valid demo card its demo certificates; returns how many were added."""
    added = 0
    async with db.transaction() as tx:
        for card in DEMO_CARDS:
            if card.reading is None or card.kind != "valid":
                continue
            holder = vault.lookup_hash(card.reading.id_number, "id_number")
            for type_code, prefix, issuer in DEMO_CERTIFICATES:
                if await certificates.find(tx, holder, type_code) is not None:
                    continue
                # The ID card certificate lapses with the card; a household register does not.
                until = card.reading.valid_until if type_code == "resident_id_card" else None
                valid_until = until.isoformat() if until is not None else None
                await certificates.issue(
                    tx, holder, type_code, f"{prefix}-{card.key.upper()}", issuer, now, None, valid_until=valid_until
                )
                added += 1
    return added
