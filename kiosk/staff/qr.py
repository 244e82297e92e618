"""QR codes drawn on the server as inline SVG (segno), so the page needs no script and the
CSP stays strict: no inline styles, size set by `staff.css` through the `qr` class."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(data: str, title: str) -> Markup:
    # segno writes only paths and attributes it builds itself; the title is escaped here.
    svg = segno.make(data, error="m").svg_inline(
        scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None, title=Markup.escape(title)
    )
    return Markup(svg)
