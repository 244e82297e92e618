"""The hall's working-day calendar (工作日历).

- `days`: `WorkCalendar` (pure): is a day a working day, the N-th working day after a day,
  working days between two days; `weekends_only()` when no year is loaded.
- `documents`: a year's holiday file (the State Council's notice transcribed) and its checks.
- `store`: the loaded years in the database; `current(db)` is the calendar to count with.
- `data/`: the shipped years (2024, 2025, 2026), loaded at start when missing.
"""
