"""好差评: the citizen rates a submitted application once, on the kiosk or the phone.

    rating = await ratings.for_application(db, application_id)        # Rating | None
    async with db.transaction() as tx:
        await ratings.rate(tx, app, citizen_id, 5, ["quick"], "kiosk", now)  # AlreadyRated on a second

Levels and reasons: shared.ratings.levels; the table: 0014_ratings.sql (immutable).
"""

from __future__ import annotations

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
    "LEVEL_TEXT",
    "LEVEL_VALUES",
    "REASONS_FOR_LEVEL",
    "REASON_TEXT",
    "AlreadyRated",
    "NotYetRatable",
    "Rating",
    "RatingChannel",
    "check_ratable",
    "for_application",
    "is_bad",
    "rate",
    "rated_id",
    "validate",
]
