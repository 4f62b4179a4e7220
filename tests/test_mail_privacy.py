"""Every message of a whole journey, read as its reader would: nothing about the other partner, no answer, no
word of the safety questions, no couple in the therapist's urgent notice; and no token in any log line."""

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from clinic.messaging.models import OutboxMessage
from intake.models import Couple
from intake.questionnaire import QUESTIONNAIRE
from tests.intake_steps import answer_steps, consent, step_data
from tests.mail import Recorder, run_worker
from tests.test_mail_invitations import invite
from tests.test_reminders import later

pytestmark = pytest.mark.django_db(transaction=True)
SAFETY = QUESTIONNAIRE.sections[[s.key for s in QUESTIONNAIRE.sections].index("safety")]
SAFETY_STEP = 1 + QUESTIONNAIRE.sections.index(SAFETY)
WORDS_A = "Quietly-Kept-Words-Of-Sam"
WORDS_B = "Quietly-Kept-Words-Of-Alex"


def _answer_everything(browser: Client, words: str, **safety: str) -> None:
    consent(browser)
    answer_steps(browser, last=SAFETY_STEP - 1)
    assert browser.post(f"/i/step/{SAFETY_STEP}/", step_data(SAFETY, 0, "next", **safety)).status_code == 303
    for number in range(SAFETY_STEP + 1, QUESTIONNAIRE.step_count + 1):
        section = QUESTIONNAIRE.sections[number - 1]
        texts = {item.key: words for item in section.items if item.kind == "text"}
        assert browser.post(f"/i/step/{number}/", step_data(section, 0, "next", **texts)).status_code == 303


def test_no_message_of_a_whole_journey_carries_anything_private(
    smtp: Recorder, therapist: Any, therapist_client: Client, couple: Couple
) -> None:
    therapist.email = "robin@practice.example"
    therapist.save(update_fields=["email"])
    invite(therapist_client, couple)
    run_worker()
    links = {mail.recipients[0]: mail.intake_links()[0] for mail in smtp.received}
    sam, alex = Client(), Client()
    sam.get(urlsplit(links["sam@example.org"]).path)
    alex.get(urlsplit(links["alex@example.net"]).path)
    _answer_everything(sam, WORDS_A, safety_afraid="1", safety_selfharm="1", safety_strangled="1")
    with later(3.01):
        run_worker()  # Sam's answers are in but not sent: both get their first reminder
    _answer_everything(alex, WORDS_B, safety_insulted="1")
    with later(12.01):
        run_worker()  # the last reminders
    assert sam.post("/i/review/").status_code == 303 and alex.post("/i/review/").status_code == 303
    run_worker()  # the "both submitted" notice
    kinds = sorted(OutboxMessage.objects.values_list("kind", flat=True))
    assert kinds == sorted(["invitation"] * 2 + ["reminder"] * 2 + ["last_reminder"] * 2 + ["urgent", "both_submitted"])
    assert len(smtp.received) == 8

    safety_words = [str(item.text) for item in SAFETY.items] + [
        str(item.help_text) for item in SAFETY.items if item.help_text
    ]
    for mail in smtp.received:
        everything = mail.everything
        for private in ("Sam", "Alex", couple.name, WORDS_A, WORDS_B, "safety", "Safety", *safety_words):
            assert private not in everything, (mail.message["Subject"], private)
        if mail.recipients == ["robin@practice.example"]:
            assert mail.links() == []  # a notice carries no private link, only the sign-in page
        else:
            assert len(mail.intake_links()) == 1 and mail.intake_links()[0] == links[mail.recipients[0]]
    urgent = next(m for m in smtp.received if m.message["Subject"] == "Attune: a client needs follow-up")
    assert str(couple.pk) not in urgent.everything
