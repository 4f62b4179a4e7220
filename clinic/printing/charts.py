"""Charts drawn on the server as inline SVG, for the comparison page and the PDFs alike.

Pure: standard library and the comparison's dataclasses. Every client-supplied
string (partner names) is escaped here; only presentation attributes are used, so
the SVG needs no inline style under a strict Content Security Policy.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from html import escape

from intake.comparison import Category, Comparison, Direction, Side

COLOURS = {Side.A: "#1d4f91", Side.B: "#a23b00"}  # dark blue and dark orange: distinct, high contrast
GAP_COLOUR = "#b3261e"
MUTED = "#5c5c5c"
INK = "#1a1a1a"
CHARACTER_WIDTH = 0.6  # DejaVu Sans averages about this many font sizes per character: enough to wrap text


@dataclass(frozen=True)
class Layout:
    """How one chart is laid out.

    ROOMY is the page on a wide screen. NARROW fits a 360-pixel phone without scrolling sideways: each area's
    name on its own row, each row named by the partner alone, the plot across the rest. COMPACT fits a PDF's
    first page: the area shares its first row, and the key is left to the caption printed under the chart.
    """

    width: int
    label_width: int  # the row labels end here
    plot_right: int
    area_row: int  # height of the area's own heading row; 0 puts the heading on the area's first row
    row: int
    gap: int  # after each area
    marker: int  # half the size of a marker
    font: int
    names_only: bool  # rows named by the partner alone, not "<name>'s behaviour"
    name_characters: int  # a row named by the partner alone cuts the name to this many characters
    with_key: bool  # the key's sentence under the legend
    # Right to left (an Arabic page): every position mirrored, so the labels sit on the right, where reading starts,
    # and the scale runs from "never" on the right to "almost always" on the left. The SVG says `direction="rtl"`,
    # which makes each text's anchor ("start", "end") count from the right as well; the glyphs are not mirrored.
    rtl: bool = False

    @property
    def plot_left(self) -> int:
        return self.label_width + 20

    def at(self, x: float) -> float:
        """Where a position drawn left to right goes in this layout's direction."""
        return self.width - x if self.rtl else x


ROOMY = Layout(
    640, 230, 600, area_row=24, row=26, gap=10, marker=6, font=12, names_only=False, name_characters=0, with_key=True
)
NARROW = Layout(
    340, 74, 310, area_row=22, row=28, gap=8, marker=6, font=13, names_only=True, name_characters=9, with_key=True
)
COMPACT = Layout(
    640, 330, 610, area_row=0, row=13, gap=4, marker=5, font=10, names_only=True, name_characters=12, with_key=False
)
LAYOUTS = {"roomy": ROOMY, "narrow": NARROW, "compact": COMPACT}


@dataclass(frozen=True)
class ChartText:
    """The words the chart needs, already translated by the caller."""

    title: str
    description: str
    scale_title: str  # what the axis measures, e.g. "How often it is a problem"
    scale: tuple[str, str, str, str, str]  # the five points, from no problem (0) to the most (4)
    behaviour_of: str  # "{name}'s behaviour" style template with a {name} placeholder
    answers_of: str  # "{name}'s answers" template
    key: str  # explains hollow (about the partner) and filled (about oneself)
    not_answered: str
    both: str  # beside two markers on the same point: both partners gave the same answer
    # Each area's label in the reader's language, by area key; an area missing here shows the comparison's own label.
    areas: Mapping[str, str] = field(default_factory=dict)


def _wrap(text: str, pixels: float, font: int) -> list[str]:
    """`text` in lines of at most about `pixels` wide (one long word stays whole)."""
    most = max(1, int(pixels / (font * CHARACTER_WIDTH)))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _text(layout: Layout, x: float, y: float, lines: list[str], font: int, **attributes: str) -> str:
    """A <text> of one or more lines, the first on `y`; attribute names with "_" for "-"."""
    x = layout.at(x)
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if n == 0 else round(font * 1.2)}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    body = escape(lines[0]) if len(lines) == 1 else spans
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{font}"{extra}>{body}</text>'


