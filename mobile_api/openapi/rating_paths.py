"""好差评 on the phone: the rating of an application (GET the rating and the choices, POST one)."""

from __future__ import annotations

from mobile_api.openapi.application_paths import CHANGE_ERRORS, KEY, READ_ERRORS, REF, keyed_answer, operation
from mobile_api.openapi.helpers import answer, closed_object, json_body
from mobile_api.schemas import TEXT, Schema, ref
from shared.ratings.levels import COMMENT_MAX, REASON_TEXT

LEVEL = {"type": "integer", "minimum": 1, "maximum": 5, "description": "5 非常满意 … 1 非常不满意"}
REASON = {"type": "string", "enum": sorted(REASON_TEXT)}

RATING_COMPONENTS: Schema = {
    "Rating": {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "level", "level_text", "reasons", "channel", "has_comment", "created_at"],
        "properties": {
            "id": {"type": "string"},
            "level": LEVEL,
            "level_text": TEXT,
            "reasons": {"type": "array", "items": REASON},
            "channel": {"type": "string", "enum": ["kiosk", "mobile"]},
            "has_comment": {"type": "boolean", "description": "The comment itself is sealed and never returned."},
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
    "RatingFollowUp": {
        "type": "object",
        "additionalProperties": False,
        "required": ["state", "state_text", "due_on", "overdue"],
        "properties": {
            "state": {"type": "string", "enum": ["open", "called_back", "corrected", "closed"]},
            "state_text": TEXT,
            "due_on": {"type": "string", "format": "date", "description": "The last working day to close it"},
            "overdue": {"type": "boolean"},
        },
    },
    "RatingLevel": {
        "type": "object",
        "additionalProperties": False,
        "required": ["level", "text", "reasons"],
        "properties": {
            "level": LEVEL,
            "text": TEXT,
            "reasons": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["code", "text"],
                    "properties": {"code": REASON, "text": TEXT},
                },
            },
        },
    },
}

RATING_PATHS: Schema = {
    "/api/v1/applications/{ref}/rating": {
        "get": operation(
            "getRating",
            "The application's rating (null until rated) and the five levels with the reasons each offers",
            [REF],
            {
                **answer(
                    200,
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["rating", "levels", "follow_ups"],
                        "properties": {
                            "rating": {"oneOf": [ref("Rating"), {"type": "null"}]},
                            "levels": {"type": "array", "items": ref("RatingLevel")},
                            "follow_ups": {
                                "type": "array",
                                "description": "差评整改: the hall's follow-up of a bad rating, one per department "
                                "that handled the matter; empty for a good rating",
                                "items": ref("RatingFollowUp"),
                            },
                        },
                    },
                ),
                **READ_ERRORS,
            },
        ),
        "post": operation(
            "rateApplication",
            "Rate a submitted application once (好差评); a rating is never changed. A second rating from "
            "any channel is 409 already_rated, a draft 409 not_yet_ratable",
            [REF, KEY],
            {
                **keyed_answer(201, closed_object({"rating": ref("Rating")}, ["rating"]), "Recorded.", etag=False),
                **CHANGE_ERRORS,
            },
            requestBody=json_body(
                {
                    "level": LEVEL,
                    "reasons": {"type": "array", "items": REASON, "maxItems": len(REASON_TEXT)},
                    "comment": {"type": "string", "maxLength": COMMENT_MAX},
                },
                ["level"],
            ),
        ),
    },
}
