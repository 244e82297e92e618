"""The calendar's years in the database: load a year's notice, read the whole calendar.

`current(db)` is what every deadline asks for; it keeps the calendar in memory per process and
re-reads it only when the revision counter moved (another process, or `onevisit calendar load`,
loaded a year). The shipped years (`data/*.json`) are loaded at start when missing
(`load_bundled`), never over a year already loaded: a corrected file loaded by hand stands.
"""

from __future__ import annotations

import datetime as dt
import json
import weakref
from importlib import resources
from typing import Any

from shared.calendar.days import WorkCalendar
from shared.calendar.documents import YearDocument, parse_year
from shared.db import Database, Transaction

# Per process: the database → (revision, calendar) last read from it.
_cache: weakref.WeakKeyDictionary[Database, tuple[int, WorkCalendar]] = weakref.WeakKeyDictionary()


def bundled_years() -> list[dict[str, Any]]:
    """The shipped years (data/*.json), oldest first."""
    folder = resources.files("shared.calendar").joinpath("data")
    documents = [
        json.loads(entry.read_text(encoding="utf-8")) for entry in folder.iterdir() if entry.name.endswith(".json")
    ]
    return sorted(documents, key=lambda d: int(d["year"]))


async def load_year(tx: Transaction, document: dict[str, Any]) -> int:
    """Check a year's document and store it, replacing that year if loaded before; answers the year.

    Raises `ValidationFailed` (nothing written) when the document is not a good year.
    """
    year = parse_year(document)
    await _store(tx, year)
    return year.year


async def _store(tx: Transaction, year: YearDocument) -> None:
    await tx.execute("DELETE FROM calendar_days WHERE year = ?", (year.year,))
    await tx.execute(
        "INSERT INTO calendar_years (year, source, document) VALUES (?, ?, ?)"
        " ON CONFLICT (year) DO UPDATE SET source = excluded.source, document = excluded.document",
        (year.year, year.source, json.dumps(year.as_json(), ensure_ascii=False)),
    )
    rows = [(d.isoformat(), year.year, "holiday", run.name) for run in year.holidays for d in run.days()]
    rows += [(w.day.isoformat(), year.year, "workday", w.name) for w in year.workdays]
    await tx.executemany("INSERT INTO calendar_days (day, year, kind, name) VALUES (?, ?, ?, ?)", rows)
    await tx.execute("UPDATE calendar_revision SET revision = revision + 1 WHERE id = 1")


async def load_bundled(db: Database) -> list[int]:
    """Load the shipped years the database does not have yet; answers the years loaded."""
    loaded = {int(row["year"]) for row in await db.fetch_all("SELECT year FROM calendar_years")}
    missing = [document for document in bundled_years() if int(document["year"]) not in loaded]
    if not missing:
        return []
    async with db.transaction() as tx:
        return [await load_year(tx, document) for document in missing]


async def loaded_years(db: Database) -> list[int]:
    return [int(row["year"]) for row in await db.fetch_all("SELECT year FROM calendar_years ORDER BY year")]


async def year_document(db: Database, year: int) -> YearDocument | None:
    """A loaded year as its document (for `onevisit calendar show YEAR`), or None."""
    row = await db.fetch_one("SELECT document FROM calendar_years WHERE year = ?", (year,))
    return parse_year(json.loads(str(row["document"]))) if row else None


async def current(db: Database) -> WorkCalendar:
    """The calendar of every loaded year (cached per process until a year is loaded)."""
    row = await db.fetch_one("SELECT revision FROM calendar_revision WHERE id = 1")
    revision = int(row["revision"]) if row else 0
    cached = _cache.get(db)
    if cached is not None and cached[0] == revision:
        return cached[1]
    # Years and days are read in one statement each; a load between them bumps the revision,
    # so at worst the next call reads again.
    years = frozenset(int(r["year"]) for r in await db.fetch_all("SELECT year FROM calendar_years"))
    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    for day in await db.fetch_all("SELECT day, kind FROM calendar_days"):
        (holidays if day["kind"] == "holiday" else workdays).add(dt.date.fromisoformat(str(day["day"])))
    calendar = WorkCalendar(holidays=frozenset(holidays), workdays=frozenset(workdays), years=years)
    _cache[db] = (revision, calendar)
    return calendar
