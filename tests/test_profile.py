"""The therapist's account page: the name and contact line the couple's handout prints."""

from typing import Any

import pytest
from django.test import Client

from clinic.models import TherapistProfile

URL = "/accounts/profile/"


def test_anonymous_goes_to_login(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_partners_session_does_not_reach_it(client_a: Client) -> None:
    response = client_a.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_each_therapist_sees_and_saves_only_their_own(
    therapist_client: Client, other_client: Client, therapist: Any, other_therapist: Any
) -> None:
    response = therapist_client.get(URL)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert 'href="/accounts/profile/" aria-current="page"' in response.content.decode()
    data = {
        "first_name": " Robin ",
        "last_name": "Lee",
        "contact_line": "Phone 020 7946 0321 · robin@example.org",
        "language": "en",
    }
    assert therapist_client.post(URL, data).status_code == 302
    therapist.refresh_from_db()
    assert (therapist.first_name, therapist.last_name) == ("Robin", "Lee")
    assert TherapistProfile.objects.get(user=therapist).contact_line == data["contact_line"]
    other = other_client.get(URL).content.decode()
    assert "robin@example.org" not in other
    assert TherapistProfile.objects.filter(user=other_therapist).get().contact_line == ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_line", "x" * 161, "at most 160 characters"),
        ("contact_line", "Phone 1\nPhone 2", "on one line"),
        ("first_name", "n" * 151, "at most 150 characters"),
        ("language", "fr", "Select a valid choice"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_saves_nothing(
    therapist_client: Client, therapist: Any, field: str, value: str, message: str
) -> None:
    data = {"first_name": "Robin", "last_name": "Lee", "contact_line": "Phone 1", "language": "en", field: value}
    response = therapist_client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in html or f'id="id_{field}_error"' in html
    assert f'<p id="error_1_id_{field}"><strong>' in html  # the message sits with its field
    therapist.refresh_from_db()
    assert therapist.last_name == "" and TherapistProfile.objects.get(user=therapist).contact_line == ""


def test_the_account_language_sets_the_therapists_pages_and_no_one_elses(
    therapist_client: Client, other_client: Client, therapist: Any
) -> None:
    data = {"first_name": "Robin", "last_name": "Lee", "contact_line": "", "language": "ar"}
    saved = therapist_client.post(URL, data, follow=True)
    assert TherapistProfile.objects.get(user=therapist).language == "ar"
    assert saved["Content-Language"] == "ar" and '<html lang="ar" dir="rtl">' in saved.content.decode()
    assert therapist_client.get("/couples/")["Content-Language"] == "ar"
    assert other_client.get("/couples/")["Content-Language"] == "en"
    assert therapist_client.post(URL, {**data, "language": "en"})["Location"] == URL
    assert therapist_client.get("/couples/")["Content-Language"] == "en"
