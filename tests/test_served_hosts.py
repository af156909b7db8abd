"""The host names the dashboard answers to (finding: the server answered any Host, so a web
page at attacker.example resolving to 127.0.0.1 opened the lead's dashboard and read its
data). The browser test in tests/e2e/test_hosts.py tries it for real."""

import asyncio
import concurrent.futures

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


# --- where a refused request is sent (finding: it named http://localhost:8501 whatever the
# port or the address the dashboard is served at) ------------------------------------------


def _refused_body(port: int, host: str) -> tuple[int, str]:
    sent = []

    async def send(message):
        sent.append(message)

    async def app(scope, receive, send):  # pragma: no cover - never reached
        raise AssertionError("the request reached the app")

    scope = {
        "type": "http",
        "path": "/",
        "headers": [(b"host", host.encode())],
        "server": ("127.0.0.1", port),
    }
    # in a thread of its own: a browser test earlier in this worker may leave an event loop
    # running in this one (asyncio.run refuses to start inside it)
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, hosts.ServedHostsOnly(app)(scope, None, send)).result()
    return sent[0]["status"], sent[1]["body"].decode()


def test_a_request_under_another_name_is_told_the_address_this_computer_serves(monkeypatch):
    monkeypatch.setattr(hosts, "_secret", lambda name: None)
    assert _refused_body(8502, "attacker.example:8502") == (
        400,
        "This dashboard does not answer to this address. Open it at http://localhost:8502",
    )


def test_with_sign_in_it_is_told_the_address_sign_in_returns_to(monkeypatch):
    monkeypatch.setattr(hosts, "_secret", lambda name: AUTH if name == "auth" else None)
    assert _refused_body(8600, "10.0.0.9:8600")[1] == (
        "This dashboard does not answer to this address. Open it at https://uep.trust.nhs.uk"
    )


def test_the_refusal_page_names_the_port_the_dashboard_listens_on(sample_url, monkeypatch):
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    from tests.app_support import APP
    from uep_data import db

    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, sample_url)
    monkeypatch.setattr(hosts, "served_here", lambda: False)
    before = config.get_option("server.port")
    config.set_option("server.port", 8502)
    try:
        at = AppTest.from_file(APP, default_timeout=60).run()
    finally:
        config.set_option("server.port", before)
    assert [t.value for t in at.title] == ["Not at this address"]
    said = at.error[0].value.replace("\\", "")
    assert (
        said == "This dashboard does not answer to this address. Open it at http://localhost:8502"
    )
