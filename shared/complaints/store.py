"""The complaints tables (0018_complaints.sql): raise, take, reassign, reply, close, rate.

All SQL of cases lives here. Every change checks `states.check` against the case as read
inside the writer's transaction and then guards its UPDATE with the state (and owner) it
read, so two staff members taking the same case at once make one owner and one refusal.
Texts (the citizen's, the replies, the reasons, the words on the answer) are sealed with
the vault and opened only to be shown through `masking.redact`; they are never logged.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from shared.applications.model import Application
from shared.clock import china_day, iso
from shared.complaints import deadlines
from shared.complaints.kinds import Kind
from shared.complaints.states import AlreadyRated, CaseFacts, CaseState, Move, Who, WrongState, check
from shared.db import Database, Transaction
from shared.errors import NotFound
from shared.i18n import Text
from shared.privacy.masking import redact
from shared.privacy.vault import PiiVault

Channel = Literal["kiosk", "mobile"]
TEXT_COLUMN = "complaints.text"
BODY_COLUMN = "complaint_events.body"
COMMENT_COLUMN = "complaint_ratings.comment"


class ComplaintNotFound(NotFound):
    code = "complaint_not_found"
    default_message = Text("找不到该事项。", "We could not find this case.")


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    citizen_id: str
    kind: Kind
    channel: str
    application_id: str | None
    application_ref: str | None  # the application's number (or id while it has none)
    department: str | None
    state: CaseState
    owner_id: int | None
    owner_name: str | None
    due_date: dt.date
    created_at: str
    created_ts: float
    taken_at: str | None
    answered_at: str | None
    closed_at: str | None
    rated: bool
    sealed_text: bytes = field(repr=False)

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    def overdue(self, today: dt.date) -> bool:
        return self.state is not CaseState.CLOSED and deadlines.is_overdue(self.due_date, self.answered, today)

    def facts(self) -> CaseFacts:
        return CaseFacts(self.state, self.owner_id, self.rated)


EventKind = Literal["taken", "reassigned", "replied", "closed"]


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    kind: EventKind
    actor_id: int
    actor_name: str
    from_name: str | None
    to_name: str | None
    created_at: str
    sealed_body: bytes | None = field(repr=False)


@dataclass(frozen=True, slots=True)
class AnswerRating:
    satisfied: bool
    has_comment: bool
    created_at: str


# --- reading -----------------------------------------------------------------------------

_CASE_COLUMNS = """
    c.id, c.citizen_id, c.kind, c.channel, c.application_id, COALESCE(a.number, a.id) AS application_ref,
    c.department, c.state, c.owner_id, s.display_name AS owner_name, c.due_date, c.created_at, c.created_ts,
    c.taken_at, c.answered_at, c.closed_at, c.text,
    EXISTS (SELECT 1 FROM complaint_ratings r WHERE r.complaint_id = c.id) AS rated
"""
_CASE_FROM = """
    FROM complaints c
    LEFT JOIN applications a ON a.id = c.application_id
    LEFT JOIN staff_accounts s ON s.id = c.owner_id
