"""A kept figure is proven equal to a fresh count: after any sequence of imports, undos,
erasures, setting changes and restores, every kept reading is what the engine counts afresh
from the rows, and every page's figures read through kept readings are the figures counted
with nothing kept. On SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import DIRECTORATES, PROFESSIONS, person_rows, post, workbook_bytes
from tests.conftest import POSTGRES_URL, SKIP_POSTGRES, _drop_postgres_database, _postgres_database
from uep_data import backups, db, erasure, importer, page_request, undo
from uep_data import schema as s
from uep_data import settings as uep_settings
from uep_data.kept import store, verify

AS_OF = dt.date(2022, 3, 31)
PEOPLE = [f"P{n:03d}" for n in range(1, 9)]
FIRST_DAY = dt.date(2020, 4, 1)
DAYS = (AS_OF - FIRST_DAY).days
PAGES = [("overview", "programme_lead"), ("overview", "steering_group")]


def day(n: int) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=n)


posts = st.builds(
    lambda person, start, length, directorate, profession: post(
        person,
        day(start),
        None if length is None else day(min(start + length, DAYS)),
        directorate=directorate["directorate"],
        profession=profession["profession"],
    ),
    st.sampled_from(PEOPLE),
    st.integers(0, DAYS - 1),
    st.one_of(st.none(), st.integers(1, 400)),
    st.sampled_from(DIRECTORATES),
    st.sampled_from(PROFESSIONS),
)
contacts = st.builds(
    lambda person, n, mode: {"person_id": person, "date": day(n), "mode": mode},
    st.sampled_from(PEOPLE),
    st.integers(0, DAYS),
    st.sampled_from(["telephone", "meeting_outside_work", "in_workplace"]),
)
stages = st.builds(
    lambda person, n, stage: {"person_id": person, "date": day(n), "stage": stage},
    st.sampled_from(PEOPLE),
    st.integers(0, DAYS),
    st.sampled_from(["referral", "offer"]),
)
an_import = st.tuples(
    st.just("import"),
    st.fixed_dictionaries(
        {
            "employments": st.lists(posts, max_size=6),
            "contacts": st.lists(contacts, max_size=8),
            "stages": st.lists(stages, max_size=4),
        }
    ),
)
step = st.one_of(
    an_import,
    st.tuples(st.just("undo"), st.none()),
    st.tuples(st.just("erase"), st.sampled_from(PEOPLE)),
    st.tuples(st.just("setting"), st.integers(3, 10)),
    st.tuples(st.just("restore"), st.none()),
)


def _import(engine, sheets: dict) -> None:
    people = sorted({r["person_id"] for rows in sheets.values() for r in rows})
    data = {
        "directorates": DIRECTORATES,
        "professions": PROFESSIONS,
        "people": person_rows(*people, referral_date=dt.date(2020, 1, 6)),
        **{k: v for k, v in sheets.items() if v},
    }
    data = {k: v for k, v in data.items() if v}
    # a step may be refused (a post that overlaps another of the person's): nothing written
    importer.import_files(engine, [("t.xlsx", workbook_bytes(data))], who="test")


def _apply(engine, tmp_path, kind: str, what) -> None:
    if kind == "import":
        _import(engine, what)
    elif kind == "undo":
        with db.reading(engine) as conn:
            last = undo.last_undoable_import(conn)
        if last is not None:
            undo.undo_last_import(engine, who="test")
    elif kind == "erase":
        erasure.erase_person(engine, what, "test")
    elif kind == "setting":
        with db.writing(engine) as conn:
            uep_settings.put(conn, "suppress_up_to", what, "test")
    elif kind == "restore" and db.is_sqlite(engine):
        copy = tmp_path / f"backup-{len(list(tmp_path.iterdir()))}.sqlite"
        backups.make_backup(engine, copy, "test")
        _import(engine, {"contacts": [{"person_id": "P001", "date": AS_OF, "mode": "telephone"}]})
        backups.restore(engine, copy, "test")


def _pages(engine, fresh: bool) -> str:
    """Every page's figures as JSON; counted with nothing kept when `fresh`."""
    shown = []
    with db.reading(engine) as conn:
        if fresh:
            conn.info[store.OFF] = True
        try:
            for page, role in PAGES:
                request = page_request.PageRequest(page, role, AS_OF, None, None, None, {})
                view = page_request.answer(conn, request, AS_OF)
                shown.append([f.record() for f in page_request.figures_in(view)])
        finally:
            conn.info.pop(store.OFF, None)
    return json.dumps(shown, default=str, sort_keys=True)


def _kept(engine) -> int:
    with engine.connect() as conn:
        return store.kept_count(conn)


