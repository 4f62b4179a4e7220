"""The couple's handout, read back as the couple would: plain words, themes only, who their therapist is and when
they meet next, and the same shape for every couple, a safety hold included."""

import re
from typing import Any

import pytest
from django.test import Client

from clinic.models import TherapistProfile
from clinic.plans.printouts import HANDOUT_THEMES, drafted_themes
from clinic.plans.versions import version_comparison
from clinic.printing.reports import room_themes
from intake.comparison_text import theme_sentence
from intake.comparison_types import ThemeKind
from intake.models import Couple
from intake.questionnaire import QUESTIONNAIRE
from tests.factories import demo_couples, submitted_couple
from tests.pdf_reading import flat, pages_text
from tests.recommender_cases import PURSUE_WITHDRAW_WORDS, PURSUER, WITHDRAWER, answers

# Words a couple should not meet: the models' jargon and the therapist's instruments.
JARGON = re.compile(
    r"\b(stage|step|steps|de-escalat\w*|attachment|restructuring|consolidat\w*|enactments?|csi(-4)?)\b|bid log|"
    r"six hours",
    re.IGNORECASE,
)
PRIVATE = ("safety", "afraid", "hurt", "abuse", "score", "13.5", "confidential", "says", "reports", "answered")
HEADINGS = (
    "What to expect",
    "How our sessions work",
    "Where we start",
    "What the first sessions cover",
    "To try at home",
)


@pytest.fixture
def demo(db: None) -> dict[str, Couple]:
    couples = demo_couples()
    therapist = couples["Sam & Alex"].therapist
    words = PURSUE_WITHDRAW_WORDS
    couples["Maya & Tom"] = submitted_couple(
        therapist, answers(**PURSUER) | words["a"], answers(**WITHDRAWER) | words["b"], ("Maya", "Tom"), ("she", "he")
    )
    return couples


@pytest.fixture
def demo_client(demo: dict[str, Couple]) -> Client:
    client = Client()
    client.force_login(demo["Sam & Alex"].therapist)
    return client


def _handout(client: Client, couple: Couple, paper: str = "a4") -> list[str]:
    if not hasattr(couple, "plan"):
        assert client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302
    response = client.get(f"/couples/{couple.pk}/handout.pdf?paper={paper}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return pages_text(response.content)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:])\s+", flat(text)) if s]


@pytest.mark.parametrize("name", ["Sam & Alex", "Dana & Chris", "Maya & Tom"])
def test_the_handout_speaks_plainly_and_attributes_nothing_to_either_partner(
    demo_client: Client, demo: dict[str, Couple], name: str
) -> None:
    couple = demo[name]
    text = flat(" ".join(_handout(demo_client, couple)))
    assert not JARGON.search(text), JARGON.search(text)
    lowered = text.lower()
    assert not [word for word in PRIVATE if word in lowered]
    for partner in couple.partners.all():
        # A name appears once, where the handout says whom it is for, and never with an answer.
        assert text.count(partner.display_name) == 1
        for key, value in partner.answer_dict().items():
            if isinstance(value, str):
                assert flat(value).lower()[:30] not in lowered, key
    for item in QUESTIONNAIRE.section("safety").items:
        assert flat(item.text).lower()[:40] not in lowered


def test_the_handout_names_both_partners_the_practice_the_therapist_and_the_next_session(
    demo_client: Client, demo: dict[str, Couple], settings: Any
) -> None:
    settings.ATTUNE_PRACTICE_NAME = "Northside Couples Practice"
    couple = demo["Sam & Alex"]
    _handout(demo_client, couple)
    response = demo_client.post(
        f"/couples/{couple.pk}/plan/", {"action": "next_session", "next_session_on": "2026-12-08"}
    )
    assert response.status_code == 302
    text = flat(" ".join(_handout(demo_client, couple)))
    assert "Northside Couples Practice" in text and "For Sam and Alex" in text
    contact = TherapistProfile.objects.get(user=couple.therapist).contact_line
    assert f"Your therapist: Robin Demo · {contact}" in text
    assert "Next session: Tuesday 8 December 2026" in text


def test_the_handout_gives_each_exercise_a_plain_title_and_purpose_and_themes_both_share(
    demo_client: Client, demo: dict[str, Couple]
) -> None:
    text = flat(" ".join(_handout(demo_client, demo["Maya & Tom"])))
    assert "Seeing the pattern that catches you both — Noticing together the back-and-forth" in text
    assert "Time with each of you — A routine session with each of you on your own, as for every couple." in text
    assert "You both miss a warm goodbye in the morning." in text
    assert "You see" not in text  # differences are said in the room, never printed


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_held_plans_handout_has_the_shape_and_length_of_any_first_session_handout(
    demo_client: Client, demo: dict[str, Couple], paper: str
) -> None:
    held = _handout(demo_client, demo["Dana & Chris"], paper)
    ordinary = _handout(demo_client, demo["Sam & Alex"], paper)
    assert len(held) == len(ordinary) == 1
    for pages in (held, ordinary):
        text = flat(" ".join(pages))
        assert [text.index(heading) for heading in HEADINGS] == sorted(text.index(h) for h in HEADINGS)
    held_text, ordinary_text = flat(held[0]), flat(ordinary[0])
    assert 0.75 < len(held_text) / len(ordinary_text) < 1.33
    sentences = _sentences(held_text)
    assert len(sentences) == len(set(sentences))  # no placeholder line repeated
    assert "We will decide together what to focus on" not in held_text


def test_a_check_in_before_joint_work_does_not_show_in_the_handouts_order(
    demo_client: Client, demo: dict[str, Couple]
) -> None:
    therapist = demo["Sam & Alex"].therapist
    checked = submitted_couple(
        therapist, answers(**PURSUER, safety_insulted=1), answers(**WITHDRAWER), ("Ana", "Ben"), ("she", "he")
    )
    assert demo_client.post(f"/couples/{checked.pk}/plan/", {"action": "draft"}).status_code == 302
    assert checked.plan.latest().content["sessions"][0]["kind"] == "individual"  # the tier B check-in comes first
    for couple in (checked, demo["Maya & Tom"]):
        text = flat(" ".join(_handout(demo_client, couple)))
        listed = text[text.index("What the first sessions cover") : text.index("To try at home")]
        assert listed.index("Seeing the pattern that catches you both") < listed.index("Time with each of you")


def test_drafted_themes_read_from_the_stored_record_are_those_of_the_whole_comparison(
    demo: dict[str, Couple], demo_client: Client
) -> None:
    """The plan editor reads a version's themes from its record alone; they must be the rebuilt comparison's,
    differences left out, for a couple with a safety finding (tier A leaves differences out of the room) too."""
    therapist = demo["Sam & Alex"].therapist
    demo["Ana & Ben"] = submitted_couple(
        therapist, answers(**PURSUER, safety_afraid=1), answers(**WITHDRAWER), ("Ana", "Ben"), ("she", "he")
    )
    seen = []
    for couple in demo.values():
        if not (couple.partner_a.submitted_at and couple.partner_b.submitted_at):
            continue
        assert demo_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302
        version = couple.plan.latest()
        comparison, stored = version_comparison(version, couple)
        assert stored
        expected = [t for t in room_themes(comparison) if t.kind is not ThemeKind.DIFFERENT_VIEWS][:HANDOUT_THEMES]
        assert drafted_themes(version) == [theme_sentence(theme) for theme in expected]
        seen.append(len(expected))
    assert len(seen) >= 3 and any(seen)
