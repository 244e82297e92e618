"""Checks of what staff type about a menu besides its tiles: pure, no I/O.

A new menu's id and name, a release's note, a scheduled go-live time, and the kiosk or
group a menu is assigned to. The tile document's checks are `rules`; `store` calls these
before it writes, so a refused change writes nothing.
"""

from __future__ import annotations

from shared.errors import FieldProblem, ValidationFailed
from shared.i18n import Text
from shared.kiosk.devices import valid_device_id, valid_group
from shared.menus.model import MENU_ID, MENU_NAME_MAX, TARGET_KINDS_ASSIGN

NOTE_MAX = 200


def name_problems(menu_id: str, name: Text) -> list[FieldProblem]:
    """What is wrong with a new menu's id and name (nothing: an empty list)."""
    problems = []
    if MENU_ID.fullmatch(menu_id) is None:
        problems.append(
            FieldProblem(
                "id",
                "invalid",
                Text(
                    "菜单编号须以小写字母开头，只含小写字母、数字和连字符，最多 32 个字符。",
                    "The menu id starts with a lower-case letter and has only lower-case letters, digits and"
                    " hyphens, at most 32 characters.",
                ),
            )
        )
    for lang in ("zh", "en"):
        value = (name.zh if lang == "zh" else name.en) or ""
        if not 1 <= len(value.strip()) <= MENU_NAME_MAX:
            problems.append(
                FieldProblem(
                    f"name.{lang}",
                    "length",
                    Text(
                        f"菜单名称须为 1 至 {MENU_NAME_MAX} 个字符。",
                        f"The name must have 1 to {MENU_NAME_MAX} characters.",
                    ),
                )
            )
    return problems


def clean_note(note: str) -> str:
    """A release's note with its spaces collapsed; longer than `NOTE_MAX` is refused (422)."""
    note = " ".join(note.split())
    if len(note) > NOTE_MAX:
        raise ValidationFailed(
            problems=[
                FieldProblem(
                    "note",
                    "length",
                    Text(f"说明最多 {NOTE_MAX} 个字符。", f"The note has at most {NOTE_MAX} characters."),
                )
            ]
        )
    return note


def check_go_live(go_live_at: float | None, now: float) -> None:
    """A scheduled release goes live in the future (None: now, always fine); 422 otherwise."""
    if go_live_at is not None and go_live_at <= now:
        raise ValidationFailed(
            problems=[
                FieldProblem(
                    "go_live_at",
                    "past",
                    Text("生效时间须晚于现在。", "The time it goes live must be in the future."),
                )
            ]
        )


def check_assignment_target(target_kind: str, target: str) -> None:
    """A kiosk (`device`) id or a group name a menu can be assigned to; 422 otherwise."""
    if target_kind not in TARGET_KINDS_ASSIGN:
        raise ValidationFailed(
            problems=[
                FieldProblem("target_kind", "invalid", Text("请选择自助机或分组。", "Choose a kiosk or a group."))
            ]
        )
    valid = valid_device_id(target) if target_kind == "device" else valid_group(target)
    if not valid:
        raise ValidationFailed(
            problems=[
                FieldProblem(
                    "target", "invalid", Text("自助机编号或分组名称不正确。", "Not a valid kiosk id or group.")
                )
            ]
        )
