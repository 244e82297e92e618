"""The citizen's access log (数据查询记录): the repeat window, paging, one citizen's entries
only, append-only at the SQL level, the purposes, and no whole number ever stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from shared.applications.states import State
from shared.db import Database
from shared.i18n import Text
from shared.identity import citizens
from shared.privacy import access_log
from shared.privacy.access_log import REPEAT_WINDOW_SECONDS, purpose_for
from shared.privacy.masking import contains_personal_number
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Role
from tests.pii import ID_ZHANG, PHONE_ZHANG

T0 = 1_780_000_000.0
CLERK = StaffPrincipal(7, "clerk01", "王小明", Role.CLERK, "GA")
REVIEWER = StaffPrincipal(8, "reviewer01", "赵大海", Role.REVIEWER, "YB")
WHAT = Text("办件 A-1（居民身份证换领）：申请表", "Application A-1: the form")


@pytest.fixture
async def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "access.sqlite3", readers=1)
    await database.open()
    yield database  # type: ignore[misc]
    await database.close()


async def new_citizen(db: Database) -> str:
    async with db.transaction() as tx:
        return await citizens.create(tx, T0)


async def test_the_same_look_is_recorded_once_per_window(db: Database) -> None:
    zhang = await new_citizen(db)
    assert await access_log.record(db, zhang, CLERK, WHAT, access_log.INTAKE, T0)
    # Reloads within the window add nothing, by the database path and inside a transaction.
    assert not await access_log.record(db, zhang, CLERK, WHAT, access_log.INTAKE, T0 + 60)
    async with db.transaction() as tx:
        assert not await access_log.record(tx, zhang, CLERK, WHAT, access_log.INTAKE, T0 + REPEAT_WINDOW_SECONDS - 1)
    # Another person, or another thing, within the window: recorded.
    assert await access_log.record(db, zhang, REVIEWER, WHAT, access_log.PARALLEL_REVIEW, T0 + 61)
    assert await access_log.record(db, zhang, CLERK, Text("办件 A-1 的材料文件 户口簿-1.png"), "补正审核", T0 + 62)
    # After the window (counted from the last entry written): a new entry.
    assert await access_log.record(db, zhang, CLERK, WHAT, access_log.INTAKE, T0 + REPEAT_WINDOW_SECONDS + 1)
    page = await access_log.for_citizen(db, zhang, 10)
    assert [(e.role, e.department_code, e.why.zh) for e in page.entries] == [
        (Role.CLERK, "GA", "受理审查"),
        (Role.CLERK, "GA", "补正审核"),
        (Role.REVIEWER, "YB", "并联审查"),
        (Role.CLERK, "GA", "受理审查"),
    ]
    assert page.entries[-1].at.startswith("2026-05-28T") and page.next_before is None
    assert page.entries[1].why == Text("补正审核", "补正审核")  # a plain str is kept as given


async def test_pages_newest_first_and_only_the_citizens_own(db: Database) -> None:
    zhang, li = await new_citizen(db), await new_citizen(db)
    for n in range(5):
        await access_log.record(db, zhang, CLERK, Text(f"办件 Z-{n}"), access_log.INTAKE, T0 + n)
        await access_log.record(db, li, CLERK, Text(f"办件 L-{n}"), access_log.INTAKE, T0 + n)
    first = await access_log.for_citizen(db, zhang, 2)
    assert [e.what.zh for e in first.entries] == ["办件 Z-4", "办件 Z-3"] and first.next_before is not None
    second = await access_log.for_citizen(db, zhang, 2, first.next_before)
    third = await access_log.for_citizen(db, zhang, 2, second.next_before)
    assert [e.what.zh for e in second.entries + third.entries] == ["办件 Z-2", "办件 Z-1", "办件 Z-0"]
    assert third.next_before is None
    assert all(e.what.zh.startswith("办件 L-") for e in (await access_log.for_citizen(db, li, 100)).entries)
    assert (await access_log.for_citizen(db, "no-such-citizen", 10)).entries == []


async def test_entries_cannot_be_changed_or_deleted_in_sql(db: Database) -> None:
    zhang = await new_citizen(db)
    await access_log.record(db, zhang, CLERK, WHAT, access_log.INTAKE, T0)
    for statement in ("UPDATE access_log SET why_zh = '随便看看'", "DELETE FROM access_log"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            async with db.transaction() as tx:
                await tx.execute(statement)
    (entry,) = (await access_log.for_citizen(db, zhang, 10)).entries
    assert entry.why.zh == "受理审查"


async def test_no_whole_number_is_stored_and_no_staff_name_is_kept(db: Database) -> None:
    zhang = await new_citizen(db)
    what = Text(f"核对 {ID_ZHANG} 和 {PHONE_ZHANG}", f"checking {ID_ZHANG} and {PHONE_ZHANG}")
    await access_log.record(db, zhang, CLERK, what, access_log.INTAKE, T0)
    rows = await db.fetch_all("SELECT * FROM access_log")
    stored = " ".join(str(value) for row in rows for value in tuple(row))
    assert contains_personal_number(stored) == []
    assert "王小明" not in stored and "clerk01" not in stored


@pytest.mark.parametrize(
    ("role", "state", "lead", "purpose"),
    [
        (Role.CLERK, State.SUBMITTED, True, "受理审查"),
        (Role.CLERK, State.RETURNED, True, "补正审核"),
        (Role.CLERK, State.APPROVED, True, "送达"),
        (Role.CLERK, State.UNDER_REVIEW, True, "办理跟进"),
        (Role.CLERK, State.DELIVERED, True, "办结后查阅"),
        (Role.REVIEWER, State.UNDER_REVIEW, True, "审批审查"),
        (Role.REVIEWER, State.UNDER_REVIEW, False, "并联审查"),
        (Role.REVIEWER, State.ACCEPTED, False, "并联审查"),
        (Role.REVIEWER, State.SUBMITTED, True, "办理跟进"),
        (Role.REVIEWER, State.DENIED, True, "办结后查阅"),
        (Role.SUPERVISOR, State.SUBMITTED, False, "监察抽查"),
        (Role.ADMIN, State.APPROVED, False, "大厅管理"),
    ],
)
def test_purpose_follows_role_and_state(role: Role, state: State, lead: bool, purpose: str) -> None:
    text = purpose_for(role, state, lead=lead)
    assert text.zh == purpose and text.en
