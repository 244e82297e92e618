"""Reading kiosk pages in tests: the visible text of an element, without a parser dependency."""

from __future__ import annotations

import html
import re

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
