"""The words of the feedback pages (/feedback: 投诉 / 咨询 / 建议 / 举报), zh-CN and English."""

from __future__ import annotations

from shared.i18n import Text

WORDS: dict[str, Text] = {
    "feedback_title": Text("投诉咨询建议", "Complaints and questions"),
    "feedback_link": Text("投诉、咨询、建议、举报", "Complain, ask, suggest or report"),
    "feedback_about_app": Text("对这件事有意见或疑问", "A question or complaint about this"),
    "feedback_choose": Text("您想做什么？", "What would you like to do?"),
    "feedback_intro": Text(
        "第一位接手的工作人员会负责到底（首问负责制），并在时限内答复您。",
        "The first staff member who takes it answers for it to the end, within the time limit.",
    ),
    "feedback_days": Text("{n} 个工作日内答复", "Answer within {n} working days"),
    "feedback_mine": Text("我反映过的事", "What I have raised"),
    "feedback_none": Text("您还没有反映过事情。", "You have not raised anything yet."),
    "feedback_about": Text("关于哪件事？", "What is it about?"),
    "feedback_no_app": Text("不涉及具体办件", "Not about one application"),
    "feedback_words": Text("请写下您要反映的内容", "Write what you want to tell us"),
    "feedback_words_hint": Text(
        "点一下输入框，用屏幕上的键盘输入。最多 {n} 个字。",
        "Tap the box and type on the keyboard on screen. At most {n} characters.",
    ),
    "feedback_send": Text("提交", "Send"),
    "feedback_change_kind": Text("换一种", "Choose another kind"),
    "feedback_sent": Text("已收到，我们会按时答复您。", "Received. We will answer you in time."),
    "feedback_your_words": Text("您反映的内容", "What you wrote"),
    "feedback_due": Text("答复期限", "Answer by"),
    "feedback_overdue": Text("已超过答复期限，已提醒监察人员", "Past the time limit; supervisors can see it"),
    "feedback_app": Text("相关办件", "Application"),
    "feedback_answers": Text("工作人员答复", "Answers"),
    "feedback_no_answer": Text(
        "工作人员正在处理，请耐心等待。", "Staff are working on it; please wait for the answer."
    ),
    "feedback_rate": Text("您对答复满意吗？", "Are you satisfied with the answer?"),
    "feedback_satisfied": Text("满意", "Satisfied"),
    "feedback_unsatisfied": Text("不满意", "Not satisfied"),
    "feedback_rate_words": Text("还想说的话（可不填）", "Anything to add (optional)"),
    "feedback_rated": Text("您的评价：{what}。谢谢！", "Your rating: {what}. Thank you!"),
    "feedback_back_list": Text("返回我反映过的事", "Back to what I raised"),
    "feedback_received": Text("提交时间", "Raised"),
}

# Phrases a citizen taps into their message: the kiosk has no Chinese input method (handwriting
# or pinyin), so these carry the words most messages need; letters and digits do the rest.
PHRASES: tuple[Text, ...] = (
    Text("请问", "May I ask"),
    Text("怎么办理", "how do I apply"),
    Text("需要哪些材料", "which papers are needed"),
    Text("办理时间", "opening hours"),
    Text("在哪个窗口", "which window"),
    Text("办理进度", "the progress"),
    Text("排队时间太长", "the wait was too long"),
    Text("工作人员态度不好", "staff were unhelpful"),
    Text("自助机出现故障", "the kiosk broke down"),
    Text("收费有问题", "a problem with the fee"),
    Text("建议增加", "please add"),
    Text("谢谢", "thank you"),
)
