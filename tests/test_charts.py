"""The perception chart: valid SVG, one row per area and direction, every scale point labelled, two answers on
the same point drawn apart and marked "both", a phone layout inside its width, escaped names."""

import re
import xml.etree.ElementTree as ET
from itertools import pairwise

import pytest

from clinic.printing.charts import COMPACT, NARROW, ROOMY, ChartText, Layout, perception_chart
from intake.comparison import Person, compare
from intake.questionnaire import QUESTIONNAIRE

TEXT = ChartText(
    title="Title",
    description="Description",
    scale_title="How often it is a problem",
    scale=("Never", "Rarely", "Sometimes", "Often", "Almost always"),
    behaviour_of="{name}'s behaviour",
    answers_of="{name}'s answers",
    key="Hollow: about the partner. Filled: about oneself.",
    not_answered="Not answered",
    both="both",
)
SVG = "{http://www.w3.org/2000/svg}"


def _answers(partner: int, self_: int) -> dict[str, int]:
    answers = {f"p{n}_partner": partner for n in range(1, 9)}
    answers.update({f"p{n}_self": self_ for n in range(1, 9)})
    return answers


def _texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_chart_is_well_formed_svg_with_title_and_description() -> None:
    comparison = compare(QUESTIONNAIRE, Person("Sam"), Person("Alex"), _answers(5, 1), _answers(1, 1))
    root = ET.fromstring(perception_chart(comparison, TEXT))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.findtext(f"{SVG}title") == "Title"
    assert root.findtext(f"{SVG}desc") == "Description"


def test_one_row_per_area_and_direction() -> None:
    comparison = compare(QUESTIONNAIRE, Person("Sam"), Person("Alex"), _answers(3, 3), _answers(3, 3))
    texts = _texts(perception_chart(comparison, TEXT))
    assert texts.count("Alex's behaviour") == 8 and texts.count("Sam's behaviour") == 8


@pytest.mark.parametrize("layout", [ROOMY, NARROW, COMPACT])
def test_every_point_of_the_scale_is_labelled(layout: Layout) -> None:
    comparison = compare(QUESTIONNAIRE, Person("Sam"), Person("Alex"), _answers(5, 1), _answers(1, 1))
    texts = _texts(perception_chart(comparison, TEXT, layout=layout))
    assert "How often it is a problem" in texts
    for word in ("Never", "Rarely", "Sometimes", "Often"):
        assert word in texts
    assert "Almost always" in texts or "Almostalways" in texts  # one line, or two lines in the narrow layout


def test_perception_gaps_are_drawn_thick_and_red() -> None:
    gap = compare(QUESTIONNAIRE, Person("Sam"), Person("Alex"), _answers(5, 1), _answers(1, 1))
    none = compare(QUESTIONNAIRE, Person("Sam"), Person("Alex"), _answers(1, 1), _answers(1, 1))
    assert 'stroke="#b3261e" stroke-width="4"' in perception_chart(gap, TEXT)
    assert 'stroke="#b3261e"' not in perception_chart(none, TEXT)


def _markers(svg: str) -> list[tuple[float, float]]:
    """The centre of every answer marker below the legend."""
    root = ET.fromstring(svg)
    circles = [(float(c.get("cx", 0)), float(c.get("cy", 0))) for c in root.iter(f"{SVG}circle")]
    squares = [
        (float(r.get("x", 0)) + float(r.get("width", 0)) / 2, float(r.get("y", 0)) + float(r.get("height", 0)) / 2)
        for r in root.iter(f"{SVG}rect")
    ]
    return [point for point in circles + squares if point[1] > 40]


@pytest.mark.parametrize("layout", [ROOMY, NARROW, COMPACT])
def test_the_same_answer_from_both_shows_two_markers_apart_and_says_both(layout: Layout) -> None:
    """A shared concern, where both answered "Almost always": the markers do not hide each other."""
    comparison = compare(QUESTIONNAIRE, Person("Sam"), Person("Alex"), _answers(5, 5), _answers(5, 5))
    svg = perception_chart(comparison, TEXT, layout=layout)
    assert _texts(svg).count("both") == 16
    markers = _markers(svg)
    assert len(markers) == 32
    for y in {y for _x, y in markers}:
        row = sorted(x for x, other_y in markers if other_y == y)
        assert len(row) == 2 and row[1] - row[0] >= 2 * layout.marker, (y, row)


def test_different_answers_are_not_marked_both() -> None:
    comparison = compare(QUESTIONNAIRE, Person("Sam"), Person("Alex"), _answers(5, 1), _answers(4, 2))
    assert "both" not in _texts(perception_chart(comparison, TEXT))


