"""All SQL of the work console (工作台): the applications in a staff member's scope with the
console's filters, and the searches a clerk posts (console_searches).

    console(services, scope, filters)          one page of rows, the counts per state, paging
    save_search(services, staff, term, scope)  store what a posted search found; its token
    load_search(services, staff, token)        the stored search, for this staff member only
    in_scope_sql(scope)                        the scope as SQL (lead or reviewing department)

Rows are read light (no sealed column is opened: the applicant is shown by the masked forms
kept beside the sealed ones), the running clock is computed for the applications that run
(one read of their events, `timekeeping.status_from` for each), then filtered, sorted and
cut into pages in Python: the deadline rules are the timekeeping module's, not a second
copy in SQL.

A search by person never takes the typed number anywhere but here: an ID number or a phone
number becomes its lookup hash (`PiiVault.lookup_hash`, the same keyed hash the citizens
table is searched by); a name is compared with the sealed names of the people who have an
application in the searcher's scope only, so a name search cannot find anyone elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from shared.applications import console, repository, timekeeping
from shared.applications.console import Deadline, Paging, SearchKind, SearchTerm, SortOrder
from shared.applications.states import RUNNING, State
from shared.applications.timekeeping import NO_CLOCK, TimeStatus
from shared.calendar import store as calendar_store
from shared.db import Row
from shared.identity.citizens import NAME_COLUMN
from shared.privacy.masking import mask_name
from shared.privacy.vault import new_token, token_hash
from shared.staff.accounts import StaffPrincipal

if TYPE_CHECKING:
    from shared.services import Services

SEARCH_SECONDS = 30 * 60
CLOCK_STATES = frozenset(RUNNING | {State.RETURNED})
_CHUNK = 500


def in_scope_sql(scope: Sequence[str] | None, column: str = "a") -> tuple[str, list[Any]]:
    """`scope` None is the whole hall; else what these departments lead or have a review task on."""
    if scope is None:
        return "1 = 1", []
    marks = ", ".join("?" for _ in scope) or "NULL"
    reviewed = f"SELECT application_id FROM review_tasks WHERE department IN ({marks})"
    return f"({column}.department IN ({marks}) OR {column}.id IN ({reviewed}))", [*scope, *scope]


@dataclass(frozen=True, slots=True)
class StoredSearch:
    kind: SearchKind
    label: str  # masked
    lookup: bytes | None = field(default=None, repr=False)  # id_number / phone: the keyed hash
    citizen_ids: tuple[str, ...] = ()  # name: the people found in scope
    number: str | None = None  # number / number_end

    @property
    def by_person(self) -> bool:
        return self.kind in console.PERSON_KINDS


@dataclass(frozen=True, slots=True)
class Filters:
    state: State | None = None
    department: str | None = None
    deadline: Deadline = "all"
    within: int = console.DEFAULT_WITHIN
    sort: SortOrder = "urgency"
    page: int = 1
    search: StoredSearch | None = None
    per_page: int = console.PER_PAGE


@dataclass(frozen=True, slots=True)
class Candidate:
    """One application as the console lists it (light: nothing sealed is opened)."""

    id: str
    number: str
    department: str | None
    state: State
    item_code: str | None
    item_version: int | None
    submitted_ts: float | None
    submitted_at: str | None
    applicant_name: str  # masked
    applicant_id: str  # masked


@dataclass(frozen=True, slots=True)
class ConsoleRow:
    app: Candidate
    time: TimeStatus


@dataclass(frozen=True, slots=True)
class ConsolePage:
    rows: list[ConsoleRow]
    counts: dict[str, int]  # per state value, and "all": what each tab would hold
    paging: Paging


def _candidate(row: Row) -> Candidate:
    return Candidate(
        id=str(row["id"]),
        number=str(row["number"]),
        department=row["department"],
        state=State(row["state"]),
        item_code=row["item_code"],
        item_version=row["item_version"],
        submitted_ts=row["submitted_ts"],
        submitted_at=row["submitted_at"],
        applicant_name=str(row["name_masked"] or "—"),
        applicant_id=str(row["id_number_masked"] or ""),
    )


def _search_sql(search: StoredSearch | None) -> tuple[str, list[Any]]:
    if search is None:
        return "1 = 1", []
    if search.kind == "id_number":
        return "c.id_number_hash = ?", [search.lookup]
    if search.kind == "phone":
        return "c.phone_hash = ?", [search.lookup]
    if search.kind == "name":
        if not search.citizen_ids:
            return "0 = 1", []
        return f"a.citizen_id IN ({', '.join('?' for _ in search.citizen_ids)})", list(search.citizen_ids)
    if search.kind == "number":
        return "a.number = ?", [search.number]
    # The last digits of a number, or of a bundle child's parent part ("...000427-2").
    return "(a.number LIKE ? OR a.number LIKE ?)", [f"%{search.number}", f"%{search.number}-%"]


async def candidates(
    services: Services, scope: Sequence[str] | None, department: str | None, search: StoredSearch | None
) -> list[Candidate]:
    """Submitted item applications (never drafts, never bundle parents) in scope, with the
    department filter (that department leads or reviews them) and the search."""
    scope_sql, params = in_scope_sql(scope)
    department_sql, department_params = in_scope_sql([department] if department is not None else None)
    search_sql, search_params = _search_sql(search)
    rows = await services.db.fetch_all(
        "SELECT a.id, a.number, a.department, a.state, a.item_code, a.item_version, a.submitted_ts, a.submitted_at,"
        " c.name_masked, c.id_number_masked FROM applications a LEFT JOIN citizens c ON c.id = a.citizen_id"
        " WHERE a.kind = 'item' AND a.state != 'draft' AND a.discarded_at IS NULL"
        f" AND {scope_sql} AND {department_sql} AND {search_sql}",
        [*params, *department_params, *search_params],
    )
    return [_candidate(row) for row in rows]


async def time_statuses(services: Services, apps: Sequence[Candidate]) -> dict[str, TimeStatus]:
    """The running clock of each application that has one now (running or waiting for a
    correction), by the timekeeping module's pure rules; others are left out (no clock)."""
    clocked = [app for app in apps if app.state in CLOCK_STATES]
    if not clocked:
        return {}
    calendar = await calendar_store.current(services.db)
    today = services.clock.today()
    warn_share = services.settings.warn_share
    events: dict[str, list[Any]] = {}
    ids = [app.id for app in clocked]
    for start in range(0, len(ids), _CHUNK):
        for event in await repository.events_for(services.db, ids[start : start + _CHUNK]):
            events.setdefault(event.application_id, []).append(event)
    limits: dict[tuple[str, int], tuple[int | None, int | None]] = {}
    statuses: dict[str, TimeStatus] = {}
    for app in clocked:
        if app.item_code is None or app.item_version is None:
            continue
        key = (app.item_code, app.item_version)
        if key not in limits:
            item = await services.catalog.item_version(*key)
            limits[key] = (item.promised_days, item.legal_days) if item is not None else (None, None)
        promised, legal = limits[key]
        if promised is None and legal is None:
            continue
        statuses[app.id] = timekeeping.status_from(calendar, events.get(app.id, []), promised, legal, warn_share, today)
    return statuses


