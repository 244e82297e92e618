"""Catalog endpoints of the mini-program API: one truth, the same as the kiosk's."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from mobile_api import serializers as ser
from mobile_api.errors import request_lang
from mobile_api.params import choice_param, int_param, reject_unknown, text_param
from shared.catalog.labels import Label
from shared.catalog.model import CHANNEL_TEXT, ItemType, ServiceItem
from shared.catalog.rules import applicable_fees, checklist, merge_bundle, validate_answers, visible_groups
from shared.catalog.snapshot import MAX_PER_PAGE, CatalogSnapshot, ItemQuery
from shared.errors import FieldProblem, NotFound, ValidationFailed
from shared.i18n import Text
from shared.services import Services
from shared.web.jsonbody import read_json_object
from shared.web.responses import JSONResponse, etag_matches, not_modified

# Phones may keep catalog answers a minute and must revalidate after; a 304 costs little.
CACHE_CONTROL = "public, max-age=60, must-revalidate"

ITEM_NOT_FOUND = Text("找不到该事项，可能已调整或下线。", "This service item does not exist or is no longer offered.")
BUNDLE_NOT_FOUND = Text("找不到该“一件事”套餐。", "This bundle does not exist.")
VERSION_NOT_FOUND = Text("该事项没有这个版本。", "This item has no such version.")


def services(request: Request) -> Services:
    result: Services = request.state.services
    return result


def body_tag(body: bytes) -> str:
    """A strong ETag from the body's hash, in base64url (hex now and then reads as a phone number)."""
    return '"' + base64.urlsafe_b64encode(hashlib.blake2b(body, digest_size=16).digest()).rstrip(b"=").decode() + '"'


def cached_json(request: Request, body: bytes, etag: str | None = None) -> Response:
    """A JSON answer with a strong ETag; `If-None-Match` gets 304 without the body."""
    tag = etag or body_tag(body)
    if etag_matches(request, tag):
        return not_modified(tag, CACHE_CONTROL)
    return Response(body, media_type="application/json", headers={"ETag": tag, "Cache-Control": CACHE_CONTROL})


def _render_cached(snapshot: CatalogSnapshot, key: tuple[Any, ...], build: Callable[[], Any]) -> tuple[str, bytes]:
    """The JSON body and ETag of `build()`, rendered once per catalog snapshot."""

    def render() -> tuple[str, bytes]:
        body = orjson.dumps(build())
        return body_tag(body), body

    result: tuple[str, bytes] = snapshot.derived(("api",) + key, render)
    return result


async def list_categories(request: Request) -> Response:
    reject_unknown(request, ("audience", "kind"))
    audience = choice_param(request, "audience", ("person", "company"))
    kind = choice_param(request, "kind", ("topic", "life_event"))
    snapshot = await services(request).catalog.current()
    etag, body = _render_cached(
        snapshot,
        ("categories", audience, kind),
        lambda: {
            "categories": [
                ser.category(c)
                for c in sorted(snapshot.categories.values(), key=lambda c: (c.position, c.code))
                if (audience is None or c.audience == audience) and (kind is None or c.kind == kind)
            ]
        },
    )
    return cached_json(request, body, etag)


async def list_departments(request: Request) -> Response:
    reject_unknown(request, ())
    snapshot = await services(request).catalog.current()
    etag, body = _render_cached(
        snapshot,
        ("departments",),
        lambda: {
            "departments": [
                {
                    **ser.department(d),
                    "item_count": sum(1 for i in snapshot.iter_active_items() if i.department == d.code),
                }
                for d in snapshot.departments.values()
            ]
        },
    )
    return cached_json(request, body, etag)


ITEM_FILTERS = ("q", "department", "type", "audience", "label", "category", "channel", "page", "per_page")


def parse_item_query(request: Request, snapshot: CatalogSnapshot) -> tuple[ItemQuery, int, int]:
    reject_unknown(request, ITEM_FILTERS)
    label = choice_param(request, "label", [label.value for label in Label])
    query = ItemQuery(
        q=text_param(request, "q", 100),
        department=text_param(request, "department", 64),
        type=choice_param(request, "type", [t.value for t in ItemType]),
        audience=choice_param(request, "audience", ("person", "company")),
        label=Label(label) if label else None,
        category=text_param(request, "category", 64),
        channel=choice_param(request, "channel", CHANNEL_TEXT),
    )
    return query, int_param(request, "page", 1, 1, 10_000), int_param(request, "per_page", 20, 1, MAX_PER_PAGE)


