"""差评整改: the follow-up case a bad rating opens, and its steps. All SQL of follow-ups lives here.

国办发〔2019〕51号 (政务服务"好差评"制度): a bad rating is the responsibility of whoever handled
the matter ("谁办理、谁负责"); the hall calls the citizen back (real-name bad ratings: a 100%
callback rate), corrects what was wrong — at once when it is clear, within a deadline when it
is not, with an explanation when the wish has no legal basis — and reports the result. Local
rules set the deadline in working days (德州: feedback within 5; 四川: correction within 15).

    async with db.transaction() as tx:                       # inside ratings.rate, level ≤ 2
        cases = await followups.open_for(tx, rating, app, now)
    case = await followups.get(db, case_id)                  # FollowUp | None (steps, due date)
    async with db.transaction() as tx:
        await followups.record_step(tx, case_id, "callback", staff, outcome="reached",
                                    happened_at=..., note="...", where=where, now=now)

The deadline (`FollowUp.due_on`) is computed when read, on the hall's calendar as it stands
(shared.calendar: holidays and 调休), so next year's notice, once loaded, moves it right.

Steps come in order — callback (回访), correction (整改) and its result, close — each once,
each audited in its own transaction. Nothing is updated: the state is read from the steps.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from shared import audit
from shared.audit import Actor, AuditEvent, Where
from shared.calendar import store as calendar_store
from shared.calendar.days import WorkCalendar
from shared.clock import CHINA_TIME, china_day, iso
from shared.db import Database, Transaction
from shared.errors import Conflict, FieldProblem, Forbidden, NotFound, ValidationFailed
from shared.i18n import Text
from shared.privacy.masking import redact
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Role, in_scope

if TYPE_CHECKING:
    from shared.applications.model import Application
    from shared.ratings.store import Rating

# The deadline to close a case: callback, correction and result within five working days
# (德州's rule, the stricter of the two local rules in our references).
FOLLOWUP_WORKING_DAYS = 5
NOTE_MAX = 500

# Who works on cases: the department's clerks and reviewers, and supervisors (hall-wide).
FOLLOWUP_ROLES = frozenset({Role.CLERK, Role.REVIEWER, Role.SUPERVISOR})

Step = Literal["callback", "correction", "close"]
STEPS: tuple[Step, ...] = ("callback", "correction", "close")
OUTCOMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "callback": ("reached", "unreachable"),
        "correction": ("fixed", "explained", "unfounded"),
        "close": ("closed",),
    }
)
STEP_TEXT: Mapping[str, Text] = MappingProxyType(
    {
        "callback": Text("回访群众", "Call the citizen back"),
        "correction": Text("整改及结果", "Correction and its result"),
        "close": Text("办结", "Close"),
    }
)
OUTCOME_TEXT: Mapping[str, Text] = MappingProxyType(
    {
        "reached": Text("已联系上群众", "Reached the citizen"),
        "unreachable": Text("多次联系未果", "Could not reach the citizen"),
        "fixed": Text("已整改到位", "Corrected"),
        "explained": Text("已解释说明（诉求无法律依据）", "Explained (no legal basis for the wish)"),
        "unfounded": Text("经核实情况不属实", "Checked: the complaint did not hold"),
        "closed": Text("已办结", "Closed"),
    }
)

State = Literal["open", "called_back", "corrected", "closed"]
STATE_TEXT: Mapping[str, Text] = MappingProxyType(
    {
        "open": Text("待回访", "Awaiting callback"),
        "called_back": Text("待整改", "Awaiting correction"),
        "corrected": Text("待办结", "Awaiting closing"),
        "closed": Text("已办结", "Closed"),
    }
)
_STATE_AFTER: Mapping[str, State] = MappingProxyType(
    {"callback": "called_back", "correction": "corrected", "close": "closed"}
)

NOT_YOURS = Text(
    "该差评整改件属于其他部门，您无权处理。",
    "This follow-up case belongs to another department; you may not act on it.",
)
OUT_OF_ORDER = Text(
    "请按顺序办理：先回访群众，再整改并登记结果，最后办结。",
    "Please go in order: call the citizen back, then correct and record the result, then close.",
)
BAD_OUTCOME = Text("请选择一个结果。", "Please choose an outcome.")
NEED_NOTE = Text(
    f"请填写情况说明（不超过 {NOTE_MAX} 字）。", f"Please describe what happened (up to {NOTE_MAX} characters)."
)
BAD_TIME = Text("时间不能早于差评时间，也不能晚于现在。", "The time cannot be before the rating or after now.")


class FollowUpNotFound(NotFound):
    code = "followup_not_found"
    default_message = Text("找不到该差评整改件。", "No such follow-up case.")


class StepOutOfOrder(Conflict):
    code = "followup_step_out_of_order"
    default_message = OUT_OF_ORDER


@dataclass(frozen=True, slots=True)
class StepRecord:
    step: str
    outcome: str
    happened_at: str
    note: str
    staff_label: str
    recorded_at: str

    @property
    def step_text(self) -> Text:
        return STEP_TEXT[self.step]

    @property
    def outcome_text(self) -> Text:
        return OUTCOME_TEXT.get(self.outcome, Text(self.outcome))


@dataclass(frozen=True, slots=True)
class FollowUp:
    id: str
    rating_id: str
    application_id: str
    department: str
    opened_at: str
    opened_on: dt.date
    due_on: dt.date
    working_days: int
    level: int
    steps: tuple[StepRecord, ...] = ()

    @property
    def state(self) -> State:
        done = {step.step for step in self.steps}
        for step in reversed(STEPS):
            if step in done:
                return _STATE_AFTER[step]
        return "open"

    @property
    def state_text(self) -> Text:
        return STATE_TEXT[self.state]

    @property
    def closed(self) -> bool:
        return self.state == "closed"

    @property
    def closed_on(self) -> dt.date | None:
        for step in self.steps:
            if step.step == "close":
                return local_date(step.recorded_at)
        return None

    def next_step(self) -> Step | None:
        done = {step.step for step in self.steps}
        return next((step for step in STEPS if step not in done), None)

    def overdue(self, today: dt.date) -> bool:
        """Past its deadline and not closed (超期未办结)."""
        return not self.closed and today > self.due_on

    def closed_late(self) -> bool:
        closed_on = self.closed_on
        return closed_on is not None and closed_on > self.due_on

    def step(self, name: str) -> StepRecord | None:
        return next((step for step in self.steps if step.step == name), None)


def local_date(iso_value: str) -> dt.date:
    return dt.datetime.fromisoformat(iso_value).astimezone(CHINA_TIME).date()


def may_work_on(staff: StaffPrincipal, department: str) -> bool:
    """The department's clerks and reviewers, and supervisors; nobody else (administrators run
    the hall's accounts, not its cases)."""
    return staff.role in FOLLOWUP_ROLES and in_scope(staff, department)


