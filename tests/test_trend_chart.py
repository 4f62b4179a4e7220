"""The trend chart: valid SVG with a title and the text alternative, a point per answered occasion, the cut-off
line, a band per partner with a start, and names escaped. Pure: no database, no settings."""

import xml.etree.ElementTree as ET

import pytest

from clinic.outcomes.trend_chart import LEFT, RIGHT, TOP, WIDTH, Line, Scale, TrendText, trend_chart

SVG = "{http://www.w3.org/2000/svg}"
TEXT = TrendText("Satisfaction over time", "Sam: 8 → 15; Alex: 13 → 14", "Cut-off 13.5", "No reliable change", "CSI-4")
LABELS = ["Start", "S2", "S3", "S4"]


def _chart(
    a: tuple[int | None, ...], b: tuple[int | None, ...], names: tuple[str, str] = ("Sam", "Alex")
) -> ET.Element:
    lines = [Line(names[0], a, (5.0, 11.0)), Line(names[1], b, None)]
    return ET.fromstring(trend_chart(LABELS, lines, 13.5, TEXT))


def test_the_chart_is_an_image_with_its_text_alternative() -> None:
    root = _chart((8, 9, 11, 14), (13, 13, 12, 13))
    assert root.get("role") == "img"
    assert root.findtext(f"{SVG}title") == "Satisfaction over time"
    assert root.findtext(f"{SVG}desc") == "Sam: 8 → 15; Alex: 13 → 14"


def test_one_marker_per_answered_occasion_circles_for_a_squares_for_b() -> None:
    root = _chart((8, None, 11, 14), (13, 13, 12, 13))
    assert len(root.findall(f"{SVG}circle")) == 1 + 3  # the legend's, then partner A's three points
    # Partner B's four points and the legend's square.
    assert len([r for r in root.iter(f"{SVG}rect") if r.get("width") == "12"]) == 5


def test_every_total_and_every_occasion_is_written_out() -> None:
    texts = [t.text for t in _chart((8, 9, 11, 14), (13, 13, 12, 13)).iter(f"{SVG}text")]
    assert all(label in texts for label in LABELS)
    assert texts.count("13") == 3 and "14" in texts and "Cut-off 13.5" in texts  # the cut-off named in the key


def test_the_cut_off_sits_at_13_5_on_the_scale() -> None:
    root = _chart((8,) * 4, (13,) * 4)
    # The dashed line across the plot, from its left edge (the legend has a short one of its own).
    (cutoff,) = [
        line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray") and line.get("x1") == str(LEFT)
    ]
    zero = next(line for line in root.iter(f"{SVG}line") if not line.get("stroke-dasharray"))
    top, bottom = float(TOP), float(zero.get("y1") or 0)  # the grid's first line is 0
    assert float(cutoff.get("y1") or 0) == pytest.approx(bottom - (bottom - top) * 13.5 / 21, abs=0.1)


def test_a_band_only_for_a_partner_with_a_start() -> None:
    root = _chart((8, 9, 11, 14), (13, 13, 12, 13))
    bands = [r for r in root.iter(f"{SVG}rect") if r.get("fill-opacity") == "0.10"]
    assert len(bands) == 1 and bands[0].get("fill") == "#1d4f91"


def test_names_and_labels_are_escaped() -> None:
    svg = trend_chart(["<b>"], [Line("<script>", (3,), None), Line("A&B", (4,), None)], 13.5, TEXT)
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "A&amp;B" in svg
    ET.fromstring(svg)


def test_a_single_occasion_is_drawn_in_the_middle() -> None:
    root = ET.fromstring(trend_chart(["Start"], [Line("Sam", (8,), None), Line("Alex", (13,), None)], 13.5, TEXT))
    (circle,) = root.findall(f"{SVG}circle")[1:]  # the first circle is the legend's
    assert float(circle.get("cx") or 0) == pytest.approx((LEFT + WIDTH - RIGHT) / 2)


def test_the_higher_total_is_written_above_and_the_lower_below() -> None:
    svg = trend_chart(["Start", "S2"], [Line("Sam", (14, 9), None), Line("Alex", (13, 13), None)], 13.5, TEXT)
    scale = Scale(2)
    written = [(t.text, float(t.get("x") or 0), float(t.get("y") or 0)) for t in ET.fromstring(svg).iter(f"{SVG}text")]
    # At the start Sam (14) is higher: his number over his point, Alex's under hers; at S2 the other way round.
    assert ("14", scale.x(0), scale.y(14) - 11) in written and ("13", scale.x(0), scale.y(13) + 24) in written
    assert ("13", scale.x(1), scale.y(13) - 11) in written and ("9", scale.x(1), scale.y(9) + 24) in written
