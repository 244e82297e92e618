"""Collecting a result at a kiosk (自助终端打印出件): print the result documents on A4, then
deliver the application (`workflow.deliver(how="kiosk_print")`), exactly once.

    approved, delivery kiosk_print ──claim──▶ print ──ok──▶ deliver (claim released with it)
                                       │          └─fault─▶ claim released, print recorded failed;
                                       │                    still approved: "try again" works
                                       └─ held by another tap ─▶ CollectInProgress (409)
    delivered ──▶ AlreadyCollected (409): a result is handed over once (a copy is a window matter)

The claim row (result_collect_claims) is taken in a write transaction that re-reads the
application, so a double tap, a resent form or a second kiosk print at most one copy.
A claim left by a crash between printing and delivering lapses after CLAIM_STALE_SECONDS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.applications import repository as app_repository, results, workflow
from shared.applications.model import Application
from shared.applications.states import State
from shared.audit import Where
from shared.db import Transaction
from shared.errors import Conflict
from shared.i18n import Lang, Text
from shared.kiosk.bridge import PrintJob
from shared.kiosk.printing import PrintOutcome, print_at_kiosk
from shared.receipts import repository
from shared.receipts.building import HALL, local_date, title_of
from shared.receipts.layouts import ResultSheet, result_document

if TYPE_CHECKING:
    from shared.services import Services

CLAIM_STALE_SECONDS = 180.0


class AlreadyCollected(Conflict):
    code = "result_already_collected"
    default_message = Text(
        "该办件的结果文书已经打印领取，不能再次打印。如需补发，请到综合窗口咨询。",
        "The result of this application has already been printed and collected; it cannot be printed again."
        " Ask at the service window if you need another copy.",
    )


class NotCollectable(Conflict):
    code = "result_not_collectable"
    default_message = Text(
        "该办件暂时没有可在自助终端打印的结果文书。",
        "This application has no result to print at a kiosk yet.",
    )


class CollectInProgress(Conflict):
    code = "result_collect_in_progress"
    default_message = Text(
        "结果文书正在打印，请稍候，不要重复点击。",
        "The result is being printed. Please wait; there is no need to tap again.",
    )


def collectable(app: Application) -> bool:
    """Approved, and the citizen chose to print the result at a kiosk."""
    return app.state == State.APPROVED and app.delivery_method == "kiosk_print"


async def _sheets(services: Services, app: Application) -> tuple[ResultSheet, ...]:
    snapshot = await services.catalog.current()
    item = await title_of(services, app)
    sheets = []
    for document in await results.for_application(services.db, app.id):
        department_code = document.body.get("department") or app.department
        department = snapshot.departments.get(department_code) if department_code else None
        sheets.append(
            ResultSheet(
                kind=document.kind,
                title=document.title,
                number=document.number,
                application_number=app.number or "",
                item=item,
                department=department.name if department is not None else None,
                issued_on=local_date(document.issued_at),
                decision=document.body.get("decision"),
                reason=document.body.get("reason") or None,
                certificate_number=document.body.get("number") if document.kind == "certificate" else None,
            )
        )
    return tuple(sheets)


async def collect_result(services: Services, app: Application, device_id: str, *, lang: Lang = "zh") -> PrintOutcome:
    """Print the result of `app` (the caller has checked the owner) at kiosk `device_id` and
    deliver it. A printer fault returns ok=False with the message and leaves it undelivered."""
    now = services.clock.now()
    async with services.db.transaction() as tx:
        current = await app_repository.load(tx, services.vault, app.id)
        if current is None:
            raise NotCollectable()
        if current.state == State.DELIVERED:
            raise AlreadyCollected()
        if not collectable(current):
            raise NotCollectable()
        if not await repository.claim_collection(tx, app.id, device_id, now, CLAIM_STALE_SECONDS):
            raise CollectInProgress()
    sheets = await _sheets(services, current)
    job = PrintJob(
        kind="result",
        paper="A4",
        title=f"结果文书 {current.number}",
        body=result_document(sheets, HALL, lang),
        reference=current.id,
        sheets=max(1, len(sheets)),
    )
    try:
        outcome = await print_at_kiosk(services, device_id, job)
    except BaseException:
        async with services.db.transaction() as tx:
            await repository.release_collection(tx, app.id)
        raise
    if not outcome.ok:
        async with services.db.transaction() as tx:
            await repository.release_collection(tx, app.id)
            await repository.record_result_print(tx, app.id, device_id, "failed", None, services.clock.now())
        return outcome

    async def printed(tx: Transaction, _: Application) -> None:
        await repository.release_collection(tx, app.id)
        await repository.record_result_print(tx, app.id, device_id, "printed", outcome.print_id, services.clock.now())

    await workflow.deliver(
        services, current, how="kiosk_print", where=Where.kiosk(device_id), now=services.clock.now(), within=printed
    )
    return outcome
