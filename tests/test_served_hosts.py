"""The host names the dashboard answers to (finding: the server answered any Host, so a web
page at attacker.example resolving to 127.0.0.1 opened the lead's dashboard and read its
data). The browser test in tests/e2e/test_hosts.py tries it for real."""

import pytest

from web import hosts

AUTH = {"redirect_uri": "https://uep.trust.nhs.uk/oauth2callback", "client_id": "x"}


@pytest.mark.parametrize(
    "header, name",
    [
        ("localhost:8501", "localhost"),
        ("LOCALHOST", "localhost"),
        ("127.0.0.1:8501", "127.0.0.1"),
        ("[::1]:8501", "::1"),
        ("attacker.example:8501", "attacker.example"),
        ("localhost:port", None),
        ("user@localhost", None),
        ("localhost/x", None),
        ("", None),
        (None, None),
    ],
)
def test_the_host_name_is_read_from_the_header_without_its_port(header, name):
    assert hosts.host_name(header) == name


def test_local_mode_serves_this_computer_only_on_any_port():
    served = hosts.served_hosts(None)
    assert served == {"localhost", "127.0.0.1", "::1"}
    assert "attacker.example" not in served
    assert hosts.served_hosts(None, ["attacker.example"], "attacker.example") == served


def test_with_sign_in_the_redirect_host_and_the_listed_names_are_served():
    assert hosts.served_hosts(AUTH) == {"uep.trust.nhs.uk"}
    listed = hosts.served_hosts(AUTH, ["UEP.example.nhs.uk", "10.0.0.5"])
    assert listed == {"uep.trust.nhs.uk", "uep.example.nhs.uk", "10.0.0.5"}
    # the environment's list, when set, is used instead of the secrets'
    assert hosts.served_hosts(AUTH, ["a.example"], "b.example, c.example") == {
        "uep.trust.nhs.uk",
        "b.example",
        "c.example",
    }
    assert "localhost" not in hosts.served_hosts(AUTH)


@pytest.mark.parametrize(
    "headers, secure",
    [
        ({"host": "uep.trust.nhs.uk", "origin": "https://uep.trust.nhs.uk"}, True),
        ({"host": "uep.trust.nhs.uk", "origin": "http://uep.trust.nhs.uk"}, False),
        ({"host": "uep.trust.nhs.uk", "x-forwarded-proto": "https"}, True),
        ({"host": "uep.trust.nhs.uk", "x-forwarded-proto": "http"}, False),
        ({"host": "uep.trust.nhs.uk"}, False),
    ],
)
def test_https_is_read_from_the_pages_origin_or_the_proxys_forwarded_scheme(headers, secure):
    assert hosts.over_https(headers) is secure
