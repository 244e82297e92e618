"""The catalog's objects, following the national item elements (GB/T 39554.1, C0109).

They are built from the JSON documents that `catalog.schema.json` describes; a published
version is immutable, so these dataclasses are frozen. Optional elements that a catalog
does not provide are `None` (or an empty tuple where "none" and "not provided" mean the
same), never a made-up default; `fees is None` means "not provided" while `fees == ()`
means free of charge.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from shared.catalog.labels import Label, derive_labels
from shared.i18n import Text

Condition = Mapping[str, Any]
Document = dict[str, Any]


class ItemType(StrEnum):
    ADMINISTRATIVE_PERMIT = "administrative_permit"  # 行政许可
    ADMINISTRATIVE_CONFIRMATION = "administrative_confirmation"  # 行政确认
    ADMINISTRATIVE_PAYMENT = "administrative_payment"  # 行政给付
    ADMINISTRATIVE_RULING = "administrative_ruling"  # 行政裁决
    ADMINISTRATIVE_REWARD = "administrative_reward"  # 行政奖励
    OTHER_POWER = "other_power"  # 其他行政权力
    PUBLIC_SERVICE = "public_service"  # 公共服务

    @property
    def text(self) -> Text:
        return ITEM_TYPE_TEXT[self]


ITEM_TYPE_TEXT: dict[ItemType, Text] = {
    ItemType.ADMINISTRATIVE_PERMIT: Text("行政许可", "Administrative permit"),
    ItemType.ADMINISTRATIVE_CONFIRMATION: Text("行政确认", "Administrative confirmation"),
    ItemType.ADMINISTRATIVE_PAYMENT: Text("行政给付", "Administrative payment"),
    ItemType.ADMINISTRATIVE_RULING: Text("行政裁决", "Administrative ruling"),
    ItemType.ADMINISTRATIVE_REWARD: Text("行政奖励", "Administrative reward"),
    ItemType.OTHER_POWER: Text("其他行政权力", "Other administrative power"),
    ItemType.PUBLIC_SERVICE: Text("公共服务", "Public service"),
}

AUDIENCE_TEXT = {"person": Text("个人", "Individuals"), "company": Text("企业", "Companies")}
CASE_TYPE_TEXT = {
    "instant": Text("即办件", "Decided on the spot"),
    "commitment": Text("承诺件", "Decided within the promised time"),
}
MATERIAL_KIND_TEXT = {
    "original": Text("原件", "Original"),
    "copy": Text("复印件", "Copy"),
    "electronic": Text("电子材料", "Electronic"),
}
CHANNEL_TEXT = {
    "online": Text("网上办理", "Online"),
    "kiosk": Text("自助终端", "Self-service kiosk"),
    "mobile": Text("掌上办理", "Phone"),
    "appointment": Text("预约办理", "By appointment"),
    "courier": Text("快递送达", "Delivery by courier"),
}
DELIVERY_TEXT = {
    "window": Text("窗口领取", "Collect at the window"),
    "mail": Text("邮寄送达", "By mail"),
    "electronic": Text("电子送达", "Electronic"),
    "kiosk_print": Text("自助终端打印", "Print at a kiosk"),
}
FIELD_TYPES = ("text", "number", "date", "choice", "id_number", "phone", "address", "file")


def _text(data: Mapping[str, Any], key: str) -> Text | None:
    value = data.get(key)
    return Text.from_dict(value) if value is not None else None


def _texts(data: Mapping[str, Any], key: str) -> tuple[Text, ...]:
    return tuple(Text.from_dict(value) for value in data.get(key, ()))


@dataclass(frozen=True, slots=True)
class Department:
    """实施主体 / 部门: the department that handles items."""

    code: str
    name: Text
    short_name: Text | None = None
    phone: str | None = None
    address: Text | None = None
    hours: Text | None = None

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> Department:
        return cls(
            doc["code"],
            Text.from_dict(doc["name"]),
            _text(doc, "short_name"),
            doc.get("phone"),
            _text(doc, "address"),
            _text(doc, "hours"),
        )


@dataclass(frozen=True, slots=True)
class Category:
    """A browsing category: a topic (证件, 社保) or a life event (出生, 退休) for persons or companies."""

    code: str
    name: Text
    audience: str
    kind: str
    icon: str | None
    position: int

    @classmethod
    def from_document(cls, doc: Mapping[str, Any], position: int) -> Category:
        return cls(
            doc["code"],
            Text.from_dict(doc["name"]),
            doc["audience"],
            doc["kind"],
            doc.get("icon"),
            int(doc.get("position", position)),
        )


@dataclass(frozen=True, slots=True)
class CertificateType:
    """电子证照: an electronic certificate type that can stand in for a paper material."""

    code: str
    name: Text
    issuer: str | None

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> CertificateType:
        return cls(doc["code"], Text.from_dict(doc["name"]), doc.get("issuer"))


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: Text


@dataclass(frozen=True, slots=True)
class FieldRules:
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    min: float | None = None
    max: float | None = None
    not_before: str | None = None
    not_after: str | None = None


@dataclass(frozen=True, slots=True)
class FormField:
    code: str
    type: str
    label: Text
    help: Text | None
    required: bool
    options: tuple[Option, ...]
    rules: FieldRules
    when: Condition | None


@dataclass(frozen=True, slots=True)
class FieldGroup:
    """One screen of the step-by-step form: a group of related questions."""

    code: str
    title: Text
    when: Condition | None
    fields: tuple[FormField, ...]


@dataclass(frozen=True, slots=True)
class SharedData:
    """免证明 / 数据共享: the department the data is fetched from instead of a paper."""

    department: str
    note: Text | None


@dataclass(frozen=True, slots=True)
class Material:
    """申请材料: one required (or optional) material."""

    code: str
    name: Text
    kind: str
    copies: int | None
    required: bool
    note: Text | None
    certificate_type: str | None
    shared_data: SharedData | None
    when: Condition | None

    @property
    def waivable(self) -> bool:
        """Whether an electronic certificate or shared data can replace the paper."""
        return self.certificate_type is not None or self.shared_data is not None


@dataclass(frozen=True, slots=True)
class Fee:
    name: Text
    amount_fen: int
    basis: Text | None
    when: Condition | None


@dataclass(frozen=True, slots=True)
class Place:
    name: Text
    address: Text | None
    hours: Text | None
    phone: str | None
    level: str | None


@dataclass(frozen=True, slots=True)
class Step:
    title: Text
    description: Text | None


@dataclass(frozen=True, slots=True)
class Faq:
    question: Text
    answer: Text


@dataclass(frozen=True, slots=True)
class Result:
    name: Text
    certificate_type: str | None
    delivery: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Channels:
    """Where an item can be handled; `None` means the catalog does not say."""

    online: bool | None = None
    kiosk: bool | None = None
    mobile: bool | None = None
    appointment: bool | None = None
    courier: bool | None = None


def _condition(data: Mapping[str, Any]) -> Condition | None:
    return data.get("when")


def _field(doc: Mapping[str, Any]) -> FormField:
    rules = doc.get("rules", {})
    return FormField(
        code=doc["code"],
        type=doc["type"],
        label=Text.from_dict(doc["label"]),
        help=_text(doc, "help"),
        required=bool(doc.get("required", True)),
        options=tuple(Option(o["value"], Text.from_dict(o["label"])) for o in doc.get("options", ())),
        rules=FieldRules(**rules),
        when=_condition(doc),
    )


def _material(doc: Mapping[str, Any]) -> Material:
    shared = doc.get("shared_data")
    return Material(
        code=doc["code"],
        name=Text.from_dict(doc["name"]),
        kind=doc["kind"],
        copies=doc.get("copies"),
        required=bool(doc.get("required", True)),
        note=_text(doc, "note"),
        certificate_type=doc.get("certificate_type"),
        shared_data=SharedData(shared["department"], _text(shared, "note")) if shared else None,
        when=_condition(doc),
    )


@dataclass(frozen=True, slots=True)
class SpecialProcedureRule:
    """特别程序 (hearing, expert review, public notice...): 行政许可法 第四十五条 says its time is
    not counted in the limit unless the item says otherwise (`counted`)."""

    kind: str
    counted: bool


@dataclass(frozen=True)
class ServiceItem:
    """政务服务事项: one published version of a service item."""

    code: str
    version: int
    national_code: str | None
    name: Text
    summary: Text | None
    keywords: tuple[str, ...]
    type: ItemType
    department: str
    co_departments: tuple[str, ...]
    audience: tuple[str, ...]
    case_type: str | None
    legal_days: int | None
    promised_days: int | None
    max_visits: int | None
    visit_reason: Text | None
    channels: Channels
    fees: tuple[Fee, ...] | None
    legal_basis: tuple[Text, ...]
    places: tuple[Place, ...]
    steps: tuple[Step, ...]
    faq: tuple[Faq, ...]
    materials: tuple[Material, ...]
    form: tuple[FieldGroup, ...]
    result: Result | None
    categories: tuple[str, ...]
    popularity: int
    deemed_approval: bool
    status: str
    labels: tuple[Label, ...]
    # 特别程序 the item may need, with whether each counts toward the time limit.
    special_procedures: tuple[SpecialProcedureRule, ...] = ()

    @property
    def active(self) -> bool:
        return self.status == "active"

    @property
    def fields(self) -> tuple[FormField, ...]:
        return tuple(field for group in self.form for field in group.fields)

    @property
    def total_fee_fen(self) -> int | None:
        """The fee when every charge applies; None when the catalog does not provide fees."""
        return None if self.fees is None else sum(fee.amount_fen for fee in self.fees)

    @classmethod
    def from_document(cls, doc: Mapping[str, Any], version: int) -> ServiceItem:
        channels = Channels(**doc.get("channels", {}))
        places = tuple(
            Place(Text.from_dict(p["name"]), _text(p, "address"), _text(p, "hours"), p.get("phone"), p.get("level"))
            for p in doc.get("places", ())
        )
        result = doc.get("result")
        return cls(
            code=doc["code"],
            version=version,
            national_code=doc.get("national_code"),
            name=Text.from_dict(doc["name"]),
            summary=_text(doc, "summary"),
            keywords=tuple(doc.get("keywords", ())),
            type=ItemType(doc["type"]),
            department=doc["department"],
            co_departments=tuple(doc.get("co_departments", ())),
            audience=tuple(doc.get("audience", ())),
            case_type=doc.get("case_type"),
            legal_days=doc.get("legal_days"),
            promised_days=doc.get("promised_days"),
            max_visits=doc.get("max_visits"),
            visit_reason=_text(doc, "visit_reason"),
            channels=channels,
            fees=(
                tuple(
                    Fee(Text.from_dict(f["name"]), f["amount_fen"], _text(f, "basis"), _condition(f))
                    for f in doc["fees"]
                )
                if "fees" in doc
                else None
            ),
            legal_basis=_texts(doc, "legal_basis"),
            places=places,
            steps=tuple(Step(Text.from_dict(s["title"]), _text(s, "description")) for s in doc.get("steps", ())),
            faq=tuple(Faq(Text.from_dict(f["question"]), Text.from_dict(f["answer"])) for f in doc.get("faq", ())),
            materials=tuple(_material(m) for m in doc.get("materials", ())),
            form=tuple(
                FieldGroup(g["code"], Text.from_dict(g["title"]), _condition(g), tuple(_field(f) for f in g["fields"]))
                for g in doc.get("form", {}).get("groups", ())
            ),
            result=(
                Result(
                    Text.from_dict(result["name"]), result.get("certificate_type"), tuple(result.get("delivery", ()))
                )
                if result
                else None
            ),
            categories=tuple(doc.get("categories", ())),
            popularity=int(doc.get("popularity", 0)),
            deemed_approval=bool(doc.get("deemed_approval", False)),
            special_procedures=tuple(
                SpecialProcedureRule(p["kind"], bool(p.get("counted", False)))
                for p in doc.get("special_procedures", ())
            ),
            status=doc.get("status", "active"),
            labels=derive_labels(
                case_type=doc.get("case_type"),
                max_visits=doc.get("max_visits"),
                online=channels.online,
                kiosk=channels.kiosk,
                place_levels=(p.level for p in places),
            ),
        )


@dataclass(frozen=True, slots=True)
class ItemRef:
    """An item at the version a bundle version was published with."""

    code: str
    version: int


@dataclass(frozen=True)
class Bundle:
    """一件事一次办: items of one life event applied for together."""

    code: str
    version: int
    name: Text
    summary: Text | None
    keywords: tuple[str, ...]
    audience: tuple[str, ...]
    items: tuple[ItemRef, ...]
    categories: tuple[str, ...]
    promised_days: int | None
    popularity: int
    status: str

    @property
    def active(self) -> bool:
        return self.status == "active"

    @classmethod
    def from_document(cls, doc: Mapping[str, Any], version: int, items: tuple[ItemRef, ...]) -> Bundle:
        return cls(
            code=doc["code"],
            version=version,
            name=Text.from_dict(doc["name"]),
            summary=_text(doc, "summary"),
            keywords=tuple(doc.get("keywords", ())),
            audience=tuple(doc.get("audience", ())),
            items=items,
            categories=tuple(doc.get("categories", ())),
            promised_days=doc.get("promised_days"),
            popularity=int(doc.get("popularity", 0)),
            status=doc.get("status", "active"),
        )
