"""All SQL of the applications aggregate: applications, their events, review tasks and the
daily number counter. (Trips, certificates and result documents are aggregates of their
own, each with its SQL in `trips.py`, `certificates.py` and `results.py`.)

Plain SQL with `?` parameters, as everywhere (shared/db.py). Answers and the delivery
address are sealed with the vault before they reach a row and opened when read; every
read skips discarded drafts, so a discarded draft is "not found" everywhere.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import orjson

from shared.applications.model import Application, CorrectionItem, Event, EventActor, ReviewTask
from shared.applications.states import State
from shared.clock import iso
from shared.db import Database, Query, Row, Transaction, fetch
from shared.errors import Conflict
from shared.i18n import Text
from shared.privacy.vault import PiiVault

Reader = Database | Transaction

ANSWERS_COLUMN = "applications.answers"
ADDRESS_COLUMN = "applications.delivery_address"

_COLUMNS = (
    "id, number, parent_id, position, citizen_id, kind, item_code, item_version, bundle_code, bundle_version,"
    " department, state, answers_sealed, sources, delivery_method, delivery_address_sealed, started_channel,"
    " submitted_channel, returns, return_overrides, correction, revision, created_at, updated_at, submitted_at,"
    " accepted_at, decided_at, delivered_at, created_ts, submitted_ts"
)
_SELECT = f"SELECT {_COLUMNS} FROM applications"
_LIVE = "discarded_at IS NULL"


class StaleRevision(Conflict):
    """409: someone changed the application since the caller read it (If-Match, ETag)."""

    code = "stale_revision"
    default_message = Text(
        "申请已在别处更新，请刷新后再试。", "The application was changed elsewhere; refresh and try again."
    )


def new_id() -> str:
    """An opaque id safe in URLs: "a_" + 22 url-safe characters (128 random bits)."""
    return "a_" + secrets.token_urlsafe(16)


def _dump(value: Any) -> str:
    # orjson writes the same text as json.dumps(ensure_ascii=False, sort_keys=True, compact)
    # in a tenth of the time, and every save writes two or three of these. It refuses an
    # integer beyond 64 bits (raising TypeError), which json.dumps still writes.
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _application(row: Row, vault: PiiVault, children: tuple[Application, ...] = ()) -> Application:
    # By position, in _COLUMNS' order: sqlite3.Row finds a column by name with a linear,
    # case-insensitive scan, which for thirty columns cost more than all the rest of this
    # function (21 µs against 6 µs, measured on the submission path).
    (
        id_,
        number,
        parent_id,
        position,
        citizen_id,
        kind,
        item_code,
        item_version,
        bundle_code,
        bundle_version,
        department,
        state,
        answers_sealed,
        sources,
        delivery_method,
        address,
        started_channel,
        submitted_channel,
        returns,
        return_overrides,
        correction,
        revision,
        created_at,
        updated_at,
        submitted_at,
        accepted_at,
        decided_at,
        delivered_at,
        created_ts,
        submitted_ts,
    ) = row
    return Application(
        id=str(id_),
        number=number,
        parent_id=parent_id,
        position=position,
        citizen_id=str(citizen_id),
        kind="bundle" if kind == "bundle" else "item",
        item_code=item_code,
        item_version=item_version,
        bundle_code=bundle_code,
        bundle_version=bundle_version,
        department=department,
        state=State(state),
        answers=json.loads(vault.open(bytes(answers_sealed), ANSWERS_COLUMN)),
        sources=json.loads(sources),
        delivery_method=delivery_method,
        delivery_address=vault.open(bytes(address), ADDRESS_COLUMN) if address is not None else None,
        started_channel=str(started_channel),
        submitted_channel=submitted_channel,
        returns=int(returns),
        return_overrides=int(return_overrides),
        correction=tuple(CorrectionItem.from_dict(c) for c in json.loads(correction)) if correction else (),
        revision=int(revision),
        created_at=str(created_at),
        updated_at=str(updated_at),
        submitted_at=submitted_at,
        accepted_at=accepted_at,
        decided_at=decided_at,
        delivered_at=delivered_at,
        children=children,
        created_ts=float(created_ts),
        submitted_ts=submitted_ts,
    )


def _lookup(where: str, key: str, order: str = "") -> Query[list[Row]]:
    # Rows, not Applications: opening the sealed columns needs the vault (done by the caller).
    # `where` names an indexed column, so this is a lookup (shared/db.py, Query).
    return Query(f"{_SELECT} WHERE {where} AND {_LIVE}{order}", (key,), list)


async def _first(db: Reader, vault: PiiVault, rows: list[Row]) -> Application | None:
    return await _with_children(db, vault, rows[0]) if rows else None


async def _with_children(db: Reader, vault: PiiVault, row: Row) -> Application:
    if row["kind"] != "bundle":
        return _application(row, vault)
    return _application(row, vault, await children_of(db, vault, str(row["id"])))


async def children_of(db: Reader, vault: PiiVault, parent_id: str) -> tuple[Application, ...]:
    rows = await fetch(db, _lookup("parent_id = ?", parent_id, " ORDER BY position"))
    return tuple(_application(row, vault) for row in rows)


async def load(db: Reader, vault: PiiVault, application_id: str) -> Application | None:
    """One application by id (a bundle parent with its children), or None."""
    return await _first(db, vault, await fetch(db, _lookup("id = ?", application_id)))


async def load_by_number(db: Reader, vault: PiiVault, number: str) -> Application | None:
    return await _first(db, vault, await fetch(db, _lookup("number = ?", number)))


async def load_ref(db: Reader, vault: PiiVault, ref: str) -> Application | None:
    """By opaque id ("a_...") or by number."""
    if ref.startswith("a_"):
        return await load(db, vault, ref)
    return await load_by_number(db, vault, ref)


async def list_for_citizen(db: Reader, vault: PiiVault, citizen_id: str, limit: int) -> list[Application]:
    """A citizen's applications, newest first; bundle children appear inside their parent only."""
    rows = await db.fetch_all(
        f"{_SELECT} WHERE citizen_id = ? AND parent_id IS NULL AND {_LIVE} ORDER BY created_ts DESC, id LIMIT ?",
        (citizen_id, limit),
    )
    return [await _with_children(db, vault, row) for row in rows]


