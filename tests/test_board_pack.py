"""The board pack: a valid PDF with every section, under board-level disclosure control,
read back with pypdf (and drawn to images with pdftoppm where it is installed)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests import pdf_ua
from tests.app_support import label
from tests.builders import workbook_bytes
from uep_data import audit, check_ins, cli, db, importer, measures, targets
from uep_data.papers import board_pack
from uep_data.periods import Period
from uep_data.sample import SAMPLE_AS_OF, SAMPLE_PATH

PAGES_FOLDER = Path(__file__).parent / "e2e" / "screenshots" / "board_pack"
SECTIONS = [
    "1. What needs attention",
    "2. Making Data Count summary",
    "3. Headline figures against targets",
    "4. Month by month: Making Data Count charts",
    "5. Targets",
    "6. Check-ins on the targets",
    "7. Action plan",
    "8. Funding",
    "9. What changed since 31 Dec 2003",
]
# The lead's check-ins on the target not met, at two meetings (the later one with characters
# markup would read)
CHECK_INS = [
    (
        dt.date(2004, 1, 15),
        "Six of eight professions.",
        "No doctor or psychologist yet.",
        "Medical staffing agreeing how support would work.",
        dt.date(2004, 6, 30),
    ),
    (
        dt.date(2004, 4, 15),
        "Still 75%: *six* of <b>eight</b> professions.",
        "No doctor or psychologist has applied.",
        "The medical director is meeting the BMA; a psychology post is advertised.",
        dt.date(2004, 9, 30),
    ),
]


def read_back(document: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(document))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def sample_pack(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('pack') / 'uep.sqlite'}"
    engine = db.create_engine(url)
    db.upgrade(engine)
    importer.import_files(engine, [(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())], who="test")
    for meeting, says, why, doing, by_when in CHECK_INS:
        saved = check_ins.record(
            engine, "PRO", meeting, says, why, doing, by_when, "Programme lead"
        )
        assert saved.change == "added"
    document, pack = board_pack.make(
        engine, SAMPLE_AS_OF, who="Board secretary", prepared_on=dt.date(2026, 11, 23)
    )
    yield engine, document, pack
    engine.dispose()


def test_the_sample_board_pack_is_a_valid_pdf_with_every_section(sample_pack):
    _, document, _ = sample_pack
    assert document.startswith(b"%PDF-")
    reader, text = read_back(document)
    assert 4 <= len(reader.pages) <= 10
    assert reader.metadata.title == (
        "User Employment Programme: board report, figures as of 31 Mar 2004"
    )
    first_page = reader.pages[0].extract_text()
    assert "Report to the trust board" in first_page
    assert "Figures as of 31 Mar 2004" in first_page
    for section in SECTIONS:
        assert section in text
    assert [o.title for o in reader.outline] == SECTIONS  # bookmarks, for the board's papers


def test_the_pack_is_an_accessible_pdf_by_pdf_ua_1s_checkable_rules(sample_pack):
    _, document, _ = sample_pack
    assert pdf_ua.problems(document) == []
    found = pdf_ua.structure(document)
    # the title, then each section, then its parts: in order, none skipped
    assert found.headings[0] == (1, "User Employment Programme")
    assert [text for level, text in found.headings if level == 2] == ["Contents", *SECTIONS]
    assert (3, f"{label('in_employment')} at each month end") in found.headings
    assert found.tables >= 10 and found.lists >= 3  # attention, check-ins, chart readings


def test_every_chart_and_icon_says_what_it_shows_in_numbers(sample_pack):
    _, document, _ = sample_pack
    figures = pdf_ua.structure(document).figures
    chart = next(f for f in figures if f.startswith(f"{label('in_employment')} at each month"))
    assert chart.startswith(
        f"{label('in_employment')} at each month end, April 2001 to March 2004: from 27 to 37"
    )
    assert "latest 37 against a target of at least 35; special cause improvement" in chart
    assert "Special cause improvement, high" in figures  # the variation icon, by its name
    assert "Target consistently failed" in figures  # the assurance icon


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils)")
def test_the_text_read_in_order_reads_as_the_pack_does(sample_pack, tmp_path):
    _, document, _ = sample_pack
    source = tmp_path / "pack.pdf"
    source.write_bytes(document)
    text = subprocess.run(
        ["pdftotext", "-raw", str(source), "-"], check=True, capture_output=True, text=True
    ).stdout
    # in the order the page draws it (-raw), which is the order of the structure tree: the
    # cover, then every section in order, each heading before what it says
    places = [text.index("Report to the trust board")]
    contents_end = text.index(SECTIONS[-1]) + len(SECTIONS[-1])
    for title in SECTIONS:
        places.append(text.index(title, max(places[-1], contents_end)))
    assert places == sorted(places)
    attention = text[places[1] : places[2]]
    assert attention.index("Not met") < attention.index("Supported people in every profession")
    # a table reads row by row: a figure, then its value, then its target
    headline = re.sub(r"\s+", " ", text[places[3] : places[4]])
    assert re.search(rf"{re.escape(label('in_employment'))} 37 at least 35", headline)


def test_the_pack_holds_the_published_figures_and_the_targets(sample_pack):
    _, document, pack = sample_pack
    _, text = read_back(document)
    assert re.search(
        rf"{re.escape(label('in_employment'))}\s+37\s+at least 35 \(target for 2003/04\)\s+✓ Met",
        text,
    )
    assert "35 people supported in employment" in text
    assert "£144,400 awarded" in text  # funding, financial year to date
    assert "Ending within 12 months" in text
    assert label("cost_per_person_supported") in text
    assert pack.headlines[0].figure.shown == "37"


def section(text: str, number: int) -> str:
    """The text of one numbered section of the pack (to the next section's heading)."""
    contents_end = text.index(SECTIONS[-1]) + len(SECTIONS[-1])  # the last line of contents
    start = text.index(SECTIONS[number - 1], contents_end)
    end = text.index(SECTIONS[number], start) if number < len(SECTIONS) else len(text)
    return re.sub(r"\s+", " ", text[start:end])


def test_the_pack_begins_with_what_needs_attention(sample_pack):
    _, document, pack = sample_pack
    reader, text = read_back(document)
    second_page = reader.pages[1].extract_text()
    assert second_page.index("1. What needs attention") < second_page.index(
        "2. Making Data Count summary"
    )
    attention = section(text, 1)
    assert (
        "On 31 Mar 2004: 1 target not met, 1 target only near, 1 target likely to be missed "
        "and 2 funding streams" in attention
    )
    # the target not met, then the one near (read against the final target), each flagged
    # with icon and word, with its figure, its target, its period and its owner
    assert (
        "✗ Not met Supported people in every profession 75% against at least 100% (long-term "
        "target; measured on 31 Mar 2004) · Medical director" in attention
    )
    assert (
        "◐ Near Supported people in every directorate 90% against at least 100% (long-term "
        "target; measured on 31 Mar 2004) · Director of human resources" in attention
    )
    assert attention.index("✗ Not met") < attention.index("◐ Near")
    # the lead's latest check-in under its target, as text
    assert "Check-in of 15 Apr 2004: What the figure says: Still 75%: *six* of <b>eight</b>" in (
        attention
    )
    assert "◷ Ending Trust funding (Mental Health Challenge Fund)" in attention
    assert "ends on 30 Sep 2004" in attention
    # a met target is not there
    assert "35 people supported in employment" not in attention
    assert [i.title for i in pack.attention.targets if i.flag != "missing"] == [
        "Supported people in every profession",
        "Supported people in every directorate",
    ]


def test_the_pack_has_a_making_data_count_summary_and_says_status_and_assurance_together(
    sample_pack,
):
    _, document, pack = sample_pack
    _, text = read_back(document)
    summary = section(text, 2)
    assert [row.key for row in pack.spc_summary] == [panel.key for panel in pack.spc]
    assert f"{label('in_employment')} at each month end 37, March 2004 at least 35" in summary
    assert "Improving (unusually high); the target will be missed reliably" in summary
    said = (
        "Met now (37 against 35), but the process limits (30.6–32.4) sit below the target: "
        "without a change it will be missed reliably."
    )
    assert said in summary
    assert said in section(text, 3)  # beside the headline figure
    assert said in section(text, 4)  # beside the chart


def test_the_pack_shows_the_check_ins_with_their_history_and_the_action_plan(sample_pack):
    _, document, pack = sample_pack
    _, text = read_back(document)
    written = section(text, 6)
    latest = written.index("Check-in of 15 Apr 2004")
    earlier = written.index("Check-in of 15 Jan 2004")
    assert latest < earlier  # the latest first, then the history
    assert "What is being done: The medical director is meeting the BMA" in written
    assert "By when: 30 Sep 2004" in written
    assert "What the figure says: Six of eight professions." in written
    plan = section(text, 7)
    assert "Supported people in every profession — ✗ Not met (in progress)" in plan
    assert (
        "Agree with medical staffing how a doctor with lived experience would be supported" in plan
    )
    assert [c.target.target_id for c in pack.check_ins] == ["PRO"]


def test_an_overdue_action_is_flagged_in_the_pack_and_needs_attention(sqlite_engine):
    importer.import_files(sqlite_engine, [(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())], who="test")
    late = {
        "action_id": "A9",
        "description": "Open a first psychology post",
        "target_id": "PRO",
        "owner": "Head of psychology",
        "due_date": dt.date(2004, 1, 31),
        "status": "in_progress",
    }
    importer.import_files(
        sqlite_engine, [("late.xlsx", workbook_bytes({"actions": [late]}))], who="test"
    )
    with db.reading(sqlite_engine) as conn:
        document, pack = board_pack.board_pack_pdf(conn, SAMPLE_AS_OF)
    _, text = read_back(document)
    attention = section(text, 1)
    assert "! Overdue Open a first psychology post Due 31 Jan 2004, in progress" in attention
    assert "Head of psychology" in attention
    plan = section(text, 7)
    assert "Supported people in every profession — ✗ Not met (in progress) · ! 1 overdue" in plan
    assert "In progress, overdue" in plan
    # done and not yet due actions are not overdue
    assert sum(a.overdue for g in pack.actions for a in g.actions) == 1


def test_the_charts_are_vector_drawings_with_their_readings(sample_pack):
    _, document, pack = sample_pack
    reader, text = read_back(document)
    assert [panel.key for panel in pack.spc] == ["in_employment", "contacts"]
    # the charts' own words are text in the PDF (drawn as vectors, not pasted as pictures)
    assert f"{label('in_employment')} at each month end" in text
    assert text.count("Upper limit") == 2 and text.count("Mean ") >= 2
    assert "Special cause improvement: the last point is unusually high" in text
    images = sum(len(page.images) for page in reader.pages)
    assert images == 0


def test_the_pack_is_logged_as_an_export_and_leaves_the_dashboards_caches_alone(sample_pack):
    engine, _, _ = sample_pack
    with db.reading(engine) as conn:
        exports = audit.entries(conn, action="export")
        version = audit.data_version(conn)
    assert exports[0]["who"] == "Board secretary"
    assert "the board pack as of 31 Mar 2004" in audit.describe(exports[0])
    board_pack.make(engine, SAMPLE_AS_OF, who="Someone else")
    with db.reading(engine) as conn:
        assert audit.data_version(conn) == version  # caches stay: nothing changed


# --- disclosure control ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_numbers(tmp_path_factory):
    """The sample with a target for one directorate (7 people in post there) and a last
    report a month before D (a month's job starts: a handful)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('small') / 'uep.sqlite'}"
    engine = db.create_engine(url)
    db.upgrade(engine)
    importer.import_files(engine, [(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())], who="test")
    importer.import_files(
        engine,
        [
            (
                "hr target.xlsx",
                workbook_bytes(
                    {
                        "targets": [
                            {
                                "target_id": "HR-1",
                                "title": "Supported people in Human Resources",
                                "metric": "in_employment",
                                "level": "interim",
                                "value": 5,
                                "comparison": "at_least",
                                "financial_year": "2003/04",
                                "directorate": "Human Resources",
                            }
                        ]
                    }
                ),
            )
        ],
        who="test",
    )
    since = dt.date(2004, 2, 29)
    with db.reading(engine) as conn:
        exact = {
            "in post in HR": measures.value(
                conn, "in_employment", SAMPLE_AS_OF, None, measures.Scope("Human Resources")
            ),
            "job starts in March": measures.value(
                conn, "job_starts", SAMPLE_AS_OF, Period(since + dt.timedelta(days=1), SAMPLE_AS_OF)
            ),
        }
        document, pack = board_pack.board_pack_pdf(conn, SAMPLE_AS_OF, since)
    yield exact, document, pack
    engine.dispose()


def test_a_count_from_1_to_7_below_trust_level_is_a_star_in_the_pack(small_numbers):
    exact, document, pack = small_numbers
    assert 1 <= exact["in post in HR"] <= 7 and 1 <= exact["job starts in March"] <= 7
    _, text = read_back(document)
    hr = next(t for t in pack.targets if t.where_words == "Human Resources")
    assert hr.actual.shown == "*"
    assert re.search(r"Human\s+Resources\s+\*", text)
    assert re.search(rf"{re.escape(label('job_starts'))}\s+\*", text)
    assert not re.search(
        rf"{re.escape(label('job_starts'))}\s+{exact['job starts in March']}\b", text
    )


def test_every_count_of_people_below_trust_level_in_the_pack_is_controlled(small_numbers):
    """Judged here from first principles, not by the code under test: a count of people for a
    directorate or profession, or over less than a year, shows as 0, * or a multiple of 5;
    a status beside a * is withheld."""
    _, _, pack = small_numbers

    def controlled(shown: str) -> bool:
        return shown in ("*", "0") or (shown.isdigit() and int(shown) % 5 == 0)

    people_counts = {
        "in_employment",
        "job_starts",
        "people_supported",
        "clinical_posts",
        "professional_posts",
        "management_posts",
        "in_professional_training",
        "people_supported_cumulative",
        "work_prep_participants",
        "recruits",
    }
    for row in pack.targets:
        actual = row.actual
        period_days = (actual.end - actual.start).days + 1 if actual.start else 365
        below_trust_level = row.where_words != "Trust-wide" or period_days < 365
        if below_trust_level and row.metric in people_counts and actual.shown != "no data":
            assert controlled(actual.shown), row
        if actual.shown == "*":
            assert row.status_key == targets.NOT_SHOWN, row
    for figure in pack.changes.happened:  # a month before D: part of a year
        if figure.measure in ("job_starts", "people_supported", "work_prep_participants"):
            assert controlled(figure.shown), figure
    assert any(row.actual.shown == "*" for row in pack.targets)  # the case is really there


def test_the_board_pack_command_writes_the_pdf(tmp_path, capsys, sample_pack):
    engine, _, _ = sample_pack
    out = tmp_path / "pack.pdf"
    code = cli.main(
        [
            "board-pack",
            "--db",
            engine.url.render_as_string(hide_password=False),
            "--as-of",
            "2004-03-31",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert "Wrote the board pack as of 31 Mar 2004" in capsys.readouterr().out
    reader, text = read_back(out.read_bytes())
    assert SECTIONS[0] in text and len(reader.pages) >= 4
    assert (
        cli.main(
            [
                "board-pack",
                "--db",
                str(engine.url),
                "--since",
                "2004-04-01",
                "--as-of",
                "2004-03-31",
                "--out",
                str(out),
            ]
        )
        == 2
    )
    with db.reading(engine) as conn:
        before = len(audit.entries(conn, action="export"))
    assert cli.main(["board-pack", "--db", str(engine.url), "--out", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
    with db.reading(engine) as conn:
        assert len(audit.entries(conn, action="export")) == before  # nothing written, no log


def test_a_very_long_target_title_is_cut_short_in_the_tables(sqlite_engine):
    importer.import_files(sqlite_engine, [(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())], who="test")
    title = "Supported people in every directorate, " * 60  # 2,340 characters
    long_target = {
        "target_id": "LONG",
        "title": title,
        "metric": "directorates_covered_pct",
        "level": "aspirational",
        "value": 100,
        "comparison": "at_least",
    }
    importer.import_files(
        sqlite_engine, [("long.xlsx", workbook_bytes({"targets": [long_target]}))], who="test"
    )
    with db.reading(sqlite_engine) as conn:
        document, _ = board_pack.board_pack_pdf(conn, SAMPLE_AS_OF)
    _, text = read_back(document)
    words = re.sub(r"\s+", " ", text)
    assert "Supported people in every directorate, Supported people" in words
    assert words.count("Supported people in every directorate,") < 60  # cut short…
    assert "…" in words  # …and saying so


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None,
    reason="pdftoppm (poppler-utils) is not installed; .ci/run installs it",
)
def test_the_pages_render_to_images_for_a_person_to_look_at(sample_pack):
    _, document, _ = sample_pack
    PAGES_FOLDER.mkdir(parents=True, exist_ok=True)
    source = PAGES_FOLDER / "board_pack.pdf"
    source.write_bytes(document)
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", str(source), str(PAGES_FOLDER / "page")], check=True
    )
    pages = sorted(PAGES_FOLDER.glob("page-*.png"))
    assert len(pages) == len(PdfReader(io.BytesIO(document)).pages)
    assert all(page.stat().st_size > 10_000 for page in pages)  # drawn, not blank
