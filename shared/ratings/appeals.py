"""申诉: a department appeals a rating as wrongly or maliciously given; a supervisor decides.
All SQL of appeals, and of which ratings the figures count, lives here.

国办发〔2019〕51号 lets the rated side appeal (申诉) a bad rating it believes wrong (误评) or
malicious (恶意差评); after review an upheld appeal takes the rating out of the figures. Here:

    async with db.transaction() as tx:
        appeal = await appeals.file(tx, case, staff, grounds="malicious", reason="...", where=w, now=now)
    async with db.transaction() as tx:
        await appeals.decide(tx, appeal.id, supervisor, accept=True, reason="...", where=w, now=now)

One appeal per rating (a rejection is final); one decision per appeal, by a supervisor who did
not file it. The decision is its own row (rating_appeal_decisions); the rating row is never
touched. What the figures count (G3's supervision board):

    SELECT ... FROM counted_ratings ...          -- the SQL view: ratings minus accepted appeals
    rows = await appeals.counted(db, since=..., until=...)   # the same as Rating objects
    ids = await appeals.excluded_ids(db)                     # the ratings an appeal took out
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from shared import audit
from shared.audit import AuditEvent, Where
from shared.clock import iso
from shared.db import Database, Transaction
from shared.errors import Conflict, FieldProblem, Forbidden, NotFound, ValidationFailed
from shared.i18n import Text
from shared.privacy.masking import redact
from shared.ratings import store
from shared.ratings.followups import FollowUp, check_may_work_on
from shared.ratings.store import Rating
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Role

REASON_MAX = 500
# Who decides: supervisors (电子监察), never the department that appealed.
DECIDING_ROLES = frozenset({Role.SUPERVISOR})

Grounds = Literal["wrong", "malicious"]
GROUNDS_TEXT: Mapping[str, Text] = MappingProxyType(
    {
        "wrong": Text("误评（评价对象或内容有误）", "Given in error (wrong matter or content)"),
        "malicious": Text("恶意差评", "Malicious"),
    }
)
OUTCOME_TEXT: Mapping[str, Text] = MappingProxyType(
    {
        "pending": Text("待监察人员审核", "Awaiting a supervisor's decision"),
        "accepted": Text("申诉成立：该评价不计入统计", "Upheld: the rating is left out of the figures"),
        "rejected": Text("申诉不成立：该评价照常计入统计", "Rejected: the rating counts as given"),
    }
)

BAD_GROUNDS = Text("请选择申诉理由类型。", "Please choose the grounds of the appeal.")
NEED_REASON = Text(
    f"请填写理由（不超过 {REASON_MAX} 字）。", f"Please give the reason (up to {REASON_MAX} characters)."
)
BAD_DECISION = Text("请选择成立或不成立。", "Please choose upheld or rejected.")
ONLY_SUPERVISORS = Text("只有监察人员可以审核申诉。", "Only supervisors decide appeals.")
NOT_YOUR_OWN = Text("不能审核自己提出的申诉。", "You cannot decide an appeal you filed.")
ONLY_BAD = Text("只有差评可以申诉。", "Only a bad rating can be appealed.")


class AppealNotFound(NotFound):
    code = "appeal_not_found"
    default_message = Text("找不到该申诉。", "No such appeal.")


class AlreadyAppealed(Conflict):
    code = "already_appealed"
    default_message = Text(
        "该评价已经申诉过，每条评价只能申诉一次。", "This rating has been appealed already: one appeal per rating."
    )


class AlreadyDecided(Conflict):
    code = "appeal_already_decided"
    default_message = Text("该申诉已经审核，结论不能更改。", "This appeal has been decided; a decision is final.")


@dataclass(frozen=True, slots=True)
class Appeal:
    id: str
    rating_id: str
    followup_id: str
    department: str
    grounds: str
    reason: str
    filed_by: int
    filed_by_label: str
    filed_at: str
    outcome: str  # "pending" | "accepted" | "rejected"
    decision_reason: str | None
    decided_by_label: str | None
    decided_at: str | None

    @property
    def grounds_text(self) -> Text:
        return GROUNDS_TEXT[self.grounds]

    @property
    def outcome_text(self) -> Text:
        return OUTCOME_TEXT[self.outcome]

    @property
    def pending(self) -> bool:
        return self.outcome == "pending"


def _text(value: object, path: str, limit: int) -> str | FieldProblem:
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if not text or len(text) > limit:
        return FieldProblem(path, "required" if not text else "too_long", NEED_REASON)
    return redact(text)


def validate_appeal(grounds: object, reason: object) -> tuple[Grounds, str]:
    problems: list[FieldProblem] = []
    if grounds not in GROUNDS_TEXT:
        problems.append(FieldProblem("grounds", "invalid", BAD_GROUNDS))
    text = _text(reason, "reason", REASON_MAX)
    if isinstance(text, FieldProblem):
        problems.append(text)
    if problems:
        raise ValidationFailed(problems[0].message, problems=problems)
    assert isinstance(text, str)
    return ("wrong" if grounds == "wrong" else "malicious"), text


def validate_decision(decision: object, reason: object) -> tuple[bool, str]:
    problems: list[FieldProblem] = []
    if decision not in ("accept", "reject"):
        problems.append(FieldProblem("decision", "invalid", BAD_DECISION))
    text = _text(reason, "reason", REASON_MAX)
    if isinstance(text, FieldProblem):
        problems.append(text)
    if problems:
        raise ValidationFailed(problems[0].message, problems=problems)
    assert isinstance(text, str)
    return decision == "accept", text


_COLUMNS = (
    "a.id, a.rating_id, a.followup_id, a.department, a.grounds, a.reason, a.filed_by, a.filed_by_label, a.filed_at, "
    "COALESCE(d.outcome, 'pending') AS outcome, d.reason AS decision_reason, d.decided_by_label, d.decided_at"
)
_FROM = "rating_appeals a LEFT JOIN rating_appeal_decisions d ON d.appeal_id = a.id"


def _appeal(row: sqlite3.Row) -> Appeal:
    return Appeal(
        id=row["id"],
        rating_id=row["rating_id"],
        followup_id=row["followup_id"],
        department=row["department"],
        grounds=row["grounds"],
        reason=row["reason"],
        filed_by=int(row["filed_by"]),
        filed_by_label=row["filed_by_label"],
        filed_at=row["filed_at"],
        outcome=row["outcome"],
        decision_reason=row["decision_reason"],
        decided_by_label=row["decided_by_label"],
        decided_at=row["decided_at"],
    )


async def get(db: Database | Transaction, appeal_id: str) -> Appeal | None:
    row = await db.fetch_one(f"SELECT {_COLUMNS} FROM {_FROM} WHERE a.id = ?", (appeal_id,))
    return _appeal(row) if row is not None else None


async def for_rating(db: Database | Transaction, rating_id: str) -> Appeal | None:
    row = await db.fetch_one(f"SELECT {_COLUMNS} FROM {_FROM} WHERE a.rating_id = ?", (rating_id,))
    return _appeal(row) if row is not None else None


async def pending(db: Database, *, limit: int = 200) -> list[Appeal]:
    """Appeals waiting for a supervisor, the oldest first."""
    rows = await db.fetch_all(
        f"SELECT {_COLUMNS} FROM {_FROM} WHERE d.appeal_id IS NULL ORDER BY a.filed_at LIMIT {int(limit)}"
    )
    return [_appeal(row) for row in rows]


async def file(
    tx: Transaction,
    case: FollowUp,
    staff: StaffPrincipal,
    *,
    grounds: object,
    reason: object,
    where: Where,
    now: float,
) -> Appeal:
    """Appeal the rating behind `case`, as a staff member who may work on the case.

    Raises Forbidden (another department), ValidationFailed (422) or AlreadyAppealed (409;
    the UNIQUE column decides, so two departments or two tabs at once make one appeal).
    """
    check_may_work_on(staff, case)
    chosen, text = validate_appeal(grounds, reason)
    if case.level > 2:
        raise Forbidden(ONLY_BAD)
    appeal_id = "ra_" + secrets.token_urlsafe(16)
    inserted = await tx.execute(
        "INSERT INTO rating_appeals (id, rating_id, followup_id, department, grounds, reason, filed_by, "
        "filed_by_label, filed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rating_id) DO NOTHING",
        (appeal_id, case.rating_id, case.id, case.department, chosen, text, staff.account_id, staff.label, iso(now)),
    )
    if inserted != 1:
        raise AlreadyAppealed()
    await audit.record(
        tx,
        AuditEvent(
            actor=staff.actor(),
            where=where,
            action="rating.appeal.file",
            result="ok",
            target=appeal_id,
            detail={"rating": case.rating_id, "followup": case.id, "grounds": chosen},
        ),
        now,
    )
    appeal = await get(tx, appeal_id)
    assert appeal is not None
    return appeal


async def decide(
    tx: Transaction,
    appeal_id: str,
    staff: StaffPrincipal,
    *,
    decision: object,
    reason: object,
    where: Where,
    now: float,
) -> Appeal:
    """A supervisor upholds (`decision="accept"`) or rejects (`"reject"`) an appeal, with a reason.

    Raises AppealNotFound (404), Forbidden (not a supervisor, or their own appeal),
    ValidationFailed (422) or AlreadyDecided (409). The rating row is not touched: an upheld
    appeal's decision row is what takes it out of `counted_ratings`.
    """
    if staff.role not in DECIDING_ROLES:
        raise Forbidden(ONLY_SUPERVISORS)
    appeal = await get(tx, appeal_id)
    if appeal is None:
        raise AppealNotFound()
    if appeal.filed_by == staff.account_id:
        raise Forbidden(NOT_YOUR_OWN)
    accept, text = validate_decision(decision, reason)
    outcome = "accepted" if accept else "rejected"
    inserted = await tx.execute(
        "INSERT INTO rating_appeal_decisions (appeal_id, rating_id, outcome, reason, decided_by, decided_by_label, "
        "decided_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (appeal_id) DO NOTHING",
        (appeal.id, appeal.rating_id, outcome, text, staff.account_id, staff.label, iso(now)),
    )
    if inserted != 1:
        raise AlreadyDecided()
    await audit.record(
        tx,
        AuditEvent(
            actor=staff.actor(),
            where=where,
            action=f"rating.appeal.{'accept' if accept else 'reject'}",
            result="ok",
            target=appeal.id,
            detail={"rating": appeal.rating_id, "department": appeal.department},
        ),
        now,
    )
    decided = await get(tx, appeal.id)
    assert decided is not None
    return decided


# --- what the figures count ---------------------------------------------------------------

COUNTED_VIEW = "counted_ratings"


async def counted(db: Database | Transaction, *, since: str | None = None, until: str | None = None) -> list[Rating]:
    """The ratings the figures count (all but those an upheld appeal took out), oldest first,
    optionally given in [since, until) (ISO timestamps as `ratings.created_at` holds them)."""
    conditions: list[str] = []
    params: list[str] = []
    if since is not None:
        conditions.append("created_at >= ?")
        params.append(since)
    if until is not None:
        conditions.append("created_at < ?")
        params.append(until)
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    rows = await db.fetch_all(
        f"SELECT {store.RATING_COLUMNS} FROM {COUNTED_VIEW} {where} ORDER BY created_at, id", tuple(params)
    )
    return [store.rating_from_row(row) for row in rows]


async def excluded_ids(db: Database | Transaction) -> set[str]:
    """The ratings an upheld appeal took out of the figures."""
    rows = await db.fetch_all("SELECT rating_id FROM rating_appeal_decisions WHERE outcome = 'accepted'")
    return {str(row["rating_id"]) for row in rows}


async def is_counted(db: Database | Transaction, rating_id: str) -> bool:
    row = await db.fetch_one(f"SELECT 1 FROM {COUNTED_VIEW} WHERE id = ?", (rating_id,))
    return row is not None
