"""投诉 / 咨询 / 建议 / 举报 from the phone: /api/v1/complaints.

    POST /complaints              {"kind", "text", "application"?} with an Idempotency-Key
                                  → 201 {"complaint": Complaint}
    GET  /complaints              → {"complaints": [Complaint...]} (newest first, own only)
    GET  /complaints/{id}         → {"complaint": Complaint} (with replies and the rating)
    POST /complaints/{id}/rating  {"satisfied": bool, "comment"?} with an Idempotency-Key
                                  → 201 {"rating": AnswerRating}; a second 409 complaint_rated,
                                  before an answer 409 complaint_not_answered

Real-name citizens only (a case is followed up by name). Another citizen's id answers like
an unknown one (404). Texts come back as every screen shows them: whole ID and phone numbers
masked (`masking.redact`); staff are named by role only, never by name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mobile_api.applications import json_object, personal_json, services_of
from mobile_api.auth import require_real_name
from mobile_api.idempotent import Answer, KeyedChange, run_keyed
from mobile_api.params import reject_unknown
from shared import complaints
from shared.applications import access
from shared.complaints import deadlines
from shared.services import Services

CHANNEL: complaints.Channel = "mobile"


def complaint_json(services: Services, case: complaints.Case, *, today: dt.date, full: bool = True) -> dict[str, Any]:
    return {
        "id": case.id,
        "kind": case.kind,
        "kind_text": complaints.KIND_TEXT[case.kind].as_dict(),
        "state": case.state.value,
        "state_text": complaints.STATE_TEXT[case.state].as_dict(),
        "application": case.application_ref,
        "department": case.department,
        "text": complaints.shown_text(services.vault, case),
        "due_date": case.due_date.isoformat(),
        "overdue": case.overdue(today),
        "created_at": case.created_at,
        "answered_at": case.answered_at,
        "closed_at": case.closed_at,
        "rated": case.rated,
    }


async def full_json(services: Services, case: complaints.Case) -> dict[str, Any]:
    body = complaint_json(services, case, today=services.clock.today())
    replies = [
        {"text": complaints.shown_body(services.vault, event), "at": event.created_at}
        for event in await complaints.events(services.db, case.id)
        if event.kind == "replied"
    ]
    rating = await complaints.rating_of(services.db, case.id)
    return {**body, "replies": replies, "rating": rating_json(rating) if rating else None}


def case_id_of(request: Request) -> str:
    """The path's case id; one no case could have is the ordinary 404."""
    value = str(request.path_params["id"])
    if not value or len(value) > 64 or not value.isascii():
        raise complaints.ComplaintNotFound()
    return value


def rating_json(rating: complaints.AnswerRating) -> dict[str, Any]:
    return {"satisfied": rating.satisfied, "has_comment": rating.has_comment, "created_at": rating.created_at}


async def list_complaints(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    services = services_of(request)
    today = services.clock.today()
    cases = await complaints.list_for_citizen(services.db, principal.citizen_id)
    return personal_json({"complaints": [complaint_json(services, case, today=today) for case in cases]})


async def get_complaint(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    services = services_of(request)
    case = await complaints.for_citizen(services.db, principal.citizen_id, case_id_of(request))
    return personal_json({"complaint": await full_json(services, case)})


async def raise_complaint(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    services = services_of(request)
    payload = await json_object(request, {"kind", "text", "application"})
    kind, text = complaints.validate_case(payload.get("kind"), payload.get("text"))
    ref = payload.get("application")
    if ref is not None and (not isinstance(ref, str) or not ref or len(ref) > 64):
        ref = "-"  # answers like an unknown application (404), as any ref that is not the citizen's

    def render(case: complaints.Case) -> Answer:
        # Inside the transaction: built from the case itself (no replies, no rating yet).
        body = complaint_json(services, case, today=services.clock.today())
        return 201, {"complaint": {**body, "replies": [], "rating": None}}

    async def change(keyed: KeyedChange[complaints.Case]) -> None:
        app = await access.for_citizen(services, principal.citizen_id, ref) if ref is not None else None
        days = await deadlines.calendar(services.db)
        async with services.db.transaction() as tx:
            case = await complaints.raise_case(
                tx,
                services.vault,
                citizen_id=principal.citizen_id,
                kind=kind,
                text=text,
                channel=CHANNEL,
                now=services.clock.now(),
                days=days,
                application=app,
            )
            await keyed.within(tx, case)

    return await run_keyed(request, principal=principal.citizen_id, payload=payload, change=change, render=render)


async def rate_answer(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    services = services_of(request)
    case_id = case_id_of(request)
    payload = await json_object(request, {"satisfied", "comment"})
    satisfied, comment = complaints.validate_rating(payload.get("satisfied"), payload.get("comment"))

    def render(rating: complaints.AnswerRating) -> Answer:
        return 201, {"rating": rating_json(rating)}

    async def change(keyed: KeyedChange[complaints.AnswerRating]) -> None:
        async with services.db.transaction() as tx:
            rating = await complaints.rate(
                tx, services.vault, case_id, principal.citizen_id, satisfied, comment, services.clock.now()
            )
            await keyed.within(tx, rating)

    return await run_keyed(
        request, principal=principal.citizen_id, payload=payload, change=change, render=render, path_values=[case_id]
    )
