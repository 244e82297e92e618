"""Demo mode gives the demo ID cards their certificates, once, and only in demo mode."""

from __future__ import annotations

from dataclasses import replace

from shared.applications import certificates
from shared.clock import ManualClock
from shared.config import Settings
from shared.identity import citizens
from shared.kiosk.demo import find_card
from shared.services import open_services


async def wallet_of_card(settings: Settings, clock: ManualClock, key: str) -> list[tuple[str, str | None]]:
    card = find_card(key)
    assert card is not None and card.reading is not None
    async with open_services(settings, clock) as services:
        async with services.db.transaction() as tx:
            citizen_id = await citizens.sign_in_with_id_card(
                tx, services.vault, card.reading.name, card.reading.id_number, clock.now()
            )
        return sorted((c.type_code, c.valid_until) for c in await certificates.wallet(services, citizen_id))


async def test_demo_cards_hold_certificates_once(settings: Settings, clock: ManualClock) -> None:
    demo = replace(settings, demo=True)
    first = await wallet_of_card(demo, clock, "wang")
    assert first == [("hukou_booklet", None), ("resident_id_card", "2036-03-01")]
    # Starting again adds nothing.
    assert await wallet_of_card(demo, clock, "wang") == first
    # A long-term card's certificate does not lapse; the expired card gets none.
    assert await wallet_of_card(demo, clock, "li") == [("hukou_booklet", None), ("resident_id_card", None)]
    assert await wallet_of_card(demo, clock, "zhao") == []


async def test_no_demo_certificates_outside_demo_mode(settings: Settings, clock: ManualClock) -> None:
    assert await wallet_of_card(settings, clock, "wang") == []
