"""All SQL about staff: accounts, sessions and sign-in failure counters (0005_staff.sql).

Writes take the caller's transaction (`async with db.transaction() as tx`), so an action,
its session change and its audit entry commit together; reads take the database or a
transaction (`Reader`). Nothing here decides anything: the rules are in `roles`,
`passwords`, `totp` and `throttle`, the flows in `signin` and `management`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from shared.audit import Actor
from shared.db import Params, Row, Transaction
from shared.i18n import Text
from shared.staff.roles import ROLE_TEXT, Role
from shared.staff.throttle import Failures, Scope

Stage = Literal["second_factor", "signed_in"]
EndReason = Literal[
    "signed_out", "idle", "expired", "deactivated", "second_factor_reset", "replaced", "second_factor_done"
]
TOTP_COLUMN = "staff.totp_secret"


class Reader(Protocol):
    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None: ...

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]: ...


@dataclass(frozen=True, slots=True)
class StaffPrincipal:
    """Who is signed in on a staff page: what later pages need to decide and to audit."""

    account_id: int
    username: str
    display_name: str
    role: Role
    department_code: str | None

    @property
    def label(self) -> str:
        """ "clerk01 (clerk)": how the audit trail names a staff member."""
        return f"{self.username} ({self.role.value})"

    @property
    def role_text(self) -> Text:
        return ROLE_TEXT[self.role]

    def actor(self) -> Actor:
        return Actor("staff", str(self.account_id), self.label)


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    username: str
    display_name: str
    role: Role
    department_code: str | None
    active: bool
    has_second_factor: bool
    created_at: float
    password_changed_at: float

    @property
    def label(self) -> str:
        return f"{self.username} ({self.role.value})"

    @property
    def role_text(self) -> Text:
        return ROLE_TEXT[self.role]

    def principal(self) -> StaffPrincipal:
        return StaffPrincipal(self.id, self.username, self.display_name, self.role, self.department_code)

    def actor(self) -> Actor:
        return Actor("staff", str(self.id), self.label)


@dataclass(frozen=True, slots=True)
class Credentials:
    """An account with what proves it: never rendered, never logged."""

    account: Account
    password_hash: str
    totp_secret: bytes | None
    totp_last_step: int | None


@dataclass(frozen=True, slots=True)
class Session:
    id: int
    account: Account
    stage: Stage
    enrol_secret: bytes | None
    address: str
    created_at: float
    last_seen_at: float


_ACCOUNT_COLUMNS = (
    "a.id, a.username, a.display_name, a.role, a.department_code, a.active, a.totp_secret IS NOT NULL AS has_totp,"
    " a.created_at, a.password_changed_at"
)


def _account(row: Row) -> Account:
    return Account(
        id=int(row["id"]),
        username=str(row["username"]),
        display_name=str(row["display_name"]),
        role=Role(row["role"]),
        department_code=row["department_code"],
        active=bool(row["active"]),
        has_second_factor=bool(row["has_totp"]),
        created_at=float(row["created_at"]),
        password_changed_at=float(row["password_changed_at"]),
    )


# --- accounts --------------------------------------------------------------------------


async def find_credentials(reader: Reader, username: str) -> Credentials | None:
    row = await reader.fetch_one(
        f"SELECT {_ACCOUNT_COLUMNS}, a.password_hash, a.totp_secret, a.totp_last_step"
        " FROM staff_accounts a WHERE a.username = ?",
        (username,),
    )
    if row is None:
        return None
    return Credentials(
        account=_account(row),
        password_hash=str(row["password_hash"]),
        totp_secret=row["totp_secret"],
        totp_last_step=row["totp_last_step"],
    )


async def credentials_by_id(reader: Reader, account_id: int) -> Credentials | None:
    row = await reader.fetch_one("SELECT username FROM staff_accounts WHERE id = ?", (account_id,))
    return None if row is None else await find_credentials(reader, str(row["username"]))


async def get_account(reader: Reader, account_id: int) -> Account | None:
    row = await reader.fetch_one(f"SELECT {_ACCOUNT_COLUMNS} FROM staff_accounts a WHERE a.id = ?", (account_id,))
    return None if row is None else _account(row)


async def list_accounts(reader: Reader) -> list[Account]:
    rows = await reader.fetch_all(
        f"SELECT {_ACCOUNT_COLUMNS} FROM staff_accounts a ORDER BY a.active DESC, a.role, a.username COLLATE NOCASE"
    )
    return [_account(row) for row in rows]


async def username_taken(reader: Reader, username: str) -> bool:
    return await reader.fetch_one("SELECT 1 FROM staff_accounts WHERE username = ?", (username,)) is not None


async def insert_account(
    tx: Transaction,
    *,
    username: str,
    display_name: str,
    role: Role,
    department_code: str | None,
    password_hash: str,
    now: float,
) -> int:
    await tx.execute(
        "INSERT INTO staff_accounts (username, display_name, role, department_code, password_hash, created_at,"
        " password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (username, display_name, role.value, department_code, password_hash, now, now),
    )
    row = await tx.fetch_one("SELECT id FROM staff_accounts WHERE username = ?", (username,))
    assert row is not None
    return int(row["id"])


async def set_active(tx: Transaction, account_id: int, active: bool) -> bool:
    """Change the flag; False when it already had that value (or no such account)."""
    changed = await tx.execute(
        "UPDATE staff_accounts SET active = ? WHERE id = ? AND active = ?", (int(active), account_id, int(not active))
    )
    return changed == 1


async def replace_password_hash(tx: Transaction, account_id: int, password_hash: str) -> None:
    """A rehash with today's parameters: the password itself did not change."""
    await tx.execute("UPDATE staff_accounts SET password_hash = ? WHERE id = ?", (password_hash, account_id))


