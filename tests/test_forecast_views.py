"""Forecasts where they are read (issue 17): the sentence, the fan and the chance agree on
Targets, in what needs attention, on the meeting screen, in the board pack, on the command
line and in `page`; a controlled audience gets no forecast made from counts it may not see;
a chart that ends in a sustained shift asks the lead whether to start its limits again."""

from __future__ import annotations

import datetime as dt
import json

from streamlit.testing.v1 import AppTest

from tests.app_support import APP, PAGES
from tests.builders import workbook_bytes
from uep_data import access, audit, cli, db, importer, recalculations, spc, views
from uep_data.periods import financial_year_to_date
from uep_data.sample import SAMPLE_AS_OF, SAMPLE_PATH
from uep_data.views import Filters
from uep_data.views.board_pack import board_pack

FILTERS = Filters(SAMPLE_AS_OF, financial_year_to_date(SAMPLE_AS_OF))
LEAD, STEERING, BOARD = access.PROGRAMME_LEAD, access.STEERING_GROUP, access.BOARD


def targets_view(engine, role, filters=FILTERS):
    with db.reading(engine) as conn:
        return views.PAGE_VIEWS["targets"](conn, filters, access.audience_for(role))


def forecasts_by_target(page):
    return {f.target_id: f for f in page.forecasts}


def test_every_running_target_with_a_monthly_series_has_a_forecast(sample_engine):
    found = forecasts_by_target(targets_view(sample_engine, LEAD))
    # the 2004/05 interim targets run past D (31 March 2004): each has its median and bands
    for target_id in ("EMP-2004", "COV-2004", "JS-2004"):
        made = found[target_id]
        assert made.made, made.words
        assert made.lo95.value <= made.lo80.value <= made.median.value <= made.hi80.value
        assert made.hi80.value <= made.hi95.value
        assert 0 <= made.chance.value <= 100
        assert made.deadline == dt.date(2005, 3, 31)
        assert made.fan and made.fan[-1].month == made.deadline
    # interim targets of past years are history, not forecast
    assert "EMP-2003" not in found


def test_the_sentence_says_the_median_the_band_and_the_chance(sample_engine):
    made = forecasts_by_target(targets_view(sample_engine, LEAD))["EMP-2004"]
    assert (
        f"will be about {made.median.shown} on 31 Mar 2005 (80%: {made.lo80.shown} to "
        f"{made.hi80.shown})" in made.words
    )
    assert f"the chance of meeting the target of 38 is about {made.chance.shown}" in made.words
    assert made.chance.value % 5 == 0  # to the nearest 5%, in the sentence and as a figure


