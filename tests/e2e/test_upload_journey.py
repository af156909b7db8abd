"""The programme lead's upload at a 1366x768 laptop (issue 20, items 9 and 10): a workbook
with problems, whose report is brought into view; a good one, whose preview lists the sheets
that change and what they do to the headline figures; the import, with its progress in
words; Import history in words; the undo's question and its buttons in view, and the warning
before an undo would take away the bundled sample. A screenshot of each step."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.builders import csv_bytes, person_rows, post, workbook_bytes
from tests.e2e.conftest import SCREENSHOTS, Server, act_and_wait, go_to, open_app
from uep_data import db, importer

LAPTOP = {"width": 1366, "height": 768}
MISTAKES = workbook_bytes(
    {
        "people": [{"person_id": "X1", "referral_date": "soon"}, {"person_id": "X2"}] * 2,
        "employments": [post("P9999", dt.date(2004, 3, 1))],
    }
)
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
EARLIER_IMPORTS = 8  # a history long enough to push what follows it below the fold

# Every spinner's words while the page runs (a spinner may be gone before a check could see it)
WATCH_SPINNERS = """() => {
  window.__uepSpinners = [];
  const note = () => {
    for (const s of document.querySelectorAll("[data-testid='stSpinner']")) {
      const words = s.innerText.trim();
      if (words && !window.__uepSpinners.includes(words)) window.__uepSpinners.push(words);
    }
  };
  new MutationObserver(note).observe(document.body,
    {childList: true, subtree: true, characterData: true});
}"""


@pytest.fixture
def lead_server(imported_sample, tmp_path):
    """The sample, then several small imports of the lead's, on a server of its own."""
    path = tmp_path / "uep.sqlite"
    db.copy_sqlite_file(imported_sample, path)
    url = f"sqlite:///{path}"
    engine = db.create_engine(url)
    for n in range(EARLIER_IMPORTS):
        data = workbook_bytes({"people": person_rows(f"E{n}")})
        assert importer.import_files(engine, [(f"week {n}.xlsx", data)], who="lead").ok
    engine.dispose()
    server = Server(url, tmp_path / "streamlit.log")
    yield server
    server.stop()


def choose_file(page, path) -> None:
    with page.expect_file_chooser() as chooser:
        page.locator("[data-testid='stFileUploader'] button").first.click()
    act_and_wait(page, lambda: chooser.value.set_files(str(path)))


def shot(page, name: str) -> None:
    """What the lead sees in the window, as it is (not the whole page)."""
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.mark.browser
def test_the_upload_journey_at_1366x768(lead_server, browser, tmp_path):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_app(page, lead_server.url)
        go_to(page, "Programme lead", "Upload")

        wrong = tmp_path / "March with mistakes.xlsx"
        wrong.write_bytes(MISTAKES)
        choose_file(page, wrong)
        report = page.get_by_text(re.compile("cannot be imported yet: 5 problems"))
        expect(report).to_be_in_viewport()
        table = page.locator("[data-testid='stTable']").first
        expect(table).to_be_in_viewport()
        sheets = [
            c.inner_text() for c in table.locator("tbody tr th, tbody tr td:first-child").all()
        ]
        named = [s for s in sheets if s in ("people", "employments")]
        assert named == ["people"] * 3 + ["employments"], sheets  # sheet by sheet
        expect(page.get_by_text("each person may appear only once").first).to_be_visible()
        shot(page, "upload_journey_1_problems")

        act_and_wait(page, page.get_by_role("button", name="Start again with another file").click)
        good = tmp_path / "March update.xlsx"
        good.write_bytes(STARTERS)
        choose_file(page, good)
        expect(page.get_by_text("What this upload will change")).to_be_in_viewport()
        expect(page.get_by_text("The Overview's headline figures on 31 Mar 2004")).to_be_visible()
        effects = page.locator("[data-testid='stTable']").first.inner_text()
        assert "People in employment" in effects and "40" in effects, effects
        shot(page, "upload_journey_2_preview")
        page.locator("[data-testid='stMain']").evaluate("m => m.scrollTo(0, m.scrollHeight)")
        shot(page, "upload_journey_3_preview_bottom")

        act_and_wait(page, page.get_by_role("button", name="Import these changes").click)
        expect(page.get_by_text(re.compile("Imported March update.xlsx"))).to_be_visible()
        shot(page, "upload_journey_4_imported")

        go_to(page, "Programme lead", "Import history")
        history = page.locator("[data-testid='stTable']").first
        expect(history).to_be_visible()
        shot(page, "upload_journey_5_history")
        act_and_wait(
            page, page.get_by_role("button", name=re.compile("Undo the import of March")).click
        )
        expect(
            page.get_by_text(re.compile("What it did: 3 people and 3 posts added"))
        ).to_be_in_viewport()
        expect(page.get_by_role("button", name="Yes, undo it")).to_be_in_viewport()
        expect(page.get_by_role("button", name="No, keep it")).to_be_in_viewport()
        shot(page, "upload_journey_6_undo_question")
        act_and_wait(page, page.get_by_role("button", name="Yes, undo it").click)
        expect(
            page.get_by_text(re.compile("Undid the import of March update.xlsx"))
        ).to_be_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_undo_warns_in_view_before_it_would_take_away_the_bundled_sample(server, browser):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_app(page, server.url)
        go_to(page, "Programme lead", "Import history")
        act_and_wait(page, page.get_by_role("button", name=re.compile("Undo the import of")).click)
        warning = page.get_by_text(re.compile("This is the bundled sample data"))
        expect(warning).to_be_in_viewport()
        expect(page.get_by_role("button", name="Yes, undo it")).to_be_in_viewport()
        shot(page, "upload_journey_7_undo_the_sample")
        act_and_wait(page, page.get_by_role("button", name="No, keep it").click)  # kept
        expect(warning).to_have_count(0)
    finally:
        context.close()


@pytest.mark.browser
def test_a_large_upload_shows_its_progress_in_words(lead_server, browser, tmp_path):
    # 200,000 support contacts: long enough to write (over a second) for its spinner to show
    people = tmp_path / "people.csv"
    people.write_bytes(csv_bytes(person_rows(*(f"L{i}" for i in range(2000)))))
    contacts = tmp_path / "contacts.csv"
    contacts.write_bytes(
        csv_bytes(
            [
                {
                    "person_id": f"L{i % 2000}",
                    "date": (dt.date(2004, 3, 1) - dt.timedelta(days=i % 300)).isoformat(),
                    "mode": "telephone",
                    "topic": "job_demands",
                    "contact_with": "employee",
                }
                for i in range(200_000)
            ]
        )
    )
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        open_app(page, lead_server.url)
        go_to(page, "Programme lead", "Upload")
        page.evaluate(WATCH_SPINNERS)
        with page.expect_file_chooser() as chooser:
            page.locator("[data-testid='stFileUploader'] button").first.click()
        act_and_wait(page, lambda: chooser.value.set_files([str(people), str(contacts)]))
        expect(page.get_by_text("What this upload will change")).to_be_in_viewport()
        act_and_wait(page, page.get_by_role("button", name="Import these changes").click)
        expect(page.get_by_text(re.compile("Imported .*contacts.csv"))).to_be_visible()
        said = page.evaluate("() => window.__uepSpinners")
        assert any(re.match(r"Importing .*: writing 202,000 rows in one go", s) for s in said), said
    finally:
        context.close()
