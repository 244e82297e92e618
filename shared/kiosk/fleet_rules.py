"""The pure rules of the kiosk fleet (自助机设备管理): when a kiosk counts as offline, when
its menu is out of date, which problems it has, and how long ago something happened.

No I/O here: `shared.kiosk.fleet` stores the beats, these functions read them.

- A kiosk screen beats every `BEAT_EVERY_SECONDS`; the server ignores beats that come
  faster than one a second (`MIN_BEAT_INTERVAL_SECONDS`).
- A kiosk without a beat for `OFFLINE_AFTER_SECONDS` is offline (离线): twenty beats missed,
  far more than a slow network or a page reload explains.
- A kiosk's menu is out of date when the stamp its page reported differs from the one it
  should show for longer than `MENU_GRACE_SECONDS`: the next beat after a publish tells
  the page, which reloads itself, so a healthy kiosk catches up within about one beat.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Literal

BEAT_EVERY_SECONDS = 3
MIN_BEAT_INTERVAL_SECONDS = 1.0
WRITE_EVERY_SECONDS = 30.0
OFFLINE_AFTER_SECONDS = 60.0
MENU_GRACE_SECONDS = 10.0
# Under this many seconds a beat reads as "just now" (刚刚).
JUST_NOW_SECONDS = 5

Problem = Literal["offline", "hardware", "alert", "menu"]
PROBLEMS: tuple[Problem, ...] = ("offline", "hardware", "alert", "menu")
MenuState = Literal["current", "updating", "stale", "elsewhere", "none"]
AgoUnit = Literal["just_now", "seconds", "minutes", "hours", "days"]
# Hardware states in which a component still does its job (see shared.kiosk.hardware).
WORKING_STATES = frozenset({"ok", "paper_low"})


@dataclass(frozen=True, slots=True)
class Ago:
    """How long ago, in the largest whole unit: 刚刚, 12 秒前, 3 分钟前, 2 小时前, 5 天前."""

    unit: AgoUnit
    count: int


def ago(seconds: float) -> Ago:
    whole = max(0, int(seconds))
    if whole < JUST_NOW_SECONDS:
        return Ago("just_now", 0)
    if whole < 60:
        return Ago("seconds", whole)
    if whole < 3600:
        return Ago("minutes", whole // 60)
    if whole < 86_400:
        return Ago("hours", whole // 3600)
    return Ago("days", whole // 86_400)


def online(beat_at: float | None, now: float) -> bool:
    """Whether a kiosk that last beat at `beat_at` still counts as running at `now`.

    The limit is exclusive: exactly `OFFLINE_AFTER_SECONDS` of silence is offline.
    """
    return beat_at is not None and now - beat_at < OFFLINE_AFTER_SECONDS


def mismatch_since(shown: str | None, expected: str | None, previous_since: float | None, now: float) -> float | None:
    """Since when the page's menu differs from the one it should show, after a beat at `now`.

    A page that shows no menu (`shown` None: a form, a guide) differs from nothing: the
    citizen on it is never disturbed, and the home screen shows the new menu next time.
    """
    if shown is None or shown == expected:
        return None
    return previous_since if previous_since is not None else now


def menu_state(
    shown: str | None,
    expected: str | None,
    since: float | None,
    beat_at: float | None,
    now: float,
) -> MenuState:
    """What the fleet page says about a kiosk's menu.

    - `none`: no beat yet, or no menu anywhere and none shown;
    - `elsewhere`: the screen is on a page without a menu (a citizen at work);
    - `current`: it shows what it should;
    - `updating`: it differs, for less than the grace period (it reloads on its next beat);
    - `stale`: it differs for longer, or the kiosk has not beaten since before the grace
      period (so it cannot have caught up).
    """
    if beat_at is None:
        return "none"
    if shown is None:
        return "none" if expected is None else "elsewhere"
    if shown == expected:
        return "current"
    started = since if since is not None else beat_at
    if now - started > MENU_GRACE_SECONDS or now - beat_at > MENU_GRACE_SECONDS:
        return "stale"
    return "updating"


def problems(
    *,
    is_online: bool,
    hardware: Mapping[str, str],
    open_alerts: int,
    menu: MenuState,
) -> frozenset[Problem]:
    """Every problem a kiosk has now, for the fleet page's marks and its problem filter."""
    found: set[Problem] = set()
    if not is_online:
        found.add("offline")
    if any(state not in WORKING_STATES for state in hardware.values()):
        found.add("hardware")
    if open_alerts:
        found.add("alert")
    if menu == "stale":
        found.add("menu")
    return frozenset(found)


def matches(found: Collection[Problem], wanted: Problem | Literal["any"] | None) -> bool:
    """The problem filter: None shows every kiosk, "any" those with some problem."""
    if wanted is None:
        return True
    if wanted == "any":
        return bool(found)
    return wanted in found
