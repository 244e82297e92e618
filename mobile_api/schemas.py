"""The JSON schemas of the API's answers, the `components` of the OpenAPI document."""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


TEXT = ref("Text")

COMPONENTS: Schema = {
    "Text": {
        "type": "object",
        "required": ["zh", "en"],
        "properties": {"zh": {"type": "string"}, "en": {"type": ["string", "null"]}},
        "description": "Simplified Chinese and English; en is null when the catalog has no translation.",
    },
    "Named": {
        "type": "object",
        "required": ["code", "name"],
        "properties": {"code": {"type": "string"}, "name": nullable(TEXT)},
    },
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "code", "message", "messages", "problems"],
                "properties": {
                    "status": {"type": "integer"},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "messages": {"type": "object", "properties": {"zh": {"type": "string"}, "en": {"type": "string"}}},
                    "problems": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["path", "code", "message"],
                            "properties": {
                                "path": {"type": "string"},
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                            },
                        },
                    },
                },
            }
        },
    },
    "Department": {
        "type": "object",
        "required": ["code", "name"],
        "properties": {
            "code": {"type": "string"},
            "name": TEXT,
            "short_name": nullable(TEXT),
            "phone": {"type": ["string", "null"]},
            "address": nullable(TEXT),
            "hours": nullable(TEXT),
            "item_count": {"type": "integer"},
        },
    },
    "Category": {
        "type": "object",
        "required": ["code", "name", "audience", "kind"],
        "properties": {
            "code": {"type": "string"},
            "name": TEXT,
            "audience": {"enum": ["person", "company"]},
            "kind": {"enum": ["topic", "life_event"]},
            "icon": {"type": ["string", "null"]},
        },
    },
    "ItemSummary": {
        "type": "object",
        "required": ["code", "version", "name", "type", "department", "labels", "status"],
        "properties": {
            "code": {"type": "string"},
            "version": {"type": "integer"},
            "name": TEXT,
            "summary": nullable(TEXT),
            "type": ref("Named"),
            "department": ref("Named"),
            "audience": {"type": "array"},
            "labels": {"type": "array", "items": ref("Named")},
            "promised_days": {"type": ["integer", "null"]},
            "max_visits": {"type": ["integer", "null"]},
            "fee_fen": {"type": ["integer", "null"], "description": "Total fee in fen; null when not provided."},
            "status": {"enum": ["active", "retired"]},
        },
    },
    "Field": {
        "type": "object",
        "required": ["code", "type", "label", "required", "options", "rules"],
        "properties": {
            "code": {"type": "string"},
            "type": {"enum": ["text", "number", "date", "choice", "id_number", "phone", "address", "file"]},
            "label": TEXT,
            "help": nullable(TEXT),
            "required": {"type": "boolean"},
            "options": {
                "type": "array",
                "items": {"type": "object", "properties": {"value": {"type": "string"}, "label": TEXT}},
            },
            "rules": {"type": "object"},
            "when": {
                "type": ["object", "null"],
                "description": "Condition on earlier answers (see docs/catalog-format.md).",
            },
        },
    },
    "Group": {
        "type": "object",
        "required": ["code", "title", "fields"],
        "properties": {
            "code": {"type": "string"},
            "title": TEXT,
            "when": {"type": ["object", "null"]},
            "fields": {"type": "array", "items": ref("Field")},
        },
    },
    "Material": {
        "type": "object",
        "required": ["code", "name", "kind", "required", "waivable"],
        "properties": {
            "code": {"type": "string"},
            "name": TEXT,
            "kind": ref("Named"),
            "copies": {"type": ["integer", "null"]},
            "required": {"type": "boolean"},
            "note": nullable(TEXT),
            "certificate_type": {"type": ["object", "null"], "description": "电子证照 that can replace it."},
            "shared_data": {"type": ["object", "null"], "description": "免证明: fetched from another department."},
            "waivable": {"type": "boolean"},
            "when": {"type": ["object", "null"]},
            "items": {"type": "array", "items": {"type": "string"}, "description": "Bundle items asking for it."},
        },
    },
    "Fee": {
        "type": "object",
        "required": ["name", "amount_fen"],
        "properties": {
            "name": TEXT,
            "amount_fen": {"type": "integer"},
            "basis": nullable(TEXT),
            "when": {"type": ["object", "null"]},
            "item": {"type": "string"},
        },
    },
    "ItemDetail": {
        "allOf": [
            ref("ItemSummary"),
            {
                "type": "object",
                "required": ["materials", "form", "channels", "steps", "faq", "places"],
                "properties": {
                    "national_code": {"type": ["string", "null"]},
                    "co_departments": {"type": "array", "items": ref("Named")},
                    "case_type": nullable(ref("Named")),
                    "legal_days": {"type": ["integer", "null"]},
                    "visit_reason": nullable(TEXT),
                    "channels": {"type": "object"},
                    "fees": {
                        "type": ["array", "null"],
                        "items": ref("Fee"),
                        "description": "[] is free of charge; null is not provided.",
                    },
                    "legal_basis": {"type": "array", "items": TEXT},
                    "places": {"type": "array"},
                    "steps": {"type": "array"},
                    "faq": {"type": "array"},
                    "materials": {"type": "array", "items": ref("Material")},
                    "form": {"type": "object", "properties": {"groups": {"type": "array", "items": ref("Group")}}},
                    "result": {"type": ["object", "null"]},
                    "categories": {"type": "array", "items": {"type": "string"}},
                    "deemed_approval": {"type": "boolean"},
                },
            },
        ],
    },
    "BundleSummary": {
        "type": "object",
        "required": ["code", "version", "name", "item_count", "status"],
        "properties": {
            "code": {"type": "string"},
            "version": {"type": "integer"},
            "name": TEXT,
            "summary": nullable(TEXT),
            "audience": {"type": "array"},
            "item_count": {"type": "integer"},
            "promised_days": {"type": ["integer", "null"]},
            "status": {"enum": ["active", "retired"]},
        },
    },
    "BundleDetail": {
        "allOf": [
            ref("BundleSummary"),
            {
                "type": "object",
                "required": ["items", "form", "materials", "fees"],
                "properties": {
                    "items": {"type": "array", "items": ref("ItemSummary")},
                    "max_visits": {"type": ["integer", "null"]},
                    "form": {"type": "object", "properties": {"groups": {"type": "array", "items": ref("Group")}}},
                    "materials": {"type": "array", "items": ref("Material")},
                    "fees": {"type": "array", "items": ref("Fee")},
                },
            },
        ],
    },
    "Checklist": {
        "type": "object",
        "required": ["code", "version", "groups", "materials", "problems"],
        "properties": {
            "code": {"type": "string"},
            "version": {"type": "integer"},
            "groups": {"type": "array", "items": ref("Group")},
            "materials": {"type": "array", "items": ref("Material")},
            "fees": {"type": ["array", "null"], "items": ref("Fee")},
            "fee_fen": {"type": ["integer", "null"]},
            "problems": {"type": "array"},
        },
    },
    # --- the citizen's account (sign-in, real-name binding, companies) ---
    "CitizenProfile": {
        "type": "object",
        "required": ["id", "name", "id_number", "phone", "real_name", "verified_by"],
        "description": "Masked only (name: surname + *, ID number: 4 + 4, phone: 3 + 4); null while unknown.",
        "properties": {
            "id": {"type": "string"},
            "name": {"type": ["string", "null"]},
            "id_number": {"type": ["string", "null"]},
            "phone": {"type": ["string", "null"]},
            "real_name": {"type": "boolean"},
            "verified_by": {"enum": ["id_card", "sms", None]},
        },
    },
    "TokenPair": {
        "type": "object",
        "required": ["access_token", "token_type", "expires_in", "refresh_token", "refresh_expires_in", "citizen"],
        "properties": {
            "access_token": {"type": "string", "description": "JWT for the Authorization: Bearer header."},
            "token_type": {"const": "Bearer"},
            "expires_in": {"type": "integer", "description": "Seconds the access token is valid."},
            "refresh_token": {"type": "string", "description": "Opaque; single use (reuse ends the session)."},
            "refresh_expires_in": {"type": "integer", "description": "Seconds the refresh token is valid."},
            "citizen": ref("CitizenProfile"),
            "merged": {
                "type": "boolean",
                "description": "Real-name binding only: the account joined a citizen known before (ID card).",
            },
        },
    },
    "PhoneCodeSent": {
        "type": "object",
        "required": ["phone", "expires_in", "resend_after"],
        "properties": {
            "phone": {"type": "string", "description": "Masked."},
            "expires_in": {"type": "integer"},
            "resend_after": {"type": "integer"},
        },
    },
    "Company": {
        "type": "object",
        "required": ["id", "credit_code", "name", "role", "linked_at"],
        "properties": {
            "id": {"type": "string"},
            "credit_code": {"type": "string", "description": "Unified social credit code, masked (4 + 4)."},
            "name": {"type": "string"},
            "role": {"enum": ["legal_representative", "agent"]},
            "linked_at": {"type": "string"},
        },
    },
}
