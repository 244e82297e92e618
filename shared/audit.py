"""The audit trail (审计日志): who did what, when, where, to what, and with what result.

GB/T 22239-2019 level 3 asks for audit records with date and time, user, event type and
outcome, protected against deletion and alteration; ASVS 16.2.1 adds "where". Each entry
is written inside the transaction of the action it records, so an action and its entry
commit together; failed attempts (a wrong password) are recorded in a transaction of
their own.

Entries are append-only (triggers refuse UPDATE and DELETE) and hash-chained: each
entry's hash covers the previous hash and the entry's content, so `verify_chain` names
the first entry that was changed, removed or inserted out of turn.

Entries hold no whole ID or phone number: actors are shown masked, and `detail` is run
through `redact` as a last line of defence.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from shared.clock import iso
from shared.db import Database, Row, Transaction
from shared.privacy.masking import redact

ActorKind = Literal["citizen", "staff", "kiosk", "system", "anonymous"]
WhereKind = Literal["kiosk", "address", "system"]
Result = Literal["ok", "failed", "refused"]
# JSON values: scalars, and the lists and objects a change's difference needs
# (`shared.diffing.for_audit`).
DetailValue = str | int | float | bool | None | list["DetailValue"] | dict[str, "DetailValue"]

GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class Actor:
    kind: ActorKind
    id: str
    label: str

    @classmethod
    def system(cls, name: str = "onevisit") -> Actor:
        return cls("system", name, name)

    @classmethod
    def anonymous(cls, label: str = "anonymous") -> Actor:
        return cls("anonymous", "", label)


@dataclass(frozen=True, slots=True)
class Where:
    kind: WhereKind
    value: str

    @classmethod
    def kiosk(cls, device_id: str) -> Where:
        return cls("kiosk", device_id)

    @classmethod
    def address(cls, address: str | None) -> Where:
        return cls("address", address or "unknown")

    @classmethod
    def system(cls) -> Where:
        return cls("system", "")


@dataclass(frozen=True, slots=True)
class AuditEvent:
    actor: Actor
    where: Where
    action: str
    result: Result
    target: str = ""
    detail: Mapping[str, DetailValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    actor_kind: str
    actor_id: str
    actor_label: str
    where_kind: str
    where_value: str
    action: str
    target: str
    result: str
    detail: dict[str, DetailValue]
    prev_hash: str
    hash: str


def _content(at: str, event_fields: tuple[str, str, str, str, str, str, str, str, str], prev_hash: str) -> bytes:
    return json.dumps([prev_hash, at, *event_fields], ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(prev_hash: str, at: str, fields: tuple[str, str, str, str, str, str, str, str, str]) -> str:
    return hashlib.sha256(_content(at, fields, prev_hash)).hexdigest()


def _fields(event: AuditEvent) -> tuple[str, str, str, str, str, str, str, str, str]:
    detail = redact(json.dumps(dict(event.detail), ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    return (
        event.actor.kind,
        event.actor.id,
        redact(event.actor.label),
        event.where.kind,
        event.where.value,
        event.action,
        redact(event.target),
        event.result,
        detail,
    )


async def record(tx: Transaction, event: AuditEvent, now: float) -> None:
    """Append one entry inside the caller's transaction (the writer lock orders the chain).

    Queued with the transaction's other writes: the previous hash is read when the entry
    is written, on the connection's thread, so entries queued together (or written by
    another process, such as the command line) still chain in the order they are stored."""
    at = iso(now)
    fields = _fields(event)

    def append(conn: sqlite3.Connection) -> None:
        last = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        prev_hash = str(last[0]) if last is not None else GENESIS_HASH
        conn.execute(
            "INSERT INTO audit_log (at, actor_kind, actor_id, actor_label, where_kind, where_value, action, target,"
            " result, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (at, *fields, prev_hash, entry_hash(prev_hash, at, fields)),
        ).close()

    tx.write_with(append)


async def record_alone(db: Database, event: AuditEvent, now: float) -> None:
    """Append one entry in its own transaction (failed attempts, which change nothing else)."""
    async with db.transaction() as tx:
        await record(tx, event, now)


def _entry(row: Row) -> AuditEntry:
    return AuditEntry(
        id=int(row["id"]),
        at=str(row["at"]),
        actor_kind=str(row["actor_kind"]),
        actor_id=str(row["actor_id"]),
        actor_label=str(row["actor_label"]),
        where_kind=str(row["where_kind"]),
        where_value=str(row["where_value"]),
        action=str(row["action"]),
        target=str(row["target"]),
        result=str(row["result"]),
        detail=json.loads(row["detail"]),
        prev_hash=str(row["prev_hash"]),
        hash=str(row["hash"]),
    )


async def recent(
    db: Database,
    *,
    limit: int = 100,
    action: str | None = None,
    actor_id: str | None = None,
    target: str | None = None,
) -> list[AuditEntry]:
    """The newest entries first, optionally for one action, one actor or one target."""
    clauses, params = [], []
    if action is not None:
        clauses.append("action = ?")
        params.append(action)
    if target is not None:
        clauses.append("target = ?")
        params.append(target)
    if actor_id is not None:
        clauses.append("actor_id = ?")
        params.append(actor_id)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = await db.fetch_all(f"SELECT * FROM audit_log {where} ORDER BY id DESC LIMIT ?", (*params, limit))
    return [_entry(row) for row in rows]


async def verify_chain(db: Database, batch: int = 5000) -> int | None:
    """The id of the first entry whose hash or link is wrong, or None when the chain holds."""
    prev_hash = GENESIS_HASH
    last_id = 0
    while True:
        rows = await db.fetch_all("SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT ?", (last_id, batch))
        if not rows:
            return None
        for row in rows:
            fields = (
                str(row["actor_kind"]),
                str(row["actor_id"]),
                str(row["actor_label"]),
                str(row["where_kind"]),
                str(row["where_value"]),
                str(row["action"]),
                str(row["target"]),
                str(row["result"]),
                str(row["detail"]),
            )
            expected = entry_hash(prev_hash, str(row["at"]), fields)
            if row["prev_hash"] != prev_hash or row["hash"] != expected:
                return int(row["id"])
            prev_hash = expected
            last_id = int(row["id"])
