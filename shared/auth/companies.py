"""Companies (企业法人) and the citizens who act for them: all SQL and rules in one place.

A company is identified by its unified social credit code (统一社会信用代码, GB 32100-2015,
18 characters with a MOD 31 check character). It acts through a real-name citizen: its
legal representative (法定代表人, one per company) or an agent (经办人) it authorised.

The link is declared by the citizen; checking it against the market-regulation register
(and the letter of authorisation for agents) belongs to the application review, not here.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from shared import audit
from shared.audit import AuditEvent, Where
from shared.auth.login import citizen_actor
from shared.auth.realname import NOT_TEXT, REQUIRED, unknown_fields
from shared.clock import iso
from shared.db import Database, Row
from shared.errors import Conflict, FieldProblem
from shared.i18n import Text
from shared.identity.numbers import normalize_credit_code
from shared.privacy.masking import mask_code

Role = Literal["legal_representative", "agent"]
ROLES: tuple[Role, ...] = get_args(Role)
NAME_MIN, NAME_MAX = 2, 100
LINK = "citizen.company_link"

BAD_CREDIT_CODE = Text(
    "统一社会信用代码不正确：请核对营业执照上的 18 位代码（含末位校验码）。",
    "The unified social credit code is not valid: check the 18 characters on the business licence.",
)
BAD_NAME = Text(
    "企业名称须为 2 至 100 个字，与营业执照一致。", "The company name must be 2 to 100 characters, as on the licence."
)
BAD_ROLE = Text(
    "身份须为法定代表人（legal_representative）或经办人（agent）。",
    "The role must be legal_representative or agent.",
)
NAME_DIFFERS = Text(
    "该统一社会信用代码已登记为另一企业名称，请核对营业执照。",
    "This credit code is on record under another company name; please check the business licence.",
)
ROLE_TAKEN = Text(
    "该企业已登记了法定代表人。如有变更，请携营业执照到窗口办理。",
    "This company already has a legal representative on record. For a change, please visit a service window.",
)
ALREADY_LINKED = Text("您已以另一身份关联该企业。", "You are already linked to this company in another role.")


@dataclass(frozen=True, slots=True)
class CompanyDeclaration:
    credit_code: str
    name: str
    role: Role


@dataclass(frozen=True, slots=True)
class CompanyLink:
    company_id: str
    credit_code: str
    name: str
    role: Role
    linked_at: str

    @property
    def credit_code_masked(self) -> str:
        return mask_code(self.credit_code)


def normalize_company_name(value: str) -> str | None:
    clean = " ".join(unicodedata.normalize("NFKC", value).split())
    if not NAME_MIN <= len(clean) <= NAME_MAX:
        return None
    if any(unicodedata.category(ch).startswith("C") for ch in clean):
        return None
    return clean


def validate_declaration(payload: Mapping[str, Any]) -> tuple[CompanyDeclaration | None, list[FieldProblem]]:
    """Every problem with a company declaration at once, none repeating the input."""
    problems = unknown_fields(payload, {"credit_code", "name", "role"})
    values: dict[str, str] = {}
    for field in ("credit_code", "name", "role"):
        value = payload.get(field)
        if value is None:
            problems.append(FieldProblem(field, "required", REQUIRED))
        elif not isinstance(value, str):
            problems.append(FieldProblem(field, "invalid_type", NOT_TEXT))
        else:
            values[field] = value[:400]
    credit_code = normalize_credit_code(values["credit_code"]) if "credit_code" in values else None
    if "credit_code" in values and credit_code is None:
        problems.append(FieldProblem("credit_code", "invalid_credit_code", BAD_CREDIT_CODE))
    name = normalize_company_name(values["name"]) if "name" in values else None
    if "name" in values and name is None:
        problems.append(FieldProblem("name", "invalid_name", BAD_NAME))
    role = values.get("role")
    if role is not None and role not in ROLES:
        problems.append(FieldProblem("role", "invalid_role", BAD_ROLE))
    if problems or credit_code is None or name is None or role not in ROLES:
        return None, problems
    return CompanyDeclaration(credit_code, name, role), problems


def _link(row: Row) -> CompanyLink:
    role = str(row["role"])
    assert role in ROLES
    return CompanyLink(
        str(row["company_id"]),
        str(row["credit_code"]),
        str(row["name"]),
        role,
        str(row["linked_at"]),
    )


_SELECT = (
    "SELECT m.company_id, c.credit_code, c.name, m.role, m.linked_at FROM company_members m"
    " JOIN companies c ON c.id = m.company_id"
)


async def for_citizen(db: Database, citizen_id: str) -> list[CompanyLink]:
    rows = await db.fetch_all(f"{_SELECT} WHERE m.citizen_id = ? ORDER BY m.linked_at, c.credit_code", (citizen_id,))
    return [_link(row) for row in rows]


async def link(
    db: Database, citizen_id: str, declaration: CompanyDeclaration, now: float, where: Where
) -> tuple[CompanyLink, bool]:
    """Record that `citizen_id` acts for the company; returns (link, created).

    Declaring the same link again is harmless (a phone retrying); a different name for a
    known code, a second legal representative or a second role are refused with Conflict.
    """
    async with db.transaction() as tx:
        company = await tx.fetch_one("SELECT id, name FROM companies WHERE credit_code = ?", (declaration.credit_code,))
        if company is None:
            company_id = str(uuid.uuid4())
            await tx.execute(
                "INSERT INTO companies (id, credit_code, name, created_at) VALUES (?, ?, ?, ?)",
                (company_id, declaration.credit_code, declaration.name, iso(now)),
            )
        else:
            company_id = str(company["id"])
            if str(company["name"]) != declaration.name:
                raise Conflict(NAME_DIFFERS)
        existing = await tx.fetch_one(
            f"{_SELECT} WHERE m.company_id = ? AND m.citizen_id = ?", (company_id, citizen_id)
        )
        if existing is not None:
            if existing["role"] != declaration.role:
                raise Conflict(ALREADY_LINKED)
            return _link(existing), False
        if declaration.role == "legal_representative":
            taken = await tx.fetch_one(
                "SELECT 1 FROM company_members WHERE company_id = ? AND role = 'legal_representative'", (company_id,)
            )
            if taken is not None:
                raise Conflict(ROLE_TAKEN)
        await tx.execute(
            "INSERT INTO company_members (company_id, citizen_id, role, linked_at) VALUES (?, ?, ?, ?)",
            (company_id, citizen_id, declaration.role, iso(now)),
        )
        await audit.record(
            tx,
            AuditEvent(
                actor=await citizen_actor(tx, citizen_id),
                where=where,
                action=LINK,
                result="ok",
                target=f"company:{mask_code(declaration.credit_code)}",
                detail={"role": declaration.role},
            ),
            now,
        )
    return CompanyLink(company_id, declaration.credit_code, declaration.name, declaration.role, iso(now)), True
