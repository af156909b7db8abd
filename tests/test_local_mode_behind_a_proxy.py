"""Local mode shows nothing to a request a proxy passed on for another computer (finding: the
check that keeps local mode on this computer read only Streamlit's listening address and the
Host header, so a proxy listening beyond the machine, as deploy/README's `bind :443` before
sign-in is set up, handed the lead's exact view to any client sending `Host: localhost`).
The proxy says whom it passed the request on for (X-Forwarded-For, Forwarded, X-Real-IP):
serve.py's check refuses every such request, the page and its websocket, and app.py shows
a refusal for a session that came that way. tests/e2e/test_hosts.py tries it through a real
HAProxy."""

from __future__ import annotations

import asyncio
import concurrent.futures

import pytest
from streamlit.runtime.context import StreamlitHeaders
from streamlit.testing.v1 import AppTest

from tests.app_support import APP, label
from uep_data import db
from web import hosts

ELSEWHERE = "203.0.113.9"


@pytest.mark.parametrize(
    "headers",
    [
        [("X-Forwarded-For", ELSEWHERE)],
        [("x-forwarded-for", f"127.0.0.1, {ELSEWHERE}")],
        # a client's own X-Forwarded-For naming this computer, and the proxy's naming it
        [("X-Forwarded-For", "127.0.0.1"), ("X-Forwarded-For", ELSEWHERE)],
        [("X-Forwarded-For", "[2001:db8::17]:4711")],
        [("X-Forwarded-For", "unknown")],
        [("Forwarded", f"for={ELSEWHERE};proto=https;by=127.0.0.1")],
        [("Forwarded", 'for="[2001:db8:cafe::17]:4711"')],
        [("Forwarded", "for=127.0.0.1, for=_hidden")],
        [("X-Real-IP", ELSEWHERE)],
        [("X-Forwarded-For", "127.0.0.1.attacker.example")],
    ],
)
def test_a_request_passed_on_for_another_computer_is_seen_as_such(headers):
    assert hosts.forwarded_for_another_computer(headers)


@pytest.mark.parametrize(
    "headers",
    [
        [],
        [("Host", "localhost:8501")],
        [("X-Forwarded-For", "127.0.0.1")],
        [("X-Forwarded-For", "127.0.0.1:53211, ::1")],
        [("X-Forwarded-For", "[::1]:4711, 127.1.2.3, ::ffff:127.0.0.1")],
        [("Forwarded", 'for=127.0.0.1;proto=http, for="[::1]"')],
        [("X-Real-IP", "localhost")],
        [("X-Forwarded-Proto", "https")],
    ],
)
def test_a_request_from_this_computer_through_a_proxy_here_is_not(headers):
    assert not hosts.forwarded_for_another_computer(headers)


def serve(scope: dict, auth=None, monkeypatch=None) -> list[dict]:
    """What the check in front of the server sends for one request (the app behind it
    answers 200 "data")."""
    sent: list[dict] = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"data"})

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    monkeypatch.setattr(hosts, "_secret", lambda name: auth if name == "auth" else None)
    # in a thread of its own: a test before it in the same process may have left an event
    # loop running in this one (asyncio.run refuses to start inside it)
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, hosts.ServedHostsOnly(app)(scope, receive, send)).result()
    return sent


def request(kind: str, path: str, *headers: tuple[bytes, bytes]) -> dict:
    return {
        "type": kind,
        "path": path,
        "scheme": "http" if kind == "http" else "ws",
        "headers": [(b"host", b"localhost:8501"), *headers],
    }


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/media/x.csv", "/_stcore/host-config"])
def test_in_local_mode_the_server_refuses_every_request_passed_on_for_another_computer(
    path, monkeypatch
):
    sent = serve(request("http", path, (b"x-forwarded-for", ELSEWHERE.encode())), None, monkeypatch)
    assert sent[0]["status"] == 403
    assert b"passed on by a proxy for another computer" in sent[1]["body"]
    assert b"data" not in sent[1]["body"]


def test_in_local_mode_the_websocket_passed_on_for_another_computer_is_closed(monkeypatch):
    sent = serve(
        request("websocket", "/_stcore/stream", (b"forwarded", f"for={ELSEWHERE}".encode())),
        None,
        monkeypatch,
    )
    assert sent == [{"type": "websocket.close", "code": 1008}]


def test_a_proxy_on_this_computer_for_this_computer_is_served(monkeypatch):
    sent = serve(request("http", "/", (b"x-forwarded-for", b"127.0.0.1")), None, monkeypatch)
    assert sent[0]["status"] == 200 and sent[1]["body"] == b"data"


def test_with_sign_in_a_proxy_may_pass_on_requests_for_anyone(monkeypatch):
    auth = {"redirect_uri": "https://uep.trust.nhs.uk/oauth2callback"}
    scope = request("http", "/", (b"x-forwarded-for", ELSEWHERE.encode()))
    scope["headers"][0] = (b"host", b"uep.trust.nhs.uk")
    scope["headers"].append((b"x-forwarded-proto", b"https"))
    sent = serve(scope, auth, monkeypatch)
    assert sent[0]["status"] == 200


def app_reached_with(headers: list[tuple[str, str]], url: str, monkeypatch) -> AppTest:
    """The app in local mode, its session's websocket having come with these headers."""
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, url)
    monkeypatch.setattr(hosts, "_headers", lambda: StreamlitHeaders(headers))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shows_data(at: AppTest) -> bool:
    return any(label("in_employment") in h.proto.body for h in at.get("html"))


def test_app_py_shows_no_data_to_a_session_passed_on_for_another_computer(sample_url, monkeypatch):
    headers = [("Host", "localhost:8501"), ("X-Forwarded-For", f"127.0.0.1, {ELSEWHERE}")]
    at = app_reached_with(headers, sample_url, monkeypatch)
    assert [t.value for t in at.title] == ["Sign-in needed"]
    assert "passed on by a proxy for another computer" in at.error[0].value
    assert not shows_data(at)
    assert not at.selectbox  # no "View as", no filters


def test_app_py_serves_the_lead_through_a_proxy_on_this_computer(sample_url, monkeypatch):
    headers = [("Host", "localhost:8501"), ("X-Forwarded-For", "127.0.0.1")]
    at = app_reached_with(headers, sample_url, monkeypatch)
    assert "Overview" in [t.value for t in at.title]
    assert shows_data(at)
