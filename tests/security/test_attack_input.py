"""Attacks 8–9 and 12–13: hostile input, script payloads, replays and a crowd of saves."""

from functools import partial

import pytest
from django.test import Client

from intake.models import Couple, Partner
from intake.questionnaire import QUESTIONNAIRE
from tests.conftest import partner_client
from tests.factories import make_couple, make_library, make_therapist
from tests.intake_steps import answer_steps, consent, step_data
from tests.security.conftest import PAYLOADS, answer_everything
from tests.together import run_together

FIRST = QUESTIONNAIRE.sections[0]
TEXT_STEP = [s.key for s in QUESTIONNAIRE.sections].index("thoughts") + 1


@pytest.mark.parametrize("bad", ["99", "-1", "3.5", "", "3 OR 1=1", ["1", "5"], "1\x00"])
def test_8_bad_likert_values_are_refused_and_nothing_is_saved(
    client_a: Client, partner_a: Partner, bad: object
) -> None:
    consent(client_a)
    response = client_a.post("/i/step/1/", {"p1_partner": bad, "action": "next"})
    assert response.status_code == 200
    assert response.context["form"].errors["p1_partner"]
    assert partner_a.answer_dict() == {}


def test_8_unknown_keys_huge_text_nul_bytes_and_too_many_fields(
    client_a: Client, partner_a: Partner, caplog: pytest.LogCaptureFixture
) -> None:
    consent(client_a)
    assert "does not ask for" in client_a.post("/i/step/1/", {**step_data(FIRST), "csi4_1": "3"}).content.decode()
    big = client_a.post(f"/i/step/{TEXT_STEP}/", {"free_reason": "x" * 1_000_000, "action": "next"})
    assert big.status_code == 413 and "too much" in big.content.decode().lower()
    nul = client_a.post(f"/i/step/{TEXT_STEP}/", {"free_reason": "a\x00b", "action": "next"})
    assert "Null characters are not allowed." in nul.content.decode()
    crowd = client_a.post("/i/step/1/", {f"k{i}": "1" for i in range(1001)})
    assert crowd.status_code == 400
    assert partner_a.answer_dict() == {}
    caplog.clear()  # Django reports the two refused requests on its security logger


def test_9_script_payloads_are_escaped_on_every_page_and_in_the_pdfs(therapist_client: Client, couple: Couple) -> None:
    make_library()
    payload = " ".join(PAYLOADS)
    a = answer_everything(couple.partner_a, words=payload)
    answer_everything(couple.partner_b, words=payload)
    pages = [a.get("/i/review/", follow=True).content.decode()]
    therapist_client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"})
    for path in ("", "comparison/", "plan/", "log/"):
        pages.append(therapist_client.get(f"/couples/{couple.pk}/{path}").content.decode())
    for html in pages:
        assert "<script>window.__pwned" not in html
        assert "<img src=x onerror" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in pages[2]  # the comparison shows it, inert
    import io

    from pypdf import PdfReader

    pdf = therapist_client.get(f"/couples/{couple.pk}/plan.pdf").content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert b"/JavaScript" not in pdf and b"/JS" not in pdf
    assert "pwned" not in text  # free text is not part of the plan PDF at all


def test_12_double_submit_back_button_and_two_tabs_make_one_submission(partner_a: Partner) -> None:
    tab_one = partner_client(partner_a)
    tab_two = Client()
    tab_two.cookies = tab_one.cookies
    consent(tab_one)
    answer_steps(tab_one)
    before = partner_a.answer_dict()
    assert tab_one.post("/i/review/").status_code == 303
    partner_a.refresh_from_db()
    first_submitted = partner_a.submitted_at
    assert tab_two.post("/i/review/")["Location"] == "/i/done/"
    assert tab_one.post("/i/step/3/", step_data(QUESTIONNAIRE.sections[2], pick=4))["Location"] == "/i/done/"
    partner_a.refresh_from_db()
    assert partner_a.submitted_at == first_submitted
    assert partner_a.answer_dict() == before


@pytest.mark.django_db(transaction=True)
def test_13_twenty_concurrent_saves_all_commit_whole() -> None:
    therapist = make_therapist("t")
    partners = [p for i in range(10) for p in make_couple(therapist, f"A{i}", f"B{i}").partners.all()]
    clients = [partner_client(p) for p in partners]
    for client in clients:
        consent(client)

    def save(index: int) -> int:
        return clients[index].post("/i/step/1/", step_data(FIRST, pick=index)).status_code

    statuses = run_together([partial(save, index) for index in range(len(clients))])
    assert statuses == [303] * 20
    for index, partner in enumerate(partners):
        assert partner.answer_dict() == {item.key: item.choices[index % 5].value for item in FIRST.items}
