"""The words of the complaints desk (/staff/complaints), zh-CN and English; templates read them with `|tr`."""

from __future__ import annotations

from types import MappingProxyType

from shared.i18n import Text

COMPLAINTS_UI: MappingProxyType[str, Text] = MappingProxyType(
    {
        "title": Text("投诉咨询", "Complaints and questions"),
        "hint": Text(
            "群众的投诉、咨询、建议和举报。首问负责制：谁先受理，谁负责到办结；需要转办时写明原因。",
            "Citizens' complaints, questions, suggestions and reports. Whoever takes a case first answers for it"
            " until it is closed; hand it over only with a reason.",
        ),
        "scope_hall": Text("全大厅", "Whole hall"),
        "scope_department": Text(
            "本部门及大厅公共事项（{department}）", "Your department's and the hall's ({department})"
        ),
        "kind": Text("类别", "Kind"),
        "all_kinds": Text("全部类别", "All kinds"),
        "state": Text("状态", "State"),
        "active": Text("未办结", "Not closed"),
        "all_states": Text("全部状态", "All states"),
        "mine_only": Text("只看我负责的", "Only mine"),
        "filter": Text("筛选", "Filter"),
        "case": Text("编号", "Case"),
        "citizen": Text("反映人", "Raised by"),
        "raised": Text("提交时间", "Raised"),
        "due": Text("答复期限", "Answer by"),
        "owner": Text("负责人", "Owner"),
        "nobody": Text("待受理", "Not taken"),
        "department": Text("承办部门", "Department"),
        "hall": Text("大厅", "The hall"),
        "application": Text("相关办件", "Application"),
        "channel": Text("渠道", "Channel"),
        "channel_kiosk": Text("自助机", "Kiosk"),
        "channel_mobile": Text("手机", "Phone"),
        "overdue": Text("已超期", "Overdue"),
        "due_days": Text("{due}（{n} 个工作日）", "{due} ({n} working days)"),
        "count": Text("共 {n} 件", "{n} cases"),
        "none": Text("没有符合条件的事项。", "No cases match."),
        "open": Text("打开", "Open"),
        "back": Text("返回列表", "Back to the list"),
        "text": Text("反映内容", "What the citizen wrote"),
        "history": Text("办理经过", "What happened"),
        "no_history": Text("尚未受理。", "Not taken yet."),
        "ev_taken": Text("{who} 受理（首问）", "{who} took it (first asked)"),
        "ev_reassigned": Text("{who} 转交 {to}，原因：", "{who} handed it to {to}. Reason:"),
        "ev_replied": Text("{who} 答复：", "{who} answered:"),
        "ev_closed": Text("{who} 办结", "{who} closed it"),
        "rating": Text("群众评价", "The citizen's rating"),
        "satisfied": Text("满意", "Satisfied"),
        "unsatisfied": Text("不满意", "Not satisfied"),
        "not_rated": Text("尚未评价", "Not rated yet"),
        "take": Text("受理（由我负责）", "Take it (I answer for it)"),
        "take_hint": Text(
            "受理后由您负责到办结，其他人不能再受理。", "Once taken, you answer for it until it is closed."
        ),
        "reply": Text("答复群众", "Answer the citizen"),
        "reply_hint": Text(
            "群众会在手机和自助机上看到答复。", "The citizen sees the answer on the phone and at the kiosk."
        ),
        "send_reply": Text("发送答复", "Send the answer"),
        "reassign": Text("转交他人", "Hand it over"),
        "reassign_to": Text("转交给", "Hand to"),
        "reassign_reason": Text("转交原因", "Reason"),
        "reassign_hint": Text("转交后由对方负责，原因会被记录。", "They own it from then on; the reason is recorded."),
        "no_one_to_hand": Text("没有可以转交的工作人员。", "There is nobody to hand it to."),
        "close": Text("办结", "Close"),
        "close_hint": Text("答复之后才能办结；办结后不能再修改。", "Answer first; a closed case does not change."),
        "owned_by": Text("由 {who} 负责。", "{who} owns this case."),
        "closed_note": Text("已办结。", "Closed."),
        "done_take": Text("已受理，由您负责。", "Taken: you answer for it now."),
        "done_reply": Text("答复已发送。", "The answer was sent."),
        "done_reassign": Text("已转交。", "Handed over."),
        "done_close": Text("已办结。", "Closed."),
    }
)
