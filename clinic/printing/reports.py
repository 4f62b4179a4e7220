"""What the therapist's pages and PDFs show about a couple: the comparison and its chart.

The comparison itself is pure (`intake.comparison`); this module feeds it the
couple's submitted answers and the translated words the chart needs.
"""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clinic.printing.charts import ChartText, perception_chart
from intake.comparison import Answer, Category, Comparison, Direction, Person, ReadinessFlag, Side, compare
from intake.models import Couple, Partner, couple_answers
from intake.questionnaire import QUESTIONNAIRE, Questionnaire, SafetyTier

PRONOUNS = {
    Partner.Pronouns.THEY: ("they", "them", "their", True),
    Partner.Pronouns.SHE: ("she", "her", "her", False),
    Partner.Pronouns.HE: ("he", "him", "his", False),
}


def person(partner: Partner) -> Person:
    subject, obj, possessive, plural = PRONOUNS[Partner.Pronouns(partner.pronouns)]
    return Person(partner.display_name, subject, obj, possessive, plural)


def couple_comparison(couple: Couple) -> Comparison:
    """Compare the submitted intakes (one query for both partners' answers).

    With the current questionnaire, whichever version each answered: older versions are subsets of it.
    """
    a, b = couple.partner_a, couple.partner_b
    answers = couple_answers(couple)
    return compare(
        QUESTIONNAIRE,
        person(a),
        person(b),
        answers[a.pk] if a.submitted_at else None,
        answers[b.pk] if b.submitted_at else None,
        gap_threshold=settings.ATTUNE_GAP_THRESHOLD,
    )


def comparison_chart(comparison: Comparison, svg_id: str = "perception-chart") -> str:
    text = ChartText(
        title=_("How each partner sees the other, and how each sees themselves"),
        description=_(
            "For each area, two rows: one partner's view of the other's behaviour (hollow marker) against that "
            "partner's view of their own behaviour (filled marker), from no problem on the left to a problem on the "
            "right. A thick red line marks a perception gap. The same data follows as a table."
        ),
        no_problem=_("No problem"),
        problem=_("Problem"),
        behaviour_of=_("{name}'s behaviour"),
        answers_of=_("{name}'s answers"),
        key=_("Hollow: about the partner. Filled: about oneself. Red line: perception gap."),
        not_answered=_("Not answered"),
    )
    return perception_chart(comparison, text, svg_id=svg_id)


def category_label(direction: Direction, comparison: Comparison) -> str:
    names = {Side.A: comparison.a.name, Side.B: comparison.b.name}
    if direction.category == Category.PERCEPTION_GAP and direction.seen_by is not None:
        return _("Perception gap: %(name)s sees a problem") % {"name": names[direction.seen_by]}
    return {
        Category.SHARED_STRENGTH: _("Shared strength"),
        Category.SHARED_CONCERN: _("Shared concern"),
        Category.UNCERTAIN: _("Uncertain"),
        Category.UNANSWERED: _("Not answered by both"),
    }.get(direction.category, "")


def answer_label(answer: Answer | None) -> str:
    return _(answer.label) if answer else _("Not answered")


def area_rows(comparison: Comparison) -> list[dict[str, Any]]:
    return [
        {
            "label": _(area.label),
            "directions": [
                {
                    "reporter": comparison.a.name if d.reporter is Side.A else comparison.b.name,
                    "subject": comparison.a.name if d.subject is Side.A else comparison.b.name,
                    "reported": answer_label(d.reported),
                    "self_reported": answer_label(d.self_reported),
                    "category": d.category.value,
                    "category_label": category_label(d, comparison),
                }
                for d in area.directions
            ],
        }
        for area in comparison.areas
    ]


