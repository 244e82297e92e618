"""Changes to applications on the phone, each keyed (Idempotency-Key) and answered with the
application's summary, stored in the change's own transaction (see `applications`).

    POST   /applications                       {"item": code} | {"bundle": code} → 201 draft
    PATCH  /applications/{ref}/answers         {"answers": {...}}, If-Match optional
    PUT    /applications/{ref}/delivery        {"method", "address"}
    POST   /applications/{ref}/submission      submit / resubmit → 200 with the number
    DELETE /applications/{ref}                 discard a draft

The application is read inside the key's slot, never before: a retry of a change that
succeeded must get its stored answer even when the application has moved on since (a
newer revision, submitted, or discarded and gone).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mobile_api.applications import (
    CHANNEL,
    M,
    code_field,
    etag,
    invalid,
    json_object,
    own_application,
    path_ref,
    services_of,
    summary_answer,
    summary_headers,
    where,
)
from mobile_api.auth import require_real_name
from mobile_api.idempotent import Answer, KeyedChange, run_keyed
from mobile_api.params import reject_unknown
from shared.applications import access, drafts, forms, journal, workflow
from shared.applications.model import Application
from shared.applications.repository import StaleRevision
from shared.applications.states import EDITABLE, Act, TransitionRefused
from shared.errors import FieldProblem, ValidationFailed
from shared.services import Services

ANSWERS_MAX = 200


async def start_application(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    payload = await json_object(request, {"item", "bundle"})
    item_code, bundle_code = code_field(payload, "item"), code_field(payload, "bundle")
    if (item_code is None) == (bundle_code is None):
        raise invalid("item", "required", M["one_of"])
    services = services_of(request)
    snapshot = await services.catalog.current()

    async def change(keyed: KeyedChange[Application]) -> None:
        await drafts.start(
            services,
            principal.citizen_id,
            item_code=item_code,
            bundle_code=bundle_code,
            channel=CHANNEL,
            where=where(request),
            now=services.clock.now(),
            within=keyed.within,
        )

    return await run_keyed(
        request,
        principal=principal.citizen_id,
        payload={"item": item_code, "bundle": bundle_code},
        change=change,
        render=summary_answer(snapshot, 201),
        headers_for=summary_headers,
    )


def _if_match(request: Request, app: Application) -> int | None:
    """The revision the caller's change is based on (None: no precondition).

    RFC 9110 §13.1.1: strong comparison; `*` matches any current application. A tag that
    is not one of ours can never match: 409 like any stale one."""
    header = request.headers.get("if-match")
    if header is None or header.strip() == "*":
        return None
    for tag in header.split(","):
        tag = tag.strip()
        if tag == etag(app.revision):
            return app.revision
    raise StaleRevision()


def _answers(payload: Mapping[str, Any]) -> dict[str, Any]:
    answers = payload.get("answers")
    if answers is None:
        raise invalid("answers", "required", M["required"])
    if not isinstance(answers, dict):
        raise invalid("answers", "invalid_type", M["not_object"])
    if len(answers) > ANSWERS_MAX:
        raise invalid("answers", "too_many", M["too_many"])
    bad = [
        FieldProblem(f"answers.{code}", "invalid_type", M["bad_value"])
        for code, value in answers.items()
        if not (value is None or isinstance(value, str | int | float | bool))
    ]
    if bad:
        raise ValidationFailed(problems=bad)
    return dict(answers)


async def _without_masked_echoes(services: Services, app: Application, answers: dict[str, Any]) -> dict[str, Any]:
    """Drop answers that are the masked display value sent back unchanged: the phone shows
    `1101**********1234` for a known ID number, and saving that back must keep the number."""
    definition = await forms.definition(services, app)
    kept = {}
    for code, value in answers.items():
        form_field = definition.field(code)
        if (
            form_field is not None
            and form_field.type in forms.MASKED_TYPES
            and code in app.answers
            and value == forms.display_value(form_field, app.answers[code])
        ):
            continue
        kept[code] = value
    return kept


async def save_answers(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    payload = await json_object(request, {"answers"})
    answers = _answers(payload)
    services = services_of(request)
    if_match = request.headers.get("if-match")
    snapshot = await services.catalog.current()

    async def change(keyed: KeyedChange[Application]) -> None:
        # The precondition is checked inside the key's slot: a retry of a save that
        # succeeded carries the old ETag and must get the stored answer, not a 409.
        app = await own_application(request, principal)
        expected = _if_match(request, app)
        given = await _without_masked_echoes(services, app, answers)
        await drafts.save_answers(
            services, app, given, now=services.clock.now(), expected_revision=expected, within=keyed.within
        )

    return await run_keyed(
        request,
        principal=principal.citizen_id,
        payload={"answers": answers, "if_match": if_match},
        change=change,
        render=summary_answer(snapshot),
        path_values=[path_ref(request)],
        headers_for=summary_headers,
    )


async def set_delivery(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    payload = await json_object(request, {"method", "address"})
    method = code_field(payload, "method")
    if method is None:
        raise invalid("method", "required", M["required"])
    address = payload.get("address")
    if address is not None and not isinstance(address, str):
        raise invalid("address", "invalid_type", M["not_text"])
    services = services_of(request)
    snapshot = await services.catalog.current()

    async def change(keyed: KeyedChange[Application]) -> None:
        app = await own_application(request, principal)
        await drafts.set_delivery(services, app, method, address, now=services.clock.now(), within=keyed.within)

    return await run_keyed(
        request,
        principal=principal.citizen_id,
        payload={"method": method, "address": address},
        change=change,
        render=summary_answer(snapshot),
        path_values=[path_ref(request)],
        headers_for=summary_headers,
    )


async def submit(request: Request) -> Response:
    """Submit a draft or resubmit a returned application (补正). A retry with the same key
    gets the stored answer with the same number; a new key on an application that is
    already submitted is a 409, never a second application."""
    reject_unknown(request, ())
    principal, citizen = await require_real_name(request)
    services = services_of(request)
    ref = path_ref(request)
    snapshot = await services.catalog.current()
    actor = journal.actor_of_citizen(principal.citizen_id, citizen)

    async def change(keyed: KeyedChange[Application]) -> None:
        # Read inside the key's slot: a retry of a completed key never gets here, and a
        # new key on a submitted application is refused before the workflow runs.
        app = await access.for_citizen(services, principal.citizen_id, ref)
        if app.state not in EDITABLE:
            raise TransitionRefused(app.state, Act.SUBMIT)
        result = await workflow.submit(
            services,
            app,
            channel=CHANNEL,
            where=where(request),
            now=services.clock.now(),
            within=keyed.within,
            actor=actor,
        )
        if keyed.answer is None:
            # Another request (another key) submitted it first; this one changed nothing.
            raise TransitionRefused(result.state, Act.SUBMIT)

    # The body of a submission carries nothing; the key alone identifies the intent.
    return await run_keyed(
        request,
        principal=principal.citizen_id,
        payload={},
        change=change,
        render=summary_answer(snapshot),
        path_values=[ref],
        headers_for=summary_headers,
    )


async def discard(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    services = services_of(request)
    ref = path_ref(request)

    def render(app: Application) -> Answer:
        return 200, {"id": app.id, "discarded": True}

    async def change(keyed: KeyedChange[Application]) -> None:
        # Inside the slot: after a discard the draft is gone, and only the stored answer
        # can tell a retry what happened.
        app = await access.for_citizen(services, principal.citizen_id, ref)
        await drafts.discard(services, app, now=services.clock.now(), where=where(request), within=keyed.within)

    return await run_keyed(
        request, principal=principal.citizen_id, payload={}, change=change, render=render, path_values=[ref]
    )