def _check_every_step(engine, tmp_path, steps) -> None:
    _import(engine, {"employments": [post("P001", day(10))]})
    for kind, what in [("start", None), *steps]:
        if kind != "start":
            _apply(engine, tmp_path, kind, what)
        # kept readings left by earlier views are what a fresh count gives now
        found = verify.verify(engine)
        assert found.ok, [d.words() for d in found.differences[:3]]
        first = _pages(engine, fresh=False)  # counts what is not kept, and keeps it
        assert _kept(engine) > 0
        again = _pages(engine, fresh=False)  # read from kept readings
        fresh = _pages(engine, fresh=True)
        assert first == again == fresh
        found = verify.verify(engine)
        assert found.ok and found.readings == _kept(engine), [
            d.words() for d in found.differences[:3]
        ]


PROPERTY = settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(steps=st.lists(step, min_size=1, max_size=3))
def test_every_kept_figure_equals_a_fresh_count_after_any_changes_on_sqlite(
    tmp_path_factory, steps
):
    tmp_path = tmp_path_factory.mktemp("kept")
    engine = db.create_engine(f"sqlite:///{tmp_path / 'uep.sqlite'}")
    try:
        db.upgrade(engine)
        _check_every_step(engine, tmp_path, steps)
    finally:
        engine.dispose()


@pytest.mark.skipif(not POSTGRES_URL, reason=SKIP_POSTGRES)
@PROPERTY
@given(steps=st.lists(step.filter(lambda s: s[0] != "restore"), min_size=1, max_size=3))
def test_every_kept_figure_equals_a_fresh_count_after_any_changes_on_postgresql(
    tmp_path_factory, steps
):
    admin, name, url = _postgres_database()
    engine = db.create_engine(url)
    try:
        db.upgrade(engine)
        _check_every_step(engine, tmp_path_factory.mktemp("kept"), steps)
    finally:
        engine.dispose()
        _drop_postgres_database(admin, name)


def test_verify_says_in_plain_words_where_a_kept_figure_differs_and_repair_rebuilds_it(
    sqlite_engine,
):
    _import(sqlite_engine, {"employments": [post("P001", day(10)), post("P002", day(20))]})
    _pages(sqlite_engine, fresh=False)
    with db.writing(sqlite_engine) as conn:
        k = s.kept_readings
        target = conn.execute(
            sa.select(k.c.id).where(
                k.c.measure == "count:in_employment",
                k.c.moment == AS_OF.isoformat(),
                k.c.breakdown == "",
            )
        ).first()[0]
        conn.execute(sa.update(k).where(k.c.id == target).values(figures='[[{"t":[]},99]]'))
    found = verify.verify(sqlite_engine)
    assert not found.ok and len(found.differences) == 1
    assert found.differences[0].words() == (
        "People in employment, on 31 Mar 2022, Trust-wide: the whole: kept 99, counted afresh 2"
    )
    assert verify.repair(sqlite_engine) == found.readings
    assert verify.verify(sqlite_engine).ok


def test_a_change_to_the_data_forgets_the_kept_readings_in_its_own_transaction(sqlite_engine):
    _import(sqlite_engine, {"employments": [post("P001", day(10))]})
    _pages(sqlite_engine, fresh=False)
    assert _kept(sqlite_engine) > 0
    erasure.erase_person(sqlite_engine, "P001", "test")
    assert _kept(sqlite_engine) == 0
    path = db.sqlite_file(sqlite_engine.url.render_as_string(hide_password=False))
    assert b"P001" not in path.read_bytes()


def test_counts_made_while_a_change_was_committed_are_not_kept(sqlite_engine):
    _import(sqlite_engine, {"employments": [post("P001", day(10))]})
    with db.reading(sqlite_engine) as conn:
        request = page_request.PageRequest(
            "overview", "programme_lead", AS_OF, None, None, None, {}
        )
        page_request.answer(conn, request, AS_OF)
        _import(sqlite_engine, {"employments": [post("P002", day(30))]})  # from elsewhere
    assert _kept(sqlite_engine) == 0
    assert verify.verify(sqlite_engine).ok


def test_no_measure_reads_what_a_change_that_keeps_the_readings_writes(sqlite_engine):
    """Targets, actions, check-ins, settings and recalculations leave the kept readings in
    place (audit.DATA_CHANGES): no source's SQL names the tables they write."""
    from uep_data.measures import registry
    from uep_data.measures.moments import When, moment_table
    from uep_data.periods import Period

    untouched = {"targets", "actions", "target_check_ins", "settings", "spc_recalculations"}
    whens = [When(AS_OF, Period(dt.date(2021, 4, 1), AS_OF))]
    named = set()
    with sqlite_engine.connect() as conn:
        for m in registry.MEASURES.values():
            if m.source is None:
                continue
            rows = m.source.rows(conn, moment_table(whens), whens, m.source.columns)
            text = str(sa.select(rows).compile(sqlite_engine))
            named |= {t for t in s.metadata.tables if f" {t} " in text or f" {t}\n" in text}
    assert "employments" in named and "contacts" in named
    assert not named & untouched


def _controlled_tables(engine) -> dict[str, int]:
    """The kept controlled tables, by the rule they were controlled under."""
    found: dict[str, int] = {}
    with engine.connect() as conn:
        for row in store.all_kept(conn):
            if row["source"] == store.CONTROLLED:
                found[row["scope"]] = found.get(row["scope"], 0) + 1
    return found


