"""Submit once from a kiosk (防重复提交): a one-time token in the review page's form.

A double tap, a form the browser sends again, or a second tab must not make a second
submission, nor resubmit an application that has since been returned. Each review page
gets a fresh token (256 bits, stored as its SHA-256) bound to the application, the kiosk
and the revision the citizen saw. `use` marks it used inside the submission's own write
transaction (`workflow.submit(..., within=...)`), so the submission and the spent token
commit together; a token that is already used means "this was submitted: show the result".
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.clock import iso
from shared.db import Database, Transaction
from shared.privacy.vault import new_token, token_hash

# Tokens are dropped a day after they were made, when new ones are issued.
KEEP_SECONDS = 86_400
MAX_TOKEN_LENGTH = 100


@dataclass(frozen=True, slots=True)
class SubmitToken:
    application_id: str
    revision: int
    used: bool


async def issue(tx: Transaction, application_id: str, device_id: str, revision: int, now: float) -> str:
    await tx.execute("DELETE FROM kiosk_submit_tokens WHERE created_at < ?", (iso(now - KEEP_SECONDS),))
    token = new_token()
    await tx.execute(
        "INSERT INTO kiosk_submit_tokens (token_hash, application_id, device_id, revision, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (token_hash(token), application_id, device_id, revision, iso(now)),
    )
    return token


async def find(db: Database | Transaction, token: str, application_id: str, device_id: str) -> SubmitToken | None:
    """The token if this kiosk issued it for this application; None otherwise."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    row = await db.fetch_one(
        "SELECT revision, used_at FROM kiosk_submit_tokens WHERE token_hash = ? AND application_id = ?"
        " AND device_id = ?",
        (token_hash(token), application_id, device_id),
    )
    if row is None:
        return None
    return SubmitToken(application_id, int(row["revision"]), row["used_at"] is not None)


async def use(tx: Transaction, token: str, now: float) -> bool:
    """Spend the token; False when it was spent already (the other tap won)."""
    changed = await tx.execute(
        "UPDATE kiosk_submit_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
        (iso(now), token_hash(token)),
    )
    return changed == 1
