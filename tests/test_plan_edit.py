"""The plan's two pages: a read page with one download control per PDF, and an edit page where the approach,
strengths and the handout's words change too, exercises are added from a choice grouped by approach, and a save
refused for a newer version says so at the top with the therapist's changes kept."""

import io
import re
from dataclasses import replace
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import get_language
from pypdf import PdfReader

from clinic.forms import session_part_fields
from clinic.models import AccessLog, Exercise, PlanVersion
from intake.controls import Control, control_for, render
from intake.models import Couple
from tests.conftest import partner_client
from tests.factories import make_library, submitted_couple
from tests.plan_forms import edit_data, edit_url
from tests.recommender_cases import EFT_A, EFT_B, answers


@pytest.fixture
def drafted(therapist: Any, therapist_client: Client) -> Couple:
    make_library()
    couple = submitted_couple(therapist, answers(**EFT_A), answers(**EFT_B))
    assert therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"}).status_code == 302
    return couple


def test_edit_page_access_matrix(
    client: Client, other_client: Client, therapist_client: Client, drafted: Couple
) -> None:
    for outsider in (client, partner_client(drafted.partner_a)):
        response = outsider.get(edit_url(drafted))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert other_client.get(edit_url(drafted)).status_code == 404
    assert other_client.post(edit_url(drafted), {"action": "save"}).status_code == 404
    response = therapist_client.get(edit_url(drafted))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert AccessLog.objects.filter(couple_id=drafted.pk, action="view_plan", detail="editing version 1").exists()


def test_without_a_plan_the_edit_page_sends_to_the_plan_page(therapist_client: Client, couple: Couple) -> None:
    response = therapist_client.get(edit_url(couple))
    assert response.status_code == 302 and response["Location"] == f"/couples/{couple.pk}/plan/"


def test_the_read_page_reads_and_links_to_the_editor(therapist_client: Client, drafted: Couple) -> None:
    html = therapist_client.get(f"/couples/{drafted.pk}/plan/").content.decode()
    assert f'href="{edit_url(drafted)}"' in html and "Save as a new version" not in html
    old = therapist_client.get(f"/couples/{drafted.pk}/plan/?version=1").content.decode()
    assert "Edit the plan" in old  # version 1 is still the latest
    therapist_client.post(edit_url(drafted), edit_data(therapist_client, drafted))
    old = therapist_client.get(f"/couples/{drafted.pk}/plan/?version=1").content.decode()
    assert "Edit the plan" not in old and "You are reading version 1" in old


