"""The measure registry: each measure is declared once, and its declaration alone drives its
label, unit, breakdowns, monthly series and disclosure class everywhere. Changing the
definition of "in post on a day", or of the share of recruits with lived experience, is one
edit that every page, the board pack and the command line follow."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from tests.app_support import label
from tests.builders import DIRECTORATES, PROFESSIONS, person_rows, post, workbook_bytes
from uep_data import access, cli, db, importer, measures, views
from uep_data.disclosure import CONTROLLED, EXACT, NotOffered
from uep_data.figures import figures_in
from uep_data.measures import in_post
from uep_data.measures import registry as r
from uep_data.papers import board_pack
from uep_data.periods import Period, financial_year_to_date
from uep_data.sample import SAMPLE_AS_OF

D = SAMPLE_AS_OF
FILTERS = views.Filters(D, financial_year_to_date(D))
KEYS = list(r.MEASURES)


def ask(conn, audience=EXACT, filters=FILTERS):
    return views.Ask(conn, filters, audience)


def redeclare(monkeypatch, key, **changes):
    """The measure declared differently, as a newcomer would by editing its declaration."""
    monkeypatch.setitem(r.MEASURES, key, dataclasses.replace(r.MEASURES[key], **changes))


@pytest.mark.parametrize("key", KEYS)
def test_the_declaration_drives_label_unit_breakdowns_series_and_disclosure(
    key, monkeypatch, sample_engine
):
    declared = r.MEASURES[key]
    with db.reading(sample_engine) as conn:
        figure = ask(conn).figure(key, "headline")
        assert (figure.label, figure.unit) == (declared.label, declared.unit)
        for dimension in declared.breakdowns:  # every declared breakdown can be read...
            measures.read_one(conn, key, ask(conn).when(key), by=(dimension,))
        with pytest.raises(ValueError, match="cannot be broken down"):  # ...and nothing else
            measures.read_one(conn, key, ask(conn).when(key), by=("no_such_dimension",))

        redeclare(
            monkeypatch,
            key,
            label="Renamed in the declaration",
            unit="percent" if declared.unit != "percent" else "days",
            breakdowns=(),
            monthly=not declared.monthly,
        )
        renamed = ask(conn).figure(key, "headline")
        assert renamed.label == "Renamed in the declaration"
        assert renamed.unit == r.MEASURES[key].unit
        # a declared breakdown goes with the declaration; the source's own scope columns
        # (directorate, profession) stay, since a figure for each is the figure narrowed to each
        scope = r.source_of(key).scope_columns
        for dimension in declared.breakdowns:
            if dimension in scope:
                measures.read_one(conn, key, ask(conn).when(key), by=(dimension,))
            else:
                with pytest.raises(ValueError, match="cannot be broken down"):
                    measures.read_one(conn, key, ask(conn).when(key), by=(dimension,))
        assert (key in measures.monthly_series()) == (not declared.monthly)

    # the disclosure class follows what the measure counts
    klass = r.disclosure_class(key)
    counted = r.counts_of(key)
    if declared.how == r.MEDIAN:
        assert klass == r.AVERAGE_OVER_PEOPLE
    elif r.PEOPLE not in counted:
        assert klass == r.EXACT
    elif declared.how == r.RATIO:
        assert klass in (r.SHARE_OF_PEOPLE, r.COST_PER_PERSON)
    else:
        assert klass == r.CONTROLLED_COUNT
    if declared.how not in (r.RATIO, r.MEDIAN):
        other = r.EVENTS if declared.counts == r.PEOPLE else r.PEOPLE
        redeclare(monkeypatch, key, counts=other)
        assert r.disclosure_class(key) == (r.EXACT if other == r.EVENTS else r.CONTROLLED_COUNT)


@pytest.mark.parametrize("key", [k for k in KEYS if r.scopable(k)])
def test_a_measure_of_people_narrowed_to_a_directorate_is_controlled_by_its_class(
    key, sample_engine
):
    with db.reading(sample_engine) as conn:
        figure = ask(conn, CONTROLLED).figure(
            key, "headline", scope=measures.Scope("Human Resources")
        )
    assert figure.controlled == (r.disclosure_class(key) != r.EXACT)


def test_the_monthly_series_of_the_declarations_are_the_charts_on_the_overview(
    monkeypatch, sample_engine
):
    redeclare(monkeypatch, "people_supported", monthly=True)
    with db.reading(sample_engine) as conn:
        overview = views.PAGE_VIEWS["overview"](conn, FILTERS, EXACT)
    assert [p.key for p in overview.spc] == list(measures.monthly_series())
    assert "people_supported" in [p.key for p in overview.spc]


# --- one edit flows everywhere ----------------------------------------------------------------


@pytest.fixture
def ending_on_d(sqlite_engine):
    """Three people: P1 in post throughout, P2 whose post ends on D itself, P3 who started
    in the year. Two recruitment months: 4 of 20 recruits with lived experience, then 1 of 5."""
    sheets = {
        "directorates": DIRECTORATES,
        "professions": PROFESSIONS,
        "people": person_rows("P1", "P2", "P3"),
        "employments": [
            post("P1", dt.date(2002, 1, 1)),
            post("P2", dt.date(2002, 6, 1), end=D),
            post("P3", dt.date(2003, 9, 1)),
        ],
        "recruitment": [
            {"period": "2003-06", "recruits": 20, "recruits_lived_experience": 4},
            {"period": "2003-11", "recruits": 5, "recruits_lived_experience": 1},
        ],
    }
    result = importer.import_files(sqlite_engine, [("t.xlsx", workbook_bytes(sheets))])
    assert result.ok, [str(p) for p in result.problems]
    return sqlite_engine


def everywhere(engine, key, capsys, roles=access.ROLES):
    """The measure's trust-wide figure at D over the financial year, wherever it is shown:
    every page's view for every role, the board pack, and `summary` on the command line."""
    found = set()
    with db.reading(engine) as conn:
        when = measures.when_of(key, D, FILTERS.period)
        for role in roles:
            audience = access.audience_for(role)
            for name, view in views.PAGE_VIEWS.items():
                if not access.may_open(role, name) or name in ("watch_list",):
                    continue
                if name == "meeting":
                    audience = access.audience_for(role, meeting=True)
                try:
                    shown = view(conn, FILTERS, audience)
                except NotOffered:  # a paper with nothing to report: a funder's return
                    assert name == "funder_return", name  # with no funding recorded
                    continue
                for f in figures_in(shown):
                    if (
                        f.measure == key
                        and (f.as_of, f.start, f.end) == (when.as_of, when.start, when.end)
                        and not (f.directorate or f.profession or f.group)
                    ):
                        found.add((name, f.value))
        _, pack = board_pack.board_pack_pdf(conn, D)
        found |= {
            ("pack", f.value)
            for f in figures_in(pack)
            if f.measure == key and not f.group and f.as_of == D and f.start == when.start
        }
    cli.main(["summary", "--db", str(engine.url), "--as-of", D.isoformat(), "--json"])
    found.add(("summary", json.loads(capsys.readouterr().out)["metrics"][key]))
    return found


