"""Editing one item or bundle: the draft's tabs, saving, checking, publishing and discarding.

    GET  /staff/catalog/{kind}/{code}?tab=&check=1     the editor (the draft, else the published version)
    POST /staff/catalog/{kind}/{code}                  save the tab's inputs (and add/remove/move a row)
    POST /staff/catalog/{kind}/{code}/discard          drop the draft
    GET  /staff/catalog/{kind}/{code}/publish          what publishing would change, and every problem
    POST /staff/catalog/{kind}/{code}/publish          publish as the next version (the import's code)

Hall administrators only (Action.EDIT_CATALOG). Every POST names the draft revision its
page showed: an older one means someone else saved meanwhile, and the page comes back with
409 and their version. The check is the import's validation (`shared.catalog.drafts.check`),
its problems shown beside their inputs in zh-CN and English. The editor's script
(static/js/catalog_editor.js) saves as the person types, with header `X-Autosave: 1`, and
gets JSON back; without the script every button is a plain form post.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from kiosk.staff.guard import require_staff
from kiosk.staff.templating import render_staff
from kiosk.staff.texts_catalog import CATALOG_UI, FIELD_TYPE_TEXT
from kiosk.staff.views import catalog_forms as forms
from kiosk.staff.views.catalog_inputs import FormRejected, Inputs
from kiosk.staff.views.catalog_support import EDITORS, anchor_id, editor, target
from shared import diffing
from shared.catalog import drafts
from shared.catalog.drafts import Draft, Kind, Published
from shared.catalog.editing import (
    EditProblem,
    add_row,
    by_anchor,
    editor_problems,
    move_row,
    new_row,
    remove_row,
    row_list_allowed,
)
from shared.catalog.model import (
    AUDIENCE_TEXT,
    CHANNEL_TEXT,
    DELIVERY_TEXT,
    FIELD_TYPES,
    ITEM_TYPE_TEXT,
    MATERIAL_KIND_TEXT,
    Document,
)
from shared.catalog.snapshot import CatalogSnapshot
from shared.catalog.validation import catalog_schema
from shared.errors import BadRequest
from shared.i18n import Text
from shared.services import Services

DONE = ("saved", "published", "unchanged", "discarded", "created")
FINISHING_OPS = ("save", "check", "preview", "publish")
ROW_OP = re.compile(r"^(add|remove|up|down):([A-Za-z_.\[\]0-9]{1,80})$")
INDEXED = re.compile(r"^(.+)\[(\d+)\]$")
NO_STORE = {"Cache-Control": "no-store"}


def edit_url(kind: Kind, code: str, *, tab: str | None = None, check: bool = False, **more: str) -> str:
    params = {"tab": tab} if tab else {}
    if check:
        params["check"] = "1"
    params.update(more)
    return f"/staff/catalog/{kind}/{code}" + (f"?{urlencode(params)}" if params else "")


@dataclass(frozen=True, slots=True)
class TabProblems:
    tab: str
    problems: list[EditProblem]


async def _state(services: Services, kind: Kind, code: str) -> tuple[Draft | None, Published | None]:
    draft = await drafts.get(services.db, kind, code)
    published = await drafts.published(services.db, kind, code)
    if draft is None and published is None:
        raise drafts.DraftNotFound()
    return draft, published


def _references(snapshot: CatalogSnapshot) -> dict[str, Any]:
    """The choices the inputs offer: (code, name) pairs of what the catalog knows."""
    return {
        "department_options": [(code, department.name) for code, department in snapshot.departments.items()],
        "department_names": {code: department.name for code, department in snapshot.departments.items()},
        "category_options": [
            (code, Text(f"{AUDIENCE_TEXT[c.audience].zh}·{c.name.zh}", f"{AUDIENCE_TEXT[c.audience].en}: {c.name.en}"))
            if c.audience in AUDIENCE_TEXT and c.name.en
            else (code, c.name)
            for code, c in snapshot.categories.items()
        ],
        "certificate_options": [(code, cert.name) for code, cert in snapshot.certificate_types.items()],
        "item_type_options": [(str(kind), text) for kind, text in ITEM_TYPE_TEXT.items()],
        "material_kind_options": list(MATERIAL_KIND_TEXT.items()),
        "channel_texts": CHANNEL_TEXT,
        "delivery_options": list(DELIVERY_TEXT.items()),
        "field_type_options": [(kind, FIELD_TYPE_TEXT.get(kind, Text(kind))) for kind in FIELD_TYPES],
    }


async def render_editor(
    request: Request,
    kind: Kind,
    code: str,
    tab: forms.Tab,
    *,
    check: bool,
    done: str | None = None,
    status_code: int = 200,
    conflict: bool = False,
    rejected: FormRejected | None = None,
    focus: str | None = None,
) -> Response:
    services: Services = request.state.services
    draft, published = await _state(services, kind, code)
    document: Document = draft.document if draft else published.document if published else {}
    problems: list[EditProblem] = []
    if check:
        problems = editor_problems(kind, await drafts.check(services.db, kind, document))
    if rejected is not None:
        problems = rejected.problems
        tab = "advanced"
    here = [problem for problem in problems if forms.tab_of(kind, problem.path) == tab]
    elsewhere: dict[str, list[EditProblem]] = {}
    for problem in problems:
        other = forms.tab_of(kind, problem.path)
        if other != tab:
            elsewhere.setdefault(other, []).append(problem)
    snapshot = await services.catalog.current()
    return render_staff(
        request,
        "catalog/edit.html",
        {
            "t": CATALOG_UI,
            "f": forms,
            "kind": kind,
            "code": code,
            "tab": tab,
            "tabs": forms.TABS[kind],
            "draft": draft,
            "published": published,
            "doc": document,
            "revision": draft.revision if draft else 0,
            "check": check,
            "problems": problems,
            "placed": by_anchor(here, forms.anchors(kind, tab, document)),
            "elsewhere": [TabProblems(name, elsewhere[name]) for name in forms.TABS[kind] if name in elsewhere],
            "done": done,
            "conflict": conflict,
            "advanced_text": rejected.text if rejected else None,
            "anchor_id": anchor_id,
            "edit_url": edit_url,
            "focus": focus,
            "field_choices": forms.field_choices(document),
            "items": list(snapshot.items.values()) if kind == "bundle" else [],
            "snapshot": snapshot,
            "document_json": json.dumps(in_schema_order(kind, document), ensure_ascii=False, indent=2),
            **_references(snapshot),
        },
        status_code=status_code,
    )


def in_schema_order(kind: Kind, document: Document) -> Document:
    """The document's elements in the order catalog.schema.json lists them (code, name, ... status),
    as a person reads the format's documentation; stored drafts are key-sorted."""
    order = list(catalog_schema()["$defs"][kind]["properties"])
    rank = {key: index for index, key in enumerate(order)}
    return {key: document[key] for key in sorted(document, key=lambda key: (rank.get(key, len(order)), key))}


