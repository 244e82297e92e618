"""The words of the 差评整改 pages (/staff/ratings), zh-CN and English; templates read them with `|tr`."""

from __future__ import annotations

from types import MappingProxyType

from shared.i18n import Text

RATINGS_UI: MappingProxyType[str, Text] = MappingProxyType(
    {
        "title": Text("差评整改", "Bad-rating follow-up"),
        "hint": Text(
            "群众给出“不满意”或“非常不满意”评价后，自动生成整改件，由办理部门在 {n} 个工作日内回访群众、整改并办结。",
            "A 'dissatisfied' or 'very dissatisfied' rating opens a case: the department that handled the matter"
            " calls the citizen back, corrects what was wrong and closes it within {n} working days.",
        ),
        "scope_department": Text("本部门：{department}", "Your department: {department}"),
        "scope_hall": Text("全大厅", "Whole hall"),
        "show": Text("显示", "Show"),
        "show_open": Text("未办结", "Not closed"),
        "show_overdue": Text("已超期", "Overdue"),
        "show_closed": Text("已办结", "Closed"),
        "show_all": Text("全部", "All"),
        "filter": Text("筛选", "Filter"),
        "no_cases": Text("没有符合条件的整改件。", "No cases here."),
        "application": Text("办件编号", "Application"),
        "item": Text("事项", "Item"),
        "department": Text("办理部门", "Department"),
        "rating": Text("评价", "Rating"),
        "state": Text("进度", "Progress"),
        "opened": Text("生成日期", "Opened"),
        "due": Text("整改期限", "Due"),
        "overdue": Text("已超期", "Overdue"),
        "closed_late": Text("超期办结", "Closed late"),
        "on_time": Text("按期", "On time"),
        "days_left": Text("剩 {n} 个工作日", "{n} working days left"),
        "due_today": Text("今日到期", "Due today"),
        "appeal": Text("申诉", "Appeal"),
        "appeals_to_decide": Text("待审核的申诉", "Appeals to decide"),
        "appeals_hint": Text(
            "部门认为评价属于误评或恶意差评时提出申诉；申诉成立的评价不计入统计，评价记录本身保持不变。",
            "A department appeals a rating it finds given in error or maliciously; an upheld appeal leaves the rating"
            " out of the figures, and the rating itself stays as it was.",
        ),
        "no_appeals": Text("目前没有待审核的申诉。", "No appeals are waiting."),
        "filed_by": Text("申诉人", "Filed by"),
        "filed_at": Text("申诉时间", "Filed"),
        "grounds": Text("申诉类型", "Grounds"),
        "reason": Text("理由", "Reason"),
        "open_case": Text("查看", "Open"),
        "case_title": Text("差评整改件", "Follow-up case"),
        "back_to_list": Text("返回差评整改列表", "Back to the cases"),
        "the_rating": Text("群众评价", "The citizen's rating"),
        "given_at": Text("评价时间", "Rated"),
        "channel": Text("评价渠道", "Channel"),
        "channel_kiosk": Text("自助终端", "Kiosk"),
        "channel_mobile": Text("手机", "Phone"),
        "reasons": Text("评价原因", "Reasons"),
        "comment": Text("群众意见", "Comment"),
        "no_comment": Text("未填写意见", "No comment"),
        "applicant": Text("申请人", "Applicant"),
        "counted": Text("计入统计", "Counted in the figures"),
        "not_counted": Text("不计入统计（申诉成立）", "Not counted (appeal upheld)"),
        "deadline": Text("期限", "Deadline"),
        "deadline_text": Text(
            "{opened} 生成，{n} 个工作日内办结，即 {due} 前",
            "Opened {opened}; close within {n} working days, by {due}",
        ),
        "steps": Text("整改过程", "Steps"),
        "no_steps": Text("尚未开始回访。", "No callback yet."),
        "step_by": Text("{who} 登记于 {at}", "Recorded by {who} at {at}"),
        "happened_at": Text("发生时间", "When"),
        "happened_hint": Text("不填则为现在（北京时间）。", "Leave empty for now (China time)."),
        "outcome": Text("结果", "Outcome"),
        "note": Text("情况说明", "What happened"),
        "note_hint_callback": Text(
            "回访方式、群众反映的问题。请勿填写完整证件号码或手机号码。",
            "How you called and what the citizen said. No whole ID or phone numbers.",
        ),
        "note_hint_correction": Text("整改措施及结果。", "What was corrected, and the result."),
        "note_hint_close": Text("办结意见，以及向群众反馈的情况。", "Closing remarks, and what the citizen was told."),
        "record_callback": Text("登记回访", "Record the callback"),
        "record_correction": Text("登记整改结果", "Record the correction"),
        "record_close": Text("办结", "Close the case"),
        "case_closed": Text("该整改件已办结。", "This case is closed."),
        "appeal_title": Text("申诉", "Appeal"),
        "appeal_none": Text(
            "如认为该评价属于误评或恶意差评，可以提出申诉（每条评价只能申诉一次），由监察人员审核。",
            "If the rating was given in error or maliciously you may appeal (once per rating); a supervisor decides.",
        ),
        "file_appeal": Text("提出申诉", "File the appeal"),
        "decision": Text("审核结论", "Decision"),
        "decide_accept": Text("申诉成立（不计入统计）", "Uphold (leave out of the figures)"),
        "decide_reject": Text("申诉不成立（照常计入）", "Reject (keep in the figures)"),
        "decide": Text("提交审核结论", "Record the decision"),
        "decided_by": Text("{who} 于 {at} 审核", "Decided by {who} at {at}"),
        "own_appeal": Text(
            "这是您提出的申诉，须由其他监察人员审核。", "You filed this appeal: another supervisor decides it."
        ),
        "done_callback": Text("已登记回访。", "Callback recorded."),
        "done_correction": Text("已登记整改结果。", "Correction recorded."),
        "done_close": Text("整改件已办结。", "Case closed."),
        "done_appeal": Text("已提出申诉，等待监察人员审核。", "Appeal filed; a supervisor will decide."),
        "done_decide": Text("已记录审核结论。", "Decision recorded."),
        "open_application": Text("查看办件", "Open the application"),
    }
)
