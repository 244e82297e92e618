"""GET /attract — the attract screen (待机页): where the kiosk rests between citizens.

Every end of a session lands here (sign-out, finished, the idle wipe), so the screen a
passer-by sees never shows the last citizen's page. It says which hall this is and
"touch to start" in both languages; any tap opens the home screen. It runs no idle
countdown (there is nothing to wipe) and its only motion is a slow pulse, left out when
the screen asks for reduced motion.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kiosk.templating import render
from kiosk.texts import UI
from shared.i18n import Text

WORDS: dict[str, Text] = {
    "hall": UI["hall_name"],
    "title": UI["attract_title"],
    "start": Text("轻触屏幕开始", "Touch to start"),
    "what": UI["attract_what"],
}


async def attract(request: Request) -> Response:
    # `idle: None`: no countdown on the screen the countdown leads to.
    return render(request, "attract.html", {"idle": None, "words": WORDS}, here="/")
