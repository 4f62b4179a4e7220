"""What the therapist's pages and PDFs show about a couple: the comparison, its chart and its two voices.

The comparison itself is pure (`intake.comparison`); this module feeds it the couple's submitted answers and
builds, in one place, everything the comparison page, the plan PDF and the export show of it, in the words of
the current language (the comparison's sentences are messages, worded here by intake.wording).
"""

from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _

from clinic.printing.charts import LAYOUTS, ChartText, perception_chart
from intake.comparison import Answer, Category, Comparison, Direction, Finding, Person, ReadinessFlag, Side, compare
from intake.comparison_record import answers_digest
from intake.comparison_text import theme_sentence
from intake.comparison_types import BidsDirection, ExperienceComparison, SideBySide, Theme, ThemeKind
from intake.controls import trusted_svg
from intake.models import Couple, Partner, couple_answers
from intake.questionnaire import QUESTIONNAIRE, Questionnaire, SafetyTier
from intake.wording import word

PRONOUNS = {
    Partner.Pronouns.THEY: ("they", "them", "their", True),
    Partner.Pronouns.SHE: ("she", "her", "her", False),
    Partner.Pronouns.HE: ("he", "him", "his", False),
}
TOP = 3  # differences, shared concerns and strengths on the plan's first page


def person(partner: Partner) -> Person:
    subject, obj, possessive, plural = PRONOUNS[Partner.Pronouns(partner.pronouns)]
    return Person(partner.display_name, subject, obj, possessive, plural)


@dataclass(frozen=True)
class Snapshot:
    """The comparison of the submitted intakes, and a digest of the answers it was made from."""

    comparison: Comparison
    digest: str


def couple_snapshot(couple: Couple) -> Snapshot:
    """Compare the submitted intakes (one query for both partners' answers).

    With the current questionnaire, whichever version each answered: older versions are subsets of it.
    """
    a, b = couple.partner_a, couple.partner_b
    answers = couple_answers(couple)
    views = (answers[a.pk] if a.submitted_at else None, answers[b.pk] if b.submitted_at else None)
    comparison = compare(QUESTIONNAIRE, person(a), person(b), *views, gap_threshold=settings.ATTUNE_GAP_THRESHOLD)
    return Snapshot(comparison, answers_digest(*views))


def couple_comparison(couple: Couple) -> Comparison:
    return couple_snapshot(couple).comparison


def couple_digest(couple: Couple) -> str:
    """The digest of the submitted answers alone, without comparing them (one query)."""
    a, b = couple.partner_a, couple.partner_b
    answers = couple_answers(couple)
    return answers_digest(answers[a.pk] if a.submitted_at else None, answers[b.pk] if b.submitted_at else None)


def comparison_chart(comparison: Comparison, svg_id: str = "perception-chart", layout: str = "roomy") -> str:
    """The perception chart in the words of the current language; `layout` is "roomy" (the page on a wide
    screen), "narrow" (the page on a phone) or "compact" (the plan PDF)."""
    rtl = get_language_bidi()  # a right-to-left page gets the chart mirrored, and a description that says so
    description = _(
        "For each area, two rows: one partner's view of the other's behaviour (hollow marker) against that "
        "partner's view of their own behaviour (filled marker), on a scale of how often the behaviour is a "
        "problem, from never on the left to almost always on the right. Where both gave the same answer, the "
        "two markers sit side by side, marked both. A thick red line marks a perception gap. The same data "
        "follows as a table."
    )
    if rtl:
        description = _(
            "For each area, two rows: one partner's view of the other's behaviour (hollow marker) against that "
            "partner's view of their own behaviour (filled marker), on a scale of how often the behaviour is a "
            "problem, from never on the right to almost always on the left. Where both gave the same answer, the "
            "two markers sit side by side, marked both. A thick red line marks a perception gap. The same data "
            "follows as a table."
        )
    text = ChartText(
        title=_("How each partner sees the other, and how each sees themselves"),
        description=description,
        scale_title=_("How often it is a problem"),
        scale=(_("Never"), _("Rarely"), _("Sometimes"), _("Often"), _("Almost always")),
        behaviour_of=_("{name}'s behaviour"),
        answers_of=_("{name}'s answers"),
        key=_(
            "Hollow: about the partner. Filled: about oneself. Side by side: the same answer. Red line: perception gap."
        ),
        not_answered=_("Not answered"),
        both=_("both"),
        areas={area.key: _(area.label) for area in comparison.areas},
    )
    return perception_chart(comparison, text, svg_id=svg_id, layout=LAYOUTS[layout], rtl=rtl)


