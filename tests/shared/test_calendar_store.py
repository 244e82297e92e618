"""Loading years into the database, checking year files, and the `onevisit calendar` commands."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from onevisit import main
from shared.calendar import store
from shared.calendar.documents import parse_year
from shared.db import Database
from shared.errors import ValidationFailed
from tests.conftest import Running

D = dt.date

# A made-up year for the tests (no notice for 2027 exists yet): the shape a hall loads each autumn.
YEAR_2027: dict[str, Any] = {
    "year": 2027,
    "source": "测试用：2027年节假日安排（非真实通知）",
    "holidays": [
        {"name": "春节", "first": "2027-02-06", "last": "2027-02-13"},
        {"name": "国庆节", "first": "2027-10-01", "last": "2027-10-07"},
    ],
    "workdays": [{"date": "2027-02-14", "name": "春节"}, {"date": "2027-10-09", "name": "国庆节"}],
}


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "calendar.db", readers=1)
    await database.open()
    yield database
    await database.close()


async def revision(db: Database) -> int:
    row = await db.fetch_one("SELECT revision FROM calendar_revision")
    assert row is not None
    return int(row["revision"])


async def test_the_shipped_years_are_loaded_once(db: Database) -> None:
    assert await store.load_bundled(db) == [2024, 2025, 2026]
    assert await store.load_bundled(db) == []
    calendar = await store.current(db)
    assert calendar.years == {2024, 2025, 2026}
    assert not calendar.is_working_day(D(2026, 2, 16))
    assert calendar.is_working_day(D(2026, 2, 14))
    # Cached until a year is loaded.
    assert await store.current(db) is calendar


async def test_loading_a_year_changes_the_calendar_everywhere(db: Database, tmp_path: Path) -> None:
    await store.load_bundled(db)
    before = await store.current(db)
    assert before.is_working_day(D(2027, 2, 8))
    other = Database(tmp_path / "calendar.db", readers=1)  # a second process on the same file
    await other.open()
    try:
        assert (await store.current(other)).is_working_day(D(2027, 2, 8))
        async with db.transaction() as tx:
            assert await store.load_year(tx, YEAR_2027) == 2027
        for database in (db, other):
            calendar = await store.current(database)
            assert 2027 in calendar.years
            assert not calendar.is_working_day(D(2027, 2, 8))
            assert calendar.is_working_day(D(2027, 2, 14))  # a Sunday worked
    finally:
        await other.close()


async def test_loading_a_year_again_replaces_it(db: Database) -> None:
    await store.load_bundled(db)
    corrected = copy.deepcopy(YEAR_2027)
    async with db.transaction() as tx:
        await store.load_year(tx, YEAR_2027)
    corrected["holidays"] = [{"name": "国庆节", "first": "2027-10-01", "last": "2027-10-07"}]
    corrected["workdays"] = []
    async with db.transaction() as tx:
        await store.load_year(tx, corrected)
    calendar = await store.current(db)
    assert calendar.is_working_day(D(2027, 2, 8))
    assert not calendar.is_working_day(D(2027, 2, 14))
    loaded = await store.year_document(db, 2027)
    assert loaded is not None and len(loaded.holidays) == 1
    # The shipped years are never loaded over a year already in the database.
    assert await store.load_bundled(db) == []


def broken(**changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(YEAR_2027)
    document.update(changes)
    return document


@pytest.mark.parametrize(
    ("document", "path", "code"),
    [
        ([], "", "not_object"),
        (broken(year="2027"), "year", "year"),
        (broken(year=True), "year", "year"),
        (broken(source=" "), "source", "source"),
        (broken(holidays=[]), "holidays", "no_holidays"),
        (broken(holiday=[]), "", "unknown_key"),
        (
            broken(holidays=[{"name": "春节", "first": "2026-02-06", "last": "2027-02-13"}]),
            "holidays[0].first",
            "other_year",
        ),
        (broken(holidays=[{"name": "春节", "first": "2027-02-31", "last": "2027-03-01"}]), "holidays[0].first", "date"),
        (broken(holidays=[{"name": "春节", "first": "2027-02-13", "last": "2027-02-06"}]), "holidays[0]", "order"),
        (broken(holidays=[{"name": "春节", "first": "2027-02-01", "last": "2027-03-01"}]), "holidays[0]", "too_long"),
        (broken(holidays=[{"name": "", "first": "2027-02-01", "last": "2027-02-03"}]), "holidays[0].name", "name"),
        (
            broken(
                holidays=[
                    {"name": "春节", "first": "2027-02-06", "last": "2027-02-13"},
                    {"name": "又一个", "first": "2027-02-10", "last": "2027-02-16"},
                ]
            ),
            "holidays[1]",
            "overlap",
        ),
        (broken(workdays=[{"date": "2027-02-15", "name": "春节"}]), "workdays[0].date", "not_weekend"),
        (broken(workdays=[{"date": "2027-02-07", "name": "春节"}]), "workdays[0].date", "holiday_and_workday"),
        (
            broken(workdays=[{"date": "2027-02-14", "name": "春节"}, {"date": "2027-02-14", "name": "春节"}]),
            "workdays[1].date",
            "duplicate",
        ),
        (broken(workdays="2027-02-14"), "workdays", "list"),
    ],
)
async def test_a_bad_year_is_refused_and_nothing_is_written(db: Database, document: Any, path: str, code: str) -> None:
    await store.load_bundled(db)
    before = await revision(db)
    with pytest.raises(ValidationFailed) as caught:
        async with db.transaction() as tx:
            await store.load_year(tx, document)
    problems = {(p.path, p.code) for p in caught.value.problems}
    assert (path, code) in problems
    assert caught.value.status == 422
    for problem in caught.value.problems:
        assert problem.message.zh and problem.message.en
    assert caught.value.message.zh.startswith("节假日安排文件有误")
    assert await revision(db) == before
    assert await store.loaded_years(db) == [2024, 2025, 2026]


def test_every_problem_is_listed_at_once() -> None:
    document = broken(year=1900, source="", workdays=[{"date": "2027-02-15", "name": ""}])
    with pytest.raises(ValidationFailed) as caught:
        parse_year(document)
    codes = {p.code for p in caught.value.problems}
    assert {"year", "source", "name"} <= codes


def test_a_shipped_year_reads_back_unchanged() -> None:
    for document in store.bundled_years():
        assert parse_year(document).as_json() == document


async def test_the_server_starts_with_the_shipped_years(running: Running) -> None:
    calendar = await store.current(running.services.db)
    assert {2024, 2025, 2026} <= calendar.years


def test_the_cli_loads_next_years_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "data")
    year_file = tmp_path / "2027.json"
    year_file.write_text(json.dumps(YEAR_2027, ensure_ascii=False), encoding="utf-8")
    assert main(["calendar", "show", "2027", "--data-dir", data]) == 1
    assert "2027 is not loaded" in capsys.readouterr().err
    assert main(["calendar", "load", str(year_file), "--data-dir", data]) == 0
    assert "loaded 2027: 15 days off in 2 holidays, 2 make-up working days" in capsys.readouterr().out
    assert main(["calendar", "show", "2027", "--data-dir", data]) == 0
    shown = capsys.readouterr().out
    assert "放假 春节: 2027-02-06 – 2027-02-13" in shown
    assert "上班 2027-02-14 (周日) 调休 for 春节" in shown
    assert main(["audit", "verify", "--data-dir", data]) == 0
    assert main(["calendar", "show", "2026", "--data-dir", data]) == 0
    assert "国办发明电〔2025〕7号" in capsys.readouterr().out


def test_the_cli_refuses_a_bad_file_naming_each_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "data")
    year_file = tmp_path / "2027.json"
    year_file.write_text(json.dumps(broken(workdays=[{"date": "2027-02-15", "name": "春节"}])), encoding="utf-8")
    assert main(["calendar", "load", str(year_file), "--data-dir", data]) == 1
    err = capsys.readouterr().err
    assert "Nothing was loaded." in err
    assert "workdays[0].date: 调休上班日应为周六或周日。 / A make-up working day must be a Saturday or Sunday." in err
    year_file.write_text("{not json", encoding="utf-8")
    assert main(["calendar", "load", str(year_file), "--data-dir", data]) == 1
    assert main(["calendar", "show", "2027", "--data-dir", data]) == 1
