"""The eight ways a controlled viewer could work out a count of 1 to 7 people, found by an
adversarial review of the first version, each closed: through `python -m uep_data page` (the
figures exactly as each role sees them) and through the app itself (AppTest), as the steering
group or the board would try them. Each AppTest check fails on the first version."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_support import APP, PAGES, label, shown
from tests.builders import PROFESSIONS, person_rows, post, workbook_bytes
from uep_data import access, cli, db, importer

SMALL = {str(n) for n in range(1, 8)}
# an event on 31 Mar 2004, so that the data (and so the dashboard's date) run to then
REVIEWED_ON_D = {"person_id": "P01", "stage": "in_work_review", "date": dt.date(2004, 3, 31)}
SG, BOARD = access.STEERING_GROUP, access.BOARD


def page(capsys, url, name, role, *options) -> tuple[int, list[dict] | str]:
    code = cli.main(["page", name, "--as", role, "--db", url, "--json", *options])
    out, err = capsys.readouterr()
    return (code, json.loads(out)["figures"]) if code == 0 else (code, err)


def controlled(shown: str) -> bool:
    """What a count below trust level may show: 0, * or a multiple of 5."""
    return shown in ("*", "0") or (shown.isdigit() and int(shown) % 5 == 0)


def app(url, monkeypatch, role, page_name, **query) -> AppTest:
    """The app as `role`, with the date and period parameters of the address the first
    version offered everyone (a controlled viewer is no longer offered them)."""
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["view_as"] = role
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page_name != "overview":
        at.switch_page(PAGES[page_name]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_labels(at, name: str) -> list[str]:
    import pyarrow as pa

    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        if spec.get("usermeta", {}).get("chart") == name:
            rows = []
            for dataset in chart.proto.datasets:
                rows += pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
            return [str(r.get("label", r.get("value"))) for r in rows]
    return []


def metrics(at) -> dict[str, str]:
    return {shown(m.label): shown(str(m.value)) for m in at.metric}


# --- 1. work preparation -----------------------------------------------------------------


def test_1_work_preparation_outcomes_and_part_year_shares_are_controlled(
    capsys, sample_url, monkeypatch
):
    code, figures = page(
        capsys,
        sample_url,
        "work_preparation",
        SG,
        "--as-of",
        "2003-09-30",
        "--from",
        "2003-04-01",
        "--to",
        "2003-09-30",
    )
    assert code == 0
    for f in figures:
        if f["unit"] == "people":
            assert controlled(f["shown"]), f
        if f["measure"] == "work_prep_open_employment_pct":  # part of a year: from the
            assert f["shown"] == "*"  # controlled counts (4 of 8 was shown as 50%)
    # a one-day period is not offered
    code, err = page(
        capsys,
        sample_url,
        "work_preparation",
        SG,
        "--as-of",
        "2003-06-30",
        "--from",
        "2003-06-06",
        "--to",
        "2003-06-06",
    )
    assert code == 2 and "a quarter or a calendar month" in err
    at = app(sample_url, monkeypatch, SG, "work_preparation")
    assert not SMALL & set(chart_labels(at, "wp_outcomes"))  # they were 2, 2, 1, 1, 1, 1


# --- 2. stages of support ------------------------------------------------------------------


def test_2_danger_points_the_journey_and_the_offer_to_start_days_are_controlled(
    capsys, sample_url, monkeypatch
):
    code, figures = page(capsys, sample_url, "stages", SG, "--as-of", "2003-06-30")
    assert code == 0
    for f in figures:
        if f["unit"] == "people":
            assert controlled(f["shown"]), f
    # on 6 June 2003 the danger points read 1, 1, 5 and 1; 6 June is not a month's end
    at = app(sample_url, monkeypatch, SG, "stages", as_of="2003-06-06")
    danger = [
        v
        for k, v in metrics(at).items()
        if "danger" in k.lower()
        or "sick" in k.lower()
        or "offered" in k.lower()
        or "first months" in k.lower()
        or "occupational" in k.lower()
    ]
    assert danger and not SMALL & set(danger), danger
    histogram = chart_labels(at, "stages_offer_days")
    assert all(controlled(label) for label in histogram), histogram


# --- 3. differencing two periods a day apart --------------------------------------------------


def test_3_two_periods_a_day_apart_are_not_offered(capsys, sample_url, monkeypatch):
    for last_day in ("2003-05-23", "2003-05-22"):
        code, err = page(
            capsys,
            sample_url,
            "overview",
            SG,
            "--as-of",
            "2003-05-31",
            "--from",
            "2002-05-23",
            "--to",
            last_day,
        )
        assert code == 2 and "financial year" in err
    # the app offers a controlled viewer standard periods only: the address's period is
    # not one it takes (the first version showed 11 and 10 job starts: one start on 23 May)
    shown = []
    for last_day in ("2003-05-23", "2003-05-22"):
        at = app(
            sample_url,
            monkeypatch,
            SG,
            "overview",
            as_of="2003-05-31",
            period=["2002-05-23", last_day],
        )
        card = next(
            h.proto.body for h in at.get("html") if f">{label('job_starts')}<" in h.proto.body
        )
        shown.append(re.search(r'class="value">([^<]*)<', card).group(1))
    assert shown[0] == shown[1]


# --- 4. the hurdles -------------------------------------------------------------------------


def test_4_the_hurdles_are_controlled_so_no_profession_can_be_worked_out(
    capsys, sample_url, monkeypatch
):
    code, figures = page(capsys, sample_url, "coverage", SG)
    hurdles = {f["measure"]: f["shown"] for f in figures if f["where"] == "table:hurdles"}
    for key in ("clinical_posts", "professional_posts", "management_posts"):
        assert controlled(hurdles[key]), hurdles  # were 21 and 16: 5 support workers
    at = app(sample_url, monkeypatch, SG, "coverage")
    shown = metrics(at)
    assert controlled(shown[label("clinical_posts")]), shown
    assert controlled(shown[label("professional_posts")]), shown


# --- 5. a status beside a rounded figure --------------------------------------------------------


@pytest.fixture
def thirteen_nurses(tmp_path):
    """13 nurses in post, and a target of at least 14 nurses: shown as 15 (13 to 17), "near"
    would say fewer than 14, so 13."""
    url = f"sqlite:///{tmp_path / 'uep.sqlite'}"
    engine = db.create_engine(url)
    db.upgrade(engine)
    people = [f"P{n:02d}" for n in range(1, 14)]
    sheets = {
        "professions": PROFESSIONS,
        "people": person_rows(*people),
        "employments": [post(p, dt.date(2003, 1, 1)) for p in people],
        "stages": [REVIEWED_ON_D],
        "targets": [
            {
                "target_id": "N14",
                "title": "Fourteen nurses",
                "metric": "in_employment",
                "level": "aspirational",
                "value": 14,
                "comparison": "at_least",
                "profession": "Nursing",
            }
        ],
    }
    assert importer.import_files(engine, [("n.xlsx", workbook_bytes(sheets))]).ok
    engine.dispose()
    return url


def test_5_a_status_beside_a_rounded_figure_is_shown_only_when_it_tells_nothing_more(
    capsys, thirteen_nurses, monkeypatch
):
    code, figures = page(capsys, thirteen_nurses, "targets", SG, "--as-of", "2004-03-31")
    target = {f["measure"]: f for f in figures if f["where"] == "target:N14"}
    assert target["in_employment"]["shown"] == "15"
    assert target["target_status"]["value"] == "not_shown"  # was "near": 13 exactly
    at = app(thirteen_nurses, monkeypatch, SG, "targets", as_of="2004-03-31")
    table = at.dataframe[0].value
    row = table[table["Target"] == "Fourteen nurses"].iloc[0]
    assert "Near" not in row["Status"]


# --- 6. cost per person ----------------------------------------------------------------------


def test_6_cost_per_person_is_worked_out_from_the_controlled_count(capsys, sample_url, monkeypatch):
    code, figures = page(capsys, sample_url, "funding", BOARD, "--as-of", "2003-06-30")
    spent = next(f for f in figures if f["measure"] == "funding_spent" and f["where"] == "headline")
    cost = next(
        f
        for f in figures
        if f["measure"] == "cost_per_person_supported" and f["from"] == "2003-04-01"
    )
    # part of a year has no cost per person at all (money is recorded by year), so there is
    # nothing to divide the year's spending by: the first version showed £3,444, giving 41
    assert spent["value"] and cost["value"] is None
    assert cost["shown"] == "for whole financial years only"
    at = app(sample_url, monkeypatch, BOARD, "funding", as_of="2003-06-30")
    table = next(df.value for df in at.dataframe if "Cost per person" in df.value.columns)
    this_year = table[table["Financial year"] == "2003/04"].iloc[0]["Cost per person"]
    assert this_year == "for whole financial years only"


# --- 7. the drill-down keeps "view as" ---------------------------------------------------------


def test_7_view_as_is_kept_when_the_drill_down_opens(sample_url, monkeypatch):
    at = app(sample_url, monkeypatch, SG, "overview")
    at.switch_page(PAGES["drill_down"]).run()
    text = " ".join(c.value for c in at.caption)
    assert "breakdown by record" not in text and "Programme lead" not in text
    assert at.session_state["view_as"] == SG
    board = app(sample_url, monkeypatch, BOARD, "overview")
    assert not board.exception
    with pytest.raises(Exception, match="Could not find a navigation page"):
        board.switch_page(PAGES["drill_down"])


# --- 8. margins in the grids -------------------------------------------------------------------


@pytest.fixture
def nine_in_post(tmp_path):
    """9 in post, 7 of them in clinical posts; the two others both in Human Resources as
    administrative staff: the grid's Human Resources x Administrative `*` is 2."""
    url = f"sqlite:///{tmp_path / 'uep.sqlite'}"
    engine = db.create_engine(url)
    db.upgrade(engine)
    people = [f"P{n}" for n in range(1, 10)]
    posts = [post(p, dt.date(2003, 1, 1)) for p in people[:7]]
    posts += [
        post(
            p,
            dt.date(2003, 1, 1),
            directorate="Human Resources",
            profession="Administrative and clerical",
        )
        for p in people[7:]
    ]
    sheets = {
        "professions": PROFESSIONS,
        "people": person_rows(*people),
        "employments": posts,
        "stages": [{**REVIEWED_ON_D, "person_id": "P1"}],
    }
    assert importer.import_files(engine, [("g.xlsx", workbook_bytes(sheets))]).ok
    engine.dispose()
    return url


def test_8_a_grid_cell_cannot_be_worked_out_from_the_totals_beside_it(
    capsys, nine_in_post, monkeypatch
):
    code, figures = page(capsys, nine_in_post, "coverage", SG, "--as-of", "2004-03-31")
    clinical = next(
        f for f in figures if f["measure"] == "clinical_posts" and f["as_of"] == "2004-03-31"
    )
    assert clinical["shown"] == "*"  # was 7: 9 - 7 gave the grid's `*` back
    at = app(nine_in_post, monkeypatch, SG, "coverage", as_of="2004-03-31")
    assert metrics(at)[label("clinical_posts")] == "*"
