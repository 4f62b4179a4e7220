"""The trend chart: each partner's CSI-4 over time as inline SVG, the same drawing on the couple page and in the PDF.

Pure: standard library only, no Django. Every text (names, labels, words) comes from the caller, already
translated, and is escaped here; only presentation attributes are used, so the SVG needs no inline style. Partner
A's points are circles and B's squares, in the perception chart's two colours, so colour is never the only cue.
The drawing is narrow and its type large, so that scaled to a 360-pixel phone its words stay readable.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 420
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 62, 40
PLOT_HEIGHT = 210  # the page's chart; a printout passes a flatter one
SCALE_MAX = 21
TYPE = 15  # the size of every word and number, in the drawing's units
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
    """Where an occasion and a total fall: `count` occasions across, the 0-21 scale over `height` units."""

    count: int
    height: int = PLOT_HEIGHT

    def x(self, index: int) -> float:
        span = WIDTH - LEFT - RIGHT
        return LEFT + (span / 2 if self.count == 1 else span * index / (self.count - 1))

    def y(self, total: float) -> float:
        return TOP + self.height * (1 - total / SCALE_MAX)


def _text(x: float, y: float, words: str, fill: str = INK, anchor: str = "start", bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{TYPE}" text-anchor="{anchor}" fill="{fill}"{weight}>'
        f"{escape(words)}</text>"
    )


def _marker(side: int, x: float, y: float) -> str:
    colour = COLOURS[side]
    if side == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{colour}" stroke="#ffffff" stroke-width="1.5"/>'
    return (
        f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="{colour}" stroke="#ffffff" '
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


def _points(lines: Sequence[Line], scale: Scale, numbers: bool) -> str:
    """Every marker, over both lines, and its total: at each occasion the higher total is written above its point
    and the lower below, so two close lines never write over each other."""
    parts = []
    for index in range(scale.count):
        found = [(side, total) for side, line in enumerate(lines) if (total := line.totals[index]) is not None]
        # Highest first (partner A first on a tie): the first is written above its point, the other below.
        for rank, (side, total) in enumerate(sorted(found, key=lambda pair: -pair[1])):
            x, y = scale.x(index), scale.y(total)
            parts.append(_marker(side, x, y))
            if numbers:
                parts.append(_text(x, y - 11 if rank == 0 else y + 24, str(total), COLOURS[side], "middle", bold=True))
    return "".join(parts)


def _axes(labels: Sequence[str], cutoff: float, text: TrendText, scale: Scale) -> str:
    parts = []
    for total in (0, 7, 14, 21):
        y = scale.y(total)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#d6d6d6" stroke-width="1"/>'
        )
        parts.append(_text(LEFT - 7, y + 5, str(total), MUTED, "end"))
    y = scale.y(cutoff)
    parts.append(
        f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{CUTOFF_COLOUR}" stroke-width="1.5" '
        'stroke-dasharray="6 4"/>'
    )
    bottom = TOP + scale.height
    for index, label in enumerate(labels):
        anchor = "start" if index == 0 and scale.count > 1 else "end" if index == scale.count - 1 > 0 else "middle"
        parts.append(_text(scale.x(index), bottom + 24, label, INK, anchor))
    middle = TOP + scale.height / 2
    parts.append(
        f'<text x="13" y="{middle:.1f}" font-size="{TYPE - 2}" fill="{MUTED}" text-anchor="middle" '
        f'transform="rotate(-90 13 {middle:.1f})">{escape(text.axis)}</text>'
    )
    return "".join(parts)


def _legend(lines: Sequence[Line], text: TrendText) -> str:
    """Two rows above the plot, where nothing sits on the points: the partners' markers and names; then the
    cut-off's dashes and the band's swatch."""
    parts, x = [], 8
    for side, line in enumerate(lines):
        parts.append(_marker(side, x + 6, 14))
        parts.append(_text(x + 18, 19, line.name))
        x += 44 + 9 * len(line.name)
    swatch = 44 + 9 * len(text.cutoff)
    parts.append(
        f'<line x1="8" y1="38" x2="28" y2="38" stroke="{CUTOFF_COLOUR}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        + _text(34, 43, text.cutoff, CUTOFF_COLOUR)
        + f'<rect x="{swatch}" y="32" width="20" height="12" fill="{MUTED}" fill-opacity="0.15" stroke="{MUTED}" '
        'stroke-dasharray="2 3"/>' + _text(swatch + 26, 43, text.band, MUTED)
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
    drawn = "".join(_line(side, line, scale) for side, line in enumerate(lines)) + _points(lines, scale, numbers)
    title_id, desc_id = f"{svg_id}-title", f"{svg_id}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{svg_id}" class="attune-chart trend-chart" '
        f'viewBox="0 0 {WIDTH} {TOP + height + BOTTOM}" width="100%" role="img" aria-labelledby="{title_id} {desc_id}" '
        'font-family="DejaVu Sans, Arial, sans-serif">'
        f'<title id="{title_id}">{escape(text.title)}</title><desc id="{desc_id}">{escape(text.description)}</desc>'
        f"{_legend(lines, text)}{bands}{_axes(labels, cutoff, text, scale)}{drawn}</svg>"
    )