def _tab(kind: Kind, value: object) -> forms.Tab:
    for tab in forms.TABS[kind]:
        if value == tab:
            return tab
    return forms.TABS[kind][0]


async def edit_page(request: Request) -> Response:
    await require_staff(request, *EDITORS)
    kind, code = target(request)
    query = request.query_params
    done = query.get("done")
    focus = query.get("focus")
    return await render_editor(
        request,
        kind,
        code,
        _tab(kind, query.get("tab")),
        check=query.get("check") == "1",
        done=done if done in DONE else None,
        focus=focus if focus and len(focus) <= 80 else None,
    )


def apply_op(kind: Kind, document: Document, op: str, inputs: Inputs) -> str | None:
    """Add, remove or move a row; the path of the row to show next (None: stay at the top)."""
    if op in FINISHING_OPS:
        return None
    match = ROW_OP.match(op)
    if match is None:
        raise BadRequest()
    action, path = match.groups()
    try:
        if action == "add":
            if not row_list_allowed(kind, path):
                raise BadRequest()
            if kind == "bundle":
                code = inputs.text("new_item").split(" ", 1)[0]
                return f"items[{add_row(document, path, code)}]" if code else path
            return f"{path}[{add_row(document, path, new_row(document, path))}]"
        indexed = INDEXED.match(path)
        if indexed is None or not row_list_allowed(kind, indexed.group(1)):
            raise BadRequest()
        list_path, index = indexed.group(1), int(indexed.group(2))
        if action == "remove":
            remove_row(document, list_path, index)
            return list_path
        moved = move_row(document, list_path, index, -1 if action == "up" else 1)
        return f"{list_path}[{moved}]"
    except LookupError:
        raise BadRequest() from None


def _revision(value: object) -> int:
    if not isinstance(value, str) or not value.isdigit() or len(value) > 9:
        raise BadRequest()
    return int(value)


