"""The words of the kiosk screens, in zh-CN and English.

Catalog content (item names, materials...) comes from the catalog; these are only the
labels around it. Templates reach them with the `ui` filter: `{{ "most_used"|ui }}`, and
`{{ "copies"|ui(n=2) }}` for the ones with a placeholder. An unknown key is an error, so a
typo fails the tests instead of printing nothing.
"""

from __future__ import annotations

from types import MappingProxyType

from kiosk import (
    texts_access,
    texts_devices,
    texts_feedback,
    texts_menus,
    texts_modes,
    texts_payments,
    texts_queue,
    texts_receipts,
    texts_steps,
    texts_time,
)
from shared.i18n import NOT_PROVIDED, Text

_CORE: dict[str, Text] = dict(
    {
        # frame
        "hall_name": Text("政务服务中心", "Government Service Centre"),
        "self_service": Text("自助服务", "Self-service"),
        "language": Text("语言", "Language"),
        "home": Text("首页", "Home"),
        "back": Text("返回", "Back"),
        "scroll_up": Text("上翻", "Up"),
        "scroll_down": Text("下翻", "Down"),
        "page_nav": Text("页面导航", "Page navigation"),
        "network_error": Text("网络连接中断，请稍后再试。", "The connection was lost. Please try again."),
        "not_provided": NOT_PROVIDED,
        "colon": Text("：", ": "),
        "list_sep": Text("、", ", "),
        # home
        "search_prompt": Text(
            "搜索事项：输入名称或拼音首字母，如 sfz", "Search: type a name or pinyin initials, e.g. sfz"
        ),
        "person_services": Text("个人服务", "For individuals"),
        "life_events": Text("一件事一次办", "Life events: one application"),
        "most_used": Text("常用事项", "Most used"),
        "company_services": Text("企业服务", "For businesses"),
        "bundle_badge": Text("一件事", "Bundle"),
        "n_items": Text("{n} 个事项", "{n} items"),
        # category
        "bundles_here": Text("一件事一次办", "Apply for everything at once"),
        "items_here": Text("办理事项", "Service items"),
        "nothing_here": Text("该分类暂时没有可办理的事项。", "There is nothing to apply for in this category yet."),
        # search
        "search_title": Text("搜索事项", "Search"),
        "search_label": Text("输入事项名称、拼音或拼音首字母", "Type a name, pinyin or pinyin initials"),
        "search_button": Text("搜索", "Search"),
        "searching": Text("正在搜索…", "Searching…"),
        "keyboard": Text("屏幕键盘", "On-screen keyboard"),
        "key_space": Text("空格", "Space"),
        "key_backspace": Text("删除", "Delete"),
        "key_clear": Text("清空", "Clear"),
        "suggestions": Text("大家常办", "Popular with others"),
        "found_bundles": Text("一件事一次办", "Life-event bundles"),
        "found_items": Text("找到 {n} 个事项", "{n} items found"),
        "search_personal_number": Text(
            "为保护您的隐私，请不要在搜索框中输入身份证号或手机号。请输入事项名称或拼音首字母。",
            "To protect your privacy, please do not type an ID or phone number here. Type a service name instead.",
        ),
        "no_results": Text("没有找到相关事项", "No matching service items"),
        "tip_initials": Text("试试拼音首字母，例如“身份证”输入 sfz", "Try pinyin initials: sfz for 身份证 (ID card)"),
        "tip_fewer": Text("少输入几个字，或换一个说法", "Use fewer words, or say it another way"),
        "tip_staff": Text("也可以到咨询台询问工作人员", "Or ask the staff at the help desk"),
        # item guide
        "guide": Text("办事指南", "Service guide"),
        "retired": Text(
            "该事项已停止办理，以下信息仅供查阅。",
            "This service item is no longer offered; the guide is kept for reference.",
        ),
        "department": Text("实施部门", "Handled by"),
        "co_departments": Text("联办部门", "Also involved"),
        "item_type": Text("事项类型", "Type"),
        "promised_days": Text("承诺时限", "Promised time"),
        "legal_days": Text("法定时限", "Legal time limit"),
        "working_days": Text("{n} 个工作日", "{n} working days"),
        "on_the_spot": Text("当场办结", "Decided on the spot"),
        "trips": Text("到现场次数", "Trips to the hall"),
        "no_trip": Text("不用跑", "No trip needed"),
        "at_most_one_trip": Text("最多跑 1 次", "At most 1 trip"),
        "at_most_trips": Text("最多跑 {n} 次", "At most {n} trips"),
        "fees": Text("收费", "Fees"),
        "free": Text("免费", "Free"),
        "fee_total": Text("合计", "Total"),
        "fee_when": Text("（视情况收取）", " (only in some cases)"),
        "case_type": Text("办件类型", "Case type"),
        "deemed_approval": Text("逾期未作决定的，视为准予", "If no decision is made in time, it counts as approved"),
        "channels": Text("办理渠道", "Ways to apply"),
        "offered": Text("支持", "Available"),
        "not_offered": Text("不支持", "Not available"),
        "materials": Text("申请材料", "Materials"),
        "no_materials": Text("未提供材料清单", "No list of materials provided"),
        "required": Text("必须提交", "Required"),
        "optional": Text("选择提交", "Optional"),
        "conditional": Text("视情况提交", "Depending on your situation"),
        "one_copy": Text("1 份", "1 copy"),
        "copies": Text("{n} 份", "{n} copies"),
        "no_paper": Text("无需纸质件", "No paper copy"),
        "copies_unknown": Text("份数未提供", "Number of copies not provided"),
        "waive_certificate": Text(
            "可用电子证照「{name}」代替", "The electronic certificate “{name}” can be used instead"
        ),
        "waive_shared": Text("免提交：由{department}共享数据", "No need to bring it: {department} shares the data"),
        "steps": Text("办理流程", "Steps"),
        "places": Text("办理地点和时间", "Where and when"),
        "address": Text("地址", "Address"),
        "hours": Text("办公时间", "Opening hours"),
        "phone": Text("咨询电话", "Phone"),
        "result": Text("办理结果", "Result"),
        "delivery": Text("领取方式", "How you get it"),
        "legal_basis": Text("设定依据", "Legal basis"),
        "faq": Text("常见问题", "Questions and answers"),
        "item_code": Text("事项编码", "Item code"),
        # bundle guide
        "bundle_items": Text("包含的事项", "Items included"),
        "bundle_total_days": Text("总承诺时限", "Promised time in total"),
        "bundle_materials": Text("材料清单（相同材料只交一次）", "Materials (the same material is handed in once)"),
        "used_by": Text("用于", "For"),
        "asked_once": Text("只交一次，{n} 个事项共用", "Handed in once for {n} items"),
        "fees_by_item": Text("各事项收费", "Fees by item"),
        # errors
        "error_title": Text("出错了", "Something went wrong"),
        "error_home": Text("返回首页", "Back to home"),
        "error_code": Text("错误代码", "Error code"),
        # citizen sign-in at the kiosk (刷身份证 / 扫码登录) and the signed-in frame
        "sign_in": Text("登录", "Sign in"),
        "my_services": Text("我的", "My services"),
        "sign_out": Text("退出登录", "Sign out"),
        "signin_title": Text("请选择登录方式", "Choose how to sign in"),
        "signin_card": Text("刷身份证登录", "Sign in with your ID card"),
        "signin_card_sub": Text("将二代居民身份证放在读卡区", "Place your resident ID card on the reader"),
        "signin_scan": Text("手机扫码登录", "Scan with your phone"),
        "signin_scan_sub": Text("用「掌上办」扫描屏幕上的二维码", "Scan the code on screen with the OneVisit app"),
        "signin_privacy": Text(
            "您的信息只在本次办理中显示；退出或一段时间无操作后，屏幕会自动清除。",
            "Your details are shown only for this visit; the screen wipes itself when you sign out or stop using it.",
        ),
        "card_title": Text("请放置身份证", "Place your ID card"),
        "card_hint": Text(
            "将身份证平放在下方读卡区，读取完成前请勿移开", "Lay the card flat on the reader below until it is read"
        ),
        "card_waiting": Text("正在等待读卡…", "Waiting for your card…"),
        "card_read_now": Text("已放好，开始读卡", "Card placed, read it"),
        "card_unreadable": Text(
            "无法读取身份证。请取下后重新放置，或改用手机扫码登录。",
            "The card could not be read. Take it off and place it again, or scan with your phone instead.",
        ),
        "card_expired": Text(
            "身份证已过期，不能用于登录。请到人工窗口办理换领。",
            "This ID card has expired and cannot be used to sign in. Please renew it at a service window.",
        ),
        "reader_unavailable": Text(
            "读卡器暂时不可用。请改用手机扫码登录，或联系大厅工作人员。",
            "The card reader is not available. Scan with your phone instead, or ask the hall staff.",
        ),
        "try_again": Text("重新读卡", "Try again"),
        "use_scan_instead": Text("改用手机扫码", "Scan with your phone instead"),
        "use_card_instead": Text("改用身份证", "Use your ID card instead"),
        "demo_cards": Text("演示：点一张身份证，放到读卡器上", "Demo: tap a card to place it on the reader"),
        "demo_unreadable_card": Text("无法读取的证件", "A card that cannot be read"),
        "scan_title": Text("手机扫码登录", "Scan with your phone"),
        "scan_step_open": Text("打开「掌上办」，点「扫一扫」", "Open the OneVisit app and tap Scan"),
        "scan_step_scan": Text("扫描屏幕上的二维码", "Scan the code on this screen"),
        "scan_step_confirm": Text("在手机上确认登录", "Confirm on your phone"),
        "scan_waiting": Text("等待手机确认…", "Waiting for your phone…"),
        "scan_valid_for": Text("二维码 {n} 分钟内有效，只能使用一次", "The code works once, for {n} minutes"),
        "scan_expired": Text("二维码已过期或已使用", "This code has expired or has been used"),
        "scan_new_code": Text("刷新二维码", "Show a new code"),
        "scan_demo_confirm": Text("演示：模拟手机确认", "Demo: confirm as the phone would"),
        "qr_label": Text("登录二维码", "Sign-in code"),
        "me_title": Text("我的", "My services"),
        "me_welcome": Text("您已登录", "You are signed in"),
        "me_name": Text("姓名", "Name"),
        "me_id_number": Text("身份证号", "ID number"),
        "me_method": Text("登录方式", "Signed in with"),
        "method_id_card": Text("身份证", "ID card"),
        "method_scan": Text("手机扫码", "Phone scan"),
        "browse_services": Text("查看办事指南", "Read the service guides"),
        "idle_title": Text("您还在办理吗？", "Are you still there?"),
        "idle_text": Text(
            "秒后自动退出，并清除本次信息", "seconds until you are signed out and your details are wiped"
        ),
        "idle_continue": Text("继续办理", "Continue"),
        "idle_leave": Text("结束并退出", "Finish and sign out"),
        # kiosk devices (自助终端登记)
        "unregistered_title": Text(
            "本屏幕不是已登记的政务自助终端", "This screen is not a registered self-service kiosk"
        ),
        "unregistered_text": Text("请联系大厅工作人员。", "Please ask the hall staff for help."),
        "unregistered_enrol": Text("设备登记（技术人员）", "Enrol this device (technicians)"),
        "unregistered_demo": Text("演示：将本屏幕用作演示自助机", "Demo: use this screen as the demo kiosk"),
        "enrol_title": Text("自助终端登记", "Enrol a self-service kiosk"),
        "enrol_intro": Text(
            "安装时由技术人员操作一次：输入设备编号和设备密钥（由 onevisit kiosk register 生成）。",
            "Done once by a technician at installation: enter the device id and key (from onevisit kiosk register).",
        ),
        "enrol_device_id": Text("设备编号", "Device id"),
        "enrol_key": Text("设备密钥", "Device key"),
        "enrol_submit": Text("登记本屏幕", "Enrol this screen"),
        "enrol_failed": Text(
            "设备编号或密钥不正确，或设备已停用。", "The device id or key is not right, or the device is retired."
        ),
        "enrol_done": Text("本屏幕已登记为自助终端：", "This screen is enrolled as the kiosk: "),
        "enrol_again": Text("重新登记", "Enrol again"),
        # applications at the kiosk (在线申请 / 办件): kiosk/views/applications*.py
        "apply_here": Text("在自助机上申请", "Apply at this kiosk"),
        "apply_sign_in": Text("登录后在自助机上申请", "Sign in to apply at this kiosk"),
        "apply_title": Text("在线申请", "Apply"),
        "apply_hint": Text(
            "填写信息、确认材料后一次提交，能共享的信息和证照不用再交。",
            "Fill in the form, check the materials and submit once; what we already hold is not asked again.",
        ),
        "apply_not_at_kiosk": Text("本事项不能在自助机上申请。", "This item cannot be applied for at a kiosk."),
        "apply_on_phone": Text("可以用「掌上办」在手机上申请。", "You can apply on your phone in the OneVisit app."),
        "apply_online": Text("可以在网上办理。", "You can apply online."),
        "apply_at_window": Text(
            "请到下方“办理地点”的窗口办理。", "Please apply at a service window listed under “Where and when”."
        ),
        "apply_bundle_not_at_kiosk": Text(
            "这件“一件事”中有事项不能在自助机上申请。", "Some items of this bundle cannot be applied for at a kiosk."
        ),
        "apply_bundle_at_window": Text(
            "可以到大厅的综合窗口一次办理。", "You can apply for all of it at once at the hall's general window."
        ),
        "my_applications": Text("我的办件", "My applications"),
        "apps_todo": Text("待您处理", "Waiting for you"),
        "apps_running": Text("办理中", "In progress"),
        "apps_done": Text("已办结", "Finished"),
        "apps_none": Text("您还没有办件。", "You have no applications yet."),
        "app_number": Text("办件编号", "Application number"),
        "app_no_number": Text("提交后生成编号", "Numbered when submitted"),
        "app_updated": Text("更新于", "Updated"),
        "app_submitted_at": Text("提交时间", "Submitted"),
        "app_started_at": Text("创建时间", "Started"),
        "app_trips": Text("已到现场", "Trips to the hall"),
        "app_trip_count": Text("{n} 次", "{n}"),
        "app_continue": Text("继续填写", "Continue"),
        "app_correct": Text("去补正", "Correct it"),
        "app_open": Text("查看", "Open"),
        "app_state": Text("办理状态", "Status"),
        "app_items": Text("包含的事项", "Items"),
        "app_timeline": Text("办理过程", "What has happened"),
        "app_timeline_empty": Text("暂无记录", "Nothing yet"),
        "app_results": Text("办理结果", "Results"),
        "app_result_number": Text("文号", "Reference"),
        "app_result_issued": Text("出具日期", "Issued"),
        "app_delivery": Text("领取方式", "How you get the result"),
        "app_see_progress": Text("查看办理进度", "See the progress"),
        "state_explain_draft": Text(
            "还没有提交。填写完成并确认后提交，政府部门才开始办理。",
            "Not submitted yet. The departments start once you have checked and submitted it.",
        ),
        "state_explain_submitted": Text(
            "已提交，等待窗口人员审核受理。", "Submitted. A service window will check and accept it."
        ),
        "state_explain_returned": Text(
            "请按下列说明一次改好，再重新提交。",
            "Fix everything listed below in one go, then submit it again.",
        ),
        "state_explain_refused": Text("不予受理，原因见办理过程。", "Refused; the reason is in the steps below."),
        "state_explain_accepted": Text("已受理，正在审查。", "Accepted and being reviewed."),
        "state_explain_under_review": Text(
            "审查中，相关部门同时审查。", "Under review by every department involved, at the same time."
        ),
        "state_explain_approved": Text("准予办理，等待送达。", "Approved; the result is on its way to you."),
        "state_explain_denied": Text("不予办理，原因见办理结果。", "Denied; the reason is in the results."),
        "state_explain_delivered": Text("已办结并送达。", "Finished and delivered."),
        # the steps of an application at the kiosk
        "steps_label": Text("申请步骤", "Steps"),
        "step_form": Text("填写信息", "Your details"),
        "step_materials": Text("申请材料", "Materials"),
        "step_delivery": Text("领取方式", "Delivery"),
        "step_review": Text("确认提交", "Check and submit"),
        "form_page": Text("第 {n} / {total} 页", "Page {n} of {total}"),
        "form_required": Text("必填", "Required"),
        "form_optional": Text("选填", "Optional"),
        "form_next": Text("下一步", "Next"),
        "form_save_review": Text("保存，去确认", "Save and check"),
        "form_previous": Text("上一步", "Previous"),
        "form_errors": Text("有 {n} 处需要修改，请看标红的项目。", "Answers to change: {n}. They are marked in red."),
        "form_more_fields": Text(
            "根据您的选择，本页新增了需要填写的项目。", "Your choice added questions on this page."
        ),
        "form_change": Text("重新填写", "Change"),
        "form_keep_hint": Text("不填则保留原来的号码", "Leave empty to keep the number you gave"),
        "form_file_elsewhere": Text("请在“申请材料”一步上传。", "Upload it in the Materials step."),
        "form_no_questions": Text("本事项不需要填写信息。", "This item asks no questions."),
        "source_prefix": Text("已自动填写：", "Filled in for you: "),
        "source_application": Text("来自您之前的申请", "From an earlier application"),
        "correction_here": Text("需补正：", "To correct: "),
        # materials
        "mat_title": Text("申请材料", "Materials"),
        "mat_intro": Text(
            "已有电子证照或部门共享数据的材料不用再交。",
            "Materials covered by your electronic certificates or by shared data need not be handed in.",
        ),
        "mat_certificate": Text("已由电子证照提供，无需提交", "Provided by your electronic certificate"),
        "mat_certificate_from": Text(
            "电子证照「{name}」，{issuer}签发", "Electronic certificate “{name}”, issued by {issuer}"
        ),
        "mat_shared": Text("由部门共享数据核验，无需提交", "Checked through shared data; nothing to hand in"),
        "mat_shared_from": Text("数据来源：{department}", "Source: {department}"),
        "mat_uploaded": Text("已上传", "Uploaded"),
        "mat_missing": Text("还需提交", "Still needed"),
        "mat_optional": Text("可选提交", "Optional"),
        "mat_files": Text("{n} 个文件", "{n} files"),
        "mat_upload_phone": Text("用手机上传", "Upload from my phone"),
        "mat_scanner_soon": Text(
            "本机的高拍仪扫描即将开放；现在请用手机拍照上传。",
            "Scanning on this kiosk is coming soon; for now, take photos with your phone.",
        ),
        "mat_watching": Text(
            "已在手机上打开本申请。上传完成后，本页会自动更新。",
            "This application is open on your phone. This page updates itself when your uploads arrive.",
        ),
        "mat_none": Text("本事项不需要提交材料。", "This item needs no materials."),
        # continue on the phone (扫码续办)
        "handoff_title": Text("用手机继续办理", "Continue on your phone"),
        "handoff_step_open": Text("打开「掌上办」，点「扫一扫」", "Open the OneVisit app and tap Scan"),
        "handoff_step_scan": Text("扫描屏幕上的二维码", "Scan the code on this screen"),
        "handoff_step_upload": Text("在手机上拍照上传材料", "Take photos of your materials on the phone"),
        "handoff_valid_for": Text(
            "二维码 {n} 分钟内有效，只有您本人能使用", "The code works for {n} minutes, and only for you"
        ),
        "handoff_waiting": Text("等待手机扫码…", "Waiting for your phone…"),
        "handoff_expired": Text("二维码已过期", "This code has expired"),
        "handoff_new_code": Text("刷新二维码", "Show a new code"),
        "handoff_qr_label": Text("续办二维码", "Continue-on-phone code"),
        "handoff_demo": Text("演示：模拟手机扫码", "Demo: scan as the phone would"),
        # delivery
        "delivery_title": Text("选择领取方式", "How do you want to get the result?"),
        "delivery_address": Text("邮寄地址", "Mailing address"),
        "delivery_address_hint": Text(
            "省、市、区、街道、门牌号，收件人姓名", "Province, city, district, street and number, recipient's name"
        ),
        "delivery_none": Text("本事项不需要选择领取方式。", "There is nothing to choose for this item."),
        # review and submit
        "review_title": Text("确认并提交", "Check and submit"),
        "review_answers": Text("填写的信息", "Your details"),
        "review_edit": Text("修改", "Change"),
        "review_no_answer": Text("未填写", "Not answered"),
        "review_fees": Text("需缴费用", "Fees"),
        "review_problems": Text("提交前还有 {n} 项需要处理：", "Still to do before you can submit ({n}):"),
        "review_fix": Text("去处理", "Fix it"),
        "review_ready": Text(
            "信息齐全，可以提交。提交后不能修改。", "Everything is complete. Once submitted it cannot be changed."
        ),
        "review_stale": Text(
            "申请内容刚刚有变化，请再看一遍后提交。", "The application has just changed; please check it again."
        ),
        "submit": Text("确认提交", "Submit"),
        "resubmit": Text("提交补正", "Submit the corrections"),
        "submitting": Text("正在提交…", "Submitting…"),
        "submitted_title": Text("申请已提交", "Your application is submitted"),
        "resubmitted_title": Text("补正已提交", "Your corrections are submitted"),
        "submitted_number_hint": Text(
            "请记下办件编号，可凭编号查询办理进度。", "Note the number: it lets you follow the application."
        ),
        "submitted_children": Text("各事项的编号", "The number of each item"),
        "submitted_next": Text(
            "接下来由{department}办理，承诺时限 {days}。", "{department} handles it next, within {days}."
        ),
        "another_service": Text("办理其他事项", "Apply for something else"),
        # correction (补正)
        "correction_title": Text("补正材料和信息", "Correct your application"),
        "correction_intro": Text(
            "窗口人员一次性列出了全部需要修改的内容：", "The service window listed everything to change, all at once:"
        ),
        "correction_fix_answer": Text("修改信息", "Change the answer"),
        "correction_fix_material": Text("补交材料", "Hand in the material"),
        "correction_done": Text("都改好了，去确认提交", "All done: check and submit"),
    }
)

# Each feature keeps its words in its own module (kiosk/texts_<feature>.py, a `WORDS` dict);
# one flat namespace for the templates, and a key defined twice is an error at import.
_PARTS: tuple[dict[str, Text], ...] = (
    _CORE,
    texts_access.WORDS,
    texts_devices.WORDS,
    texts_feedback.WORDS,
    texts_menus.WORDS,
    texts_modes.WORDS,
    texts_payments.WORDS,
    texts_queue.WORDS,
    texts_receipts.WORDS,
    texts_steps.WORDS,
    texts_time.WORDS,
)


def _merge(parts: tuple[dict[str, Text], ...]) -> dict[str, Text]:
    merged: dict[str, Text] = {}
    for part in parts:
        twice = merged.keys() & part.keys()
        if twice:
            raise RuntimeError(f"kiosk words defined twice: {sorted(twice)}")
        merged.update(part)
    return merged


UI: MappingProxyType[str, Text] = MappingProxyType(_merge(_PARTS))
