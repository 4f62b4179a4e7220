"""Finding 3, behind the proxy: the link rate limit, the sign-in lockout and the access log all see the
client's own address, taken from X-Forwarded-For only through the proxies ATTUNE_TRUSTED_PROXIES
names or counts. A header from anyone else changes nothing."""

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory

from clinic.models import AccessLog
from clinic.settings import env_proxies
from intake.addresses import client_address
from intake.models import Couple, Partner
from tests.factories import PASSWORD, issue_link

PROXY = "10.0.0.2"


def _address(trusted: Any, peer: str, forwarded: str | None = None) -> str | None:
    from django.test import override_settings

    headers: dict[str, Any] = {}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(ATTUNE_TRUSTED_PROXIES=trusted):
        return client_address(RequestFactory().get("/", REMOTE_ADDR=peer, **headers))


@pytest.mark.parametrize(
    "trusted, peer, forwarded, expected",
    [
        ([], "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # nobody trusted: the header is ignored
        ([PROXY], "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # spoofed by an untrusted peer
        ([PROXY], PROXY, "198.51.100.1", "198.51.100.1"),
        ([PROXY], PROXY, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client's own prefix is not believed
        (["10.0.0.0/8"], "10.0.0.3", "198.51.100.1, 10.0.0.7", "198.51.100.1"),  # two trusted hops
        ([PROXY], PROXY, None, PROXY),  # the proxy itself (a health check)
        ([PROXY], PROXY, "not-an-address", PROXY),  # garbage from the proxy: believe the proxy
        ([PROXY], PROXY, "198.51.100.1:4711", "198.51.100.1"),
        (["::1"], "::1", "[2001:db8::5]:443", "2001:db8::5"),
        ([PROXY], "::ffff:10.0.0.2", "198.51.100.1", "198.51.100.1"),  # IPv4-mapped peer
        (1, PROXY, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # a count: the last hop before the proxy
        (2, PROXY, "6.6.6.6, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (1, PROXY, "", PROXY),
        ([], "", None, None),
    ],
)
def test_3_the_client_address_is_believed_only_through_trusted_proxies(
    trusted: Any, peer: str, forwarded: str | None, expected: str | None
) -> None:
    assert _address(trusted, peer, forwarded) == expected


@pytest.mark.parametrize("raw, expected", [("", []), ("1", 1), ("10.0.0.2, 10.1.0.0/16", ["10.0.0.2", "10.1.0.0/16"])])
def test_3_trusted_proxies_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: object
) -> None:
    monkeypatch.setenv("ATTUNE_TRUSTED_PROXIES", raw)
    assert env_proxies("ATTUNE_TRUSTED_PROXIES") == expected


def test_3_a_bad_proxy_setting_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTUNE_TRUSTED_PROXIES", "10.0.0.2, proxy.internal")
    with pytest.raises(ImproperlyConfigured, match=r"proxy\.internal"):
        env_proxies("ATTUNE_TRUSTED_PROXIES")


def _through_proxy(client_ip: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_ip)


def test_3_junk_from_one_client_behind_the_proxy_locks_out_no_other_partner(partner_a: Partner, settings: Any) -> None:
    settings.ATTUNE_TRUSTED_PROXIES = [PROXY]
    junk = _through_proxy("203.0.113.7")
    statuses = [junk.get(f"/i/junk-{n:03d}-attempt/").status_code for n in range(150)]
    assert 429 in statuses  # the sender of junk is stopped
    assert _through_proxy("198.51.100.8").get(f"/i/{issue_link(partner_a)}/").status_code == 303


def test_3_a_spoofed_header_from_an_untrusted_peer_does_not_dodge_the_limit(partner_a: Partner, settings: Any) -> None:
    settings.ATTUNE_TRUSTED_PROXIES = [PROXY]
    settings.ATTUNE_TOKEN_ADDRESS_FAILURE_LIMIT = 5
    for n in range(5):
        spoofer = Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert spoofer.get(f"/i/{n}-guess/").status_code == 404
    fresh_header = Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert fresh_header.get(f"/i/{issue_link(partner_a)}/").status_code == 429


def _sign_in(client: Client, password: str) -> int:
    return client.post("/accounts/login/", {"username": "therapist", "password": password}).status_code


def test_3_five_wrong_passwords_behind_the_proxy_lock_only_that_client(therapist: Any, settings: Any) -> None:
    settings.ATTUNE_TRUSTED_PROXIES = [PROXY]
    guesser = _through_proxy("203.0.113.7")
    statuses = [_sign_in(guesser, f"wrong-{n}") for n in range(settings.AXES_FAILURE_LIMIT + 1)]
    assert statuses[-1] == 429
    assert _sign_in(guesser, PASSWORD) == 429
    assert _sign_in(_through_proxy("198.51.100.8"), PASSWORD) == 302  # the therapist, from their own address


def test_3_spoofed_headers_do_not_reset_the_sign_in_lockout(therapist: Any, settings: Any) -> None:
    settings.ATTUNE_TRUSTED_PROXIES = [PROXY]
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(Client(REMOTE_ADDR="203.0.113.8", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"), "wrong")
    assert _sign_in(Client(REMOTE_ADDR="203.0.113.8", HTTP_X_FORWARDED_FOR="192.0.2.1"), PASSWORD) == 429


def test_3_the_access_log_records_the_clients_address(therapist_client: Client, couple: Couple, settings: Any) -> None:
    settings.ATTUNE_TRUSTED_PROXIES = [PROXY]
    url = f"/couples/{couple.pk}/comparison/"
    therapist_client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.23")
    therapist_client.get(url, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.99")  # not through it
    addresses = list(AccessLog.objects.order_by("id").values_list("address", flat=True))
    assert addresses == ["198.51.100.23", "203.0.113.5"]


def test_3_a_partners_own_entries_carry_their_address(partner_a: Partner, settings: Any) -> None:
    settings.ATTUNE_TRUSTED_PROXIES = 1
    assert _through_proxy("198.51.100.31").get(f"/i/{issue_link(partner_a)}/").status_code == 303
    entry = AccessLog.objects.get(action="open_link")
    assert (entry.address, entry.partner_role, entry.couple_id) == ("198.51.100.31", "a", partner_a.couple_id)