def check_may_work_on(staff: StaffPrincipal, case: FollowUp) -> None:
    if not may_work_on(staff, case.department):
        raise Forbidden(NOT_YOURS)


def due_date(calendar: WorkCalendar, opened_on: dt.date, days: int) -> dt.date:
    """The deadline: the `days`-th working day after the day the case opened (that day not
    counted), on the hall's calendar of holidays and 调休 make-up days."""
    return calendar.add_working_days(opened_on, days)


async def _handled_by(tx: Transaction, root_id: str) -> list[tuple[str, str]]:
    """(department, item application id) of each department that handled the rated matter:
    the item application itself, or each child department of a bundle (the first child of a
    department when it has several)."""
    rows = await tx.fetch_all(
        "SELECT id, department FROM applications WHERE (id = ? OR parent_id = ?) AND kind = 'item' "
        "AND department IS NOT NULL AND discarded_at IS NULL ORDER BY COALESCE(position, 0), id",
        (root_id, root_id),
    )
    seen: dict[str, str] = {}
    for row in rows:
        seen.setdefault(str(row["department"]), str(row["id"]))
    return list(seen.items())


async def open_for(tx: Transaction, rating: Rating, application: Application, now: float) -> list[str]:
    """Open the follow-up case(s) of a bad rating, in the rating's own transaction.

    One case per rating and department (UNIQUE in the table: a second call opens nothing).
    Returns the ids of the cases opened. `application` is the rated one or a child of it:
    the rating belongs to `rating.application_id`, the bundle parent when there is one.
    """
    del application  # the rated root is rating.application_id; its rows are read in this transaction
    opened_at = iso(now)
    opened_on = china_day(now)
    opened: list[str] = []
    for department, application_id in await _handled_by(tx, rating.application_id):
        case_id = "fu_" + secrets.token_urlsafe(16)
        inserted = await tx.execute(
            "INSERT INTO rating_followups (id, rating_id, application_id, department, opened_at, opened_on, "
            "working_days) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rating_id, department) DO NOTHING",
            (
                case_id,
                rating.id,
                application_id,
                department,
                opened_at,
                opened_on.isoformat(),
                FOLLOWUP_WORKING_DAYS,
            ),
        )
        if inserted != 1:
            continue
        opened.append(case_id)
        await audit.record(
            tx,
            AuditEvent(
                actor=Actor.system(),
                where=Where.system(),
                action="rating.followup.open",
                result="ok",
                target=case_id,
                detail={
                    "rating": rating.id,
                    "level": rating.level,
                    "department": department,
                    "working_days": FOLLOWUP_WORKING_DAYS,
                },
            ),
            now,
        )
    return opened


