"""The printouts, each made in one place: `plan_pdf(version, paper, language)` for the therapist and
`handout_pdf(version, paper, language)` for the couple, from a plan version; `progress_pdf(couple, paper, language)`,
the couple's "how we are doing" page. The download views, the export, the worker and `samplepdf` all call these.

Each printout is made whole (its context and its template) in one language, `language` or else `print_language`:
the couple's own when both partners chose the same, else their therapist's.

A version prints from the comparison it was drafted from, so its PDF stays the same however the answers change
later. The handout speaks only in themes and plain words (docs/clinical.md, "Two voices: detail and themes").
"""

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clinic.models import CachedPdf, Exercise, PlanVersion, TherapistProfile
from clinic.outcomes.checkins import practice_counts, settings_for
from clinic.outcomes.trend import FOLLOW_UP_SOURCE, JACOBSON_TRUAX, couple_trend, trend_context
from clinic.plans.recommender_types import SessionKind
from clinic.plans.versions import (
    APPROACH_LABELS,
    library,
    plan_exercises,
    shown_content,
    shown_sessions,
    version_comparison,
)
from clinic.printing.pdf import (
    PAPERS,
    cached_pdf,
    isolated,
    render_handout_html,
    render_plan_html,
    render_progress_html,
)
from clinic.printing.print_svg import svg_for_print
from clinic.printing.reports import comparison_report, room_themes
from intake.checkins import csi4_translated
from intake.comparison_record import FORMAT as COMPARISON_FORMAT
from intake.comparison_text import theme_sentence
from intake.comparison_types import Theme, ThemeKind
from intake.controls import trusted_svg
from intake.models import Couple, Language, practice_language, questionnaire_for

HANDOUT_THEMES = 3
HANDOUT_ITEMS = 5  # the first sessions: a first-session handout, the same length for every couple
HANDOUT_PRACTICES = 2
# Sources of the rules a plan follows, printed with the exercises' own (docs/clinical.md, "Sources").
RULE_SOURCES = {
    "eft": "Johnson, S. M. (2004). The Practice of Emotionally Focused Couple Therapy: Creating Connection "
    "(2nd ed.). Brunner-Routledge.",
    "gottman": "Gottman, J. M., & Gottman, J. S. (2015). Gottman method couple therapy. In A. S. Gurman, "
    "J. L. Lebow, & D. K. Snyder (Eds.), Clinical Handbook of Couple Therapy (5th ed.). Guilford Press.",
    "safety": "Stith, S. M., McCollum, E. E., & Rosen, K. H. (2011). Couples Therapy for Domestic Violence: "
    "Finding Safe Solutions. American Psychological Association.",
    "discernment": "Doherty, W. J., & Harris, S. M. (2017). Helping Couples on the Brink of Divorce: Discernment "
    "Counseling for Troubled Relationships. American Psychological Association.",
}


def print_language(couple: Couple) -> str:
    """The language a printout takes when none is asked for: the couple's shared language when both partners
    chose the same, else the therapist's account language (the practice's ATTUNE_LANGUAGE without a profile)."""
    chosen = {partner.language for partner in couple.partners.all()}
    if len(chosen) == 1 and (shared := chosen.pop()) in Language.values:
        return str(shared)
    profile = TherapistProfile.objects.filter(user_id=couple.therapist_id).only("language").first()
    language = profile.language if profile else practice_language()
    return language if language in Language.values else practice_language()


def _day(value: date) -> str:
    return date_format(value, "l j F Y")


def _printed_on() -> str:
    return date_format(localdate(), "j F Y")


def _therapist(version: PlanVersion) -> dict[str, str]:
    user = version.plan.couple.therapist
    profile = TherapistProfile.objects.filter(user=user).first()
    return {
        "therapist_name": user.get_full_name() or user.get_username(),
        "contact_line": profile.contact_line if profile else "",
        "practice_name": settings.ATTUNE_PRACTICE_NAME,
    }


# The therapist's plan ------------------------------------------------------------------------------------


def _shared_sentences(used: list[Exercise]) -> list[str]:
    """Contraindication sentences that two or more of the plan's joint exercises share: printed once, not per
    card (each individual exercise keeps its own)."""
    counts: dict[str, int] = {}
    for exercise in (e for e in used if e.joint):
        for sentence in _sentences(exercise.text("contraindications")):
            counts[sentence] = counts.get(sentence, 0) + 1
    return [sentence for sentence, count in counts.items() if count > 1]


