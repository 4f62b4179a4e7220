"""What the comparison and plan pages keep of a couple's submitted intakes (clinic/printing/kept.py): always what
would be worked out now, in each language, sealed, never another couple's, and gone when the answers change."""

import io
import json
import re
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from clinic.models import KeptAnalysis
from clinic.printing.kept import DIGEST, kept_in_language, opened
from clinic.printing.reports import comparison_page, couple_comparison, couple_digest
from intake.models import Couple
from tests.check_in_steps import answered_check_in, csi4_answers
from tests.factories import make_library, submitted_couple
from tests.recommender_cases import EFT_A, EFT_B, answers

WORDS = "I keep reaching for him and he keeps disappearing into his phone."


@pytest.fixture
def answered(therapist: Any) -> Couple:
    make_library()
    return submitted_couple(
        therapist, answers(**EFT_A) | csi4_answers(8) | {"free_reason": WORDS}, answers(**EFT_B) | csi4_answers(13)
    )


def _url(couple: Couple) -> str:
    return f"/couples/{couple.pk}/comparison/"


def _page(client: Client, couple: Couple) -> str:
    """The comparison page's HTML without what changes from one request to the next (tokens, the session clock)."""
    html = client.get(_url(couple)).content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'(nonce|data-remaining)="[^"]+"', "", html)


def _fresh(couple: Couple) -> Any:
    """The comparison page's data as worked out now, read back from JSON as the kept copy is."""
    couple = Couple.objects.prefetch_related("partners").get(pk=couple.pk)
    versions = (couple.partner_a.questionnaire, couple.partner_b.questionnaire)
    return json.loads(json.dumps(comparison_page(couple_comparison(couple), versions), default=str))


def _kept(couple: Couple) -> Any:
    couple = Couple.objects.prefetch_related("partners").get(pk=couple.pk)
    return kept_in_language(couple, "comparison page", lambda: pytest.fail("worked out again, not read"))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_kept_page_is_what_would_be_worked_out_now(
    therapist_client: Client, answered: Couple, settings: Any, language: str
) -> None:
    settings.ATTUNE_LANGUAGE = language
    first = _page(therapist_client, answered)  # worked out, and kept
    assert KeptAnalysis.objects.filter(couple=answered, kind=f"comparison page:{language}").count() == 1
    assert _page(therapist_client, answered) == first  # read from what was kept
    with translation.override(language):
        assert _kept(answered) == _fresh(answered)


def test_each_language_keeps_its_own_words(therapist: Any, answered: Couple, settings: Any) -> None:
    english_reader = Client()
    english_reader.force_login(therapist)
    english = _page(english_reader, answered)
    settings.ATTUNE_LANGUAGE = "ar"
    arabic_reader = Client()  # a session keeps its language: a new one starts in the practice's
    arabic_reader.force_login(therapist)
    arabic = _page(arabic_reader, answered)
    assert 'lang="ar" dir="rtl"' in arabic and "Each area in detail" in english and "Each area in detail" not in arabic
    kinds = set(KeptAnalysis.objects.filter(couple=answered).values_list("kind", flat=True))
    assert kinds == {"comparison page:en", "comparison page:ar"}


def test_what_is_kept_is_sealed(therapist_client: Client, answered: Couple) -> None:
    therapist_client.get(_url(answered))
    therapist_client.get(f"/couples/{answered.pk}/plan/")
    for row in KeptAnalysis.objects.filter(couple=answered):
        assert WORDS not in row.sealed and "disappearing" not in row.sealed
    page = KeptAnalysis.objects.get(couple=answered, kind="comparison page:en")
    assert WORDS in opened(page.sealed)


def test_a_reopen_and_a_new_submit_show_the_new_answers(therapist_client: Client, answered: Couple) -> None:
    before = _page(therapist_client, answered)
    assert WORDS in before
    sam = answered.partner_a
    sam.reopen(by=answered.therapist)
    assert not KeptAnalysis.objects.filter(couple=answered).exists()
    waiting = _page(therapist_client, answered)
    assert WORDS not in waiting and "Still missing: <bdi>Sam</bdi>" in waiting
    sam.save_answers({"free_reason": "We talk more now, but only about the children."})
    sam.submit()
    after = _page(therapist_client, answered)
    assert "We talk more now, but only about the children." in after and WORDS not in after
    assert _kept(answered) == _fresh(answered)


