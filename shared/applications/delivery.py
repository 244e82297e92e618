"""Delivery (送达 / 出件) the way the citizen chose: at the window or by mail by a clerk of
the lead department, printed at a kiosk, or electronically by the system.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from shared.applications import journal
from shared.applications.model import Application, EventActor, Within
from shared.applications.states import Act, State, next_state
from shared.applications.steps import DeliveryHow, M, commit, finish, reason_text, reload_staff_object, require_lead
from shared.audit import Where
from shared.clock import iso
from shared.errors import Conflict, FieldProblem, Forbidden, ValidationFailed
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
            detail["tracking"] = reason_text(tracking, "tracking")
    elif how == "kiosk_print":
        actor = journal.kiosk_actor(where.value if where.kind == "kiosk" else "kiosk")
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
