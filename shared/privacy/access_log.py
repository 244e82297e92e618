"""Who looked at a citizen's data (数据查询记录): a citizen sees every staff access to their
applications, files and personal data — who (role and department), when, what and why.

Modelled on Estonia's Data Tracker (andmejälgija), which shows each resident which body
looked at their data in which register and why; PIPL art. 44–45 give a person the right
to know how their personal information is handled. No Chinese platform shows this list.

Rules:

- One entry per look. Staff pages call `record` when they show a citizen's application,
  one of its files or their personal data; `why` is the purpose in the citizen's words
  (`purpose_for`: 受理审查, 并联审查, 补正审核, 送达, 监察抽查 ...), derived from the staff
  member's role and the application's state, never typed by the staff member.
- The repeat rule: the same staff account looking at the same thing (`what`) of the same
  citizen is recorded at most once per `REPEAT_WINDOW_SECONDS` (10 minutes), counted from
  the last entry written; a reload or the page shown again after an action adds nothing,
  a look an hour later is a new entry.
- Who is the role and the department, never the staff member's name or account: the
  department is the one accountable for handling the data (the personal information
  handler under PIPL art. 73), and a clerk's name in a list the citizen can browse at
  leisure invites pressure on one person for the department's work. The account id is
  stored so a supervisor can trace an entry when a citizen questions it (a complaint that
  cites the entry), and it never leaves this module in an answer to the citizen.
- Append-only: triggers refuse UPDATE and DELETE (migration 0019). `what` is run through
  `redact` so no whole ID or phone number can land here even by mistake.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from shared.applications.states import State
from shared.catalog.model import Department
from shared.clock import iso
from shared.db import Database, Row, Transaction
from shared.i18n import Text
from shared.privacy.masking import redact
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import ROLE_TEXT, Role, parse_role

REPEAT_WINDOW_SECONDS = 600
PAGE_MAX = 100

# The purposes, as the citizen reads them. zh is the term a hall uses; en explains it.
INTAKE = Text("受理审查", "Checking your application before accepting it")
CORRECTION = Text("补正审核", "Checking the corrections you made")
PARALLEL_REVIEW = Text("并联审查", "Review by a department that takes part in the decision")
DECISION_REVIEW = Text("审批审查", "Review for the decision")
DELIVERY = Text("送达", "Handing over the result")
FOLLOW_UP = Text("办理跟进", "Following your application while it is handled")
LOOK_BACK = Text("办结后查阅", "Looking back at a finished application")
SUPERVISION = Text("监察抽查", "Supervision check of how the hall works")
HALL_ADMIN = Text("大厅管理", "Hall administration")

HALL = Text("政务服务中心", "Service hall")

RUNNING = frozenset({State.ACCEPTED, State.UNDER_REVIEW})
DECIDED = frozenset({State.APPROVED, State.DENIED})


def purpose_for(role: Role, state: State, *, lead: bool) -> Text:
    """Why someone in `role` opens an application in `state` (`lead`: their department leads it).

    A window clerk takes it in (受理审查), checks corrections (补正审核) and hands over the
    result (送达); a reviewer of the lead department reviews for the decision, one of a
    department with a review task reviews in parallel (并联审查); supervisors check (电子监察).
    """
    if role is Role.SUPERVISOR:
        return SUPERVISION
    if role is Role.ADMIN:
        return HALL_ADMIN
    if role is Role.CLERK:
        if state is State.SUBMITTED:
            return INTAKE
        if state is State.RETURNED:
            return CORRECTION
        if state in DECIDED:
            return DELIVERY
        return FOLLOW_UP if state in RUNNING else LOOK_BACK
    if state in RUNNING:
        return DECISION_REVIEW if lead else PARALLEL_REVIEW
    return LOOK_BACK if state in DECIDED or state is State.DELIVERED else FOLLOW_UP


@dataclass(frozen=True, slots=True)
class AccessEntry:
    """One look, as the citizen may see it: no staff name, no account."""

    id: int
    at: str
    role: Role
    department_code: str | None
    what: Text
    why: Text

    @property
    def role_text(self) -> Text:
        return ROLE_TEXT[self.role]


@dataclass(frozen=True, slots=True)
class AccessPage:
    entries: list[AccessEntry]
    next_before: int | None  # pass as `before` for the next (older) page; None: no more


def _text(value: str | Text) -> Text:
    return value if isinstance(value, Text) else Text(value, value)


async def _recent(reader: Database | Transaction, citizen_id: str, staff_id: int, what_zh: str, now: float) -> bool:
    row = await reader.fetch_one(
        "SELECT 1 FROM access_log WHERE staff_account_id = ? AND citizen_id = ? AND what_zh = ? AND at_epoch > ?"
        " LIMIT 1",
        (staff_id, citizen_id, what_zh, now - REPEAT_WINDOW_SECONDS),
    )
    return row is not None


async def _insert(
    tx: Transaction,
    citizen_id: str,
    staff: StaffPrincipal,
    what: Text,
    why: Text,
    application_id: str | None,
    now: float,
) -> bool:
    if await _recent(tx, citizen_id, staff.account_id, what.zh, now):
        return False
    await tx.execute(
        "INSERT INTO access_log (citizen_id, at, at_epoch, staff_account_id, staff_role, department_code,"
        " application_id, what_zh, what_en, why_zh, why_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            citizen_id,
            iso(now),
            now,
            staff.account_id,
            staff.role.value,
            staff.department_code,
            application_id,
            what.zh,
            what.en or what.zh,
            why.zh,
            why.en or why.zh,
        ),
    )
    return True


async def record(
    tx_or_db: Transaction | Database,
    citizen_id: str,
    staff: StaffPrincipal,
    what: str | Text,
    why: str | Text,
    now: float,
    *,
    application_id: str | None = None,
) -> bool:
    """Write that `staff` looked at `what` of `citizen_id` for `why`; False when the same
    look was recorded within the repeat window (nothing written).

    Given a transaction, the entry joins it (it commits with the caller's work); given the
    database, a read first skips the write lock for a repeat, then a transaction of its own.
    """
    what_text = _text(what)
    what_text = Text(redact(what_text.zh), redact(what_text.en or what_text.zh))
    why_text = _text(why)
    if isinstance(tx_or_db, Transaction):
        return await _insert(tx_or_db, citizen_id, staff, what_text, why_text, application_id, now)
    if await _recent(tx_or_db, citizen_id, staff.account_id, what_text.zh, now):
        return False
    async with tx_or_db.transaction() as tx:
        return await _insert(tx, citizen_id, staff, what_text, why_text, application_id, now)


def _entry(row: Row) -> AccessEntry:
    return AccessEntry(
        id=int(row["id"]),
        at=str(row["at"]),
        role=parse_role(str(row["staff_role"])) or Role.ADMIN,
        department_code=row["department_code"],
        what=Text(str(row["what_zh"]), str(row["what_en"])),
        why=Text(str(row["why_zh"]), str(row["why_en"])),
    )


async def for_citizen(db: Database, citizen_id: str, limit: int = 20, before: int | None = None) -> AccessPage:
    """The citizen's entries, newest first, `limit` at a time; `before` is the previous
    page's `next_before` (an entry id: ids only grow, so a page never repeats or skips
    an entry written while the citizen reads)."""
    limit = max(1, min(limit, PAGE_MAX))
    rows = await db.fetch_all(
        "SELECT id, at, staff_role, department_code, what_zh, what_en, why_zh, why_en FROM access_log"
        " WHERE citizen_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
        (citizen_id, before if before is not None else 2**63 - 1, limit + 1),
    )
    entries = [_entry(row) for row in rows[:limit]]
    return AccessPage(entries, entries[-1].id if len(rows) > limit else None)


def department_text(departments: Mapping[str, Department], code: str | None) -> Text:
    """The department's name from the catalog; a hall-wide role is the hall itself."""
    if code is None:
        return HALL
    department = departments.get(code)
    return department.name if department is not None else Text(code, code)
