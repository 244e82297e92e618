"""What the supervision board looks at: a period of China days and, optionally, one department.

The period is inclusive at both ends and read in China Standard Time, as the hall counts
its days. Query parameters: `from` and `to` (YYYY-MM-DD), `department` (a catalog code),
or `preset` (month, 30d, 90d, year) which sets both dates relative to today. Anything
that does not parse is a 400 naming the parameter, never silently replaced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from shared.clock import CHINA_TIME
from shared.errors import FieldProblem, InvalidParameter
from shared.i18n import Text

PRESETS = ("30d", "90d", "month", "year")
DEFAULT_PRESET = "90d"
LONGEST = dt.timedelta(days=3 * 366)  # a board over more than three years is a query nobody reads

BAD_DATE = Text("日期格式应为 YYYY-MM-DD。", "Dates are written YYYY-MM-DD.")
BAD_RANGE = Text(
    "开始日期不能晚于结束日期，且跨度不超过三年。", "The start must not be after the end, within three years."
)
BAD_DEPARTMENT = Text("没有这个部门。", "There is no such department.")
BAD_PRESET = Text("没有这个时间范围。", "There is no such period.")


@dataclass(frozen=True, slots=True)
class Filters:
    start: dt.date
    end: dt.date  # inclusive
    department: str | None = None
    preset: str | None = None

    @property
    def start_ts(self) -> float:
        return dt.datetime.combine(self.start, dt.time(), CHINA_TIME).timestamp()

    @property
    def end_ts(self) -> float:
        """The first moment after the period (exclusive bound)."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), CHINA_TIME).timestamp()

    def contains(self, ts: float | None) -> bool:
        return ts is not None and self.start_ts <= ts < self.end_ts

    def slug(self) -> str:
        """For file names: 2026-08-01_2026-11-22 or with the department."""
        base = f"{self.start.isoformat()}_{self.end.isoformat()}"
        return f"{base}_{self.department}" if self.department else base

    def query(self) -> dict[str, str]:
        """The query string that brings the same view back (links, export)."""
        params = {"from": self.start.isoformat(), "to": self.end.isoformat()}
        if self.department:
            params["department"] = self.department
        return params


def preset_period(preset: str, today: dt.date) -> tuple[dt.date, dt.date]:
    if preset == "30d":
        return today - dt.timedelta(days=29), today
    if preset == "90d":
        return today - dt.timedelta(days=89), today
    if preset == "month":
        return today.replace(day=1), today
    if preset == "year":
        return today.replace(month=1, day=1), today
    raise InvalidParameter(BAD_PRESET, problems=[FieldProblem("preset", "invalid", BAD_PRESET)])


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidParameter(BAD_DATE, problems=[FieldProblem(name, "invalid", BAD_DATE)]) from None


def parse_filters(query: Mapping[str, str], departments: Collection[str], today: dt.date) -> Filters:
    """The board's filters from a query string; InvalidParameter (400) on anything wrong."""
    department = (query.get("department") or "").strip() or None
    if department is not None and department not in departments:
        raise InvalidParameter(BAD_DEPARTMENT, problems=[FieldProblem("department", "invalid", BAD_DEPARTMENT)])
    preset = (query.get("preset") or "").strip() or None
    raw_start = (query.get("from") or "").strip()
    raw_end = (query.get("to") or "").strip()
    if preset is None and not raw_start and not raw_end:
        preset = DEFAULT_PRESET
    if preset is not None:
        start, end = preset_period(preset, today)
        return Filters(start, end, department, preset)
    end = _date(raw_end, "to") if raw_end else today
    start = _date(raw_start, "from") if raw_start else end - dt.timedelta(days=89)
    if start > end or end - start > LONGEST:
        raise InvalidParameter(BAD_RANGE, problems=[FieldProblem("from", "invalid", BAD_RANGE)])
    return Filters(start, end, department, None)
