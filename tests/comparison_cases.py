"""What the comparison tests share: the questionnaire, two people, and a short way to compare their answers."""

from typing import Any

from intake.comparison import Comparison, Direction, Person, compare
from intake.questionnaire import QUESTIONNAIRE
from intake.wording import ENGLISH, worded

Q = QUESTIONNAIRE
SAM = Person("Sam", "he", "him", "his", plural_verb=False)
ALEX = Person("Alex", "she", "her", "her", plural_verb=False)
CSI4_KEYS = ("csi4_1", "csi4_2", "csi4_3", "csi4_4")
SAFETY_KEYS = {item.key for item in Q.items if item.safety}


def run(a: dict[str, Any] | None, b: dict[str, Any] | None, threshold: int = 2) -> Comparison:
    return english(compare(Q, SAM, ALEX, a, b, threshold))


def english(value: Any) -> Any:
    """The comparison's messages worded in English (their ids), as the tests read them."""
    return worded(value, ENGLISH)


def about_b(result: Comparison, area: str) -> Direction:
    """Sam's (A's) report on Alex's behaviour in `area`, against Alex's self-report."""
    return next(found for found in result.areas if found.key == area).about_b


def csi4(*values: int) -> dict[str, int]:
    return dict(zip(CSI4_KEYS, values, strict=True))
