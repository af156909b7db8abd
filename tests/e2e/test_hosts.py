"""Local mode answers only to this computer's own names (finding: a web page at
attacker.example, resolving to 127.0.0.1, opened the lead's dashboard and read its data by
fetch). Chromium maps attacker.example to 127.0.0.1 (conftest's --host-resolver-rules), as
DNS rebinding does; a script running at that origin asks the dashboard for everything."""

import http.client
import socket

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, Server, open_app, shoot

LOCAL_NAMES = ("localhost", "127.0.0.1", "[::1]")


@pytest.fixture(scope="module")
def served(sample_database, tmp_path_factory):
    """As ./dashboard serves it (serve.py)."""
    server = Server(sample_database, tmp_path_factory.mktemp("hosts") / "streamlit.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def app_alone(sample_database, tmp_path_factory):
    """`streamlit run app.py`, without serve.py's check in front."""
    log = tmp_path_factory.mktemp("hosts_app") / "streamlit.log"
    server = Server(sample_database, log, script="app.py")
    yield server
    server.stop()


def status(port: int, host: str, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": host})
    answer = connection.getresponse().status
    connection.close()
    return answer


def websocket_status(port: int, host: str) -> int:
    """The status of a websocket handshake at /_stcore/stream (101: opened)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(
            (
                "GET /_stcore/stream HTTP/1.1\r\n"
                f"Host: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
            ).encode()
        )
        return int(s.recv(200).split(b" ", 2)[1])


def test_another_host_name_gets_nothing_from_page_websocket_health_media_or_uploads(served):
    port = served.port
    paths = ("/", "/overview", "/_stcore/health", "/media/anything.csv", "/_stcore/host-config")
    for host in ("attacker.example", f"attacker.example:{port}", f"localhost.evil:{port}"):
        assert [status(port, host, path) for path in paths] == [400] * len(paths)
        assert websocket_status(port, host) == 403
    for name in LOCAL_NAMES:
        host = f"{name}:{port}"
        assert status(port, host, "/_stcore/health") == 200
        assert status(port, host, "/") == 200
        assert websocket_status(port, host) == 101


@pytest.mark.browser
def test_a_page_at_another_host_name_mapped_to_this_computer_reads_nothing(served, page):
    attacker = f"http://attacker.example:{served.port}"
    open_app(page, f"http://localhost:{served.port}/")
    expect(page.get_by_text("People in employment").first).to_be_visible()

    page.goto(f"{attacker}/")
    expect(page.get_by_text("does not answer to this address")).to_be_visible()
    expect(page.get_by_text("People in employment")).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / "hosts_attacker_address.png"))

    # a script at that origin (as the attacker's page is, once the name points here) asks
    # for the page, the health check, a media file and the websocket
    found = page.evaluate(
        """async () => {
          const statuses = {};
          for (const path of ['/', '/_stcore/health', '/media/anything.csv',
                              '/_stcore/host-config']) {
            statuses[path] = (await fetch(path)).status;
          }
          statuses.websocket = await new Promise((done) => {
            const socket = new WebSocket(`ws://${location.host}/_stcore/stream`, ['streamlit']);
            socket.onopen = () => { socket.close(); done('opened'); };
            socket.onerror = () => done('refused');
          });
          return statuses;
        }"""
    )
    assert found == {
        "/": 400,
        "/_stcore/health": 400,
        "/media/anything.csv": 400,
        "/_stcore/host-config": 400,
        "websocket": "refused",
    }


@pytest.mark.browser
def test_app_py_alone_still_shows_another_host_name_no_data(app_alone, page):
    open_app(page, f"http://attacker.example:{app_alone.port}/")
    expect(page.get_by_role("heading", name="Not at this address")).to_be_visible()
    expect(page.get_by_text("People in employment")).to_have_count(0)
    shoot(page, "hosts_app_alone_attacker_address")
    open_app(page, f"http://localhost:{app_alone.port}/")
    expect(page.get_by_text("People in employment").first).to_be_visible()