"""


def _case(row: sqlite3.Row) -> Case:
    return Case(
        id=row["id"],
        citizen_id=row["citizen_id"],
        kind=row["kind"],
        channel=row["channel"],
        application_id=row["application_id"],
        application_ref=row["application_ref"],
        department=row["department"],
        state=CaseState(row["state"]),
        owner_id=row["owner_id"],
        owner_name=row["owner_name"],
        due_date=dt.date.fromisoformat(row["due_date"]),
        created_at=row["created_at"],
        created_ts=float(row["created_ts"]),
        taken_at=row["taken_at"],
        answered_at=row["answered_at"],
        closed_at=row["closed_at"],
        rated=bool(row["rated"]),
        sealed_text=row["text"],
    )


async def get(db: Database | Transaction, case_id: str) -> Case | None:
    row = await db.fetch_one(f"SELECT {_CASE_COLUMNS} {_CASE_FROM} WHERE c.id = ?", (case_id,))
    return _case(row) if row is not None else None


async def for_citizen(db: Database | Transaction, citizen_id: str, case_id: str) -> Case:
    """The citizen's own case; anyone else's answers exactly like an unknown id (404)."""
    case = await get(db, case_id) if len(case_id) <= 64 else None
    if case is None or case.citizen_id != citizen_id:
        raise ComplaintNotFound()
    return case


async def list_for_citizen(db: Database, citizen_id: str, *, limit: int = 50) -> list[Case]:
    rows = await db.fetch_all(
        f"SELECT {_CASE_COLUMNS} {_CASE_FROM} WHERE c.citizen_id = ? ORDER BY c.created_ts DESC, c.id LIMIT ?",
        (citizen_id, limit),
    )
    return [_case(row) for row in rows]


async def queue(
    db: Database,
    *,
    departments: Sequence[str] | None,
    kind: Kind | None = None,
    states: Sequence[CaseState] = (),
    owner_id: int | None = None,
    limit: int = 200,
) -> list[Case]:
    """Cases for staff, the nearest deadline first. `departments` None: the whole hall;
    otherwise the hall-wide cases (no department) and those of the departments given."""
    where: list[str] = []
    params: list[object] = []
    if departments is not None:
        marks = ", ".join("?" for _ in departments)
        where.append(f"(c.department IS NULL OR c.department IN ({marks}))" if departments else "c.department IS NULL")
        params.extend(departments)
    if kind is not None:
        where.append("c.kind = ?")
        params.append(kind)
    if states:
        where.append(f"c.state IN ({', '.join('?' for _ in states)})")
        params.extend(state.value for state in states)
    if owner_id is not None:
        where.append("c.owner_id = ?")
        params.append(owner_id)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = await db.fetch_all(
        f"SELECT {_CASE_COLUMNS} {_CASE_FROM} {clause} "
        "ORDER BY c.state = 'closed', c.due_date, c.created_ts, c.id LIMIT ?",
        (*params, limit),
    )
    return [_case(row) for row in rows]


async def events(db: Database | Transaction, case_id: str) -> list[Event]:
    rows = await db.fetch_all(
        "SELECT e.id, e.kind, e.actor_id, actor.display_name AS actor_name, f.display_name AS from_name, "
        "t.display_name AS to_name, e.body, e.created_at FROM complaint_events e "
        "JOIN staff_accounts actor ON actor.id = e.actor_id "
        "LEFT JOIN staff_accounts f ON f.id = e.from_id LEFT JOIN staff_accounts t ON t.id = e.to_id "
        "WHERE e.complaint_id = ? ORDER BY e.id",
        (case_id,),
    )
    return [
        Event(
            id=row["id"],
            kind=row["kind"],
            actor_id=row["actor_id"],
            actor_name=row["actor_name"],
            from_name=row["from_name"],
            to_name=row["to_name"],
            created_at=row["created_at"],
            sealed_body=row["body"],
        )
        for row in rows
    ]


async def rating_of(db: Database | Transaction, case_id: str) -> AnswerRating | None:
    row = await db.fetch_one(
        "SELECT satisfied, comment IS NOT NULL AS has_comment, created_at FROM complaint_ratings "
        "WHERE complaint_id = ?",
        (case_id,),
    )
    if row is None:
        return None
    return AnswerRating(bool(row["satisfied"]), bool(row["has_comment"]), row["created_at"])


def shown_text(vault: PiiVault, case: Case) -> str:
    """The citizen's text as any screen shows it: whole ID and phone numbers masked."""
    return redact(vault.open(case.sealed_text, TEXT_COLUMN))


def shown_body(vault: PiiVault, event: Event) -> str | None:
    return redact(vault.open(event.sealed_body, BODY_COLUMN)) if event.sealed_body is not None else None


async def shown_comment(db: Database, vault: PiiVault, case_id: str) -> str | None:
    row = await db.fetch_one("SELECT comment FROM complaint_ratings WHERE complaint_id = ?", (case_id,))
    if row is None or row["comment"] is None:
        return None
    return redact(vault.open(row["comment"], COMMENT_COLUMN))


# --- changes -----------------------------------------------------------------------------


async def raise_case(
    tx: Transaction,
    vault: PiiVault,
    *,
    citizen_id: str,
    kind: Kind,
    text: str,
    channel: Channel,
    now: float,
    days: deadlines.WorkingDays,
    application: Application | None = None,
    device_id: str | None = None,
    submit_key: str | None = None,
) -> Case:
    """Record a new case, addressed to the linked application's department (a bundle's
    first item's), with its deadline counted on `days` (`deadlines.calendar(db)`, read
    before the transaction). The caller found `application` through
    `access.for_citizen`, so it is the citizen's own. A kiosk form's `submit_key` sent
    twice (a double tap) answers the case the first one made."""
    if application is not None and application.citizen_id != citizen_id:
        raise ComplaintNotFound()
    department = None
    if application is not None:
        department = application.department or next((c.department for c in application.children), None)
    due = deadlines.due_date(days, kind, china_day(now))
    case_id = "cp_" + secrets.token_urlsafe(12)
    inserted = await tx.execute(
        "INSERT INTO complaints (id, citizen_id, kind, channel, device_id, submit_key, application_id, department, "
        "text, due_date, created_at, created_ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (citizen_id, submit_key) DO NOTHING",
        (
            case_id,
            citizen_id,
            kind,
            channel,
            device_id,
            submit_key,
            application.id if application is not None else None,
            department,
            vault.seal(text, TEXT_COLUMN),
            due.isoformat(),
            iso(now),
            now,
        ),
    )
    if inserted != 1:
        row = await tx.fetch_one(
            "SELECT id FROM complaints WHERE citizen_id = ? AND submit_key = ?", (citizen_id, submit_key)
        )
        assert row is not None
        case_id = row["id"]
    case = await get(tx, case_id)
    assert case is not None
    return case


