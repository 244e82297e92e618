"""Who acted, written twice in the action's own transaction: on the application's timeline
(what the citizen and staff read) and in the hall's audit trail (GB/T 22239-2019 level 3:
user, time, event, outcome, where).

Labels are masked names or role labels only; details never hold answers.
"""

from __future__ import annotations

from typing import Any

from shared import audit
from shared.applications import repository
from shared.applications.model import EventActor
from shared.applications.states import State
from shared.audit import Actor, AuditEvent, DetailValue, Where
from shared.db import Database, Transaction
from shared.identity import citizens
from shared.staff.accounts import StaffPrincipal


def actor_of_citizen(citizen_id: str, citizen: citizens.Citizen | None) -> EventActor:
    """The citizen as the timeline names them: the masked name, or "citizen" before real-name."""
    label = citizen.name_masked if citizen is not None and citizen.name_masked else "citizen"
    return EventActor("citizen", citizen_id, label, "citizen")


async def citizen_actor(db: Database | Transaction, citizen_id: str) -> EventActor:
    return actor_of_citizen(citizen_id, await citizens.get(db, citizen_id))


def staff_actor(staff: StaffPrincipal) -> EventActor:
    return EventActor("staff", str(staff.account_id), staff.label, staff.role.value, staff.department_code)


def kiosk_actor(device_id: str) -> EventActor:
    return EventActor("kiosk", device_id, device_id, "kiosk")


def audit_actor(actor: EventActor) -> Actor:
    if actor.kind == "citizen":
        return Actor("citizen", actor.id, f"{actor.label} (citizen)")
    if actor.kind == "staff":
        return Actor("staff", actor.id, actor.label)
    if actor.kind == "kiosk":
        return Actor("kiosk", actor.id, actor.label)
    return Actor.system()


def _flat(detail: dict[str, Any]) -> dict[str, DetailValue]:
    return {k: v if isinstance(v, str | int | float | bool) or v is None else str(v) for k, v in detail.items()}


async def record(
    tx: Transaction,
    *,
    application_id: str,
    actor: EventActor,
    act: str,
    from_state: State | None,
    to_state: State | None,
    where: Where,
    now: float,
    detail: dict[str, Any] | None = None,
    audit_detail: dict[str, Any] | None = None,
) -> None:
    """One timeline event and one audit entry for one act on one application."""
    detail = detail or {}
    await repository.append_event(tx, application_id, actor, act, from_state, to_state, detail, now)
    summary: dict[str, Any] = {
        "from": from_state.value if from_state else None,
        "to": to_state.value if to_state else None,
    }
    summary.update(audit_detail if audit_detail is not None else {})
    await audit.record(
        tx,
        AuditEvent(
            actor=audit_actor(actor),
            where=where,
            action=f"application.{act}",
            result="ok",
            target=application_id,
            detail=_flat(summary),
        ),
        now,
    )