def _x(score: float, layout: Layout) -> float:
    return layout.plot_left + (layout.plot_right - layout.plot_left) * score / 4


def _shape(layout: Layout, side: Side, x: float, y: float, filled: bool, size: int) -> str:
    """Partner A's answers are circles, B's squares, so the chart does not rely on colour alone."""
    x = layout.at(x)
    colour = COLOURS[side]
    fill = colour if filled else "#ffffff"
    if side is Side.A:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size}" fill="{fill}" stroke="{colour}" stroke-width="2"/>'
    return (
        f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size}" height="{2 * size}" fill="{fill}" '
        f'stroke="{colour}" stroke-width="2"/>'
    )


def _both(direction: Direction, score: int, y: float, text: ChartText, layout: Layout) -> str:
    """Two answers on the same point: the markers side by side, and "both" written beside them, on the side
    with room (a shared concern sits at the right end)."""
    x, size = _x(score, layout), layout.marker
    offset = size + 1.5
    markers = _shape(layout, direction.reporter, x - offset, y, False, size) + _shape(
        layout, direction.subject, x + offset, y, True, size
    )
    right = score < 3
    label_x = x + offset + size + 4 if right else x - offset - size - 4
    label = _text(
        layout,
        label_x,
        y + layout.font * 0.35,
        [text.both],
        layout.font - 1,
        fill=INK,
        text_anchor="start" if right else "end",
    )
    return markers + label


def _row(direction: Direction, y: float, label: str, text: ChartText, layout: Layout) -> str:
    parts = [
        _text(layout, layout.label_width, y + layout.font * 0.35, [label], layout.font, text_anchor="end", fill=INK)
    ]
    reported, own = direction.reported, direction.self_reported
    if reported is None or own is None or reported.score is None or own.score is None:
        parts.append(
            _text(layout, layout.plot_left, y + layout.font * 0.35, [text.not_answered], layout.font - 1, fill=MUTED)
        )
        return "".join(parts)
    if reported.score == own.score:
        return parts[0] + _both(direction, own.score, y, text, layout)
    gap = direction.category == Category.PERCEPTION_GAP
    colour, width = (GAP_COLOUR, 4) if gap else (MUTED, 2)
    parts.append(
        f'<line x1="{layout.at(_x(reported.score, layout)):.1f}" y1="{y:.1f}" '
        f'x2="{layout.at(_x(own.score, layout)):.1f}" y2="{y:.1f}" '
        f'stroke="{colour}" stroke-width="{width}"/>'
    )
    # The reporter's view of the partner is hollow, the partner's view of themselves filled.
    parts.append(_shape(layout, direction.reporter, _x(reported.score, layout), y, False, layout.marker))
    parts.append(_shape(layout, direction.subject, _x(own.score, layout), y, True, layout.marker))
    return "".join(parts)


def _row_label(comparison: Comparison, side: Side, text: ChartText, layout: Layout) -> str:
    name = comparison.name(side)
    if not layout.names_only:
        return text.behaviour_of.format(name=name)
    most = layout.name_characters
    return name if len(name) <= most else name[: most - 1] + "…"


def _legend(comparison: Comparison, text: ChartText, layout: Layout) -> tuple[str, float]:
    """Each partner's marker, then (where the layout has it) the key: the SVG and the height it takes."""
    parts, x, y = [], 8.0, 12.0
    for side in Side:
        label = text.answers_of.format(name=comparison.name(side))
        room = 24 + layout.font * CHARACTER_WIDTH * len(label)
        if x > 8 and x + room > layout.width:
            x, y = 8.0, y + layout.font + 8
        parts.append(_shape(layout, side, x + 6, y, True, layout.marker))
        parts.append(_text(layout, x + 18, y + layout.font * 0.35, [label], layout.font, fill=INK))
        x += room + 16
    y += layout.font + 4
    if layout.with_key:
        lines = _wrap(text.key, layout.width - 16, layout.font - 1)
        parts.append(_text(layout, 8, y + layout.font - 1, lines, layout.font - 1, fill=MUTED))
        y += (layout.font + 2) * len(lines)
    return "".join(parts), y + 6


