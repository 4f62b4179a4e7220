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
PLOT_HEIGHT = 230  # the page's chart; a printout passes a flatter one
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


@dataclass(frozen=True)
class Scale:
    """Where an occasion and a total fall: `count` occasions across, the 0-21 scale over `height` points."""

    count: int
    height: int = PLOT_HEIGHT

    def x(self, index: int) -> float:
        span = WIDTH - LEFT - RIGHT
        return LEFT + (span / 2 if self.count == 1 else span * index / (self.count - 1))

    def y(self, total: float) -> float:
        return TOP + self.height * (1 - total / SCALE_MAX)


def _marker(side: int, x: float, y: float) -> str:
    colour = COLOURS[side]
    if side == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="{colour}" stroke="#ffffff" stroke-width="1.5"/>'
    return (
        f'<rect x="{x - 5.5:.1f}" y="{y - 5.5:.1f}" width="11" height="11" fill="{colour}" stroke="#ffffff" '
        'stroke-width="1.5"/>'
    )


def _band(side: int, band: tuple[float, float], scale: Scale) -> str:
    low, high = band
    top, bottom = scale.y(high), scale.y(low)
    return (
        f'<rect x="{LEFT}" y="{top:.1f}" width="{WIDTH - LEFT - RIGHT}" height="{bottom - top:.1f}" '
        f'fill="{COLOURS[side]}" fill-opacity="0.10" stroke="{COLOURS[side]}" stroke-opacity="0.55" '
        'stroke-width="1" stroke-dasharray="2 3"/>'
    )


def _line(side: int, line: Line, scale: Scale) -> str:
    points = [(index, total) for index, total in enumerate(line.totals) if total is not None]
    if len(points) < 2:
        return ""
    path = " ".join(f"{scale.x(i):.1f},{scale.y(t):.1f}" for i, t in points)
    return f'<polyline points="{path}" fill="none" stroke="{COLOURS[side]}" stroke-width="2.5"/>'


def _points(side: int, line: Line, scale: Scale, numbers: bool) -> str:
    """Markers and their totals, drawn over both lines so neither partner's numbers hide under the other's line.
    Partner A's number above the point, B's below, so two close lines stay readable."""
    offset = -10 if side == 0 else 20
    parts = []
    for index, total in enumerate(line.totals):
        if total is None:
            continue
        x, y = scale.x(index), scale.y(total)
        parts.append(_marker(side, x, y))
        if numbers:
            parts.append(
                f'<text x="{x:.1f}" y="{y + offset:.1f}" font-size="13" text-anchor="middle" fill="{COLOURS[side]}" '
                f'font-weight="bold">{total}</text>'
            )
    return "".join(parts)


def _axes(labels: Sequence[str], cutoff: float, text: TrendText, scale: Scale) -> str:
    parts = []
    for total in (0, 7, 14, 21):
        y = scale.y(total)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#d6d6d6" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" font-size="12" text-anchor="end" fill="{MUTED}">{total}</text>'
        )
    y = scale.y(cutoff)
    parts.append(
        f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{CUTOFF_COLOUR}" stroke-width="1.5" '
        'stroke-dasharray="6 4"/>'
    )
    bottom = TOP + scale.height
    for index, label in enumerate(labels):
        parts.append(
            f'<text x="{scale.x(index):.1f}" y="{bottom + 20}" font-size="12" text-anchor="middle" fill="{INK}">'
            f"{escape(label)}</text>"
        )
    middle = TOP + scale.height / 2
    parts.append(
        f'<text x="12" y="{middle:.1f}" font-size="12" fill="{MUTED}" text-anchor="middle" '
        f'transform="rotate(-90 12 {middle:.1f})">{escape(text.axis)}</text>'
    )
    return "".join(parts)


def _legend(lines: Sequence[Line], text: TrendText) -> str:
    """The partners' markers, then the cut-off's dashes and the band's swatch: kept out of the plot, where they
    would sit on the points."""
    parts, x = [], 8
    for side, line in enumerate(lines):
        parts.append(_marker(side, x + 6, 14))
        parts.append(f'<text x="{x + 18}" y="19" font-size="13" fill="{INK}">{escape(line.name)}</text>')
        x += 40 + 8 * len(line.name)
    parts.append(
        f'<line x1="{x}" y1="14" x2="{x + 24}" y2="14" stroke="{CUTOFF_COLOUR}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        f'<text x="{x + 30}" y="19" font-size="12" fill="{CUTOFF_COLOUR}">{escape(text.cutoff)}</text>'
        f'<rect x="8" y="30" width="14" height="10" fill="{MUTED}" fill-opacity="0.15" stroke="{MUTED}" '
        'stroke-dasharray="2 3"/>'
        f'<text x="28" y="39" font-size="12" fill="{MUTED}">{escape(text.band)}</text>'
    )
    return "".join(parts)


def trend_chart(
    labels: Sequence[str],
    lines: Sequence[Line],
    cutoff: float,
    text: TrendText,
    svg_id: str = "trend-chart",
    height: int = PLOT_HEIGHT,
    numbers: bool = True,
) -> str:
    """Each partner's totals at each occasion (`labels`, short, in order) on the 0-21 scale, with the cut-off line
    and each partner's band of no reliable change around their starting total. `height`: of the plot, in the
    drawing's units; a printout's is flatter and leaves the numbers to the table printed beside it (`numbers`)."""
    if len(lines) > len(COLOURS):
        raise ValueError("the trend chart draws two partners")
    scale = Scale(len(labels), height)
    bands = "".join(_band(side, line.band, scale) for side, line in enumerate(lines) if line.band is not None)
    plotted = "".join(_line(side, line, scale) for side, line in enumerate(lines))
    plotted += "".join(_points(side, line, scale, numbers) for side, line in enumerate(lines))
    title_id, desc_id = f"{svg_id}-title", f"{svg_id}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{svg_id}" class="attune-chart trend-chart" '
        f'viewBox="0 0 {WIDTH} {TOP + height + BOTTOM}" width="100%" role="img" aria-labelledby="{title_id} {desc_id}" '
        'font-family="DejaVu Sans, Arial, sans-serif">'
        f'<title id="{title_id}">{escape(text.title)}</title><desc id="{desc_id}">{escape(text.description)}</desc>'
        f"{_legend(lines, text)}{bands}{_axes(labels, cutoff, text, scale)}{plotted}</svg>"
    )
