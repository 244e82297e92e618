"""The board's tables as CSV files a supervisor opens in Excel or WPS.

UTF-8 with a byte-order mark (without it Excel on Windows reads Chinese as GBK and shows
mojibake), CRLF line ends (RFC 4180), headers in Chinese with the English after a slash.
Cells that begin with = + - @ are prefixed with an apostrophe so a spreadsheet never runs
them as a formula (OWASP "CSV injection"); numbers are written as numbers. No personal data:
the tables hold department, item, staff display names and application numbers only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from shared.i18n import Text
from shared.supervision.metrics import AlertRow, Board, DepartmentRow, Durations, ItemTripRow, RatingSummary

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return round(value, 4) if isinstance(value, float) else value
    if isinstance(value, Text):
        value = value.zh
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _hours(d: Durations) -> list[object]:
    return [d.count, d.median_hours, d.p90_hours]


def _department(row: DepartmentRow) -> list[object]:
    return [
        row.code,
        row.name,
        row.submitted,
        row.decided,
        row.with_deadline,
        row.on_time,
        row.on_time_rate,
        row.on_the_spot,
        row.on_the_spot_rate,
        row.average_trips,
        row.trips_over,
        *_hours(row.waiting),
        *_hours(row.processing),
        row.ratings.count,
        row.ratings.average,
        row.ratings.good_rate,
        row.ratings.bad,
        row.overdue,
        row.warned,
    ]


DEPARTMENT_HEADER = [
    "部门代码/Department code",
    "部门/Department",
    "提交/Submitted",
    "办结/Decided",
    "有承诺时限/With a promised time",
    "按时办结/On time",
    "按时办结率/On-time rate",
    "现场办结/On the spot",
    "现场办结率/On-the-spot rate",
    "平均跑动次数/Average trips",
    "超出承诺跑动/Over declared trips",
    "受理件数/Accepted",
    "等候中位数(小时)/Waiting median (h)",
    "等候P90(小时)/Waiting p90 (h)",
    "办结件数/Processed",
    "办理中位数(小时)/Processing median (h)",
    "办理P90(小时)/Processing p90 (h)",
    "评价数/Ratings",
    "平均评分/Average level",
    "好评率/Good rate",
    "差评数/Bad ratings",
    "超期/Overdue",
    "预警/Warned",
]


def _rating(row: RatingSummary) -> list[object]:
    return [row.key, row.label, *row.levels, row.count, row.average, row.good_rate, row.bad]


RATING_HEADER = [
    "编号/Key",
    "名称/Name",
    "非常不满意/Level 1",
    "不满意/Level 2",
    "基本满意/Level 3",
    "满意/Level 4",
    "非常满意/Level 5",
    "评价数/Ratings",
    "平均评分/Average",
    "好评率/Good rate",
    "差评数/Bad",
]


def _item(row: ItemTripRow) -> list[object]:
    return [row.item_code, row.name, row.department, row.declared, row.applications, row.average, row.most, row.over]


ITEM_HEADER = [
    "事项编码/Item code",
    "事项/Item",
    "部门/Department",
    "承诺最多跑动/Declared trips",
    "申请数/Applications",
    "平均跑动/Average trips",
    "最多跑动/Most trips",
    "超出承诺件数/Over declared",
]


def _alert(row: AlertRow) -> list[object]:
    return [
        row.number,
        row.item_code,
        row.item_name,
        row.department,
        {"overdue": "超期", "warned": "预警", "deemed": "过期默许"}.get(row.kind, row.kind),
        row.state,
        row.accepted.isoformat() if row.accepted else None,
        row.due.isoformat() if row.due else None,
        row.working_days_over,
        row.raised.isoformat() if row.raised else None,
    ]


ALERT_HEADER = [
    "办件编号/Number",
    "事项编码/Item code",
    "事项/Item",
    "部门/Department",
    "类别/Kind",
    "状态/State",
    "受理日期/Accepted",
    "承诺办结日期/Due",
    "超期工作日/Working days over",
    "提醒日期/Raised",
]

TABLES: dict[str, tuple[list[str], Callable[[Board], Sequence[list[object]]]]] = {
    "departments": (DEPARTMENT_HEADER, lambda b: [_department(r) for r in [*b.departments, b.totals]]),
    "items": (ITEM_HEADER, lambda b: [_item(r) for r in b.items]),
    "ratings-windows": (RATING_HEADER, lambda b: [_rating(r) for r in b.by_window]),
    "ratings-staff": (RATING_HEADER, lambda b: [_rating(r) for r in b.by_staff]),
    "alerts": (ALERT_HEADER, lambda b: [_alert(r) for r in b.alerts]),
    "weeks": (
        ["周起始/Week of", "提交/Submitted", "办结/Decided", "有承诺时限/With a promised time", "按时/On time"],
        lambda b: [[w.start.isoformat(), w.submitted, w.decided, w.with_deadline, w.on_time] for w in b.weeks],
    ),
}


def table_csv(board: Board, table: str) -> bytes:
    """One board table as CSV bytes (KeyError for a table that does not exist)."""
    header, rows = TABLES[table]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows(board):
        writer.writerow([_cell(value) for value in row])
    return (BOM + out.getvalue()).encode("utf-8")


def filename(board: Board, table: str) -> str:
    """supervision-departments-2026-08-24_2026-11-21.csv (ASCII: no header encoding needed)."""
    return f"supervision-{table}-{board.filters.slug()}.csv"
