"""Files leaving the dashboard, in a real browser against a real server: no download address
exists before a click (nor after one: the file is handed to the tab over its own connection),
each download leaves exactly one audit entry, and a table's own CSV download is switched off."""

import re
import urllib.error
import urllib.request

import pytest

from tests.e2e.conftest import Server, act_and_wait, go_to, open_app, shoot, wait_idle
from uep_data import audit, db


@pytest.fixture
def own_server(imported_sample, tmp_path):
    """A server on its own copy of the sample data (downloads write to the audit log)."""
    path = tmp_path / "uep.sqlite"
    db.copy_sqlite_file(imported_sample, path)
    server = Server(f"sqlite:///{path}", tmp_path / "streamlit.log")
    yield server
    server.stop()


# Streamlit's media server: /media/<the file's hash>.<extension> (its own fonts are elsewhere,
# under /static/media/)
MEDIA_ADDRESS = re.compile(r"(?<!static)/media/[0-9a-f]{16,}")


def download_addresses(text: str) -> list[str]:
    return MEDIA_ADDRESS.findall(text)


def exports_logged(server) -> list[dict]:
    engine = db.create_engine(server.database_url)
    with db.reading(engine) as conn:
        found = audit.entries(conn, action="export")
    engine.dispose()
    return found


def fetched_without_the_session(url: str) -> bytes | None:
    """What a plain HTTP client (no cookies, no websocket session) gets at `url`."""
    try:
        return urllib.request.urlopen(url, timeout=10).read()
    except urllib.error.HTTPError:
        return None


@pytest.mark.browser
def test_every_download_is_made_on_a_click_logged_once_and_has_no_address(own_server, page):
    media_requests, addresses_sent = [], []
    page.on("request", lambda r: media_requests.extend(download_addresses(r.url)))
    # everything the server sends the tab (where Streamlit puts a download's address)
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived",
            lambda frame: addresses_sent.extend(
                download_addresses(
                    frame if isinstance(frame, str) else bytes(frame).decode("latin-1")
                )
            ),
        ),
    )
    open_app(page, own_server.url)
    assert download_addresses(page.content()) == []  # the board pack's button on the overview
    go_to(page, "The programme", "Targets")
    assert download_addresses(page.content()) == []
    assert addresses_sent == []  # no address for the CSV nor the board pack before a click
    assert exports_logged(own_server) == []

    # a table's toolbar has no download of its own (switched off, not hidden)
    table = page.locator("[data-testid='stDataFrame']").first
    table.hover()
    toolbar = page.locator("[data-testid='stElementToolbar']").first
    toolbar.wait_for(state="attached")
    labels = [b.get_attribute("aria-label") or "" for b in toolbar.locator("button").all()]
    assert labels and not [label for label in labels if "Download" in label], labels

    button = page.get_by_role("button", name="Download the targets (CSV)")
    for clicks in (1, 2):
        with page.expect_download() as download:
            act_and_wait(page, button.click)
        text = open(download.value.path(), encoding="utf-8-sig").read()
        assert text.splitlines()[0].startswith("Target,")
        assert len(exports_logged(own_server)) == clicks  # one entry per download
        # the tab made the file from what it was handed: its address is the tab's own
        handed = download.value.url
        assert handed.startswith("blob:"), handed
        wait_idle(page)
        assert download_addresses(page.content()) == []

    # a second browser (another session) cannot fetch what the first was handed
    other = page.context.browser.new_context()
    try:
        stranger = other.new_page()
        stranger.goto(own_server.url)
        fetched = stranger.evaluate(
            "async (url) => { try { const r = await fetch(url); return r.ok ? await r.text() "
            ": null } catch (e) { return null } }",
            handed,
        )
        assert fetched is None
    finally:
        other.close()

    go_to(page, "The programme", "Overview")
    with page.expect_download(timeout=90_000) as download:
        act_and_wait(page, page.get_by_role("button", name="Board pack (PDF)").click)
    assert download.value.suggested_filename == "UEP board pack 2004-03-31.pdf"
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    assert len(exports_logged(own_server)) == 3
    assert "the board pack" in audit.describe(exports_logged(own_server)[0])

    # nothing was ever put on the media server, so there is nothing to fetch again
    assert media_requests == [] and addresses_sent == []
    assert fetched_without_the_session(f"{own_server.url}/media/anything.csv") is None
    shoot(page, "downloads_after_board_pack")
