"""事项管理: the catalog's items and bundles for the people who edit them.

    GET  /staff/catalog          items and bundles: search (name, code, pinyin), department,
                                 status, kind and "has a draft" filters, paged; open one
    POST /staff/catalog/new      start a new item or bundle (a draft; nothing is published yet)

Hall administrators only (Action.EDIT_CATALOG). The list reads the catalog snapshot (the
published versions) and the open drafts, so a new item's draft is listed before it is
ever published.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.staff.guard import require_staff
from kiosk.staff.templating import render_staff
from kiosk.staff.texts_catalog import CATALOG_UI
from kiosk.staff.views.catalog_edit import NO_STORE, edit_url
from kiosk.staff.views.catalog_support import CODE, EDITORS, editor
from shared.catalog import drafts
from shared.catalog.drafts import Draft, Kind
from shared.catalog.model import ITEM_TYPE_TEXT, Document, ItemType
from shared.catalog.snapshot import CatalogSnapshot
from shared.errors import FieldProblem
from shared.i18n import Text
from shared.services import Services

PER_PAGE = 40
KIND_FILTERS = ("all", "item", "bundle")
STATUS_FILTERS = ("all", "active", "retired")
DRAFT_FILTERS = ("all", "with", "without")


@dataclass(frozen=True, slots=True)
class Filters:
    q: str = ""
    kind: str = "all"
    department: str = ""
    status: str = "all"
    drafts: str = "all"
    page: int = 1

    def query(self, **change: object) -> str:
        values = {
            "q": self.q,
            "kind": self.kind,
            "department": self.department,
            "status": self.status,
            "drafts": self.drafts,
            "page": str(self.page),
        }
        values.update({key: str(value) for key, value in change.items()})
        return urlencode({key: value for key, value in values.items() if value and value != "all"})


@dataclass(frozen=True, slots=True)
class CatalogRow:
    kind: Kind
    code: str
    name: Text | None
    department: str | None
    version: int | None  # the published version; None: only a draft so far
    status: str
    draft: Draft | None


def _pick(value: str | None, allowed: tuple[str, ...]) -> str:
    return value if value in allowed else allowed[0]


def read_filters(request: Request, snapshot: CatalogSnapshot) -> Filters:
    query = request.query_params
    page = query.get("page", "1")
    department = query.get("department", "")
    return Filters(
        q=(query.get("q") or "").strip()[:60],
        kind=_pick(query.get("kind"), KIND_FILTERS),
        department=department if department in snapshot.departments else "",
        status=_pick(query.get("status"), STATUS_FILTERS),
        drafts=_pick(query.get("drafts"), DRAFT_FILTERS),
        page=int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1,
    )


def all_rows(snapshot: CatalogSnapshot, open_drafts: list[Draft]) -> list[CatalogRow]:
    """Items then bundles in catalog order; a draft's row shows the draft's name."""
    by_key = {(draft.kind, draft.code): draft for draft in open_drafts}
    rows: list[CatalogRow] = []
    for item in snapshot.items.values():
        draft = by_key.pop(("item", item.code), None)
        rows.append(CatalogRow("item", item.code, item.name, item.department, item.version, item.status, draft))
    for bundle in snapshot.bundles.values():
        draft = by_key.pop(("bundle", bundle.code), None)
        rows.append(CatalogRow("bundle", bundle.code, bundle.name, None, bundle.version, bundle.status, draft))
    # Drafts of items or bundles never published (or published after this snapshot was built).
    for draft in by_key.values():
        department = draft.document.get("department")
        status = draft.document.get("status", "active")
        rows.insert(
            0,
            CatalogRow(
                draft.kind,
                draft.code,
                drafts.document_name(draft.document),
                department if isinstance(department, str) else None,
                None,
                status if isinstance(status, str) else "active",
                draft,
            ),
        )
    return rows


def matching(rows: list[CatalogRow], snapshot: CatalogSnapshot, filters: Filters) -> list[CatalogRow]:
    found = rows
    if filters.q:
        needle = filters.q.casefold()
        items, bundles = snapshot.search(filters.q)
        hits = {("item", item.code) for item in items} | {("bundle", bundle.code) for bundle in bundles}
        found = [
            row
            for row in found
            if (row.kind, row.code) in hits
            or needle in row.code.casefold()
            or (row.name is not None and (needle in row.name.zh.casefold() or needle in (row.name.en or "").casefold()))
        ]
    if filters.kind != "all":
        found = [row for row in found if row.kind == filters.kind]
    if filters.department:
        found = [row for row in found if row.department == filters.department]
    if filters.status != "all":
        found = [row for row in found if row.status == filters.status]
    if filters.drafts != "all":
        found = [row for row in found if (row.draft is not None) == (filters.drafts == "with")]
    return found


async def render_list(
    request: Request,
    *,
    status_code: int = 200,
    new_problems: list[FieldProblem] | None = None,
    new_kind: str | None = None,
    new_values: dict[str, str] | None = None,
    notice: Text | None = None,
) -> Response:
    services: Services = request.state.services
    snapshot = await services.catalog.current()
    filters = read_filters(request, snapshot)
    open_drafts = await drafts.all_drafts(services.db)
    rows = matching(all_rows(snapshot, open_drafts), snapshot, filters)
    pages = max(1, -(-len(rows) // PER_PAGE))
    page = min(filters.page, pages)
    done = request.query_params.get("done")
    return render_staff(
        request,
        "catalog/list.html",
        {
            "t": CATALOG_UI,
            "filters": filters,
            "rows": rows[(page - 1) * PER_PAGE : page * PER_PAGE],
            "total": len(rows),
            "page": page,
            "pages": pages,
            "draft_count": len(open_drafts),
            "departments": list(snapshot.departments.values()),
            "item_types": ITEM_TYPE_TEXT,
            "items": list(snapshot.items.values()),
            "edit_url": edit_url,
            "new_problems": {problem.path: problem for problem in new_problems or []},
            "new_kind": new_kind,
            "new_values": new_values or {},
            "notice": notice,
            "done": done if done == "discarded" else None,
        },
        status_code=status_code,
    )


async def list_page(request: Request) -> Response:
    await require_staff(request, *EDITORS)
    return await render_list(request)


def _problem(path: str, key: str) -> FieldProblem:
    return FieldProblem(path, key, CATALOG_UI[key])


async def create(request: Request) -> Response:
    """Start a draft for a new item (code, name, department, type; optionally copying another
    item's content) or bundle (code, name). Nothing is published until someone publishes it."""
    staff = await require_staff(request, *EDITORS)
    services: Services = request.state.services
    form = await request.form()
    values = {key: value.strip() for key, value in form.items() if isinstance(value, str) and key != "csrf_token"}
    kind: Kind = "bundle" if values.get("kind") == "bundle" else "item"
    snapshot = await services.catalog.current()
    code, name = values.get("code", ""), values.get("name", "")
    problems = []
    if not CODE.match(code):
        problems.append(_problem("code", "new_code_invalid"))
    if not name:
        problems.append(_problem("name", "new_name_missing"))
    document: Document = {"code": code, "name": {"zh": name}}
    if kind == "item":
        copy_from = values.get("copy_from", "").split(" ", 1)[0]
        source = snapshot.items.get(copy_from) if copy_from else None
        if copy_from and source is None:
            problems.append(_problem("copy_from", "new_copy_unknown"))
        department, item_type = values.get("department", ""), values.get("type", "")
        if department not in snapshot.departments:
            problems.append(_problem("department", "new_department_missing"))
        if item_type not in {str(t) for t in ItemType}:
            problems.append(_problem("type", "new_type_missing"))
        if source is not None:
            published = await drafts.published(services.db, "item", source.code)
            if published is not None:
                document = {**copy.deepcopy(published.document), **document}
                document.pop("national_code", None)  # 实施编码 belongs to the item copied
        document.update({"type": item_type, "department": department})
    else:
        document["items"] = []
    if problems:
        return await render_list(request, status_code=422, new_problems=problems, new_kind=kind, new_values=values)
    try:
        async with services.db.transaction() as tx:
            await drafts.create(tx, kind, document, editor(request, staff), services.clock.now())
    except drafts.CodeTaken as taken:
        return await render_list(
            request,
            status_code=409,
            new_problems=[FieldProblem("code", taken.code, taken.message)],
            new_kind=kind,
            new_values=values,
        )
    return RedirectResponse(edit_url(kind, code, done="created"), status_code=303, headers=NO_STORE)
