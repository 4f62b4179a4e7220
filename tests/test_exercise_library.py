"""The exercise library fixture (docs/clinical.md, the exercise library): it loads, covers every exercise listed
there, cites its sources and keeps handouts plain."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from clinic.models import Exercise
from intake.questionnaire import QUESTIONNAIRE

LIBRARY_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "exercises.json"
AREAS = {item.area for item in QUESTIONNAIRE.items}
# Words that must never reach the couple's handout (docs/clinical.md, safety screening and tiers; two voices).
HANDOUT_FORBIDDEN = re.compile(r"safety|abuse|violen|suicid|score", re.IGNORECASE)
# Words a couple should not meet in their handout (docs/clinical.md, "Two voices: detail and themes").
JARGON = re.compile(
    r"\b(stage|step|steps|de-escalat\w*|attachment|restructuring|consolidat\w*|enactments?|csi)\b|bid log|six hours",
    re.IGNORECASE,
)

# docs/clinical.md, the exercise library: one key per exercise, step or intervention listed there.
EXPECTED_KEYS = {
    # Gottman Method
    "gottman-assessment",
    "gottman-love-maps",
    "gottman-fondness-admiration",
    "gottman-turning-toward-bids",
    "gottman-four-horsemen",
    "gottman-softened-startup",
    "gottman-repair-checklist",
    "gottman-stress-reducing-conversation",
    "gottman-aftermath-of-a-fight",
    "gottman-dreams-within-conflict",
    "gottman-state-of-the-union",
    "gottman-rituals-of-connection",
    # Emotionally Focused Therapy
    "eft-de-escalation-cycle",
    "eft-access-attachment-emotions",
    "eft-reframe-cycle-needs",
    "eft-own-disowned-needs",
    "eft-accept-partner-experience",
    "eft-withdrawer-reengagement",
    "eft-blamer-softening",
    "eft-consolidation",
    "eft-hmt-1-demon-dialogues",
    "eft-hmt-2-raw-spots",
    "eft-hmt-3-rocky-moment",
    "eft-hmt-4-engaging-connecting",
    "eft-hmt-5-forgiving-injuries",
    "eft-hmt-6-sex-and-touch",
    "eft-hmt-7-keeping-love-alive",
    "eft-attachment-injury-resolution",
    "eft-are-check-in",
    # Individual
    "individual-assessment",
    "individual-safety-assessment",
    "individual-safety-planning",
    "individual-therapy-referral",
    "individual-discernment-counselling",
}


@pytest.fixture
def exercises(db: None) -> list[Exercise]:
    call_command("loaddata", "exercises", verbosity=0)
    return list(Exercise.objects.all())


def test_loaddata_loads_every_exercise(exercises: list[Exercise]) -> None:
    count = len(json.loads(LIBRARY_FILE.read_text()))
    assert len(exercises) == count >= 32


def test_every_clinical_exercise_is_present(exercises: list[Exercise]) -> None:
    assert {exercise.key for exercise in exercises} >= EXPECTED_KEYS


def test_every_target_is_a_questionnaire_area(exercises: list[Exercise]) -> None:
    for exercise in exercises:
        assert exercise.targets, exercise.key
        assert set(exercise.targets) <= AREAS, exercise.key


def test_every_exercise_names_its_source_steps_and_handout_summary(exercises: list[Exercise]) -> None:
    for exercise in exercises:
        assert exercise.source.strip() and exercise.steps.strip() and exercise.handout_summary.strip(), exercise.key
        assert exercise.duration_minutes > 0, exercise.key


def test_individual_exercises_are_neither_joint_nor_paused(exercises: list[Exercise]) -> None:
    individual = [exercise for exercise in exercises if exercise.approach == "individual"]
    assert len(individual) == 5
    assert all(not exercise.joint and not exercise.paused_by_safety for exercise in individual)


def test_joint_exercises_wait_during_a_safety_hold(exercises: list[Exercise]) -> None:
    assert all(exercise.paused_by_safety for exercise in exercises if exercise.joint)


def test_handouts_and_homework_never_mention_safety_or_scores(exercises: list[Exercise]) -> None:
    for exercise in exercises:
        assert not HANDOUT_FORBIDDEN.search(exercise.handout_summary), exercise.key
        assert not HANDOUT_FORBIDDEN.search(exercise.homework), exercise.key


def test_every_exercise_has_plain_words_for_the_handout(exercises: list[Exercise]) -> None:
    for exercise in exercises:
        assert exercise.plain_title.strip() and exercise.plain_purpose.strip(), exercise.key
        assert exercise.plain_purpose.endswith("."), exercise.key
        for text in (exercise.plain_title, exercise.plain_purpose, exercise.homework):
            assert not JARGON.search(text), (exercise.key, text)
            assert not HANDOUT_FORBIDDEN.search(text), (exercise.key, text)


def test_loadexercises_fills_the_plain_words_a_database_lacks_and_keeps_edits(db: None) -> None:
    call_command("loadexercises", stdout=io.StringIO())
    Exercise.objects.filter(key="gottman-love-maps").update(
        plain_title="", plain_purpose="", name="Edited by the admin"
    )
    call_command("loadexercises", stdout=io.StringIO())
    exercise = Exercise.objects.get(key="gottman-love-maps")
    assert exercise.plain_title == "Getting to know each other again" and exercise.name == "Edited by the admin"
