"""Applications (办件) on the phone: start, answer, check, submit and follow them.

    GET    /applications                       own applications, newest first
    POST   /applications                       {"item": code} | {"bundle": code} → 201 draft     [key]
    GET    /applications/{ref}                 the whole form as the owner sees it; ETag = revision
    PATCH  /applications/{ref}/answers         {"answers": {...}}, If-Match optional            [key]
    PUT    /applications/{ref}/delivery        {"method", "address"}                             [key]
    GET    /applications/{ref}/check           the pre-submission check: everything missing at once
    POST   /applications/{ref}/submission      submit / resubmit → 200 with the number          [key]
    DELETE /applications/{ref}                 discard a draft                                   [key]
    GET    /applications/{ref}/timeline        every event, who and when
    GET    /applications/{ref}/results         result documents; /results/{id} one with its body
    GET    /certificates                       the certificate wallet (电子证照)

This module holds the reads and what every application handler shares; the changes are in
`application_changes`, files in `application_files`, the kiosk handoff in
`application_handoffs`.

Rules every handler here follows:
- a real-name citizen only (实名认证): 401 without a good token, the RealNameRequired 403
  otherwise; `{ref}` is an id or a number, and anything not the caller's own is the same
  404 as an unknown one (ASVS 8.2.2; `access.for_citizen`);
- every change takes an `Idempotency-Key` and runs through `idempotent.run_keyed`: its
  answer is the application's summary, rendered and stored in the change's transaction;
- `ETag` is the application's revision. It is the precondition for `If-Match` on
  PATCH answers: a stale one is **409 `stale_revision`** (not 412), the same answer as a
  change that lost a race inside the transaction, so a phone handles one case. Answers
  are personal and `no-store`, so the ETag is not offered as a cache validator;
- bodies never hold a whole ID or phone number (`application_json`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mobile_api import application_json as out
from mobile_api.auth import CitizenPrincipal, require_real_name
from mobile_api.idempotent import Answer
from mobile_api.params import reject_unknown
from shared.applications import access, certificates, forms, results, timekeeping, timeline, trips
from shared.applications.access import ApplicationNotFound
from shared.applications.model import Application
from shared.audit import Where
from shared.catalog.snapshot import CatalogSnapshot
from shared.errors import FieldProblem, NotFound, ValidationFailed
from shared.i18n import Text
from shared.services import Services
from shared.web.jsonbody import read_json_object
from shared.web.responses import JSONResponse

CHANNEL = "mobile"
NO_STORE = {"Cache-Control": "no-store"}
REF_MAX = 64
RESULT_NOT_FOUND = Text("找不到该结果文书。", "We could not find this result document.")

M = {
    "required": Text("请填写此项。", "This field is required."),
    "not_text": Text("请填写文字。", "This must be text."),
    "not_object": Text("请以对象形式提交各项回答。", "Send the answers as an object of field codes."),
    "bad_value": Text("回答须为文字、数字、是/否或 null。", "An answer must be text, a number, true/false or null."),
    "unknown": Text("不支持此项。", "This field is not supported here."),
    "one_of": Text("请指定 item 或 bundle 之一。", "Name either an item or a bundle, not both."),
    "too_many": Text("一次提交的回答过多。", "Too many answers in one request."),
    "if_match": Text("If-Match 须为本申请的 ETag。", "If-Match must be an ETag of this application."),
}


# --- shared by the application handlers ---------------------------------------------------


def services_of(request: Request) -> Services:
    result: Services = request.state.services
    return result


def where(request: Request) -> Where:
    return Where.address(request.client.host if request.client else None)


def path_ref(request: Request, name: str = "ref") -> str:
    """A path value as given; a value no application could have is the ordinary 404."""
    value = str(request.path_params[name])
    if not value or len(value) > REF_MAX or not value.isascii():
        raise ApplicationNotFound()
    return value


async def own_application(request: Request, principal: CitizenPrincipal) -> Application:
    return await access.for_citizen(services_of(request), principal.citizen_id, path_ref(request))


def etag(revision: int) -> str:
    return f'"{revision}"'


def summary_headers(status: int, body: Mapping[str, Any]) -> Mapping[str, str]:
    """ETag of the changed application, and Location for a new one (RFC 9110 §10.2.2)."""
    headers = {}
    if isinstance(body.get("revision"), int):
        headers["ETag"] = etag(body["revision"])
    if status == 201 and isinstance(body.get("id"), str):
        headers["Location"] = f"{out.API_PREFIX}/applications/{body['id']}"
    return headers


def summary_answer(snapshot: CatalogSnapshot, status: int = 200) -> Any:
    def render(app: Application) -> Answer:
        return status, out.summary(app, snapshot)

    return render


def personal_json(body: Any, headers: Mapping[str, str] | None = None) -> Response:
    return JSONResponse(body, headers={**NO_STORE, **(headers or {})})


def invalid(path: str, code: str, message: Text) -> ValidationFailed:
    return ValidationFailed(problems=[FieldProblem(path, code, message)])


async def json_object(request: Request, allowed: set[str]) -> dict[str, Any]:
    payload = await read_json_object(request)
    unknown = [FieldProblem(name, "unknown_field", M["unknown"]) for name in payload if name not in allowed]
    if unknown:
        raise ValidationFailed(problems=unknown)
    return payload


def code_field(payload: Mapping[str, Any], name: str) -> str | None:
    value = payload.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        raise invalid(name, "invalid_type", M["not_text"])
    return value.strip()


# --- the list, a new draft ----------------------------------------------------------------


async def list_applications(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    services = services_of(request)
    snapshot = await services.catalog.current()
    apps = await access.list_for_citizen(services, principal.citizen_id)
    return personal_json({"applications": [out.summary(app, snapshot) for app in apps]})


# --- reading one ---------------------------------------------------------------------------


async def get_application(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    services = services_of(request)
    app = await own_application(request, principal)
    snapshot = await services.catalog.current()
    view = await forms.form_view(services, app)
    body = out.detail(
        app,
        view,
        snapshot,
        trips=await trips.count(services.db, app.id),
        results=await results.for_application(services.db, app.id),
        time=await timekeeping.time_status(services, app),
    )
    return personal_json(body, {"ETag": etag(app.revision)})


async def check_application(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    services = services_of(request)
    app = await own_application(request, principal)
    view = await forms.form_view(services, app)
    return personal_json({**out.check(view), "revision": app.revision}, {"ETag": etag(app.revision)})


async def get_timeline(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    services = services_of(request)
    app = await own_application(request, principal)
    events = await timeline.events(services.db, app.id)
    departments = (await services.catalog.current()).departments
    return personal_json({"events": [out.event(e, timeline.describe(e, departments)) for e in events]})


async def list_results(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    services = services_of(request)
    app = await own_application(request, principal)
    docs = await results.for_application(services.db, app.id)
    return personal_json({"results": [out.result(doc) for doc in docs]})


async def get_result(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    services = services_of(request)
    app = await own_application(request, principal)
    wanted = str(request.path_params["result_id"])
    for doc in await results.for_application(services.db, app.id):
        if doc.id == wanted:
            return personal_json(out.result(doc, with_body=True))
    raise NotFound(RESULT_NOT_FOUND)


async def list_certificates(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    services = services_of(request)
    snapshot = await services.catalog.current()
    wallet = await certificates.wallet(services, principal.citizen_id)
    return personal_json({"certificates": [out.certificate(cert, snapshot) for cert in wallet]})