def test_changing_in_post_on_a_day_is_one_edit_that_every_page_follows(
    ending_on_d, monkeypatch, capsys
):
    before = everywhere(ending_on_d, "in_employment", capsys)
    assert {value for _, value in before} == {3}  # end_date is the last day in post
    assert {"overview", "pack", "summary", "meeting"} <= {where for where, _ in before}

    def out_on_the_end_date(posts, day):  # a different definition: end_date is the first day out
        return (posts.c.start_date <= day) & (posts.c.end_date.is_(None) | (posts.c.end_date > day))

    monkeypatch.setattr(in_post, "in_post_on", out_on_the_end_date)
    after = everywhere(ending_on_d, "in_employment", capsys)
    assert {value for _, value in after} == {2}
    assert {where for where, _ in after} == {where for where, _ in before}


def test_changing_the_lived_experience_share_is_one_edit_that_every_page_follows(
    ending_on_d, monkeypatch, capsys
):
    key = "recruits_lived_experience_pct"
    before = everywhere(ending_on_d, key, capsys, roles=[access.PROGRAMME_LEAD])
    assert {value for _, value in before} == {100 * 5 / 25}
    assert {"overview", "recruitment", "pack", "summary"} <= {where for where, _ in before}
    # the share redeclared: lived experience per recruit without it
    monkeypatch.setitem(
        r.MEASURES,
        "recruits_without_lived_experience",
        dataclasses.replace(
            r.MEASURES["recruits"],
            key="recruits_without_lived_experience",
            column="recruits_lived_experience",
            metric=False,
            where=None,
        ),
    )
    redeclare(monkeypatch, key, denominator="recruits_without_lived_experience")
    after = everywhere(ending_on_d, key, capsys, roles=[access.PROGRAMME_LEAD])
    assert {value for _, value in after} == {100.0}
    assert {where for where, _ in after} == {where for where, _ in before}


