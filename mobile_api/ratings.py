"""好差评 on the phone: GET/POST /api/v1/applications/{ref}/rating.

    GET   → {"rating": Rating | null, "levels": [{level, text, reasons: [{code, text}]}],
             "follow_ups": [{state, state_text, due_on, overdue}]}  (a bad rating's 差评整改, one
             per department that handled the matter; empty for a good one)
    POST  {"level": 1..5, "reasons": [code...], "comment": "..."} with an Idempotency-Key
          → 201 {"rating": ...}; a second rating (from the phone or the kiosk) 409 already_rated,
          a draft 409 not_yet_ratable, a level or reason that does not exist 422.

Only the applicant (anyone else's or an unknown ref is 404), only after submission. The
rating is read inside the key's slot, so a retry of a rating that went through gets its
stored 201 however many times it asks, and a new key gets the 409.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mobile_api.applications import json_object, path_ref, personal_json, services_of
from mobile_api.auth import require_real_name
from mobile_api.idempotent import Answer, KeyedChange, run_keyed
from mobile_api.params import reject_unknown
from shared import ratings
from shared.applications import access
from shared.ratings import followups
from shared.ratings.levels import LEVEL_TEXT, LEVEL_VALUES, REASON_TEXT, REASONS_FOR_LEVEL

CHANNEL: ratings.RatingChannel = "mobile"


def rating_json(rating: ratings.Rating) -> dict[str, Any]:
    return {
        "id": rating.id,
        "level": rating.level,
        "level_text": rating.level_text.as_dict(),
        "reasons": list(rating.reasons),
        "channel": rating.channel,
        "has_comment": rating.has_comment,
        "created_at": rating.created_at,
    }


def followup_json(case: followups.FollowUp, today: dt.date) -> dict[str, Any]:
    """What the citizen sees of the hall's follow-up of their bad rating: where it stands and
    by when; never the staff's notes or names."""
    return {
        "state": case.state,
        "state_text": case.state_text.as_dict(),
        "due_on": case.due_on.isoformat(),
        "overdue": case.overdue(today),
    }


LEVELS_JSON: list[dict[str, Any]] = [
    {
        "level": level,
        "text": LEVEL_TEXT[level].as_dict(),
        "reasons": [{"code": code, "text": REASON_TEXT[code].as_dict()} for code in REASONS_FOR_LEVEL[level]],
    }
    for level in LEVEL_VALUES
]


async def get_rating(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    services = services_of(request)
    app = await access.for_citizen(services, principal.citizen_id, path_ref(request))
    rating = await ratings.for_application(services.db, app.id)
    cases = await followups.for_rating(services.db, rating.id) if rating else []
    return personal_json(
        {
            "rating": rating_json(rating) if rating else None,
            "levels": LEVELS_JSON,
            "follow_ups": [followup_json(case, services.clock.today()) for case in cases],
        }
    )


def _answer(rating: ratings.Rating) -> Answer:
    return 201, {"rating": rating_json(rating)}


async def rate(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    services = services_of(request)
    ref = path_ref(request)
    payload = await json_object(request, {"level", "reasons", "comment"})
    level, reasons, comment = ratings.validate(payload.get("level"), payload.get("reasons"), payload.get("comment"))

    async def change(keyed: KeyedChange[ratings.Rating]) -> None:
        app = await access.for_citizen(services, principal.citizen_id, ref)
        async with services.db.transaction() as tx:
            rating = await ratings.rate(
                tx,
                app,
                principal.citizen_id,
                level,
                reasons,
                CHANNEL,
                services.clock.now(),
                comment=comment,
                vault=services.vault,
            )
            await keyed.within(tx, rating)

    return await run_keyed(
        request, principal=principal.citizen_id, payload=payload, change=change, render=_answer, path_values=[ref]
    )
