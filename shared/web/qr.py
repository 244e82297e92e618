"""QR codes drawn on the server as inline SVG (segno): kiosk screens, printed receipts and
staff pages alike. No script draws them and segno writes no style attribute, so the strict
CSP holds; the size comes from the surrounding CSS through the viewBox.
"""

from __future__ import annotations

import segno
from markupsafe import Markup

# A fixed mask pattern: choosing the best of eight was most of segno's time (about 7 ms of
# 8 per code, on every sign-in, payment and receipt screen); every mask is valid and scans,
# the choice only trims the odd large same-colour block.
MASK = 2


def qr_svg(content: str, css_class: str = "qr-code", *, title: str | None = None) -> Markup:
    """`content` as an inline SVG QR code (error correction M: a creased receipt still scans)."""
    code = segno.make(content, error="m", micro=False, mask=MASK)
    # segno escapes nothing it is given: the title is escaped here.
    svg = code.svg_inline(
        border=4,
        svgclass=css_class,
        lineclass=None,
        omitsize=True,
        light="#fff",
        title=Markup.escape(title) if title is not None else None,
    )
    if "style" in svg:  # a segno upgrade that starts writing styles must not pass silently
        raise RuntimeError("QR SVG carries a style; the CSP would refuse it")
    return Markup(svg)