def category_label(direction: Direction, comparison: Comparison) -> str:
    if direction.category == Category.PERCEPTION_GAP and direction.seen_by is not None:
        return _("Perception gap: %(name)s sees a problem") % {"name": comparison.name(direction.seen_by)}
    if direction.category == Category.UNCERTAIN:
        return _middle_label(direction)
    return {
        Category.SHARED_STRENGTH: _("Shared strength"),
        Category.SHARED_CONCERN: _("Shared concern"),
        Category.UNANSWERED: _("Not answered by both"),
    }.get(direction.category, "")


def _middle_label(direction: Direction) -> str:
    """Neither a strength nor a concern: two partners who both said "Sometimes" agree, and the label says so;
    otherwise the answers sit close together around the middle, under the gap threshold."""
    reported, own = direction.reported, direction.self_reported
    if reported and own and reported.score == own.score:
        return _("Both say “%(answer)s”: neither a clear strength nor a concern") % {"answer": _(own.label)}
    return _("Close together in the middle: neither a clear strength nor a concern")


def answer_label(answer: Answer | None) -> str:
    return _(answer.label) if answer else _("Not answered")


def area_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """Each area with its two directions; each direction's two answers also as the page's sentences ("Sam about
    Alex: often"), each wording translated once for the table rather than once per cell."""
    reported, self_reported = _("%(reporter)s about %(subject)s: %(answer)s"), _("%(subject)s about self: %(answer)s")
    rows = []
    for area in comparison.areas:
        directions = []
        for d in area.directions:
            reporter, subject = comparison.name(d.reporter), comparison.name(d.subject)
            answer, own = answer_label(d.reported), answer_label(d.self_reported)
            directions.append(
                {
                    "reporter": reporter,
                    "subject": subject,
                    "reported": answer,
                    "self_reported": own,
                    "reported_words": reported % {"reporter": reporter, "subject": subject, "answer": answer},
                    "self_words": self_reported % {"subject": subject, "answer": own},
                    "category": d.category.value,
                    "category_label": category_label(d, comparison),
                }
            )
        rows.append({"label": _(area.label), "directions": directions})
    return rows


# One sentence per pronoun set, so the words agree with each partner's own pronouns in every language.
READINESS_NOTES: dict[ReadinessFlag, Any] = {
    ReadinessFlag.LEANING_OUT: gettext_lazy("%(name)s is leaning towards leaving."),
    ReadinessFlag.UNSURE: gettext_lazy("%(name)s is unsure about the relationship."),
    ReadinessFlag.NO_PROBLEM_SEEN: gettext_lazy("%(name)s does not see emotional distance as a problem."),
    ReadinessFlag.NO_LONG_COMMITMENT: gettext_lazy("%(name)s cannot yet commit to several months of work."),
    ReadinessFlag.CLOSED_TO_GUIDANCE: gettext_lazy("%(name)s is not open to guidance from the therapist."),
}
MISMATCH_NOTE = gettext_lazy(
    "A mixed agenda: one partner is committed and the other leaning towards leaving. Discernment counselling fits, "
    "unless a partner reports fear, violence or control."
)
PRONOUN_NOTES: dict[ReadinessFlag, dict[str, Any]] = {
    ReadinessFlag.NOT_WILLING_TO_CHANGE: {
        "she": gettext_lazy("%(name)s is not yet willing to change how she responds."),
        "he": gettext_lazy("%(name)s is not yet willing to change how he responds."),
        "they": gettext_lazy("%(name)s is not yet willing to change how they respond."),
    },
    ReadinessFlag.NOT_SAFE_TO_OPEN: {
        "she": gettext_lazy("%(name)s does not feel safe enough to be open with her partner."),
        "he": gettext_lazy("%(name)s does not feel safe enough to be open with his partner."),
        "they": gettext_lazy("%(name)s does not feel safe enough to be open with their partner."),
    },
}


