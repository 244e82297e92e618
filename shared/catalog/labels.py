"""The item labels 马上办 / 网上办 / 就近办 / 一次办, derived from the item's elements.

Labels are never typed by hand: a hall that types them drifts from what the item really
needs. Each rule reads only elements the catalog holds; an element that is not provided
gives no label rather than a guess.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from shared.i18n import Text


class Label(StrEnum):
    IMMEDIATE = "immediate"  # 马上办: an 即办件, decided on the spot
    ONLINE = "online"  # 网上办: can be done online with no trip at all
    NEARBY = "nearby"  # 就近办: at a kiosk or a street/community service point
    ONE_TRIP = "one_trip"  # 一次办: at most one trip to a hall

    @property
    def text(self) -> Text:
        return LABEL_TEXT[self]


LABEL_TEXT: dict[Label, Text] = {
    Label.IMMEDIATE: Text("马上办", "Done on the spot"),
    Label.ONLINE: Text("网上办", "Online"),
    Label.NEARBY: Text("就近办", "Nearby"),
    Label.ONE_TRIP: Text("一次办", "One trip"),
}

NEARBY_LEVELS = frozenset({"street", "community"})


def derive_labels(
    *,
    case_type: str | None,
    max_visits: int | None,
    online: bool | None,
    kiosk: bool | None,
    place_levels: Iterable[str | None],
) -> tuple[Label, ...]:
    labels: list[Label] = []
    if case_type == "instant":
        labels.append(Label.IMMEDIATE)
    if online and max_visits == 0:
        labels.append(Label.ONLINE)
    if kiosk or any(level in NEARBY_LEVELS for level in place_levels):
        labels.append(Label.NEARBY)
    if max_visits is not None and max_visits <= 1:
        labels.append(Label.ONE_TRIP)
    return tuple(labels)
