"""Printing at a kiosk: what every page that prints calls (receipts, result documents).

`print_at_kiosk` sends one job to the kiosk's printer through the device bridge and never
raises for a printer fault: a citizen at the screen gets a clear message instead (the
issue's "a printer fault gets a clear message and a way forward"), and hall staff get an
alert on /staff/hall, raised once however often the citizen tries again. The printer's
state is recorded (shared.kiosk.hardware). When a print goes through after a fault, the
printer is recorded ok again and its open printer alerts resolve themselves.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from shared import audit
from shared.audit import Actor, AuditEvent, Where
from shared.i18n import Text
from shared.kiosk import hall_alerts, hardware
from shared.kiosk.bridge import PaperJam, PaperOut, PrinterError, PrintJob
from shared.kiosk.hall_alerts import AlertKind
from shared.kiosk.hardware import HardwareState
from shared.services import Services

log = logging.getLogger("onevisit.kiosk.printing")

PAPER_OUT_TEXT = Text(
    "打印机缺纸，已通知工作人员前来处理。请稍候，加纸后点“重新打印”即可。",
    "The printer is out of paper. Staff have been told and are on their way; once paper is added, tap “Print again”.",
)
JAM_TEXT = Text(
    "打印机卡纸，已通知工作人员前来处理。请稍候，处理好后点“重新打印”即可。",
    "The printer has jammed. Staff have been told and are on their way; once it is cleared, tap “Print again”.",
)
UNAVAILABLE_TEXT = Text(
    "打印机暂时无法使用，已通知工作人员。您可以稍后重试，或请工作人员协助。",
    "The printer is not available right now. Staff have been told. You can try again shortly or ask staff for help.",
)


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    """How a print went: `ok` with the printer's print id, or not with a zh/en message for the screen."""

    ok: bool
    print_id: str | None
    problem: Text | None


@dataclass(frozen=True, slots=True)
class _Fault:
    state: HardwareState
    alert: AlertKind
    text: Text


def _fault(error: PrinterError) -> _Fault:
    if isinstance(error, PaperOut):
        return _Fault("paper_out", "printer_paper_out", PAPER_OUT_TEXT)
    if isinstance(error, PaperJam):
        return _Fault("jam", "printer_jam", JAM_TEXT)
    return _Fault("unavailable", "printer_unavailable", UNAVAILABLE_TEXT)


def _recovered(report: hardware.ComponentState | None, job: PrintJob) -> bool:
    """Whether this good print changes what is recorded: the printer's first report, or a
    fault that is over. A kiosk has two papers (the 80 mm roll and the A4 tray): a sheet of
    one does not refill the other, so paper-out ends only with a print on the same paper;
    a jam or an offline printer ends with any print."""
    if report is None:
        return True  # the printer's first report
    if report.working:  # ok, or paper low: a good print says nothing new
        return False
    if report.state == "paper_out":
        return (report.detail or "").split(" ", 1)[0] in ("", job.paper)
    return True


async def print_at_kiosk(services: Services, device_id: str, job: PrintJob) -> PrintOutcome:
    """Print `job` on the printer of kiosk `device_id`.

    Returns ok with the print id, or ok=False with the message to show (the fault is
    recorded and staff alerted). Raises only for what is not a printer fault (a bad job).
    """
    try:
        print_id = await services.device_bridge.print_document(device_id, job)
    except PrinterError as error:
        fault = _fault(error)
        now = services.clock.now()
        async with services.db.transaction() as tx:
            await hardware.record(tx, device_id, "printer", fault.state, now, detail=f"{job.paper} {job.kind}")
            alert_id = await hall_alerts.raise_alert(tx, device_id, fault.alert, now)
            await audit.record(
                tx,
                AuditEvent(
                    actor=Actor("kiosk", device_id, device_id),
                    where=Where.kiosk(device_id),
                    action="kiosk.printer.fault",
                    result="failed",
                    target=str(alert_id),
                    detail={"state": fault.state, "job": job.kind},
                ),
                now,
            )
        log.warning("printer fault on %s: %s (%s job)", device_id, fault.state, job.kind)
        return PrintOutcome(ok=False, print_id=None, problem=fault.text)
    # Usually the printer was fine already: one read, no write on the hot path.
    if _recovered(await hardware.report_of(services.db, device_id, "printer"), job):
        now = services.clock.now()
        async with services.db.transaction() as tx:
            await hardware.record(tx, device_id, "printer", "ok", now)
            for kind in hall_alerts.PRINTER_KINDS:
                await hall_alerts.resolve(tx, device_id, kind, now)
    return PrintOutcome(ok=True, print_id=print_id, problem=None)