def test_one_download_control_per_pdf_with_the_paper_as_a_choice(
    therapist_client: Client, drafted: Couple, settings: Any
) -> None:
    settings.ATTUNE_PAPER = "letter"
    html = therapist_client.get(f"/couples/{drafted.pk}/plan/").content.decode()
    forms = re.findall(r'<form method="get" action="([^"]+)"', html)
    assert forms == [f"/couples/{drafted.pk}/plan.pdf", f"/couples/{drafted.pk}/handout.pdf"]
    assert html.count("Download PDF") == 2 and "paper=a4" not in html
    assert html.count('<option value="letter" selected>US Letter</option>') == 2
    assert "btn-outline-secondary" not in html  # no control that looks switched off
    response = therapist_client.get(f"/couples/{drafted.pk}/handout.pdf", {"version": "1", "paper": "letter"})
    box = PdfReader(io.BytesIO(response.content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_the_editor_offers_exercises_grouped_by_approach_with_purpose_and_minutes(
    therapist_client: Client, drafted: Couple
) -> None:
    html = therapist_client.get(edit_url(drafted)).content.decode()
    guide = html[html.index('<details class="exercise-guide') : html.index("</details>")]
    for group in ("Gottman Method", "Emotionally Focused Therapy", "Individual session"):
        assert f'<h3 class="h6 mt-2">{group}</h3>' in guide
    # What each exercise is for, written once for the page; each session's choice names it with its minutes.
    assert guide.count("Gottman Love Maps (30 min): Purpose.") == 1 and html.count(": Purpose.") == guide.count(
        ": Purpose."
    )
    option = '<option value="gottman-love-maps">Gottman Love Maps (30 min, Gottman Method)</option>'
    assert html.count(option) == html.count(' session-edit"') == len(drafted.plan.latest().content["sessions"])
    assert '<label for="id_s1_add" class="form-label">Add an exercise</label><select name="s1_add"' in html
    first = html[html.index('<select name="s1_add"') :]
    assert " selected" not in first[: first.index("</select>")]  # nothing added unless chosen
    assert re.search(r"\d+ of 50 minutes: check-in and review 10", html)
    assert '<textarea name="s1_e0_reason"' in html  # "Why" as a text area that shows it whole


def test_the_guide_follows_the_library_as_it_is_now(therapist_client: Client, drafted: Couple) -> None:
    """The guide is written once per wording of the library: an exercise edited, or a hold that marks what waits,
    shows on the next view, never the guide as it was."""
    before = therapist_client.get(edit_url(drafted)).content.decode()
    assert "Gottman Love Maps (30 min): Purpose." in before
    Exercise.objects.filter(key="gottman-love-maps").update(purpose="What it is for, as edited.", duration_minutes=25)
    after = therapist_client.get(edit_url(drafted)).content.decode()
    assert "Gottman Love Maps (25 min): What it is for, as edited." in after
    assert "Gottman Love Maps (30 min)" not in after


def test_approach_strengths_and_handout_words_are_saved_and_printed(therapist_client: Client, drafted: Couple) -> None:
    data = edit_data(
        therapist_client,
        drafted,
        approach="gottman",
        approach_reason="Skills first, at the couple's wish.",
        strengths="You both laugh together.\nYou both care about the children.",
        handout_themes="You both want more evenings together.",
        handout_note="Bring the bid log next week.",
    )
    assert therapist_client.post(edit_url(drafted), data).status_code == 302
    content = drafted.plan.latest().content
    assert content["approach"] == "gottman" and content["approach_reason"] == "Skills first, at the couple's wish."
    assert content["strengths"] == ["You both laugh together.", "You both care about the children."]
    assert content["handout_themes"] == ["You both want more evenings together."]
    html = therapist_client.get(f"/couples/{drafted.pk}/plan/").content.decode()
    assert "Gottman Method — Skills first" in html and "Bring the bid log next week." in html
    pdf = therapist_client.get(f"/couples/{drafted.pk}/handout.pdf").content
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "You both want more evenings together." in text and "Bring the bid log next week." in text


def test_unchanged_handout_themes_keep_following_the_draft(therapist_client: Client, drafted: Couple) -> None:
    themes = therapist_client.get(edit_url(drafted)).context["form"].initial["handout_themes"]
    assert themes  # the drafted themes, shown for editing
    therapist_client.post(edit_url(drafted), edit_data(therapist_client, drafted))
    assert "handout_themes" not in drafted.plan.latest().content


@pytest.mark.parametrize(
    "change",
    [
        {"approach": "astrology"},
        {"approach_reason": ""},
        {"handout_themes": "\n".join(f"Line {n}" for n in range(6))},
        {"handout_note": "n" * 601},
        {"s1_add": "no-such-exercise"},
    ],
)
def test_bad_input_is_explained_at_the_top_and_saves_nothing(
    therapist_client: Client, drafted: Couple, change: dict[str, str]
) -> None:
    response = therapist_client.post(edit_url(drafted), edit_data(therapist_client, drafted, **change))
    html = response.content.decode()
    assert response.status_code == 200 and "Nothing was saved: some fields need another look" in html
    field = next(iter(change))
    assert f'href="#id_{field}' in html and html.index('id="error-summary"') < html.index('class="plan-edit"')
    assert drafted.plan.versions.count() == 1


def test_a_refused_save_says_so_first_and_keeps_the_changes(therapist_client: Client, drafted: Couple) -> None:
    mine = edit_data(therapist_client, drafted, s1_notes="Mine")
    theirs = edit_data(therapist_client, drafted, s1_notes="Theirs", handout_note="Kept for later.")
    assert therapist_client.post(edit_url(drafted), mine).status_code == 302
    response = therapist_client.post(edit_url(drafted), theirs)
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Not saved:" in html
    top = html.index('id="plan-conflict"')
    assert top < html.index('class="plan-edit"') and "autofocus" in html[top - 80 : top + 60]
    assert "Not saved: version 2 was saved by therapist" in html
    assert f'<a href="/couples/{drafted.pk}/plan/">Open the latest version (version 2)</a>' in html
    assert ">\nTheirs</textarea>" in html and ">\nKept for later.</textarea>" in html
    assert drafted.plan.latest().content["sessions"][0]["notes"] == "Mine"
    assert PlanVersion.objects.filter(plan__couple=drafted).count() == 2


def test_a_held_plan_says_what_the_handout_prints_and_marks_exercises_that_wait(
    therapist: Any, therapist_client: Client
) -> None:
    make_library()
    couple = submitted_couple(therapist, answers(**EFT_A) | {"safety_afraid": 1}, answers(**EFT_B))
    therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"})
    html = therapist_client.get(edit_url(couple)).content.decode()
    assert "While joint work is on hold, the handout prints the general first-session wording" in html
    assert "Gottman Love Maps (30 min): Purpose. (waits while joint work is on hold)" in html
    assert 'name="safety_hold"' in html


def test_every_session_control_is_written_as_the_form_renderer_writes_it(
    therapist_client: Client, drafted: Couple
) -> None:
    """The editor writes a session's controls from one shape per part (the focus, an exercise's order...): each must
    be what intake.controls writes for that field, shown as drafted and posted back with errors and odd values."""
    bad = {"s1_e0_order": "first", "s2_e1_remove": "on", "s1_goals": "One\nTwo\nThree\nFour", "s2_add": "nope"}
    bad |= {"s1_focus": "", "s2_notes": "<b>Sam & Alex</b>\n" + "n" * 4001, "s1_e0_reason": "x" * 601}
    shown = therapist_client.get(edit_url(drafted)).context["form"]
    posted = therapist_client.post(edit_url(drafted), edit_data(therapist_client, drafted, **bad)).context["form"]
    assert posted.errors.keys() >= {"s1_e0_order", "s2_add", "s1_focus", "s2_notes", "s1_e0_reason"}
    for form in (shown, posted):
        session_fields = [name for name in form.fields if re.match(r"s\d+_", name)]
        assert len(session_fields) > 40
        for name in session_fields:
            written = form.control(name)
            assert written == render(_sized(control_for(form[name], wrapper="mb-2"))), name


def _sized(control: Control) -> Control:
    """A text area with the rows to show its text whole, as the editor sizes it (two at least)."""
    if control.kind != "textarea":
        return control
    lines = control.value.splitlines() or [""]
    rows = str(max(2, sum(1 + len(line) // 70 for line in lines) + 1))
    return replace(control, attrs=tuple((key, rows if key == "rows" else value) for key, value in control.attrs))


def test_the_session_fields_are_shared_and_never_written_into(therapist_client: Client, drafted: Couple) -> None:
    """Every session's fields of a part are one field per process and language: a view must leave them as made,
    whatever it showed (a long text sized a text area of its own page, never the shared field)."""
    long_notes = "\n".join(f"Line {n}" for n in range(12))
    therapist_client.post(edit_url(drafted), edit_data(therapist_client, drafted, s1_notes=long_notes, s1_focus=""))
    form = therapist_client.get(edit_url(drafted)).context["form"]
    fields = session_part_fields(get_language())
    assert form.fields["s1_notes"] is form.fields["s2_notes"] is fields["notes"]
    assert all(field.widget.attrs.get("rows", 2) == 2 for field in fields.values())
    with translation.override("ar"):
        assert session_part_fields(get_language())["focus"].label != fields["focus"].label