async def enrol_second_factor(tx: Transaction, account_id: int, sealed_secret: bytes, accepted_step: int) -> bool:
    changed = await tx.execute(
        "UPDATE staff_accounts SET totp_secret = ?, totp_last_step = ? WHERE id = ? AND totp_secret IS NULL",
        (sealed_secret, accepted_step, account_id),
    )
    return changed == 1


async def accept_totp_step(tx: Transaction, account_id: int, step: int) -> bool:
    """Record the step of an accepted code; False when that step (or a later one) was used."""
    changed = await tx.execute(
        "UPDATE staff_accounts SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)",
        (step, account_id, step),
    )
    return changed == 1


async def clear_second_factor(tx: Transaction, account_id: int) -> bool:
    changed = await tx.execute(
        "UPDATE staff_accounts SET totp_secret = NULL, totp_last_step = NULL WHERE id = ? AND totp_secret IS NOT NULL",
        (account_id,),
    )
    return changed == 1


# --- sessions --------------------------------------------------------------------------


async def insert_session(
    tx: Transaction, *, token_hash: bytes, account_id: int, stage: Stage, address: str, now: float
) -> int:
    await tx.execute(
        "INSERT INTO staff_sessions (token_hash, staff_id, stage, address, created_at, last_seen_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (token_hash, account_id, stage, address, now, now),
    )
    row = await tx.fetch_one("SELECT id FROM staff_sessions WHERE token_hash = ?", (token_hash,))
    assert row is not None
    return int(row["id"])


async def open_session(reader: Reader, token_hash: bytes) -> Session | None:
    """The session this token opens, if it has not ended (expiry is the caller's rule)."""
    row = await reader.fetch_one(
        f"SELECT s.id AS session_id, s.stage, s.enrol_secret, s.address, s.created_at AS session_created,"
        f" s.last_seen_at, {_ACCOUNT_COLUMNS}"
        " FROM staff_sessions s JOIN staff_accounts a ON a.id = s.staff_id"
        " WHERE s.token_hash = ? AND s.ended_at IS NULL",
        (token_hash,),
    )
    if row is None:
        return None
    return Session(
        id=int(row["session_id"]),
        account=_account(row),
        stage=row["stage"],
        enrol_secret=row["enrol_secret"],
        address=str(row["address"]),
        created_at=float(row["session_created"]),
        last_seen_at=float(row["last_seen_at"]),
    )


async def touch_session(tx: Transaction, session_id: int, now: float) -> None:
    await tx.execute("UPDATE staff_sessions SET last_seen_at = ? WHERE id = ? AND ended_at IS NULL", (now, session_id))


async def set_enrol_secret(tx: Transaction, session_id: int, sealed_secret: bytes) -> None:
    await tx.execute(
        "UPDATE staff_sessions SET enrol_secret = ? WHERE id = ? AND ended_at IS NULL", (sealed_secret, session_id)
    )


async def end_session(tx: Transaction, session_id: int, reason: EndReason, now: float) -> bool:
    changed = await tx.execute(
        "UPDATE staff_sessions SET ended_at = ?, end_reason = ?, enrol_secret = NULL WHERE id = ? AND ended_at IS NULL",
        (now, reason, session_id),
    )
    return changed == 1


async def end_sessions_of(tx: Transaction, account_id: int, reason: EndReason, now: float) -> int:
    """End every open session of an account at once (ASVS 7.4.2); the number ended."""
    return await tx.execute(
        "UPDATE staff_sessions SET ended_at = ?, end_reason = ?, enrol_secret = NULL"
        " WHERE staff_id = ? AND ended_at IS NULL",
        (now, reason, account_id),
    )


# --- sign-in failure counters ------------------------------------------------------------


async def read_failures(reader: Reader, scope: Scope, key: str) -> Failures | None:
    row = await reader.fetch_one(
        "SELECT count, first_at, last_at FROM staff_sign_in_failures WHERE scope = ? AND key = ?", (scope.value, key)
    )
    if row is None:
        return None
    return Failures(count=int(row["count"]), first_at=float(row["first_at"]), last_at=float(row["last_at"]))


async def write_failures(tx: Transaction, scope: Scope, key: str, failures: Failures | None) -> None:
    """Store a counter, or forget it when None."""
    if failures is None:
        await tx.execute("DELETE FROM staff_sign_in_failures WHERE scope = ? AND key = ?", (scope.value, key))
        return
    await tx.execute(
        "INSERT INTO staff_sign_in_failures (scope, key, count, first_at, last_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (scope, key) DO UPDATE SET count = excluded.count, first_at = excluded.first_at,"
        " last_at = excluded.last_at",
        (scope.value, key, failures.count, failures.first_at, failures.last_at),
    )


async def forget_old_failures(tx: Transaction, started_before: float) -> None:
    """Drop counters whose window is over, so guessing random usernames does not grow the table."""
    await tx.execute("DELETE FROM staff_sign_in_failures WHERE first_at < ?", (started_before,))
