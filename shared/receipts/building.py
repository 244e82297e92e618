"""A `Receipt` from an application: the catalog version it was made under, its payment, its
delivery, and the promised date counted from the submission day in working days.

Also the plain-words progress a follow page shows (`Progress`): the same facts without
anything personal, for anyone holding the receipt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared import payments
from shared.applications.model import Application
from shared.applications.states import STATE_TEXT, State
from shared.calendar import store as calendar_store
from shared.calendar.days import WorkCalendar, weekends_only
from shared.catalog.model import DELIVERY_TEXT, ServiceItem
from shared.clock import CHINA_TIME
from shared.i18n import Text
from shared.receipts.layouts import money
from shared.receipts.model import Receipt, ReceiptLine

if TYPE_CHECKING:
    from shared.services import Services

HALL = Text("政务服务中心", "Government Service Centre")

STEP_CHECK = Text(
    "窗口工作人员将核对您的申请和材料，符合条件即受理；需要补正时会一次性告知。",
    "A service window checks your application and materials and accepts it; anything to correct is told at once.",
)
STEP_VISIT = Text("还需到现场一次：{reason}", "One visit to the hall is still needed: {reason}")
STEP_PAY = Text(
    "请缴纳费用 {amount}：可在自助终端或手机上扫码缴费。", "Please pay {amount} at a kiosk or on your phone."
)
STEP_FOLLOW = Text(
    "扫描本回执上的二维码，随时查看办理进度。", "Scan the QR code on this receipt to see how it is going."
)
STEP_DELIVERY: dict[str, Text] = {
    "window": Text(
        "办结后，请凭本回执到窗口领取结果。", "Once decided, collect the result at the window with this receipt."
    ),
    "mail": Text("办结后，结果将邮寄到您填写的地址。", "Once decided, the result is mailed to the address you gave."),
    "electronic": Text(
        "办结后，电子结果将存入您的电子证照夹。", "Once decided, the electronic result goes into your wallet."
    ),
    "kiosk_print": Text(
        "办结后，可在任一自助终端扫描本回执并登录，打印结果文书。",
        "Once decided, scan this receipt at any kiosk and sign in to print the result.",
    ),
}


def both(text: Text, **params: tuple[str, str]) -> Text:
    """`text` with each placeholder filled by its Chinese value in Chinese, its English one in English."""
    zh = text.zh.format(**{key: value[0] for key, value in params.items()})
    en = (text.en or "").format(**{key: value[1] for key, value in params.items()})
    return Text(zh, en or None)


def local_date(iso_value: str) -> dt.date:
    return dt.datetime.fromisoformat(iso_value).astimezone(CHINA_TIME).date()


def local_minute(iso_value: str) -> str:
    return dt.datetime.fromisoformat(iso_value).astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")


def promised_date(
    submitted_on: dt.date, promised_days: int | None, calendar: WorkCalendar | None = None
) -> dt.date | None:
    """The N-th working day after submission on the hall's calendar (holidays and 调休 counted)."""
    if promised_days is None:
        return None
    return (calendar or weekends_only()).add_working_days(submitted_on, promised_days)


async def _item_of(services: Services, app: Application) -> ServiceItem | None:
    if app.item_code is None or app.item_version is None:
        return None
    return await services.catalog.item_version(app.item_code, app.item_version)


async def title_of(services: Services, app: Application) -> Text:
    """The item's or bundle's name at the version the application pinned."""
    if app.kind == "bundle" and app.bundle_code is not None and app.bundle_version is not None:
        bundle = await services.catalog.bundle_version(app.bundle_code, app.bundle_version)
        return bundle.name if bundle is not None else Text(app.bundle_code)
    item = await _item_of(services, app)
    return item.name if item is not None else Text(app.item_code or "办件", "Application")


async def _lines(services: Services, app: Application, submitted_on: dt.date) -> list[tuple[ReceiptLine, ServiceItem]]:
    snapshot = await services.catalog.current()
    calendar = await calendar_store.current(services.db)
    found = []
    for source in app.children or (app,):
        item = await _item_of(services, source)
        if item is None:
            continue
        department = snapshot.departments.get(item.department)
        found.append(
            (
                ReceiptLine(
                    number=source.number or "",
                    item=item.name,
                    department=department.name if department is not None else Text(item.department),
                    promised_days=item.promised_days,
                    promised_date=promised_date(submitted_on, item.promised_days, calendar),
                ),
                item,
            )
        )
    return found


def _delivery_method(app: Application) -> str | None:
    if app.delivery_method is not None:
        return app.delivery_method
    return next((child.delivery_method for child in app.children if child.delivery_method), None)


