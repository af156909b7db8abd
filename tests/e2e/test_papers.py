"""The papers in a real browser: the annual report's web pages are axe-clean (WCAG 2.2 A and
AA, every violation, whatever its impact), and the programme lead's Reports page previews
the annual report, hands over each paper on a click and logs it."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import SCREENSHOTS, Server, act_and_wait, go_to, open_app, wait_idle
from tests.e2e.test_accessibility import TAGS, serious_violations
from uep_data import audit, db
from uep_data.papers import annual_report, web_pages
from uep_data.sample import SAMPLE_AS_OF


def violations(page) -> list[dict]:
    result = (
        Axe()
        .run(
            page,
            options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]},
        )
        .response
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.mark.browser
def test_the_annual_report_web_pages_are_axe_clean(sample_database, page, tmp_path):
    engine = db.create_engine(sample_database)
    with db.reading(engine) as conn:
        report = annual_report.contents(conn, SAMPLE_AS_OF, 2003)
    engine.dispose()
    files = web_pages.web_pages(annual_report.document(report))
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    found = {}
    for name in [n for n in files if n.endswith(".html")]:
        page.goto((tmp_path / name).as_uri())
        page.wait_for_load_state("load")
        found[name] = violations(page)
        assert page.locator("img").count() == page.locator("img[alt]").count()
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto((tmp_path / "index.html").as_uri())
    page.screenshot(path=str(SCREENSHOTS / "annual_report_web_index.png"), full_page=True)
    assert len(found) == 8
    assert not any(found.values()), json.dumps({k: v for k, v in found.items() if v}, indent=1)


@pytest.fixture
def own_server(imported_sample, tmp_path):
    """A server on its own copy of the sample data (papers made write to the audit log)."""
    path = tmp_path / "uep.sqlite"
    db.copy_sqlite_file(imported_sample, path)
    server = Server(f"sqlite:///{path}", tmp_path / "streamlit.log")
    yield server
    server.stop()


def exports_logged(server) -> list[str]:
    engine = db.create_engine(server.database_url)
    with db.reading(engine) as conn:
        found = [audit.describe(e) for e in audit.entries(conn, action="export")]
    engine.dispose()
    return found


@pytest.mark.browser
def test_the_lead_previews_the_annual_report_and_downloads_each_paper(own_server, page):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_app(page, own_server.url)
    go_to(page, "Programme lead", "Reports")
    preview = page.locator("section.uep-preview")
    assert preview.locator("h2").first.inner_text().startswith("User Employment Programme")
    assert preview.locator("table").count() >= 8
    assert preview.locator("img[alt]").count() == preview.locator("img").count() >= 6
    wait_idle(page)
    page.screenshot(path=str(SCREENSHOTS / "reports_1366x768.png"))
    assert serious_violations(page) == []
    assert exports_logged(own_server) == []  # nothing made before a click

    with page.expect_download(timeout=120_000) as download:
        act_and_wait(page, page.get_by_role("button", name="Annual report (PDF)").click)
    assert download.value.suggested_filename == "UEP annual report 2003-04.pdf"
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    with page.expect_download(timeout=120_000) as download:
        act_and_wait(page, page.get_by_role("button", name="Annual report (web pages, .zip)").click)
    assert open(download.value.path(), "rb").read(2) == b"PK"
    with page.expect_download(timeout=120_000) as download:
        act_and_wait(page, page.get_by_role("button", name="Return (spreadsheet)").first.click)
    assert download.value.suggested_filename.endswith(".xlsx")
    logged = exports_logged(own_server)
    assert len(logged) == 3  # one entry per paper
    assert "the annual report for 2003/04 (PDF)" in logged[-1]
    assert "the annual report for 2003/04 (web pages)" in logged[-2]
    assert "(workbook)" in logged[0]
