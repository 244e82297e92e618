"""The staff sign-in flows: password, second factor, the session on each request, sign-out.

Each flow returns a small outcome object and leaves HTTP to `kiosk.staff`. Every attempt
is audited (ASVS 16.3.1): `staff.sign_in` ok / failed / refused, `staff.sign_in.password`
when an administrator's password was right and the second factor is due,
`staff.second_factor` failed / refused, `staff.second_factor.enrol`, `staff.sign_out`,
`staff.session.idle` and `staff.session.expired`.

Sessions (ASVS 7.2–7.4): a fresh random token on every sign-in and again after the second
factor (no fixation), only its hash stored, idle time checked on the server at every
request, and an absolute life of `SESSION_MAX_SECONDS` however busy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from shared import audit
from shared.audit import Actor, AuditEvent, Where
from shared.db import Transaction
from shared.privacy.vault import new_token, token_hash
from shared.staff import accounts, passwords, throttle, totp
from shared.staff.accounts import TOTP_COLUMN, Account, Session, StaffPrincipal
from shared.staff.roles import needs_second_factor
from shared.staff.throttle import POLICIES, Scope

if TYPE_CHECKING:
    from shared.services import Services

# However active, a staff session ends after a working day (ASVS 7.3.2).
SESSION_MAX_SECONDS = 12 * 3600
# The password step of an administrator is good for this long while the code is typed.
SECOND_FACTOR_SECONDS = 5 * 60
# Longer input is not a username; it is cut before it becomes a throttling key.
MAX_USERNAME_INPUT = 64


@dataclass(frozen=True, slots=True)
class SignedIn:
    token: str
    principal: StaffPrincipal


@dataclass(frozen=True, slots=True)
class SecondFactorDue:
    token: str


@dataclass(frozen=True, slots=True)
class Rejected:
    """Wrong username, wrong password, inactive account or wrong code: one answer for all."""


@dataclass(frozen=True, slots=True)
class Throttled:
    retry_after: int


@dataclass(frozen=True, slots=True)
class Active:
    session: Session

    @property
    def principal(self) -> StaffPrincipal:
        return self.session.account.principal()


@dataclass(frozen=True, slots=True)
class Ended:
    """The session ended just now because of time; the page says why."""

    reason: Literal["idle", "expired"]


PasswordOutcome = SignedIn | SecondFactorDue | Rejected | Throttled
SecondFactorOutcome = SignedIn | Rejected | Throttled


def username_key(username: str) -> str:
    return username.strip().casefold()[:MAX_USERNAME_INPUT]


def _event(actor: Actor, address: str, action: str, result: audit.Result, **detail: str | bool | int) -> AuditEvent:
    return AuditEvent(
        actor=actor, where=Where.address(address), action=action, result=result, target=actor.label, detail=detail
    )


async def _reserve(tx: Transaction, keys: list[tuple[Scope, str]], now: float) -> float:
    """Count one attempt under every key, or return how long to wait when any key says so."""
    current = [(scope, key, await accounts.read_failures(tx, scope, key)) for scope, key in keys]
    wait = max(throttle.wait_seconds(failures, now, POLICIES[scope]) for scope, key, failures in current)
    if wait > 0:
        return wait
    for scope, key, failures in current:
        await accounts.write_failures(tx, scope, key, throttle.counted(failures, now, POLICIES[scope]))
    return 0.0


async def _release_address(tx: Transaction, address: str, now: float) -> None:
    # A successful sign-in was counted in advance like any attempt; give the address its
    # attempt back, or a busy hall behind one NAT address would throttle itself each morning.
    scope = Scope.ADDRESS
    failures = await accounts.read_failures(tx, scope, address)
    await accounts.write_failures(tx, scope, address, throttle.uncounted(failures, now, POLICIES[scope]))


async def _start_session(
    tx: Transaction, account: Account, stage: accounts.Stage, address: str, previous_token: str | None, now: float
) -> str:
    if previous_token:
        # Whatever session this browser had ends now: a new sign-in never reuses a token.
        previous = await accounts.open_session(tx, token_hash(previous_token))
        if previous is not None:
            await accounts.end_session(tx, previous.id, "replaced", now)
    token = new_token()
    await accounts.insert_session(
        tx, token_hash=token_hash(token), account_id=account.id, stage=stage, address=address, now=now
    )
    return token


async def sign_in_with_password(
    services: Services, username: str, password: str, address: str, previous_token: str | None = None
) -> PasswordOutcome:
    db, now = services.db, services.clock.now()
    key = username_key(username)
    keys = [(Scope.PAIR, f"{key}\x00{address}"), (Scope.USERNAME, key), (Scope.ADDRESS, address)]
    async with db.transaction() as tx:
        await accounts.forget_old_failures(tx, now - max(policy.window_seconds for policy in POLICIES.values()))
        wait = await _reserve(tx, keys, now)
        if wait > 0:
            await audit.record(tx, _event(Actor.anonymous(), address, "staff.sign_in", "refused", throttled=True), now)
            return Throttled(throttle.retry_after(wait))

    credentials = await accounts.find_credentials(db, key) if key and len(password) <= passwords.MAX_LENGTH else None
    # Always one argon2 verification, account or not, so timing tells nothing (ASVS 6.3.8).
    right = await passwords.verify_or_dummy(credentials.password_hash if credentials else None, password)
    if credentials is None or not right or not credentials.account.active:
        reason = "unknown_username" if credentials is None else "wrong_password" if not right else "account_inactive"
        actor = credentials.account.actor() if credentials else Actor.anonymous()
        await audit.record_alone(db, _event(actor, address, "staff.sign_in", "failed", reason=reason), now)
        return Rejected()

    account = credentials.account
    fresh_hash = await passwords.hash_password(password) if passwords.needs_rehash(credentials.password_hash) else None
    second_factor = needs_second_factor(account.role)
    async with db.transaction() as tx:
        current = await accounts.get_account(tx, account.id)
        if current is None or not current.active:  # deactivated while the hash was checked
            await audit.record(tx, _event(account.actor(), address, "staff.sign_in", "failed", reason="inactive"), now)
            return Rejected()
        await accounts.write_failures(tx, Scope.PAIR, keys[0][1], None)
        await accounts.write_failures(tx, Scope.USERNAME, key, None)
        await _release_address(tx, address, now)
        if fresh_hash is not None:
            await accounts.replace_password_hash(tx, account.id, fresh_hash)
        stage: accounts.Stage = "second_factor" if second_factor else "signed_in"
        token = await _start_session(tx, current, stage, address, previous_token, now)
        action = "staff.sign_in.password" if second_factor else "staff.sign_in"
        await audit.record(tx, _event(current.actor(), address, action, "ok"), now)
    if second_factor:
        return SecondFactorDue(token)
    return SignedIn(token, current.principal())


# --- the second factor ------------------------------------------------------------------


async def pending_second_factor(services: Services, token: str | None) -> Session | None:
    """The half-signed-in session waiting for a code, if the token holds one still fresh."""
    if not token:
        return None
    session = await accounts.open_session(services.db, token_hash(token))
    if session is None or session.stage != "second_factor" or not session.account.active:
        return None
    if services.clock.now() - session.created_at >= SECOND_FACTOR_SECONDS:
        return None
    return session


async def enrolment_secret(services: Services, session: Session) -> bytes:
    """The new secret this session shows as a QR code; made once, so a reload shows the same."""
    if session.enrol_secret is not None:
        return totp.decode_secret(services.vault.open(session.enrol_secret, TOTP_COLUMN))
    secret = totp.new_secret()
    async with services.db.transaction() as tx:
        await accounts.set_enrol_secret(tx, session.id, services.vault.seal(totp.encode_secret(secret), TOTP_COLUMN))
    return secret


async def verify_second_factor(
    services: Services, session: Session, code_input: str, address: str
) -> SecondFactorOutcome:
    db, vault, now = services.db, services.vault, services.clock.now()
    account = session.account
    async with db.transaction() as tx:
        wait = await _reserve(tx, [(Scope.SECOND_FACTOR, str(account.id))], now)
        if wait > 0:
            await audit.record(
                tx, _event(account.actor(), address, "staff.second_factor", "refused", throttled=True), now
            )
            return Throttled(throttle.retry_after(wait))

    credentials = await accounts.credentials_by_id(db, account.id)
    enrolling = credentials is not None and credentials.totp_secret is None
    sealed = session.enrol_secret if enrolling else credentials.totp_secret if credentials else None
    code = totp.normalise_code(code_input)
    step: int | None = None
    if credentials is not None and sealed is not None and code is not None:
        secret = totp.decode_secret(vault.open(sealed, TOTP_COLUMN))
        step = totp.matching_step(secret, code, now, credentials.totp_last_step)
    if credentials is None or sealed is None or step is None:
        await audit.record_alone(db, _event(account.actor(), address, "staff.second_factor", "failed"), now)
        return Rejected()

    async with db.transaction() as tx:
        if enrolling:
            assert session.enrol_secret is not None
            secret_text = vault.open(session.enrol_secret, TOTP_COLUMN)
            accepted = await accounts.enrol_second_factor(tx, account.id, vault.seal(secret_text, TOTP_COLUMN), step)
        else:
            accepted = await accounts.accept_totp_step(tx, account.id, step)
        # The pending session must still be open: a parallel request may have used it.
        if not accepted or not await accounts.end_session(tx, session.id, "second_factor_done", now):
            await audit.record(tx, _event(account.actor(), address, "staff.second_factor", "failed"), now)
            return Rejected()
        await accounts.write_failures(tx, Scope.SECOND_FACTOR, str(account.id), None)
        token = await _start_session(tx, account, "signed_in", address, None, now)
        if enrolling:
            await audit.record(tx, _event(account.actor(), address, "staff.second_factor.enrol", "ok"), now)
        await audit.record(tx, _event(account.actor(), address, "staff.sign_in", "ok", second_factor="totp"), now)
    return SignedIn(token, account.principal())


# --- the session on each request, and sign-out -------------------------------------------------


async def check_session(
    services: Services, token: str | None, address: str, *, touch: bool = True
) -> Active | Ended | None:
    """The signed-in session for this token, touched; `Ended` when it just ran out; else None.

    Idle time is measured on the server from the last request (ASVS 7.3.1), so a page left
    open in a browser cannot outlive it. A page's own polling is no person at the desk:
    `touch=False` checks the session without starting its idle time again.
    """
    if not token:
        return None
    settings, now = services.settings, services.clock.now()
    async with services.db.transaction() as tx:
        session = await accounts.open_session(tx, token_hash(token))
        if session is None or session.stage != "signed_in":
            return None
        account = session.account
        if not account.active:
            await accounts.end_session(tx, session.id, "deactivated", now)
            return None
        if now - session.last_seen_at >= settings.staff_idle_seconds:
            await accounts.end_session(tx, session.id, "idle", now)
            await audit.record(tx, _event(account.actor(), address, "staff.session.idle", "ok"), now)
            return Ended("idle")
        if now - session.created_at >= SESSION_MAX_SECONDS:
            await accounts.end_session(tx, session.id, "expired", now)
            await audit.record(tx, _event(account.actor(), address, "staff.session.expired", "ok"), now)
            return Ended("expired")
        if touch:
            await accounts.touch_session(tx, session.id, now)
    return Active(session)


async def sign_out(services: Services, token: str | None, address: str) -> bool:
    """End this browser's session (signed in or half-way); False when there was none."""
    if not token:
        return False
    now = services.clock.now()
    async with services.db.transaction() as tx:
        session = await accounts.open_session(tx, token_hash(token))
        if session is None or not await accounts.end_session(tx, session.id, "signed_out", now):
            return False
        await audit.record(tx, _event(session.account.actor(), address, "staff.sign_out", "ok"), now)
    return True
