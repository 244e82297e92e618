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
        "change_added": Text("新增", "Added"),
        "change_removed": Text("删除", "Removed"),
        "change_changed": Text("修改", "Changed"),
        "change_moved": Text("移动", "Moved"),
        "changes_cut": Text(
            "仅显示前 {shown} 项，共 {total} 项改动。", "Showing the first {shown} of {total} changes."
        ),
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
        # applications (办件): queue, detail, actions
        "applications_link": Text("办件", "Applications"),
        "applications_link_hint": Text(
            "本部门的申请：受理、补正、审查、办结、送达",
            "Your department's applications: accept, review, decide, deliver",
        ),
        "applications_title": Text("办件队列", "Applications"),
        "applications_scope_hall": Text("全大厅", "Whole hall"),
        "applications_scope_department": Text(
            "{department}：主办及参与审查的申请", "{department}: applications it leads or reviews"
        ),
        "filter_state": Text("按状态筛选", "Filter by state"),
        "all_states": Text("全部状态", "All states"),
        "application_number": Text("申请编号", "Number"),
        "item": Text("事项", "Item"),
        "applicant": Text("申请人", "Applicant"),
        "state": Text("状态", "State"),
        "submitted_at": Text("提交时间", "Submitted"),
        "trips": Text("跑动次数", "Trips"),
        "lead_department": Text("主办部门", "Lead department"),
        "no_applications": Text("没有符合条件的申请。", "No applications match."),
        "application_count": Text("共 {n} 件", "{n} applications"),
        "open": Text("查看", "Open"),
        "back_to_queue": Text("返回办件队列", "Back to applications"),
        "application_title": Text("办件 {number}", "Application {number}"),
        "channel": Text("提交渠道", "Channel"),
        "channel_kiosk": Text("自助机", "Kiosk"),
        "channel_mobile": Text("手机", "Phone"),
        "channel_window": Text("窗口", "Window"),
        "delivery_method": Text("送达方式", "Delivery"),
        "delivery_window": Text("窗口领取", "Collect at the window"),
        "delivery_mail": Text("邮寄", "By mail"),
        "delivery_kiosk_print": Text("自助机打印", "Print at a kiosk"),
        "delivery_electronic": Text("电子送达", "Electronic"),
        "not_chosen": Text("未选择", "Not chosen"),
        "returns_count": Text("已退回补正 {n} 次", "Returned {n} times"),
        "overrides_count": Text("监察批准再次退回 {n} 次", "Second returns allowed {n} times"),
        "section_answers": Text("申请信息", "Answers"),
        "masked_note": Text("身份证号和手机号已脱敏显示。", "ID and phone numbers are shown masked."),
        "not_answered": Text("未填写", "Not answered"),
        "section_materials": Text("申请材料", "Materials"),
        "material_certificate": Text("电子证照已覆盖", "Covered by an e-certificate"),
        "material_shared_data": Text("数据共享已覆盖", "Covered by shared data"),
        "material_uploaded": Text("已上传", "Uploaded"),
        "material_missing": Text("缺少", "Missing"),
        "material_optional": Text("选交", "Optional"),
        "view_file": Text("查看文件", "View file"),
        "file_views_audited": Text("每次查看文件均记入审计日志。", "Every file view is written to the audit trail."),
        "section_reviews": Text("并联审查", "Parallel review"),
        "review_waiting": Text("待出具意见", "Waiting for an opinion"),
        "opinion_agree": Text("同意", "Agree"),
        "opinion_disagree": Text("不同意", "Disagree"),
        "no_review_tasks": Text("受理后生成审查任务。", "Review tasks are created on acceptance."),
        "section_corrections": Text("补正记录", "Corrections"),
        "open_correction": Text("当前待补正", "Open correction"),
        "no_corrections": Text("没有补正记录。", "No corrections so far."),
        "section_timeline": Text("办理过程", "Timeline"),
        "section_trips": Text("跑动记录", "Trips"),
        "trip_kind_kiosk": Text("自助机", "Kiosk"),
        "trip_kind_window": Text("窗口", "Window"),
        "no_trips": Text("尚无现场跑动。", "No on-site trips yet."),
        "section_results": Text("办理结果", "Results"),
        "no_results": Text("尚无结果文书。", "No result documents yet."),
        "section_actions": Text("可办理的操作", "What you can do"),
        "no_actions": Text(
            "当前状态下您没有可办理的操作。", "There is nothing for you to do on this application in its present state."
        ),
        "reason": Text("理由", "Reason"),
        "comment": Text("意见说明", "Comment"),
        "action_accept": Text("受理", "Accept"),
        "action_accept_hint": Text(
            "材料齐全、符合法定形式，予以受理；同时生成各部门审查任务。",
            "Complete and in due form: accept, and create the review tasks.",
        ),
        "action_return": Text("退回补正（一次性告知）", "Return for correction (all problems at once)"),
        "action_return_hint": Text(
            "一次性列出全部需要补正的问题：勾选材料或信息并写明原因，其他问题逐行填写。",
            "List every problem at once: tick each material or answer and say why; other problems one per line.",
        ),
        "return_materials": Text("材料问题", "Materials"),
        "return_answers": Text("信息问题", "Answers"),
        "return_other": Text("其他问题（每行一项）", "Other problems (one per line)"),
        "return_reason_placeholder": Text("需要补正的原因", "What needs fixing"),
        "action_refuse": Text("不予受理", "Refuse"),
        "action_refuse_hint": Text(
            "不属于受理范围或不符合条件，须写明理由（将出具不予受理告知书）。",
            "Outside the remit or not eligible; the reason goes into the refusal notice.",
        ),
        "action_override": Text("批准再次退回补正", "Allow a second return"),
        "action_override_hint": Text(
            "补正原则上只退回一次；确有必要时，监察人员可批准再退回一次，理由将被记录。",
            "A correction is asked for once; a supervisor may allow one more return, with a recorded reason.",
        ),
        "action_opinion": Text("出具审查意见", "Give your department's opinion"),
        "action_decide": Text("办结决定", "Decision"),
        "action_decide_hint": Text(
            "各部门意见均已出具。准予须全部同意；不予须写明理由。",
            "All opinions are in. Approval needs every department to agree; a denial needs a reason.",
        ),
        "decision_approve": Text("准予办理", "Approve"),
        "decision_deny": Text("不予办理", "Deny"),
        "action_deliver": Text("送达", "Deliver"),
        "deliver_window": Text("窗口当面交付", "Hand over at the window"),
        "deliver_mail": Text("邮寄送达", "Send by mail"),
        "tracking_number": Text("快递单号", "Tracking number"),
        "action_visit": Text("登记窗口来访", "Record a window visit"),
        "action_visit_hint": Text(
            "申请人今天到窗口办理此件时登记；同一天只计一次跑动。",
            "Record it when the applicant comes to a window for this application; one trip per day.",
        ),
        "submit_action": Text("确认", "Confirm"),
        "done_accepted": Text("已受理。", "Accepted."),
        "done_returned": Text(
            "已退回补正，申请人将一次性收到全部问题。", "Returned; the applicant gets every problem at once."
        ),
        "done_refused": Text("已不予受理。", "Refused."),
        "done_override": Text("已批准再次退回补正。", "A second return is now allowed."),
        "done_opinion": Text("审查意见已记录。", "Your opinion was recorded."),
        "done_decided": Text("办结决定已记录。", "The decision was recorded."),
        "done_delivered": Text("已登记送达。", "Delivery recorded."),
        "done_visit": Text("窗口来访已登记。", "The window visit was recorded."),
        "done_visit_again": Text(
            "今天的窗口来访已登记过，跑动次数不变。", "Today's window visit was already recorded; trips unchanged."
        ),
        "trips_link": Text("跑动统计", "Trips per item"),
        "trips_link_hint": Text("承诺跑动次数与实际跑动次数对比", "Declared and measured trips per item"),
        "trips_title": Text("跑动统计", "Trips per item"),
        "trips_hint": Text(
            "承诺次数来自事项目录（最多跑动次数）；实际次数按窗口来访和大厅自助机使用统计。",
            "Declared trips come from the catalog (max visits); measured trips count window visits and kiosk sessions.",
        ),
        "declared_trips": Text("承诺最多跑动", "Declared at most"),
        "measured_average": Text("实际平均", "Measured average"),
        "measured_max": Text("实际最多", "Measured max"),
        "applications_n": Text("办件数", "Applications"),
        "over_promise": Text("超出承诺", "Above the promise"),
        "within_promise": Text("符合承诺", "Within the promise"),
        "not_declared": Text("未公布", "Not declared"),
        "no_trip_data": Text("暂无办件数据。", "No applications yet."),
        "supervision_link": Text("电子监察", "Supervision"),
        "supervision_link_hint": Text(
            "按时办结率、现场办结率、跑动次数、好差评与超期预警", "On-time rate, trips, ratings, overdue and warned"
        ),
        "hall_link": Text("大厅提醒", "Hall alerts"),
        "hall_link_hint": Text(
            "自助机呼叫与设备故障，前往处理", "Kiosk calls for staff and hardware faults to attend to"
        ),
        "fleet_link": Text("自助机设备", "Kiosk fleet"),
        "fleet_link_hint": Text(
            "各台自助机在线状态、显示的菜单、打印机扫描仪读卡器",
            "Each kiosk: online or not, its menu, printer, scanner and card reader",
        ),
        "menus_link": Text("自助机菜单", "Kiosk menus"),
        "menus_link_hint": Text(
            "编辑自助机首页的磁贴，预览、发布、定时上线与恢复旧版本",
            "Edit the kiosks' home tiles; preview, publish, schedule and restore",
        ),
        "ratings_link": Text("差评整改", "Bad ratings"),
        "ratings_link_hint": Text("差评回访、整改与申诉", "Call back, correct and appeal bad ratings"),
        "catalog_link": Text("事项管理", "Service catalog"),
        "catalog_link_hint": Text(
            "修改办事指南、材料和表单，检查后发布为新版本", "Edit guides, materials and forms; check, then publish"
        ),
        "complaints_link": Text("投诉咨询", "Complaints"),
        "complaints_link_hint": Text(
            "投诉、咨询、建议、举报：受理、答复、转办", "Complaints, questions, suggestions, reports: take, answer"
        ),
    }
)
