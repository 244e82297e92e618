"""Charts drawn on the server as SVG: lines, horizontal bars, stacked bars, small multiples.

No chart library and no JavaScript: the board must print, work with scripts off and pass a
strict Content-Security-Policy, so every colour and font comes from classes styled in
static/css/staff.css (no `style` attribute anywhere). Geometry is in a viewBox; CSS scales the
whole picture to its column. Every chart carries a <title> and an aria-label, and the figures
it shows are also in a table beside it (a chart is for seeing, the table for reading).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


def _n(value: float) -> str:
    """A coordinate with at most one decimal (smaller files, same picture)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(kind: str, width: float, height: float, label: str, body: list[str]) -> Markup:
    head = (
        f'<svg class="chart chart-{kind}" viewBox="0 0 {_n(width)} {_n(height)}" role="img"'
        f' aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>'
    )
    return Markup(head + "".join(body) + "</svg>")


def short(label: str, most: int = 13) -> str:
    """A label that fits beside a bar; the whole one stays in the table and the <title>."""
    return label if len(label) <= most else label[: most - 1] + "…"


def _text(x: float, y: float, content: str, cls: str, anchor: str = "start") -> str:
    return f'<text x="{_n(x)}" y="{_n(y)}" class="{cls}" text-anchor="{anchor}">{escape(content)}</text>'


def nice_max(value: float) -> float:
    """A round upper bound for an axis (1, 2, 4, 8 × 10^k: its quarters are round too)."""
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** (len(str(int(value))) - 1)
    for step in (1.0, 2.0, 4.0, 8.0, 10.0):  # quarters of these are round numbers
        if value <= step * magnitude:
            return step * magnitude
    return 10.0 * magnitude


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: Sequence[float | None]  # None: no data that week (a gap, not a zero)
    cls: str  # series-a, series-b, ...


def line_chart(
    series: Sequence[Series],
    x_labels: Sequence[str],
    label: str,
    *,
    percent: bool = False,
    width: float = 720,
    height: float = 260,
) -> Markup:
    """Lines over time with a y axis (0..a round maximum, or 0..100 % for rates) and a legend."""
    left, right, top, bottom = 44.0, 28.0, 28.0, 30.0
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    y_max = 1.0 if percent else nice_max(max(values, default=0.0))
    count = max(len(x_labels), 1)
    step = plot_w / max(count - 1, 1)
    body: list[str] = []
    for i in range(5):
        share = i / 4
        y = top + plot_h - share * plot_h
        body.append(f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(width - right)}" y2="{_n(y)}" class="grid"/>')
        tick = f"{share * 100:.0f}%" if percent else _n(share * y_max)
        body.append(_text(left - 6, y + 4, tick, "tick", "end"))
    every = max(1, round(count / 8))
    for i, name in enumerate(x_labels):
        if i % every == 0 or i == count - 1:
            body.append(_text(left + i * step, height - 10, name, "tick", "middle"))
    legend_x = left
    for s in series:
        body.append(f'<rect x="{_n(legend_x)}" y="8" width="12" height="12" rx="2" class="swatch {s.cls}"/>')
        body.append(_text(legend_x + 16, 18, s.label, "legend"))
        legend_x += 28 + 13 * len(s.label)
    for s in series:
        runs: list[list[str]] = [[]]
        for i, v in enumerate(s.values):
            if v is None:
                runs.append([])
                continue
            x = left + i * step
            y = top + plot_h - (v / y_max) * plot_h if y_max else top + plot_h
            runs[-1].append(f"{_n(x)},{_n(y)}")
            body.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" class="dot {s.cls}"/>')
        for run in runs:
            if len(run) > 1:
                body.append(f'<polyline points="{" ".join(run)}" class="line {s.cls}"/>')
    return _svg("line", width, height, label, body)


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None
    shown: str  # the value as the reader should read it ("93%", "1.4")
    cls: str = "series-a"  # or good / fair / poor
    marker: float | None = None  # a reference (declared trips, a target) drawn as a tick
    marker_label: str | None = None


