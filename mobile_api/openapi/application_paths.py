"""The applications' paths (办件): drafts, answers, files, submission, timeline, results, wallet."""

from __future__ import annotations

from mobile_api.openapi.helpers import BEARER, LANG_PARAM, answer, error_responses, json_body
from mobile_api.schemas import Schema, ref
from shared.materials.model import ACCEPTED, MAX_FILE_BYTES


def path_param(name: str, description: str) -> Schema:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string", "maxLength": 64},
        "description": description,
    }


REF = path_param("ref", "The application's id (a_...) or its number.")
KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": True,
    "schema": {"type": "string", "minLength": 8, "maxLength": 255},
    "description": "A fresh random key per intended change (a UUID); a retry sends the same key. "
    "Kept 24 hours. Same key and body again: the stored answer, with Idempotent-Replayed: true; "
    "same key, other body: 422; while the first is still running: 409.",
}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "maxLength": 200},
    "description": "The ETag of the application the change is based on; a stale one is 409 stale_revision.",
}
ETAG = {"ETag": {"schema": {"type": "string"}, "description": "The application's revision, quoted."}}
REPLAYED = {
    "Idempotent-Replayed": {"schema": {"const": "true"}, "description": "Present when this is a stored answer."}
}
CHANGE_ERRORS = error_responses(400, 401, 403, 404, 409, 413, 415, 422)
READ_ERRORS = error_responses(400, 401, 403, 404)


def keyed_answer(status: int, schema: Schema, description: str, *, etag: bool = True) -> dict[str, Schema]:
    responses = answer(status, schema, description)
    responses[str(status)]["headers"] = {
        **responses[str(status)]["headers"],
        **REPLAYED,
        **(ETAG if etag else {}),
    }
    return responses


def with_etag(responses: dict[str, Schema]) -> dict[str, Schema]:
    for response in responses.values():
        response["headers"] = {**response["headers"], **ETAG}
    return responses


def listing(name: str, schema: Schema) -> Schema:
    return {"type": "object", "required": [name], "properties": {name: {"type": "array", "items": schema}}}


def operation(op_id: str, summary: str, parameters: list[Schema], responses: Schema, **extra: Schema) -> Schema:
    return {
        "summary": summary,
        "operationId": op_id,
        "security": BEARER,
        "parameters": [*parameters, LANG_PARAM],
        "responses": responses,
        **extra,
    }


SUMMARY = ref("ApplicationSummary")
BINARY = {media: {"schema": {"type": "string", "format": "binary"}} for media in sorted(ACCEPTED)}

