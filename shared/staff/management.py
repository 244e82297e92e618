"""What a hall administrator does to staff accounts: create, deactivate, reactivate, and
reset the second factor. Each change is audited in its own transaction
(`staff.account.create`, `.deactivate`, `.reactivate`, `.second_factor_reset`).

Deactivating an account or resetting its second factor ends its sessions at once
(ASVS 7.4.2), so a person who has left, or whose phone was lost, is out on their next click.
An administrator cannot deactivate themselves or reset their own second factor: the
first would leave a hall without administrator, the second would let a stolen session
bind a new phone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from shared import audit
from shared.audit import Actor, AuditEvent, Where
from shared.db import Database
from shared.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from shared.i18n import Text
from shared.staff import accounts, passwords
from shared.staff.accounts import Account, StaffPrincipal
from shared.staff.roles import Role, needs_department, parse_role

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{2,31}")
MAX_DISPLAY_NAME = 40

BAD_USERNAME = Text(
    "用户名为 3–32 位英文字母、数字或 . _ -，并以字母或数字开头。",
    "A username has 3–32 letters, digits, '.', '_' or '-', starting with a letter or digit.",
)
USERNAME_TAKEN = Text("该用户名已被使用。", "This username is already taken.")
BAD_DISPLAY_NAME = Text(
    f"请填写姓名（不超过 {MAX_DISPLAY_NAME} 个字）。", f"Please give a name (at most {MAX_DISPLAY_NAME} characters)."
)
BAD_ROLE = Text("请选择岗位。", "Please choose a role.")
DEPARTMENT_NEEDED = Text("窗口人员和部门审批人员须选择所属部门。", "A window clerk or reviewer needs a department.")
DEPARTMENT_UNKNOWN = Text("事项目录中没有这个部门。", "The catalog has no such department.")
DEPARTMENT_NOT_ALLOWED = Text(
    "大厅管理员和监察人员面向全大厅，不属于某个部门。",
    "Administrators and supervisors work hall-wide, without a department.",
)
NOT_YOURSELF = Text(
    "不能对自己的账号执行此操作，请由另一位管理员办理。",
    "You cannot do this to your own account; ask another administrator.",
)
NO_SUCH_ACCOUNT = Text("找不到该账号。", "There is no such account.")


@dataclass(frozen=True, slots=True)
class NewAccount:
    """A form or command line's answers, as typed (validated by `new_account_problems`)."""

    username: str
    display_name: str
    role: str
    department_code: str | None
    password: str


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def new_account_problems(new: NewAccount, departments: Collection[str]) -> list[FieldProblem]:
    """Every problem with the answers at once, so one correction is enough."""
    problems: list[FieldProblem] = []
    username = new.username.strip()
    if not USERNAME_PATTERN.fullmatch(username):
        problems.append(FieldProblem("username", "invalid", BAD_USERNAME))
    name = _clean(new.display_name)
    if not name or len(name) > MAX_DISPLAY_NAME or any(unicodedata.category(ch).startswith("C") for ch in name):
        problems.append(FieldProblem("display_name", "invalid", BAD_DISPLAY_NAME))
    role = parse_role(new.role)
    department = (new.department_code or "").strip() or None
    if role is None:
        problems.append(FieldProblem("role", "invalid", BAD_ROLE))
    elif needs_department(role):
        if department is None:
            problems.append(FieldProblem("department_code", "required", DEPARTMENT_NEEDED))
        elif department not in departments:
            problems.append(FieldProblem("department_code", "unknown", DEPARTMENT_UNKNOWN))
    elif department is not None:
        problems.append(FieldProblem("department_code", "not_allowed", DEPARTMENT_NOT_ALLOWED))
    problems.extend(passwords.password_problems(new.password, username))
    return problems


async def create_account(
    db: Database,
    new: NewAccount,
    departments: Collection[str],
    actor: Actor,
    where: Where,
    now: float,
    *,
    password_hash: str | None = None,
) -> Account:
    """Create an account, or raise ValidationFailed with every problem / Conflict when taken.

    `password_hash` lets the demo seeding hash its one shared password once.
    """
    problems = new_account_problems(new, departments)
    if problems:
        raise ValidationFailed(problems=problems)
    username = new.username.strip()
    if await accounts.username_taken(db, username):
        raise ValidationFailed(problems=[FieldProblem("username", "taken", USERNAME_TAKEN)])
    role = Role(new.role)
    department = (new.department_code or "").strip() or None
    hashed = password_hash or await passwords.hash_password(new.password)
    async with db.transaction() as tx:
        if await accounts.username_taken(tx, username):  # created meanwhile by another request
            raise ValidationFailed(problems=[FieldProblem("username", "taken", USERNAME_TAKEN)])
        account_id = await accounts.insert_account(
            tx,
            username=username,
            display_name=_clean(new.display_name),
            role=role,
            department_code=department,
            password_hash=hashed,
            now=now,
        )
        account = await accounts.get_account(tx, account_id)
        assert account is not None
        detail: dict[str, audit.DetailValue] = {"role": role.value}
        if department is not None:
            detail["department"] = department
        await audit.record(
            tx,
            AuditEvent(actor, where, "staff.account.create", "ok", target=account.label, detail=detail),
            now,
        )
    return account


async def _change(db: Database, account_id: int, by: StaffPrincipal, where: Where, now: float, action: str) -> Account:
    if account_id == by.account_id:
        await audit.record_alone(db, AuditEvent(by.actor(), where, action, "refused", target=by.label), now)
        raise Conflict(NOT_YOURSELF)
    async with db.transaction() as tx:
        account = await accounts.get_account(tx, account_id)
        if account is None:
            raise NotFound(NO_SUCH_ACCOUNT)
        if action == "staff.account.deactivate":
            changed = await accounts.set_active(tx, account_id, False)
            ended = await accounts.end_sessions_of(tx, account_id, "deactivated", now)
        elif action == "staff.account.reactivate":
            changed = await accounts.set_active(tx, account_id, True)
            ended = 0
        else:
            changed = await accounts.clear_second_factor(tx, account_id)
            ended = await accounts.end_sessions_of(tx, account_id, "second_factor_reset", now)
        if changed or ended:
            detail: dict[str, audit.DetailValue] = {"sessions_ended": ended}
            await audit.record(
                tx, AuditEvent(by.actor(), where, action, "ok", target=account.label, detail=detail), now
            )
        updated = await accounts.get_account(tx, account_id)
    assert updated is not None
    return updated


async def deactivate(db: Database, account_id: int, by: StaffPrincipal, where: Where, now: float) -> Account:
    return await _change(db, account_id, by, where, now, "staff.account.deactivate")


async def reactivate(db: Database, account_id: int, by: StaffPrincipal, where: Where, now: float) -> Account:
    return await _change(db, account_id, by, where, now, "staff.account.reactivate")


async def reset_second_factor(db: Database, account_id: int, by: StaffPrincipal, where: Where, now: float) -> Account:
    """Forget the TOTP secret: the person enrols a new one at their next sign-in."""
    return await _change(db, account_id, by, where, now, "staff.account.second_factor_reset")
