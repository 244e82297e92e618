"""投诉 / 咨询 / 建议 / 举报: cases a citizen raises, with deadlines and 首问负责制.

    async with db.transaction() as tx:
        case = await complaints.raise_case(tx, vault, citizen_id=..., kind="question", text=..., channel="mobile",
                                           now=now, application=app_or_None)
        case = await complaints.take(tx, case.id, staff_id, now)            # AlreadyTaken for a second taker
        case = await complaints.reply(tx, vault, case.id, staff_id, "...", now)  # NotOwner for anyone else
        case = await complaints.close(tx, case.id, staff_id, now)
        await complaints.rate(tx, vault, case.id, citizen_id, True, None, now)   # once

Kinds and deadlines: `kinds`; the moves: `states` (pure); who handles what: `rules` (pure);
the deadline in working days: `deadlines`; the tables: 0018_complaints.sql.
"""

from __future__ import annotations

from shared.complaints.kinds import DEADLINE_DAYS, KIND_HINT, KIND_TEXT, KINDS, Kind, is_kind
from shared.complaints.rules import may_handle, queue_departments
from shared.complaints.states import (
    STATE_TEXT,
    AlreadyRated,
    AlreadyTaken,
    CaseState,
    NotAnsweredYet,
    NotOwner,
    SameOwner,
    WrongState,
)
from shared.complaints.store import (
    AnswerRating,
    Case,
    Channel,
    ComplaintNotFound,
    Event,
    close,
    events,
    for_citizen,
    get,
    list_for_citizen,
    queue,
    raise_case,
    rate,
    rating_of,
    reassign,
    reply,
    shown_body,
    shown_comment,
    shown_text,
    take,
)
from shared.complaints.validation import validate_case, validate_rating

__all__ = [
    "DEADLINE_DAYS",
    "KINDS",
    "KIND_HINT",
    "KIND_TEXT",
    "STATE_TEXT",
    "AlreadyRated",
    "AlreadyTaken",
    "AnswerRating",
    "Case",
    "CaseState",
    "Channel",
    "ComplaintNotFound",
    "Event",
    "Kind",
    "NotAnsweredYet",
    "NotOwner",
    "SameOwner",
    "WrongState",
    "close",
    "events",
    "for_citizen",
    "get",
    "is_kind",
    "list_for_citizen",
    "may_handle",
    "queue",
    "queue_departments",
    "raise_case",
    "rate",
    "rating_of",
    "reassign",
    "reply",
    "shown_body",
    "shown_comment",
    "shown_text",
    "take",
    "validate_case",
    "validate_rating",
]
