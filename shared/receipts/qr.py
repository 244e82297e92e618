"""QR codes drawn on the server as SVG (segno), for printed layouts and kiosk screens alike.

No script draws them and segno writes no style attribute, so the kiosk's CSP holds; the
size comes from the surrounding CSS through the viewBox.
"""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(content: str, css_class: str = "qr-code") -> Markup:
    """`content` as an inline SVG QR code (error correction M: a creased receipt still scans)."""
    code = segno.make(content, error="m", micro=False)
    svg = code.svg_inline(border=4, svgclass=css_class, lineclass=None, omitsize=True, light="#fff")
    if "style" in svg:  # a segno upgrade that starts writing styles must not pass silently
        raise RuntimeError("QR SVG carries a style; the CSP would refuse it")
    return Markup(svg)