def _sentences(text: str) -> list[str]:
    parts = [part.strip() for part in text.replace("\n", " ").split(". ") if part.strip()]
    return [part if part.endswith(".") else part + "." for part in parts]


def _cards(content: dict[str, Any], used: list[Exercise], shared: list[str]) -> list[dict[str, Any]]:
    in_session = {row["key"] for s in content["sessions"] for row in s["exercises"] if not row.get("at_home")}
    return [
        {
            "exercise": exercise.localized(),
            "at_home": exercise.key not in in_session,  # practised at home only: its in-session steps stay out
            "contraindications": " ".join(
                s for s in _sentences(exercise.text("contraindications")) if not (exercise.joint and s in shared)
            ),
        }
        for exercise in used
    ]


def _references(content: dict[str, Any], used: list[Exercise], citation: str) -> list[str]:
    lines = {line.strip() for e in used for line in e.source.splitlines() if line.strip()}
    approach = content["approach"]
    lines |= {RULE_SOURCES[key] for key in ("eft", "gottman") if approach in (key, "both")}
    lines.add(RULE_SOURCES["safety"])
    if any(s.get("kind") == SessionKind.DISCERNMENT for s in content["sessions"]):
        lines.add(RULE_SOURCES["discernment"])
    return sorted(lines | {citation})


def plan_pdf_context(version: PlanVersion, paper: str) -> dict[str, Any]:
    couple = version.plan.couple
    exercises = library()
    comparison, stored = version_comparison(version, couple)
    content = shown_content(version.content)  # in whichever language the caller activated
    used = plan_exercises(content, exercises)
    shared = _shared_sentences(used)
    asked = questionnaire_for(comparison.version)
    report = comparison_report(comparison, (asked, asked), chart_id="pdf-chart", compact=True)
    cards = _cards(content, used, shared)
    # Each partner's CSI-4 over time, as of printing: the same chart and words as the couple page.
    intake = (comparison.partner_a.csi4.total, comparison.partner_b.csi4.total) if stored else None
    trend = trend_context(couple_trend(couple, intake), svg_id="pdf-trend", printed=True)
    trend_refs = []
    if trend["trend"]:
        extra = {JACOBSON_TRUAX} | ({FOLLOW_UP_SOURCE} if trend["trend"].has_follow_up else set())
        trend_refs = sorted(set(_references(content, used, comparison.csi4_citation)) | extra)
    # WeasyPrint draws chart text letter by letter: Arabic in a chart goes in already joined and ordered.
    charts = {
        key: trusted_svg(svg_for_print(str(svg)))
        for key in ("chart", "trend_chart")
        if (svg := {**report, **trend}.get(key))
    }
    return {
        **report,
        **_therapist(version),
        "paper": PAPERS[paper],
        "printed_on": _printed_on(),
        "couple": couple,
        "version": version,
        "stored_comparison": stored,
        "plan": content,
        "approach_label": APPROACH_LABELS.get(content["approach"], content["approach"]),
        "sessions": shown_sessions(content, exercises),
        "cards": cards,
        "home_cards": [card for card in cards if card["at_home"]],
        "shared_contraindications": " ".join(shared),
        "references": _references(content, used, comparison.csi4_citation) if not trend["trend"] else trend_refs,
        **trend,
        **charts,
        # The therapist's plan only (never the handout): whose CSI-4 was answered in Attune's own translation.
        "csi4_translated": csi4_translated(couple),
    }


def _indexed(version: PlanVersion) -> Callable[[str], None]:
    """Indexes a newly cached PDF under its couple, whose deletion then purges it from the cache."""
    return partial(CachedPdf.remember, version.plan.couple_id)


def plan_pdf(version: PlanVersion, paper: str, language: str | None = None) -> bytes:
    """The therapist's plan of `version` on `paper` ("a4" or "letter") in `language` (else `print_language`),
    rendered once per content: the HTML names its language, so each language is cached apart."""
    with translation.override(language or print_language(version.plan.couple)):
        return cached_pdf(render_plan_html(plan_pdf_context(version, paper)), _indexed(version))


# The couple's handout ------------------------------------------------------------------------------------