async def console_page(services: Services, scope: Sequence[str] | None, filters: Filters) -> ConsolePage:
    """One page of the console: filtered, counted per state, sorted, cut."""
    found = await candidates(services, scope, filters.department, filters.search)
    statuses = await time_statuses(services, found)

    def status(app: Candidate) -> TimeStatus:
        return statuses.get(app.id, NO_CLOCK)

    kept = [app for app in found if console.matches_deadline(status(app), filters.deadline, filters.within)]
    counts: dict[str, int] = {"all": len(kept)}
    for app in kept:
        counts[app.state.value] = counts.get(app.state.value, 0) + 1
    shown = [app for app in kept if filters.state is None or app.state == filters.state]
    # Newest first is oldest first backwards (ties by number too), so the two orders mirror each other.
    newest = filters.sort == "newest"
    order = "oldest" if newest else filters.sort
    shown.sort(
        key=lambda app: (*console.sort_key(order, app.state, status(app), app.submitted_ts), app.number),
        reverse=newest,
    )
    pages = console.paging(len(shown), filters.page, filters.per_page)
    rows = [ConsoleRow(app, status(app)) for app in shown[pages.start : pages.start + pages.per_page]]
    return ConsolePage(rows=rows, counts=counts, paging=pages)


# --- searches posted by staff ----------------------------------------------------------------------


