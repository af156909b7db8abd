"""In a real browser (issue 20, items 10 and 11): a table's figures downloaded as Excel beside
its CSV, the same controlled figures, logged the same way; the board pack made under a
spinner that says so; the Overview printed without the sidebar and the controls."""

import csv
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, Server, act_and_wait, go_to, open_app, wait_idle
from tests.e2e.test_journeys import view_as
from tests.e2e.test_upload_journey import WATCH_SPINNERS
from uep_data import audit, db


@pytest.fixture
def own_server(imported_sample, tmp_path):
    """A server on its own copy of the sample data (downloads write to the audit log)."""
    path = tmp_path / "uep.sqlite"
    db.copy_sqlite_file(imported_sample, path)
    server = Server(f"sqlite:///{path}", tmp_path / "streamlit.log")
    yield server
    server.stop()


def exports_logged(server) -> list[dict]:
    engine = db.create_engine(server.database_url)
    with db.reading(engine) as conn:
        found = audit.entries(conn, action="export")
    engine.dispose()
    return found


def download(page, name: str):
    with page.expect_download(timeout=90_000) as made:
        act_and_wait(page, page.get_by_role("button", name=name).click)
    return made.value


@pytest.mark.browser
def test_the_steering_groups_figures_go_to_excel_as_to_csv_and_are_logged(own_server, page):
    open_app(page, own_server.url)
    view_as(page, "Steering group")
    go_to(page, "The programme", "Targets")
    as_csv = download(page, "Download the targets (CSV)")
    rows = list(csv.DictReader(io.StringIO(open(as_csv.path(), encoding="utf-8-sig").read())))
    as_excel = download(page, "Download the targets (Excel)")
    assert as_excel.suggested_filename == "targets.xlsx"
    book = load_workbook(io.BytesIO(open(as_excel.path(), "rb").read()))
    assert book.sheetnames == ["Targets", "Notes"]
    sheet = book["Targets"]
    headings = [c.value for c in sheet[1]]
    assert headings == list(rows[0])
    cells = [dict(zip(headings, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert len(cells) == len(rows)
    numbers = strings = 0
    for from_csv, in_excel in zip(rows, cells, strict=True):
        for heading, shown in from_csv.items():
            cell = in_excel[heading]
            if shown in ("*", "not shown") or not shown:
                assert cell.value in (shown, None), (heading, shown, cell.value)
                strings += shown == "*"
            elif cell.data_type == "n":  # the same figure, as a number
                numbers += 1
                as_text = f"{cell.value:,}" if "%" not in cell.number_format else None
                assert as_text is None or shown.lstrip("£") == as_text, (shown, cell.value)
            else:
                assert cell.value == shown
    assert numbers and strings  # controlled figures: numbers, and some * kept as *
    notes = {r[0].value: r[1].value for r in book["Notes"].iter_rows(min_row=2)}
    assert notes["Figures"] == "The targets, as the Targets page shows them"
    assert notes["Shown"].startswith("Under disclosure control")
    assert notes["Disclosure rule"].startswith("A * stands for 1 to 7 people")
    logged = exports_logged(own_server)
    assert [audit.describe(e) for e in logged] == [
        "the targets (Excel) (under disclosure control)",
        "the targets (under disclosure control)",
    ]
    page.screenshot(path=str(SCREENSHOTS / "targets_downloads_csv_and_excel.png"))


@pytest.mark.browser
def test_the_board_pack_shows_its_progress_in_words(own_server, page):
    open_app(page, own_server.url)
    page.evaluate(WATCH_SPINNERS)
    made = download(page, "Board pack (PDF)")
    assert made.suggested_filename == "UEP board pack 2004-03-31.pdf"
    said = page.evaluate("() => window.__uepSpinners")
    assert any(s.startswith("Making the board pack") for s in said), said


PRINTED = """() => {
  const shown = (selector) => Array.from(document.querySelectorAll(selector))
    .filter(e => e.checkVisibility()).length;
  return {
    sidebar: shown("[data-testid='stSidebar']"),
    menu: shown("[data-testid='stHeader']"),
    buttons: shown("[data-testid='stButton']"),
    choices: shown("[data-testid='stSelectbox'], [data-testid='stButtonGroup'], "
                   + "[data-testid='stDateInput'], [role='tablist']"),
    cards: shown(".uep-card"),
    charts: shown("[data-testid='stVegaLiteChart']"),
  };
}"""


@pytest.mark.browser
def test_the_overview_prints_without_the_sidebar_and_the_controls(server, page, tmp_path):
    open_app(page, server.url)
    expect(page.get_by_role("button", name="Board pack (PDF)")).to_be_visible()
    on_screen = page.evaluate(PRINTED)
    assert on_screen["sidebar"] and on_screen["buttons"] and on_screen["choices"], on_screen
    page.emulate_media(media="print")
    wait_idle(page)
    printed = page.evaluate(PRINTED)
    assert (printed["sidebar"], printed["menu"], printed["buttons"], printed["choices"]) == (
        0,
        0,
        0,
        0,
    ), printed
    assert printed["cards"] == on_screen["cards"] and printed["charts"] >= 5, printed
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 1000, "height": min(int(height) + 40, 8000)})
    wait_idle(page)
    page.screenshot(path=str(SCREENSHOTS / "overview_printed.png"), full_page=True)
    pdf = tmp_path / "overview.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    page.emulate_media(media="screen")
