"""Staff words of the work console (/staff/applications) and its calling panel (叫号), zh-CN
and English. Passed to the console's template as `t` and read with `|tr` (like `texts_hall`)."""

from __future__ import annotations

from types import MappingProxyType

from shared.i18n import Text

CONSOLE_UI: MappingProxyType[str, Text] = MappingProxyType(
    {
        # tabs and filters
        "tabs": Text("按状态", "By state"),
        "all": Text("全部", "All"),
        "department": Text("部门", "Department"),
        "all_departments": Text("全部部门", "All departments"),
        "deadline": Text("办理时限", "Time limit"),
        "deadline_all": Text("不限", "Any"),
        "deadline_overdue": Text("已逾期", "Overdue"),
        "deadline_warning": Text("临近期限（预警）", "Due soon (warning)"),
        "deadline_due": Text("N 个工作日内到期（含已逾期）", "Due within N working days (overdue included)"),
        "within": Text("N =", "N ="),
        "within_label": Text("工作日数", "Working days"),
        "sort": Text("排序", "Order"),
        "sort_urgency": Text("最紧急的在前", "Most urgent first"),
        "sort_oldest": Text("先提交的在前", "Oldest first"),
        "sort_newest": Text("最新提交的在前", "Newest first"),
        "apply": Text("筛选", "Filter"),
        "reset": Text("清除筛选", "Clear filters"),
        "other_department": Text(
            "您只能查看本部门办理或参与审查的办件。", "You can only see what your department handles or reviews."
        ),
        # search
        "search_title": Text("查找办件", "Find an application"),
        "search_label": Text(
            "申请编号（或末 4–8 位）、身份证号、手机号或姓名",
            "Application number (or its last 4–8 digits), ID number, phone number or full name",
        ),
        "search_hint": Text(
            "身份证号和手机号只通过本表单提交，不会出现在网址或日志中；结果中的个人信息均已遮蔽。",
            "ID and phone numbers are sent with this form only, never in an address or a log; people are shown masked.",
        ),
        "search_button": Text("查找", "Find"),
        "searching_for": Text("正在查找", "Searching for"),
        "search_kind_id_number": Text("身份证号", "ID number"),
        "search_kind_phone": Text("手机号", "Phone number"),
        "search_kind_name": Text("姓名", "Name"),
        "search_kind_number": Text("申请编号", "Application number"),
        "search_kind_number_end": Text("申请编号末位", "Application number ending in"),
        "search_clear": Text("清除查找", "Clear the search"),
        "search_unreadable": Text(
            "无法识别输入的内容。请输入完整的身份证号、11 位手机号、申请编号（或其末 4–8 位）或完整姓名。",
            "We could not read that. Type a whole ID number, an 11-digit mobile number, an application number"
            " (or its last 4–8 digits) or a full name.",
        ),
        "search_expired": Text(
            "查找已过期（30 分钟），请重新查找。", "The search has expired (after 30 minutes); search again."
        ),
        # table
        "open": Text("办理", "Open"),
        "rows": Text("第 {first}–{last} 条，共 {n} 条", "{first}–{last} of {n}"),
        "page": Text("第 {page} / {pages} 页", "Page {page} of {pages}"),
        "previous": Text("上一页", "Previous"),
        "next": Text("下一页", "Next"),
        # calling (叫号)
        "calls_title": Text("叫号", "Calling numbers"),
        "calls_line": Text("{prefix} 队列 · {name}", "Line {prefix} · {name}"),
        "calls_waiting": Text("等候 {n} 人", "{n} waiting"),
        "calls_next_up": Text("接下来", "Next up"),
        "calls_none_waiting": Text("暂无等候", "Nobody waiting"),
        "calls_current": Text("当前号码", "Now serving"),
        "calls_none_held": Text("您当前没有叫号。", "You are not serving a number."),
        "calls_counter": Text("窗口号", "Window"),
        "calls_times": Text("已呼叫 {n} 次", "Called {n} time(s)"),
        "call_next": Text("叫下一位", "Call next"),
        "call_next_hint": Text("当前号码将记为已办理", "The current number is marked served"),
        "recall": Text("重呼", "Call again"),
        "no_show": Text("过号", "Not here"),
        "done": Text("办理完毕", "Served"),
        "calls_recent": Text("最近办结", "Recently closed"),
        "called_called": Text("已叫号 {number}。", "Called {number}."),
        "called_recalled": Text("已重新呼叫 {number}。", "Called {number} again."),
        "called_no_show": Text("{number} 已记为过号。", "{number} marked as not here."),
        "called_done": Text("{number} 已办理完毕。", "{number} served."),
        "called_nothing_waiting": Text("暂无等候的号码。", "Nobody is waiting."),
        "called_nothing_held": Text("您当前没有叫号。", "You are not serving a number."),
        "called_stale": Text(
            "页面已更新：叫号情况已变化，请查看当前状态后再操作。",
            "The page was out of date: the calls have changed. Check where things stand and try again.",
        ),
    }
)