_CASE_COLUMNS = "f.id, f.rating_id, f.application_id, f.department, f.opened_at, f.opened_on, f.working_days, r.level"


def _case(row: sqlite3.Row, steps: Sequence[StepRecord], calendar: WorkCalendar) -> FollowUp:
    opened_on = dt.date.fromisoformat(row["opened_on"])
    return FollowUp(
        id=row["id"],
        rating_id=row["rating_id"],
        application_id=row["application_id"],
        department=row["department"],
        opened_at=row["opened_at"],
        opened_on=opened_on,
        due_on=due_date(calendar, opened_on, int(row["working_days"])),
        working_days=int(row["working_days"]),
        level=int(row["level"]),
        steps=tuple(steps),
    )


def _step(row: sqlite3.Row) -> StepRecord:
    return StepRecord(
        step=row["step"],
        outcome=row["outcome"],
        happened_at=row["happened_at"],
        note=row["note"],
        staff_label=row["staff_label"],
        recorded_at=row["recorded_at"],
    )


async def _steps_of(db: Database, case_ids: Sequence[str]) -> dict[str, list[StepRecord]]:
    found: dict[str, list[StepRecord]] = {case_id: [] for case_id in case_ids}
    if not case_ids:
        return found
    marks = ", ".join("?" for _ in case_ids)
    rows = await db.fetch_all(
        "SELECT followup_id, step, outcome, happened_at, note, staff_label, recorded_at FROM rating_followup_steps "
        f"WHERE followup_id IN ({marks}) ORDER BY id",
        tuple(case_ids),
    )
    for row in rows:
        found[str(row["followup_id"])].append(_step(row))
    return found


async def get(db: Database, case_id: str) -> FollowUp | None:
    row = await db.fetch_one(
        f"SELECT {_CASE_COLUMNS} FROM rating_followups f JOIN ratings r ON r.id = f.rating_id WHERE f.id = ?",
        (case_id,),
    )
    if row is None:
        return None
    return _case(row, (await _steps_of(db, [case_id]))[case_id], await calendar_store.current(db))


async def for_rating(db: Database, rating_id: str) -> list[FollowUp]:
    """The cases a rating opened (none for a good rating; one per department for a bad one)."""
    rows = await db.fetch_all(
        f"SELECT {_CASE_COLUMNS} FROM rating_followups f JOIN ratings r ON r.id = f.rating_id "
        "WHERE f.rating_id = ? ORDER BY f.department",
        (rating_id,),
    )
    steps = await _steps_of(db, [str(row["id"]) for row in rows])
    calendar = await calendar_store.current(db)
    return [_case(row, steps[str(row["id"])], calendar) for row in rows]


