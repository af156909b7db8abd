"""Work that depends only on the data is done once: the steering group's controlled tables are
built once for every page view of the same data version (and again after the data change),
the targets are read on D and on the "what changed" date together, and a chart's finished
spec is made once for the same figures. None of it changes a figure."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pytest
import sqlalchemy as sa

from uep_data import audit, charts, db, importer, measures, page_request, targets
from uep_data.disclosure import policy
from uep_data.disclosure.policy import tables_shared
from uep_data.kept import store
from uep_data.sample import SAMPLE_PATH

STEERING_PAGES = ("overview", "targets", "meeting", "coverage")
TODAY = dt.date(2026, 1, 1)


def _figures(conn, page: str, role: str = "steering_group") -> list[dict]:
    view = page_request.answer(conn, page_request.PageRequest(page, role), TODAY)
    return [f.record() for f in page_request.figures_in(view)]


def _statements(engine) -> list:
    said: list = []
    sa.event.listen(engine, "before_cursor_execute", lambda *args: said.append(args[2]))
    return said


def test_views_sharing_controlled_tables_show_the_figures_each_shows_alone(sample_url):
    engine = db.create_engine(sample_url)
    with db.reading(engine) as conn:
        alone = {page: _figures(conn, page) for page in STEERING_PAGES}
        with tables_shared(sample_url + "#shared-figures", 1):
            shared = {page: _figures(conn, page) for page in STEERING_PAGES}
            again = {page: _figures(conn, page) for page in reversed(STEERING_PAGES)}
    engine.dispose()
    assert shared == alone
    assert again == alone


def test_a_view_of_the_same_data_version_builds_no_controlled_table_again(sample_url, monkeypatch):
    """Shared in this process, with nothing kept in the database: the first view builds the
    tables (and controls them), the second builds none and reads none of their breakdowns."""
    built: list = []
    control = policy.control_table
    monkeypatch.setattr(
        policy, "control_table", lambda *args, **kw: built.append(1) or control(*args, **kw)
    )
    engine = db.create_engine(sample_url)
    said = _statements(engine)
    with db.reading(engine) as conn, tables_shared(sample_url + "#built-once", 1):
        conn.info[store.OFF] = True
        try:
            _figures(conn, "overview")
            first, first_built = len(said), len(built)
            _figures(conn, "overview")
            second, second_built = len(said) - first, len(built) - first_built
        finally:
            conn.info.pop(store.OFF, None)
    engine.dispose()
    assert first_built > 0 and second_built == 0
    # the second view reads its own figures, but none of the tables' breakdowns
    assert second < first / 2


def test_after_an_import_the_shared_tables_of_the_old_data_are_not_used(tmp_path):
    url = f"sqlite:///{tmp_path / 'uep.sqlite'}"
    engine = db.create_engine(url)
    db.upgrade(engine)
    importer.import_files(engine, [(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())], who="test")

    with db.reading(engine) as conn:
        version = audit.data_version(conn)
        with tables_shared(url, version):
            before = _figures(conn, "coverage")
    with db.writing(engine) as conn:  # a change every page would show: a post ended early
        conn.execute(
            sa.text(
                "UPDATE employments SET end_date = start_date, end_reason = 'other' "
                "WHERE id IN (SELECT id FROM employments ORDER BY id LIMIT 12)"
            )
        )
        audit.log(conn, "test", "import", {"what": "twelve posts ended"})
    with db.reading(engine) as conn:
        new_version = audit.data_version(conn)
        assert new_version != version
        with tables_shared(url, new_version):
            after = _figures(conn, "coverage")
        alone = _figures(conn, "coverage")
    engine.dispose()
    assert after == alone
    assert after != before


def test_targets_read_on_two_days_at_once_are_those_read_on_each(sample_engine):
    with db.reading(sample_engine) as conn:
        from uep_data.dates import latest_data_date

        as_of = latest_data_date(conn)
        since = as_of.replace(day=1) - dt.timedelta(days=120)
        both = targets.evaluate_targets_on(conn, [as_of, since])
        assert both == [
            targets.evaluate_targets(conn, as_of),
            targets.evaluate_targets(conn, since),
        ]
        assert both[0] and any(a.actual != b.actual for a, b in zip(both[0], both[1], strict=True))


def test_a_view_reads_a_measure_at_a_moment_once_and_only_the_moments_it_lacks(
    sample_engine, monkeypatch
):
    from uep_data.disclosure import EXACT
    from uep_data.views import Ask, default_filters

    asked: list = []
    real_read = measures.read

    def read(conn, keys, whens, scope=measures.TRUST_WIDE, by=()):
        asked.append((tuple(keys), tuple(w.as_of for w in whens), by))
        return real_read(conn, keys, whens, scope, by)

    monkeypatch.setattr(measures, "read", read)
    with db.reading(sample_engine) as conn:
        ask = Ask(conn, default_filters(conn, today=None), EXACT)
        days = [dt.date(2003, 12, 31), dt.date(2004, 1, 31), dt.date(2004, 2, 29)]
        whens = [measures.When(d) for d in days]
        first = ask.readings("in_employment", whens[:2], measures.TRUST_WIDE)
        again = ask.at("elsewhere").readings("in_employment", whens, measures.TRUST_WIDE)
        both = ask.read(["in_employment", "clinical_posts"], whens[1:], measures.TRUST_WIDE)
        alone = real_read(conn, ["in_employment", "clinical_posts"], whens[1:])
    assert (
        asked
        == [
            (("in_employment",), tuple(days[:2]), ()),
            (("in_employment",), (days[2],), ()),  # only the day not yet read
            (("clinical_posts",), tuple(days[1:]), ()),  # in_employment already read at both
        ]
    )
    assert again[:2] == first
    assert both == alone


def test_target_actuals_read_through_a_view_are_those_read_alone(sample_engine):
    from uep_data.disclosure import EXACT
    from uep_data.views import Ask, default_filters

    with db.reading(sample_engine) as conn:
        filters = default_filters(conn, today=None)
        since = filters.as_of.replace(day=1) - dt.timedelta(days=120)
        ask = Ask(conn, filters, EXACT)
        ask.readings("in_employment", [measures.When(filters.as_of)], measures.TRUST_WIDE)
        through = targets.evaluate_targets_on(conn, [filters.as_of, since], ask.read)
        alone = targets.evaluate_targets_on(conn, [filters.as_of, since])
    assert through == alone


# --- charts ---------------------------------------------------------------------------------

pytest.importorskip("streamlit")


def _made(calls: list):
    def bars(rows, **options):
        calls.append(rows)
        return charts.bar_chart(rows, "group", "value", **options)

    return bars


ROWS = [
    {"group": "Adult services", "value": 12, "label": "12", "says": "Adult services: 12"},
    {"group": "Estates", "value": "*", "label": "*", "says": "Estates: 1 to 7 (not shown)"},
]


def test_a_charts_spec_is_made_once_for_the_same_figures():
    from web import show

    calls: list = []
    bars = _made(calls)
    first = show.finished_spec(show.drawing(bars, [dict(r) for r in ROWS], unit="people"))
    again = show.finished_spec(show.drawing(bars, [dict(r) for r in ROWS], unit="people"))
    assert again is first and len(calls) == 1
    other = [dict(ROWS[0], value=13, label="13"), ROWS[1]]
    changed = show.finished_spec(show.drawing(bars, other, unit="people"))
    assert len(calls) == 2 and changed != first


def test_a_finished_spec_is_what_streamlit_would_send_for_the_chart_and_is_valid_vega_lite():
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    from web import show

    made = [
        show.drawing(charts.bar_chart, ROWS, "group", "value", selection="pick"),
        show.drawing(charts.sparkline, [(dt.date(2024, m, 28), 10 + m) for m in range(1, 9)]),
    ]
    for drawing in made:
        chart = charts.style(drawing.function(*drawing.args, **drawing.kwargs))
        chart.to_dict(validate=True)  # the schema check the dashboard no longer runs each time
        assert show.finished_spec(drawing) == _convert_altair_to_vega_lite_spec(chart)
    assert isinstance(alt.data_transformers.active, str)