def _axis(text: ChartText, top: float, layout: Layout) -> tuple[str, float]:
    """The scale's title and its five points labelled: the SVG and where the rows start below them.

    Where neighbouring labels would touch (the narrow layout), every other one moves to a second line, and each
    label wraps to the room it has: up to its neighbours, and never past the chart's edges.
    """
    font = layout.font - 1
    title = _text(layout, layout.plot_left, top + font, [text.scale_title], font, fill=MUTED, font_weight="bold")
    spacing = (layout.plot_right - layout.plot_left) / 4
    widths = [len(word) * font * CHARACTER_WIDTH for word in text.scale]
    stagger = any((widths[n] + widths[n + 1]) / 2 > spacing - 4 for n in range(4))
    first, line = top + font * 2 + 6, round(font * 1.2)
    marks, depth = [], [0, 0]
    for score, word in enumerate(text.scale):
        x, row = _x(score, layout), score % 2 if stagger else 0
        room = 2 * min(x - 4, layout.width - x - 4, (spacing if stagger else spacing / 2) - 2)
        lines = _wrap(word, room, font)
        depth[row] = max(depth[row], len(lines))
        marks.append((x, row, lines))
    below = depth[0] * line if stagger else 0  # the second row starts under the first row's deepest label
    svg = "".join(
        _text(layout, x, first + (below if row else 0), lines, font, fill=MUTED, text_anchor="middle")
        for x, row, lines in marks
    )
    return title + svg, first + below + line * (max(depth[1] if stagger else depth[0], 1) - 1) + 16


def _grid(top: float, bottom: float, layout: Layout) -> str:
    return "".join(
        f'<line x1="{layout.at(_x(s, layout)):.1f}" y1="{top:.1f}" x2="{layout.at(_x(s, layout)):.1f}" y2="{bottom:.1f}" '
        f'stroke="#d0d0d0" stroke-width="1"/>'
        for s in range(5)
    )


def _rows(comparison: Comparison, text: ChartText, layout: Layout, top: float) -> tuple[list[str], float]:
    rows, y = [], top
    for area in comparison.areas:
        if layout.area_row:
            lines = _wrap(text.areas.get(area.key, area.label), layout.width - 16, layout.font)
            rows.append(_text(layout, 8, y + 4, lines, layout.font, font_weight="bold", fill=INK))
            y += layout.area_row + round(layout.font * 1.2) * (len(lines) - 1)
        else:
            rows.append(
                _text(
                    layout, 8, y + 4, [text.areas.get(area.key, area.label)], layout.font, font_weight="bold", fill=INK
                )
            )
        for direction in area.directions:
            label = _row_label(comparison, direction.subject, text, layout)
            rows.append(_row(direction, y, label, text, layout))
            y += layout.row
        y += layout.gap
    return rows, y


def perception_chart(
    comparison: Comparison,
    text: ChartText,
    svg_id: str = "perception-chart",
    layout: Layout = ROOMY,
    rtl: bool = False,
) -> str:
    """A dumbbell row per area and direction: how one partner sees the other's behaviour (hollow) against
    how that partner sees themselves (filled), on the common 0 (no problem) to 4 (problem) scale, each point
    labelled. Two answers on the same point are drawn side by side with "both" beside them. `rtl` mirrors it for a
    right-to-left page."""
    layout = replace(layout, rtl=rtl)
    legend, top = _legend(comparison, text, layout)
    axis, rows_top = _axis(text, top, layout)
    rows, bottom = _rows(comparison, text, layout, rows_top)
    grid = _grid(rows_top - 8, bottom - layout.gap, layout)
    height = bottom + 10
    title_id, desc_id = f"{svg_id}-title", f"{svg_id}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{svg_id}" class="attune-chart" '
        f'viewBox="0 0 {layout.width} {height:.0f}" width="100%" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="DejaVu Sans, Arial, sans-serif"{' direction="rtl"' if rtl else ""}>'
        f'<title id="{title_id}">{escape(text.title)}</title><desc id="{desc_id}">{escape(text.description)}</desc>'
        f"{legend}{axis}{grid}{''.join(rows)}</svg>"
    )