async def list_for_departments(
    db: Reader, vault: PiiVault, departments: Sequence[str] | None, state: State | None, limit: int
) -> list[Application]:
    """Submitted item applications (never drafts, never bundle parents), oldest submission first.

    `departments` None means the whole hall; otherwise the applications these departments
    lead or have a review task on.
    """
    where = ["kind = 'item'", "state != 'draft'", _LIVE]
    params: list[Any] = []
    if departments is not None:
        marks = ", ".join("?" for _ in departments) or "NULL"
        reviewed = f"SELECT application_id FROM review_tasks WHERE department IN ({marks})"
        where.append(f"(department IN ({marks}) OR id IN ({reviewed}))")
        params.extend(departments)
        params.extend(departments)
    if state is not None:
        where.append("state = ?")
        params.append(state.value)
    params.append(limit)
    rows = await db.fetch_all(
        f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY submitted_ts, number, id LIMIT ?",
        params,
    )
    return [_application(row, vault) for row in rows]


# --- writes (inside Database.transaction()) ----------------------------------------------


async def insert(tx: Transaction, vault: PiiVault, app: Application, now: float) -> None:
    await tx.execute(
        f"INSERT INTO applications ({_COLUMNS}) VALUES ({', '.join('?' for _ in _COLUMNS.split(','))})",
        (
            app.id,
            app.number,
            app.parent_id,
            app.position,
            app.citizen_id,
            app.kind,
            app.item_code,
            app.item_version,
            app.bundle_code,
            app.bundle_version,
            app.department,
            app.state.value,
            vault.seal(_dump(app.answers), ANSWERS_COLUMN),
            _dump(app.sources),
            app.delivery_method,
            vault.seal(app.delivery_address, ADDRESS_COLUMN) if app.delivery_address is not None else None,
            app.started_channel,
            app.submitted_channel,
            app.returns,
            app.return_overrides,
            _dump([c.as_dict() for c in app.correction]) if app.correction else None,
            app.revision,
            iso(now),
            iso(now),
            app.submitted_at,
            app.accepted_at,
            app.decided_at,
            app.delivered_at,
            now,
            app.submitted_ts,
        ),
    )


async def save(tx: Transaction, vault: PiiVault, app: Application, now: float) -> Application:
    """Write every mutable column of `app`, whose revision is the one read; bump it.

    The `revision = ?` condition makes a lost update impossible: if another writer got
    there first, nothing is written and StaleRevision (409) is raised.
    """
    stamp = iso(now)
    # Queued with the block's other writes: a refusal raises StaleRevision when they run,
    # before the block ends, and rolls the whole block back.
    tx.write(
        "UPDATE applications SET number = ?, state = ?, answers_sealed = ?, sources = ?, delivery_method = ?,"
        " delivery_address_sealed = ?, submitted_channel = ?, returns = ?, return_overrides = ?, correction = ?,"
        " revision = revision + 1, updated_at = ?, submitted_at = ?, accepted_at = ?, decided_at = ?,"
        f" delivered_at = ?, submitted_ts = ? WHERE id = ? AND revision = ? AND {_LIVE}",
        (
            app.number,
            app.state.value,
            vault.seal(_dump(app.answers), ANSWERS_COLUMN),
            _dump(app.sources),
            app.delivery_method,
            vault.seal(app.delivery_address, ADDRESS_COLUMN) if app.delivery_address is not None else None,
            app.submitted_channel,
            app.returns,
            app.return_overrides,
            _dump([c.as_dict() for c in app.correction]) if app.correction else None,
            stamp,
            app.submitted_at,
            app.accepted_at,
            app.decided_at,
            app.delivered_at,
            app.submitted_ts,
            app.id,
            app.revision,
        ),
        expect=1,
        otherwise=StaleRevision,
    )
    return replace(app, revision=app.revision + 1, updated_at=stamp)


