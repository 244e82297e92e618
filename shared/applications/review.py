"""Review and decision (审查, 审批): each department's opinion once, the lead department's
decision when all are in, the decision document, the certificate in the wallet (电子证照)
and the delivery that needs no one (electronic, a denial, nothing to hand over).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from shared.applications import certificates, journal, repository, results
from shared.applications.model import Application, EventActor, Within
from shared.applications.states import RUNNING, Act, Decision, Opinion, State, may_decide, next_state, review_complete
from shared.applications.steps import (
    DECISION_TITLE,
    DissentingOpinion,
    M,
    OpinionAlreadyGiven,
    ReviewIncomplete,
    commit,
    finish,
    reason_text,
    reload_staff_object,
    require,
)
from shared.audit import Where
from shared.catalog.model import ServiceItem
from shared.clock import iso
from shared.db import Transaction
from shared.errors import FieldProblem, Forbidden, ValidationFailed
from shared.i18n import Text
from shared.payments import orders as payment_orders
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Action, in_scope

if TYPE_CHECKING:
    from shared.services import Services


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
    require(staff, Action.REVIEW_APPLICATIONS, M["may_not_review"])
    if opinion not in ("agree", "disagree"):
        raise ValidationFailed(problems=[FieldProblem("opinion", "invalid", M["opinion_invalid"])])
    cleaned = reason_text(comment, "comment", required=opinion == "disagree")
    async with services.db.transaction() as tx:
        current = await reload_staff_object(tx, services, app)
        department = staff.department_code
        if department is None or not await repository.has_review_task(tx, current.id, department):
            raise Forbidden(M["no_task"])
        state = next_state(current.state, Act.OPINION)
        if not await repository.set_opinion(
            tx, current.id, department, opinion, cleaned, str(staff.account_id), staff.label, now
        ):
            raise OpinionAlreadyGiven()
        await commit(
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
        return await finish(tx, services, current, within)


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
    require(staff, Action.REVIEW_APPLICATIONS, M["may_not_review"])
    if decision not in ("approve", "deny"):
        raise ValidationFailed(problems=[FieldProblem("decision", "invalid", M["opinion_invalid"])])
    cleaned = reason_text(reason, required=decision == "deny")
    async with services.db.transaction() as tx:
        current = await reload_staff_object(tx, services, app)
        if not in_scope(staff, current.department):
            raise Forbidden(M["not_lead"])
        act = Act.APPROVE if decision == "approve" else Act.DENY
        state = next_state(current.state, act)
        if decision == "deny":
            # Denied: nothing more may be charged for it (an unpaid fee order closes).
            await payment_orders.close(tx, current.id, now)
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
        decided = await commit(
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
        await _after_decision(tx, services, decided, item, decision, now)
        return await finish(tx, services, current, within)


async def _after_decision(
    tx: Transaction, services: Services, decided: Application, item: ServiceItem | None, decision: Decision, now: float
) -> None:
    """The certificate of an approval, and the system's delivery when no one needs to hand anything over."""
    result = item.result if item is not None else None
    if decision == "approve" and result is not None and result.certificate_type is not None:
        await _issue_certificate(tx, decided, result.certificate_type, now)
    nothing_to_hand_over = result is None or not result.delivery
    if decision == "deny" or decided.delivery_method == "electronic" or nothing_to_hand_over:
        await commit(
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


DEEMED_RULE = Text(
    "事项办事规则：逾期未作出决定的，视为准予（过期默许）",
    "The item's rule: no decision within the time limit counts as approval (deemed approval)",
)


async def deem_approved(
    tx: Transaction, services: Services, current: Application, item: ServiceItem, due: str, now: float
) -> Application:
    """过期默许: the system approves an application whose time limit passed with no decision,
    because the item version's rule (`deemed_approval`) says so. Inside the caller's
    transaction (the watch job's, with its once-only alert row).

    Not a reviewer's act, so not `Act.APPROVE`'s transition: it applies to any application
    the hall still holds (submitted, accepted or under review; 行政许可法 第三十二条 treats one
    not returned in time as accepted). The decision document and the timeline cite the rule
    and the item version; pending review tasks stay pending, for the record.
    """
    assert item.deemed_approval and current.state in RUNNING
    assert current.number is not None and current.department is not None
    rule = {"rule": "deemed_approval", "item_code": item.code, "item_version": item.version, "due": due}
    document = await results.create(
        tx,
        current.id,
        "decision",
        results.document_number("decision", current.department, current.number),
        DECISION_TITLE["approve"],
        {"decision": "approve", "deemed": True, "reason": DEEMED_RULE.zh, "department": current.department, **rule},
        now,
    )
    decided = await commit(
        tx,
        services,
        current,
        replace(current, state=State.APPROVED, decided_at=iso(now)),
        act="deemed_approve",
        actor=EventActor.system(),
        where=Where.system(),
        now=now,
        detail={"document": document.number, **rule},
        audit_detail={"document": document.number, **rule},
    )
    await _after_decision(tx, services, decided, item, "approve", now)
    return decided


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
