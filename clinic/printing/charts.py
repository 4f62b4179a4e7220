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
PLOT_LEFT = LABEL_WIDTH + 20
PLOT_RIGHT = WIDTH - 20
ROW_HEIGHT = 24
AREA_GAP = 10
TOP = 66
COLOURS = {Side.A: "#1d4f91", Side.B: "#a23b00"}  # dark blue and dark orange: distinct, high contrast
GAP_COLOUR = "#b3261e"
MUTED = "#5c5c5c"


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


def _x(score: int) -> float:
    return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * score / 4


def _marker(side: Side, score: int, y: float, filled: bool) -> str:
    return _shape(side, _x(score), y, filled)


def _shape(side: Side, x: float, y: float, filled: bool) -> str:
    """Partner A's answers are circles, B's squares, so the chart does not rely on colour alone."""
    colour = COLOURS[side]
    fill = colour if filled else "#ffffff"
    if side is Side.A:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{fill}" stroke="{colour}" stroke-width="2"/>'
    return f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="{fill}" stroke="{colour}" stroke-width="2"/>'


def _row(direction: Direction, y: float, label: str, text: ChartText) -> str:
    parts = [
        f'<text x="{LABEL_WIDTH}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#1a1a1a">{escape(label)}</text>'
    ]
    reported, own = direction.reported, direction.self_reported
    if reported is None or own is None or reported.score is None or own.score is None:
        parts.append(
            f'<text x="{PLOT_LEFT}" y="{y + 4:.1f}" font-size="11" fill="{MUTED}">{escape(text.not_answered)}</text>'
        )
        return "".join(parts)
    gap = direction.category == Category.PERCEPTION_GAP
    colour, width = (GAP_COLOUR, 4) if gap else (MUTED, 2)
    parts.append(
        f'<line x1="{_x(reported.score):.1f}" y1="{y:.1f}" x2="{_x(own.score):.1f}" y2="{y:.1f}" '
        f'stroke="{colour}" stroke-width="{width}"/>'
    )
    # The reporter's view of the partner is hollow, the partner's view of themselves filled.
    parts.append(_marker(direction.reporter, reported.score, y, filled=False))
    parts.append(_marker(direction.subject, own.score, y, filled=True))
    return "".join(parts)


def perception_chart(comparison: Comparison, text: ChartText, svg_id: str = "perception-chart") -> str:
    """A dumbbell row per area and direction: how one partner sees the other's behaviour (hollow) against
    how that partner sees themselves (filled), on the common 0 (no problem) to 4 (problem) scale."""
    names = {Side.A: comparison.a.name, Side.B: comparison.b.name}
    rows, y = [], TOP
    for area in comparison.areas:
        rows.append(
            f'<text x="8" y="{y + 4:.1f}" font-size="12" font-weight="bold" fill="#1a1a1a">{escape(area.label)}</text>'
        )
        y += ROW_HEIGHT
        for direction in area.directions:
            label = text.behaviour_of.format(name=names[direction.subject])
            rows.append(_row(direction, y, label, text))
            y += ROW_HEIGHT
        y += AREA_GAP
    height = y + 10
    grid = "".join(
        f'<line x1="{_x(s):.1f}" y1="{TOP - 14}" x2="{_x(s):.1f}" y2="{height - 16}" stroke="#d0d0d0" stroke-width="1"/>'
        for s in range(5)
    )
    axis = (
        f'<text x="{PLOT_LEFT}" y="{TOP - 22}" font-size="11" fill="{MUTED}">{escape(text.no_problem)}</text>'
        f'<text x="{PLOT_RIGHT}" y="{TOP - 22}" font-size="11" text-anchor="end" fill="{MUTED}">{escape(text.problem)}</text>'
    )
    legend = _legend(names, text)
    title_id, desc_id = f"{svg_id}-title", f"{svg_id}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{svg_id}" class="attune-chart" viewBox="0 0 {WIDTH} {height + 30}" '
        f'width="100%" role="img" aria-labelledby="{title_id} {desc_id}" font-family="DejaVu Sans, Arial, sans-serif">'
        f'<title id="{title_id}">{escape(text.title)}</title><desc id="{desc_id}">{escape(text.description)}</desc>'
        f"{legend}{grid}{axis}{''.join(rows)}</svg>"
    )


def _legend(names: dict[Side, str], text: ChartText) -> str:
    parts, x = [], 8
    for side in Side:
        label = text.answers_of.format(name=names[side])
        parts.append(_shape(side, x + 6, 12, filled=True))
        parts.append(f'<text x="{x + 18}" y="16" font-size="12" fill="#1a1a1a">{escape(label)}</text>')
        x += 40 + 7 * len(label)
    parts.append(f'<text x="8" y="34" font-size="11" fill="{MUTED}">{escape(text.key)}</text>')
    return "".join(parts)