def test_the_steering_groups_controlled_tables_are_kept_and_read_only_under_their_own_rule(
    sqlite_engine,
):
    _import(sqlite_engine, {"employments": [post(p, day(10 + n)) for n, p in enumerate(PEOPLE)]})
    first = _pages(sqlite_engine, fresh=False)
    assert set(_controlled_tables(sqlite_engine)) == {"[7,5]"}
    assert _pages(sqlite_engine, fresh=False) == first == _pages(sqlite_engine, fresh=True)
    with db.writing(sqlite_engine) as conn:  # a change of the rule keeps the readings
        uep_settings.put(conn, "suppress_up_to", 10, "test")
    changed = _pages(sqlite_engine, fresh=False)
    assert set(_controlled_tables(sqlite_engine)) == {"[7,5]", "[10,5]"}
    assert changed != first  # 8 people in one directorate: 10 under a rule of 7, * under 10
    assert _pages(sqlite_engine, fresh=False) == changed == _pages(sqlite_engine, fresh=True)
    found = verify.verify(sqlite_engine)
    assert found.ok and found.readings == _kept(sqlite_engine)


def test_a_controlled_table_reads_nothing_that_a_change_keeping_the_readings_writes(
    sqlite_engine,
):
    """A controlled table is built from the measures' readings and the trust's lists; none of
    the tables that targets, actions, check-ins, settings and recalculations write (they leave
    the kept readings in place) is read in building it."""
    from uep_data.disclosure.policy import controlled_table_afresh
    from uep_data.disclosure.rules import DEFAULT_RULES
    from uep_data.measures.moments import When
    from uep_data.periods import Period, financial_year_period
    from uep_data.values import financial_year_of

    _import(sqlite_engine, {"employments": [post("P001", day(10)), post("P002", day(400))]})
    untouched = {"targets", "actions", "target_check_ins", "settings", "spc_recalculations"}
    said: list[str] = []

    def heard(conn, cursor, statement, *args):
        said.append(statement)

    year = financial_year_period(financial_year_of(dt.date(2021, 4, 1)))
    with sqlite_engine.connect() as conn:
        sa.event.listen(conn, "before_cursor_execute", heard)
        for key, anchor in [
            ("in_employment", ("moment", When(AS_OF))),
            ("job_starts", ("year", year)),
            ("job_starts", ("moment", When(AS_OF, Period(dt.date(2021, 4, 1), AS_OF)))),
        ]:
            controlled_table_afresh(conn, key, anchor, DEFAULT_RULES)
    text = "\n".join(said)
    assert "employments" in text
    assert not {t for t in untouched if f" {t} " in text or f" {t}\n" in text or f'"{t}"' in text}


def test_verify_builds_each_kept_controlled_table_afresh_and_says_where_one_differs(
    sqlite_engine,
):
    _import(sqlite_engine, {"employments": [post(p, day(10 + n)) for n, p in enumerate(PEOPLE)]})
    _pages(sqlite_engine, fresh=False)
    k = s.kept_readings
    with db.writing(sqlite_engine) as conn:
        row = conn.execute(
            sa.select(k.c.id, k.c.figures).where(
                k.c.source == store.CONTROLLED,
                k.c.measure == "controlled:in_employment",
                k.c.moment == f"M{AS_OF.isoformat()}",
            )
        ).one()
        moments, cells, figures, marks = json.loads(row.figures)
        figures[0][2] = 9999
        text = json.dumps([moments, cells, figures, marks])
        conn.execute(sa.update(k).where(k.c.id == row.id).values(figures=text))
    found = verify.verify(sqlite_engine)
    assert len(found.differences) == 1
    words = found.differences[0].words()
    assert words.startswith(
        "People in employment as the steering group and the board see it, on 31 Mar 2022, "
        "counts of 1 to 7 shown as *, others rounded to 5: 31 Mar 2022, "
    )
    assert "kept 9999, counted afresh" in words
    verify.repair(sqlite_engine)
    assert verify.verify(sqlite_engine).ok


def test_verify_counts_afresh_a_reading_kept_at_more_moments_than_one_statement_takes(
    sqlite_engine,
):
    """Views over many dates keep one measure at hundreds of moments; verify counts them a
    few hundred at a time (SQLite takes at most 500 terms in one compound SELECT)."""
    from uep_data import measures
    from uep_data.measures.moments import When

    _import(sqlite_engine, {"employments": [post("P001", day(10)), post("P002", day(400))]})
    for part in range(3):  # 750 days, kept by three views
        with db.reading(sqlite_engine) as conn:
            days = [FIRST_DAY + dt.timedelta(days=part * 250 + n) for n in range(250)]
            measures.read(conn, ["in_employment"], [When(d) for d in days])
    assert _kept(sqlite_engine) >= 750
    found = verify.verify(sqlite_engine)
    assert found.ok and found.readings == _kept(sqlite_engine)