async def fee_state(services: Services, app: Application) -> tuple[int, bool]:
    """What the application owes (fen) and whether it is paid."""
    due = await payments.amount_due_fen(services, app)
    if due <= 0:
        return 0, False
    order = await payments.for_application(services.db, app.id)
    return due, order is not None and order.paid


async def build_receipt(services: Services, app: Application, follow_url: str) -> Receipt:
    """The receipt of a submitted application (an item, or a bundle with its children)."""
    if app.number is None or app.submitted_at is None:
        raise ValueError("only a submitted application has a receipt")
    submitted_on = local_date(app.submitted_at)
    pairs = await _lines(services, app, submitted_on)
    lines = tuple(line for line, _ in pairs)
    fee_fen, fee_paid = await fee_state(services, app)
    method = _delivery_method(app)
    steps = [STEP_CHECK]
    for _, item in pairs:
        if item.max_visits and item.visit_reason is not None:
            steps.append(both(STEP_VISIT, reason=(item.visit_reason.zh, item.visit_reason.get("en"))))
    if fee_fen > 0 and not fee_paid:
        steps.append(both(STEP_PAY, amount=(money(fee_fen, "zh"), money(fee_fen, "en"))))
    if method in STEP_DELIVERY:
        steps.append(STEP_DELIVERY[method])
    steps.append(STEP_FOLLOW)
    dates = [line.promised_date for line in lines if line.promised_date is not None]
    return Receipt(
        number=app.number,
        title=await title_of(services, app),
        submitted_at=local_minute(app.submitted_at),
        lines=lines,
        next_steps=tuple(steps),
        promised_date=max(dates) if dates else None,
        fee_fen=fee_fen,
        fee_paid=fee_paid,
        delivery=DELIVERY_TEXT.get(method) if method is not None else None,
        follow_url=follow_url,
        hall=HALL,
        resubmitted=app.returns > 0,
    )


# --- progress in plain words (the follow page, the kiosk's "查询办件") --------------------------------

STATE_PLAIN: dict[State, Text] = {
    State.DRAFT: Text("还没有提交。", "Not submitted yet."),
    State.SUBMITTED: Text("已提交，等待窗口工作人员受理。", "Submitted; waiting for a service window to accept it."),
    State.RETURNED: Text(
        "需要补正：请登录查看需要修改的内容，改好后重新提交。",
        "Something needs correcting: sign in to see what, then submit again.",
    ),
    State.REFUSED: Text("不予受理。请登录查看原因。", "Not accepted. Sign in to see why."),
    State.ACCEPTED: Text("已受理，正在办理。", "Accepted and being handled."),
    State.UNDER_REVIEW: Text("正在审查中。", "Under review."),
    State.APPROVED: Text("已办结，准予办理，结果待领取。", "Decided and approved; the result is ready to collect."),
    State.DENIED: Text("已办结，不予办理。请登录查看原因。", "Decided: not approved. Sign in to see why."),
    State.DELIVERED: Text("已办结，结果已送达。", "Finished; the result has been delivered."),
}


@dataclass(frozen=True, slots=True)
class ProgressLine:
    number: str
    item: Text
    state: State
    state_text: Text
    plain: Text
    promised_days: int | None
    promised_date: dt.date | None


@dataclass(frozen=True, slots=True)
class Progress:
    """What anyone holding the receipt may see: no name, no answer, no personal number."""

    number: str
    title: Text
    state: State
    state_text: Text
    plain: Text
    submitted_at: str
    lines: tuple[ProgressLine, ...]
    promised_date: dt.date | None


async def progress(services: Services, app: Application) -> Progress:
    assert app.number is not None and app.submitted_at is not None
    submitted_on = local_date(app.submitted_at)
    by_number = {source.number: source for source in (app.children or (app,))}
    lines = []
    for line, _ in await _lines(services, app, submitted_on):
        source = by_number.get(line.number, app)
        lines.append(
            ProgressLine(
                number=line.number,
                item=line.item,
                state=source.state,
                state_text=STATE_TEXT[source.state],
                plain=STATE_PLAIN[source.state],
                promised_days=line.promised_days,
                promised_date=line.promised_date,
            )
        )
    dates = [line.promised_date for line in lines if line.promised_date is not None]
    return Progress(
        number=app.number,
        title=await title_of(services, app),
        state=app.status,
        state_text=STATE_TEXT[app.status],
        plain=STATE_PLAIN[app.status],
        submitted_at=local_minute(app.submitted_at),
        lines=tuple(lines),
        promised_date=max(dates) if dates else None,
    )
