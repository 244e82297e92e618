"""Real-name binding (实名认证) on the phone: name, resident ID number and a phone verified by SMS.

1. The citizen asks for a code to their phone (`send_code`); the rules are `otp.py`'s.
2. They send name, ID number (GB 11643: check character, real date, real area code), phone
   and code (`bind`). Every field problem is listed at once (`validate_details`); a wrong
   code costs one of its three attempts.
3. `citizens.bind_real_name` attaches the identity. When the ID number is already known
   (the person signed in at a kiosk with their ID card) and the name matches, the phone's
   account joins that citizen: the WeChat link and the session families move over.
   A mismatch is refused, audited, and the code is spent so that it cannot be tried with
   other details.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shared import audit
from shared.audit import AuditEvent, Where
from shared.auth import accounts, otp, phone_codes, sessions
from shared.auth.login import citizen_actor
from shared.auth.sms import SmsGateway
from shared.db import Database
from shared.errors import FieldProblem, Forbidden
from shared.i18n import Text
from shared.identity import citizens
from shared.identity.citizens import IdentityMismatch
from shared.identity.numbers import normalize_id_number, normalize_mobile, normalize_name
from shared.privacy.masking import mask_phone
from shared.privacy.vault import PiiVault

BIND = "citizen.real_name_bind"
CODE_SENT = "citizen.phone_code_sent"


class RealNameRequired(Forbidden):
    code = "real_name_required"
    default_message = Text("请先完成实名认证。", "Please complete real-name verification first.")


REQUIRED = Text("请填写此项。", "This field is required.")
NOT_TEXT = Text("请填写文字。", "This must be text.")
BAD_NAME = Text(
    "姓名格式不正确：请填写身份证上的姓名（2 至 20 个汉字，或英文姓名）。",
    "The name is not valid: enter it as on the ID card (2 to 20 Chinese characters, or a Latin-script name).",
)
BAD_ID_NUMBER = Text(
    "身份证号码不正确：请核对 18 位号码（含末位校验码）。",
    "The ID number is not valid: check all 18 characters, including the last check character.",
)
BAD_PHONE = Text(
    "手机号码不正确：请填写 11 位中国大陆手机号码。",
    "The phone number is not valid: enter an 11-digit mainland mobile number.",
)
BAD_CODE = Text("验证码为 6 位数字。", "The code is 6 digits.")
UNKNOWN_FIELD = Text("不支持此字段。", "This field is not accepted here.")


@dataclass(frozen=True, slots=True)
class Details:
    name: str
    id_number: str
    phone: str
    code: str


def _text_field(payload: Mapping[str, Any], name: str, max_length: int, problems: list[FieldProblem]) -> str | None:
    value = payload.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.append(FieldProblem(name, "required", REQUIRED))
        return None
    if not isinstance(value, str):
        problems.append(FieldProblem(name, "invalid_type", NOT_TEXT))
        return None
    if len(value) > max_length:
        # Far longer than any valid value: report it as malformed without looking closer.
        return ""
    return value


def read_phone(payload: Mapping[str, Any], problems: list[FieldProblem], field: str = "phone") -> str | None:
    """The normalised mainland mobile number of `payload[field]`, or a problem (never echoing it)."""
    raw = _text_field(payload, field, 32, problems)
    if raw is None:
        return None
    phone = normalize_mobile(raw)
    if phone is None:
        problems.append(FieldProblem(field, "invalid_phone", BAD_PHONE))
    return phone


def unknown_fields(payload: Mapping[str, Any], allowed: set[str]) -> list[FieldProblem]:
    return [FieldProblem(name[:64], "unknown_field", UNKNOWN_FIELD) for name in sorted(set(payload) - allowed)]


@dataclass(frozen=True, slots=True)
class CheckedDetails:
    """The outcome of `validate_details`: `details` when everything is valid; otherwise the
    problems, and the phone and code when those two at least are well formed (so the code
    can be checked too, and every problem reported at once)."""

    details: Details | None
    problems: list[FieldProblem]
    phone: str | None
    code: str | None


def validate_details(payload: Mapping[str, Any], today: dt.date) -> CheckedDetails:
    """Every problem of a binding request at once; values are never repeated in messages."""
    problems = unknown_fields(payload, {"name", "id_number", "phone", "code"})
    raw_name = _text_field(payload, "name", 100, problems)
    name = normalize_name(raw_name) if raw_name is not None else None
    if raw_name is not None and name is None:
        problems.append(FieldProblem("name", "invalid_name", BAD_NAME))
    raw_id = _text_field(payload, "id_number", 40, problems)
    id_number = normalize_id_number(raw_id, today) if raw_id is not None else None
    if raw_id is not None and id_number is None:
        problems.append(FieldProblem("id_number", "invalid_id_number", BAD_ID_NUMBER))
    phone = read_phone(payload, problems)
    raw_code = _text_field(payload, "code", 16, problems)
    code = raw_code.strip() if raw_code is not None else None
    if code is not None and not otp.is_well_formed(code):
        problems.append(FieldProblem("code", "invalid_code", BAD_CODE))
        code = None
    if problems or name is None or id_number is None or phone is None or code is None:
        return CheckedDetails(None, problems, phone, code)
    return CheckedDetails(Details(name, id_number, phone, code), problems, phone, code)


def code_problem(result: otp.Check) -> FieldProblem:
    """What the citizen is told about a code that was not accepted."""
    if result.verdict is otp.Verdict.WRONG and result.attempts_left > 0:
        return FieldProblem(
            "code",
            "wrong_code",
            Text("验证码不正确，还可尝试 {n} 次。", "The code is not right; {n} attempt(s) left.").format(
                n=result.attempts_left
            ),
        )
    if result.verdict is otp.Verdict.EXPIRED:
        return FieldProblem(
            "code",
            "code_expired",
            Text("验证码已过期，请重新获取。", "The code has expired; please ask for a new one."),
        )
    return FieldProblem(
        "code",
        "code_not_valid",
        Text("验证码已失效，请重新获取。", "This code can no longer be used; please ask for a new one."),
    )


NO_CODE = FieldProblem(
    "code", "no_code", Text("请先获取发送到该手机的验证码。", "Please first ask for a code to be sent to this phone.")
)


# --- sending codes -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentCode:
    phone_masked: str
    expires_in: int
    resend_after: int


class CodeRefused(Exception):
    """Too soon after the last code, or a daily cap reached."""

    def __init__(self, decision: otp.SendDecision) -> None:
        super().__init__(decision.refusal.value if decision.refusal else "refused")
        self.decision = decision


async def send_code(
    db: Database, vault: PiiVault, gateway: SmsGateway, citizen_id: str, phone: str, now: float, where: Where
) -> SentCode:
    """Send a new code to `phone` for `citizen_id`, within the limits of `otp.may_send`.

    The code is recorded before it is sent (so two requests at once cannot both pass the
    limits) and forgotten again when the gateway fails. Raises CodeRefused or
    SmsDeliveryFailed.
    """
    code = otp.new_code()
    async with db.transaction() as tx:
        by_phone, by_citizen = await phone_codes.send_history(tx, vault, citizen_id, phone, now)
        decision = otp.may_send(by_phone, by_citizen, now)
        if not decision.allowed:
            raise CodeRefused(decision)
        code_id = await phone_codes.record_sent(tx, vault, citizen_id, phone, code, now)
    try:
        await gateway.send_code(phone, code, otp.CODE_LIFETIME_SECONDS // 60)
    except Exception:
        async with db.transaction() as tx:
            await phone_codes.forget(tx, code_id)
        raise
    await audit.record_alone(
        db,
        AuditEvent(
            actor=await citizen_actor(db, citizen_id),
            where=where,
            action=CODE_SENT,
            result="ok",
            target=f"phone:{mask_phone(phone)}",
        ),
        now,
    )
    return SentCode(mask_phone(phone), otp.CODE_LIFETIME_SECONDS, otp.RESEND_INTERVAL_SECONDS)


# --- binding -------------------------------------------------------------------------


class CodeNotAccepted(Exception):
    def __init__(self, problem: FieldProblem) -> None:
        super().__init__(problem.code)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Bound:
    citizen_id: str
    # The citizen row this account joined, when the person was known before (ID card).
    merged: bool
    refresh_token: str


async def try_code(
    db: Database, vault: PiiVault, citizen_id: str, phone: str, code: str, now: float
) -> FieldProblem | None:
    """Check a code without using it up (other fields need correcting first); a wrong code
    still costs an attempt. Returns the problem to report, if any."""
    async with db.transaction() as tx:
        stored = await phone_codes.latest(tx, vault, citizen_id, phone)
        if stored is None:
            return NO_CODE
        result = otp.check(stored.code, phone_codes.code_hash(vault, phone, code), now, consume=False)
        await phone_codes.store_check(tx, stored, result, now)
    return None if result.accepted else code_problem(result)


async def bind(
    db: Database,
    vault: PiiVault,
    citizen_id: str,
    session_id: str,
    details: Details,
    now: float,
    refresh_seconds: float,
    where: Where,
) -> Bound:
    """Check the code and bind the identity, in one transaction with its audit entry.

    Raises CodeNotAccepted (the attempt is recorded) or IdentityMismatch (audited, the
    code spent).
    """
    async with db.transaction() as tx:
        stored = await phone_codes.latest(tx, vault, citizen_id, details.phone)
        if stored is None:
            raise CodeNotAccepted(NO_CODE)
        result = otp.check(stored.code, phone_codes.code_hash(vault, details.phone, details.code), now)
        await phone_codes.store_check(tx, stored, result, now)
    if not result.accepted:
        await audit.record_alone(
            db,
            AuditEvent(
                actor=await citizen_actor(db, citizen_id),
                where=where,
                action=BIND,
                result="failed",
                detail={"reason": f"code_{result.verdict.value}"},
            ),
            now,
        )
        raise CodeNotAccepted(code_problem(result))
    try:
        async with db.transaction() as tx:
            target = await citizens.bind_real_name(
                tx, vault, citizen_id, details.name, details.id_number, details.phone, now
            )
            merged = target != citizen_id
            if merged:
                await accounts.move_to_citizen(tx, citizen_id, target)
                await sessions.move_to_citizen(tx, citizen_id, target)
                await phone_codes.move_to_citizen(tx, citizen_id, target)
            refresh_token = await sessions.reissue(tx, session_id, now, refresh_seconds)
            await audit.record(
                tx,
                AuditEvent(
                    actor=await citizen_actor(tx, target),
                    where=where,
                    action=BIND,
                    result="ok",
                    target=f"citizen:{target}",
                    detail={"merged_from": citizen_id if merged else None, "verified_by": "sms"},
                ),
                now,
            )
    except (IdentityMismatch, sqlite3.IntegrityError) as exc:
        # IntegrityError: the same ID number bound by a concurrent request a moment ago.
        async with db.transaction() as tx:
            await phone_codes.use_up(tx, stored.id, now)
            await audit.record(
                tx,
                AuditEvent(
                    actor=await citizen_actor(tx, citizen_id),
                    where=where,
                    action=BIND,
                    result="refused",
                    detail={"reason": "identity_mismatch"},
                ),
                now,
            )
        raise IdentityMismatch("identity does not match") from exc
    return Bound(target, merged, refresh_token)