async def list_cases(db: Database, department: str | None = None, *, limit: int = 200) -> list[FollowUp]:
    """Cases, open ones first by deadline, then closed ones, newest first; one department's, or all."""
    where = "WHERE f.department = ?" if department is not None else ""
    params: tuple[str, ...] = (department,) if department is not None else ()
    rows = await db.fetch_all(
        f"SELECT {_CASE_COLUMNS}, EXISTS (SELECT 1 FROM rating_followup_steps s WHERE s.followup_id = f.id "
        f"AND s.step = 'close') AS is_closed FROM rating_followups f JOIN ratings r ON r.id = f.rating_id {where} "
        f"ORDER BY is_closed, f.opened_on, f.opened_at LIMIT {int(limit)}",
        params,
    )
    steps = await _steps_of(db, [str(row["id"]) for row in rows])
    calendar = await calendar_store.current(db)
    cases = [_case(row, steps[str(row["id"])], calendar) for row in rows]
    return sorted(cases, key=lambda case: (case.closed, case.due_on, case.opened_at))


def _parse_happened(value: str | None, opened_at: str, now: float) -> str:
    """When the call or correction happened, as staff typed it (local time, minutes), or now."""
    if value is None or not value.strip():
        return iso(now)
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed(BAD_TIME, problems=[FieldProblem("happened_at", "invalid", BAD_TIME)]) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CHINA_TIME)
    stamp = moment.timestamp()
    # A minute's grace either way: the form's field has minutes only.
    if stamp > now + 60 or stamp < dt.datetime.fromisoformat(opened_at).timestamp() - 60:
        raise ValidationFailed(BAD_TIME, problems=[FieldProblem("happened_at", "invalid", BAD_TIME)])
    return iso(stamp)


def validate_step(step: str, outcome: object, note: object) -> tuple[Step, str, str]:
    """The step's name, outcome (one of OUTCOMES[step]) and note (trimmed, personal numbers
    masked); 422 naming each problem otherwise."""
    if step not in OUTCOMES:
        raise FollowUpNotFound()
    problems: list[FieldProblem] = []
    allowed = OUTCOMES[step]
    if step == "close" and (outcome is None or outcome == ""):
        outcome = "closed"
    if not isinstance(outcome, str) or outcome not in allowed:
        problems.append(FieldProblem("outcome", "invalid", BAD_OUTCOME))
    text = " ".join(note.split()) if isinstance(note, str) else ""
    if not text or len(text) > NOTE_MAX:
        problems.append(FieldProblem("note", "required" if not text else "too_long", NEED_NOTE))
    if problems:
        raise ValidationFailed(problems[0].message, problems=problems)
    assert isinstance(outcome, str)
    name: Step = "callback" if step == "callback" else "correction" if step == "correction" else "close"
    return name, outcome, redact(text)


async def record_step(
    tx: Transaction,
    case_id: str,
    step: str,
    staff: StaffPrincipal,
    *,
    outcome: object,
    note: object,
    where: Where,
    now: float,
    happened_at: str | None = None,
) -> None:
    """Record the next step of a case, by a staff member who may work on it, with an audit entry.

    Raises FollowUpNotFound (404), Forbidden (another department, or a role without cases),
    ValidationFailed (422) or StepOutOfOrder (409: not the next step, or done already). The
    order is read inside the writer's transaction, so two clerks at once record one step.
    """
    row = await tx.fetch_one("SELECT department, opened_at FROM rating_followups WHERE id = ?", (case_id,))
    if row is None:
        raise FollowUpNotFound()
    department = str(row["department"])
    if not may_work_on(staff, department):
        raise Forbidden(NOT_YOURS)
    name, chosen, text = validate_step(step, outcome, note)
    steps = await tx.fetch_all("SELECT step FROM rating_followup_steps WHERE followup_id = ?", (case_id,))
    done = {str(r["step"]) for r in steps}
    if next((s for s in STEPS if s not in done), None) != name:
        raise StepOutOfOrder()
    when = _parse_happened(happened_at, str(row["opened_at"]), now) if name != "close" else iso(now)
    await tx.execute(
        "INSERT INTO rating_followup_steps (followup_id, step, outcome, happened_at, note, staff_id, staff_label, "
        "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (case_id, name, chosen, when, text, staff.account_id, staff.label, iso(now)),
    )
    await audit.record(
        tx,
        AuditEvent(
            actor=staff.actor(),
            where=where,
            action=f"rating.followup.{name}",
            result="ok",
            target=case_id,
            detail={"outcome": chosen, "department": department},
        ),
        now,
    )
