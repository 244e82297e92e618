"""`onevisit calendar load FILE` and `onevisit calendar show YEAR` (wired in onevisit.py).

Each autumn the State Council announces next year's holidays; a hall transcribes the notice into
a year file (format in `shared.calendar.documents`) and loads it. Loading checks the whole file
first and writes nothing when anything is wrong; a year loaded again replaces the old one
(a corrected notice). Each load is audited.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from shared.audit import Actor, AuditEvent, Where, record
from shared.calendar import store
from shared.calendar.days import WorkCalendar
from shared.clock import Clock
from shared.config import Settings
from shared.db import Database
from shared.errors import ValidationFailed

WEEKDAYS = "一二三四五六日"


def _weekday(day: dt.date) -> str:
    return f"周{WEEKDAYS[day.weekday()]}"


async def load(settings: Settings, file: str) -> int:
    try:
        document = json.loads(Path(file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        print(f"Nothing was loaded: cannot read {file} as JSON ({type(exc).__name__}).", file=sys.stderr)
        return 1
    db = Database(settings.database_path, readers=1)
    await db.open()
    try:
        await store.load_bundled(db)
        try:
            async with db.transaction() as tx:
                year = await store.load_year(tx, document)
                event = AuditEvent(
                    Actor.system("cli"), Where.system(), "calendar.load_year", "ok", target=f"calendar:{year}"
                )
                await record(tx, event, Clock().now())
        except ValidationFailed as exc:
            print("Nothing was loaded.", file=sys.stderr)
            for problem in exc.problems:
                print(f"  {problem.path or '(file)'}: {problem.message.zh} / {problem.message.en}", file=sys.stderr)
            return 1
        loaded = await store.year_document(db, year)
    finally:
        await db.close()
    if loaded is None:  # cannot happen: it was stored in the transaction just committed
        return 1
    print(
        f"loaded {year}: {len(loaded.holiday_dates())} days off in {len(loaded.holidays)} holidays,"
        f" {len(loaded.workdays)} make-up working days ({loaded.source})"
    )
    return 0


async def show(settings: Settings, year: int) -> int:
    db = Database(settings.database_path, readers=1)
    await db.open()
    try:
        await store.load_bundled(db)
        document = await store.year_document(db, year)
        calendar = await store.current(db)
        years = await store.loaded_years(db)
    finally:
        await db.close()
    if document is None:
        known = ", ".join(str(y) for y in years) or "none"
        print(f"{year} is not loaded (loaded: {known}); Monday to Friday count as working days.", file=sys.stderr)
        return 1
    print(f"{year}  {document.source}")
    for run in document.holidays:
        span = run.first.isoformat() if run.first == run.last else f"{run.first.isoformat()} – {run.last.isoformat()}"
        days = (run.last - run.first).days + 1
        print(f"  放假 {run.name}: {span} ({_weekday(run.first)}–{_weekday(run.last)}, {days} 天)")
    for item in document.workdays:
        print(f"  上班 {item.day.isoformat()} ({_weekday(item.day)}) 调休 for {item.name}")
    print(f"  {_count_working_days(calendar, year)} working days in {year}")
    return 0


def _count_working_days(calendar: WorkCalendar, year: int) -> int:
    return calendar.working_days_between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31))
