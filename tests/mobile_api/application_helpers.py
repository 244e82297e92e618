"""Helpers for the phone API's application tests: citizens, keys, real images, staff acts.

phone = await real_name_citizen(running)           # a real-name citizen's bearer headers
app = await start(running, phone, item="GA-SFZ-002")
await running.client.post(url(app, "submission"), headers=keyed(phone))
"""

from __future__ import annotations

import io
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx2
from jsonschema import Draft202012Validator
from PIL import Image
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from mobile_api.openapi import DOCUMENT
from onevisit import create_app
from shared.applications import access, workflow
from shared.applications.model import Application
from shared.audit import Where
from shared.catalog import repository as catalog_repository
from shared.catalog.importer import import_catalog, parse_catalog_text
from shared.clock import ManualClock
from shared.config import Settings
from shared.services import Services
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Role
from tests.conftest import Running, mini_catalog_text
from tests.mobile_api.auth_helpers import ID_LI, ID_WANG, PHONE_A, PHONE_B, bearer, real_name, sign_in
from tests.pii import refuse_personal_numbers

API = "/api/v1"
ITEM = "GA-SFZ-002"  # 居民身份证: for-whom situation, applicant fields, ID card (certificate), hukou (shared data)
WANG = {"name": "王晓明", "number": ID_WANG, "phone": PHONE_A}
LI = {"name": "李秀英", "number": ID_LI, "phone": PHONE_B}
CLERK_GA = StaffPrincipal(9001, "clerk-ga", "窗口一号", Role.CLERK, "GA")
REVIEWER_GA = StaffPrincipal(9002, "reviewer-ga", "审批一号", Role.REVIEWER, "GA")
STAFF_DESK = Where.address("10.0.0.9")


@asynccontextmanager
async def serve(settings: Settings, clock: ManualClock) -> AsyncIterator[Running]:
    """One server process on `settings.data_dir` (the fixture catalog imported once), with a
    client; leaving the block closes it as a shutdown would, so another may start after it."""
    app = create_app(settings, clock)
    async with app.router.lifespan_context(app) as state:
        assert state is not None
        services: Services = state["services"]
        if await catalog_repository.read_revision(services.db) == 0:
            await import_catalog(services.db, parse_catalog_text(mini_catalog_text()))
            await services.catalog.load()

        async def with_state(scope: Any, receive: Any, send: Any) -> None:
            scope["state"] = dict(state)
            await app(scope, receive, send)

        async with httpx2.AsyncClient(
            transport=httpx2.ASGITransport(app=with_state),
            base_url="http://kiosk.test",
            event_hooks={"response": [refuse_personal_numbers]},
        ) as client:
            yield Running(client, services, clock)


async def real_name_citizen(running: Running, who: dict[str, str] = WANG, openid: str | None = None) -> dict[str, str]:
    """Bearer headers of a citizen who signed in on the phone and completed real-name binding."""
    tokens = await sign_in(running, openid or f"wx-{uuid.uuid4().hex[:12]}")
    bound = await real_name(running, tokens, name=who["name"], number=who["number"], phone=who["phone"])
    return bearer(bound["access_token"])


def keyed(headers: dict[str, str], key: str | None = None, **more: str) -> dict[str, str]:
    """The headers plus an Idempotency-Key (a fresh one unless given)."""
    return {**headers, "Idempotency-Key": key or str(uuid.uuid4()), **more}


def url(app: dict[str, Any] | str, *rest: str) -> str:
    ref = app if isinstance(app, str) else app["id"]
    return "/".join([f"{API}/applications/{ref}", *rest])


async def start(running: Running, headers: dict[str, str], item: str = ITEM) -> dict[str, Any]:
    response = await running.client.post(f"{API}/applications", json={"item": item}, headers=keyed(headers))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def detail(running: Running, headers: dict[str, str], app: dict[str, Any] | str) -> dict[str, Any]:
    response = await running.client.get(url(app), headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def image_bytes(media: str = "PNG", size: tuple[int, int] = (64, 48)) -> bytes:
    """A real image, made here, with some structure so it is not a flat colour."""
    image = Image.new("RGB", size, (200, 30, 30))
    for x in range(0, size[0], 4):
        image.putpixel((x, x % size[1]), (10, 200, 10))
    out = io.BytesIO()
    image.save(out, format=media)
    return out.getvalue()


async def upload(
    running: Running, headers: dict[str, str], app: dict[str, Any], material: str, data: bytes | None = None
) -> httpx2.Response:
    return await running.client.post(
        url(app, "materials", material, "files"),
        content=data if data is not None else image_bytes(),
        headers=keyed(headers, **{"Content-Type": "image/png"}),
    )


async def complete_for_self(running: Running, headers: dict[str, str], app: dict[str, Any]) -> None:
    """Answer, upload and choose delivery so that the ID-card application may be submitted."""
    saved = await running.client.patch(
        url(app, "answers"),
        json={"answers": {"for_whom": "self", "delivery": "window"}},
        headers=keyed(headers),
    )
    assert saved.status_code == 200, saved.text
    uploaded = await upload(running, headers, app, "id_card")
    assert uploaded.status_code == 201, uploaded.text
    chosen = await running.client.put(url(app, "delivery"), json={"method": "window"}, headers=keyed(headers))
    assert chosen.status_code == 200, chosen.text


async def submitted(running: Running) -> tuple[dict[str, str], dict[str, Any]]:
    """A real-name citizen's phone headers and their application, complete and submitted."""
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    await complete_for_self(running, phone, app)
    response = await running.client.post(url(app, "submission"), headers=keyed(phone))
    assert response.status_code == 200, response.text
    return phone, response.json()


async def staff_approve(running: Running, ref: str, citizen_id: str) -> Application:
    """The hall's side, through the workflow functions: accept, review opinion, approve."""
    services, now = running.services, running.clock.now()
    app = await access.for_citizen(services, citizen_id, ref)
    app = await workflow.accept(services, app, CLERK_GA, where=STAFF_DESK, now=now)
    app = await workflow.record_opinion(services, app, REVIEWER_GA, "agree", "材料齐全", where=STAFF_DESK, now=now)
    return await workflow.decide(services, app, REVIEWER_GA, "approve", "符合条件", where=STAFF_DESK, now=now)


# --- the answers against the OpenAPI document ----------------------------------------------

_REGISTRY = Registry().with_resource("urn:onevisit:api", Resource(contents=DOCUMENT, specification=DRAFT202012))


def assert_documented(response: httpx2.Response, path: str, method: str) -> None:
    """The answer's body matches the schema the OpenAPI document gives for its status."""
    described = DOCUMENT["paths"][path][method]["responses"][str(response.status_code)]
    schema = described["content"]["application/json"]["schema"]
    Draft202012Validator(_rewrite_refs(schema), registry=_REGISTRY).validate(response.json())


def _rewrite_refs(value: Any) -> Any:
    """Point the document's local `#/components/...` references at the registered document."""
    if isinstance(value, dict):
        local = {k: v for k, v in value.items() if k == "$ref" and isinstance(v, str) and v.startswith("#")}
        return {k: "urn:onevisit:api" + v if k in local else _rewrite_refs(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite_refs(v) for v in value]
    return value
