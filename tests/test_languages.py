"""Each person's pages in their own language: the partner's, the therapist's account's, else the practice's.

A partner switches language on the consent page, any step, the review and the check-in without losing a thing
typed or picked; the switch is logged. Pages before anyone is known speak ATTUNE_LANGUAGE, whatever the browser asks.
"""

import re
from typing import Any

import pytest
from django.test import Client

from clinic.models import AccessLog, TherapistProfile
from intake.checkins import CheckInResponse
from intake.language import arabic_digits_html
from intake.models import Couple, Partner
from intake.questionnaire import QUESTIONNAIRE
from tests.check_in_steps import check_in_client, check_in_data
from tests.conftest import partner_client
from tests.factories import make_couple, submit_intake
from tests.intake_steps import answer_steps, consent, step_data

ARABIC_PAGE = '<html lang="ar" dir="rtl">'
ENGLISH_PAGE = '<html lang="en" dir="ltr">'


def _language_of(response: Any) -> str:
    html = response.content.decode()
    assert (ARABIC_PAGE in html) == (response["Content-Language"] == "ar"), "the page and its header disagree"
    return str(response["Content-Language"])


def test_the_couple_form_sets_each_partners_language(therapist_client: Client, therapist: Any) -> None:
    page = therapist_client.get("/couples/new/").content.decode()
    assert 'name="partner_a_language"' in page and 'lang="ar"' not in page.split("partner_a_language")[0][-200:]
    data = {
        "partner_a_name": "Sam",
        "partner_b_name": "سلمى",
        "partner_a_pronouns": "he",
        "partner_b_pronouns": "she",
        "partner_a_language": "en",
        "partner_b_language": "ar",
    }
    assert therapist_client.post("/couples/new/", data).status_code == 302
    couple = Couple.objects.get(therapist=therapist)
    assert [(p.display_name, p.language) for p in couple.partners.all()] == [("Sam", "en"), ("سلمى", "ar")]


def test_a_language_attune_does_not_have_is_refused_next_to_the_field(therapist_client: Client) -> None:
    data = {"partner_a_name": "Sam", "partner_b_name": "Alex", "partner_a_language": "fr"}
    response = therapist_client.post("/couples/new/", data)
    assert response.status_code == 200 and "partner_a_language" in response.context["form"].errors
    assert not Couple.objects.exists()


def test_the_couple_form_defaults_to_the_practice_language(therapist_client: Client, settings: Any) -> None:
    settings.ATTUNE_LANGUAGE = "ar"
    form = therapist_client.get("/couples/new/").context["form"]
    assert form["partner_a_language"].value() == "ar" and form["partner_b_language"].value() == "ar"


def test_each_partner_reads_their_own_language_at_the_same_time(
    partner_a: Partner, partner_b: Partner, client_a: Client, client_b: Client
) -> None:
    Partner.objects.filter(pk=partner_a.pk).update(language="ar")
    arabic, english = client_a.get("/i/welcome/"), client_b.get("/i/welcome/")
    assert _language_of(arabic) == "ar" and _language_of(english) == "en"
    assert "bootstrap.rtl.min." in arabic.content.decode()
    assert "bootstrap.rtl.min." not in english.content.decode()
    assert "مغادرة هذه الصفحة بسرعة" in arabic.content.decode()  # the quick exit, in Arabic


def test_pages_before_anyone_is_known_speak_the_practice_language(db: None, client: Client, settings: Any) -> None:
    client.cookies["django_language"] = "ar"
    assert _language_of(client.get("/accounts/login/", headers={"accept-language": "ar"})) == "en"
    # No session: the session-ended page.
    assert _language_of(client.get("/i/welcome/", headers={"accept-language": "ar"})) == "en"
    settings.ATTUNE_LANGUAGE = "ar"
    assert _language_of(client.get("/accounts/login/")) == "ar"
    assert _language_of(client.get("/i/not-a-link/")) == "ar"


def test_a_therapists_own_setting_wins_over_the_browser(therapist_client: Client, therapist: Any) -> None:
    assert _language_of(therapist_client.get("/couples/", HTTP_ACCEPT_LANGUAGE="ar")) == "en"
    TherapistProfile.objects.create(user=therapist, language="ar")
    fresh = Client()
    fresh.force_login(therapist)
    assert _language_of(fresh.get("/couples/", HTTP_ACCEPT_LANGUAGE="en")) == "ar"


def test_a_partners_language_wins_over_the_browser_and_the_practice(
    partner_a: Partner, client_a: Client, settings: Any
) -> None:
    settings.ATTUNE_LANGUAGE = "ar"
    assert _language_of(client_a.get("/i/welcome/", HTTP_ACCEPT_LANGUAGE="ar")) == "en"