def test_the_narrow_layout_keeps_every_mark_inside_its_width() -> None:
    comparison = compare(QUESTIONNAIRE, Person("Maximiliane-Sophie"), Person("Alex"), _answers(5, 5), _answers(1, 5))
    svg = perception_chart(comparison, TEXT, layout=NARROW)
    assert 'viewBox="0 0 340 ' in svg
    for name, value in re.findall(r'\b(x|cx|x1|x2)="([\d.-]+)"', svg):
        assert 0 <= float(value) <= 340, (name, value)
    for text in ET.fromstring(svg).iter(f"{SVG}text"):
        lines = [span.text or "" for span in text] or [text.text or ""]
        width = max(len(line) for line in lines) * NARROW.font * 0.6  # about as wide as DejaVu Sans draws it
        x = float(text.get("x", 0))
        start = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor", "start")]
        assert start >= -2 and start + width <= 342, (lines, start, width)
    assert "Maximili…" in _texts(svg)


def test_unanswered_rows_say_so() -> None:
    comparison = compare(QUESTIONNAIRE, Person("Sam"), Person("Alex"), _answers(3, 3), None)
    assert perception_chart(comparison, TEXT).count("Not answered") == 16


def test_names_are_escaped() -> None:
    comparison = compare(QUESTIONNAIRE, Person("<script>"), Person('A"B'), _answers(3, 3), _answers(3, 3))
    for layout in (ROOMY, NARROW, COMPACT):
        svg = perception_chart(comparison, TEXT, layout=layout)
        assert "<script>" not in svg and "&lt;script&gt;" in svg
        ET.fromstring(svg)  # still well-formed


@pytest.mark.parametrize("layout", [ROOMY, NARROW, COMPACT])
def test_the_scale_labels_never_overlap_their_neighbours(layout: Layout) -> None:
    """On one line, each label ends before the next begins (the narrow layout puts every other one lower)."""
    comparison = compare(QUESTIONNAIRE, Person("Sam"), Person("Alex"), _answers(5, 1), _answers(1, 1))
    root = ET.fromstring(perception_chart(comparison, TEXT, layout=layout))
    font = layout.font - 1
    spans: dict[float, list[tuple[float, float]]] = {}
    for text in root.iter(f"{SVG}text"):
        if text.get("text-anchor") != "middle":
            continue
        lines = [span.text or "" for span in text] or [text.text or ""]
        half = max(len(line) for line in lines) * font * 0.6 / 2
        x = float(text.get("x", 0))
        spans.setdefault(float(text.get("y", 0)), []).append((x - half, x + half))
    assert sum(len(found) for found in spans.values()) == 5
    for found in spans.values():
        found.sort()
        assert all(left[1] <= right[0] for left, right in pairwise(found)), found
    if layout is NARROW:
        assert len(spans) == 2  # staggered


def _scale_positions(svg: str) -> dict[str, float]:
    """Each scale label's x, read from the SVG."""
    root = ET.fromstring(svg)
    found = {}
    for node in root.iter(f"{SVG}text"):
        words = "".join(node.itertext())
        if words in TEXT.scale:
            found[words] = float(node.get("x", "0"))
    return found


@pytest.mark.parametrize("layout", [ROOMY, NARROW, COMPACT])
def test_right_to_left_mirrors_the_chart_but_keeps_the_scale_in_its_order(layout: Layout) -> None:
    comparison = compare(QUESTIONNAIRE, Person("سلمى"), Person("Alex"), _answers(4, 1), _answers(1, 3))
    ltr = perception_chart(comparison, TEXT, layout=layout)
    rtl = perception_chart(comparison, TEXT, layout=layout, rtl=True)
    assert 'direction="rtl"' in rtl and "direction=" not in ltr
    left, right = _scale_positions(ltr), _scale_positions(rtl)
    # "Never" on the start side of reading: the left in English, the right in Arabic, then each point in order.
    assert list(left.values()) == sorted(left.values())
    assert list(right.values()) == sorted(right.values(), reverse=True)
    for word, x in left.items():
        assert right[word] == pytest.approx(layout.width - x)
    # Every mark mirrored inside the chart, nothing else changed: the same texts, shapes and lines.
    assert _texts(ltr) == _texts(rtl)
    for tag in ("circle", "rect", "line"):
        assert len(ET.fromstring(ltr).findall(f".//{SVG}{tag}")) == len(ET.fromstring(rtl).findall(f".//{SVG}{tag}"))
    for node in ET.fromstring(rtl).iter():
        for name in ("x", "cx", "x1", "x2"):
            if node.get(name) is not None:
                assert 0 <= float(node.get(name, "0")) <= layout.width, (node.tag, name)


def test_row_labels_sit_on_the_reading_side() -> None:
    comparison = compare(QUESTIONNAIRE, Person("Sam"), Person("Alex"), _answers(4, 1), _answers(1, 3))
    rtl = ET.fromstring(perception_chart(comparison, TEXT, layout=ROOMY, rtl=True))
    labels = [n for n in rtl.iter(f"{SVG}text") if "".join(n.itertext()) == "Sam's behaviour"]
    # Anchored at their end, which in a right-to-left SVG is the left edge: they run from there to the right side.
    assert labels and all(float(n.get("x", "0")) == ROOMY.width - ROOMY.label_width for n in labels)
    assert all(n.get("text-anchor") == "end" for n in labels)
