"""Registering, moving and retiring kiosks from the fleet page (MANAGE_KIOSKS), audited.

The same operations as `onevisit kiosk register|retire` (shared.kiosk.devices holds the
SQL), with what a staff page needs on top: every input problem at once in zh-CN and English
(ValidationFailed), and an audit entry in the same transaction that names the kiosk
(`kiosk:<id>`) and carries the difference the change made (shared.diffing):

    kiosk.device.register   a new kiosk: its id, name and group (the key is never recorded)
    kiosk.device.move       a new name or group (a kiosk carried to the exit-entry area)
    kiosk.device.retire     its enrolment revoked, the citizen session on it ended

Retiring cannot be undone and an id is never reused (the audit trail refers to it).
"""

from __future__ import annotations

from typing import Any

from shared import audit, diffing
from shared.audit import Actor, AuditEvent, Where
from shared.db import Transaction
from shared.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from shared.i18n import Text
from shared.kiosk import devices
from shared.kiosk.devices import MAX_NAME_LENGTH, KioskDevice

ID_PROBLEM = Text(
    "编号只能用小写字母、数字和连字符“-”，以字母开头，最多 63 个字符，例如 lobby-01。",
    "The id uses lower-case letters, digits and '-', starts with a letter, at most 63 characters (e.g. lobby-01).",
)
ID_TAKEN = Text(
    "这个编号已经用过（编号不能重复使用，包括已停用的自助机）。",
    "This id is taken (ids are never reused, not even a retired kiosk's).",
)
NAME_PROBLEM = Text(
    f"请填写名称，最多 {MAX_NAME_LENGTH} 个字符，例如“一楼大厅 1 号机”。",
    f"Give a name of at most {MAX_NAME_LENGTH} characters, e.g. 'Lobby kiosk 1'.",
)
GROUP_PROBLEM = Text(
    "分组只能用小写字母、数字、“-”和“_”，最多 32 个字符，例如 lobby、exit-entry。",
    "The group uses lower-case letters, digits, '-' and '_', at most 32 characters (e.g. lobby, exit-entry).",
)


class KioskNotFound(NotFound):
    code = "kiosk_not_found"
    default_message = Text("找不到这台自助机，或它已停用。", "We could not find this kiosk, or it has been retired.")


class KioskUnchanged(Conflict):
    code = "kiosk_unchanged"
    default_message = Text("名称和分组都没有变化。", "Neither the name nor the group changed.")


def clean_name(value: str) -> str:
    return " ".join(value.split())


def _name_and_group_problems(name: str, group: str) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not name or len(name) > MAX_NAME_LENGTH:
        problems.append(FieldProblem("name", "invalid_name", NAME_PROBLEM))
    if not devices.valid_group(group):
        problems.append(FieldProblem("group", "invalid_group", GROUP_PROBLEM))
    return problems


def _document(device: KioskDevice) -> dict[str, Any]:
    """What the audit's difference compares: the facts staff can change."""
    return {"name": device.name, "group": device.group, "retired": device.retired_at is not None}


async def _audit(
    tx: Transaction, action: str, device_id: str, changes: list[diffing.Change], actor: Actor, where: Where, now: float
) -> None:
    event = AuditEvent(actor, where, action, "ok", target=f"kiosk:{device_id}", detail=diffing.for_audit(changes))
    await audit.record(tx, event, now)


async def register_kiosk(
    tx: Transaction, device_id: str, name: str, group: str, actor: Actor, where: Where, now: float
) -> str:
    """Register a kiosk and return its key (show it once; only its hash is kept).

    Raises ValidationFailed with every problem of the three fields.
    """
    name = clean_name(name)
    problems = _name_and_group_problems(name, group)
    if not devices.valid_device_id(device_id):
        problems.insert(0, FieldProblem("device_id", "invalid_device_id", ID_PROBLEM))
    elif await devices.get(tx, device_id) is not None:
        problems.insert(0, FieldProblem("device_id", "device_id_taken", ID_TAKEN))
    if problems:
        raise ValidationFailed(problems=problems)
    key = await devices.register(tx, device_id, name, group, now)
    device = await devices.get(tx, device_id)
    assert device is not None
    await _audit(tx, "kiosk.device.register", device_id, diffing.diff({}, _document(device)), actor, where, now)
    return key


async def _active(tx: Transaction, device_id: str) -> KioskDevice:
    device = await devices.get(tx, device_id)
    if device is None or not device.active:
        raise KioskNotFound()
    return device


async def move_kiosk(
    tx: Transaction, device_id: str, name: str, group: str, actor: Actor, where: Where, now: float
) -> KioskDevice:
    """Give an active kiosk a new name and/or group (its menu follows the group)."""
    before = await _active(tx, device_id)
    name = clean_name(name)
    problems = _name_and_group_problems(name, group)
    if problems:
        raise ValidationFailed(problems=problems)
    if (name, group) == (before.name, before.group):
        raise KioskUnchanged()
    await devices.rename(tx, device_id, name, group)
    after = await devices.get(tx, device_id)
    assert after is not None
    changes = diffing.diff(_document(before), _document(after))
    await _audit(tx, "kiosk.device.move", device_id, changes, actor, where, now)
    return after


async def retire_kiosk(tx: Transaction, device_id: str, actor: Actor, where: Where, now: float) -> KioskDevice:
    """Retire an active kiosk: its browser's enrolment is revoked and a citizen session on it
    ends (shared.kiosk.devices.retire). The caller drops the kiosk from its caches."""
    before = await _active(tx, device_id)
    await devices.retire(tx, device_id, now)
    after = await devices.get(tx, device_id)
    assert after is not None
    changes = diffing.diff(_document(before), _document(after))
    await _audit(tx, "kiosk.device.retire", device_id, changes, actor, where, now)
    return after