def readiness_notes(comparison: Comparison) -> list[str]:
    notes = []
    leaning_out = any(note.flag is ReadinessFlag.LEANING_OUT for note in comparison.readiness_flags)
    for note in comparison.readiness_flags:
        if note.side is None:
            if leaning_out:  # committed against unsure is no mixed agenda: the unsure note says enough
                notes.append(str(MISMATCH_NOTE))
            continue
        who = comparison.person(note.side)
        template = PRONOUN_NOTES[note.flag][who.subject] if note.flag in PRONOUN_NOTES else READINESS_NOTES[note.flag]
        notes.append(str(template) % {"name": who.name})
    return notes


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


# How a partner answers a small bid for connection (the bids items' values 1-3: turning towards, away, against),
# said of a named partner and, in the partner's own words, with their pronoun.
BID_SAID_OF = {
    1: gettext_lazy("notices and responds with interest or warmth"),
    2: gettext_lazy("misses it, or carries on as if nothing was said"),
    3: gettext_lazy("responds with irritation, criticism or a put-down"),
}
BID_SAID_OF_THEM = {
    1: gettext_lazy("notice and respond with interest or warmth"),
    2: gettext_lazy("miss it, or carry on as if nothing was said"),
    3: gettext_lazy("respond with irritation, criticism or a put-down"),
}


def bid_sentence(bids: BidsDirection, comparison: Comparison) -> str:
    """One sentence a therapist can read: what the reporter says happens to their bids, then what the partner
    says they do ("When Sam reaches out in a small way, Sam says Alex usually misses it…; Alex says she usually
    notices and responds with interest or warmth.")."""
    reporter, subject = comparison.person(bids.reporter), comparison.person(bids.subject)
    said = BID_SAID_OF.get(bids.response.value) if bids.response else None
    own_forms = BID_SAID_OF_THEM if subject.plural_verb else BID_SAID_OF
    own = own_forms.get(bids.self_response.value) if bids.self_response else None
    names = {"reporter": reporter.name, "subject": subject.name, "pronoun": subject.subject}
    if said and own:
        text = _(
            "When %(reporter)s reaches out in a small way, %(reporter)s says %(subject)s usually %(said)s; "
            "%(subject)s says %(pronoun)s usually %(own)s."
        )
    elif said:
        text = _(
            "When %(reporter)s reaches out in a small way, %(reporter)s says %(subject)s usually %(said)s; "
            "%(subject)s did not answer this."
        )
    elif own:
        text = _(
            "%(subject)s says that when %(reporter)s reaches out in a small way, %(pronoun)s usually %(own)s; "
            "%(reporter)s did not answer this."
        )
    else:
        text = _("Neither answered how %(subject)s responds when %(reporter)s reaches out.")
    return text % {**names, "said": str(said or ""), "own": str(own or "")}


def bid_rows(comparison: Comparison) -> list[str]:
    return [bid_sentence(bids, comparison) for bids in comparison.bids]


def room_themes(comparison: Comparison) -> list[Theme]:
    """The themes a therapist may say with both partners present. Under tier A, differences are left out: they
    may reflect fear or control, not two equal views (docs/clinical.md, "Safety screening and tiers")."""
    if comparison.safety.tier is SafetyTier.A:
        return [theme for theme in comparison.themes if theme.kind is not ThemeKind.DIFFERENT_VIEWS]
    return list(comparison.themes)