APPLICATION_PATHS: Schema = {
    "/api/v1/applications": {
        "get": operation(
            "listApplications",
            "The citizen's own applications, newest first (real-name citizens)",
            [],
            {**answer(200, listing("applications", SUMMARY)), **READ_ERRORS},
        ),
        "post": operation(
            "startApplication",
            "Start a draft for an item or a bundle (一件事), prefilled with what is already known",
            [KEY],
            {**keyed_answer(201, SUMMARY, "The new draft; Location names it."), **CHANGE_ERRORS},
            requestBody={
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "item": {"type": "string", "maxLength": 64},
                                "bundle": {"type": "string", "maxLength": 64},
                            },
                            "description": "Exactly one of item and bundle.",
                        }
                    }
                },
            },
        ),
    },
    "/api/v1/applications/{ref}": {
        "get": operation(
            "getApplication",
            "One application: state, number, the form with masked answers and their sources, materials, "
            "fees, delivery, the check, correction items, children, trips and results",
            [REF],
            {**with_etag(answer(200, ref("ApplicationDetail"))), **READ_ERRORS},
        ),
        "delete": operation(
            "discardApplication",
            "Discard a draft (its answers and files go with it)",
            [REF, KEY],
            {
                **keyed_answer(
                    200,
                    {
                        "type": "object",
                        "required": ["id", "discarded"],
                        "properties": {"id": {"type": "string"}, "discarded": {"const": True}},
                    },
                    "Discarded.",
                    etag=False,
                ),
                **CHANGE_ERRORS,
            },
        ),
    },
    "/api/v1/applications/{ref}/answers": {
        "patch": operation(
            "saveAnswers",
            "Save answers (merged); every problem of the given answers at once (422), nothing saved then",
            [REF, KEY, IF_MATCH],
            {**keyed_answer(200, SUMMARY, "Saved."), **CHANGE_ERRORS},
            requestBody=json_body(
                {
                    "answers": {
                        "type": "object",
                        "maxProperties": 200,
                        "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
                        "description": "Field code → answer; null clears. A masked value sent back unchanged "
                        "keeps the answer.",
                    }
                },
                ["answers"],
            ),
        ),
    },
    "/api/v1/applications/{ref}/delivery": {
        "put": operation(
            "setDelivery",
            "Choose how the result is delivered (mail needs an address)",
            [REF, KEY],
            {**keyed_answer(200, SUMMARY, "Chosen."), **CHANGE_ERRORS},
            requestBody=json_body(
                {
                    "method": {"enum": ["window", "mail", "electronic", "kiosk_print"]},
                    "address": {"type": ["string", "null"], "maxLength": 200},
                },
                ["method"],
            ),
        ),
    },
    "/api/v1/applications/{ref}/check": {
        "get": operation(
            "checkApplication",
            "The pre-submission check: everything still missing, at once",
            [REF],
            {
                **answer(
                    200,
                    {"allOf": [ref("Check"), {"type": "object", "properties": {"revision": {"type": "integer"}}}]},
                ),
                **READ_ERRORS,
            },
        ),
    },
    "/api/v1/applications/{ref}/submission": {
        "post": operation(
            "submitApplication",
            "Submit a draft, or resubmit after correction (补正); answers with the number. Nothing incomplete "
            "is accepted (422 lists everything missing); a new key on a submitted application is 409",
            [REF, KEY],
            {**keyed_answer(200, SUMMARY, "Submitted; the number is in the body."), **CHANGE_ERRORS},
        ),
    },
    "/api/v1/applications/{ref}/materials/{code}/files": {
        "post": operation(
            "uploadMaterialFile",
            f"Upload a file for a material: JPEG, PNG or PDF, at most {MAX_FILE_BYTES // (1024 * 1024)} MB; "
            "images are re-encoded without metadata",
            [REF, path_param("code", "The material's code."), KEY],
            {**keyed_answer(201, ref("MaterialFile"), "Stored; Location names it.", etag=False), **CHANGE_ERRORS},
            requestBody={
                "required": True,
                "content": {
                    **BINARY,
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file"],
                            "properties": {"file": {"type": "string", "format": "binary"}},
                        }
                    },
                },
            },
        ),
    },
    "/api/v1/applications/{ref}/files/{file_id}": {
        "get": operation(
            "downloadMaterialFile",
            "The owner's file, as an attachment (nosniff, no-store)",
            [REF, path_param("file_id", "The file's id.")],
            {
                "200": {
                    "description": "The file.",
                    "headers": {
                        "Content-Disposition": {"schema": {"type": "string"}},
                        "Cache-Control": {"schema": {"type": "string"}},
                    },
                    "content": BINARY,
                },
                **READ_ERRORS,
            },
        ),
        "delete": operation(
            "deleteMaterialFile",
            "Remove an uploaded file (draft or returned application)",
            [REF, path_param("file_id", "The file's id."), KEY],
            {
                **keyed_answer(
                    200,
                    {
                        "type": "object",
                        "required": ["id", "deleted"],
                        "properties": {"id": {"type": "string"}, "deleted": {"const": True}},
                    },
                    "Deleted.",
                    etag=False,
                ),
                **CHANGE_ERRORS,
            },
        ),
    },
    "/api/v1/applications/{ref}/timeline": {
        "get": operation(
            "getTimeline",
            "Every event of the application (and of a bundle's items), oldest first, with who and when",
            [REF],
            {**answer(200, listing("events", ref("TimelineEvent"))), **READ_ERRORS},
        ),
    },
    "/api/v1/applications/{ref}/results": {
        "get": operation(
            "listResults",
            "Result documents: decisions, refusal notices, certificate copies",
            [REF],
            {**answer(200, listing("results", ref("ResultDocument"))), **READ_ERRORS},
        ),
    },
    "/api/v1/applications/{ref}/results/{result_id}": {
        "get": operation(
            "getResult",
            "One result document with its body",
            [REF, path_param("result_id", "The document's id.")],
            {**answer(200, ref("ResultDocument")), **READ_ERRORS},
        ),
    },
    "/api/v1/certificates": {
        "get": operation(
            "listCertificates",
            "The certificate wallet (电子证照): valid certificates that later applications reuse",
            [],
            {**answer(200, listing("certificates", ref("Certificate"))), **READ_ERRORS},
        ),
    },
    "/api/v1/application-handoffs/{nonce}": {
        "post": operation(
            "claimApplicationHandoff",
            "Continue on the phone: claim the draft whose code a kiosk shows (onevisit://application-handoff/...)",
            [{"name": "nonce", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 100}}, KEY],
            {**keyed_answer(200, SUMMARY, "Claimed; continue with GET /applications/{id}."), **CHANGE_ERRORS},
        ),
    },
}
