"""好差评: the citizen rates a submitted application once, on the kiosk or the phone.

    rating = await ratings.for_application(db, application_id)        # Rating | None
    async with db.transaction() as tx:
        await ratings.rate(tx, app, citizen_id, 5, ["quick"], "kiosk", now)  # AlreadyRated on a second

Levels and reasons: shared.ratings.levels; the table: 0014_ratings.sql (immutable).

A bad rating (level 1–2) opens a follow-up case (差评整改, shared.ratings.followups) in the
same transaction; staff may appeal it (申诉, shared.ratings.appeals). The figures count
`ratings.counted(db, since=, until=)` — or, in SQL, the view `counted_ratings` — which
leaves out the ratings an upheld appeal excluded (0017_rating_followups.sql).
"""

from __future__ import annotations

from shared.ratings.appeals import COUNTED_VIEW, counted, excluded_ids, is_counted
from shared.ratings.levels import LEVEL_TEXT, LEVEL_VALUES, REASON_TEXT, REASONS_FOR_LEVEL, is_bad
from shared.ratings.store import (
    AlreadyRated,
    NotYetRatable,
    Rating,
    RatingChannel,
    check_ratable,
    for_application,
    rate,
    rated_id,
    validate,
)

__all__ = [
    "COUNTED_VIEW",
    "LEVEL_TEXT",
    "LEVEL_VALUES",
    "REASONS_FOR_LEVEL",
    "REASON_TEXT",
    "AlreadyRated",
    "NotYetRatable",
    "Rating",
    "RatingChannel",
    "check_ratable",
    "counted",
    "excluded_ids",
    "for_application",
    "is_bad",
    "is_counted",
    "rate",
    "rated_id",
    "validate",
]
