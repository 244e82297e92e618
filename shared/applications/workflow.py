"""Moving an application through its states: submission by the citizen, then the hall's acts.

Every function here follows one pattern, so "exactly once" holds under concurrency:

1. re-read the application inside `db.transaction()` (BEGIN IMMEDIATE under the writer
   lock), so the state checked is the state written over: of two clerks acting at once,
   the second finds the new state and gets a clean 409;
2. check who acts (403) and whether the act is allowed now (`states`, 409);
3. write the change, its timeline event and its audit entry;
4. await the caller's `within(tx, application)` in the same transaction (the phone API
   stores its idempotent answer there), then commit. Anything raised rolls back all of it.

Rules implemented: 一次性告知 (return listing every problem at once, a second return only
with a supervisor's permission), 并联审批 (review tasks for the lead and every
co-handling department, decision when all are in), 一件事一次办 (a bundle fans out into one
application per item at submission), 电子证照 (an approval issues the certificate into the
holder's wallet).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

from shared.applications import certificates, forms, journal, numbers, repository, results
from shared.applications.access import ApplicationNotFound, NotYourDepartment
from shared.applications.drafts import china_today
from shared.applications.model import Application, CorrectionItem, EventActor, Within
from shared.applications.states import (
    Act,
    CorrectOnceRule,
    Decision,
    Opinion,
    State,
    may_decide,
    may_return,
    next_state,
    review_complete,
)
from shared.audit import Where
from shared.catalog import rules
from shared.catalog.model import ServiceItem
from shared.clock import iso
from shared.db import Transaction
from shared.errors import Conflict, FieldProblem, Forbidden, ValidationFailed
from shared.i18n import Text
from shared.privacy.masking import contains_personal_number
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Action, can, in_scope

if TYPE_CHECKING:
    from shared.services import Services

__all__ = [
    "Within",
    "accept",
    "decide",
    "deliver",
    "override_return",
    "record_opinion",
    "refuse",
    "return_for_correction",
    "submit",
]

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


async def _reload(tx: Transaction, services: Services, app: Application) -> Application:
    current = await repository.load(tx, services.vault, app.id)
    if current is None:
        raise ApplicationNotFound()
    return current


async def _reload_staff_object(tx: Transaction, services: Services, app: Application) -> Application:
    """Staff act on submitted item applications only: a draft or a bundle parent is not theirs (404)."""
    current = await _reload(tx, services, app)
    if current.kind != "item" or current.state == State.DRAFT:
        raise ApplicationNotFound()
    return current


async def _commit(
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


async def _finish(tx: Transaction, services: Services, app: Application, within: Within) -> Application:
    """The application as stored now (a parent with its children), after the caller's work."""
    stored = await _reload(tx, services, app)
    if within is not None:
        await within(tx, stored)
    return stored


def _reason(text: str | None, path: str = "reason", *, required: bool = True) -> str:
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


def _require(staff: StaffPrincipal, action: Action, message: Text) -> None:
    if not can(staff.role, action):
        raise Forbidden(message)


def _require_lead(staff: StaffPrincipal, app: Application) -> None:
    if not in_scope(staff, app.department):
        raise NotYourDepartment()


# --- submission (the citizen) --------------------------------------------------------------


async def _problems(services: Services, app: Application, definition: forms.FormDefinition) -> list[FieldProblem]:
    from shared import materials  # the materials store imports this package's model

    files_for = getattr(materials, "files_for", None)
    files = await files_for(services.db, app) if files_for is not None else []
    wallet = await certificates.wallet(services, app.citizen_id)
    return forms.presubmission_problems(
        definition,
        app.answers,
        wallet,
        files,
        app.delivery_method,
        app.delivery_address,
        china_today(services.clock.now()),
    )


