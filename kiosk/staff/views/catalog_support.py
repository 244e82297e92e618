"""What the catalog editor's pages share: who may use them, which document a URL names, the editor."""

from __future__ import annotations

import re

from starlette.requests import Request

from kiosk.staff.guard import client_address
from shared.audit import Where
from shared.catalog.drafts import KINDS, Editor, Kind
from shared.errors import NotFound
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Action, Role, can

# 事项管理 is the hall administrator's (Action.EDIT_CATALOG); every other role gets 403.
EDITORS = tuple(role for role in Role if can(role, Action.EDIT_CATALOG))
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")  # catalog.schema.json $defs.code


def target(request: Request) -> tuple[Kind, str]:
    """The (kind, code) a /staff/catalog/{kind}/{code} URL names; 404 for anything else."""
    kind = request.path_params["kind"]
    code = request.path_params["code"]
    if kind not in KINDS or not CODE.match(code):
        raise NotFound()
    found: Kind = "item" if kind == "item" else "bundle"
    return found, code


def editor(request: Request, staff: StaffPrincipal) -> Editor:
    return Editor(staff.account_id, staff.actor(), Where.address(client_address(request)))


def anchor_id(path: str) -> str:
    """An element id for a document path (`materials[2].name` → `p-materials-2-name`)."""
    return "p-" + (re.sub(r"[^A-Za-z0-9_]+", "-", path).strip("-") or "top")
