"""The perception chart: valid SVG, one row per area and direction, escaped names."""

import xml.etree.ElementTree as ET

from clinic.printing.charts import ChartText, perception_chart
from intake.comparison import Person, compare
from intake.questionnaire import QUESTIONNAIRE

TEXT = ChartText(
    "Title", "Description", "No problem", "Problem", "{name}'s behaviour", "{name}'s answers", "Key", "Not answered"
)
SVG = "{http://www.w3.org/2000/svg}"


def _answers(partner: int, self_: int) -> dict[str, int]:
    answers = {f"p{n}_partner": partner for n in range(1, 9)}
    answers.update({f"p{n}_self": self_ for n in range(1, 9)})
    return answers


def test_chart_is_well_formed_svg_with_title_and_description() -> None:
    comparison = compare(QUESTIONNAIRE, Person("Sam"), Person("Alex"), _answers(5, 1), _answers(1, 1))
    root = ET.fromstring(perception_chart(comparison, TEXT))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.findtext(f"{SVG}title") == "Title"
    assert root.findtext(f"{SVG}desc") == "Description"


def test_one_row_per_area_and_direction() -> None:
    comparison = compare(QUESTIONNAIRE, Person("Sam"), Person("Alex"), _answers(3, 3), _answers(3, 3))
    texts = [t.text for t in ET.fromstring(perception_chart(comparison, TEXT)).iter(f"{SVG}text")]
    assert texts.count("Alex's behaviour") == 8 and texts.count("Sam's behaviour") == 8


def test_perception_gaps_are_drawn_thick_and_red() -> None:
    gap = compare(QUESTIONNAIRE, Person("Sam"), Person("Alex"), _answers(5, 1), _answers(1, 1))
    none = compare(QUESTIONNAIRE, Person("Sam"), Person("Alex"), _answers(1, 1), _answers(1, 1))
    assert 'stroke="#b3261e" stroke-width="4"' in perception_chart(gap, TEXT)
    assert 'stroke="#b3261e"' not in perception_chart(none, TEXT)


def test_unanswered_rows_say_so() -> None:
    comparison = compare(QUESTIONNAIRE, Person("Sam"), Person("Alex"), _answers(3, 3), None)
    assert perception_chart(comparison, TEXT).count("Not answered") == 16


def test_names_are_escaped() -> None:
    comparison = compare(QUESTIONNAIRE, Person("<script>"), Person('A"B'), _answers(3, 3), _answers(3, 3))
    svg = perception_chart(comparison, TEXT)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)  # still well-formed
