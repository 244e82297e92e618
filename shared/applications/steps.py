"""The steps every act of the workflow shares: re-read under the writer lock, check the
actor, write the change with its timeline event and audit entry, run the caller's `within`.

Also the workflow's words (zh and en) and its own 409s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from shared.applications import journal, repository
from shared.applications.access import ApplicationNotFound, NotYourDepartment
from shared.applications.model import Application, EventActor, Within
from shared.applications.states import State
from shared.audit import Where
from shared.db import Transaction
from shared.errors import Conflict, FieldProblem, Forbidden, ValidationFailed
from shared.i18n import Text
from shared.privacy.masking import contains_personal_number
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Action, can, in_scope

if TYPE_CHECKING:
    from shared.services import Services


DeliveryHow = Literal["window", "mail", "kiosk_print", "electronic"]
REASON_MAX = 500
CORRECTION_MAX_ITEMS = 50

M = {
    "may_not_accept": Text(
        "您的岗位不能受理、退回或不予受理申请。", "Your role cannot accept, return or refuse applications."
    ),
    "may_not_review": Text("您的岗位不能审查或决定申请。", "Your role cannot review or decide applications."),
    "may_not_override": Text("只有监察人员可以批准再次退回补正。", "Only a supervisor can allow another return."),
    "may_not_deliver": Text("您的岗位不能办理送达。", "Your role cannot deliver results."),
    "no_task": Text("您所在部门没有该申请的审查任务。", "Your department has no review task on this application."),
    "not_lead": Text("只有牵头部门可以作出决定。", "Only the lead department can decide this application."),
    "review_incomplete": Text(
        "尚有部门未出具审查意见，请等待全部意见后再决定。",
        "Not every department has given its opinion yet; decide when all are in.",
    ),
    "dissent": Text("有部门不同意，不能准予办理。", "A department disagrees, so the application cannot be approved."),
    "opinion_given": Text("本部门已出具审查意见。", "Your department has already given its opinion."),
    "override_not_needed": Text(
        "该申请尚可退回补正，无需批准。", "This application may still be returned; no permission is needed."
    ),
    "wrong_delivery": Text("申请人选择的领取方式不是这一种。", "The applicant chose a different way of delivery."),
    "reason_required": Text("请填写理由。", "Please give a reason."),
    "reason_too_long": Text("理由过长（最多 500 字）。", "The reason is too long (500 characters at most)."),
    "reason_personal": Text("理由中不能包含身份证号或手机号。", "The reason must not contain an ID or phone number."),
    "correction_required": Text("请列出需要补正的全部问题。", "List every problem the applicant must correct."),
    "correction_target": Text("补正项目不属于该申请。", "This correction item is not part of the application."),
    "opinion_invalid": Text("请选择同意或不同意。", "Choose agree or disagree."),
    "tracking_required": Text("邮寄送达请填写快递单号。", "Enter the tracking number for delivery by mail."),
    "tracking_invalid": Text(
        "快递单号只能包含字母、数字和短横线（4 到 40 位）。",
        "A tracking number has 4 to 40 letters, digits or dashes.",
    ),
    "delivery_invalid": Text("请选择有效的送达方式。", "Choose a valid way of delivery."),
}
DECISION_TITLE = {
    "approve": Text("准予行政许可决定书", "Decision to approve"),
    "deny": Text("不予行政许可决定书", "Decision to deny"),
}
REFUSAL_TITLE = Text("不予受理通知书", "Notice of refusal to accept")


class ReviewIncomplete(Conflict):
    code = "review_incomplete"
    default_message = M["review_incomplete"]


class DissentingOpinion(Conflict):
    code = "dissenting_opinion"
    default_message = M["dissent"]


class OpinionAlreadyGiven(Conflict):
    code = "opinion_given"
    default_message = M["opinion_given"]


# --- shared steps ----------------------------------------------------------------------------


async def reload(tx: Transaction, services: Services, app: Application) -> Application:
    current = await repository.load(tx, services.vault, app.id)
    if current is None:
        raise ApplicationNotFound()
    return current


async def reload_staff_object(tx: Transaction, services: Services, app: Application) -> Application:
    """Staff act on submitted item applications only: a draft or a bundle parent is not theirs (404)."""
    current = await reload(tx, services, app)
    if current.kind != "item" or current.state == State.DRAFT:
        raise ApplicationNotFound()
    return current


async def commit(
    tx: Transaction,
    services: Services,
    before: Application,
    after: Application,
    *,
    act: str,
    actor: EventActor,
    where: Where,
    now: float,
    detail: dict[str, Any] | None = None,
    audit_detail: dict[str, Any] | None = None,
) -> Application:
    saved = await repository.save(tx, services.vault, after, now)
    await journal.record(
        tx,
        application_id=saved.id,
        actor=actor,
        act=act,
        from_state=before.state,
        to_state=saved.state,
        where=where,
        now=now,
        detail=detail,
        audit_detail=audit_detail,
    )
    return saved


async def finish(
    tx: Transaction, services: Services, app: Application, within: Within, saved: Application | None = None
) -> Application:
    """The application as stored now (a parent with its children), after the caller's work.

    `saved`: what the caller just wrote, when nothing else changed with it (no children);
    it spares a read under the writer lock, which every other writer waits for.
    """
    stored = saved if saved is not None else await reload(tx, services, app)
    if within is not None:
        await within(tx, stored)
    return stored


def reason_text(text: str | None, path: str = "reason", *, required: bool = True) -> str:
    """A clerk's or supervisor's free text: present, bounded, and holding no personal number."""
    cleaned = (text or "").strip()
    if not cleaned:
        if required:
            raise ValidationFailed(problems=[FieldProblem(path, "required", M["reason_required"])])
        return ""
    if len(cleaned) > REASON_MAX:
        raise ValidationFailed(problems=[FieldProblem(path, "too_long", M["reason_too_long"])])
    if contains_personal_number(cleaned):
        raise ValidationFailed(problems=[FieldProblem(path, "personal_number", M["reason_personal"])])
    return cleaned


def require(staff: StaffPrincipal, action: Action, message: Text) -> None:
    if not can(staff.role, action):
        raise Forbidden(message)


def require_lead(staff: StaffPrincipal, app: Application) -> None:
    if not in_scope(staff, app.department):
        raise NotYourDepartment()