async def submit(
    services: Services, app: Application, *, channel: str, where: Where, now: float, within: Within = None
) -> Application:
    """DRAFT -> SUBMITTED with a new number, or RETURNED -> SUBMITTED (same number, the
    correction items cleared, the time limit counted again from the complete submission).

    The pre-submission check runs first: 422 listing everything still missing. A bundle
    parent fans out into one SUBMITTED child per item, numbered parent-number-k. An
    application that is already submitted (a double tap that lost the race) comes back
    unchanged, without calling `within`.
    """
    fresh = await repository.load(services.db, services.vault, app.id)
    if fresh is None:
        raise ApplicationNotFound()
    definition = await forms.definition(services, fresh)
    checked_revision = None
    if fresh.state in (State.DRAFT, State.RETURNED):
        problems = await _problems(services, fresh, definition)
        if problems:
            raise ValidationFailed(problems=problems)
        checked_revision = fresh.revision
    async with services.db.transaction() as tx:
        current = await _reload(tx, services, app)
        if current.state not in (State.DRAFT, State.RETURNED):
            return current
        if current.revision != checked_revision:
            # Changed between the check and the lock (another device saved): check again.
            # The writer lock is held, so what the readers see is what we write over.
            problems = await _problems(services, current, definition)
            if problems:
                raise ValidationFailed(problems=problems)
        actor = await journal.citizen_actor(tx, current.citizen_id)
        stamp = iso(now)
        if current.state == State.RETURNED:
            after = replace(
                current,
                state=next_state(current.state, Act.RESUBMIT),
                correction=(),
                submitted_channel=channel,
                submitted_at=stamp,
                submitted_ts=now,
            )
            await _commit(
                tx,
                services,
                current,
                after,
                act=Act.RESUBMIT,
                actor=actor,
                where=where,
                now=now,
                detail={"channel": channel},
                audit_detail={"channel": channel, "number": current.number},
            )
            return await _finish(tx, services, current, within)

        day = china_today(now)
        number = numbers.make(day, await repository.next_sequence(tx, numbers.day_key(day)))
        after = replace(
            current,
            state=next_state(current.state, Act.SUBMIT),
            number=number,
            submitted_channel=channel,
            submitted_at=stamp,
            submitted_ts=now,
        )
        children = list(definition.items) if current.kind == "bundle" else []
        await _commit(
            tx,
            services,
            current,
            after,
            act=Act.SUBMIT,
            actor=actor,
            where=where,
            now=now,
            detail={"channel": channel, "number": number, "children": len(children)},
            audit_detail={"channel": channel, "number": number, "children": len(children)},
        )
        for position, item in enumerate(children, start=1):
            await _fan_out(tx, services, after, item, position, actor=actor, where=where, now=now)
        return await _finish(tx, services, current, within)


async def _fan_out(
    tx: Transaction,
    services: Services,
    parent: Application,
    item: ServiceItem,
    position: int,
    *,
    actor: EventActor,
    where: Where,
    now: float,
) -> None:
    """一件事一次办: the item application of one item of a submitted bundle.

    It takes the answers to this item's own fields (nothing another department does not
    need), the delivery choice when this item delivers that way, and its own number;
    uploaded files stay on the parent and count for every child.
    """
    assert parent.number is not None
    answers = rules.validate_answers(item.form, parent.answers, china_today(now), partial=True).answers
    offered = item.result.delivery if item.result is not None else ()
    method = parent.delivery_method if parent.delivery_method in offered else None
    number = numbers.child(parent.number, position)
    child = replace(
        parent,
        id=repository.new_id(),
        number=number,
        parent_id=parent.id,
        position=position,
        kind="item",
        item_code=item.code,
        item_version=item.version,
        bundle_code=None,
        bundle_version=None,
        department=item.department,
        answers=answers,
        sources={code: source for code, source in parent.sources.items() if code in answers},
        delivery_method=method,
        delivery_address=parent.delivery_address if method == "mail" else None,
        revision=0,
        children=(),
    )
    await repository.insert(tx, services.vault, child, now)
    await journal.record(
        tx,
        application_id=child.id,
        actor=actor,
        act=Act.SUBMIT,
        from_state=None,
        to_state=State.SUBMITTED,
        where=where,
        now=now,
        detail={"channel": parent.submitted_channel, "number": number, "bundle": parent.number},
        audit_detail={"number": number, "bundle": parent.number, "item": item.code},
    )


# --- acceptance (窗口受理) ---------------------------------------------------------------------


