"""What an application produced (办理结果): decision documents, refusal notices and copies
of issued certificates, and all their SQL.

Document numbers are readable and unique per application: the issuing department's code,
a kind mark and the application number, e.g. `GA-JD-20261121000427` (决定书),
`GA-BSL-20261121000427` (不予受理通知书), `GA-ZZ-20261121000427` (证照).
"""

from __future__ import annotations

import json
import secrets
from typing import Any, Literal

from shared.applications.model import ResultDocument
from shared.clock import iso
from shared.db import Database, Row, Transaction
from shared.i18n import Text

Reader = Database | Transaction
DocumentKind = Literal["decision", "refusal", "certificate"]
KIND_MARK: dict[str, str] = {"decision": "JD", "refusal": "BSL", "certificate": "ZZ"}

_SELECT = "SELECT id, application_id, kind, number, title_zh, title_en, body, issued_at FROM result_documents"


def document_number(kind: DocumentKind, department: str, application_number: str) -> str:
    return f"{department}-{KIND_MARK[kind]}-{application_number}"


def _document(row: Row) -> ResultDocument:
    return ResultDocument(
        id=str(row["id"]),
        application_id=str(row["application_id"]),
        kind=str(row["kind"]),
        number=str(row["number"]),
        title=Text(str(row["title_zh"]), row["title_en"]),
        body=json.loads(row["body"]),
        issued_at=str(row["issued_at"]),
    )


async def create(
    tx: Transaction,
    application_id: str,
    kind: DocumentKind,
    number: str,
    title: Text,
    body: dict[str, Any],
    now: float,
) -> ResultDocument:
    document = ResultDocument(
        id="r_" + secrets.token_urlsafe(16),
        application_id=application_id,
        kind=kind,
        number=number,
        title=title,
        body=body,
        issued_at=iso(now),
    )
    await tx.execute(
        "INSERT INTO result_documents (id, application_id, kind, number, title_zh, title_en, body, issued_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            document.id,
            application_id,
            kind,
            number,
            title.zh,
            title.en,
            json.dumps(body, ensure_ascii=False, sort_keys=True),
            document.issued_at,
        ),
    )
    return document


async def for_application(db: Reader, application_id: str) -> list[ResultDocument]:
    """The documents of an application, oldest first; a bundle parent lists its children's."""
    rows = await db.fetch_all(
        f"{_SELECT} WHERE application_id = ? OR application_id IN"
        " (SELECT id FROM applications WHERE parent_id = ?) ORDER BY issued_at, id",
        (application_id, application_id),
    )
    return [_document(row) for row in rows]


async def get(db: Reader, document_id: str) -> ResultDocument | None:
    row = await db.fetch_one(f"{_SELECT} WHERE id = ?", (document_id,))
    return _document(row) if row is not None else None
