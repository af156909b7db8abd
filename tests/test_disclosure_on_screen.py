"""With the steering group's or the board's role, and on the meeting screen whoever presents,
no count from 1 to 7 below trust level appears anywhere, and no `*` can be worked out from a
total on the same view (docs/who-sees-what.md)."""

import json

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from tests.app_support import APP, PAGES
from uep_data import access, db, views
from uep_data.disclosure import CONTROLLED, SUPPRESSED
from uep_data.measures import Scope
from uep_data.measures.journey import DANGER_POINTS
from uep_data.periods import financial_year_to_date
from uep_data.sample import SAMPLE_AS_OF

SMALL = {str(n) for n in range(1, 8)}
# Charts of counts of people below trust level (by directorate, profession, cohort, month)
BELOW_TRUST_LEVEL = {
    "overview_by_directorate",
    "coverage_grid",
    "drill_chart",
    "targets_breakdown_chart",
    "wp_cohorts",
    "recruitment_directorates",
    "meeting_coverage",
    "recruitment_months",
}
# Charts that stay trust-wide under a directorate filter (the journey is not recorded by
# directorate; the page says so)
TRUST_WIDE_CHARTS = {"stages_funnel"}
# Pages and elements whose figures follow the directorate filter
SCOPED_PAGES = ("overview", "stages", "recruitment", "drill_down")


def charts_on(at) -> dict[str, list[dict]]:
    found = {}
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        key = spec.get("usermeta", {}).get("chart", "")
        rows = []
        for dataset in chart.proto.datasets:
            rows += pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
        rows += spec.get("data", {}).get("values", []) if isinstance(spec.get("data"), dict) else []
        found[key] = rows
    return found


def run(url, monkeypatch, role, page, directorate=None, meeting_screen=None):
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["view_as"] = role
    if directorate:
        at.query_params["directorate"] = directorate
    if meeting_screen:
        at.query_params["screen"] = str(meeting_screen)
    at.run()
    if page != "overview":
        at.switch_page(PAGES[page]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


CASES = [
    (role, page, directorate)
    for role in (access.STEERING_GROUP, access.BOARD)
    for page in PAGES
    if access.may_open(role, page)
    for directorate in ((None, "Human Resources") if page in SCOPED_PAGES else (None,))
]


@pytest.mark.parametrize("role,page,directorate", CASES)
def test_no_count_from_1_to_7_below_trust_level_on_screen(
    role, page, directorate, sample_url, monkeypatch
):
    at = run(sample_url, monkeypatch, role, page, directorate)
    for key, rows in charts_on(at).items():
        if key in BELOW_TRUST_LEVEL or (directorate and key not in TRUST_WIDE_CHARTS):
            labels = [str(r.get("label")) for r in rows if "label" in r]
            assert not SMALL & set(labels), (key, labels)
            said = {str(r["says"]).rsplit(": ", 1)[-1] for r in rows if "says" in r}
            assert not SMALL & said, (key, said)
    if directorate:  # everything on the page is narrowed to a directorate
        trust_wide = {p.label for p in DANGER_POINTS}  # not recorded by directorate
        shown = [str(m.value) for m in at.metric if m.label not in trust_wide]
        shown += [
            h.proto.body.split('class="value">')[1].split("<")[0]
            for h in at.get("html")
            if 'class="uep-card"' in h.proto.body
        ]
        assert not SMALL & set(shown), shown


@pytest.mark.parametrize("screen", range(1, 8))
def test_the_meeting_screen_is_controlled_even_when_the_lead_presents(
    screen, sample_url, monkeypatch
):
    at = run(sample_url, monkeypatch, access.PROGRAMME_LEAD, "meeting", meeting_screen=screen)
    for key, rows in charts_on(at).items():
        if key in BELOW_TRUST_LEVEL:
            labels = {str(r.get("label")) for r in rows}
            assert not SMALL & labels, (key, labels)
    assert not at.dataframe or all("Person" not in str(df.value) for df in at.dataframe)


def test_the_lead_sees_exact_figures_where_the_steering_group_sees_stars(sample_url, monkeypatch):
    lead = charts_on(run(sample_url, monkeypatch, access.PROGRAMME_LEAD, "overview"))
    steering = charts_on(run(sample_url, monkeypatch, access.STEERING_GROUP, "overview"))
    assert {r["label"] for r in lead["overview_by_directorate"]} & SMALL
    assert SUPPRESSED in {r["label"] for r in steering["overview_by_directorate"]}


def test_no_star_can_be_worked_out_from_a_total_on_the_same_view(sample_url):
    """Every controlled breakdown the views produce on the sample data, by directorate and by
    profession, trust-wide and within each directorate: where a total is shown (the
    trust-wide figure is on every view), a lone `*` never stands beside it."""
    engine = db.create_engine(sample_url)
    filters = views.Filters(SAMPLE_AS_OF, financial_year_to_date(SAMPLE_AS_OF))
    with db.reading(engine) as conn:
        ask = views.Ask(conn, filters, CONTROLLED)
        directorates = views.filter_options(conn)["directorates"]
        scopes = [Scope()] + [Scope(d) for d in directorates]
        for key in (
            "in_employment",
            "job_starts",
            "clinical_posts",
            "management_posts",
            "recruits",
        ):
            when = ask.when(key)
            lines = []
            for scope in scopes:
                for by in ("directorate", "profession"):
                    breakdown = ask.breakdown(key, by, "test", when=when, scope=scope)
                    lines.append((breakdown.total, [p.figure for p in breakdown.parts]))
            grid = ask.grid(key, "directorate", "profession", "test", when=when)
            for row, _ in grid.rows:
                lines.append(
                    (grid.row_totals[row], [grid.cells[(row, c)] for c, _ in grid.columns])
                )
            for column, _ in grid.columns:
                lines.append(
                    (grid.column_totals[column], [grid.cells[(r, column)] for r, _ in grid.rows])
                )
            for total, parts in lines:
                values = [p.value for p in parts]
                if not total.suppressed and len(parts) > 1:
                    assert values.count(SUPPRESSED) != 1, (key, total, values)
                assert not SMALL & {str(v) for v in values}, (key, values)


def test_a_breakdown_with_nothing_to_tell_is_a_sentence_not_a_chart(sample_url, monkeypatch):
    """Within one directorate the days from job offer to start are not in the measure's
    table, so not shown to the steering group at all: a sentence says so instead of a chart
    of "not shown" bars; the programme lead still has the chart."""
    steering = run(sample_url, monkeypatch, access.STEERING_GROUP, "stages", "Human Resources")
    assert "stages_offer_days" not in charts_on(steering)
    said = " ".join(m.value for m in steering.markdown).replace("\\", "")  # unescaped
    assert "days from offer to start is not shown: there are too few" in said
    lead = run(sample_url, monkeypatch, access.PROGRAMME_LEAD, "stages", "Human Resources")
    assert "stages_offer_days" in charts_on(lead)
