"""How an application's fee stands, in one line for staff pages (已缴费 / 未缴费 / 无需缴费).

A bundle child (一件事 item) has no order of its own: its bundle parent pays for the whole
bundle, so the child shows the parent's order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.applications.model import Application
from shared.i18n import Text
from shared.payments.fees import yuan
from shared.payments.orders import ensure_order

if TYPE_CHECKING:
    from shared.services import Services


@dataclass(frozen=True, slots=True)
class FeeStatus:
    state: str  # "none" | "unpaid" | "failed" | "paid" | "closed"
    amount_fen: int
    paid_at: str | None
    with_bundle: bool = False

    label = Text("缴费", "Fee")

    @property
    def paid(self) -> bool:
        return self.state == "paid"

    @property
    def text(self) -> Text:
        amount = yuan(self.amount_fen)
        if self.state == "none":
            return Text("无需缴费", "No fee")
        if self.state == "closed":
            return Text("无需缴费（订单已关闭）", "No fee (order closed)")
        if self.state == "paid":
            line = Text(f"已缴费 ¥{amount}", f"Paid ¥{amount}")
        elif self.state == "failed":
            line = Text(f"未缴费 ¥{amount}（上次付款未成功）", f"Unpaid ¥{amount} (the last payment failed)")
        else:
            line = Text(f"未缴费 ¥{amount}", f"Unpaid ¥{amount}")
        if self.with_bundle:
            return Text(f"{line.zh}（随“一件事”合并缴纳）", f"{line.get('en')} (paid with the bundle)")
        return line


async def fee_status(services: Services, app: Application) -> FeeStatus:
    payer = app.parent_id or app.id
    order = await ensure_order(services, payer)
    if order is None:
        return FeeStatus("none", 0, None)
    return FeeStatus(order.state, order.amount_fen, order.paid_at, with_bundle=app.parent_id is not None)
