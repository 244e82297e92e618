"""数据查询记录: the signed-in citizen's list of staff looks at their data."""

from __future__ import annotations

from mobile_api.openapi.helpers import BEARER, LANG_PARAM, answer, error_responses, query
from mobile_api.schemas import TEXT, Schema, ref
from shared.privacy.access_log import PAGE_MAX
from shared.staff.roles import Role

ACCESS_LOG_COMPONENTS: Schema = {
    "AccessEntry": {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "at", "who", "what", "why"],
        "properties": {
            "id": {"type": "integer", "description": "Newer entries have larger ids."},
            "at": {"type": "string", "format": "date-time"},
            "who": {
                "type": "object",
                "additionalProperties": False,
                "required": ["role", "role_text", "department", "department_text"],
                "description": "A role and a department; never a staff member's name.",
                "properties": {
                    "role": {"type": "string", "enum": [role.value for role in Role]},
                    "role_text": TEXT,
                    "department": {"type": ["string", "null"], "description": "null: a hall-wide role"},
                    "department_text": TEXT,
                },
            },
            "what": {**TEXT, "description": "What was seen: the application or file, by its number."},
            "why": {**TEXT, "description": "The purpose (受理审查, 并联审查, 补正审核, 送达, 监察抽查 ...)."},
        },
    },
}

ACCESS_LOG_PATHS: Schema = {
    "/api/v1/me/access-log": {
        "get": {
            "summary": "Who looked at my applications and personal data (role and department, when, what, why), "
            "newest first; the same look by the same person is listed once per 10 minutes",
            "operationId": "listAccessLog",
            "security": BEARER,
            "parameters": [
                query("limit", {"type": "integer", "minimum": 1, "maximum": PAGE_MAX}, "Entries per page (20)."),
                query(
                    "before",
                    {"type": "integer", "minimum": 1, "maximum": 2**53},
                    "The next_before of the previous page: entries older than that one.",
                ),
                LANG_PARAM,
            ],
            "responses": {
                **answer(
                    200,
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["entries", "next_before"],
                        "properties": {
                            "entries": {"type": "array", "items": ref("AccessEntry")},
                            "next_before": {"type": ["integer", "null"], "description": "null: no older entries"},
                        },
                    },
                ),
                **error_responses(400, 401),
            },
        }
    },
}