async def _locked(tx: Transaction, case_id: str) -> Case:
    case = await get(tx, case_id)
    if case is None:
        raise ComplaintNotFound()
    return case


async def _event(
    tx: Transaction,
    case_id: str,
    kind: EventKind,
    actor_id: int,
    now: float,
    *,
    from_id: int | None = None,
    to_id: int | None = None,
    body: bytes | None = None,
) -> None:
    await tx.execute(
        "INSERT INTO complaint_events (complaint_id, kind, actor_id, from_id, to_id, body, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (case_id, kind, actor_id, from_id, to_id, body, iso(now)),
    )


async def _move(tx: Transaction, case: Case, new_state: CaseState, sets: str, params: Sequence[object]) -> None:
    """The guarded UPDATE: only if the case is still as it was read."""
    changed = await tx.execute(
        f"UPDATE complaints SET state = ?, {sets} WHERE id = ? AND state = ? AND owner_id IS ?",
        (new_state.value, *params, case.id, case.state.value, case.owner_id),
    )
    if changed != 1:
        raise WrongState()


async def take(tx: Transaction, case_id: str, staff_id: int, now: float) -> Case:
    """首问: the first taker owns the case; a second taker gets AlreadyTaken (409)."""
    case = await _locked(tx, case_id)
    new_state = check(case.facts(), Move.TAKE, Who(staff_id=staff_id))
    await _move(tx, case, new_state, "owner_id = ?, taken_at = ?", (staff_id, iso(now)))
    await _event(tx, case.id, "taken", staff_id, now)
    return await _locked(tx, case_id)


async def reassign(
    tx: Transaction,
    vault: PiiVault,
    case_id: str,
    staff_id: int,
    to_staff_id: int,
    reason: str,
    now: float,
    *,
    supervisor: bool = False,
) -> Case:
    """Hand the case to another staff member, with the reason; they own it from now on.
    The caller checked that `to_staff_id` may handle the case (`rules.may_handle`)."""
    case = await _locked(tx, case_id)
    who = Who(staff_id=staff_id, supervisor=supervisor)
    new_state = check(case.facts(), Move.REASSIGN, who, to_staff_id=to_staff_id)
    assert case.owner_id is not None
    await _move(tx, case, new_state, "owner_id = ?", (to_staff_id,))
    await _event(
        tx,
        case.id,
        "reassigned",
        staff_id,
        now,
        from_id=case.owner_id,
        to_id=to_staff_id,
        body=vault.seal(reason, BODY_COLUMN),
    )
    return await _locked(tx, case_id)


async def reply(tx: Transaction, vault: PiiVault, case_id: str, staff_id: int, text: str, now: float) -> Case:
    """The owner answers the citizen (again, if need be); the first answer meets the deadline."""
    case = await _locked(tx, case_id)
    new_state = check(case.facts(), Move.REPLY, Who(staff_id=staff_id))
    await _move(tx, case, new_state, "answered_at = COALESCE(answered_at, ?)", (iso(now),))
    await _event(tx, case.id, "replied", staff_id, now, body=vault.seal(text, BODY_COLUMN))
    return await _locked(tx, case_id)


async def close(tx: Transaction, case_id: str, staff_id: int, now: float) -> Case:
    case = await _locked(tx, case_id)
    new_state = check(case.facts(), Move.CLOSE, Who(staff_id=staff_id))
    await _move(tx, case, new_state, "closed_at = ?", (iso(now),))
    await _event(tx, case.id, "closed", staff_id, now)
    return await _locked(tx, case_id)


async def rate(
    tx: Transaction,
    vault: PiiVault,
    case_id: str,
    citizen_id: str,
    satisfied: bool,
    comment: str | None,
    now: float,
) -> AnswerRating:
    """The citizen rates the answer once (AlreadyRated on a second, from any channel)."""
    case = await _locked(tx, case_id)
    if case.citizen_id != citizen_id:
        raise ComplaintNotFound()
    check(case.facts(), Move.RATE, Who(citizen=True))
    inserted = await tx.execute(
        "INSERT INTO complaint_ratings (complaint_id, satisfied, comment, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (complaint_id) DO NOTHING",
        (case.id, int(satisfied), vault.seal(comment, COMMENT_COLUMN) if comment else None, iso(now)),
    )
    if inserted != 1:
        raise AlreadyRated()
    return AnswerRating(satisfied, comment is not None, iso(now))
