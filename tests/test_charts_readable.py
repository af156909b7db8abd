"""Charts that can be read on a shared screen and do not mislead (issue 11, finding 5): rows
and bars tall enough, type large enough, every chart titled, a trust-wide target never drawn
across the bars of directorates, trajectories of a target's own steps on a year axis, years
on a year axis, and one colour for each funding stream everywhere."""

import datetime as dt
import json
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_support import APP, PAGES
from tests.builders import workbook_bytes
from uep_data import access, charts, db, importer
from uep_data.page_request import PageRequest, answer

CHART_PAGES = ["targets", "coverage", "contacts", "work_preparation", "recruitment", "funding"]


def walk(spec, key):
    """Every value of `key` anywhere in a Vega-Lite spec."""
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k == key:
                yield v
            yield from walk(v, key)
    elif isinstance(spec, list):
        for item in spec:
            yield from walk(item, key)


def styled(chart) -> dict:
    return charts.style(chart).to_dict()


def grid(rows: int, columns: int = 7) -> dict:
    cells = [
        {"cohort": f"Cohort {r}", "outcome": f"Outcome number {c}", "people": (r + c) % 4}
        for r in range(rows)
        for c in range(columns)
    ]
    return styled(charts.heatmap(cells, "cohort", "outcome", "people", title="Cohorts"))


@pytest.mark.parametrize("rows", [2, 4, 10, 14])
def test_a_grid_gives_every_row_at_least_28_pixels_of_its_own_height(rows):
    spec = grid(rows)
    # the height is the rows' own (labels above it do not eat into it)
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert spec["height"] / rows >= 28


@pytest.mark.parametrize("rows", [3, 6, 12])
def test_a_bar_is_at_least_24_pixels_high(rows):
    data = [{"group": f"Group {i}", "value": i + 1} for i in range(rows)]
    spec = styled(charts.bar_chart(data, "group", "value", title="With whom"))
    assert spec["autosize"]["type"] == "fit-x"
    (band,) = {
        m["height"]["band"] for m in walk(spec, "mark") if isinstance(m, dict) and "height" in m
    }
    assert spec["height"] / rows * band >= 24


def test_chart_text_is_at_least_14_pixels_and_axis_text_at_least_16():
    spec = grid(4)
    axis = spec["config"]["axis"]
    assert axis["labelFontSize"] >= 16 and axis["titleFontSize"] >= 16
    assert spec["config"]["title"]["fontSize"] >= 18
    assert min(walk(spec, "fontSize")) >= 14
    spark = styled(charts.sparkline([(dt.date(2004, m, 1), m) for m in (1, 2, 3)]))
    assert min(walk(spark, "fontSize")) >= 14


def test_each_funding_type_keeps_one_colour_whatever_else_is_on_the_chart():
    every = charts.colours_for(["Recurring grant", "Contract", "One-off (non-recurrent)"])
    alone = charts.colours_for(["One-off (non-recurrent)"])
    reordered = charts.colours_for(["Contract", "Recurring grant"])
    assert alone[0] == every[2] and reordered == [every[1], every[0]]
    awarded_spent = charts.colours_for(["Awarded", "Spent"])
    assert not set(awarded_spent) & set(every)  # amounts never look like a type of funding


def test_a_yearly_series_is_drawn_on_a_year_axis():
    spec = styled(charts.line_chart([("2002/03", 17.0), ("2003/04", 18.0)], unit="percent"))
    (x,) = {json.dumps(e) for e in walk(spec, "x") if isinstance(e, dict) and "field" in e}
    assert json.loads(x)["type"] == "ordinal" and json.loads(x)["sort"] == ["2002/03", "2003/04"]


def test_a_trajectory_is_drawn_on_its_steps_years():
    spec = styled(
        charts.trajectory_chart(
            [("2002/03", 33, "met"), ("2003/04", 35, "met")],
            [("2002/03", 33), ("2003/04", 37)],
            35,
            unit="count",
        )
    )
    scales = [s for s in walk(spec, "scale") if isinstance(s, dict) and "domain" in s]
    assert {"domain": ["2002/03", "2003/04"]} in scales


@pytest.fixture
def linked_elsewhere_url(sample_url, tmp_path):
    """The sample, with an interim target measuring management posts linked to the target of
    35 people in employment."""
    path = tmp_path / "uep.sqlite"
    shutil.copy(sample_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    stray = {
        "target_id": "MGT-2003",
        "title": "2 people in management posts by 31 March 2004",
        "metric": "management_posts",
        "level": "interim",
        "value": 2,
        "comparison": "at_least",
        "financial_year": "2003/04",
        "parent_target_id": "EMP",
    }
    done = importer.import_files(
        db.create_engine(url), [("t.xlsx", workbook_bytes({"targets": [stray]}))]
    )
    assert done.ok, [str(p) for p in done.problems]
    return url


def test_a_trajectory_plots_only_its_own_steps_and_names_the_others(linked_elsewhere_url):
    with db.create_engine(linked_elsewhere_url).connect() as conn:
        view = answer(conn, PageRequest("targets", access.PROGRAMME_LEAD), dt.date(2004, 4, 1))
    (emp,) = [t for t in view.trajectories if t.aspirational.target_id == "EMP"]
    # each year's interim target, to the coming year's (2004/05) set at this year's end
    assert [t.metric for t in emp.interim] == ["in_employment"] * 10
    assert emp.years[0] == "1995/96" and emp.years[-1] == "2004/05"
    assert [t.target_id for t in emp.not_drawn] == ["MGT-2003"]


def test_a_trust_wide_count_target_is_not_drawn_across_directorates(sample_url):
    with db.create_engine(sample_url).connect() as conn:
        view = answer(conn, PageRequest("targets", access.PROGRAMME_LEAD), dt.date(2004, 4, 1))
        shares = answer(
            conn,
            PageRequest("targets", access.PROGRAMME_LEAD, options={"breakdown_of": "REC"}),
            dt.date(2004, 4, 1),
        )
    assert view.breakdown.target.target_id == "EMP"
    assert not view.breakdown.target_applies_to_each
    assert "set for the whole trust, not for each directorate" in view.breakdown.target_note
    assert shares.breakdown.target_applies_to_each  # a share is read against each bar


def chart_specs(url, monkeypatch, name):
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["view_as"] = access.PROGRAMME_LEAD
    at.run()
    at.switch_page(PAGES[name]).run()
    assert not at.exception, [e.value for e in at.exception]
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


@pytest.mark.parametrize("name", CHART_PAGES)
def test_every_chart_on_the_page_is_titled_and_readable(sample_url, monkeypatch, name):
    specs = chart_specs(sample_url, monkeypatch, name)
    assert specs
    for spec in specs:
        key = spec.get("usermeta", {}).get("chart")
        titles = [t for t in walk(spec, "title") if isinstance(t, (str, dict)) and t]
        assert any(isinstance(t, str) and len(t) > 3 for t in titles), f"{name}: {key} untitled"
        assert spec["autosize"]["type"] == "fit-x", key
        assert min(walk(spec, "fontSize")) >= 14, key
        if key == "targets_breakdown_chart":  # 35 people trust-wide: no rule across the bars
            assert "rule" not in {
                m if isinstance(m, str) else m["type"] for m in walk(spec, "mark")
            }
        if key in ("recruitment_years",) or key.startswith("trajectory_"):
            x_types = {
                e.get("type") for e in walk(spec, "x") if isinstance(e, dict) and "field" in e
            }
            assert x_types == {"ordinal"}, key
