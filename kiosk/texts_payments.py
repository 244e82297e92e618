"""Kiosk words for paying fees (缴费) at the kiosk, and for the simulated provider's phone cashier.

zh-CN and English; merged into kiosk.texts.UI.
"""

from __future__ import annotations

from shared.i18n import Text

WORDS: dict[str, Text] = {
    # the kiosk's pay page
    "pay_title": Text("缴纳费用", "Pay the fee"),
    "pay_amount_label": Text("应缴金额", "Amount to pay"),
    "pay_lines_label": Text("收费项目", "What the fee is for"),
    "pay_qr_label": Text("用手机扫码缴费", "Scan with your phone to pay"),
    "pay_step_open": Text("打开手机微信或支付宝的“扫一扫”", "Open “Scan” in WeChat or Alipay on your phone"),
    "pay_step_scan": Text("对准左边的二维码扫码", "Point it at the QR code"),
    "pay_step_confirm": Text(
        "在手机上确认付款，本页会自动进入下一步", "Confirm on the phone; this screen moves on by itself"
    ),
    "pay_waiting": Text("正在等待付款结果…", "Waiting for the payment…"),
    "pay_paid": Text("缴费成功，正在进入下一步…", "Paid. Moving on…"),
    "pay_failed": Text("付款没有成功，没有扣款。", "The payment did not go through. Nothing was charged."),
    "pay_failed_reason": Text("原因：{reason}", "Reason: {reason}"),
    "pay_try_again": Text("重新缴费", "Try again"),
    "pay_later": Text("稍后再缴", "Pay later"),
    "pay_later_note": Text(
        "也可以稍后在手机上或窗口缴费，不影响办件受理。",
        "You can also pay later on your phone or at a window; your application is not held up.",
    ),
    "pay_reason_declined": Text("付款被取消或拒绝", "the payment was cancelled or declined"),
    "pay_reason_insufficient_funds": Text("余额不足", "not enough money in the account"),
    "pay_reason_timeout": Text("付款超时", "the payment timed out"),
    "pay_reason_other": Text("支付平台未说明原因", "the payment platform gave no reason"),
    "pay_simulated_note": Text(
        "演示环境：二维码打开的是“模拟支付”页面，不会产生真实扣款。",
        "Demo: the QR code opens a simulated cashier; no real money is taken.",
    ),
    # the simulated provider's phone cashier (模拟支付)
    "paysim_title": Text("模拟支付", "Simulated payment"),
    "paysim_banner": Text(
        "模拟支付 · 演示用，不会产生真实扣款", "Simulated payment · for the demo, no real money is taken"
    ),
    "paysim_payee": Text("收款方", "Payee"),
    "paysim_order": Text("订单号", "Order"),
    "paysim_amount": Text("金额", "Amount"),
    "paysim_pay": Text("确认支付", "Pay"),
    "paysim_decline": Text("拒绝支付（模拟失败）", "Decline (simulate a failure)"),
    "paysim_done_paid": Text("支付成功", "Payment made"),
    "paysim_done_paid_note": Text(
        "请回到自助终端，屏幕会自动进入下一步。", "Go back to the kiosk: its screen moves on by itself."
    ),
    "paysim_done_failed": Text("已拒绝支付", "Payment declined"),
    "paysim_done_failed_note": Text(
        "没有扣款。可在自助终端上点“重新缴费”。", "Nothing was charged. Tap “Try again” on the kiosk."
    ),
    "paysim_already_paid": Text(
        "该订单已支付，无需再次付款。", "This order is already paid; there is nothing more to pay."
    ),
    "paysim_stale": Text(
        "此付款码已失效，请在自助终端或手机上重新发起缴费。",
        "This payment code is no longer valid. Start the payment again on the kiosk or phone.",
    ),
    "paysim_refused": Text(
        "支付平台的通知未被受理，请联系工作人员。", "The payment notice was not accepted. Please ask the staff."
    ),
}