async def accept(
    services: Services,
    app: Application,
    staff: StaffPrincipal,
    *,
    where: Where,
    now: float,
    within: Within = None,
) -> Application:
    """SUBMITTED -> ACCEPTED by a clerk of the lead department; opens a review task for the
    lead department and every co-handling department of the item version (并联审批)."""
    _require(staff, Action.ACCEPT_APPLICATIONS, M["may_not_accept"])
    async with services.db.transaction() as tx:
        current = await _reload_staff_object(tx, services, app)
        _require_lead(staff, current)
        after = replace(current, state=next_state(current.state, Act.ACCEPT), accepted_at=iso(now))
        assert current.item_code is not None and current.item_version is not None
        item = await services.catalog.item_version(current.item_code, current.item_version)
        lead = current.department or (item.department if item else "")
        departments = [(lead, True)] + [(code, False) for code in (item.co_departments if item else ()) if code != lead]
        await repository.create_review_tasks(tx, current.id, departments, now)
        await _commit(
            tx,
            services,
            current,
            after,
            act=Act.ACCEPT,
            actor=journal.staff_actor(staff),
            where=where,
            now=now,
            detail={"review": [code for code, _ in departments]},
        )
        return await _finish(tx, services, current, within)


def _correction_items(items: Sequence[CorrectionItem], definition: forms.FormDefinition) -> tuple[CorrectionItem, ...]:
    if not items:
        raise ValidationFailed(problems=[FieldProblem("correction", "required", M["correction_required"])])
    if len(items) > CORRECTION_MAX_ITEMS:
        raise ValidationFailed(problems=[FieldProblem("correction", "too_many", M["correction_required"])])
    fields = {f.code for f in definition.fields}
    materials = {entry.material.code for entry in definition.materials}
    problems: list[FieldProblem] = []
    cleaned: list[CorrectionItem] = []
    for index, item in enumerate(items):
        kind, _, code = item.target.partition(".")
        known = (kind == "answers" and code in fields) or (kind == "materials" and code in materials)
        if not (known or item.target == "other"):
            problems.append(FieldProblem(f"correction.{index}.target", "unknown", M["correction_target"]))
        try:
            reason = _reason(item.reason, f"correction.{index}.reason")
        except ValidationFailed as exc:
            problems.extend(exc.problems)
            continue
        cleaned.append(CorrectionItem(item.target, reason))
    if problems:
        raise ValidationFailed(problems=problems)
    return tuple(cleaned)


async def return_for_correction(
    services: Services,
    app: Application,
    staff: StaffPrincipal,
    items: Sequence[CorrectionItem],
    *,
    where: Where,
    now: float,
    within: Within = None,
) -> Application:
    """SUBMITTED -> RETURNED (补正) listing every problem at once (一次性告知).

    Only once: a second return raises CorrectOnceRule (409) unless a supervisor allowed
    one more (`override_return`).
    """
    _require(staff, Action.ACCEPT_APPLICATIONS, M["may_not_accept"])
    definition = await forms.definition(services, app)
    cleaned = _correction_items(items, definition)
    async with services.db.transaction() as tx:
        current = await _reload_staff_object(tx, services, app)
        _require_lead(staff, current)
        state = next_state(current.state, Act.RETURN)
        if not may_return(current.returns, current.return_overrides):
            raise CorrectOnceRule()
        after = replace(current, state=state, returns=current.returns + 1, correction=cleaned)
        await _commit(
            tx,
            services,
            current,
            after,
            act=Act.RETURN,
            actor=journal.staff_actor(staff),
            where=where,
            now=now,
            detail={"items": [item.as_dict() for item in cleaned]},
            audit_detail={"items": len(cleaned), "returns": after.returns},
        )
        return await _finish(tx, services, current, within)


async def override_return(
    services: Services,
    app: Application,
    supervisor: StaffPrincipal,
    reason: str,
    *,
    where: Where,
    now: float,
    within: Within = None,
) -> Application:
    """A supervisor allows one more return of a SUBMITTED application; recorded with the reason.

    409 when the application may still be returned anyway (permissions do not pile up).
    """
    _require(supervisor, Action.OVERRIDE_CORRECTION_RULE, M["may_not_override"])
    cleaned = _reason(reason)
    async with services.db.transaction() as tx:
        current = await _reload_staff_object(tx, services, app)
        state = next_state(current.state, Act.OVERRIDE_RETURN)
        if may_return(current.returns, current.return_overrides):
            raise Conflict(M["override_not_needed"])
        after = replace(current, state=state, return_overrides=current.return_overrides + 1)
        await _commit(
            tx,
            services,
            current,
            after,
            act=Act.OVERRIDE_RETURN,
            actor=journal.staff_actor(supervisor),
            where=where,
            now=now,
            detail={"reason": cleaned},
            audit_detail={"overrides": after.return_overrides},
        )
        return await _finish(tx, services, current, within)


