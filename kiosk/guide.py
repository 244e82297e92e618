"""The guide screens (办事指南, 一次性告知): everything a citizen must know before the one trip.

`item_guide` and `bundle_guide` gather, from the catalog snapshot, what the templates show:
the department names, the certificate that replaces a paper, the condition of a
situation-dependent material in words, the channels with what the catalog says of each.
What the catalog does not provide stays `None` so the screen says 未提供 / Not provided.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from kiosk.conditions import describe, form_fields
from kiosk.listing import ItemRow, item_rows
from shared.catalog.model import (
    CHANNEL_TEXT,
    DELIVERY_TEXT,
    Bundle,
    Category,
    Fee,
    FieldGroup,
    Material,
    ServiceItem,
)
from shared.catalog.rules import merge_bundle
from shared.catalog.snapshot import CatalogSnapshot
from shared.i18n import Text


@dataclass(frozen=True, slots=True)
class MaterialNote:
    """One material as the guide shows it."""

    material: Material
    # 电子证照 that can replace the paper, and the department sharing the data (免提交).
    certificate_name: Text | None
    shared_by: Text | None
    # When a situation-dependent material is needed, in words (None: not simply said).
    condition: Text | None
    # The items of a bundle that ask for it (empty on an item guide).
    used_by: tuple[ServiceItem, ...] = ()

    @property
    def conditional(self) -> bool:
        return self.material.when is not None


@dataclass(frozen=True, slots=True)
class ChannelStatus:
    """网上办理, 自助终端...: True offered, False not offered, None the catalog does not say."""

    code: str
    name: Text
    offered: bool | None

    @property
    def state(self) -> Literal["yes", "no", "unknown"]:
        if self.offered is None:
            return "unknown"
        return "yes" if self.offered else "no"


@dataclass(frozen=True, slots=True)
class FeeRange:
    """What the citizen pays: the fees that always apply up to all fees (some are conditional)."""

    fees: tuple[Fee, ...]
    least_fen: int
    most_fen: int

    @property
    def free(self) -> bool:
        return self.most_fen == 0


@dataclass(frozen=True, slots=True)
class ItemGuide:
    item: ServiceItem
    department: Text
    co_departments: tuple[Text, ...]
    # None when the catalog does not provide fees; an empty FeeRange means free.
    fees: FeeRange | None
    channels: tuple[ChannelStatus, ...]
    materials: tuple[MaterialNote, ...]
    delivery: tuple[Text, ...]
    back_to: Category | None


@dataclass(frozen=True, slots=True)
class ItemFees:
    item: ServiceItem
    fees: FeeRange | None


@dataclass(frozen=True, slots=True)
class BundleGuide:
    bundle: Bundle
    items: tuple[ItemRow, ...]
    promised_days: int | None
    max_visits: int | None
    materials: tuple[MaterialNote, ...]
    fees: tuple[ItemFees, ...]
    # The whole bundle; None when any item's fees are not provided.
    total_fees: FeeRange | None
    back_to: Category | None


def department_name(snapshot: CatalogSnapshot, code: str) -> Text:
    department = snapshot.departments.get(code)
    return department.name if department else Text(code)


def fee_range(fees: Sequence[Fee] | None) -> FeeRange | None:
    if fees is None:
        return None
    return FeeRange(
        tuple(fees),
        least_fen=sum(fee.amount_fen for fee in fees if fee.when is None),
        most_fen=sum(fee.amount_fen for fee in fees),
    )


def material_note(
    snapshot: CatalogSnapshot, material: Material, groups: Sequence[FieldGroup], used_by: Iterable[ServiceItem] = ()
) -> MaterialNote:
    certificate_name: Text | None = None
    if material.certificate_type is not None:
        certificate = snapshot.certificate_types.get(material.certificate_type)
        certificate_name = certificate.name if certificate else Text(material.certificate_type)
    shared_by = department_name(snapshot, material.shared_data.department) if material.shared_data else None
    return MaterialNote(
        material=material,
        certificate_name=certificate_name,
        shared_by=shared_by,
        condition=describe(material.when, form_fields(groups)),
        used_by=tuple(used_by),
    )


def first_category(snapshot: CatalogSnapshot, codes: Iterable[str]) -> Category | None:
    """Where the back button leads: the first of the categories that exists."""
    return next((snapshot.categories[code] for code in codes if code in snapshot.categories), None)


def item_guide(snapshot: CatalogSnapshot, item: ServiceItem) -> ItemGuide:
    return ItemGuide(
        item=item,
        department=department_name(snapshot, item.department),
        co_departments=tuple(department_name(snapshot, code) for code in item.co_departments),
        fees=fee_range(item.fees),
        channels=tuple(ChannelStatus(code, name, getattr(item.channels, code)) for code, name in CHANNEL_TEXT.items()),
        materials=tuple(material_note(snapshot, material, item.form) for material in item.materials),
        delivery=tuple(DELIVERY_TEXT.get(code, Text(code)) for code in item.result.delivery) if item.result else (),
        back_to=first_category(snapshot, item.categories),
    )


def bundle_guide(snapshot: CatalogSnapshot, bundle: Bundle, items: Sequence[ServiceItem]) -> BundleGuide:
    """The bundle with its items at their pinned versions, materials asked once (merge_bundle)."""
    merged = merge_bundle(items, bundle.promised_days)
    by_code = {item.code: item for item in items}
    item_fees = tuple(ItemFees(item, fee_range(item.fees)) for item in items)
    known = [entry.fees for entry in item_fees if entry.fees is not None]
    total = (
        FeeRange(
            tuple(fee for fees in known for fee in fees.fees),
            least_fen=sum(fees.least_fen for fees in known),
            most_fen=sum(fees.most_fen for fees in known),
        )
        if len(known) == len(item_fees)
        else None
    )
    return BundleGuide(
        bundle=bundle,
        items=tuple(item_rows(snapshot, items)),
        promised_days=merged.promised_days,
        max_visits=merged.max_visits,
        materials=tuple(
            material_note(snapshot, entry.material, merged.groups, (by_code[code] for code in entry.item_codes))
            for entry in merged.materials
        ),
        fees=item_fees,
        total_fees=total,
        back_to=first_category(snapshot, bundle.categories),
    )