def _general_items() -> list[tuple[str, str]]:
    """What any couple's first sessions hold: said the same way to every couple, whatever was answered."""
    return [
        (_("Getting to know you both"), _("Hearing your story as a couple and what each of you hopes for.")),
        (_("Time with each of you"), _("A routine session with each of you on your own, as for every couple.")),
        (_("Agreeing what to work on"), _("Choosing together the goals for the sessions ahead.")),
        (_("Small things to try at home"), _("Something short between sessions, chosen to fit your week.")),
        (_("Looking back together"), _("Every few sessions, checking what has changed and what to do next.")),
    ]


def _general_practices() -> list[tuple[str, str]]:
    """Two gentle practices that are safe for anyone, alone or together."""
    return [
        (
            _("A few quiet minutes for yourself"),
            _(
                "Once a day, take five minutes on your own to slow down: breathe slowly, take a short walk or sit "
                "somewhere calm. Notice how you are feeling, without needing to change it."
            ),
        ),
        (
            _("Questions for next time"),
            _(
                "Jot down anything you would like to ask or talk about at your next session, and bring it along. "
                "There are no wrong questions."
            ),
        ),
    ]


def _plan_items(content: dict[str, Any], exercises: dict[str, Exercise]) -> list[tuple[str, str]]:
    """The plan in plain words, in its order: each joint exercise done in session once, with the routine time with
    each partner always second, wherever the plan has it (a check-in first would set a couple apart). Nothing
    individual is named, so nothing private can show."""
    items: dict[str, tuple[str, str]] = {}
    individual = False
    for session in content["sessions"]:
        individual = individual or session.get("kind") == SessionKind.INDIVIDUAL
        for row in session["exercises"]:
            exercise = exercises.get(row["key"])
            if exercise and exercise.joint and not row.get("at_home"):
                items.setdefault(exercise.key, (exercise.text("plain_title"), exercise.text("plain_purpose")))
    found = list(items.values())
    if individual:
        found.insert(1, _general_items()[1])
    return found[:HANDOUT_ITEMS]


def _practices(content: dict[str, Any], exercises: dict[str, Exercise]) -> list[tuple[str, str]]:
    found = [
        exercises[row["key"]]
        for session in content["sessions"]
        for row in session["exercises"]
        if row["key"] in exercises and exercises[row["key"]].joint and exercises[row["key"]].homework
    ]
    unique = list(dict.fromkeys(found))[:HANDOUT_PRACTICES]
    practices = [(exercise.text("plain_title"), exercise.text("homework")) for exercise in unique]
    return practices + _general_practices()[: HANDOUT_PRACTICES - len(practices)]


def drafted_themes(version: PlanVersion) -> list[str]:
    """Up to three themes, strengths first; the handout never prints a difference, only what both share."""
    themes = _stored_themes(version)
    if themes is None:  # a version saved before versions kept their comparison: today's answers
        comparison, _stored = version_comparison(version, version.plan.couple)
        themes = list(room_themes(comparison))
    shared = [theme for theme in themes if theme.kind is not ThemeKind.DIFFERENT_VIEWS]
    return [_(theme_sentence(theme)) for theme in shared[:HANDOUT_THEMES]]


def _stored_themes(version: PlanVersion) -> list[Theme] | None:
    """The themes of the comparison a version keeps, read from its record alone (None if it keeps none, or in a
    format this does not know): the plan editor shows them on every view, and rebuilding the whole comparison
    for them was an eighth of that page's time (bench/README.md). Which themes a room may hear depends on
    the safety tier only for differences, which the handout leaves out whatever the tier."""
    stored = version.comparison_record
    record = stored["record"] if stored is not None else None
    if record is None or record.get("format") != COMPARISON_FORMAT:
        return None
    return [Theme(kind=ThemeKind(theme["kind"]), topic=theme["topic"]) for theme in record["comparison"]["themes"]]


def _themes(version: PlanVersion) -> list[str]:
    """The therapist's own lines where the editor changed them, else the drafted themes."""
    own = version.content.get("handout_themes")
    return list(own) if own is not None else drafted_themes(version)


def handout_pdf_context(version: PlanVersion, paper: str) -> dict[str, Any]:
    """The same shape for every couple: who and when, what to expect, how sessions work, what we will work on,
    and two things to try at home. A plan with no joint work yet (a safety hold among the reasons) gets the
    general first-session content, which reads like any other handout and repeats nothing."""
    couple, content = version.plan.couple, version.content
    exercises = library()
    keys = [row["key"] for session in content["sessions"] for row in session["exercises"]]
    general = content.get("safety_hold") or not any(key in exercises and exercises[key].joint for key in keys)
    next_session = version.plan.next_session_on
    return {
        **_therapist(version),
        "paper": PAPERS[paper],
        "printed_on": _printed_on(),
        "names": (couple.partner_a.display_name, couple.partner_b.display_name),
        "next_session": _day(next_session) if next_session else "",
        "session_minutes": content.get("session_minutes", settings.ATTUNE_SESSION_MINUTES),
        "themes": [] if general else _themes(version),
        "items": _general_items() if general else _plan_items(content, exercises),
        "practices": _general_practices() if general else _practices(content, exercises),
        "note": content.get("handout_note", ""),
    }


