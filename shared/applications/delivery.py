"""Delivery (送达 / 出件) the way the citizen chose: at the window or by mail by a clerk of
the lead department, printed at a kiosk, or electronically by the system.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from shared.applications import journal
from shared.applications.model import Application, EventActor, Within
from shared.applications.states import Act, State, next_state
from shared.applications.steps import DeliveryHow, M, commit, finish, reload_staff_object, require_lead
from shared.audit import Where
from shared.clock import iso
from shared.errors import Conflict, FieldProblem, Forbidden, ValidationFailed
from shared.privacy.masking import contains_personal_number
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Action, can

if TYPE_CHECKING:
    from shared.services import Services


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
            detail["tracking"] = _tracking(tracking)
    elif how == "kiosk_print":
        # Printed by the kiosk the citizen stands at; nothing else prints a result.
        if where.kind != "kiosk":
            raise Forbidden(M["may_not_deliver"])
        actor = journal.kiosk_actor(where.value)
    else:
        actor = EventActor.system()
    async with services.db.transaction() as tx:
        current = await reload_staff_object(tx, services, app)
        if staff is not None and how in ("window", "mail"):
            require_lead(staff, current)
        state = next_state(current.state, Act.DELIVER)
        if current.state == State.APPROVED and current.delivery_method not in (None, how):
            raise Conflict(M["wrong_delivery"])
        await commit(
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
        return await finish(tx, services, current, within)


TRACKING = re.compile(r"[A-Za-z0-9-]{4,40}", re.ASCII)


def _tracking(value: str | None) -> str:
    """A courier's tracking number (快递单号): letters, digits and dashes, and never something
    that reads as a personal number (a phone number typed by mistake)."""
    cleaned = (value or "").strip()
    if not cleaned:
        raise ValidationFailed(problems=[FieldProblem("tracking", "required", M["tracking_required"])])
    if TRACKING.fullmatch(cleaned) is None or contains_personal_number(cleaned):
        raise ValidationFailed(problems=[FieldProblem("tracking", "invalid", M["tracking_invalid"])])
    return cleaned