def test_a_row_kept_for_other_submissions_is_never_shown(therapist_client: Client, answered: Couple) -> None:
    """Even if a reopen's drop were missed, the key (both submissions) no longer matches."""
    therapist_client.get(_url(answered))
    stale = KeptAnalysis.objects.get(couple=answered, kind="comparison page:en")
    sam = answered.partner_a
    sam.reopen(by=answered.therapist)
    sam.save_answers({"free_reason": "Something new."})
    sam.submit()
    KeptAnalysis.objects.filter(couple=answered).delete()
    KeptAnalysis.objects.create(couple=answered, kind=stale.kind, key=stale.key, sealed=stale.sealed)
    html = _page(therapist_client, answered)
    assert "Something new." in html and WORDS not in html


def test_a_new_name_is_not_hidden_by_what_was_kept(therapist_client: Client, answered: Couple) -> None:
    therapist_client.get(_url(answered))
    answered.partners.filter(role="a").update(display_name="Samuel")
    html = _page(therapist_client, answered)
    assert "<bdi>Samuel</bdi>" in html and "<bdi>Sam</bdi>" not in html


def test_the_gap_threshold_is_part_of_the_key(therapist_client: Client, answered: Couple, settings: Any) -> None:
    therapist_client.get(_url(answered))
    settings.ATTUNE_GAP_THRESHOLD = 3
    assert "at least 3 points apart" in _page(therapist_client, answered)
    assert _kept(answered) == _fresh(answered)


def test_a_check_in_leaves_the_comparison_kept_and_the_page_right(therapist_client: Client, answered: Couple) -> None:
    therapist_client.get(_url(answered))
    kept_before = KeptAnalysis.objects.get(couple=answered, kind="comparison page:en").sealed
    answered_check_in(answered, (9, 13), session_number=2)
    assert KeptAnalysis.objects.get(couple=answered, kind="comparison page:en").sealed == kept_before
    assert _kept(answered) == _fresh(answered)


def test_one_couples_kept_page_never_reaches_another(therapist: Any, therapist_client: Client) -> None:
    make_library()
    first = submitted_couple(therapist, answers(**EFT_A) | {"free_reason": WORDS}, answers(**EFT_B))
    second = submitted_couple(therapist, answers(**EFT_A), answers(**EFT_B), names=("Kim", "Lee"))
    assert WORDS in _page(therapist_client, first)
    other = _page(therapist_client, second)
    assert WORDS not in other and "<bdi>Kim</bdi>" in other and "<bdi>Sam</bdi>" not in other


def test_the_other_therapist_keeps_and_reads_nothing(other_client: Client, answered: Couple) -> None:
    assert other_client.get(_url(answered)).status_code == 404
    assert not KeptAnalysis.objects.exists()


def test_the_plan_pages_digest_is_kept_and_follows_a_resubmit(therapist_client: Client, answered: Couple) -> None:
    plan = f"/couples/{answered.pk}/plan/"
    therapist_client.post(plan, {"action": "draft"})
    assert "The answers have changed" not in therapist_client.get(plan).content.decode()
    digest = KeptAnalysis.objects.get(couple=answered, kind=DIGEST)
    assert opened(digest.sealed) == json.dumps(couple_digest(answered))
    sam = answered.partner_a
    sam.reopen(by=answered.therapist)
    assert not KeptAnalysis.objects.filter(couple=answered).exists()
    assert "The answers have changed since this version was drafted" in therapist_client.get(plan).content.decode()
    sam.save_answers({"o1": 1})
    sam.submit()
    assert "Re-draft from the current answers (a new version)" in therapist_client.get(plan).content.decode()
    assert opened(KeptAnalysis.objects.get(couple=answered, kind=DIGEST).sealed) != opened(digest.sealed)


def test_deleting_the_couple_deletes_what_was_kept(therapist_client: Client, answered: Couple) -> None:
    therapist_client.get(_url(answered))
    therapist_client.get(f"/couples/{answered.pk}/plan/")
    assert KeptAnalysis.objects.filter(couple=answered).exists()
    answered.delete()
    assert not KeptAnalysis.objects.exists()


def test_a_kept_row_that_cannot_be_opened_is_worked_out_again(therapist_client: Client, answered: Couple) -> None:
    """A row sealed under a key since retired (or damaged) is never an error page."""
    first = _page(therapist_client, answered)
    KeptAnalysis.objects.filter(couple=answered).update(sealed=Fernet(Fernet.generate_key()).encrypt(b"{}").decode())
    assert _page(therapist_client, answered) == first
    assert _kept(answered) == _fresh(answered)


def test_a_key_rotation_drops_what_was_kept(therapist_client: Client, answered: Couple) -> None:
    therapist_client.get(_url(answered))
    call_command("rotatekeys", stdout=io.StringIO())
    assert not KeptAnalysis.objects.exists()
    assert WORDS in _page(therapist_client, answered)
