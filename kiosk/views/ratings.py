"""GET/POST /applications/{ref}/rating — 好差评 at the kiosk, with big tap targets only.

Two screens and no typing: (1) five large level buttons, 非常满意 … 非常不满意; (2) the
reasons that fit the level, as large toggles (optional), and "send". Only the signed-in
applicant (anyone else's or an unknown number is a 404), only after submission (a draft
is refused with a clear message). Once rated, the page shows the rating, for good.

A double tap on "send" posts twice: the second finds the rating there (AlreadyRated) and
goes the same way as the first, so the citizen never sees an error for it. Afterwards the
page goes back where it came from: the after-submission hub (default) or, with
`?from=app`, the application's own page.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kiosk.templating import render
from kiosk.views.applications_common import Opened, base_path, go, head, open_application
from shared import ratings
from shared.i18n import Text
from shared.ratings.levels import LEVEL_TEXT, LEVEL_VALUES, REASON_TEXT, REASONS_FOR_LEVEL, is_bad
from shared.services import Services

CHANNEL: ratings.RatingChannel = "kiosk"
RETURNS = ("hub", "app")
LEVEL_ICON = {5: "face-happy", 4: "face-happy", 3: "face-neutral", 2: "face-sad", 1: "face-sad"}


@dataclass(frozen=True, slots=True)
class LevelChoice:
    level: int
    text: Text
    icon: str


@dataclass(frozen=True, slots=True)
class ReasonChoice:
    code: str
    text: Text


LEVELS = tuple(LevelChoice(level, LEVEL_TEXT[level], LEVEL_ICON[level]) for level in LEVEL_VALUES)


def _return_to(value: object) -> str:
    return value if isinstance(value, str) and value in RETURNS else "hub"


def after_url(opened: Opened, return_to: str) -> str:
    base = base_path(opened.app)
    return f"{base}/submitted" if return_to == "hub" else base


def _chosen_level(value: str | None) -> int | None:
    if value is None or not value.isdigit():
        return None
    level = int(value)
    return level if level in LEVEL_TEXT else None


def reasons_prompt(level: int) -> str:
    if level >= 4:
        return "rate_reasons_good"
    return "rate_reasons_fair" if level == 3 else "rate_reasons_bad"


async def _page(request: Request, opened: Opened, return_to: str, level: int | None) -> Response:
    services: Services = request.state.services
    ratings.check_ratable(opened.app, opened.citizen.id)
    existing = await ratings.for_application(services.db, opened.app.id)
    context: dict[str, object] = {
        "head": await head(services, opened.app, None),
        "return_to": return_to,
        "after_url": after_url(opened, return_to),
        "rating": existing,
        "levels": LEVELS,
        "level": None if existing else level,
        "level_text": LEVEL_TEXT[level] if level and not existing else None,
        "reasons": [ReasonChoice(code, REASON_TEXT[code]) for code in REASONS_FOR_LEVEL[level]] if level else [],
        "reasons_prompt": reasons_prompt(level) if level else None,
        "bad": is_bad(existing.level) if existing else False,
    }
    return render(request, "ratings/rate.html", context)


async def rating_page(request: Request) -> Response:
    opened = await open_application(request)
    return await _page(
        request,
        opened,
        _return_to(request.query_params.get("from")),
        _chosen_level(request.query_params.get("level")),
    )


async def rate(request: Request) -> Response:
    """Record the rating once and move on; a second post of the same page moves on the same way."""
    opened = await open_application(request, count_trip=False)
    services: Services = request.state.services
    form = await request.form()
    return_to = _return_to(form.get("from"))
    ratings.check_ratable(opened.app, opened.citizen.id)
    raw_level = form.get("level")
    level, reasons, _ = ratings.validate(
        int(raw_level) if isinstance(raw_level, str) and raw_level.isdigit() else raw_level,
        [str(reason) for reason in form.getlist("reason")],
    )
    try:
        async with services.db.transaction() as tx:
            await ratings.rate(
                tx,
                opened.app,
                opened.citizen.id,
                level,
                reasons,
                CHANNEL,
                services.clock.now(),
                device_id=opened.device.id,
            )
    except ratings.AlreadyRated:
        existing = await ratings.for_application(services.db, opened.app.id)
        if existing is None or existing.channel != CHANNEL or existing.level != level:
            # Rated on the phone, or differently a moment ago: show what stands.
            return go(request, f"{base_path(opened.app)}/rating?from={return_to}")
        # A double tap: the first post recorded it; go on the same way.
    return go(request, after_url(opened, return_to))
