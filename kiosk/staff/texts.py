"""The words of the staff pages, in zh-CN and English (`{{ "sign_in"|st }}` in templates)."""

from __future__ import annotations

from types import MappingProxyType

from shared.i18n import Text

STAFF_UI: MappingProxyType[str, Text] = MappingProxyType(
    {
        # frame
        "staff_area": Text("工作人员端", "Staff"),
        "hall_name": Text("政务服务中心", "Government Service Centre"),
        "signed_in_as": Text("当前用户", "Signed in as"),
        "sign_out": Text("退出登录", "Sign out"),
        "home": Text("工作台", "Home"),
        "colon": Text("：", ": "),
        "hall_wide": Text("全大厅", "Whole hall"),
        "back_home": Text("返回工作台", "Back to home"),
        "error_title": Text("无法完成操作", "Something went wrong"),
        "error_code": Text("错误代码", "Error code"),
        "to_sign_in": Text("去登录", "Go to sign-in"),
        # sign-in
        "sign_in": Text("登录", "Sign in"),
        "sign_in_title": Text("工作人员登录", "Staff sign-in"),
        "sign_in_hint": Text(
            "请使用本人账号登录，不要与他人共用。", "Use your own account; never share it with anyone."
        ),
        "username": Text("用户名", "Username"),
        "password": Text("密码", "Password"),
        "bad_credentials": Text("用户名或密码不正确。", "The username or password is not right."),
        "throttled": Text(
            "尝试次数过多，请在 {seconds} 秒后（{at} 之后）再试。",
            "Too many attempts. Please try again in {seconds} seconds (after {at}).",
        ),
        "notice_idle": Text(
            "您长时间未操作，已自动退出登录，请重新登录。",
            "You were signed out after inactivity. Please sign in again.",
        ),
        "notice_expired": Text(
            "登录已超过最长时限，请重新登录。", "Your sign-in reached its time limit. Please sign in again."
        ),
        "notice_signed_out": Text("您已安全退出。", "You have signed out."),
        "notice_sign_in_first": Text("请先登录。", "Please sign in first."),
        # second factor
        "second_factor_title": Text("二次验证", "Second factor"),
        "second_factor_hint": Text(
            "请打开手机上的身份验证器应用，输入“OneVisit”下显示的 6 位验证码。",
            "Open the authenticator app on your phone and type the 6-digit code shown for OneVisit.",
        ),
        "enrol_title": Text("绑定身份验证器", "Set up your authenticator"),
        "enrol_step_1": Text(
            "在手机上打开身份验证器应用（如 Microsoft Authenticator、Google 身份验证器、FreeOTP）。",
            "Open an authenticator app on your phone (Microsoft Authenticator, Google Authenticator, FreeOTP...).",
        ),
        "enrol_step_2": Text("添加账号，扫描本页的二维码。", "Add an account and scan the QR code on this page."),
        "enrol_step_3": Text("输入应用显示的 6 位验证码，完成绑定。", "Type the 6-digit code the app shows to finish."),
        "enrol_demo_secret": Text("演示模式：也可手动输入密钥", "Demo mode: or type this key by hand"),
        "qr_label": Text("身份验证器二维码", "Authenticator QR code"),
        "code": Text("6 位验证码", "6-digit code"),
        "verify": Text("验证", "Verify"),
        "bad_code": Text(
            "验证码不正确或已使用，请等待下一个验证码再试。",
            "The code is not right or was already used. Wait for the next code and try again.",
        ),
        "cancel_sign_in": Text("取消登录", "Cancel sign-in"),
        # home
        "home_title": Text("工作台", "Home"),
        "welcome": Text("您好，{name}", "Hello, {name}"),
        "role": Text("岗位", "Role"),
        "department": Text("所属部门", "Department"),
        "idle_rule": Text(
            "{minutes} 分钟无操作将自动退出登录。", "You are signed out after {minutes} minutes without activity."
        ),
        "what_you_can_open": Text("可用功能", "What you can open"),
        "nothing_yet": Text(
            "您的岗位功能（受理、审批、叫号等）将在后续版本开放。",
            "The pages for your role (accepting, reviewing, calling tickets) come in a later version.",
        ),
        "accounts_link": Text("账号管理", "Staff accounts"),
        "accounts_link_hint": Text(
            "新建账号、停用与启用、重置二次验证", "Create, deactivate and reactivate accounts; reset second factors"
        ),
        "audit_link": Text("审计日志", "Audit trail"),
        "audit_link_hint": Text("谁在何时何地做了什么，结果如何", "Who did what, when, where, and with what result"),
        # accounts
        "accounts_title": Text("账号管理", "Staff accounts"),
        "display_name": Text("姓名", "Name"),
        "status": Text("状态", "Status"),
        "active": Text("在用", "Active"),
        "inactive": Text("已停用", "Deactivated"),
        "second_factor": Text("二次验证", "Second factor"),
        "enrolled": Text("已绑定", "Set up"),
        "not_enrolled": Text("未绑定", "Not set up"),
        "not_required": Text("不需要", "Not needed"),
        "created_at": Text("创建时间", "Created"),
        "actions": Text("操作", "Actions"),
        "deactivate": Text("停用", "Deactivate"),
        "reactivate": Text("启用", "Reactivate"),
        "reset_second_factor": Text("重置二次验证", "Reset second factor"),
        "you": Text("（本人）", " (you)"),
        "new_account": Text("新建账号", "New account"),
        "initial_password": Text("初始密码", "Initial password"),
        "password_rule": Text(
            "至少 12 个字符，不能与用户名相同。请当面告知本人。",
            "At least 12 characters, not the username. Tell the person face to face.",
        ),
        "username_rule": Text("3–32 位英文字母、数字或 . _ -", "3–32 letters, digits, '.', '_' or '-'"),
        "department_rule": Text("窗口人员和部门审批人员必须选择部门", "Required for window clerks and reviewers"),
        "choose_role": Text("请选择", "Choose"),
        "create": Text("创建账号", "Create account"),
        "fix_problems": Text("请修改以下内容：", "Please correct the following:"),
        "done_created": Text("账号已创建。", "The account was created."),
        "done_deactivated": Text(
            "账号已停用，其登录已全部结束。", "The account was deactivated and signed out everywhere."
        ),
        "done_reactivated": Text("账号已启用。", "The account was reactivated."),
        "done_second_factor_reset": Text(
            "二次验证已重置，该用户下次登录时重新绑定。",
            "The second factor was reset; they set up a new one at their next sign-in.",
        ),
        "account_count": Text("共 {n} 个账号", "{n} accounts"),
        # audit
        "audit_title": Text("审计日志", "Audit trail"),
        "audit_hint": Text(
            "日志只能追加，不能修改或删除；身份证号和手机号均已脱敏。",
            "Entries can only be added, never changed or deleted; ID and phone numbers are masked.",
        ),
        "when": Text("时间", "When"),
        "who": Text("操作人", "Who"),
        "where": Text("地点", "Where"),
        "action": Text("操作", "Action"),
        "target": Text("对象", "Target"),
        "result": Text("结果", "Result"),
        "detail": Text("详情", "Detail"),
        "filter_action": Text("按操作筛选", "Filter by action"),
        "all_actions": Text("全部操作", "All actions"),
        "filter": Text("筛选", "Filter"),
        "no_entries": Text("没有符合条件的记录。", "No entries match."),
        "newer": Text("较新", "Newer"),
        "older": Text("较早", "Older"),
        "page_n": Text("第 {n} 页", "Page {n}"),
        "result_ok": Text("成功", "OK"),
        "result_failed": Text("失败", "Failed"),
        "result_refused": Text("拒绝", "Refused"),
        "where_kiosk": Text("自助机", "Kiosk"),
        "where_address": Text("地址", "Address"),
        "where_system": Text("系统", "System"),
        "times_in": Text("时间为北京时间", "Times are China Standard Time"),
    }
)
