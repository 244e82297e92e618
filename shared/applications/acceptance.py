"""The window's acts on a submitted application (窗口受理): accept and open the review tasks
(并联审批), return for correction once listing everything (一次性告知) unless a supervisor
allows another, or refuse with a notice (不予受理).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from shared.applications import forms, journal, repository, results
from shared.applications.model import Application, CorrectionItem, Within
from shared.applications.states import Act, CorrectOnceRule, may_return, next_state
from shared.applications.steps import (
    CORRECTION_MAX_ITEMS,
    REFUSAL_TITLE,
    M,
    commit,
    finish,
    reason_text,
    reload_staff_object,
    require,
    require_lead,
)
from shared.audit import Where
from shared.clock import iso
from shared.errors import Conflict, FieldProblem, ValidationFailed
from shared.payments import orders as payment_orders
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Action

if TYPE_CHECKING:
    from shared.services import Services


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
    require(staff, Action.ACCEPT_APPLICATIONS, M["may_not_accept"])
    async with services.db.transaction() as tx:
        current = await reload_staff_object(tx, services, app)
        require_lead(staff, current)
        after = replace(current, state=next_state(current.state, Act.ACCEPT), accepted_at=iso(now))
        assert current.item_code is not None and current.item_version is not None
        item = await services.catalog.item_version(current.item_code, current.item_version)
        lead = current.department or (item.department if item else "")
        departments = [(lead, True)] + [(code, False) for code in (item.co_departments if item else ()) if code != lead]
        await repository.create_review_tasks(tx, current.id, departments, now)
        await commit(
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
        return await finish(tx, services, current, within)


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
            reason = reason_text(item.reason, f"correction.{index}.reason")
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
    require(staff, Action.ACCEPT_APPLICATIONS, M["may_not_accept"])
    definition = await forms.definition(services, app)
    cleaned = _correction_items(items, definition)
    async with services.db.transaction() as tx:
        current = await reload_staff_object(tx, services, app)
        require_lead(staff, current)
        state = next_state(current.state, Act.RETURN)
        if not may_return(current.returns, current.return_overrides):
            raise CorrectOnceRule()
        after = replace(current, state=state, returns=current.returns + 1, correction=cleaned)
        await commit(
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
        return await finish(tx, services, current, within)


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
    require(supervisor, Action.OVERRIDE_CORRECTION_RULE, M["may_not_override"])
    cleaned = reason_text(reason)
    async with services.db.transaction() as tx:
        current = await reload_staff_object(tx, services, app)
        state = next_state(current.state, Act.OVERRIDE_RETURN)
        if may_return(current.returns, current.return_overrides):
            raise Conflict(M["override_not_needed"])
        after = replace(current, state=state, return_overrides=current.return_overrides + 1)
        await commit(
            tx,
            services,
            current,
            after,
            act=Act.OVERRIDE_RETURN,
            actor=journal.staff_actor(supervisor),
            where=where,
            now=now,
            detail={"reason": cleaned},
            audit_detail={"overrides": after.return_overrides, "reason": cleaned},
        )
        return await finish(tx, services, current, within)


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
    require(staff, Action.ACCEPT_APPLICATIONS, M["may_not_accept"])
    cleaned = reason_text(reason)
    async with services.db.transaction() as tx:
        current = await reload_staff_object(tx, services, app)
        require_lead(staff, current)
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
        await commit(
            tx,
            services,
            current,
            after,
            act=Act.REFUSE,
            actor=journal.staff_actor(staff),
            where=where,
            now=now,
            detail={"reason": cleaned, "document": document.number},
            audit_detail={"document": document.number, "reason": cleaned},
        )
        # Refused: nothing more may be charged for it (an unpaid fee order closes).
        await payment_orders.close(tx, current.id, now)
        return await finish(tx, services, current, within)
