"""What an application owes (收费): the fee lines of the catalog version it was made under.

Pure where it can be: `lines_for_item` picks the charges of one item version whose `when`
condition holds for the applicant's answers (a temporary card, an endorsement for two
trips...). `fee_lines` reads the pinned versions: an item application its item version, a
bundle (一件事一次办) the sum of its children's lines, each child with its own answers, or,
before the fan-out, the bundle's pinned items with the parent's answers. A later catalog
change never alters what an application already made owes.

Amounts are integers in fen (分); nothing here ever uses floating point for money.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from shared.applications.model import Application
from shared.catalog import rules
from shared.catalog.model import ServiceItem
from shared.i18n import Text

if TYPE_CHECKING:
    from shared.services import Services


@dataclass(frozen=True, slots=True)
class FeeLine:
    """One charge: its name, the amount in fen and the item it belongs to."""

    item_code: str
    name: Text
    amount_fen: int
    basis: Text | None = None


def lines_for_item(item: ServiceItem, answers: Mapping[str, Any]) -> list[FeeLine]:
    """The charges of one item version that apply to these answers (none when the catalog lists no fee)."""
    return [
        FeeLine(item.code, fee.name, fee.amount_fen, fee.basis)
        for fee in rules.applicable_fees(item.fees, answers) or ()
    ]


def total_fen(lines: Sequence[FeeLine]) -> int:
    return sum(line.amount_fen for line in lines)


def yuan(amount_fen: int) -> str:
    """¥ amount as the hall writes it: 20.00 (two decimals, from integer fen)."""
    return f"{amount_fen // 100}.{amount_fen % 100:02d}"


async def fee_lines(services: Services, app: Application) -> list[FeeLine]:
    """Every charge of `app` at the catalog version it was made under."""
    if app.kind == "item":
        if app.item_code is None or app.item_version is None:
            return []
        item = await services.catalog.item_version(app.item_code, app.item_version)
        return lines_for_item(item, app.answers) if item is not None else []
    if app.children:
        lines: list[FeeLine] = []
        for child in app.children:
            lines.extend(await fee_lines(services, child))
        return lines
    if app.bundle_code is None or app.bundle_version is None:
        return []
    bundle = await services.catalog.bundle_version(app.bundle_code, app.bundle_version)
    if bundle is None:
        return []
    lines = []
    for item in await services.catalog.pinned_items(bundle):
        lines.extend(lines_for_item(item, app.answers))
    return lines


async def amount_due_fen(services: Services, app: Application) -> int:
    """The whole fee of `app` in fen (a bundle: the sum of its children's fees); 0 when free."""
    return total_fen(await fee_lines(services, app))