async def refuse(
    services: Services,
    app: Application,
    staff: StaffPrincipal,
    reason: str,
    *,
    where: Where,
    now: float,
    within: Within = None,
) -> Application:
    """SUBMITTED -> REFUSED (不予受理) with a reason and a refusal notice as its result."""
    _require(staff, Action.ACCEPT_APPLICATIONS, M["may_not_accept"])
    cleaned = _reason(reason)
    async with services.db.transaction() as tx:
        current = await _reload_staff_object(tx, services, app)
        _require_lead(staff, current)
        after = replace(current, state=next_state(current.state, Act.REFUSE), decided_at=iso(now))
        assert current.number is not None and current.department is not None
        document = await results.create(
            tx,
            current.id,
            "refusal",
            results.document_number("refusal", current.department, current.number),
            REFUSAL_TITLE,
            {"reason": cleaned, "department": current.department},
            now,
        )
        await _commit(
            tx,
            services,
            current,
            after,
            act=Act.REFUSE,
            actor=journal.staff_actor(staff),
            where=where,
            now=now,
            detail={"reason": cleaned, "document": document.number},
            audit_detail={"document": document.number},
        )
        return await _finish(tx, services, current, within)


# --- review and decision (并联审批, 审批) --------------------------------------------------------


async def record_opinion(
    services: Services,
    app: Application,
    staff: StaffPrincipal,
    opinion: Opinion,
    comment: str,
    *,
    where: Where,
    now: float,
    within: Within = None,
) -> Application:
    """A reviewer gives their own department's opinion, once (ACCEPTED/UNDER_REVIEW -> UNDER_REVIEW).

    A disagreement needs a comment saying why.
    """
    _require(staff, Action.REVIEW_APPLICATIONS, M["may_not_review"])
    if opinion not in ("agree", "disagree"):
        raise ValidationFailed(problems=[FieldProblem("opinion", "invalid", M["opinion_invalid"])])
    cleaned = _reason(comment, "comment", required=opinion == "disagree")
    async with services.db.transaction() as tx:
        current = await _reload_staff_object(tx, services, app)
        department = staff.department_code
        if department is None or not await repository.has_review_task(tx, current.id, department):
            raise Forbidden(M["no_task"])
        state = next_state(current.state, Act.OPINION)
        if not await repository.set_opinion(
            tx, current.id, department, opinion, cleaned, str(staff.account_id), staff.label, now
        ):
            raise OpinionAlreadyGiven()
        await _commit(
            tx,
            services,
            current,
            replace(current, state=state),
            act=Act.OPINION,
            actor=journal.staff_actor(staff),
            where=where,
            now=now,
            detail={"opinion": opinion, "comment": cleaned},
            audit_detail={"opinion": opinion, "department": department},
        )
        return await _finish(tx, services, current, within)


