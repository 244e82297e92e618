"""The audit trail: append-only, hash-chained, masked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from shared import audit
from shared.audit import Actor, AuditEvent, Where
from shared.db import Database
from shared.privacy.masking import contains_personal_number
from tests.pii import ID_ZHANG, PHONE_ZHANG


@pytest.fixture
async def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "audit.sqlite3", readers=1)
    await database.open()
    yield database  # type: ignore[misc]
    await database.close()


def event(action: str, result: audit.Result = "ok", **detail: str) -> AuditEvent:
    return AuditEvent(
        actor=Actor("staff", "s-1", "clerk01 (window clerk)"),
        where=Where.address("10.0.0.8"),
        action=action,
        result=result,
        target="application:A-1",
        detail=detail,
    )


async def test_entries_chain_and_verify(db: Database) -> None:
    for number in range(5):
        await audit.record_alone(db, event(f"test.action{number}"), now=1_700_000_000.0 + number)
    assert await audit.verify_chain(db) is None
    entries = await audit.recent(db, limit=10)
    assert [entry.action for entry in entries] == [f"test.action{n}" for n in reversed(range(5))]
    assert entries[-1].prev_hash == audit.GENESIS_HASH
    assert entries[0].prev_hash == entries[1].hash
    assert entries[0].at.endswith("+00:00")


async def test_update_and_delete_are_refused(db: Database) -> None:
    await audit.record_alone(db, event("staff.sign_in"), now=1_700_000_000.0)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        async with db.transaction() as tx:
            await tx.execute("UPDATE audit_log SET result = 'failed'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        async with db.transaction() as tx:
            await tx.execute("DELETE FROM audit_log")
    assert len(await audit.recent(db)) == 1


@pytest.mark.parametrize("tamper", ["alter", "delete", "insert"])
async def test_tampering_behind_the_triggers_is_detected(db: Database, tamper: str) -> None:
    for number in range(4):
        await audit.record_alone(db, event(f"test.action{number}"), now=1_700_000_000.0 + number)
    async with db.transaction() as tx:
        await tx.execute("DROP TRIGGER audit_log_no_update")
        await tx.execute("DROP TRIGGER audit_log_no_delete")
        if tamper == "alter":
            await tx.execute("UPDATE audit_log SET result = 'failed' WHERE id = 3")
        elif tamper == "delete":
            await tx.execute("DELETE FROM audit_log WHERE id = 2")
        else:
            await tx.execute(
                "INSERT INTO audit_log (id, at, actor_kind, actor_id, actor_label, where_kind, where_value, action,"
                " target, result, detail, prev_hash, hash) SELECT 99, at, actor_kind, actor_id, actor_label,"
                " where_kind, where_value, 'forged', target, result, detail, hash, 'x' FROM audit_log WHERE id = 4"
            )
    assert await audit.verify_chain(db) == {"alter": 3, "delete": 3, "insert": 99}[tamper]


async def test_personal_numbers_never_reach_the_trail(db: Database) -> None:
    await audit.record_alone(
        db,
        AuditEvent(
            actor=Actor("citizen", "c-1", f"citizen {ID_ZHANG}"),
            where=Where.kiosk("K-01"),
            action="kiosk.sign_in",
            result="failed",
            target=PHONE_ZHANG,
            detail={"note": f"typed {ID_ZHANG} and {PHONE_ZHANG}"},
        ),
        now=1_700_000_000.0,
    )
    rows = await db.fetch_all("SELECT * FROM audit_log")
    assert contains_personal_number(repr([tuple(row) for row in rows])) == []
    assert await audit.verify_chain(db) is None
