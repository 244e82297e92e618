"""The timeline of an application: every event with who and when, in words for people.

The same events are shown to the citizen (phone and kiosk) and to staff. Who acted is
named by role and department ("窗口人员（公安局）"), never by a staff member's name or a
citizen's number; the citizen is "申请人" (the applicant).
"""

from __future__ import annotations

from collections.abc import Mapping

from shared.applications import repository
from shared.applications.model import Event
from shared.applications.special import KIND_TEXT
from shared.catalog.model import DELIVERY_TEXT, Department
from shared.db import Database, Transaction
from shared.i18n import Text
from shared.staff.roles import ROLE_TEXT, parse_role

Reader = Database | Transaction

CHANNEL_TEXT = {
    "kiosk": Text("自助终端", "a kiosk"),
    "mobile": Text("手机", "the phone"),
    "window": Text("窗口", "a window"),
}
APPLICANT = Text("申请人", "The applicant")
SYSTEM = Text("系统", "The system")
KIOSK = Text("自助终端", "A kiosk")
OPINION_TEXT = {"agree": Text("同意", "agree"), "disagree": Text("不同意", "disagree")}


async def events(db: Reader, application_id: str) -> list[Event]:
    """Oldest first; for a bundle parent, its children's events too, in time order."""
    rows = await db.fetch_all(
        "SELECT id FROM applications WHERE id = ? OR parent_id = ? ORDER BY position", (application_id, application_id)
    )
    return await repository.events_for(db, [str(row["id"]) for row in rows] or [application_id])


def who(event: Event, departments: Mapping[str, Department] | None = None) -> Text:
    """The actor as the timeline names them: a role and a department, or the applicant."""
    if event.actor_kind == "citizen":
        return APPLICANT
    if event.actor_kind == "kiosk":
        return KIOSK
    if event.actor_kind != "staff":
        return SYSTEM
    role = parse_role(event.actor_role)
    role_text = ROLE_TEXT[role] if role is not None else Text("工作人员", "Staff")
    if not event.department:
        return role_text
    department = departments.get(event.department) if departments else None
    name = department.short_name or department.name if department is not None else Text(event.department)
    return Text(f"{role_text.zh}（{name.zh}）", f"{role_text.en} ({name.get('en')})")


def _what(event: Event) -> Text:
    detail = event.detail
    act = event.act
    if act == "start":
        channel = CHANNEL_TEXT.get(str(detail.get("channel")), Text("", ""))
        return Text(f"在{channel.zh}开始填写申请", f"started the application on {channel.en}")
    if act == "discard":
        return Text("放弃了草稿", "discarded the draft")
    if act == "submit":
        channel = CHANNEL_TEXT.get(str(detail.get("channel")), Text("", ""))
        number = detail.get("number", "")
        if detail.get("bundle"):
            return Text(
                f"随“一件事”申请 {detail['bundle']} 一并提交，申请编号 {number}",
                f"submitted with the combined application {detail['bundle']}, number {number}",
            )
        return Text(
            f"通过{channel.zh}提交了申请，申请编号 {number}",
            f"submitted the application on {channel.en}, number {number}",
        )
    if act == "resubmit":
        return Text("补正后重新提交了申请", "resubmitted the application after correcting it")
    if act == "accept":
        return Text("受理了申请", "accepted the application")
    if act == "return":
        count = len(detail.get("items", ()))
        return Text(
            f"退回补正，一次性告知需补正的 {count} 项",
            f"returned it for correction, listing all {count} item(s) to correct",
        )
    if act == "override_return":
        return Text("批准再次退回补正", "allowed another return for correction")
    if act == "refuse":
        return Text("决定不予受理", "refused to accept the application")
    if act == "opinion":
        opinion = OPINION_TEXT.get(str(detail.get("opinion")), Text("", ""))
        return Text(f"出具审查意见：{opinion.zh}", f"gave the review opinion: {opinion.en}")
    if act == "approve":
        return Text("决定准予办理", "approved the application")
    if act == "deny":
        return Text("决定不予办理", "denied the application")
    if act == "certificate":
        # Read by the citizen and by staff alike: "the applicant's", not "your".
        return Text("签发了电子证照，已存入申请人的证照夹", "issued the certificate to the applicant's wallet")
    if act == "deliver":
        how = DELIVERY_TEXT.get(str(detail.get("how")), Text("", ""))
        if detail.get("tracking"):
            return Text(
                f"已送达（{how.zh}，快递单号 {detail['tracking']}）",
                f"delivered the result ({how.get('en').lower()}, tracking number {detail['tracking']})",
            )
        return Text(f"已送达（{how.zh}）", f"delivered the result ({how.get('en').lower()})")
    if act in ("special_start", "special_end"):
        return _special(act, detail)
    if act in ("time_warned", "time_overdue"):
        return _time_alert(act, detail)
    if act == "deemed_approve":
        return Text(
            f"在法定期限（{detail.get('due', '')}）内未作出决定，依事项规则视为准予办理（过期默许）",
            f"made no decision by the time limit ({detail.get('due', '')}); approved by the item's rule"
            " (deemed approval)",
        )
    if act == "paid":
        return Text(f"缴纳了费用 ¥{detail.get('amount', '')}", f"paid the fee of ¥{detail.get('amount', '')}")
    return Text("处理了申请", "acted on the application")  # an act this version does not know


def _special(act: str, detail: Mapping[str, object]) -> Text:
    """特别程序: started or ended, and whether its time counts toward the limit."""
    name = KIND_TEXT.get(str(detail.get("kind")), Text("特别程序", "a special procedure"))
    if act == "special_start":
        counted = Text("，期间计入办理时限", "; its time counts") if detail.get("counted") else None
        paused = Text("，期间暂停计时", "; the clock is paused meanwhile")
        note = counted or paused
        return Text(
            f"启动特别程序：{name.zh}{note.zh}", f"started a special procedure: {name.get('en')}{note.get('en')}"
        )
    return Text(f"结束特别程序：{name.zh}", f"ended the special procedure: {name.get('en')}")


def _time_alert(act: str, detail: Mapping[str, object]) -> Text:
    due = str(detail.get("due", ""))
    if act == "time_warned":
        return Text(f"提示：临近承诺办结日期（{due}）", f"warned: the promised date ({due}) is near")
    return Text(f"提示：已超过承诺办结日期（{due}）", f"marked overdue: the promised date ({due}) has passed")


def describe(event: Event, departments: Mapping[str, Department] | None = None) -> Text:
    """One sentence for one event, e.g. "窗口人员（公安局）受理了申请" / "Window clerk
    (Public Security) accepted the application". Pass the catalog's departments to name
    them; without, the department code is shown."""
    actor = who(event, departments)
    what = _what(event)
    return Text(f"{actor.zh}{what.zh}", f"{actor.get('en')} {what.get('en')}")
