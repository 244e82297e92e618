"""Special procedures (特别程序): hearing, expert review, public notice, inspection and the like.

行政许可法 第四十五条: the time a hearing, bidding, auction, testing, inspection, appraisal or
expert review needs is not counted in the time limit, and the applicant is told how long it
takes. Which procedures an item may need, and whether each is counted after all, is the
catalog item's rule (`ServiceItem.special_procedures`); a reviewer of the lead department
starts one with a reason and ends it with its outcome. Both acts are timeline events the
citizen reads (``special_start`` / ``special_end``), which is what the clock
(`shared.applications.timekeeping`) reads too: an uncounted procedure pauses it.

At most one procedure runs at a time per application (a partial unique index).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.applications import journal
from shared.applications.model import Application
from shared.applications.states import State
from shared.applications.steps import M, reason_text, reload_staff_object, require, require_lead
from shared.audit import Where
from shared.clock import iso
from shared.db import Database, Transaction
from shared.errors import Conflict, FieldProblem, ValidationFailed
from shared.i18n import Text
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Action

if TYPE_CHECKING:
    from shared.services import Services

Reader = Database | Transaction

KIND_TEXT: Mapping[str, Text] = {
    "hearing": Text("听证", "Hearing"),
    "expert_review": Text("专家评审", "Expert review"),
    "public_notice": Text("公示", "Public notice"),
    "inspection": Text("现场核查", "On-site inspection"),
    "testing": Text("检验检测", "Testing"),
    "appraisal": Text("鉴定", "Appraisal"),
    "bidding": Text("招标拍卖", "Bidding or auction"),
}
# A special procedure happens while the department examines the matter.
OPEN_STATES = frozenset({State.ACCEPTED, State.UNDER_REVIEW})

WORDS = {
    "kind_not_for_item": Text(
        "该事项的办事规则中没有这一特别程序。", "This item's rules do not provide for this special procedure."
    ),
    "already_running": Text(
        "该申请已有一个特别程序正在进行，请先结束它。",
        "A special procedure is already running for this application; end it first.",
    ),
    "none_running": Text("该申请没有正在进行的特别程序。", "No special procedure is running for this application."),
    "not_in_review": Text(
        "只有已受理、审查中的申请可以启动特别程序。",
        "A special procedure can only start while the application is accepted or under review.",
    ),
}


class SpecialProcedureRunning(Conflict):
    code = "special_procedure_running"
    default_message = WORDS["already_running"]


class NoSpecialProcedure(Conflict):
    code = "no_special_procedure"
    default_message = WORDS["none_running"]


class NotInReview(Conflict):
    code = "not_in_review"
    default_message = WORDS["not_in_review"]


@dataclass(frozen=True, slots=True)
class SpecialProcedure:
    id: int
    application_id: str
    kind: str
    counted: bool
    reason: str
    started_at: str
    started_by: str
    ended_at: str | None
    ended_by: str | None
    outcome: str | None

    @property
    def name(self) -> Text:
        return KIND_TEXT.get(self.kind, Text(self.kind))

    @property
    def running(self) -> bool:
        return self.ended_at is None


_COLUMNS = "id, application_id, kind, counted, reason, started_at, started_by, ended_at, ended_by, outcome"


def _procedure(row: sqlite3.Row) -> SpecialProcedure:
    return SpecialProcedure(
        int(row["id"]),
        str(row["application_id"]),
        str(row["kind"]),
        bool(row["counted"]),
        str(row["reason"]),
        str(row["started_at"]),
        str(row["started_by"]),
        row["ended_at"],
        row["ended_by"],
        row["outcome"],
    )


async def for_application(db: Reader, application_id: str) -> list[SpecialProcedure]:
    """Every special procedure of an application, oldest first."""
    rows = await db.fetch_all(
        f"SELECT {_COLUMNS} FROM special_procedures WHERE application_id = ? ORDER BY id", (application_id,)
    )
    return [_procedure(row) for row in rows]


async def running(db: Reader, application_id: str) -> SpecialProcedure | None:
    row = await db.fetch_one(
        f"SELECT {_COLUMNS} FROM special_procedures WHERE application_id = ? AND ended_at IS NULL", (application_id,)
    )
    return _procedure(row) if row is not None else None


async def start(
    services: Services,
    app: Application,
    staff: StaffPrincipal,
    kind: str,
    reason: str,
    *,
    where: Where,
    now: float,
) -> SpecialProcedure:
    """A reviewer of the lead department starts one of the item's special procedures, saying why.

    Whether it counts toward the limit is copied from the item version's rule, so a later
    catalog change never rewrites an application's past clock.
    """
    require(staff, Action.REVIEW_APPLICATIONS, M["may_not_review"])
    cleaned = reason_text(reason)
    async with services.db.transaction() as tx:
        current = await reload_staff_object(tx, services, app)
        require_lead(staff, current)
        if current.state not in OPEN_STATES:
            raise NotInReview()
        assert current.item_code is not None and current.item_version is not None
        item = await services.catalog.item_version(current.item_code, current.item_version)
        rule = next((r for r in (item.special_procedures if item else ()) if r.kind == kind), None)
        if rule is None:
            raise ValidationFailed(problems=[FieldProblem("kind", "not_for_item", WORDS["kind_not_for_item"])])
        if await running(tx, current.id) is not None:
            raise SpecialProcedureRunning()
        await tx.execute(
            "INSERT INTO special_procedures (application_id, kind, counted, reason, started_at, started_ts,"
            " started_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (current.id, kind, int(rule.counted), cleaned, iso(now), now, staff.label),
        )
        await journal.record(
            tx,
            application_id=current.id,
            actor=journal.staff_actor(staff),
            act="special_start",
            from_state=None,
            to_state=None,
            where=where,
            now=now,
            detail={"kind": kind, "counted": rule.counted, "reason": cleaned},
            audit_detail={"kind": kind, "counted": rule.counted},
        )
        started = await running(tx, current.id)
        assert started is not None
        return started


async def end(
    services: Services,
    app: Application,
    staff: StaffPrincipal,
    outcome: str,
    *,
    where: Where,
    now: float,
) -> SpecialProcedure:
    """A reviewer of the lead department ends the running procedure with its outcome; an
    uncounted one lets the clock run again from here."""
    require(staff, Action.REVIEW_APPLICATIONS, M["may_not_review"])
    cleaned = reason_text(outcome, "outcome")
    async with services.db.transaction() as tx:
        current = await reload_staff_object(tx, services, app)
        require_lead(staff, current)
        procedure = await running(tx, current.id)
        if procedure is None:
            raise NoSpecialProcedure()
        await tx.execute(
            "UPDATE special_procedures SET ended_at = ?, ended_ts = ?, ended_by = ?, outcome = ?"
            " WHERE id = ? AND ended_at IS NULL",
            (iso(now), now, staff.label, cleaned, procedure.id),
        )
        await journal.record(
            tx,
            application_id=current.id,
            actor=journal.staff_actor(staff),
            act="special_end",
            from_state=None,
            to_state=None,
            where=where,
            now=now,
            detail={"kind": procedure.kind, "counted": procedure.counted, "outcome": cleaned},
            audit_detail={"kind": procedure.kind, "counted": procedure.counted},
        )
        ended = await tx.fetch_one(f"SELECT {_COLUMNS} FROM special_procedures WHERE id = ?", (procedure.id,))
        assert ended is not None
        return _procedure(ended)
