"""Publishing a menu's draft, now or at a set time.

    POST /staff/menus/{menu_id}/publish     when=now | when=later with go_live_at (a
                                            `datetime-local` value read as China time, which
                                            must be in the future), note, revision

The draft is checked in full by the menu rules (`store.publish`): a retired item, an item
not offered at kiosks, a bundle with such an item, an empty group... refuse it with EVERY
problem at once, each shown next to its tile in the editor (422). A draft changed by someone
else since the page was shown is not published (409, their draft shown): one publishes
what one has seen.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kiosk.staff.texts_menus import MENUS_UI
from kiosk.staff.views.menus_common import (
    field,
    int_field,
    parse_china_time,
    require_editor,
    see_other,
    services_of,
    where,
)
from kiosk.staff.views.menus_editor import PublishState, conflict_page, current_menu, render_editor
from shared.errors import Conflict, ValidationFailed
from shared.i18n import Text
from shared.menus import store
from shared.menus.inputs import NOTE_MAX
from shared.menus.rules import MenuRefused


def _when_problems(when: str, go_live_at: str, now: float) -> tuple[float | None, dict[str, Text]]:
    if when != "later":
        return None, {}
    if not go_live_at:
        return None, {"go_live_at": MENUS_UI["when_missing"]}
    moment = parse_china_time(go_live_at)
    if moment is None:
        return None, {"go_live_at": MENUS_UI["when_bad"]}
    if moment <= now:
        return None, {"go_live_at": MENUS_UI["when_past"]}
    return moment, {}


async def publish(request: Request) -> Response:
    principal = await require_editor(request)
    services = services_of(request)
    menu, draft = await current_menu(request)
    form = await request.form()
    when = "later" if field(form, "when", 8) == "later" else "now"
    typed = PublishState(when=when, go_live_at=field(form, "go_live_at", 20), note=field(form, "note", 400))
    now = services.clock.now()
    go_live_at, problems = _when_problems(when, typed.go_live_at, now)
    if len(typed.note) > NOTE_MAX:
        problems["note"] = MENUS_UI["note_too_long"]
    if problems:
        state = PublishState(typed.when, typed.go_live_at, typed.note, problems)
        return await render_editor(request, principal, menu, draft, publish=state, status_code=422)
    revision = int_field(form, "revision")
    try:
        async with services.db.transaction() as tx:
            release = await store.publish(
                tx,
                menu.id,
                await services.catalog.current(),
                principal.actor(),
                now,
                note=typed.note,
                go_live_at=go_live_at,
                expected_revision=revision if revision is not None else -1,
                where=where(request),
            )
    except Conflict:
        return await conflict_page(request, principal)
    except MenuRefused as refused:
        state = PublishState(typed.when, typed.go_live_at, typed.note, refused=len(refused.menu_problems))
        return await render_editor(
            request, principal, menu, draft, problems=refused.menu_problems, publish=state, status_code=422
        )
    except ValidationFailed as refused:  # the note or the time, as the store checks them
        found = {problem.path: problem.message for problem in refused.problems}
        state = PublishState(typed.when, typed.go_live_at, typed.note, found)
        return await render_editor(request, principal, menu, draft, publish=state, status_code=422)
    if go_live_at is None:
        return see_other(f"/staff/menus/{menu.id}?done=publish&version={release.version}")
    return see_other(f"/staff/menus/{menu.id}?done=schedule&version={release.version}&at={int(release.go_live_at)}")