async def list_items(request: Request) -> Response:
    snapshot = await services(request).catalog.current()
    query, page_number, per_page = parse_item_query(request, snapshot)

    def build() -> dict[str, Any]:
        page = snapshot.find_items(query, page_number, per_page)
        return {
            "items": [ser.item_summary(item, snapshot) for item in page.items],
            "page": page.page,
            "per_page": page.per_page,
            "total": page.total,
            "pages": page.pages,
            "bundles": [ser.bundle_summary(b) for b in snapshot.search_bundles(query.q)] if query.q else [],
        }

    etag, body = _render_cached(snapshot, ("items", query, page_number, per_page), build)
    return cached_json(request, body, etag)


async def _item_or_404(request: Request) -> tuple[ServiceItem, CatalogSnapshot]:
    svc = services(request)
    snapshot = await svc.catalog.current()
    code = request.path_params["code"]
    version = int_param(request, "version", 0, 1, 1_000_000)
    if version:
        item = await svc.catalog.item_version(code, version)
        if item is None:
            raise NotFound(VERSION_NOT_FOUND if snapshot.item(code) else ITEM_NOT_FOUND)
        return item, snapshot
    item = snapshot.item(code)
    if item is None:
        raise NotFound(ITEM_NOT_FOUND)
    return item, snapshot


async def get_item(request: Request) -> Response:
    reject_unknown(request, ("version",))
    item, snapshot = await _item_or_404(request)
    etag, body = _render_cached(snapshot, ("item", item.code, item.version), lambda: ser.item_detail(item, snapshot))
    return cached_json(request, body, etag)


async def list_item_versions(request: Request) -> Response:
    reject_unknown(request, ())
    svc = services(request)
    snapshot = await svc.catalog.current()
    code = request.path_params["code"]
    current = snapshot.item(code)
    if current is None:
        raise NotFound(ITEM_NOT_FOUND)
    rows = await svc.catalog.item_versions(code)
    return cached_json(
        request,
        orjson.dumps(
            {
                "code": code,
                "current_version": current.version,
                "versions": [{"version": r["version"], "published_at": r["created_at"]} for r in rows],
            }
        ),
    )


ANSWERS_MUST_BE_OBJECT = Text("answers 必须是一个对象。", "answers must be an object.")


async def item_checklist(request: Request) -> Response:
    """The citizen's own checklist (一次性告知) for their answers so far.

    Nothing is stored: it answers which questions, materials and fees apply, and which
    answers given so far have problems, all at once.
    """
    reject_unknown(request, ("version",))
    item, snapshot = await _item_or_404(request)
    payload = await read_json_object(request)
    answers = payload.get("answers", {})
    if not isinstance(answers, dict) or set(payload) - {"answers"}:
        raise ValidationFailed(problems=[FieldProblem("answers", "invalid", ANSWERS_MUST_BE_OBJECT)])
    result = validate_answers(item.form, answers, dt.date.today(), partial=True)
    fees = applicable_fees(item.fees, result.answers)
    return JSONResponse(
        {
            "code": item.code,
            "version": item.version,
            "groups": [ser.group(g, fields) for g, fields in visible_groups(item.form, result.answers)],
            "materials": ser.checklist(checklist(item.materials, result.answers), snapshot),
            "fees": None if fees is None else [ser.fee(f) for f in fees],
            "fee_fen": None if fees is None else sum(f.amount_fen for f in fees),
            "problems": [p.as_dict(request_lang(request)) for p in result.problems],
        },
        headers={"Cache-Control": "no-store"},
    )


async def list_bundles(request: Request) -> Response:
    reject_unknown(request, ("audience", "category"))
    snapshot = await services(request).catalog.current()
    audience = choice_param(request, "audience", ("person", "company"))
    category = text_param(request, "category", 64)
    bundles = [
        b
        for b in snapshot.bundles.values()
        if b.active and (audience is None or audience in b.audience) and (category is None or category in b.categories)
    ]
    return cached_json(request, orjson.dumps({"bundles": [ser.bundle_summary(b) for b in bundles]}))


async def get_bundle(request: Request) -> Response:
    reject_unknown(request, ())
    svc = services(request)
    snapshot = await svc.catalog.current()
    bundle = snapshot.bundle(request.path_params["code"])
    if bundle is None:
        raise NotFound(BUNDLE_NOT_FOUND)
    items = await svc.catalog.pinned_items(bundle)
    etag, body = _render_cached(
        snapshot,
        ("bundle", bundle.code, bundle.version),
        lambda: ser.bundle_detail(bundle, items, merge_bundle(items, bundle.promised_days), snapshot),
    )
    return cached_json(request, body, etag)
