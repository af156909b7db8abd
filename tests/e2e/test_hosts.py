"""Local mode answers only to this computer's own names (finding: a web page at
attacker.example, resolving to 127.0.0.1, opened the lead's dashboard and read its data by
fetch). Chromium maps attacker.example to 127.0.0.1 (conftest's --host-resolver-rules), as
DNS rebinding does; a script running at that origin asks the dashboard for everything."""

import http.client
import socket
import subprocess

import pytest
from playwright.sync_api import expect

from tests.app_support import label
from tests.cluster_support import HAPROXY, SKIP_HAPROXY
from tests.e2e.conftest import SCREENSHOTS, Server, free_port, open_app, shoot, wait_http

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


def status(port: int, host: str, path: str, address: str = "127.0.0.1", **headers) -> int:
    connection = http.client.HTTPConnection(address, port, timeout=10)
    named = {name.replace("_", "-"): value for name, value in headers.items()}
    connection.request("GET", path, headers={"Host": host, **named})
    answer = connection.getresponse().status
    connection.close()
    return answer


def websocket_status(port: int, host: str, address: str = "127.0.0.1", extra: str = "") -> int:
    """The status of a websocket handshake at /_stcore/stream (101: opened)."""
    with socket.create_connection((address, port), timeout=10) as s:
        s.sendall(
            (
                "GET /_stcore/stream HTTP/1.1\r\n"
                f"Host: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                f"Sec-WebSocket-Protocol: streamlit\r\n{extra}\r\n"
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
    expect(page.get_by_text(label("in_employment")).first).to_be_visible()

    page.goto(f"{attacker}/")
    expect(page.get_by_text("does not answer to this address")).to_be_visible()
    expect(page.get_by_text(label("in_employment"))).to_have_count(0)
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
    expect(page.get_by_text(label("in_employment"))).to_have_count(0)
    shoot(page, "hosts_app_alone_attacker_address")
    open_app(page, f"http://localhost:{app_alone.port}/")
    expect(page.get_by_text(label("in_employment")).first).to_be_visible()


# --- local mode behind a proxy (finding: a proxy listening beyond this computer, with sign-in
# not yet set up, handed the lead's view to any client sending Host: localhost) -------------

ELSEWHERE = "203.0.113.9"


def test_local_mode_serves_nothing_passed_on_by_a_proxy_for_another_computer(served):
    port = served.port
    paths = ("/", "/overview", "/_stcore/health", "/media/anything.csv", "/_stcore/host-config")
    for forwarded in ({"X-Forwarded-For": ELSEWHERE}, {"Forwarded": f"for={ELSEWHERE}"}):
        found = [status(port, f"localhost:{port}", path, **forwarded) for path in paths]
        assert found == [403] * len(paths)
        (name, value) = next(iter(forwarded.items()))
        assert websocket_status(port, f"localhost:{port}", extra=f"{name}: {value}\r\n") == 403
    assert status(port, f"localhost:{port}", "/", X_Forwarded_For="127.0.0.1") == 200


def this_computers_own_address() -> str | None:
    """An address of this computer that is not loopback (the one it would reach the network
    from; nothing is sent), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.123", 9))
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


@pytest.fixture
def proxy_listening_beyond(served, tmp_path):
    """HAProxy as deploy/README's HTTPS section has it before sign-in is set up: listening on
    every address (here without TLS), passing requests on to the dashboard in local mode
    with X-Forwarded-For (deploy/cluster's configuration)."""
    if HAPROXY is None:
        pytest.skip(SKIP_HAPROXY)
    address = this_computers_own_address()
    if address is None:
        pytest.skip("this computer has no address besides loopback to come from")
    port = free_port()
    config = tmp_path / "haproxy.cfg"
    config.write_text(
        f"""\
defaults
    mode http
    option forwardfor
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend dashboard
    bind :{port}
    default_backend replicas
backend replicas
    server r1 127.0.0.1:{served.port}
"""
    )
    proxy = subprocess.Popen([HAPROXY, "-db", "-f", str(config)], stderr=subprocess.DEVNULL)
    try:
        wait_http(f"http://127.0.0.1:{port}/_stcore/health", expect=b"ok")
        yield port, address
    finally:
        proxy.terminate()
        proxy.wait(10)


def test_local_mode_behind_a_proxy_listening_beyond_this_computer_serves_only_this_computer(
    proxy_listening_beyond,
):
    port, address = proxy_listening_beyond
    # from another address (this computer's own network address stands for another computer)
    assert status(port, "localhost", "/", address=address) == 403
    assert status(port, "localhost", "/_stcore/host-config", address=address) == 403
    assert websocket_status(port, "localhost", address=address) == 403
    # from this computer, through the same proxy
    assert status(port, "localhost", "/") == 200
    assert websocket_status(port, "localhost") == 101
