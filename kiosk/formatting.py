"""Numbers as a citizen reads them: money in yuan, time limits in working days, trips.

Pure functions returning `Text`, so both languages are tested directly; the templates call
them through filters. `None` (the catalog does not say) never reaches these: the templates
print "not provided" instead.
"""

from __future__ import annotations

from kiosk.texts import UI
from shared.i18n import Text


def money(amount_fen: int) -> Text:
    """An amount in fen (分) as yuan: 2000 → "20 元" / "CNY 20"; 1250 → "12.50 元"."""
    yuan, fen = divmod(amount_fen, 100)
    number = f"{yuan:,}" if fen == 0 else f"{yuan:,}.{fen:02d}"
    return Text(f"{number} 元", f"CNY {number}")


def working_days(days: int) -> Text:
    """A time limit in working days (工作日); 0 means decided on the spot."""
    if days == 0:
        return UI["on_the_spot"]
    return UI["working_days"].format(n=days)


def trips(max_visits: int) -> Text:
    """到现场次数: 0 is the goal of 最多跑一次 and gets said plainly."""
    if max_visits == 0:
        return UI["no_trip"]
    if max_visits == 1:
        return UI["at_most_one_trip"]
    return UI["at_most_trips"].format(n=max_visits)


def copies(count: int | None) -> Text:
    if count is None:
        return UI["copies_unknown"]
    if count == 0:
        return UI["no_paper"]
    if count == 1:
        return UI["one_copy"]
    return UI["copies"].format(n=count)