async def save(request: Request) -> Response:
    staff = await require_staff(request, *EDITORS)
    kind, code = target(request)
    services: Services = request.state.services
    form = await request.form()
    tab = _tab(kind, form.get("tab"))
    revision = _revision(form.get("revision"))
    op = form.get("op") or "save"
    if not isinstance(op, str):
        raise BadRequest()
    autosave = request.headers.get("x-autosave") == "1"
    check = form.get("check") == "1"
    try:
        async with services.db.transaction() as tx:
            current = await drafts.get(tx, kind, code)
            if (current.revision if current else 0) != revision:
                raise drafts.StaleDraft()
            base = current.document if current else None
            if base is None:
                published = await drafts.published(tx, kind, code)
                if published is None:
                    raise drafts.DraftNotFound()
                base = published.document
            document = forms.apply_tab(kind, tab, copy.deepcopy(base), form, code)
            focus = apply_op(kind, document, op, Inputs(form))
            who, now = editor(request, staff), services.clock.now()
            saved = await drafts.save(tx, kind, code, document, expected_revision=revision, editor=who, now=now)
    except drafts.StaleDraft:
        if autosave:
            return JSONResponse({"error": "stale"}, status_code=409, headers=NO_STORE)
        return await render_editor(request, kind, code, tab, check=check, status_code=409, conflict=True)
    except FormRejected as rejected:
        if autosave:
            return JSONResponse({"error": "rejected"}, status_code=422, headers=NO_STORE)
        return await render_editor(request, kind, code, tab, check=check, status_code=422, rejected=rejected)
    if autosave:
        return JSONResponse({"revision": saved.draft.revision, "changed": saved.changed}, headers=NO_STORE)
    if op == "check":
        location = edit_url(kind, code, tab=tab, check=True)
    elif op == "preview":
        location = f"/staff/catalog/{kind}/{code}/preview"
    elif op == "publish":
        location = f"/staff/catalog/{kind}/{code}/publish"
    else:
        extra = {"focus": focus} if focus else {}
        location = edit_url(kind, code, tab=tab, check=check, done="saved", **extra)
        if focus:
            location += f"#{anchor_id(focus)}"
    return RedirectResponse(location, status_code=303, headers=NO_STORE)


async def discard(request: Request) -> Response:
    staff = await require_staff(request, *EDITORS)
    kind, code = target(request)
    services: Services = request.state.services
    form = await request.form()
    revision = _revision(form.get("revision"))
    try:
        async with services.db.transaction() as tx:
            await drafts.discard(
                tx, kind, code, expected_revision=revision, editor=editor(request, staff), now=services.clock.now()
            )
            still_published = await drafts.published(tx, kind, code) is not None
    except drafts.StaleDraft:
        return await render_editor(request, kind, code, _tab(kind, None), check=False, status_code=409, conflict=True)
    location = edit_url(kind, code, done="discarded") if still_published else "/staff/catalog?done=discarded"
    return RedirectResponse(location, status_code=303, headers=NO_STORE)


# --- publishing ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """One difference between the published version and the draft, as the review lists it."""

    path: str
    kind: str
    before: str
    after: str
    tab: str  # the editor's tab that shows it


SHOWN_CHARS = 400


def _shown(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def change_rows(kind: Kind, before: Any, after: Any) -> list[ChangeRow]:
    return [
        ChangeRow(
            change.path or "/",
            change.kind,
            _shown(change.before),
            _shown(change.after),
            forms.tab_of(kind, change.path),
        )
        for change in diffing.diff(before, after)
    ]


async def render_review(
    request: Request,
    kind: Kind,
    code: str,
    *,
    status_code: int = 200,
    notice: str | None = None,
    problems: list[EditProblem] | None = None,
) -> Response:
    services: Services = request.state.services
    draft, published = await _state(services, kind, code)
    if draft is None:
        return RedirectResponse(edit_url(kind, code), status_code=303, headers=NO_STORE)
    if problems is None:
        problems = editor_problems(kind, await drafts.check(services.db, kind, draft.document))
    changes = change_rows(kind, published.document if published else {}, draft.document)
    return render_staff(
        request,
        "catalog/publish.html",
        {
            "t": CATALOG_UI,
            "f": forms,
            "kind": kind,
            "code": code,
            "draft": draft,
            "published": published,
            "problems": problems,
            "changes": changes,
            "notice": notice,
            "edit_url": edit_url,
            "anchor_id": anchor_id,
        },
        status_code=status_code,
    )


async def review(request: Request) -> Response:
    await require_staff(request, *EDITORS)
    kind, code = target(request)
    return await render_review(request, kind, code)


async def publish(request: Request) -> Response:
    staff = await require_staff(request, *EDITORS)
    kind, code = target(request)
    services: Services = request.state.services
    form = await request.form()
    revision = _revision(form.get("revision"))
    version_text = form.get("published_version")
    expected_version = _revision(version_text) if version_text else None
    try:
        async with services.db.transaction() as tx:
            publication = await drafts.publish(
                tx,
                kind,
                code,
                expected_revision=revision,
                expected_version=expected_version,
                editor=editor(request, staff),
                now=services.clock.now(),
            )
    except drafts.PublishRefused as refused:
        return await render_review(
            request, kind, code, status_code=422, problems=editor_problems(kind, refused.catalog_problems)
        )
    except (drafts.StaleDraft, drafts.PublishedMeanwhile) as stale:
        notice = "stale" if isinstance(stale, drafts.StaleDraft) else "published_meanwhile"
        return await render_review(request, kind, code, status_code=409, notice=notice)
    if publication.changed:
        # This process shows the new version at once; other processes within catalog_refresh_seconds.
        await services.catalog.load()
    done = "published" if publication.changed else "unchanged"
    return RedirectResponse(
        edit_url(kind, code, done=done, version=str(publication.version)), status_code=303, headers=NO_STORE
    )