async def mark_discarded(tx: Transaction, vault: PiiVault, app: Application, now: float) -> None:
    """Keep a tombstone (its events are append-only) and wipe what the citizen entered."""
    changed = await tx.execute(
        "UPDATE applications SET answers_sealed = ?, sources = '{}', delivery_method = NULL,"
        " delivery_address_sealed = NULL, discarded_at = ?, updated_at = ?, revision = revision + 1"
        f" WHERE id = ? AND revision = ? AND {_LIVE}",
        (vault.seal("{}", ANSWERS_COLUMN), iso(now), iso(now), app.id, app.revision),
    )
    if changed != 1:
        raise StaleRevision()


async def next_sequence(tx: Transaction, day: str) -> int:
    """Advance the day's counter inside the submitting transaction and return the new value."""
    row = await tx.fetch_one(
        "INSERT INTO application_counters (day, last) VALUES (?, 1)"
        " ON CONFLICT (day) DO UPDATE SET last = application_counters.last + 1 RETURNING last",
        (day,),
    )
    assert row is not None
    return int(row["last"])


# --- events ------------------------------------------------------------------------------


async def append_event(
    tx: Transaction,
    application_id: str,
    actor: EventActor,
    act: str,
    from_state: State | None,
    to_state: State | None,
    detail: dict[str, Any],
    now: float,
) -> None:
    tx.write(
        "INSERT INTO application_events (application_id, at, ts, actor_kind, actor_id, actor_label, actor_role,"
        " department, act, from_state, to_state, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            application_id,
            iso(now),
            now,
            actor.kind,
            actor.id,
            actor.label,
            actor.role,
            actor.department,
            act,
            from_state.value if from_state else None,
            to_state.value if to_state else None,
            _dump(detail),
        ),
    )


def _event(row: Row) -> Event:
    return Event(
        id=int(row["id"]),
        application_id=str(row["application_id"]),
        at=str(row["at"]),
        actor_kind=str(row["actor_kind"]),
        actor_label=str(row["actor_label"]),
        actor_role=row["actor_role"],
        department=row["department"],
        act=str(row["act"]),
        from_state=State(row["from_state"]) if row["from_state"] else None,
        to_state=State(row["to_state"]) if row["to_state"] else None,
        detail=json.loads(row["detail"]),
    )


async def events_for(db: Reader, application_ids: Iterable[str]) -> list[Event]:
    """The events of these applications, oldest first (insertion order breaks ties in time)."""
    ids = list(application_ids)
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    rows = await db.fetch_all(
        "SELECT id, application_id, at, actor_kind, actor_label, actor_role, department, act, from_state,"
        f" to_state, detail FROM application_events WHERE application_id IN ({marks}) ORDER BY ts, id",
        ids,
    )
    return [_event(row) for row in rows]


# --- review tasks (并联审批) ------------------------------------------------------------------


async def create_review_tasks(
    tx: Transaction, application_id: str, departments: Sequence[tuple[str, bool]], now: float
) -> None:
    await tx.executemany(
        "INSERT INTO review_tasks (application_id, department, lead, created_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (application_id, department) DO NOTHING",
        [(application_id, department, int(lead), iso(now)) for department, lead in departments],
    )


def _task(row: Row) -> ReviewTask:
    return ReviewTask(
        application_id=str(row["application_id"]),
        department=str(row["department"]),
        lead=bool(row["lead"]),
        opinion=row["opinion"],
        comment=row["comment"],
        reviewer_label=row["reviewer_label"],
        at=row["at"],
    )


async def review_tasks(db: Reader, application_id: str) -> list[ReviewTask]:
    """The lead department's task first, then the co-handling departments in order."""
    rows = await db.fetch_all(
        "SELECT application_id, department, lead, opinion, comment, reviewer_label, at FROM review_tasks"
        " WHERE application_id = ? ORDER BY lead DESC, department",
        (application_id,),
    )
    return [_task(row) for row in rows]


async def has_review_task(db: Reader, application_id: str, department: str | None) -> bool:
    if department is None:
        return False
    row = await db.fetch_one(
        "SELECT 1 FROM review_tasks WHERE application_id = ? AND department = ?", (application_id, department)
    )
    return row is not None


async def set_opinion(
    tx: Transaction,
    application_id: str,
    department: str,
    opinion: str,
    comment: str,
    reviewer_id: str,
    reviewer_label: str,
    now: float,
) -> bool:
    """Record a department's opinion once; False when it was already given (or there is no task)."""
    changed = await tx.execute(
        "UPDATE review_tasks SET opinion = ?, comment = ?, reviewer_id = ?, reviewer_label = ?, at = ?"
        " WHERE application_id = ? AND department = ? AND opinion IS NULL",
        (opinion, comment, reviewer_id, reviewer_label, iso(now), application_id, department),
    )
    return changed == 1