def test_switching_on_the_consent_page_keeps_the_box_and_agrees_to_nothing(
    partner_a: Partner, client_a: Client
) -> None:
    response = client_a.post("/i/welcome/", {"agree": "on", "language": "ar"})
    assert response.status_code == 200 and _language_of(response) == "ar"
    assert 'name="agree"' in response.content.decode() and "checked" in response.content.decode()
    partner_a.refresh_from_db()
    assert partner_a.language == "ar" and partner_a.started_at is None
    entry = AccessLog.objects.get(action=AccessLog.Action.CHANGE_LANGUAGE)
    assert (entry.couple_id, entry.partner_role, entry.detail) == (partner_a.couple_id, "a", "ar")
    again = client_a.post("/i/welcome/", {"language": "en"})
    assert _language_of(again) == "en" and "checked" not in again.content.decode().split('name="agree"')[1][:80]


@pytest.mark.parametrize(("first", "then"), [("en", "ar"), ("ar", "en")])
def test_switching_mid_step_keeps_every_answer_picked_and_typed(
    partner_a: Partner, client_a: Client, first: str, then: str
) -> None:
    Partner.objects.filter(pk=partner_a.pk).update(language=first)
    consent(client_a)
    answer_steps(client_a, 1, 10)
    words = "Some words of my own — كلماتي"
    response = client_a.post("/i/step/11/", {"free_reason": words, "free_hope": "", "language": then})
    assert response.status_code == 303 and response["Location"] == "/i/step/11/"
    page = client_a.get("/i/step/11/")
    assert _language_of(page) == then and words in page.content.decode()
    # A half-answered page of scales: what was picked stays picked, nothing counts as done.
    bids = QUESTIONNAIRE.sections[3]
    picked = {key: value for key, value in step_data(bids, pick=1).items() if key.endswith("_partner")}
    client_a.post("/i/step/4/", {**picked, "language": first})
    shown = client_a.get("/i/step/4/")
    assert _language_of(shown) == first
    for key, value in picked.items():
        assert shown.context["form"][key].value() in (value, int(value)), key
    assert partner_a.answer_dict()["free_reason"] == words


def test_switching_with_an_answer_too_long_loses_nothing(partner_a: Partner, client_a: Client) -> None:
    consent(client_a)
    answer_steps(client_a, 1, 10)
    too_long = "x" * 5000
    response = client_a.post("/i/step/11/", {"free_reason": too_long, "free_hope": "kept", "language": "ar"})
    assert response.status_code == 200 and _language_of(response) == "ar"
    assert too_long in response.content.decode() and "kept" in response.content.decode()
    assert response.context["form"].errors  # said next to the field, in Arabic
    partner_a.refresh_from_db()
    assert partner_a.language == "ar"


def test_switching_on_the_safety_step_still_brings_help_at_once(partner_a: Partner, client_a: Client) -> None:
    consent(client_a)
    answer_steps(client_a, 1, 8)
    data = {**step_data(QUESTIONNAIRE.sections[8], safety_selfharm="1"), "language": "ar"}
    data.pop("action")
    response = client_a.post("/i/step/9/", data)
    assert response.status_code == 303 and response["Location"].startswith("/i/support/")
    assert _language_of(client_a.get(response["Location"])) == "ar"


def test_switching_on_the_review_page_sends_nothing(partner_a: Partner, client_a: Client) -> None:
    consent(client_a)
    answer_steps(client_a)
    response = client_a.post("/i/review/", {"language": "ar"})
    assert response.status_code == 303 and response["Location"] == "/i/review/"
    partner_a.refresh_from_db()
    assert partner_a.submitted_at is None and partner_a.language == "ar"


def test_switching_on_the_check_in_keeps_the_answers(couple: Couple, partner_a: Partner) -> None:
    from clinic.outcomes.checkins import open_check_in

    check_in, _tokens = open_check_in(couple, couple.therapist)
    client = check_in_client(partner_a, check_in)
    data = check_in_data(total=9, checkin_note="Better this week. أفضل")
    data.pop("action")
    response = client.post("/i/check-in/", {**data, "language": "ar"})
    assert response.status_code == 303 and response["Location"] == "/i/check-in/"
    page = client.get("/i/check-in/")
    assert _language_of(page) == "ar" and "Better this week. أفضل" in page.content.decode()
    saved = CheckInResponse.objects.get(partner=partner_a)
    # Saved before the switch, while the page was in English: that is the language the CSI-4 was answered in.
    assert saved.submitted_at is None and saved.csi4_language == "en"


def test_the_csi4_remembers_the_language_it_was_answered_in(partner_a: Partner, client_a: Client) -> None:
    Partner.objects.filter(pk=partner_a.pk).update(language="ar")
    consent(client_a)
    answer_steps(client_a, 1, 7)
    partner_a.refresh_from_db()
    assert partner_a.csi4_language == ""
    answer_steps(client_a, 8, 8)
    partner_a.refresh_from_db()
    assert partner_a.csi4_language == "ar"


NOT_VALIDATED = "Attune's own translation, not validated"


