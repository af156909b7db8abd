"""The programme lead's upload in a real browser: a file through the file chooser, the
preview read, the import confirmed, and the overview changed, in this session and in another
one already open."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.app_support import label
from tests.builders import person_rows, post, workbook_bytes
from tests.e2e.conftest import Server, act_and_wait, go_to, open_app, shoot, wait_idle
from uep_data import audit, db

STARTERS = workbook_bytes(
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


@pytest.fixture
def own_server(imported_sample, tmp_path):
    """A server on its own copy of the sample data (this test changes the data)."""
    path = tmp_path / "uep.sqlite"
    db.copy_sqlite_file(imported_sample, path)
    server = Server(f"sqlite:///{path}", tmp_path / "streamlit.log")
    yield server
    server.stop()


def headline(page, label: str) -> str:
    card = page.locator(".uep-card", has_text=label).first
    return card.locator(".value").inner_text()


@pytest.mark.browser
def test_the_lead_uploads_reads_the_preview_confirms_and_the_overview_changes(
    own_server, browser, tmp_path
):
    file = tmp_path / "March update.xlsx"
    file.write_bytes(STARTERS)
    lead = browser.new_page(viewport={"width": 1440, "height": 1000})
    other = browser.new_page(viewport={"width": 1440, "height": 1000})
    open_app(other, own_server.url)  # someone else watching the overview
    assert headline(other, label("in_employment")) == "37"

    open_app(lead, own_server.url)
    go_to(lead, "Programme lead", "Upload")
    with lead.expect_file_chooser() as chooser:
        lead.locator("[data-testid='stFileUploader'] button").first.click()
    act_and_wait(lead, lambda: chooser.value.set_files(str(file)))
    expect(lead.get_by_text("What this upload will change")).to_be_visible()
    preview = lead.locator("[data-testid='stDataFrame']").first
    expect(preview).to_be_visible()
    shoot(lead, "upload_preview")
    act_and_wait(lead, lead.get_by_role("button", name="Import these changes").click)
    expect(lead.get_by_text(re.compile("Imported March update.xlsx"))).to_be_visible()
    shoot(lead, "upload_done")

    go_to(lead, "The programme", "Overview")
    assert headline(lead, label("in_employment")) == "40"
    # The other session, untouched, shows the new figure by itself (it looks every 10 s).
    expect(
        other.locator(".uep-card", has_text=label("in_employment")).first.locator(".value")
    ).to_have_text("40", timeout=30_000)
    wait_idle(other)
    shoot(other, "upload_other_session_overview")

    go_to(lead, "Programme lead", "Import history")
    act_and_wait(
        lead, lead.get_by_role("button", name=re.compile("Undo the import of March")).click
    )
    act_and_wait(lead, lead.get_by_role("button", name="Yes, undo it").click)
    expect(lead.get_by_text(re.compile("Undid the import of March update.xlsx"))).to_be_visible()
    shoot(lead, "history_after_undo")
    go_to(lead, "The programme", "Overview")
    assert headline(lead, label("in_employment")) == "37"
    lead.close()
    other.close()


@pytest.mark.browser
def test_a_workbook_with_mistakes_shows_its_problems_in_the_browser(own_server, page, tmp_path):
    file = tmp_path / "mistakes.xlsx"
    file.write_bytes(
        workbook_bytes(
            {
                "people": [{"person_id": "X1", "referral_date": "soon"}],
                "employments": [post("P9999", dt.date(2004, 3, 1))],
            }
        )
    )
    open_app(page, own_server.url)
    go_to(page, "Programme lead", "Upload")
    with page.expect_file_chooser() as chooser:
        page.locator("[data-testid='stFileUploader'] button").first.click()
    act_and_wait(page, lambda: chooser.value.set_files(str(file)))
    expect(page.get_by_text(re.compile("cannot be imported yet: 2 problems"))).to_be_visible()
    expect(
        page.get_by_role("button", name="Download the list of problems (spreadsheet)")
    ).to_be_visible()
    shoot(page, "upload_problems")


@pytest.mark.browser
def test_a_download_of_figures_is_an_export_in_the_audit_log(own_server, page):
    open_app(page, own_server.url)
    go_to(page, "The programme", "Targets")
    with page.expect_download() as download:
        # the click both downloads and reruns the page, whose callback logs the export
        act_and_wait(page, page.get_by_role("button", name="Download the targets (CSV)").click)
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert text.splitlines()[0].startswith("Target,")
    assert "35" in text  # the published target for people in post
    engine = db.create_engine(own_server.database_url)
    with db.reading(engine) as conn:
        exports = audit.entries(conn, action="export")
    engine.dispose()
    assert len(exports) == 1
    assert exports[0]["who"] and "the targets" in audit.describe(exports[0])
    go_to(page, "Programme lead", "Audit log")
    shoot(page, "audit_log_export")