async def decide(
    services: Services,
    app: Application,
    staff: StaffPrincipal,
    decision: Decision,
    reason: str,
    *,
    where: Where,
    now: float,
    within: Within = None,
) -> Application:
    """The lead department decides once every department's opinion is in (UNDER_REVIEW ->
    APPROVED or DENIED). Approval needs every department to agree; a denial needs a reason.

    Approval writes the decision document and, when the item's result is an electronic
    certificate type, issues it into the holder's wallet (电子证照) with its copy as a
    result. A denial, an electronic delivery, or an item with nothing to hand over is
    delivered by the system at once.
    """
    _require(staff, Action.REVIEW_APPLICATIONS, M["may_not_review"])
    if decision not in ("approve", "deny"):
        raise ValidationFailed(problems=[FieldProblem("decision", "invalid", M["opinion_invalid"])])
    cleaned = _reason(reason, required=decision == "deny")
    async with services.db.transaction() as tx:
        current = await _reload_staff_object(tx, services, app)
        if not in_scope(staff, current.department):
            raise Forbidden(M["not_lead"])
        act = Act.APPROVE if decision == "approve" else Act.DENY
        state = next_state(current.state, act)
        tasks = await repository.review_tasks(tx, current.id)
        opinions = {task.department: task.opinion for task in tasks}
        if not may_decide(opinions, decision):
            raise DissentingOpinion() if review_complete(opinions) else ReviewIncomplete()
        assert current.item_code is not None and current.item_version is not None
        assert current.number is not None and current.department is not None
        item = await services.catalog.item_version(current.item_code, current.item_version)
        document = await results.create(
            tx,
            current.id,
            "decision",
            results.document_number("decision", current.department, current.number),
            DECISION_TITLE[decision],
            {"decision": decision, "reason": cleaned, "department": current.department},
            now,
        )
        decided = await _commit(
            tx,
            services,
            current,
            replace(current, state=state, decided_at=iso(now)),
            act=act,
            actor=journal.staff_actor(staff),
            where=where,
            now=now,
            detail={"reason": cleaned, "document": document.number},
            audit_detail={"document": document.number},
        )
        result = item.result if item is not None else None
        if decision == "approve" and result is not None and result.certificate_type is not None:
            await _issue_certificate(tx, decided, result.certificate_type, now)
        nothing_to_hand_over = result is None or not result.delivery
        if decision == "deny" or decided.delivery_method == "electronic" or nothing_to_hand_over:
            await _commit(
                tx,
                services,
                decided,
                replace(decided, state=next_state(decided.state, Act.DELIVER), delivered_at=iso(now)),
                act=Act.DELIVER,
                actor=EventActor.system(),
                where=Where.system(),
                now=now,
                detail={"how": "electronic"},
                audit_detail={"how": "electronic"},
            )
        return await _finish(tx, services, current, within)


async def _issue_certificate(tx: Transaction, app: Application, type_code: str, now: float) -> None:
    holder = await certificates.holder_hash(tx, app.citizen_id)
    if holder is None:  # not real-name: no wallet to put it in; the decision document stands
        return
    assert app.number is not None and app.department is not None
    certificate = await certificates.issue(
        tx, holder, type_code, f"{app.department}-{app.number}", app.department, now, app.id
    )
    await results.create(
        tx,
        app.id,
        "certificate",
        results.document_number("certificate", app.department, app.number),
        Text("电子证照", "Electronic certificate"),
        {"certificate_id": certificate.id, "type_code": type_code, "number": certificate.number},
        now,
    )
    await journal.record(
        tx,
        application_id=app.id,
        actor=EventActor.system(),
        act="certificate",
        from_state=None,
        to_state=None,
        where=Where.system(),
        now=now,
        detail={"type_code": type_code, "number": certificate.number},
    )


# --- delivery (送达) ---------------------------------------------------------------------------


async def deliver(
    services: Services,
    app: Application,
    *,
    how: DeliveryHow,
    staff: StaffPrincipal | None = None,
    tracking: str | None = None,
    where: Where,
    now: float,
    within: Within = None,
) -> Application:
    """APPROVED/DENIED -> DELIVERED, the way the citizen chose.

    Window hand-out and mail by a clerk of the lead department (mail with its tracking
    number); kiosk print by the kiosk the owner stands at (`where` is that kiosk; the caller
    has checked the owner); electronic by the system.
    """
    if how not in ("window", "mail", "kiosk_print", "electronic"):
        raise ValidationFailed(problems=[FieldProblem("how", "invalid", M["delivery_invalid"])])
    detail: dict[str, Any] = {"how": how}
    if how in ("window", "mail"):
        if staff is None or not can(staff.role, Action.ACCEPT_APPLICATIONS):
            raise Forbidden(M["may_not_deliver"])
        actor = journal.staff_actor(staff)
        if how == "mail":
            detail["tracking"] = _reason(tracking, "tracking")
    elif how == "kiosk_print":
        actor = journal.kiosk_actor(where.value if where.kind == "kiosk" else "kiosk")
    else:
        actor = EventActor.system()
    async with services.db.transaction() as tx:
        current = await _reload_staff_object(tx, services, app)
        if staff is not None and how in ("window", "mail"):
            _require_lead(staff, current)
        state = next_state(current.state, Act.DELIVER)
        if current.state == State.APPROVED and current.delivery_method not in (None, how):
            raise Conflict(M["wrong_delivery"])
        await _commit(
            tx,
            services,
            current,
            replace(current, state=state, delivered_at=iso(now)),
            act=Act.DELIVER,
            actor=actor,
            where=where,
            now=now,
            detail=detail,
            audit_detail={"how": how},
        )
        return await _finish(tx, services, current, within)
