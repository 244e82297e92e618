"""All SQL about WeChat accounts: which citizen an openid belongs to, and its session key.

The openid is kept as a keyed hash (it identifies a person across sign-ins, so it is
treated like a phone number), and WeChat's session key sealed with the vault: it is needed
only on the server, to check data the mini-program signs with it, and never leaves it.
"""

from __future__ import annotations

from shared.auth.wechat import WeChatSession
from shared.clock import iso
from shared.db import Transaction
from shared.identity import citizens
from shared.privacy.vault import PiiVault

SESSION_KEY_COLUMN = "wechat_accounts.session_key"


async def sign_in(tx: Transaction, vault: PiiVault, session: WeChatSession, now: float) -> tuple[str, bool]:
    """The citizen of this WeChat account, created (not yet real-name) on first sign-in.
    Returns (citizen id, whether it was created); the new session key replaces the old."""
    openid_hash = vault.lookup_hash(session.openid, "wechat_openid")
    unionid_hash = vault.lookup_hash(session.unionid, "wechat_unionid") if session.unionid else None
    sealed_key = vault.seal(session.session_key, SESSION_KEY_COLUMN)
    row = await tx.fetch_one("SELECT citizen_id FROM wechat_accounts WHERE openid_hash = ?", (openid_hash,))
    if row is not None:
        await tx.execute(
            "UPDATE wechat_accounts SET session_key_sealed = ?, last_login_at = ?,"
            " unionid_hash = COALESCE(?, unionid_hash) WHERE openid_hash = ?",
            (sealed_key, iso(now), unionid_hash, openid_hash),
        )
        return str(row["citizen_id"]), False
    citizen_id = await citizens.create(tx, now)
    await tx.execute(
        "INSERT INTO wechat_accounts (openid_hash, unionid_hash, citizen_id, session_key_sealed, created_at,"
        " last_login_at) VALUES (?, ?, ?, ?, ?, ?)",
        (openid_hash, unionid_hash, citizen_id, sealed_key, iso(now), iso(now)),
    )
    return citizen_id, True


async def session_key(tx: Transaction, vault: PiiVault, openid: str) -> str | None:
    """The current session key of an account, for checking data signed by the mini-program."""
    row = await tx.fetch_one(
        "SELECT session_key_sealed FROM wechat_accounts WHERE openid_hash = ?",
        (vault.lookup_hash(openid, "wechat_openid"),),
    )
    return vault.open(bytes(row["session_key_sealed"]), SESSION_KEY_COLUMN) if row is not None else None


async def move_to_citizen(tx: Transaction, from_citizen_id: str, to_citizen_id: str) -> int:
    """Link the WeChat accounts of one citizen row to another (merged at real-name binding)."""
    return await tx.execute(
        "UPDATE wechat_accounts SET citizen_id = ? WHERE citizen_id = ?", (to_citizen_id, from_citizen_id)
    )