def test_the_forecast_agrees_on_every_page_the_command_line_and_page(
    sample_url, sample_engine, capsys
):
    lead = forecasts_by_target(targets_view(sample_engine, LEAD))
    steering = forecasts_by_target(targets_view(sample_engine, STEERING))
    # trust-wide people in employment is published exactly, so every audience reads the same
    assert steering["EMP-2004"].words == lead["EMP-2004"].words

    with db.reading(sample_engine) as conn:
        meeting = views.PAGE_VIEWS["meeting"](conn, FILTERS, access.audience_for(STEERING, True))
        overview = views.PAGE_VIEWS["overview"](conn, FILTERS, access.audience_for(STEERING))
        pack = board_pack(conn, FILTERS)
    heading = next(s for s in meeting.screens if s.key == "heading")
    shown = heading.content.forecast
    assert heading.message == shown.words == steering[shown.target_id].words
    assert [(m.month, m.median, m.lo80, m.hi95) for m in shown.fan] == [
        (m.month, m.median, m.lo80, m.hi95) for m in steering[shown.target_id].fan
    ]
    in_pack = {f.target_id: f for f in pack.forecasts}
    board = forecasts_by_target(targets_view(sample_engine, BOARD))
    assert in_pack["EMP-2004"].words == board["EMP-2004"].words == lead["EMP-2004"].words

    missing = [i for i in overview.attention.items if i.flag == "missing"]
    for item in missing:
        said = steering[item.target.target_id]
        assert item.detail == said.words
        assert said.chance.value < 50 and said.chance.shown in item.title
    assert {i.target.target_id for i in missing} == {
        t for t, f in steering.items() if f.chance is not None and f.chance.value < 50
    }

    assert cli.main(["forecast", "--db", sample_url, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["as_of"] == SAMPLE_AS_OF.isoformat()
    by_id = {f["target_id"]: f for f in printed["forecasts"]}
    for target_id, made in lead.items():
        if not made.words:
            continue
        record = by_id[target_id]
        assert record["words"] == made.words
        assert record["median"] == (made.median.value if made.made else None)
        assert record["p_meet"] == (made.chance.value / 100 if made.chance else None)
        assert set(record) == {
            "target_id", "measure", "deadline", "median", "lo80", "hi80", "lo95", "hi95",
            "p_meet", "words",
        }  # fmt: skip

    assert cli.main(["page", "targets", "--as", LEAD, "--db", sample_url, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)["figures"]
    on_page = {
        f["measure"]: f["value"]
        for f in figures
        if f["where"] == "target:EMP-2004" and f["measure"].startswith("forecast_")
    }
    made = lead["EMP-2004"]
    assert on_page["forecast_median"] == made.median.value
    assert on_page["forecast_lo80"] == made.lo80.value
    assert on_page["forecast_hi95"] == made.hi95.value
    assert on_page["forecast_chance"] == made.chance.value


def test_not_enough_months_is_said_never_a_band(sample_engine):
    early = dt.date(1995, 8, 31)  # the programme's first months: under 12 of any chart
    page = targets_view(sample_engine, LEAD, Filters(early, financial_year_to_date(early)))
    for made in page.forecasts:
        assert not made.made and made.median is None and made.fan == ()
        assert made.words.startswith(("Not enough months to say", "No forecast"))


def test_a_controlled_audience_gets_no_forecast_from_counts_below_trust_level(tmp_path):
    """A directorate's target: the lead (who sees exact counts) gets its forecast; the
    steering group and the board, whose figures there are controlled, get none, and no
    band or chance that an exact count below trust level could be read back from."""
    engine = db.create_engine(f"sqlite:///{tmp_path / 'uep.sqlite'}")
    db.upgrade(engine)
    importer.import_files(engine, [(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())], who="test")
    row = {
        "target_id": "HR-2004",
        "title": "Supported people in Human Resources in 2004/05",
        "metric": "in_employment",
        "level": "interim",
        "value": 6,
        "comparison": "at_least",
        "directorate": "Human Resources",
        "financial_year": "2004/05",
    }
    importer.import_files(
        engine, [("targets.xlsx", workbook_bytes({"targets": [row]}))], who="test"
    )
    assert forecasts_by_target(targets_view(engine, LEAD))["HR-2004"].made
    for role in (STEERING, BOARD):
        said = forecasts_by_target(targets_view(engine, role))["HR-2004"]
        assert not said.made and said.chance is None and said.fan == ()
        assert said.words.startswith("No forecast at this level")
    with db.reading(engine) as conn:
        meeting = views.PAGE_VIEWS["meeting"](conn, FILTERS, access.audience_for(STEERING, True))
    assert all(
        s.content.target.target_id != "HR-2004" for s in meeting.screens if s.key == "heading"
    )
    engine.dispose()


def test_a_chart_that_ends_in_a_sustained_shift_suggests_starting_again(sample_engine):
    lead = targets_view(sample_engine, LEAD)
    panel = next(p for p in lead.spc if p.key == "in_employment")
    # the sample's people in employment rose in May 2003 and have stayed above the old mean
    assert panel.suggested_restart == dt.date(2003, 5, 1)
    assert panel.suggestion.startswith("The process changed in May 2003: start the limits again")
    shift = [p.number for p in panel.chart.points if p.signals.get("shift")]
    assert shift and shift[-1] == panel.chart.points[-1].number  # it runs to the last month
    assert spc.shift_began(panel.chart) == dt.date(2003, 5, 31)


def test_the_lead_starts_the_limits_again_with_one_button_and_it_is_logged(
    sample_copy_url, monkeypatch
):
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, sample_copy_url)
    for role in (STEERING, BOARD):  # the suggestion is the lead's: others see no button
        at = AppTest.from_file(APP, default_timeout=120)
        at.session_state["view_as"] = role
        at.run()
        at.switch_page(PAGES["targets"]).run()
        assert not at.exception
        assert not [b for b in at.button if b.key == "restart_in_employment"]
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(PAGES["targets"]).run()
    assert not at.exception
    assert any("The process changed in May 2003" in i.value for i in at.info)
    button = next(b for b in at.button if b.key == "restart_in_employment")
    assert button.label == "Start again from May 2003"
    button.click().run()
    assert not at.exception
    engine = db.create_engine(sample_copy_url)
    with db.reading(engine) as conn:
        started = recalculations.listed(conn, "in_employment")
        logged = audit.entries(conn, action="recalculation")
    assert [row["month"] for row in started] == [dt.date(2003, 5, 1)]
    assert logged and "in_employment" in str(logged[0])
    # once started again there, the chart reads the new process and asks no more
    assert not [b for b in at.button if b.key == "restart_in_employment"]
    engine.dispose()