READINESS_NOTES: dict[ReadinessFlag, Any] = {
    ReadinessFlag.MISMATCH_STANCE: gettext_lazy(
        "One partner is committed while the other is unsure or leaning out: "
        "consider discernment work before joint sessions."
    ),
    ReadinessFlag.LEANING_OUT: gettext_lazy("%(name)s is leaning towards leaving."),
    ReadinessFlag.UNSURE: gettext_lazy("%(name)s is unsure about the relationship."),
    ReadinessFlag.NO_PROBLEM_SEEN: gettext_lazy("%(name)s does not see emotional distance as a problem."),
    ReadinessFlag.NOT_WILLING_TO_CHANGE: gettext_lazy("%(name)s is not yet willing to change how they respond."),
    ReadinessFlag.NO_LONG_COMMITMENT: gettext_lazy("%(name)s cannot yet commit to several months of work."),
    ReadinessFlag.CLOSED_TO_GUIDANCE: gettext_lazy("%(name)s is not open to guidance from the therapist."),
    ReadinessFlag.NOT_SAFE_TO_OPEN: gettext_lazy("%(name)s does not feel safe enough to be open with their partner."),
}


def readiness_notes(comparison: Comparison) -> list[str]:
    names = {Side.A: comparison.a.name, Side.B: comparison.b.name}
    return [
        str(READINESS_NOTES[note.flag]) % {"name": names[note.side]} if note.side else str(READINESS_NOTES[note.flag])
        for note in comparison.readiness_flags
    ]


TIER_LABELS = {
    SafetyTier.A: gettext_lazy("Tier A: hold all joint work"),
    SafetyTier.B: gettext_lazy("Tier B: an individual check-in before joint work"),
    SafetyTier.NONE: "",
}


def _text(questionnaire: Questionnaire, key: str) -> str:
    return _(questionnaire.item(key).text)


def safety_panel(
    comparison: Comparison,
    questionnaire: Questionnaire,
    versions: tuple[Questionnaire, Questionnaire] | None = None,
) -> list[dict[str, Any]]:
    """Per partner who endorsed anything: the items by tier, and self-harm (therapist-only).

    `versions` are the questionnaires each partner answered, for each question as they read it; without them
    every question reads as in `questionnaire`. An "I'd rather tell my therapist in person" answer is shown
    as what it is, under tier B.
    """
    rows = []
    pairs = ((comparison.a, comparison.safety.a), (comparison.b, comparison.safety.b))
    for index, (person_, found) in enumerate(pairs):
        if not found.any_safety:
            continue
        asked = versions[index] if versions else questionnaire
        in_person = [
            _("Would rather tell you in person: %(question)s") % {"question": _text(asked, key)}
            for key in found.in_person
        ]
        yes_b = [_text(asked, key) for key in found.tier_b if key not in found.in_person]
        rows.append(
            {
                "name": person_.name,
                "items": [_text(asked, key) for key in found.endorsed if key not in found.in_person] + in_person,
                "tier": found.tier.value,
                "tier_label": TIER_LABELS[found.tier],
                "a_items": [_text(asked, key) for key in found.tier_a],
                "b_items": yes_b + in_person,
                "self_harm": found.self_harm,
            }
        )
    return rows


def private_panel(comparison: Comparison, versions: tuple[Questionnaire, Questionnaire]) -> list[dict[str, Any]]:
    """Per partner: the private items beyond safety (affair, substance use, trust, children), as answered."""
    rows = []
    pairs = ((comparison.a, comparison.safety.a), (comparison.b, comparison.safety.b))
    for (person_, found), asked in zip(pairs, versions, strict=True):
        answers = []
        for key, value in found.private:
            item = asked.item(key) if key in {i.key for i in asked.items} else QUESTIONNAIRE.item(key)
            label = next(choice.label for choice in item.options if choice.value == value)
            answers.append({"question": _(item.text), "answer": _(label)})
        if answers:
            rows.append({"name": person_.name, "answers": answers})
    return rows


def bid_rows(comparison: Comparison) -> list[dict[str, str]]:
    names = {Side.A: comparison.a.name, Side.B: comparison.b.name}
    return [
        {
            "reporter": names[bids.reporter],
            "subject": names[bids.subject],
            "response": answer_label(bids.response),
            "self_response": answer_label(bids.self_response),
        }
        for bids in comparison.bids
    ]
