"""JSON schemas of the applications answers (`mobile_api.application_json`), as OpenAPI components."""

from __future__ import annotations

from mobile_api.schemas import TEXT, Schema, nullable, ref
from shared.applications.states import State
from shared.catalog.model import DELIVERY_TEXT

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
INTEGER = {"type": "integer"}
NULLABLE_INTEGER = {"type": ["integer", "null"]}


def obj(properties: Schema, required: list[str] | None = None) -> Schema:
    return {"type": "object", "required": required or list(properties), "properties": properties}


APPLICATION_COMPONENTS: Schema = {
    "ApplicationState": obj({"code": {"enum": [s.value for s in State]}, "name": TEXT}),
    "ApplicationFor": obj(
        {"kind": {"enum": ["item", "bundle"]}, "code": STRING, "version": NULLABLE_INTEGER, "name": nullable(TEXT)}
    ),
    "Problem": obj(
        {
            "path": {"type": "string", "description": "answers.<field>, materials.<code>, delivery.method, ..."},
            "code": STRING,
            "message": TEXT,
        }
    ),
    "ApplicationChild": obj(
        {
            "id": STRING,
            "number": NULLABLE_STRING,
            "position": NULLABLE_INTEGER,
            "for": ref("ApplicationFor"),
            "department": nullable(ref("Named")),
            "state": ref("ApplicationState"),
        }
    ),
    "ApplicationSummary": obj(
        {
            "id": {"type": "string", "description": "Opaque id, a_ + 22 characters."},
            "number": {
                "type": ["string", "null"],
                "description": "办件编号 from the first submission: YYYYMMDD + 5-digit sequence + Luhn digit "
                "(a bundle's child: parent number + -k); null for a draft.",
            },
            "ref": {"type": "string", "description": "The number once there is one, else the id."},
            "for": ref("ApplicationFor"),
            "state": ref("ApplicationState"),
            "revision": {"type": "integer", "description": "Bumped on every change; the ETag."},
            "editable": {"type": "boolean", "description": "Draft or returned for correction (补正)."},
            "created_at": STRING,
            "updated_at": STRING,
            "submitted_at": NULLABLE_STRING,
            "started_channel": {"enum": ["kiosk", "mobile", "window"]},
            "children": {"type": "array", "items": ref("ApplicationChild"), "description": "A bundle's items."},
        }
    ),
    "AnswerField": {
        "allOf": [
            ref("Field"),
            obj(
                {
                    "value": {
                        "type": ["string", "number", "boolean", "null"],
                        "description": "Display value: ID-number and phone answers are masked.",
                    },
                    "masked": {
                        "type": "boolean",
                        "description": "The value is masked; sending it back unchanged keeps the answer.",
                    },
                    "source": {
                        "anyOf": [obj({"kind": STRING, "label": TEXT}), {"type": "null"}],
                        "description": "Where a prefilled value came from (profile, application:<number>, ...).",
                    },
                    "problem": nullable(ref("Problem")),
                }
            ),
        ]
    },
    "MaterialFile": obj(
        {
            "id": STRING,
            "material": STRING,
            "name": {"type": "string", "description": "Our name for it (<material>-<n>.<ext>)."},
            "media_type": {"enum": ["image/jpeg", "image/png", "application/pdf"]},
            "size": INTEGER,
            "pages": NULLABLE_INTEGER,
            "width": NULLABLE_INTEGER,
            "height": NULLABLE_INTEGER,
            "uploaded_at": STRING,
            "url": STRING,
        }
    ),
    "Certificate": obj(
        {
            "id": STRING,
            "type": obj({"code": STRING, "name": nullable(TEXT)}),
            "number": {"type": "string", "description": "Masked where it is a personal number."},
            "issuer": STRING,
            "issued_at": STRING,
            "valid_until": NULLABLE_STRING,
        }
    ),
    "ApplicationMaterial": {
        "allOf": [
            ref("Material"),
            obj(
                {
                    "status": {"enum": ["certificate", "shared_data", "uploaded", "missing", "optional"]},
                    "certificate": nullable(ref("Certificate")),
                    "shared_department": nullable(ref("Named")),
                    "files": {"type": "array", "items": ref("MaterialFile")},
                    "problem": nullable(ref("Problem")),
                }
            ),
        ]
    },
    "Check": obj(
        {
            "ready": {"type": "boolean"},
            "problems": {"type": "array", "items": ref("Problem"), "description": "Everything missing, at once."},
        }
    ),
    "ResultDocument": obj(
        {
            "id": STRING,
            "kind": {"enum": ["decision", "refusal", "certificate"]},
            "number": STRING,
            "title": TEXT,
            "issued_at": STRING,
            "body": {"type": "object"},
        },
        ["id", "kind", "number", "title", "issued_at"],
    ),
    "ApplicationTime": obj(
        {
            "light": {
                "enum": ["green", "yellow", "red", None],
                "description": "承诺时限: green on time, yellow a share of the time used, red past the promised date;"
                " null while the clock is paused.",
            },
            "light_name": nullable(TEXT),
            "promised_due": {"type": ["string", "null"], "format": "date", "description": "承诺办结日期"},
            "legal_due": {"type": ["string", "null"], "format": "date", "description": "法定办结日期"},
            "working_days_left": {
                "type": ["integer", "null"],
                "description": "Working days until the promised date; negative once it has passed.",
            },
            "paused": {"type": "boolean", "description": "Waiting for a correction or an uncounted 特别程序."},
            "pause_reason": {"type": ["string", "null"], "description": "correction or the special procedure's kind."},
            "plain": {
                "allOf": [TEXT],
                "description": "The sentence to show, e.g. 承诺 2026年3月30日 前办结（还有 5 个工作日）.",
            },
        }
    ),
    "ApplicationDetail": {
        "allOf": [
            ref("ApplicationSummary"),
            obj(
                {
                    "time": {
                        "anyOf": [ref("ApplicationTime"), {"type": "null"}],
                        "description": "Null when no clock runs (a draft, decided, or no promised limit).",
                    },
                    "department": nullable(ref("Named")),
                    "form": obj(
                        {
                            "groups": {
                                "type": "array",
                                "items": obj(
                                    {
                                        "code": STRING,
                                        "title": TEXT,
                                        "fields": {"type": "array", "items": ref("AnswerField")},
                                    }
                                ),
                            }
                        }
                    ),
                    "materials": {"type": "array", "items": ref("ApplicationMaterial")},
                    "fees": {"anyOf": [{"type": "array", "items": ref("Fee")}, {"type": "null"}]},
                    "delivery": obj(
                        {
                            "method": {"enum": [*DELIVERY_TEXT, None]},
                            "address": NULLABLE_STRING,
                            "options": {"type": "array", "items": ref("Named")},
                        }
                    ),
                    "check": ref("Check"),
                    "correction": {
                        "type": "array",
                        "items": obj({"target": STRING, "reason": STRING}),
                        "description": "What to correct (补正), all at once.",
                    },
                    "trips": {"type": "integer", "description": "On-site contacts (跑动次数) so far."},
                    "results": {"type": "array", "items": ref("ResultDocument")},
                }
            ),
        ]
    },
    "TimelineEvent": obj(
        {
            "at": STRING,
            "act": STRING,
            "actor": obj({"kind": STRING, "label": STRING, "role": NULLABLE_STRING, "department": NULLABLE_STRING}),
            "from_state": nullable(ref("ApplicationState")),
            "to_state": nullable(ref("ApplicationState")),
            "text": TEXT,
        }
    ),
}
