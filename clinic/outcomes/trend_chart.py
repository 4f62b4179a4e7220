"""The trend chart: each partner's CSI-4 over time as inline SVG, the same drawing on the couple page and in the PDF.

Pure: standard library only, no Django. Every text (names, labels, words) comes from the caller, already
translated, and is escaped here; only presentation attributes are used, so the SVG needs no inline style. Partner
A's points are circles and B's squares, in the perception chart's two colours, so colour is never the only cue.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 560
LEFT, RIGHT, TOP, BOTTOM = 46, 18, 58, 44
PLOT_HEIGHT = 230
SCALE_MAX = 21
COLOURS = ("#1d4f91", "#a23b00")  # partner A dark blue, partner B dark orange: as the perception chart
INK = "#1a1a1a"
MUTED = "#5c5c5c"
CUTOFF_COLOUR = "#b3261e"


@dataclass(frozen=True)
class Line:
    """One partner's totals at each occasion (None: not answered), and the band of no reliable change around
    their starting total (None: no start to measure from)."""

    name: str
    totals: tuple[int | None, ...]
    band: tuple[float, float] | None


@dataclass(frozen=True)
class TrendText:
    title: str
    description: str  # the text alternative: each partner's start, latest and what the change means
    cutoff: str  # e.g. "Cut-off 13.5"
    band: str  # what the shaded band is
    axis: str  # what the vertical axis measures


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if count == 1 else span * index / (count - 1))


def _y(total: float) -> float:
    return TOP + PLOT_HEIGHT * (1 - total / SCALE_MAX)


def _marker(side: int, x: float, y: float) -> str:
    colour = COLOURS[side]
    if side == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="{colour}" stroke="#ffffff" stroke-width="1.5"/>'
    return (
        f'<rect x="{x - 5.5:.1f}" y="{y - 5.5:.1f}" width="11" height="11" fill="{colour}" stroke="#ffffff" '
        'stroke-width="1.5"/>'
    )


def _band(side: int, band: tuple[float, float]) -> str:
    low, high = band
    top, bottom = _y(high), _y(low)
    return (
        f'<rect x="{LEFT}" y="{top:.1f}" width="{WIDTH - LEFT - RIGHT}" height="{bottom - top:.1f}" '
        f'fill="{COLOURS[side]}" fill-opacity="0.10" stroke="{COLOURS[side]}" stroke-opacity="0.55" '
        'stroke-width="1" stroke-dasharray="2 3"/>'
    )


def _line(side: int, line: Line, count: int) -> str:
    points = [(index, total) for index, total in enumerate(line.totals) if total is not None]
    parts = []
    if len(points) > 1:
        path = " ".join(f"{_x(i, count):.1f},{_y(t):.1f}" for i, t in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{COLOURS[side]}" stroke-width="2.5"/>')
    # Partner A's numbers above the point, B's below, so two close lines stay readable.
    offset = -10 if side == 0 else 20
    for index, total in points:
        x, y = _x(index, count), _y(total)
        parts.append(_marker(side, x, y))
        parts.append(
            f'<text x="{x:.1f}" y="{y + offset:.1f}" font-size="13" text-anchor="middle" fill="{COLOURS[side]}" '
            f'font-weight="bold">{total}</text>'
        )
    return "".join(parts)


def _axes(labels: Sequence[str], cutoff: float, text: TrendText) -> str:
    count = len(labels)
    parts = []
    for total in (0, 7, 14, 21):
        y = _y(total)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#d6d6d6" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" font-size="12" text-anchor="end" fill="{MUTED}">{total}</text>'
        )
    y = _y(cutoff)
    parts.append(
        f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{CUTOFF_COLOUR}" stroke-width="1.5" '
        'stroke-dasharray="6 4"/>'
        f'<text x="{WIDTH - RIGHT}" y="{y - 5:.1f}" font-size="12" text-anchor="end" fill="{CUTOFF_COLOUR}">'
        f"{escape(text.cutoff)}</text>"
    )
    baseline = TOP + PLOT_HEIGHT
    for index, label in enumerate(labels):
        parts.append(
            f'<text x="{_x(index, count):.1f}" y="{baseline + 20}" font-size="12" text-anchor="middle" fill="{INK}">'
            f"{escape(label)}</text>"
        )
    parts.append(
        f'<text x="12" y="{TOP + PLOT_HEIGHT / 2:.1f}" font-size="12" fill="{MUTED}" text-anchor="middle" '
        f'transform="rotate(-90 12 {TOP + PLOT_HEIGHT / 2:.1f})">{escape(text.axis)}</text>'
    )
    return "".join(parts)


def _legend(lines: Sequence[Line], text: TrendText) -> str:
    parts, x = [], 8
    for side, line in enumerate(lines):
        parts.append(_marker(side, x + 6, 14))
        parts.append(f'<text x="{x + 18}" y="19" font-size="13" fill="{INK}">{escape(line.name)}</text>')
        x += 40 + 8 * len(line.name)
    parts.append(
        f'<rect x="8" y="30" width="14" height="10" fill="{MUTED}" fill-opacity="0.15" stroke="{MUTED}" '
        'stroke-dasharray="2 3"/>'
        f'<text x="28" y="39" font-size="12" fill="{MUTED}">{escape(text.band)}</text>'
    )
    return "".join(parts)


def trend_chart(
    labels: Sequence[str], lines: Sequence[Line], cutoff: float, text: TrendText, svg_id: str = "trend-chart"
) -> str:
    """Each partner's totals at each occasion (`labels`, short, in order) on the 0-21 scale, with the cut-off line
    and each partner's band of no reliable change around their starting total."""
    if len(lines) > len(COLOURS):
        raise ValueError("the trend chart draws two partners")
    count = len(labels)
    bands = "".join(_band(side, line.band) for side, line in enumerate(lines) if line.band is not None)
    plotted = "".join(_line(side, line, count) for side, line in enumerate(lines))
    height = TOP + PLOT_HEIGHT + BOTTOM
    title_id, desc_id = f"{svg_id}-title", f"{svg_id}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{svg_id}" class="attune-chart trend-chart" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-labelledby="{title_id} {desc_id}" '
        'font-family="DejaVu Sans, Arial, sans-serif">'
        f'<title id="{title_id}">{escape(text.title)}</title><desc id="{desc_id}">{escape(text.description)}</desc>'
        f"{_legend(lines, text)}{bands}{_axes(labels, cutoff, text)}{plotted}</svg>"
    )
