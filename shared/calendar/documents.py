"""A year's holiday document: what `onevisit calendar load FILE` reads and `data/*.json` holds.

One file per year, transcribing the State Council's notice (国务院办公厅关于YYYY年部分节假日安排的通知):

    {"year": 2026,
     "source": "国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号，2025年11月4日）",
     "holidays": [{"name": "春节", "first": "2026-02-15", "last": "2026-02-23"}, ...],
     "workdays": [{"date": "2026-02-14", "name": "春节"}, ...]}

`holidays` are the announced runs of days off, first to last day inclusive (weekend days inside a
run included, as the notice counts them: "放假调休，共9天"); `workdays` are the announced make-up
working days ("2月14日（周六）上班"). A holiday or make-up day may carry a `note`.

Pure: `parse_year` checks everything and answers a `YearDocument` or raises `ValidationFailed`
listing every problem (zh-CN and English; never echoing the file's text back).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from shared.errors import FieldProblem, ValidationFailed
from shared.i18n import Text

SATURDAY = 5
# A run of days off is at most the 9 days of a long Spring Festival; 15 leaves room without
# letting a typo in a year ("2026-12-01" for "2026-02-01") close half the year.
LONGEST_RUN = 15
FIRST_YEAR = 2000
LAST_YEAR = 2100

BAD_DOCUMENT = Text(
    "节假日安排文件有误，请逐项修改后重新导入。", "The holiday file has problems; correct each and load it again."
)

_TOP_KEYS = frozenset({"year", "source", "holidays", "workdays"})
_HOLIDAY_KEYS = frozenset({"name", "first", "last", "note"})
_WORKDAY_KEYS = frozenset({"date", "name", "note"})

MESSAGES: dict[str, Text] = {
    "not_object": Text("应为一个 JSON 对象。", "Must be a JSON object."),
    "unknown_key": Text("不认识的字段。", "Unknown field."),
    "year": Text(
        f"年份应为 {FIRST_YEAR} 至 {LAST_YEAR} 之间的整数。",
        f"The year must be a whole number from {FIRST_YEAR} to {LAST_YEAR}.",
    ),
    "source": Text(
        "请注明发文（如国办发明电〔2025〕7号）。", "Name the notice it comes from (e.g. 国办发明电〔2025〕7号)."
    ),
    "list": Text("应为一个列表。", "Must be a list."),
    "no_holidays": Text("至少应有一段节假日。", "At least one holiday run is needed."),
    "name": Text("请填写节日名称。", "Give the holiday's name."),
    "date": Text("日期格式应为 YYYY-MM-DD。", "A date must be written YYYY-MM-DD."),
    "other_year": Text("日期不在本文件所属年份内。", "The date is not in this file's year."),
    "order": Text("放假首日不能晚于末日。", "The first day off cannot come after the last."),
    "too_long": Text(f"一段假期不超过 {LONGEST_RUN} 天。", f"A run of days off is at most {LONGEST_RUN} days."),
    "overlap": Text("与另一段节假日重叠。", "Overlaps another holiday run."),
    "not_weekend": Text("调休上班日应为周六或周日。", "A make-up working day must be a Saturday or Sunday."),
    "holiday_and_workday": Text("同一天不能既放假又上班。", "A day cannot be both a holiday and a working day."),
    "duplicate": Text("重复的调休上班日。", "This make-up working day is listed twice."),
    "note": Text("备注应为文字。", "A note must be text."),
}


@dataclass(frozen=True)
class HolidayRun:
    name: str
    first: dt.date
    last: dt.date
    note: str | None = None

    def days(self) -> Iterator[dt.date]:
        day = self.first
        while day <= self.last:
            yield day
            day += dt.timedelta(days=1)


@dataclass(frozen=True)
class MakeUpDay:
    day: dt.date
    name: str
    note: str | None = None


@dataclass(frozen=True)
class YearDocument:
    year: int
    source: str
    holidays: tuple[HolidayRun, ...]
    workdays: tuple[MakeUpDay, ...]

    def holiday_dates(self) -> frozenset[dt.date]:
        return frozenset(day for run in self.holidays for day in run.days())

    def workday_dates(self) -> frozenset[dt.date]:
        return frozenset(item.day for item in self.workdays)

    def as_json(self) -> dict[str, Any]:
        """The document in its file form (what `parse_year` reads back unchanged)."""
        return {
            "year": self.year,
            "source": self.source,
            "holidays": [
                {"name": r.name, "first": r.first.isoformat(), "last": r.last.isoformat()}
                | ({"note": r.note} if r.note else {})
                for r in self.holidays
            ],
            "workdays": [
                {"date": w.day.isoformat(), "name": w.name} | ({"note": w.note} if w.note else {})
                for w in self.workdays
            ],
        }


class _Problems:
    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, path: str, code: str) -> None:
        self.items.append(FieldProblem(path, code, MESSAGES[code]))


def _text(value: object, limit: int) -> str | None:
    if isinstance(value, str) and value.strip() and len(value) <= limit:
        return value.strip()
    return None


def _date(value: object, year: int | None, path: str, problems: _Problems) -> dt.date | None:
    if not isinstance(value, str) or len(value) != 10:
        problems.add(path, "date")
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        problems.add(path, "date")
        return None
    if year is not None and day.year != year:
        problems.add(path, "other_year")
        return None
    return day


def _note(item: dict[str, Any], path: str, problems: _Problems) -> str | None:
    if "note" not in item:
        return None
    note = _text(item["note"], 500)
    if note is None:
        problems.add(f"{path}.note", "note")
    return note


def _unknown_keys(item: dict[str, Any], allowed: frozenset[str], path: str, problems: _Problems) -> None:
    # The path names the position, not the key: an unknown key is the file's text (a typo such
    # as "holiday" for "holidays" would otherwise be silently ignored).
    if set(item) - allowed:
        problems.add(path, "unknown_key")


def _holidays(value: object, year: int | None, problems: _Problems) -> list[HolidayRun]:
    if not isinstance(value, list):
        problems.add("holidays", "list")
        return []
    if not value:
        problems.add("holidays", "no_holidays")
    runs: list[HolidayRun] = []
    for index, item in enumerate(value):
        path = f"holidays[{index}]"
        if not isinstance(item, dict):
            problems.add(path, "not_object")
            continue
        _unknown_keys(item, _HOLIDAY_KEYS, path, problems)
        name = _text(item.get("name"), 40)
        if name is None:
            problems.add(f"{path}.name", "name")
        first = _date(item.get("first"), year, f"{path}.first", problems)
        last = _date(item.get("last"), year, f"{path}.last", problems)
        note = _note(item, path, problems)
        if first is None or last is None or name is None:
            continue
        if first > last:
            problems.add(path, "order")
            continue
        if (last - first).days + 1 > LONGEST_RUN:
            problems.add(path, "too_long")
            continue
        runs.append(HolidayRun(name, first, last, note))
    for index, run in enumerate(runs):
        if any(other.first <= run.last and run.first <= other.last for other in runs[:index]):
            problems.add(f"holidays[{index}]", "overlap")
    return runs


def _workdays(value: object, year: int | None, holidays: frozenset[dt.date], problems: _Problems) -> list[MakeUpDay]:
    if not isinstance(value, list):
        problems.add("workdays", "list")
        return []
    days: list[MakeUpDay] = []
    for index, item in enumerate(value):
        path = f"workdays[{index}]"
        if not isinstance(item, dict):
            problems.add(path, "not_object")
            continue
        _unknown_keys(item, _WORKDAY_KEYS, path, problems)
        name = _text(item.get("name"), 40)
        if name is None:
            problems.add(f"{path}.name", "name")
        day = _date(item.get("date"), year, f"{path}.date", problems)
        note = _note(item, path, problems)
        if day is None or name is None:
            continue
        if day.weekday() < SATURDAY:
            problems.add(f"{path}.date", "not_weekend")
        elif day in holidays:
            problems.add(f"{path}.date", "holiday_and_workday")
        elif any(earlier.day == day for earlier in days):
            problems.add(f"{path}.date", "duplicate")
        else:
            days.append(MakeUpDay(day, name, note))
    return days


def parse_year(document: object) -> YearDocument:
    """Check a year's document; every problem at once, so a clerk fixes the file in one go."""
    problems = _Problems()
    if not isinstance(document, dict):
        problems.add("", "not_object")
        raise ValidationFailed(BAD_DOCUMENT, problems=problems.items)
    _unknown_keys(document, _TOP_KEYS, "", problems)
    raw_year = document.get("year")
    year: int | None = None
    if isinstance(raw_year, int) and not isinstance(raw_year, bool) and FIRST_YEAR <= raw_year <= LAST_YEAR:
        year = raw_year
    else:
        problems.add("year", "year")
    source = _text(document.get("source"), 500)
    if source is None:
        problems.add("source", "source")
    runs = _holidays(document.get("holidays"), year, problems)
    holiday_dates = frozenset(day for run in runs for day in run.days())
    workdays = _workdays(document.get("workdays", []), year, holiday_dates, problems)
    if problems.items or year is None or source is None:
        raise ValidationFailed(BAD_DOCUMENT, problems=problems.items)
    return YearDocument(
        year=year,
        source=source,
        holidays=tuple(sorted(runs, key=lambda r: r.first)),
        workdays=tuple(sorted(workdays, key=lambda w: w.day)),
    )
