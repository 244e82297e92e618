"""Reading kiosk pages in tests: the visible text of an element, without a parser dependency."""

from __future__ import annotations

import html
import json
import re

import httpx2

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def text(markup: str) -> str:
    """The text of some HTML with tags dropped and whitespace collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", markup))).strip()


def section(markup: str, element_id: str) -> str:
    """The HTML of the <section> that contains the element with this id (e.g. a heading)."""
    start = markup.rfind("<section", 0, markup.index(f'id="{element_id}"'))
    end = markup.index("</section>", start)
    return markup[start:end]


def moved_to(response: httpx2.Response) -> str | None:
    """Where an htmx answer moves the whole screen: the path of its `HX-Location` (kiosk.htmx.move_on)."""
    raw = response.headers.get("hx-location")
    if raw is None:
        return None
    destination = json.loads(raw)
    assert destination["target"] == "body" and destination["swap"] == "outerSync"
    return str(destination["path"])
