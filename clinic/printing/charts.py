"""Charts drawn on the server as inline SVG, for the comparison page and the PDFs alike.

Pure: standard library and the comparison's dataclasses. Every client-supplied
string (partner names) is escaped here; only presentation attributes are used, so
the SVG needs no inline style under a strict Content Security Policy.
"""

from dataclasses import dataclass
from html import escape

from intake.comparison import Category, Comparison, Direction, Side

WIDTH = 640
LABEL_WIDTH = 230
PLOT_RIGHT = WIDTH - 20
NAME_CHARACTERS = 12  # a compact row names the partner, cut to this many characters
COLOURS = {Side.A: "#1d4f91", Side.B: "#a23b00"}  # dark blue and dark orange: distinct, high contrast
GAP_COLOUR = "#b3261e"
MUTED = "#5c5c5c"


@dataclass(frozen=True)
class Layout:
    """The page's roomy chart, or the compact one that fits a PDF's first page: there the area shares its first
    row, each row names only the partner, and the key is left to the caption printed under the chart."""

    label_width: int
    area_row: int  # height of the area's own heading row; 0 puts the heading on the area's first row
    row: int
    gap: int  # after each area
    top: int  # room for the legend and the axis labels

    @property
    def plot_left(self) -> int:
        return self.label_width + 20


ROOMY = Layout(label_width=LABEL_WIDTH, area_row=24, row=24, gap=10, top=66)
COMPACT = Layout(label_width=330, area_row=0, row=13, gap=4, top=40)


@dataclass(frozen=True)
class ChartText:
    """The words the chart needs, already translated by the caller."""

    title: str
    description: str
    no_problem: str
    problem: str
    behaviour_of: str  # "{name}'s behaviour" style template with a {name} placeholder
    answers_of: str  # "{name}'s answers" template
    key: str  # explains hollow (about the partner) and filled (about oneself)
    not_answered: str


def _x(score: int, layout: Layout) -> float:
    return layout.plot_left + (PLOT_RIGHT - layout.plot_left) * score / 4


def _shape(side: Side, x: float, y: float, filled: bool) -> str:
    """Partner A's answers are circles, B's squares, so the chart does not rely on colour alone."""
    colour = COLOURS[side]
    fill = colour if filled else "#ffffff"
    if side is Side.A:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{fill}" stroke="{colour}" stroke-width="2"/>'
    return f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="{fill}" stroke="{colour}" stroke-width="2"/>'


def _row(direction: Direction, y: float, label: str, text: ChartText, layout: Layout) -> str:
    parts = [
        f'<text x="{layout.label_width}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#1a1a1a">'
        f"{escape(label)}</text>"
    ]
    reported, own = direction.reported, direction.self_reported
    if reported is None or own is None or reported.score is None or own.score is None:
        parts.append(
            f'<text x="{layout.plot_left}" y="{y + 4:.1f}" font-size="11" fill="{MUTED}">'
            f"{escape(text.not_answered)}</text>"
        )
        return "".join(parts)
    gap = direction.category == Category.PERCEPTION_GAP
    colour, width = (GAP_COLOUR, 4) if gap else (MUTED, 2)
    parts.append(
        f'<line x1="{_x(reported.score, layout):.1f}" y1="{y:.1f}" x2="{_x(own.score, layout):.1f}" y2="{y:.1f}" '
        f'stroke="{colour}" stroke-width="{width}"/>'
    )
    # The reporter's view of the partner is hollow, the partner's view of themselves filled.
    parts.append(_shape(direction.reporter, _x(reported.score, layout), y, filled=False))
    parts.append(_shape(direction.subject, _x(own.score, layout), y, filled=True))
    return "".join(parts)


def _row_label(comparison: Comparison, side: Side, text: ChartText, compact: bool) -> str:
    name = comparison.name(side)
    if not compact:
        return text.behaviour_of.format(name=name)
    return name if len(name) <= NAME_CHARACTERS else name[: NAME_CHARACTERS - 1] + "…"


def perception_chart(
    comparison: Comparison, text: ChartText, svg_id: str = "perception-chart", compact: bool = False
) -> str:
    """A dumbbell row per area and direction: how one partner sees the other's behaviour (hollow) against
    how that partner sees themselves (filled), on the common 0 (no problem) to 4 (problem) scale."""
    layout = COMPACT if compact else ROOMY
    rows, y = [], layout.top
    for area in comparison.areas:
        rows.append(
            f'<text x="8" y="{y + 4:.1f}" font-size="12" font-weight="bold" fill="#1a1a1a">{escape(area.label)}</text>'
        )
        y += layout.area_row
        for direction in area.directions:
            rows.append(_row(direction, y, _row_label(comparison, direction.subject, text, compact), text, layout))
            y += layout.row
        y += layout.gap
    height = y + 10
    top = layout.top
    grid = "".join(
        f'<line x1="{_x(s, layout):.1f}" y1="{top - 14}" x2="{_x(s, layout):.1f}" y2="{height - 16}" '
        f'stroke="#d0d0d0" stroke-width="1"/>'
        for s in range(5)
    )
    axis = (
        f'<text x="{layout.plot_left}" y="{top - 22}" font-size="11" fill="{MUTED}">{escape(text.no_problem)}</text>'
        f'<text x="{PLOT_RIGHT}" y="{top - 22}" font-size="11" text-anchor="end" fill="{MUTED}">'
        f"{escape(text.problem)}</text>"
    )
    legend = _legend({side: comparison.name(side) for side in Side}, text, with_key=not compact)
    title_id, desc_id = f"{svg_id}-title", f"{svg_id}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{svg_id}" class="attune-chart" viewBox="0 0 {WIDTH} {height + 30}" '
        f'width="100%" role="img" aria-labelledby="{title_id} {desc_id}" font-family="DejaVu Sans, Arial, sans-serif">'
        f'<title id="{title_id}">{escape(text.title)}</title><desc id="{desc_id}">{escape(text.description)}</desc>'
        f"{legend}{grid}{axis}{''.join(rows)}</svg>"
    )


def _legend(names: dict[Side, str], text: ChartText, with_key: bool = True) -> str:
    parts, x = [], 8
    for side in Side:
        label = text.answers_of.format(name=names[side])
        parts.append(_shape(side, x + 6, 12, filled=True))
        parts.append(f'<text x="{x + 18}" y="16" font-size="12" fill="#1a1a1a">{escape(label)}</text>')
        x += 40 + 7 * len(label)
    if with_key:
        parts.append(f'<text x="8" y="34" font-size="11" fill="{MUTED}">{escape(text.key)}</text>')
    return "".join(parts)
