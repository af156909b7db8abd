"""The papers the trust publishes besides the board pack: the annual report (an accessible PDF
and web pages, under the public's disclosure control) and each funder's return (a workbook
and an accessible PDF, at board level). Checked with PDF/UA-1's checkable rules
(tests/pdf_ua.py), read back in order with pdftotext, the web pages' structure read with
Python's HTML parser, the workbook with openpyxl; each figure against the same figure on the
pages and on the command line."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests import pdf_ua
from tests.app_support import label
from uep_data import access, audit, cli, db, importer, views
from uep_data.figures import figures_in
from uep_data.papers import annual_report, funder_return, web_pages
from uep_data.periods import financial_year_to_date
from uep_data.sample import SAMPLE_AS_OF, SAMPLE_PATH

PAGES_FOLDER = Path(__file__).parent / "e2e" / "screenshots" / "papers"
PREPARED = dt.date(2026, 11, 23)
REPORT_SECTIONS = [
    "1. Supporting people in work",
    "2. Across the trust's directorates and professions",
    "3. The hurdles: clinical, professional and management posts, and training",
    "4. Work preparation and where it led",
    "5. Recruiting people with lived experience",
    "6. Funding and what it costs per person",
    "7. What each figure means",
]
RETURN_SECTIONS = [
    "1. What the stream paid for",
    "2. Outcomes",
    "3. Awarded against spent, year by year",
    "4. What each figure means",
]
WORK_PREP = "Jobcentre Plus work preparation contract"
IN_POST = "Trust funding (Mental Health Challenge Fund)"
PROGRAMME_WIDE = "Local authority mental health grant"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('papers') / 'uep.sqlite'}"
    engine = db.create_engine(url)
    db.upgrade(engine)
    importer.import_files(engine, [(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())], who="test")
    with db.reading(engine) as conn:
        report = annual_report.contents(conn, SAMPLE_AS_OF, 2003, prepared_on=PREPARED)
        returns = {
            stream: funder_return.contents(conn, SAMPLE_AS_OF, stream, 2003, prepared_on=PREPARED)
            for stream in (WORK_PREP, IN_POST, PROGRAMME_WIDE)
        }
    yield engine, report, annual_report.render(report), returns
    engine.dispose()


def pdftotext(document: bytes, tmp_path: Path) -> str:
    source = tmp_path / "paper.pdf"
    source.write_bytes(document)
    found = subprocess.run(
        ["pdftotext", "-raw", str(source), "-"], check=True, capture_output=True, text=True
    )
    return found.stdout


# --- the annual report ---------------------------------------------------------------------


def test_the_annual_report_for_2003_04_is_a_pdf_with_every_section(sample):
    _, report, document, _ = sample
    assert report.year == "2003/04" and report.year_before == "2002/03"
    reader = PdfReader(io.BytesIO(document))
    assert 4 <= len(reader.pages) <= 10
    assert reader.metadata.title == "User Employment Programme: annual report 2003/04"
    assert [o.title for o in reader.outline] == REPORT_SECTIONS


def test_the_annual_report_is_an_accessible_pdf_by_pdf_ua_1s_checkable_rules(sample):
    _, _, document, _ = sample
    assert pdf_ua.problems(document) == []
    found = pdf_ua.structure(document)
    assert found.headings[0] == (1, "User Employment Programme")
    assert [t for level, t in found.headings if level == 2] == ["Contents", *REPORT_SECTIONS]
    assert found.tables == 8  # a table per section, funding by stream, what each figure means
    assert len(found.figures) == 6  # a chart per section


def test_every_chart_of_the_annual_report_says_what_it_shows_in_numbers(sample):
    _, _, document, _ = sample
    figures = pdf_ua.structure(document).figures
    assert figures[0] == (
        f"{label('in_employment')} at each month end, April 2002 to March 2004: from 31 to 37 "
        "(lowest 31, highest 37); latest 37 against a target of at least 35."
    )
    recruits = next(f for f in figures if f.startswith("Recruiting people"))
    assert f"{label('recruits_lived_experience_pct')} 18% in 2003/04 and 18% in 2002/03" in (
        recruits
    )
    # a `*` is said as what it is, not read out as a star
    assert any("* (a few people, not shown)" in f for f in figures)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils)")
def test_the_annual_report_read_in_order_reads_as_it_does(sample, tmp_path):
    _, _, document, _ = sample
    text = re.sub(r"\s+", " ", pdftotext(document, tmp_path))  # a heading may wrap
    contents_end = text.index(REPORT_SECTIONS[-1]) + len(REPORT_SECTIONS[-1])
    places = [text.index("Annual report 2003/04")]
    for title in REPORT_SECTIONS:
        places.append(text.index(title, max(places[-1], contents_end)))
    assert places == sorted(places)
    in_work = text[places[1] : places[2]]
    # the sentence, then the table row by row: a figure, this year, the year before
    assert in_work.index("37 people were in posts") < in_work.index("2003/04 2002/03")
    assert f"{label('in_employment')} 37 31" in in_work
    assert f"{label('job_starts')} 21 12" in in_work


def test_the_annual_report_gives_each_figure_beside_the_year_before(sample):
    _, report, _, _ = sample
    in_work = report.section("in_work")
    employed = in_work.figure("in_employment")
    assert (employed.this_year.value, employed.year_before.value) == (37, 31)
    assert employed.this_year.as_of == dt.date(2004, 3, 31)
    assert employed.year_before.as_of == dt.date(2003, 3, 31)
    assert in_work.target.target_value == 35
    assert len(in_work.month_ends) == 24  # every month end of both years
    recruits = report.section("recruitment").figure("recruits_lived_experience_pct")
    assert recruits.this_year.shown == "18%"
    assert [s.stream for s in report.streams] == sorted([WORK_PREP, IN_POST, PROGRAMME_WIDE])


def test_the_public_see_trust_wide_published_figures_exact_and_the_rest_controlled(sample):
    _, report, _, _ = sample
    shown = list(figures_in(report))
    assert len(shown) > 50
    hurdles = report.section("hurdles").figure("management_posts").this_year
    assert hurdles.shown == "*" and hurdles.controlled  # a few people, even trust-wide
    assert not report.section("in_work").figure("in_employment").this_year.controlled
    assert all(f.directorate is None and f.profession is None for f in shown)  # no drill-down


def test_a_figure_in_the_report_has_the_value_it_has_on_the_pages_and_on_the_command_line(
    sample, capsys
):
    engine, report, _, _ = sample
    year = report.period
    with db.reading(engine) as conn:
        overview = views.PAGE_VIEWS["overview"](
            conn, views.Filters(year.end, year), access.audience_for(access.BOARD)
        )
    on_overview = {
        (f.measure, f.as_of, f.start, f.end): f.value
        for f in figures_in(overview)
        if not (f.directorate or f.profession or f.group)
        # (next year's target, not begun, shows no figure: no claim about the count)
        and not (f.value is None and f.label.endswith("(not measured yet)"))
    }
    checked = 0
    for f in (f for section in report.sections for f in section.figures):
        key = (f.key, f.this_year.as_of, f.this_year.start, f.this_year.end)
        if key in on_overview:
            assert f.this_year.value == on_overview[key], key
            checked += 1
    assert checked >= 3
    code = cli.main(
        ["page", "annual_report", "--as", "public", "--year", "2003", "--json"]
        + ["--db", str(engine.url)]
    )
    out = capsys.readouterr().out
    assert code == 0
    printed = {
        (f["where"], f["measure"], f["as_of"], f["from"], json.dumps(f["group"])): f["value"]
        for f in json.loads(out)["figures"]
    }
    in_report = {
        (f.where, f.measure, f.as_of.isoformat(), f.start and f.start.isoformat(), None): f.value
        for f in figures_in(report)
        if not f.group
    }
    assert in_report and all(
        printed[(w, m, a, s, "null")] == value for (w, m, a, s, _), value in in_report.items()
    )


def test_page_annual_report_is_the_only_page_the_public_may_see(sample, capsys):
    engine = sample[0]
    for page, code in (("annual_report", 0), ("overview", 2), ("funder_return", 2)):
        got = cli.main(["page", page, "--as", "public", "--db", str(engine.url)])
        assert got == code, page
    err = capsys.readouterr().err
    assert "Traceback" not in err


class Structure(HTMLParser):
    """What a web page gives a screen reader: its language, title, headings, tables, images
    and links."""

    def __init__(self):
        super().__init__()
        self.lang = self.title = None
        self.headings: list[int] = []
        self.images: list[dict] = []
        self.links: list[str] = []
        self.captions = self.tables = 0
        self.header_cells: list[dict] = []
        self.landmarks: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "title":
            self._in_title = True
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "img":
            self.images.append(a)
        elif tag == "a":
            self.links.append(a.get("href", ""))
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th":
            self.header_cells.append(a)
        elif tag in ("header", "nav", "main", "footer"):
            self.landmarks.append(tag)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title = (self.title or "") + data


def test_the_annual_report_web_pages_are_built_to_be_accessible(sample):
    _, report, _, _ = sample
    files = web_pages.web_pages(annual_report.document(report))
    names = [n for n in files if n.endswith(".html")]
    assert names[0] == "index.html" and len(names) == 1 + len(REPORT_SECTIONS)
    for name in names:
        page = Structure()
        page.feed(files[name].decode("utf-8"))
        assert page.lang == "en-GB", name
        assert page.title and "2003/04" in page.title, name
        assert page.landmarks == ["header", "nav", "main", "footer"], name
        assert page.headings.count(1) == 1 and page.headings[0] == 1, name
        assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:])), name
        assert page.tables == page.captions, name
        assert all(c.get("scope") in ("col", "row") for c in page.header_cells), name
        assert bool(page.header_cells) == bool(page.tables), name
        assert all(i.get("alt") for i in page.images), name
        assert all(i["src"] in files for i in page.images), name
        assert set(names) <= set(page.links), name  # every page reachable from every page
    assert "37 people were in posts" in files[names[1]].decode("utf-8")


def test_text_from_the_data_is_escaped_in_the_web_pages():
    from uep_data.papers import document as d

    paper = d.Document(
        title="<script>alert(1)</script>",
        subject="",
        author="",
        header_left="<b>left</b>",
        header_right="",
        footer="",
        cover=d.Cover("Programme", "Report", (), ""),
        blocks=(
            d.Heading(2, "1. A & B"),
            d.Table(
                "<i>caption</i>", ("Stream",), (d.cells("<img src=x onerror=alert(1)>"),), (40,)
            ),
        ),
        created="2004-04-01",
    )
    page = b"".join(web_pages.web_pages(paper).values()).decode("utf-8")
    assert "<script>" not in page and "<img src=x" not in page and "<b>left" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils)")
def test_every_page_of_the_papers_is_drawn_for_a_person_to_look_at(sample):
    _, _, document, returns = sample
    PAGES_FOLDER.mkdir(parents=True, exist_ok=True)
    papers = {"annual_report": document}
    papers.update({f"return_{n}": funder_return.render(r) for n, r in enumerate(returns.values())})
    for name, paper in papers.items():
        source = PAGES_FOLDER / f"{name}.pdf"
        source.write_bytes(paper)
        for old in PAGES_FOLDER.glob(f"{name}-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(source), str(PAGES_FOLDER / name)], check=True
        )
        drawn = sorted(PAGES_FOLDER.glob(f"{name}-*.png"))
        assert len(drawn) == len(PdfReader(io.BytesIO(paper)).pages)
        assert all(p.stat().st_size > 5_000 for p in drawn)  # drawn, not blank


# --- the commands --------------------------------------------------------------------------


def exports(engine) -> list[str]:
    with db.reading(engine) as conn:
        return [e["details"]["what"] for e in audit.entries(conn, action="export")]


def test_the_annual_report_command_writes_the_pdf_and_the_web_pages_and_logs_each(
    sample, tmp_path, capsys
):
    engine = sample[0]
    out, folder = tmp_path / "report.pdf", tmp_path / "report"
    code = cli.main(
        ["annual-report", "--year", "2003", "--out", str(out), "--html", str(folder)]
        + ["--db", str(engine.url), "--who", "Communications"]
    )
    assert code == 0, capsys.readouterr().err
    assert "Wrote the annual report for 2003/04" in capsys.readouterr().out
    assert pdf_ua.problems(out.read_bytes()) == []
    assert (folder / "index.html").is_file() and (folder / "style.css").is_file()
    assert list((folder / "charts").glob("*.svg"))
    assert exports(engine)[:2] == [
        "the annual report for 2003/04 (web pages)",
        "the annual report for 2003/04 (PDF)",
    ]


@pytest.mark.parametrize(
    "arguments,says",
    [
        (["--year", "2004", "--out", "r.pdf"], "2004/05 has not ended by 31 Mar 2004"),
        (["--year", "2003"], "give --out FILE.pdf, --html FOLDER, or both"),
        (["--year", "2003", "--out", "r.docx"], "should end in .pdf"),
        (["--year", "2003", "--out", "missing/r.pdf"], "does not exist"),
        (["--year", "last", "--out", "r.pdf"], "is not a year"),
    ],
)
def test_an_annual_report_that_cannot_be_made_is_refused_in_one_line(
    sample, tmp_path, capsys, monkeypatch, arguments, says
):
    engine = sample[0]
    monkeypatch.chdir(tmp_path)
    before = exports(engine)
    with pytest.raises(SystemExit) if "is not a year" in says else _nothing():
        code = cli.main(["annual-report", *arguments, "--db", str(engine.url)])
        assert code == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert not (tmp_path / "r.pdf").exists()
    assert exports(engine) == before  # nothing made, nothing logged


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *_):
        return False


@pytest.mark.parametrize("ending", ["xlsx", "pdf"])
def test_the_funder_return_command_writes_the_return_and_logs_it(sample, tmp_path, capsys, ending):
    engine = sample[0]
    out = tmp_path / f"return.{ending}"
    code = cli.main(
        ["funder-return", "--stream", WORK_PREP, "--year", "2003", "--out", str(out)]
        + ["--db", str(engine.url)]
    )
    assert code == 0, capsys.readouterr().err
    form = "workbook" if ending == "xlsx" else "PDF"
    assert exports(engine)[0] == f"the return for {WORK_PREP}, 2003/04 ({form})"
    if ending == "pdf":
        assert pdf_ua.problems(out.read_bytes()) == []
    else:
        assert openpyxl.load_workbook(out).sheetnames[0] == "Return"


def test_a_stream_not_recorded_is_refused_with_the_name_it_is_closest_to(sample, capsys):
    engine = sample[0]
    code = cli.main(
        ["funder-return", "--stream", "Jobcentre Plus work-preparation contract", "--out", "r.xlsx"]
        + ["--db", str(engine.url)]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert f"did you mean '{WORK_PREP}'?" in err and "Traceback" not in err


# --- the funders' returns --------------------------------------------------------------------


def test_a_work_preparation_contract_reports_participants_completions_outcomes_and_cost(sample):
    ret = sample[3][WORK_PREP]
    assert ret.purpose == "work_preparation"
    assert [f.measure for f in ret.outcomes] == [
        "work_prep_participants",
        "work_prep_completed",
        "work_prep_into_open_employment",
        "work_prep_open_employment_pct",
        "work_prep_into_education",
        "work_prep_education_pct",
    ]
    assert (ret.awarded.value, ret.spent.value, ret.ends) == (49500, 48500, "31 Mar 2005")
    participants = ret.outcomes[0].value
    assert ret.cost_per_person.measure == "cost_per_work_prep_participant"
    assert ret.cost_per_person.value == pytest.approx(48500 / participants)


def test_in_post_support_reports_people_in_employment_retention_and_cost_per_person(sample):
    ret = sample[3][IN_POST]
    assert ret.purpose == "in_post_support"
    keys = [f.measure for f in ret.outcomes]
    assert keys == [
        "people_supported",
        "in_employment",
        "retention_13_weeks_pct",
        "retention_26_weeks_pct",
        "retention_52_weeks_pct",
    ]
    employed = next(f for f in ret.outcomes if f.measure == "in_employment")
    assert (employed.value, employed.as_of) == (37, dt.date(2004, 3, 31))
    assert ret.cost_per_person.value == pytest.approx(60100 / 56)
    assert "this stream's spending" in ret.cost_per_person.label  # not the programme's


def test_programme_wide_funding_reports_the_headline_outcomes(sample):
    ret = sample[3][PROGRAMME_WIDE]
    assert ret.purpose == "programme_wide"
    assert {"in_employment", "people_supported", "recruits_lived_experience_pct"} <= {
        f.measure for f in ret.outcomes
    }
    assert [y.year for y in ret.history][-1] == "2003/04"
    assert all(y.awarded.value >= y.spent.value for y in ret.history)


def test_the_return_workbook_is_a_proper_workbook(sample):
    ret = sample[3][WORK_PREP]
    book = openpyxl.load_workbook(io.BytesIO(funder_return.workbook_bytes(ret)))
    assert book.sheetnames == ["Return", "Outcomes", "Funding by year", "Notes"]
    assert all(sheet.freeze_panes == "A2" for sheet in book)
    assert all(cell.font.bold for sheet in book for cell in sheet[1])
    summary = {row[0].value: row[1] for row in book["Return"].iter_rows(min_row=2)}
    assert summary[label("funding_awarded")].value == 49500  # a number, not text
    assert summary[label("funding_awarded")].number_format == '"£"#,##0'
    outcomes = {row[0].value: row[1] for row in book["Outcomes"].iter_rows(min_row=2)}
    participants = outcomes[label("work_prep_participants")]
    assert isinstance(participants.value, int)
    share = ret.outcomes[3]
    cell = outcomes[share.label]
    assert cell.value == (None if share.value in (None, "*") else share.value / 100) or (
        cell.value == "*" and share.shown == "*"
    )
    if isinstance(cell.value, float):
        assert cell.number_format == "0%"
    years = [row[0].value for row in book["Funding by year"].iter_rows(min_row=2)]
    assert years == [y.year for y in ret.history]
    notes = {row[0].value: row[1].value for row in book["Notes"].iter_rows(min_row=2)}
    for f in ret.outcomes:
        assert notes[label(f.measure)], f.measure  # what each figure means
    assert "rounded to the nearest 5" in notes["Disclosure control"]


def test_a_return_is_at_board_level_whoever_makes_it(sample):
    engine, _, _, returns = sample
    with db.reading(engine) as conn:
        filters = views.Filters(SAMPLE_AS_OF, financial_year_to_date(SAMPLE_AS_OF))
        as_lead = views.PAGE_VIEWS["funder_return"](
            conn, filters, access.audience_for(access.PROGRAMME_LEAD), stream=WORK_PREP, year=2003
        )
    assert [f.shown for f in as_lead.outcomes] == [f.shown for f in returns[WORK_PREP].outcomes]
    assert any(f.shown == "*" for f in as_lead.outcomes)  # controlled, even for the lead


def test_each_return_pdf_is_accessible_by_pdf_ua_1s_checkable_rules(sample):
    for ret in sample[3].values():
        document = funder_return.render(ret)
        assert pdf_ua.problems(document) == [], ret.stream
        found = pdf_ua.structure(document)
        assert [t for level, t in found.headings if level == 2] == ["Contents", *RETURN_SECTIONS]
        assert found.tables == 4
        assert found.figures[0].startswith(f"{ret.stream}: awarded and spent by financial year")
        assert "£49,500 in 2003/04" in found.figures[0] or ret.stream != WORK_PREP


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils)")
def test_a_return_read_in_order_reads_as_it_does(sample, tmp_path):
    ret = sample[3][WORK_PREP]
    text = re.sub(r"\s+", " ", pdftotext(funder_return.render(ret), tmp_path))
    contents_end = text.index(RETURN_SECTIONS[-1]) + len(RETURN_SECTIONS[-1])
    places = [text.index(t, contents_end) for t in RETURN_SECTIONS]
    assert places == sorted(places)
    assert f"{label('funding_awarded')} £49,500" in text
    assert f"{label('work_prep_participants')} {ret.outcomes[0].shown} 1 Apr 2003" in text
