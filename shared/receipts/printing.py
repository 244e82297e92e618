"""Printing a receipt (受理回执) at the kiosk the citizen stands at.

Reprinting is allowed (a receipt is not a notice: a second copy changes nothing) and every
print is recorded, printed or failed. A printer fault never raises: the outcome carries
the message for the screen, and shared.kiosk.printing has told staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.applications.model import Application
from shared.i18n import Lang
from shared.kiosk.bridge import PrintJob
from shared.kiosk.printing import PrintOutcome, print_at_kiosk
from shared.receipts import repository
from shared.receipts.building import build_receipt
from shared.receipts.layouts import a4_receipt, thermal_receipt
from shared.receipts.repository import Paper

if TYPE_CHECKING:
    from shared.services import Services

FOLLOW_PATH = "/follow/"


def submission_of(app: Application) -> int:
    """Which submission the application is at: 1, then one more after each 补正 resubmission."""
    return app.returns + 1


async def follow_url(services: Services, app: Application, public_base: str) -> str:
    """The phone follow link of the application's current receipt (made on first use)."""
    async with services.db.transaction() as tx:
        stored = await repository.ensure(tx, services.secret_key, app.id, submission_of(app), services.clock.now())
    return public_base.rstrip("/") + FOLLOW_PATH + repository.follow_token(services.secret_key, stored.id)


@dataclass(frozen=True, slots=True)
class ReceiptPrint:
    outcome: PrintOutcome
    follow_url: str


async def print_receipt(
    services: Services,
    app: Application,
    device_id: str,
    public_base: str,
    *,
    paper: Paper = "80mm",
    lang: Lang = "zh",
) -> ReceiptPrint:
    """Print the application's receipt on kiosk `device_id`; the outcome says how it went."""
    if app.number is None:
        raise ValueError("only a submitted application has a receipt")
    url = await follow_url(services, app, public_base)
    receipt = await build_receipt(services, app, url)
    body = thermal_receipt(receipt, lang) if paper == "80mm" else a4_receipt(receipt, lang)
    job = PrintJob(kind="receipt", paper=paper, title=f"受理回执 {app.number}", body=body, reference=app.id, code=url)
    outcome = await print_at_kiosk(services, device_id, job)
    async with services.db.transaction() as tx:
        stored = await repository.ensure(tx, services.secret_key, app.id, submission_of(app), services.clock.now())
        await repository.record_receipt_print(
            tx,
            stored.id,
            device_id,
            paper,
            "printed" if outcome.ok else "failed",
            outcome.print_id,
            services.clock.now(),
        )
    return ReceiptPrint(outcome, url)
