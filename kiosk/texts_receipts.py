"""Kiosk words for receipts, following an application by its receipt, collecting results printed at the kiosk.

zh-CN and English; merged into kiosk.texts.UI.
"""

from __future__ import annotations

from shared.i18n import Text

WORDS: dict[str, Text] = {
    # the after-submission hub
    "hub_title": Text("接下来请按顺序办理", "What to do now"),
    "app_next_steps": Text("还可以办理", "You can also"),
    "hub_step": Text("第 {n} 步", "Step {n}"),
    "hub_pay": Text("缴费", "Pay the fee"),
    "hub_pay_text": Text("应缴 {amount}，手机扫码即可支付。", "{amount} to pay with your phone."),
    "hub_pay_button": Text("去缴费", "Pay now"),
    "hub_paid": Text("已缴费 {amount}", "Paid: {amount}"),
    "hub_receipt": Text("打印回执", "Print the receipt"),
    "hub_receipt_text": Text(
        "回执上有申请编号、承诺办结日期和查询二维码，请妥善保管。",
        "The receipt shows your number, the promised date and a QR code to follow it. Keep it safe.",
    ),
    "hub_receipt_button": Text("打印回执", "Print the receipt"),
    "hub_receipt_printing": Text("正在打印…", "Printing…"),
    "hub_receipt_printed": Text("回执已打印，请从出纸口取走。", "Your receipt has been printed. Please take it."),
    "hub_receipt_again": Text("再打印一份", "Print another copy"),
    "hub_receipt_a4": Text("打印 A4 整页回执", "Print a full A4 receipt"),
    "hub_receipt_retry": Text("重新打印", "Print again"),
    "hub_receipt_phone": Text("改为发送到手机", "Send to my phone instead"),
    "hub_phone_title": Text("用手机扫码保存回执", "Scan to keep the receipt on your phone"),
    "hub_phone_text": Text(
        "用微信或手机相机扫描二维码，打开后收藏页面，即可随时查看办理进度。",
        "Scan with WeChat or your phone's camera and bookmark the page to follow the application.",
    ),
    "hub_rate": Text("评价服务", "Rate the service"),
    "hub_rate_text": Text("您的评价帮助我们改进服务（好差评）。", "Tell us how we did; it helps us improve."),
    "hub_rate_button": Text("去评价", "Rate now"),
    "hub_rated": Text("已评价，谢谢您！", "Rated. Thank you!"),
    "hub_finish": Text("完成", "Finish"),
    "hub_finish_text": Text(
        "办完了请点“完成”退出，您的信息会从本机清除。",
        "Tap Finish to leave; your details are cleared from this kiosk.",
    ),
    "hub_finish_button": Text("完成，退出", "Finish and leave"),
    "auto_end": Text("秒后自动退出，保护您的信息", "seconds until this screen signs you out, to protect your details"),
    "auto_end_stay": Text("继续操作", "Stay"),
    "hub_see_progress": Text("查看办理进度", "See progress"),
    # follow: the phone page and the kiosk's 查询办件
    "track_entry": Text("查询办件", "Follow my application"),
    "track_entry_text": Text(
        "扫描回执二维码或登录，查看进度、打印结果",
        "Scan your receipt or sign in to see progress or print a result",
    ),
    "track_title": Text("查询办件", "Follow an application"),
    "track_scan_title": Text("扫描回执", "Scan your receipt"),
    "track_scan_text": Text(
        "请将回执上的二维码对准下方的扫码口。",
        "Hold the QR code of your receipt under the code reader below the screen.",
    ),
    "track_scan_waiting": Text("等待扫码…", "Waiting for the code…"),
    "track_scan_unknown": Text(
        "没有找到这张回执对应的办件。请确认是本中心的回执，或登录后查看。",
        "No application matches this code. Check that it is a receipt of this hall, or sign in instead.",
    ),
    "track_signin_title": Text("登录查看", "Sign in"),
    "track_signin_text": Text(
        "刷身份证或手机扫码登录，查看全部办件、补正或打印结果文书。",
        "Sign in with your ID card or phone to see all your applications, correct one or print a result.",
    ),
    "track_signin_button": Text("登录查看我的办件", "Sign in to my applications"),
    "track_scan_again": Text("再扫一张", "Scan another"),
    "track_signin_for_more": Text("登录查看详情或打印结果", "Sign in for details or to print the result"),
    "follow_title": Text("办件进度", "Application progress"),
    "follow_number": Text("申请编号", "Application number"),
    "follow_state": Text("当前状态", "Status"),
    "follow_submitted": Text("提交时间", "Submitted"),
    "follow_promised": Text("承诺办结", "Promised by"),
    "follow_promised_date": Text("{date} 前（{days}）", "{date} ({days})"),
    "follow_not_stated": Text("以部门通知为准", "As the department tells you"),
    "follow_items": Text("各事项进度", "Each item"),
    "follow_privacy": Text(
        "为保护您的隐私，本页不显示个人信息。查看详情请到自助终端或“掌上办”登录。",
        "To protect your privacy this page shows no personal details. Sign in at a kiosk or in the app for more.",
    ),
    "follow_missing_title": Text("没有找到这个办件", "Application not found"),
    "follow_missing_text": Text(
        "二维码可能不完整或已失效。请核对回执，或到自助终端、“掌上办”登录查看。",
        "The code may be incomplete or no longer valid. Check your receipt, or sign in at a kiosk or in the app.",
    ),
    "follow_other_lang": Text("English", "中文"),
    # collect a result printed at the kiosk
    "collect_title": Text("打印结果文书", "Print the result"),
    "collect_text": Text(
        "您选择了在自助终端打印结果。点下方按钮打印，打印后即视为已领取（只能打印一次）。",
        "You chose to print the result at a kiosk. Tap below to print it; printing counts as collecting (once only).",
    ),
    "collect_button": Text("打印结果文书", "Print the result"),
    "collect_printing": Text("正在打印，请稍候…", "Printing, please wait…"),
    "collect_done": Text(
        "结果文书已打印，请从出纸口取走。本办件已办结。",
        "The result has been printed; please take it. This application is finished.",
    ),
    "collect_retry": Text("重新打印", "Print again"),
}
