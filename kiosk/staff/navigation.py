"""The staff pages a role may open: one list for the home page and the top navigation."""

from __future__ import annotations

from dataclasses import dataclass

from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Action, can


@dataclass(frozen=True, slots=True)
class Link:
    route: str
    label: str  # a key of STAFF_UI
    hint: str
    icon: str


# Each staff page with the permission it needs; later issues add theirs here.
LINKS: tuple[tuple[Action, Link], ...] = (
    (Action.MANAGE_ACCOUNTS, Link("staff_accounts", "accounts_link", "accounts_link_hint", "family")),
    (Action.VIEW_AUDIT, Link("staff_audit", "audit_link", "audit_link_hint", "file-check")),
)


def links_for(principal: StaffPrincipal | None) -> list[Link]:
    if principal is None:
        return []
    return [link for action, link in LINKS if can(principal.role, action)]
