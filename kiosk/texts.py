"""The words of the kiosk screens, in zh-CN and English.

Catalog content (item names, materials...) comes from the catalog; these are only the
labels around it. Templates reach them with the `ui` filter: `{{ "most_used"|ui }}`, and
`{{ "copies"|ui(n=2) }}` for the ones with a placeholder. An unknown key is an error, so a
typo fails the tests instead of printing nothing.
"""

from __future__ import annotations

from types import MappingProxyType

from shared.i18n import NOT_PROVIDED, Text

UI: MappingProxyType[str, Text] = MappingProxyType(
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
        "me_soon": Text(
            "在线申请和办件查询即将在自助机上开放，现在可先查看办事指南。",
            "Applying and following your applications here is coming soon; you can read the service guides now.",
        ),
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
    }
)
