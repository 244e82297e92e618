"""Catalog objects as JSON for the mini-program.

Texts go out as `{"zh", "en"}` pairs and the phone picks; an element the catalog does not
provide is `null` (never a made-up default), so the app can say "not provided".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.catalog.model import (
    AUDIENCE_TEXT,
    CASE_TYPE_TEXT,
    CHANNEL_TEXT,
    DELIVERY_TEXT,
    MATERIAL_KIND_TEXT,
    Bundle,
    Category,
    CertificateType,
    Department,
    Fee,
    FieldGroup,
    FormField,
    Material,
    ServiceItem,
)
from shared.catalog.rules import ChecklistEntry, MergedBundle
from shared.catalog.snapshot import CatalogSnapshot
from shared.i18n import Text

Json = dict[str, Any]


def text(value: Text | None) -> Json | None:
    return None if value is None else {"zh": value.zh, "en": value.en}


def named(code: str, value: Text) -> Json:
    return {"code": code, "name": text(value)}


def department(dept: Department) -> Json:
    return {
        "code": dept.code,
        "name": text(dept.name),
        "short_name": text(dept.short_name),
        "phone": dept.phone,
        "address": text(dept.address),
        "hours": text(dept.hours),
    }


def department_ref(code: str, departments: Mapping[str, Department]) -> Json:
    dept = departments.get(code)
    return {"code": code, "name": text(dept.name) if dept else None}


def category(cat: Category) -> Json:
    return {"code": cat.code, "name": text(cat.name), "audience": cat.audience, "kind": cat.kind, "icon": cat.icon}


def certificate_type(cert: CertificateType) -> Json:
    return {"code": cert.code, "name": text(cert.name), "issuer": cert.issuer}


def item_summary(item: ServiceItem, snapshot: CatalogSnapshot) -> Json:
    return {
        "code": item.code,
        "version": item.version,
        "name": text(item.name),
        "summary": text(item.summary),
        "type": named(item.type.value, item.type.text),
        "department": department_ref(item.department, snapshot.departments),
        "audience": list(item.audience),
        "labels": [named(label.value, label.text) for label in item.labels],
        "promised_days": item.promised_days,
        "max_visits": item.max_visits,
        "fee_fen": item.total_fee_fen,
        "status": item.status,
    }


def field(form_field: FormField) -> Json:
    rules = {
        k: v
        for k, v in (
            ("min_length", form_field.rules.min_length),
            ("max_length", form_field.rules.max_length),
            ("pattern", form_field.rules.pattern),
            ("min", form_field.rules.min),
            ("max", form_field.rules.max),
            ("not_before", form_field.rules.not_before),
            ("not_after", form_field.rules.not_after),
        )
        if v is not None
    }
    return {
        "code": form_field.code,
        "type": form_field.type,
        "label": text(form_field.label),
        "help": text(form_field.help),
        "required": form_field.required,
        "options": [{"value": o.value, "label": text(o.label)} for o in form_field.options],
        "rules": rules,
        "when": form_field.when,
    }


def group(form_group: FieldGroup, fields: list[FormField] | None = None) -> Json:
    return {
        "code": form_group.code,
        "title": text(form_group.title),
        "when": form_group.when,
        "fields": [field(f) for f in (form_group.fields if fields is None else fields)],
    }


def material(m: Material, snapshot: CatalogSnapshot, item_codes: tuple[str, ...] = ()) -> Json:
    cert = snapshot.certificate_types.get(m.certificate_type) if m.certificate_type else None
    body: Json = {
        "code": m.code,
        "name": text(m.name),
        "kind": named(m.kind, MATERIAL_KIND_TEXT[m.kind]),
        "copies": m.copies,
        "required": m.required,
        "note": text(m.note),
        "certificate_type": {"code": cert.code, "name": text(cert.name)} if cert else None,
        "shared_data": (
            {
                "department": department_ref(m.shared_data.department, snapshot.departments),
                "note": text(m.shared_data.note),
            }
            if m.shared_data
            else None
        ),
        "waivable": m.waivable,
        "when": m.when,
    }
    if item_codes:
        body["items"] = list(item_codes)
    return body


def fee(f: Fee) -> Json:
    return {"name": text(f.name), "amount_fen": f.amount_fen, "basis": text(f.basis), "when": f.when}


def item_detail(item: ServiceItem, snapshot: CatalogSnapshot) -> Json:
    body = item_summary(item, snapshot)
    body.update(
        {
            "national_code": item.national_code,
            "keywords": list(item.keywords),
            "co_departments": [department_ref(code, snapshot.departments) for code in item.co_departments],
            "audience": [named(a, AUDIENCE_TEXT[a]) for a in item.audience],
            "case_type": named(item.case_type, CASE_TYPE_TEXT[item.case_type]) if item.case_type else None,
            "legal_days": item.legal_days,
            "visit_reason": text(item.visit_reason),
            "channels": {name: getattr(item.channels, name) for name in CHANNEL_TEXT},
            "fees": None if item.fees is None else [fee(f) for f in item.fees],
            "legal_basis": [text(t) for t in item.legal_basis],
            "places": [
                {
                    "name": text(p.name),
                    "address": text(p.address),
                    "hours": text(p.hours),
                    "phone": p.phone,
                    "level": p.level,
                }
                for p in item.places
            ],
            "steps": [{"title": text(s.title), "description": text(s.description)} for s in item.steps],
            "faq": [{"question": text(f.question), "answer": text(f.answer)} for f in item.faq],
            "materials": [material(m, snapshot) for m in item.materials],
            "form": {"groups": [group(g) for g in item.form]},
            "result": (
                {
                    "name": text(item.result.name),
                    "certificate_type": item.result.certificate_type,
                    "delivery": [named(d, DELIVERY_TEXT[d]) for d in item.result.delivery],
                }
                if item.result
                else None
            ),
            "categories": list(item.categories),
            "deemed_approval": item.deemed_approval,
        }
    )
    return body


def bundle_summary(bundle: Bundle) -> Json:
    return {
        "code": bundle.code,
        "version": bundle.version,
        "name": text(bundle.name),
        "summary": text(bundle.summary),
        "audience": list(bundle.audience),
        "item_count": len(bundle.items),
        "promised_days": bundle.promised_days,
        "status": bundle.status,
    }


def bundle_detail(bundle: Bundle, items: list[ServiceItem], merged: MergedBundle, snapshot: CatalogSnapshot) -> Json:
    body = bundle_summary(bundle)
    body.update(
        {
            "keywords": list(bundle.keywords),
            "categories": list(bundle.categories),
            "items": [
                {**item_summary(item, snapshot), "pinned_version": ref.version}
                for ref, item in zip(bundle.items, items, strict=True)
            ],
            "promised_days": merged.promised_days,
            "max_visits": merged.max_visits,
            "form": {"groups": [group(g) for g in merged.groups]},
            "materials": [material(e.material, snapshot, e.item_codes) for e in merged.materials],
            "fees": [{**fee(f), "item": code} for code, f in merged.fees],
        }
    )
    return body


def checklist(entries: list[ChecklistEntry], snapshot: CatalogSnapshot) -> list[Json]:
    return [material(e.material, snapshot, e.item_codes) for e in entries]
