"""Two dashboard processes behind HAProxy on one PostgreSQL database (deploy/cluster): new
visitors are spread over both, a session stays on its replica by its cookie (its websocket
and its upload included), and an import through one replica reaches a session open on the
other by itself."""

from __future__ import annotations

import datetime as dt
import re
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.app_support import label
from tests.builders import person_rows, post, workbook_bytes
from tests.cluster_support import HAPROXY, SKIP_HAPROXY, Cluster, sample_postgres_database
from tests.conftest import POSTGRES_URL, SKIP_POSTGRES
from tests.e2e.conftest import act_and_wait, go_to, open_app, shoot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(HAPROXY is None, reason=SKIP_HAPROXY),
    pytest.mark.skipif(not POSTGRES_URL, reason=SKIP_POSTGRES),
]

THREE_STARTERS = workbook_bytes(
    {
        "people": person_rows("N1", "N2", "N3"),
        "employments": [
            post(
                p,
                dt.date(2004, 3, 1),
                directorate="Human Resources",
                profession="Administrative and clerical",
            )
            for p in ("N1", "N2", "N3")
        ],
    }
)
IN_EMPLOYMENT = label("in_employment")


@pytest.fixture
def two_replicas(tmp_path):
    with sample_postgres_database() as url:
        running = Cluster(url, tmp_path / "cluster", replicas=2)
        yield running
        running.stop()


def replica_cookie(url: str) -> str:
    """The replica HAProxy chose for a new visitor, from the cookie it set."""
    with urllib.request.urlopen(url, timeout=10) as response:
        cookie = response.headers["Set-Cookie"]
    return re.match(r"SERVERID=(\w+);", cookie).group(1)


def pinned_page(browser, url: str, replica: str):
    """A browser session carrying the affinity cookie of one replica."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.add_cookies([{"name": "SERVERID", "value": replica, "url": url}])
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def headline(page) -> str:
    card = page.locator(".uep-card", has_text=IN_EMPLOYMENT).first
    return card.locator(".value").inner_text()


def proxy_log_lines(running: Cluster, pattern: str, wait: float = 10) -> list[str]:
    """HAProxy's log lines matching `pattern` (a line is written when its request ends)."""
    deadline = time.monotonic() + wait
    while True:
        found = [line for line in running.log("haproxy").splitlines() if re.search(pattern, line)]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_an_import_through_one_replica_reaches_a_session_open_on_the_other(
    two_replicas, browser, tmp_path
):
    # new visitors are spread over both replicas, each told its replica by a cookie
    assert {replica_cookie(two_replicas.url) for _ in range(2)} == {"r1", "r2"}

    watcher = pinned_page(browser, two_replicas.url, "r2")
    open_app(watcher, two_replicas.url)
    assert headline(watcher) == "37"

    file = tmp_path / "March update.xlsx"
    file.write_bytes(THREE_STARTERS)
    lead = pinned_page(browser, two_replicas.url, "r1")
    open_app(lead, two_replicas.url)
    go_to(lead, "Programme lead", "Upload")
    with lead.expect_file_chooser() as chooser:
        lead.locator("[data-testid='stFileUploader'] button").first.click()
    act_and_wait(lead, lambda: chooser.value.set_files(str(file)))
    expect(lead.get_by_text("What this upload will change")).to_be_visible()
    act_and_wait(lead, lead.get_by_role("button", name="Import these changes").click)
    expect(lead.get_by_text(re.compile("Imported March update.xlsx"))).to_be_visible()
    # the upload went to the replica that holds the lead's session
    assert proxy_log_lines(two_replicas, r"replicas/r1 .* 20\d .*PUT /_stcore/upload_file/")
    assert not proxy_log_lines(two_replicas, r"replicas/r2 .*/_stcore/upload_file/", wait=0)

    # the session on the other replica shows the new figure by itself (it looks every 10 s)
    expect(
        watcher.locator(".uep-card", has_text=IN_EMPLOYMENT).first.locator(".value")
    ).to_have_text("40", timeout=30_000)
    shoot(watcher, "cluster_other_replica_overview")

    watcher.context.close()
    lead.context.close()
    # each session's websocket ran on its own replica
    assert proxy_log_lines(two_replicas, r"replicas/r1 .* 101 .*GET /_stcore/stream")
    assert proxy_log_lines(two_replicas, r"replicas/r2 .* 101 .*GET /_stcore/stream")