def bar_chart(
    bars: Sequence[Bar], label: str, *, maximum: float | None = None, width: float = 560, label_width: float = 150
) -> Markup:
    """Horizontal bars, one row each, with the value at the bar's end and an optional marker."""
    row_h, top = 28.0, 8.0
    height = top * 2 + row_h * max(len(bars), 1)
    plot_left, plot_right = label_width, width - 60
    scale_max = maximum or nice_max(max([b.value or 0.0 for b in bars] + [b.marker or 0.0 for b in bars], default=0.0))
    body: list[str] = []
    for i, bar in enumerate(bars):
        y = top + i * row_h
        body.append(_text(plot_left - 8, y + row_h / 2 + 4, short(bar.label), "bar-label", "end"))
        body.append(
            f'<rect x="{_n(plot_left)}" y="{_n(y + 5)}" width="{_n(plot_right - plot_left)}"'
            f' height="{_n(row_h - 10)}" class="track"/>'
        )
        if bar.value is not None:
            w = (plot_right - plot_left) * min(bar.value / scale_max, 1.0) if scale_max else 0.0
            body.append(
                f'<rect x="{_n(plot_left)}" y="{_n(y + 5)}" width="{_n(max(w, 1.5))}" height="{_n(row_h - 10)}"'
                f' rx="2" class="bar {bar.cls}"/>'
            )
        body.append(_text(plot_right + 6, y + row_h / 2 + 4, bar.shown, "bar-value"))
        if bar.marker is not None and scale_max:
            x = plot_left + (plot_right - plot_left) * min(bar.marker / scale_max, 1.0)
            body.append(f'<line x1="{_n(x)}" y1="{_n(y + 2)}" x2="{_n(x)}" y2="{_n(y + row_h - 2)}" class="marker"/>')
    return _svg("bars", width, height, label, body)


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[int]]],
    classes: Sequence[str],
    label: str,
    *,
    width: float = 560,
    label_width: float = 150,
) -> Markup:
    """100 % stacked horizontal bars (e.g. the five rating levels per department), count at the end."""
    row_h, top = 28.0, 8.0
    height = top * 2 + row_h * max(len(rows), 1)
    plot_left, plot_right = label_width, width - 60
    body: list[str] = []
    for i, (name, parts) in enumerate(rows):
        y = top + i * row_h
        total = sum(parts)
        body.append(_text(plot_left - 8, y + row_h / 2 + 4, short(name), "bar-label", "end"))
        x = plot_left
        for part, cls in zip(parts, classes, strict=True):
            if total and part:
                w = (plot_right - plot_left) * part / total
                body.append(
                    f'<rect x="{_n(x)}" y="{_n(y + 5)}" width="{_n(w)}" height="{_n(row_h - 10)}" class="bar {cls}">'
                    f"<title>{part}</title></rect>"
                )
                x += w
        body.append(_text(plot_right + 6, y + row_h / 2 + 4, str(total), "bar-value"))
    return _svg("stacked", width, height, label, body)


def sparkline(
    values: Sequence[float | None], label: str, *, cls: str = "series-a", y_max: float | None = None
) -> Markup:
    """A small line for a small-multiples grid, no axes; pass one `y_max` to every cell of a
    grid so the cells compare (a small multiple on its own scale misleads)."""
    width, height, pad = 220.0, 64.0, 6.0
    present = [v for v in values if v is not None]
    y_max = y_max or nice_max(max(present, default=0.0))
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = []
    body = [
        f'<line x1="{_n(pad)}" y1="{_n(height - pad)}" x2="{_n(width - pad)}" y2="{_n(height - pad)}" class="grid"/>'
    ]
    for i, v in enumerate(values):
        if v is None:
            continue
        x = pad + i * step
        y = height - pad - (v / y_max) * (height - 2 * pad) if y_max else height - pad
        points.append(f"{_n(x)},{_n(y)}")
    if len(points) > 1:
        area = f"{_n(pad)},{_n(height - pad)} " + " ".join(points) + f" {points[-1].split(',')[0]},{_n(height - pad)}"
        body.append(f'<polygon points="{area}" class="area {cls}"/>')
        body.append(f'<polyline points="{" ".join(points)}" class="line {cls}"/>')
    return _svg("spark", width, height, label, body)