def test_the_periods_a_figure_covers_are_said_in_its_label(sample_engine):
    with db.reading(sample_engine) as conn:
        page = views.PAGE_VIEWS["targets"](conn, FILTERS, CONTROLLED)
        funding = views.PAGE_VIEWS["funding"](conn, FILTERS, EXACT)
    rec = next(t for t in page.targets if t.target_id == "REC")
    assert rec.actual.label == f"{label('recruits_lived_experience_pct')} (1999/00 to 2003/04)"
    assert funding.awarded.label == label("funding_awarded")  # the chosen year, whole
    year_to_date = views.Filters(
        dt.date(2003, 12, 31), Period(dt.date(2003, 4, 1), dt.date(2003, 12, 31))
    )
    with db.reading(sample_engine) as conn:
        funding = views.PAGE_VIEWS["funding"](conn, year_to_date, EXACT)
    assert (
        funding.awarded.label == f"{label('funding_awarded')} (2003/04)"
    )  # the whole year, not to D


def test_the_readmes_worked_example_adds_a_measure_that_targets_summary_and_pages_know(
    part_time_posts, sample_engine, capsys
):
    """README, "Adding a measure": one declaration, and the measure can be read, broken down,
    named by a target, listed by `summary` and controlled for the steering group."""

    assert "part_time_posts" in measures.metric_keys()  # a target may name it
    with db.reading(sample_engine) as conn:
        exact = measures.value(conn, "part_time_posts", D)
        by_directorate = measures.read_one(
            conn, "part_time_posts", measures.When(D), by=("directorate",)
        )
        shown = ask(conn, CONTROLLED).figure(
            "part_time_posts", "headline", scope=measures.Scope("Human Resources")
        )
    assert 0 < exact <= 40
    assert sum(reading.value for reading in by_directorate.values()) == exact
    assert shown.controlled and (shown.value in ("*", 0) or shown.value % 5 == 0)
    cli.main(["summary", "--db", sample_engine.url.render_as_string(hide_password=False), "--json"])
    assert json.loads(capsys.readouterr().out)["metrics"]["part_time_posts"] == exact


def test_recruitment_rows_without_a_directorate_are_named_trust_wide(sqlite_engine):
    """A recruitment row with a blank directorate is the trust's own (not a directorate's):
    its group says so, rather than showing a blank."""
    rows = [
        {"period": "2003-04", "recruits": 50, "recruits_lived_experience": 10},
        {
            "period": "2003-05",
            "directorate": "Community Adult Services",
            "recruits": 20,
            "recruits_lived_experience": 5,
        },
    ]
    sheets = {"directorates": DIRECTORATES, "professions": PROFESSIONS, "recruitment": rows}
    assert importer.import_files(sqlite_engine, [("r.xlsx", workbook_bytes(sheets))]).ok
    with db.reading(sqlite_engine) as conn:
        page = views.PAGE_VIEWS["recruitment"](conn, FILTERS, EXACT)
    words = {p.words: p.figure.value for p in page.recruits_by_directorate.parts}
    assert words["Trust-wide (not by directorate)"] == 50
    assert "" not in words