def theme_groups(themes: list[Theme]) -> list[dict[str, Any]]:
    groups = (
        (_("What works for you both"), {ThemeKind.STRENGTH}),
        (_("What you both find hard"), {ThemeKind.SHARED_CONCERN, ThemeKind.BOTH_FEEL, ThemeKind.BOTH_MISS}),
        (_("Where you see things differently"), {ThemeKind.DIFFERENT_VIEWS}),
    )
    found = [
        {"title": title, "sentences": [_(theme_sentence(t)) for t in themes if t.kind in kinds]}
        for title, kinds in groups
    ]
    return [group for group in found if group["sentences"]]


def _free_text_rows(comparison: Comparison, questionnaire: Questionnaire) -> list[dict[str, str]]:
    texts = (dict(comparison.partner_a.free_text), dict(comparison.partner_b.free_text))
    return [
        {"question": _(item.text), "a": texts[0].get(item.key, ""), "b": texts[1].get(item.key, "")}
        for item in questionnaire.by_area("free")
    ]


def _context_rows(comparison: Comparison, questionnaire: Questionnaire) -> list[dict[str, Any]]:
    yes = (set(comparison.partner_a.context), set(comparison.partner_b.context))
    return [
        {"question": _(item.text), "a": item.key in yes[0], "b": item.key in yes[1]}
        for item in questionnaire.by_area("context")
    ]


def _declined_rows(comparison: Comparison, questionnaire: Questionnaire) -> list[dict[str, Any]]:
    """Per partner, the questions answered "I'd rather not say": missing from every score and category."""
    return [
        {"name": summary.name, "questions": [_(questionnaire.item(key).text) for key in summary.declined]}
        for summary in (comparison.partner_a, comparison.partner_b)
        if summary.declined
    ]


def _charts(comparison: Comparison, chart_id: str, compact: bool) -> dict[str, Any]:
    """The chart for the PDF (`compact`), or for the page: one for wide screens and one that fits a phone."""
    if not comparison.answered:
        return {"chart": "", "chart_narrow": ""}
    if compact:
        return {"chart": trusted_svg(comparison_chart(comparison, chart_id, "compact")), "chart_narrow": ""}
    return {
        "chart": trusted_svg(comparison_chart(comparison, chart_id, "roomy")),
        "chart_narrow": trusted_svg(comparison_chart(comparison, f"{chart_id}-narrow", "narrow")),
    }


