"""Applications (办件) as JSON for the mini-program.

Texts go out as `{"zh", "en"}` pairs, as in the catalog answers, so a body does not depend
on Accept-Language and its ETag (the revision) holds for both languages; only error
bodies speak one language (plus both under `messages`).

Privacy (GB/T 35273-2020 display restriction): answers of ID-number and phone fields go
out as the masked display values of `forms.FieldView`; every other free text that may
hold what a person typed (answers, the mailing address, a clerk's reasons) goes through
`redact`, and certificate numbers too, since a resident ID card's certificate number is
the ID number itself. Raw values never leave the server.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mobile_api import serializers as ser
from shared.applications.forms import FieldView, FormView, MaterialView
from shared.applications.model import Application, Certificate, Event, ResultDocument
from shared.applications.states import EDITABLE, STATE_TEXT, State
from shared.applications.timekeeping import TimeStatus
from shared.catalog.model import DELIVERY_TEXT
from shared.catalog.snapshot import CatalogSnapshot
from shared.errors import FieldProblem
from shared.i18n import Text
from shared.materials.model import StoredFile
from shared.privacy.masking import redact

Json = dict[str, Any]
API_PREFIX = "/api/v1"


def problem(p: FieldProblem) -> Json:
    return {"path": p.path, "code": p.code, "message": ser.text(p.message)}


def state(value: State) -> Json:
    return {"code": value.value, "name": ser.text(STATE_TEXT[value])}


def _what(app: Application, snapshot: CatalogSnapshot) -> Json:
    """The item or bundle an application is for, named from the current catalog."""
    if app.kind == "bundle":
        bundle = snapshot.bundle(app.bundle_code or "")
        return {
            "kind": "bundle",
            "code": app.bundle_code,
            "version": app.bundle_version,
            "name": ser.text(bundle.name) if bundle else None,
        }
    item = snapshot.item(app.item_code or "")
    return {
        "kind": "item",
        "code": app.item_code,
        "version": app.item_version,
        "name": ser.text(item.name) if item else None,
    }


def child(app: Application, snapshot: CatalogSnapshot) -> Json:
    return {
        "id": app.id,
        "number": app.number,
        "position": app.position,
        "for": _what(app, snapshot),
        "department": ser.department_ref(app.department, snapshot.departments) if app.department else None,
        "state": state(app.state),
    }


def summary(app: Application, snapshot: CatalogSnapshot) -> Json:
    """What a list shows and what every change answers: who, what, where it stands.

    Built from the application object alone, so it can be rendered inside the change's
    transaction (the idempotent answer is stored there)."""
    return {
        "id": app.id,
        "number": app.number,
        "ref": app.ref,
        "for": _what(app, snapshot),
        "state": state(app.status),
        "revision": app.revision,
        "editable": app.state in EDITABLE,
        "created_at": app.created_at,
        "updated_at": app.updated_at,
        "submitted_at": app.submitted_at,
        "started_channel": app.started_channel,
        "children": [child(c, snapshot) for c in app.children],
    }


def file_json(stored: StoredFile) -> Json:
    return {
        "id": stored.id,
        "material": stored.material_code,
        "name": stored.display_name,
        "media_type": stored.media_type,
        "size": stored.size,
        "pages": stored.pages,
        "width": stored.width,
        "height": stored.height,
        "uploaded_at": stored.uploaded_at,
        # A bundle's files belong to the parent; its children list them too.
        "url": f"{API_PREFIX}/applications/{stored.application_id}/files/{stored.id}",
    }


def _answer(view: FieldView) -> Json:
    body = ser.field(view.field)
    body.update(
        {
            "value": view.value,
            # A masked value is for showing; sending it back unchanged keeps the answer.
            "masked": view.masked,
            "source": {"kind": view.source.source, "label": ser.text(view.source.label)} if view.source else None,
            "problem": problem(view.problem) if view.problem else None,
        }
    )
    return body


def certificate(cert: Certificate, snapshot: CatalogSnapshot) -> Json:
    cert_type = snapshot.certificate_types.get(cert.type_code)
    return {
        "id": cert.id,
        "type": {"code": cert.type_code, "name": ser.text(cert_type.name) if cert_type else None},
        "number": redact(cert.number),
        "issuer": cert.issuer,
        "issued_at": cert.issued_at,
        "valid_until": cert.valid_until,
    }


def _material(view: MaterialView, snapshot: CatalogSnapshot) -> Json:
    body = ser.material(view.entry.material, snapshot, view.entry.item_codes)
    body.update(
        {
            "status": view.status,
            "certificate": certificate(view.certificate, snapshot) if view.certificate else None,
            "shared_department": (
                ser.department_ref(view.shared_department, snapshot.departments) if view.shared_department else None
            ),
            "files": [file_json(f) for f in view.files],
            "problem": problem(view.problem) if view.problem else None,
        }
    )
    return body


def check(view: FormView) -> Json:
    """The pre-submission check: everything still missing, at once."""
    return {"ready": view.ready, "problems": [problem(p) for p in view.problems]}


def detail(
    app: Application,
    view: FormView,
    snapshot: CatalogSnapshot,
    *,
    trips: int,
    results: Sequence[ResultDocument],
    time: TimeStatus | None = None,
) -> Json:
    body = summary(app, snapshot)
    body.update(
        {
            "department": ser.department_ref(app.department, snapshot.departments) if app.department else None,
            "form": {
                "groups": [
                    {
                        "code": group.code,
                        "title": ser.text(group.title),
                        "fields": [_answer(field_view) for field_view in fields],
                    }
                    for group, fields in view.groups
                ]
            },
            "materials": [_material(m, snapshot) for m in view.materials],
            "fees": None if view.fees is None else [ser.fee(f) for f in view.fees],
            "delivery": {
                "method": view.delivery_method,
                "address": redact(view.delivery_address) if view.delivery_address else None,
                "options": [ser.named(code, DELIVERY_TEXT[code]) for code in view.delivery_options],
            },
            "check": check(view),
            "correction": [{"target": c.target, "reason": redact(c.reason)} for c in app.correction],
            "trips": trips,
            "results": [result(doc) for doc in results],
            "time": time_json(time) if time is not None and time.shown else None,
        }
    )
    return body


def time_json(status: TimeStatus) -> Json:
    """承诺时限: the light, the promised date and the sentence the citizen reads."""
    return {
        "light": status.light,
        "light_name": ser.text(status.light_text) if status.light_text else None,
        "promised_due": status.promised_due.isoformat() if status.promised_due else None,
        "legal_due": status.legal_due.isoformat() if status.legal_due else None,
        "working_days_left": status.working_days_left,
        "paused": status.paused,
        "pause_reason": status.pause_reason,
        "plain": ser.text(status.plain),
    }


def event(e: Event, description: Text) -> Json:
    return {
        "at": e.at,
        "act": e.act,
        "actor": {"kind": e.actor_kind, "label": e.actor_label, "role": e.actor_role, "department": e.department},
        "from_state": state(e.from_state) if e.from_state else None,
        "to_state": state(e.to_state) if e.to_state else None,
        "text": ser.text(description),
    }


def result(doc: ResultDocument, *, with_body: bool = False) -> Json:
    body: Json = {
        "id": doc.id,
        "kind": doc.kind,
        "number": redact(doc.number),
        "title": ser.text(doc.title),
        "issued_at": doc.issued_at,
    }
    if with_body:
        body["body"] = _redacted(doc.body)
    return body


def _redacted(value: Any) -> Any:
    """A document body with every string redacted (it was written for the citizen, but a
    certificate copy may carry the holder's ID number)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _redacted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v) for v in value]
    return value