def test_the_therapist_is_told_when_a_csi4_was_answered_in_arabic(
    therapist_client: Client, couple: Couple, partner_a: Partner, partner_b: Partner
) -> None:

    Partner.objects.filter(pk=partner_a.pk).update(language="ar")
    arabic = partner_client(partner_a)
    consent(arabic)
    answer_steps(arabic)
    assert arabic.post("/i/review/").status_code == 303
    submit_intake(partner_b)
    partner_a.refresh_from_db()
    assert partner_a.csi4_language == "ar"
    for path in (f"/couples/{couple.pk}/", f"/couples/{couple.pk}/comparison/", f"/couples/{couple.pk}/check-ins/"):
        html = therapist_client.get(path).content.decode()
        assert html.count(NOT_VALIDATED) == 1, path
        assert "CSI-4 answered in Arabic by <bdi>Sam</bdi>" in html, path
    # Never to the partner, in either language.
    for language in ("ar", "en"):
        Partner.objects.filter(pk=partner_a.pk).update(language=language)
        done = arabic.get("/i/done/").content.decode()
        assert NOT_VALIDATED not in done and "ترجمة Attune" not in done


def test_no_note_when_both_answered_the_csi4_in_english(therapist_client: Client, couple: Couple) -> None:

    submit_intake(couple.partner_a)
    submit_intake(couple.partner_b)
    assert NOT_VALIDATED not in therapist_client.get(f"/couples/{couple.pk}/comparison/").content.decode()


@pytest.mark.parametrize(("arabic_digits", "shown"), [(False, "1 من 11"), (True, "١ من ١١")])
def test_digits_are_western_unless_the_practice_asks_for_arabic_indic(
    partner_a: Partner,
    partner_b: Partner,
    client_a: Client,
    client_b: Client,
    settings: Any,
    arabic_digits: bool,
    shown: str,
) -> None:
    settings.ATTUNE_ARABIC_DIGITS = arabic_digits
    Partner.objects.filter(pk=partner_a.pk).update(language="ar")
    consent(client_a)
    arabic = client_a.get("/i/step/1/").content.decode()
    assert shown in arabic
    assert 'href="/i/step/1/' not in arabic or "/i/step/١" not in arabic  # addresses keep their own digits
    assert 'value="1"' in arabic  # and so do the answers' values
    consent(client_b)
    assert "Step 1 of 11" in client_b.get("/i/step/1/").content.decode()  # English pages: always Western


def test_arabic_indic_digits_reach_only_the_text_a_reader_meets() -> None:
    html = (
        '<html lang="ar" dir="rtl"><title>الخطوة 3</title><p class="m-3" data-n="12">الجلسة 12 &#39;x&#39; &amp; 7'
        '<a href="/couples/42/">4</a><time datetime="2026-11-27">27 نوفمبر</time></p>'
        "<bdi>Sam 2</bdi><span dir='auto'>غرفة 9</span><span lang=\"en\">Page 5</span><script>var n = 10;</script>"
        "<textarea name=t>line 8</textarea><code>ATTUNE_SESSION_MINUTES=50</code><br/>1</html>"
    )
    assert arabic_digits_html(html) == (
        '<html lang="ar" dir="rtl"><title>الخطوة ٣</title><p class="m-3" data-n="12">الجلسة ١٢ &#39;x&#39; &amp; ٧'
        '<a href="/couples/42/">٤</a><time datetime="2026-11-27">٢٧ نوفمبر</time></p>'
        "<bdi>Sam 2</bdi><span dir='auto'>غرفة 9</span><span lang=\"en\">Page 5</span><script>var n = 10;</script>"
        "<textarea name=t>line 8</textarea><code>ATTUNE_SESSION_MINUTES=50</code><br/>١</html>"
    )
    assert arabic_digits_html("<p>هاتف \u2068020 7946\u2069 ورقم 5</p>") == "<p>هاتف \u2068020 7946\u2069 ورقم ٥</p>"
    nested = "<bdi>a <bdi>1</bdi> 2</bdi> 3"
    assert arabic_digits_html(nested) == "<bdi>a <bdi>1</bdi> 2</bdi> ٣"


@pytest.mark.parametrize("arabic_digits", [False, True])
def test_a_therapists_arabic_pages_follow_the_digits_setting(
    therapist: Any, therapist_client: Client, settings: Any, arabic_digits: bool
) -> None:
    settings.ATTUNE_ARABIC_DIGITS = arabic_digits
    TherapistProfile.objects.update_or_create(user=therapist, defaults={"language": "ar"})
    couple = make_couple(therapist, "Sam", "Alex")
    submit_intake(couple.partner_a, pick=1)
    submit_intake(couple.partner_b, pick=3)
    page = therapist_client.get(f"/couples/{couple.pk}/comparison/").content.decode()
    visible = re.sub(r"<[^>]*>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S))
    assert bool(re.search("[٠-٩]", visible)) is arabic_digits  # the CSI-4 totals, the chart's table, the dates
    assert 'width="' in page and "viewBox=" in page  # the chart's drawing keeps its numbers