def _worded_findings(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    return tuple(replace(finding, sentence=word(finding.sentence)) for finding in findings)


def worded(comparison: Comparison) -> Comparison:
    """The comparison with its findings' sentences worded in the active language (the pure comparison keeps
    them as messages), so a page or a PDF shows `finding.sentence` as text."""
    return replace(
        comparison,
        strengths=_worded_findings(comparison.strengths),
        shared_concerns=_worded_findings(comparison.shared_concerns),
        differences=_worded_findings(comparison.differences),
    )


def comparison_report(
    comparison: Comparison,
    versions: tuple[Questionnaire, Questionnaire],
    chart_id: str = "perception-chart",
    compact: bool = False,
) -> dict[str, Any]:
    """Everything the comparison page, the plan PDF and the export show of a comparison, in both voices.

    `versions` are the questionnaires each partner answered, so every question reads as they read it; the
    rest is worded from the current questionnaire, of which every older version is a subset.
    """
    questionnaire = QUESTIONNAIRE
    shown = worded(comparison)
    return {
        "c": shown,
        **_charts(comparison, chart_id, compact),
        "areas": area_rows(comparison),
        "summaries": [comparison.partner_a, comparison.partner_b],
        "bids": bid_rows(comparison),
        "readiness_notes": readiness_notes(comparison),
        "safety": safety_panel(comparison, questionnaire, versions),
        "safety_tier": comparison.safety.tier.value,
        "safety_hold": comparison.safety.hold,
        "tier_a": comparison.safety.tier is SafetyTier.A,
        "private": private_panel(comparison, versions),
        "declined": _declined_rows(comparison, questionnaire),
        "themes": theme_groups(room_themes(comparison)),
        "top_differences": shown.differences[:TOP],
        "top_concerns": shown.shared_concerns[:TOP],
        "top_strengths": shown.strengths[:TOP],
        "free_text": _free_text_rows(comparison, questionnaire),
        "context": _context_rows(comparison, questionnaire),
        "readiness_rows": _side_by_side(comparison.readiness),
        "experience_rows": _side_by_side(comparison.experience),
        "ritual_rows": _side_by_side(comparison.rituals),
    }


# What the comparison page shows of `comparison_report`, besides what it reads from `c` and `summaries` (the PDFs'
# first-page tops are left out).
PAGE_ROWS = (
    "areas", "bids", "readiness_notes", "safety", "safety_tier", "safety_hold", "tier_a", "private", "declined",
    "themes", "free_text", "context", "readiness_rows", "experience_rows", "ritual_rows",
)  # fmt: skip


def comparison_page(comparison: Comparison, versions: tuple[Questionnaire, Questionnaire]) -> dict[str, Any]:
    """What the comparison page shows, as plain data (strings, numbers, booleans, lists and dicts, the charts as
    SVG text), so it can be kept as JSON (clinic/printing/kept.py); `shown_page` makes it the page's context.
    `c` and `summaries` keep only what templates/clinic/comparison.html reads of them, under the same names."""
    report = comparison_report(comparison, versions)
    c = report["c"]
    return {
        **{name: report[name] for name in PAGE_ROWS},
        "chart": str(report["chart"]),
        "chart_narrow": str(report["chart_narrow"]),
        "c": {
            "answered": [side.value for side in c.answered],
            "one_sided": c.one_sided,
            "a": {"name": c.a.name},
            "b": {"name": c.b.name},
            "strengths": [{"sentence": str(f.sentence)} for f in c.strengths],
            "shared_concerns": [{"sentence": str(f.sentence)} for f in c.shared_concerns],
            "differences": [{"sentence": str(f.sentence)} for f in c.differences],
            "partner_a": {"stance_label": c.partner_a.stance_label},
            "partner_b": {"stance_label": c.partner_b.stance_label},
            "csi4_citation": c.csi4_citation,
            "gap_threshold": c.gap_threshold,
        },
        "summaries": [
            {
                "name": s.name,
                "answered": s.answered,
                "csi4": {"total": s.csi4.total, "below_cutoff": s.csi4.below_cutoff},
            }
            for s in report["summaries"]
        ],
    }


def shown_page(page: dict[str, Any]) -> dict[str, Any]:
    """`comparison_page`'s data as the page's context: the charts (drawn by Attune, kept sealed) as markup."""
    charts = {name: trusted_svg(page[name]) if page[name] else "" for name in ("chart", "chart_narrow")}
    return {**page, **charts}


def _side_by_side(rows: tuple[SideBySide | ExperienceComparison, ...]) -> list[dict[str, Any]]:
    """Rows of the partners' answers side by side (readiness, experience, rituals), each word translated here once
    per row rather than by a template tag per cell; "" for a question not answered."""
    return [
        {
            "label": _(row.label),
            "a": _(row.a.label) if row.a else "",
            "b": _(row.b.label) if row.b else "",
            "a_problem": bool(row.a and row.a.problem),
            "b_problem": bool(row.b and row.b.problem),
        }
        for row in rows
    ]


def side_name(comparison: Comparison, side: str) -> str:
    """The partner's name for a stored side value ("a" or "b"); "" for none."""
    return comparison.name(Side(side)) if side in ("a", "b") else ""
