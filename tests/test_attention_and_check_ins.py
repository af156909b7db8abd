"""What needs attention (first on the Overview), the Making Data Count summary, a target's
status and its chart's assurance said together, and the lead's check-ins on each target:
stored, shown on Targets, on the meeting screen and in the pack, with their history, logged
and undone like any edit."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_support import APP, label
from tests.builders import signed_in
from uep_data import access, audit, check_ins, db, settings, spc, undo, views
from uep_data.disclosure import Audience
from uep_data.periods import financial_year_to_date
from uep_data.sample import SAMPLE_AS_OF
from uep_data.views import Filters

LEAD = "programme_lead"
BOARD_ROLES = {"programme_lead": ["lead@trust.nhs.uk"], "board": ["chair@trust.nhs.uk"]}
FILTERS = Filters(SAMPLE_AS_OF, financial_year_to_date(SAMPLE_AS_OF))


# --- the sentence that says status and assurance together -------------------------------------


def test_met_now_but_missed_reliably_is_said_in_one_sentence():
    assert spc.status_and_assurance("met", "37", "35", spc.FAIL, 30.616, 32.44, "people") == (
        "Met now (37 against 35), but the process limits (30.6–32.4) sit below the target: "
        "without a change it will be missed reliably."
    )


def test_met_now_but_hit_and_miss_says_it_cannot_be_relied_on():
    said = spc.status_and_assurance("met", "18%", "15%", spc.HIT_OR_MISS, 5.64, 29.5, "percent")
    assert said == (
        "Met now (18% against 15%), but the target lies within the process limits "
        "(5.6%–29.5%): month by month it will be hit and missed at random, so it cannot be "
        "relied on."
    )


def test_not_met_now_but_met_reliably_is_the_reverse_and_reads_the_improvement_direction():
    # low is good (days from offer to start): limits below an "at most" target pass it
    said = spc.status_and_assurance("not_met", "40", "30", spc.PASS, 10, 25, "days", spc.LOW)
    assert said == (
        "Not met now (40 against 30), but the process limits (10.0–25.0) sit below the "
        "target: if nothing changes it will be met reliably."
    )
    near = spc.status_and_assurance("near", "33", "35", spc.PASS, 36, 40, "people")
    assert near.startswith("Nearly met now (33 against 35), but the process limits")
    assert "sit above the target" in near


@pytest.mark.parametrize(
    "status,assurance",
    [
        ("met", spc.PASS),
        ("not_met", spc.FAIL),
        ("near", spc.HIT_OR_MISS),
        ("met", spc.NO_ICON),
        ("not_shown", spc.FAIL),
        ("no_data", spc.PASS),
    ],
)
def test_when_status_and_assurance_agree_nothing_more_is_said(status, assurance):
    assert spc.status_and_assurance(status, "1", "2", assurance, 0, 10, "people") is None


def test_a_chart_without_limits_has_no_sentence():
    assert spc.status_and_assurance("met", "37", "35", spc.FAIL, None, None) is None


# --- what needs attention, and the summary table ---------------------------------------------


@pytest.fixture(scope="module")
def sample_engine_rw(sample_url, tmp_path_factory):
    """A copy of the sample database these tests may write check-ins to."""
    path = tmp_path_factory.mktemp("check_ins") / "uep.sqlite"
    shutil.copy(sample_url.removeprefix("sqlite:///"), path)
    engine = db.create_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def overview_for(engine, audience):
    with db.reading(engine) as conn:
        return views.PAGE_VIEWS["overview"](conn, FILTERS, audience)


@pytest.mark.parametrize("controlled", [False, True], ids=["lead", "board"])
def test_every_target_in_force_not_met_or_near_needs_attention_with_owner_and_figure(
    sample_url, controlled
):
    engine = db.create_engine(sample_url)
    with db.reading(engine) as conn:
        audience = views.board_audience(conn) if controlled else Audience(controlled=False)
    page = overview_for(engine, audience)
    found = [
        (i.flag_words, i.title, i.owner)
        for i in page.attention.targets
        if i.flag in ("not_met", "near")  # (those likely missed at this rate: test_forecast_views)
    ]
    assert found == [
        ("Not met", "Supported people in every profession", "Medical director"),
        ("Near", "Supported people in every directorate", "Director of human resources"),
    ]
    not_met = page.attention.targets[0]
    assert not_met.icon == "✗" and not_met.colour == "not_met"
    assert not_met.detail.startswith("75% against at least 100% (long-term target")
    assert not_met.figures[0].shown == "75%"  # the actual, under the audience's control
    # nothing that is met is there; past years' interim targets (EMP-2002 was near) are
    # history, not attention
    assert all(
        i.target.status_key in ("not_met", "near")
        for i in page.attention.targets
        if i.flag != "missing"  # (likely missed at this rate: its status may be anything)
    )
    assert "33 people in employment by 31 March 2003" not in [i.title for i in page.attention.items]
    ending = [i.title for i in page.attention.items if i.kind == "funding"]
    assert ending == [
        "Trust funding (Mental Health Challenge Fund)",
        "Jobcentre Plus work preparation contract",
    ]
    engine.dispose()


def test_danger_points_rising_name_each_danger_point_that_rose(sample_url):
    engine = db.create_engine(sample_url)
    page = overview_for(engine, Audience(controlled=False))
    rising = [i for i in page.attention.items if i.kind == "danger_points"]
    assert len(rising) == 1
    assert rising[0].flag_words == "Rising" and rising[0].icon == "▲"
    assert "off sick or just back at work (3 → 6)" in rising[0].detail
    assert "on 31 Dec 2003" in rising[0].detail  # against the last report's date
    engine.dispose()


def test_under_disclosure_control_a_star_is_never_read_as_rising(sample_url):
    # for the board the danger points are * or the same rounded count: nothing can be said
    engine = db.create_engine(sample_url)
    with db.reading(engine) as conn:
        board = views.board_audience(conn)
    page = overview_for(engine, board)
    assert not [i for i in page.attention.items if i.kind == "danger_points"]
    engine.dispose()


def test_the_overview_card_names_the_target_in_force_and_agrees_with_targets(sample_url):
    engine = db.create_engine(sample_url)
    page = overview_for(engine, Audience(controlled=False))
    covered = next(h for h in page.headlines if h.figure.measure == "directorates_covered_pct")
    assert covered.target_name == "Target for 2003/04"
    assert covered.target.status_key == "met"  # 90% against this year's 90%
    assert covered.aim_text == "Long-term target: at least 100%"
    assert covered.aim.status_key == "near"  # as Targets and What needs attention say
    with db.reading(engine) as conn:
        targets_page = views.PAGE_VIEWS["targets"](conn, FILTERS, Audience(controlled=False))
    on_targets = {t.target_id: t.status_key for t in targets_page.targets}
    assert on_targets[covered.target.target_id] == "met"
    assert on_targets[covered.aim.target_id] == "near"
    engine.dispose()


def test_the_card_and_the_chart_say_met_now_but_missed_reliably(sample_url):
    engine = db.create_engine(sample_url)
    page = overview_for(engine, Audience(controlled=False))
    said = (
        "Met now (37 against 35), but the process limits (30.6–32.4) sit below the target: "
        "without a change it will be missed reliably."
    )
    in_post = next(h for h in page.headlines if h.figure.measure == "in_employment")
    assert in_post.explanation == said
    panel = next(p for p in page.spc if p.key == "in_employment")
    assert panel.notes[0] == said
    row = next(r for r in page.spc_summary if r.key == "in_employment")
    assert row.explanation == said
    engine.dispose()


def test_the_summary_table_has_every_monthly_series_the_audience_may_see(sample_url):
    engine = db.create_engine(sample_url)
    page = overview_for(engine, Audience(controlled=False))
    rows = {r.key: r for r in page.spc_summary}
    assert list(rows) == [
        "in_employment",
        "job_starts",
        "recruits_lived_experience_pct",
        "contacts",
    ]
    assert rows["in_employment"].latest.shown == "37"
    assert rows["in_employment"].latest_month == "March 2004"
    assert rows["in_employment"].target_words == "at least 35"
    assert (rows["in_employment"].variation_icon, rows["in_employment"].assurance_icon) == (
        "improvement_high",
        spc.FAIL,
    )
    assert rows["job_starts"].target_words == "No target"
    assert rows["job_starts"].reading == "No sign of change."
    engine.dispose()


# --- check-ins --------------------------------------------------------------------------------

FIRST = (dt.date(2004, 1, 15), "Six of eight.", "No doctor yet.", "Agreeing support.", None)
SECOND = (
    dt.date(2004, 4, 15),
    "Still **75%** <b>six</b> of eight.",
    "No doctor or psychologist has applied.",
    "A psychology post is advertised.",
    dt.date(2004, 9, 30),
)


def record(engine, target_id, values, who="Programme lead"):
    return check_ins.record(engine, target_id, *values, who=who)


@pytest.fixture
def with_check_ins(sample_url, tmp_path):
    path = tmp_path / "uep.sqlite"
    shutil.copy(sample_url.removeprefix("sqlite:///"), path)
    engine = db.create_engine(f"sqlite:///{path}")
    assert record(engine, "PRO", FIRST).change == "added"
    assert record(engine, "PRO", SECOND).change == "added"
    yield engine
    engine.dispose()


def test_a_check_in_is_stored_with_its_history_latest_first(with_check_ins):
    with db.reading(with_check_ins) as conn:
        found = check_ins.by_target(conn)["PRO"]
    assert [c.meeting_date for c in found] == [dt.date(2004, 4, 15), dt.date(2004, 1, 15)]
    latest = found[0]
    assert latest.parts == (
        ("What the figure says", "Still **75%** <b>six</b> of eight."),
        ("Why", "No doctor or psychologist has applied."),
        ("What is being done", "A psychology post is advertised."),
        ("By when", "30 Sep 2004"),
    )
    assert latest.recorded_by == "Programme lead"


def test_a_check_in_is_logged_and_the_last_one_is_undone_like_an_edit(with_check_ins):
    with db.reading(with_check_ins) as conn:
        logged = audit.entries(conn, action="check_in")
    assert len(logged) == 2
    assert audit.describe(logged[0]).startswith(
        "Check-in on target PRO for the meeting of 15 Apr 2004 added"
    )
    # a change to the same meeting's check-in, then undo: the earlier words come back
    changed = (SECOND[0], "Now 6 of 8.", SECOND[2], SECOND[3], SECOND[4])
    assert record(with_check_ins, "PRO", changed).change == "changed"
    undo.undo_last_import(with_check_ins, who="Programme lead")
    with db.reading(with_check_ins) as conn:
        assert check_ins.by_target(conn)["PRO"][0].figure_says == SECOND[1]
    # and again: the second check-in goes, the first stays
    undo.undo_last_import(with_check_ins, who="Programme lead")
    with db.reading(with_check_ins) as conn:
        assert [c.meeting_date for c in check_ins.by_target(conn)["PRO"]] == [FIRST[0]]
        undone = audit.entries(conn, action="undo")
    assert len(undone) == 2


def test_saving_the_same_check_in_again_writes_nothing_so_undo_skips_nothing(with_check_ins):
    with db.reading(with_check_ins) as conn:
        before = audit.data_version(conn)
    assert record(with_check_ins, "PRO", SECOND).change is None
    with db.reading(with_check_ins) as conn:
        assert audit.data_version(conn) == before
        assert undo.last_undoable_import(conn)["file_names"] == (
            "check-in on PRO for the meeting of 15 Apr 2004"
        )


def test_a_bad_check_in_is_refused_with_every_problem_and_writes_nothing(with_check_ins):
    with db.reading(with_check_ins) as conn:
        before = audit.data_version(conn)
    saved = check_ins.record(
        with_check_ins,
        "NOPE",
        dt.date(2004, 4, 15),
        "",
        "",
        "x" * 601,
        dt.date(2004, 1, 1),
        who="Programme lead",
    )
    assert not saved.ok
    assert saved.problems == (
        "Choose one of the targets in use.",
        "Say what the figure says.",
        "What is being done: keep it under 600 characters (it has 601); the detail belongs "
        "in the papers.",
        "By when (1 Jan 2004) is before the meeting (15 Apr 2004): give a date on or after it.",
    )
    with db.reading(with_check_ins) as conn:
        assert audit.data_version(conn) == before


def test_only_the_programme_lead_records_check_ins(with_check_ins):
    with pytest.raises(access.AccessDenied):
        record(with_check_ins, "PRO", FIRST, who=signed_in("chair@trust.nhs.uk", BOARD_ROLES))


def test_check_ins_show_beside_their_target_on_targets_the_meeting_and_the_pack(with_check_ins):
    with db.reading(with_check_ins) as conn:
        steering = Audience(controlled=True)
        targets_page = views.PAGE_VIEWS["targets"](conn, FILTERS, steering)
        meeting = views.PAGE_VIEWS["meeting"](conn, FILTERS, steering)
        pack = views.PAGE_VIEWS["board_pack"](conn, FILTERS)
    on_targets = targets_page.check_ins_of("PRO")
    assert on_targets.latest.meeting_date == dt.date(2004, 4, 15)
    assert [c.meeting_date for c in on_targets.earlier] == [dt.date(2004, 1, 15)]
    glance = next(s for s in meeting.screens if s.key == "targets").content
    assert glance.latest_check_in("PRO").figure_says == SECOND[1]
    assert glance.latest_check_in("EMP") is None
    assert pack.check_ins[0].target.target_id == "PRO"
    assert len(pack.check_ins[0].check_ins) == 2
    not_met = next(i for i in pack.attention.targets if i.target.target_id == "PRO")
    assert not_met.check_in.meeting_date == dt.date(2004, 4, 15)


def test_the_action_plan_carries_each_targets_status_on_its_title(sample_url):
    engine = db.create_engine(sample_url)
    with db.reading(engine) as conn:
        page = views.PAGE_VIEWS["targets"](conn, FILTERS, Audience(controlled=False))
    flags = {g.target_id: g.flags for g in page.actions}
    assert flags["PRO"] == "✗ Not met (in progress)"
    assert flags["COV-2003"] == "✓ Met"
    assert not any(a.overdue for g in page.actions for a in g.actions)
    engine.dispose()


# --- on screen (Streamlit's AppTest) ----------------------------------------------------------


def app_as(url, monkeypatch, role):
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["view_as"] = role
    return at


def html_of(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def test_the_overview_opens_with_what_needs_attention_for_the_board(sample_url, monkeypatch):
    at = app_as(sample_url, monkeypatch, access.BOARD)
    at.run()
    assert not at.exception
    bodies = [h.proto.body for h in at.get("html")]
    first = next(i for i, b in enumerate(bodies) if "uep-attention" in b)
    cards = [i for i, b in enumerate(bodies) if 'class="uep-card"' in b]
    assert cards and first < min(cards)  # above every card
    attention = bodies[first]
    assert "✗ Not met</span> <strong>Supported people in every profession</strong>" in attention
    assert "◐ Near</span> <strong>Supported people in every directorate</strong>" in attention
    assert "uep-badge notmet" in attention and "uep-badge near" in attention
    covered = next(b for b in bodies if label("directorates_covered_pct") in b and "uep-card" in b)
    assert "Target for 2003/04: at least 90%" in covered
    assert "Long-term target: at least 100%" in covered and "Near" in covered
    summary = "\n".join(m.value for m in at.markdown)
    assert "uep-spc-summary" in summary and f"{label('in_employment')} at each month end" in summary


def test_check_ins_show_on_targets_and_the_meeting_as_text_for_the_steering_group(
    with_check_ins, monkeypatch
):
    url = with_check_ins.url.render_as_string(hide_password=False)
    at = app_as(url, monkeypatch, access.STEERING_GROUP)
    at.run()
    at.switch_page("app_pages/targets.py").run()
    assert not at.exception
    shown = html_of(at)
    assert "Still **75%** &lt;b&gt;six&lt;/b&gt; of eight." in shown  # as typed, not markup
    assert "<b>six</b>" not in shown
    assert "Check-in of 15 Apr 2004" in shown
    assert "Earlier check-ins (1)" in [e.label for e in at.expander]
    assert "Check-in of 15 Jan 2004" in shown
    at.switch_page("app_pages/meeting.py").run()
    # targets at a glance, in the default order of the screens (every one shown on the sample)
    at.session_state["screen"] = settings.DEFAULTS["meeting_screens"].index("targets") + 1
    at.run()
    assert not at.exception
    assert "Still **75%** &lt;b&gt;six&lt;/b&gt; of eight." in html_of(at)


def test_the_lead_records_a_check_in_on_the_targets_editor(with_check_ins, monkeypatch):
    url = with_check_ins.url.render_as_string(hide_password=False)
    at = app_as(url, monkeypatch, LEAD)
    at.run()
    at.switch_page("app_pages/targets_editor.py").run()
    assert not at.exception
    at.selectbox(key="check_in_target").set_value("COV").run()
    at.date_input(key="check_in_meeting").set_value(dt.date(2004, 4, 15))
    areas = {a.label: a for a in at.text_area}
    areas["What the figure says *"].set_value("Nine of ten directorates.")
    areas["What is being done *"].set_value("Forensic Services are opening a first post.")
    next(b for b in at.button if b.label == "Save the check-in").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Check-in added for Supported people in every directorate (COV), meeting of 15 Apr 2004."
    ]
    with db.reading(with_check_ins) as conn:
        assert check_ins.by_target(conn)["COV"][0].being_done == (
            "Forensic Services are opening a first post."
        )


def test_a_check_in_is_dated_by_the_dashboards_as_of_date_not_the_clock(
    with_check_ins, monkeypatch
):
    """On historical data a check-in made today would be filed against figures of years ago:
    the meeting date starts at the as-of date the filters chose, or the latest in the data."""
    url = with_check_ins.url.render_as_string(hide_password=False)
    at = app_as(url, monkeypatch, LEAD)
    at.run()
    at.switch_page("app_pages/targets_editor.py").run()
    assert not at.exception
    assert at.date_input(key="check_in_meeting").value == SAMPLE_AS_OF
    at = app_as(url, monkeypatch, LEAD)
    at.query_params["as_of"] = "2003-12-31"
    at.run()
    at.switch_page("app_pages/targets_editor.py").run()
    assert not at.exception
    assert at.date_input(key="check_in_meeting").value == dt.date(2003, 12, 31)
