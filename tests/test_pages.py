"""Site-wide promises: liveness, static assets from our own server, an accessible frame."""

from typing import Any

from django.templatetags.static import static
from django.test import Client


def test_healthz_is_ok_without_touching_the_database(client: Client, db: None, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_answers_plain_http_when_https_is_enforced(client: Client, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


def test_bootstrap_is_served_by_the_app(client: Client) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert f'href="{static("bootstrap/css/bootstrap.min.css")}"' in html
    assert "cdn" not in html.lower()
    css = client.get(static("bootstrap/css/bootstrap.min.css"))
    assert css.status_code == 200
    assert b"Bootstrap" in b"".join(css.streaming_content)  # type: ignore[attr-defined]  # a FileResponse


def test_base_template_has_language_skip_link_and_landmarks(client: Client, db: None) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert 'name="viewport"' in html


def test_login_and_logout(client: Client, therapist: Any) -> None:
    from tests.factories import PASSWORD

    response = client.post("/accounts/login/", {"username": "therapist", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/couples/"
    assert client.get("/couples/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/couples/").status_code == 302


def test_wrong_password_shows_a_clear_message(client: Client, therapist: Any) -> None:
    response = client.post("/accounts/login/", {"username": "therapist", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_every_page_names_its_icon_and_favicon_ico_leads_to_it(client: Client, db: None) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert f'<link rel="icon" href="{static("attune/favicon.svg")}" type="image/svg+xml">' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == static("attune/favicon.png")
    icon = client.get(response["Location"])
    assert icon.status_code == 200 and icon["Content-Type"] == "image/png"
    svg = client.get("/static/attune/favicon.svg")
    assert svg.status_code == 200 and b"<svg" in b"".join(svg.streaming_content)  # type: ignore[attr-defined]