async def _names_in_scope(services: Services, scope: Sequence[str] | None, name: str) -> tuple[str, ...]:
    """The people with an application in scope whose full name is `name` (the masked form
    narrows the sealed names to open)."""
    scope_sql, params = in_scope_sql(scope)
    rows = await services.db.fetch_all(
        "SELECT DISTINCT c.id, c.name_sealed FROM applications a JOIN citizens c ON c.id = a.citizen_id"
        " WHERE a.kind = 'item' AND a.state != 'draft' AND a.discarded_at IS NULL AND c.name_sealed IS NOT NULL"
        f" AND c.name_masked = ? AND {scope_sql}",
        [mask_name(name), *params],
    )
    return tuple(
        sorted(str(row["id"]) for row in rows if services.vault.open(bytes(row["name_sealed"]), NAME_COLUMN) == name)
    )


async def resolve(services: Services, term: SearchTerm, scope: Sequence[str] | None) -> StoredSearch:
    """What a typed search stands for, without keeping what was typed."""
    if term.kind in ("id_number", "phone"):
        return StoredSearch(term.kind, term.label, lookup=services.vault.lookup_hash(term.value, term.kind))
    if term.kind == "name":
        return StoredSearch("name", term.label, citizen_ids=await _names_in_scope(services, scope, term.value))
    return StoredSearch(term.kind, term.label, number=term.value)


async def people_found(services: Services, stored: StoredSearch, scope: Sequence[str] | None) -> tuple[str, ...]:
    """The citizens a search by person (ID number, phone, name) found in scope: each is told,
    in their access list, that staff looked them up (`kiosk.staff.access_seen`)."""
    if not stored.by_person:
        return ()
    scope_sql, params = in_scope_sql(scope)
    search_sql, search_params = _search_sql(stored)
    rows = await services.db.fetch_all(
        "SELECT DISTINCT a.citizen_id FROM applications a LEFT JOIN citizens c ON c.id = a.citizen_id"
        f" WHERE a.kind = 'item' AND a.state != 'draft' AND a.discarded_at IS NULL AND {scope_sql} AND {search_sql}",
        [*params, *search_params],
    )
    return tuple(sorted(str(row["citizen_id"]) for row in rows))


async def save_search(
    services: Services, staff: StaffPrincipal, term: SearchTerm, scope: Sequence[str] | None
) -> tuple[str, StoredSearch]:
    """Keep a posted search for SEARCH_SECONDS under a random token; the token and what it holds."""
    stored = await resolve(services, term, scope)
    token = new_token()
    now = services.clock.now()
    async with services.db.transaction() as tx:
        await tx.execute("DELETE FROM console_searches WHERE expires_ts < ?", (now,))
        await tx.execute(
            "INSERT INTO console_searches (token_hash, account_id, kind, label, lookup, citizen_ids, number,"
            " created_ts, expires_ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                token_hash(token),
                staff.account_id,
                stored.kind,
                stored.label,
                stored.lookup,
                json.dumps(list(stored.citizen_ids)) if stored.kind == "name" else None,
                stored.number,
                now,
                now + SEARCH_SECONDS,
            ),
        )
    return token, stored


async def load_search(services: Services, staff: StaffPrincipal, token: str | None) -> StoredSearch | None:
    """The search behind a console URL's token: this staff member's own and not expired, else None."""
    if not token or len(token) > 100:
        return None
    row = await services.db.fetch_one(
        "SELECT kind, label, lookup, citizen_ids, number FROM console_searches"
        " WHERE token_hash = ? AND account_id = ? AND expires_ts >= ?",
        (token_hash(token), staff.account_id, services.clock.now()),
    )
    if row is None:
        return None
    ids = json.loads(row["citizen_ids"]) if row["citizen_ids"] else []
    return StoredSearch(
        kind=row["kind"],
        label=str(row["label"]),
        lookup=bytes(row["lookup"]) if row["lookup"] is not None else None,
        citizen_ids=tuple(str(value) for value in ids),
        number=row["number"],
    )
