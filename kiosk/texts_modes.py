"""Kiosk words for the attract screen, elder mode, high contrast and ratings (好差评).

zh-CN and English; merged into kiosk.texts.UI.
"""

from __future__ import annotations

from shared.i18n import Text

WORDS: dict[str, Text] = {
    # attract screen (both languages are shown at once: nobody has chosen yet)
    "attract_title": Text("政务服务自助终端", "Self-service kiosk"),
    "attract_what": Text(
        "办事指南 · 在线申请 · 缴费 · 打印回执 · 查询进度", "Guides · Apply · Pay · Receipts · Progress"
    ),
    # display modes (masthead)
    "modes": Text("显示方式", "Display"),
    "mode_elder": Text("长辈模式", "Large text"),
    "mode_contrast": Text("高对比度", "High contrast"),
    "mode_unknown": Text("请选择长辈模式或高对比度。", "Please choose large text or high contrast."),
    # ratings
    "rate_title": Text("评价本次服务", "Rate this service"),
    "rate_intro": Text(
        "您的评价将帮助我们改进服务。每件办件只能评价一次，提交后不能修改。",
        "Your rating helps us improve. You can rate each application once, and a rating cannot be changed.",
    ),
    "rate_step_level": Text("第一步：请选择满意程度", "Step 1: how satisfied are you?"),
    "rate_step_reasons": Text("第二步：原因（可选，可多选）", "Step 2: why? (optional, choose any)"),
    "rate_reasons_good": Text("哪些方面让您满意？", "What went well?"),
    "rate_reasons_fair": Text("哪些方面还可以改进？", "What could be better?"),
    "rate_reasons_bad": Text("哪些方面让您不满意？", "What went wrong?"),
    "rate_change_level": Text("重新选择满意程度", "Choose another rating"),
    "rate_submit": Text("提交评价", "Send my rating"),
    "rate_skip": Text("暂不评价", "Not now"),
    "rate_chosen": Text("您选择了：{level}", "You chose: {level}"),
    "rate_done_title": Text("感谢您的评价", "Thank you for your rating"),
    "rate_done_text": Text(
        "您已评价过本办件，评价不能修改。", "You have rated this application. A rating cannot be changed."
    ),
    "rate_your_level": Text("您的评价", "Your rating"),
    "rate_your_reasons": Text("原因", "Reasons"),
    "rate_bad_followup": Text(
        "我们会认真核实，并在规定时间内回访您。", "We will look into it and contact you within the set time."
    ),
    "rate_continue": Text("继续", "Continue"),
    "rate_application": Text("办件编号：{number}", "Application number: {number}"),
}