def handout_pdf(version: PlanVersion, paper: str, language: str | None = None) -> bytes:
    """The couple's handout of `version` on `paper` ("a4" or "letter") in `language` (else `print_language`),
    rendered once per content."""
    with translation.override(language or print_language(version.plan.couple)):
        return cached_pdf(render_handout_html(handout_pdf_context(version, paper)), _indexed(version))


# The couple's "how we are doing" page ---------------------------------------------------------------------


def _plain_change(start: int, latest: int, direction: Any) -> str:
    """The change in words a couple can read: no cut-off and no jargon (docs/clinical.md, "Change over time")."""
    words = {
        "better": _("higher than at the start, by more than the usual ups and downs"),
        "worse": _("lower than at the start, by more than the usual ups and downs"),
        "same": _("about where it was at the start"),
    }
    return words.get(str(direction), "")


def _shown_results(couple: Couple, shows: Callable[[str, str], bool]) -> list[str]:
    """Only what the therapist ticked in, partner by partner: the satisfaction scores, and the practice tried."""
    trend = couple_trend(couple) if any(shows(p.role, "trend") for p in couple.partners.all()) else None
    tried = practice_counts(couple)
    lines = []
    for side, partner in enumerate(couple.partners.all()):
        name = isolated(partner.display_name)
        if trend is not None and shows(partner.role, "trend"):
            found = trend.partners[side]
            if found.start is not None and found.latest is not None and found.direction is not None:
                lines.append(
                    _(
                        "%(name)s's satisfaction with the relationship, on a scale from 0 to 21: %(start)d at the start, %(latest)d now, %(words)s."
                    )
                    % {
                        "name": name,
                        "start": found.start,
                        "latest": found.latest,
                        "words": _plain_change(found.start, found.latest, found.direction),
                    }
                )
        if shows(partner.role, "practice") and partner.pk in tried:
            done, set_ = tried[partner.pk]
            lines.append(
                ngettext(
                    "%(name)s tried the practice at home before %(done)d of %(n)d session.",
                    "%(name)s tried the practice at home before %(done)d of %(n)d sessions.",
                    set_,
                )
                % {"name": name, "done": done, "n": set_}
            )
    return lines


def progress_pdf_context(couple: Couple, paper: str) -> dict[str, Any]:
    """What the couple's progress page holds: the practices of their plan (general ones while joint work waits)
    and the therapist's note; an individual result only where the therapist ticked it in. Never a safety answer,
    a cut-off, a free-text answer or a helpfulness rating."""
    choices = settings_for(couple)
    version = PlanVersion.objects.filter(plan__couple=couple).select_related("plan").order_by("-number").first()
    exercises = library()
    practices = _general_practices()
    if version is not None:
        content = version.content
        keys = [row["key"] for session in content["sessions"] for row in session["exercises"]]
        held = content.get("safety_hold") or not any(key in exercises and exercises[key].joint for key in keys)
        practices = _general_practices() if held else _practices(content, exercises)
    profile = TherapistProfile.objects.filter(user=couple.therapist).first()
    return {
        "therapist_name": couple.therapist.get_full_name() or couple.therapist.get_username(),
        "contact_line": profile.contact_line if profile else "",
        "practice_name": settings.ATTUNE_PRACTICE_NAME,
        "paper": PAPERS[paper],
        "printed_on": _printed_on(),
        "names": (couple.partner_a.display_name, couple.partner_b.display_name),
        "practices": practices,
        "note": choices.note,
        "results": _shown_results(couple, choices.shows),
    }


def progress_pdf(couple: Couple, paper: str, language: str | None = None) -> bytes:
    """The couple's "how we are doing" page on `paper` in `language` (else `print_language`), rendered once per
    content."""
    with translation.override(language or print_language(couple)):
        html = render_progress_html(progress_pdf_context(couple, paper))
    return cached_pdf(html, partial(CachedPdf.remember, couple.pk))
