"""投诉 / 咨询 / 建议 / 举报 on the phone: raise a case, follow it, rate the answer."""

from __future__ import annotations

from mobile_api.openapi.application_paths import CHANGE_ERRORS, KEY, READ_ERRORS, keyed_answer, operation, path_param
from mobile_api.openapi.helpers import answer, closed_object, json_body
from mobile_api.schemas import TEXT, Schema, ref
from shared.complaints.kinds import COMMENT_MAX, KINDS, TEXT_MAX
from shared.complaints.states import CaseState

CASE_ID = path_param("id", "The case's id (cp_...).")
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}

COMPLAINT_COMPONENTS: Schema = {
    "Complaint": {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "id",
            "kind",
            "kind_text",
            "state",
            "state_text",
            "application",
            "department",
            "text",
            "due_date",
            "overdue",
            "created_at",
            "answered_at",
            "closed_at",
            "rated",
        ],
        "properties": {
            "id": {"type": "string"},
            "kind": {"type": "string", "enum": list(KINDS), "description": "投诉 / 咨询 / 建议 / 举报"},
            "kind_text": TEXT,
            "state": {"type": "string", "enum": [state.value for state in CaseState]},
            "state_text": TEXT,
            "application": {"type": ["string", "null"], "description": "The linked application's number."},
            "department": {"type": ["string", "null"], "description": "The department it is addressed to."},
            "text": {"type": "string", "description": "What the citizen wrote; whole ID and phone numbers masked."},
            "due_date": {"type": "string", "format": "date", "description": "The last working day to answer."},
            "overdue": {"type": "boolean"},
            "created_at": {"type": "string", "format": "date-time"},
            "answered_at": NULLABLE_TIME,
            "closed_at": NULLABLE_TIME,
            "rated": {"type": "boolean"},
            "replies": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["text", "at"],
                    "properties": {"text": {"type": "string"}, "at": {"type": "string", "format": "date-time"}},
                },
            },
            "rating": {"oneOf": [ref("ComplaintRating"), {"type": "null"}]},
        },
    },
    "ComplaintRating": {
        "type": "object",
        "additionalProperties": False,
        "required": ["satisfied", "has_comment", "created_at"],
        "properties": {
            "satisfied": {"type": "boolean"},
            "has_comment": {"type": "boolean", "description": "The words themselves are sealed and not returned."},
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
}

ONE = closed_object({"complaint": ref("Complaint")}, ["complaint"])

COMPLAINT_PATHS: Schema = {
    "/api/v1/complaints": {
        "get": operation(
            "listComplaints",
            "The citizen's own cases, newest first (without replies; GET one for those)",
            [],
            {
                **answer(
                    200, closed_object({"complaints": {"type": "array", "items": ref("Complaint")}}, ["complaints"])
                ),
                **READ_ERRORS,
            },
        ),
        "post": operation(
            "raiseComplaint",
            "Raise a complaint, question, suggestion or report (投诉/咨询/建议/举报), optionally about one of "
            "the citizen's applications (it then goes to that application's department); the deadline is "
            "counted in working days",
            [KEY],
            {**keyed_answer(201, ONE, "Recorded.", etag=False), **CHANGE_ERRORS},
            requestBody=json_body(
                {
                    "kind": {"type": "string", "enum": list(KINDS)},
                    "text": {"type": "string", "minLength": 2, "maxLength": TEXT_MAX},
                    "application": {"type": "string", "maxLength": 64},
                },
                ["kind", "text"],
            ),
        ),
    },
    "/api/v1/complaints/{id}": {
        "get": operation(
            "getComplaint",
            "One of the citizen's cases with the answers so far and the rating (another's id: 404)",
            [CASE_ID],
            {**answer(200, ONE), **READ_ERRORS},
        ),
    },
    "/api/v1/complaints/{id}/rating": {
        "post": operation(
            "rateComplaintAnswer",
            "Rate the answer once: satisfied or not, with optional words. Before an answer 409 "
            "complaint_not_answered; a second rating 409 complaint_rated",
            [CASE_ID, KEY],
            {
                **keyed_answer(
                    201, closed_object({"rating": ref("ComplaintRating")}, ["rating"]), "Recorded.", etag=False
                ),
                **CHANGE_ERRORS,
            },
            requestBody=json_body(
                {"satisfied": {"type": "boolean"}, "comment": {"type": "string", "maxLength": COMMENT_MAX}},
                ["satisfied"],
            ),
        ),
    },
}
