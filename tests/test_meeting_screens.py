"""What a meeting room reads from the back (issue 20, item 8): one plain sentence per screen,
the Making Data Count terms kept for the chart's key, the same series drawn alike on the first
two screens, a status that needs no footnote, and a `*` said as "fewer than 8"."""

from __future__ import annotations

import datetime as dt

import pytest

from uep_data import db, spc, views
from uep_data.disclosure import CONTROLLED, Audience, Rules
from uep_data.periods import financial_year_to_date, month_end
from uep_data.sample import SAMPLE_AS_OF

FILTERS = views.Filters(SAMPLE_AS_OF, financial_year_to_date(SAMPLE_AS_OF))
SINCE = dt.date(2003, 12, 31)
KEY_TERMS = ("special cause", "process limit", "assurance", "common cause")


def screens(engine, audience=CONTROLLED) -> dict:
    with db.reading(engine) as conn:
        page = views.PAGE_VIEWS["meeting"](conn, FILTERS, audience, SINCE)
    return {screen.key: screen for screen in page.screens}


@pytest.fixture(scope="module")
def sample(sample_url):
    engine = db.create_engine(sample_url)
    yield screens(engine)
    engine.dispose()


def test_the_chart_screen_says_one_plain_sentence_the_room_can_act_on(sample):
    # met now (37 against 35), special cause improvement, a fail icon from limits that
    # predate the rise: said once, in plain words, with what to do
    screen = sample["spc"]
    assert screen.message == (
        "37 in March 2004 meets the target of 35 and has risen to a new level since May "
        "2003: start the chart again from May 2003 to see whether the target will stay met."
    )
    assert screen.message.count(".") == 1  # one sentence
    assert not any(term in screen.message.lower() for term in KEY_TERMS)


def test_the_making_data_count_terms_are_in_the_charts_key_only(sample):
    key = sample["spc"].content.key
    assert key == (
        "Special cause improvement: unusually high",
        "Assurance: the target lies beyond the process limits on the wrong side (missed reliably)",
        "Target in force: 35 people in employment by 31 March 2004.",
    )
    for screen in sample.values():
        said = screen.message.lower()
        assert not any(term in said for term in KEY_TERMS), (screen.key, said)
    # the first screen no longer carries the status-and-assurance sentence beside its figure
    assert not hasattr(sample["in_employment"].content, "explanation")


def test_the_first_two_screens_draw_the_same_months_against_the_same_stepped_target(sample):
    first, chart = sample["in_employment"].content, sample["spc"].content.panel
    assert [f.as_of for f in first.trend] == [p.date for p in chart.chart.points]
    assert [f.value for f in first.trend] == [p.value for p in chart.chart.points]
    assert list(first.target_steps) == [t.value for t in chart.targets]
    # the target in force steps up year by year (30, 33, 35), as the chart draws it
    assert sorted(set(first.target_steps)) == [30.0, 33.0, 35.0]


def test_a_star_is_said_as_fewer_than_8_on_the_meeting_screens(sample):
    tiles = sample["danger_points"].content.tiles
    assert [(t.words, t.counted) for t in tiles] == [
        ("fewer than 8", False),
        ("fewer than 8", False),
        ("10", True),
        ("fewer than 8", False),
    ]
    assert sample["changes"].message.startswith("Since 31 Dec 2003: fewer than 8 job starts;")
    rows = dict((label, (then, now)) for label, then, now in sample["changes"].content.rows)
    assert rows["People in management posts"] == ("fewer than 8", "fewer than 8")
    targets = sample["targets"].content
    actuals = dict(zip((t.title for t in targets.aspirational), targets.actuals, strict=True))
    assert actuals["Supported people in management posts"] == "fewer than 8"
    # a hidden percentage is not a count: it stays "not shown"
    assert actuals["Two in five work preparation participants move into open employment"] == (
        "not shown"
    )
    assert sample["coverage"].content.note.startswith("* is fewer than 8 people")
    assert not any("*" in screen.message for screen in sample.values())


def test_fewer_than_follows_the_disclosure_rule_the_lead_has_set(sample_url):
    engine = db.create_engine(sample_url)
    found = screens(engine, Audience(controlled=True, rules=Rules(suppress_up_to=9)))
    engine.dispose()
    assert {t.words for t in found["danger_points"].content.tiles} >= {"fewer than 10"}
    assert found["coverage"].content.note.startswith("* is fewer than 10 people")


def test_a_long_term_target_says_where_it_stands_so_far_not_in_progress(sample):
    screen = sample["targets"]
    assert screen.message == "2 of 6 long-term targets are met so far."
    # those that need it most first: not met, near, not shown, met
    assert screen.content.statuses == (
        "Not met yet",
        "Near so far",
        "Not shown",
        "Not shown",
        "Met so far",
        "Met so far",
    )
    assert not any("in progress" in words for words in screen.content.statuses)


def chart(values, improvement=spc.HIGH, target=None, start=dt.date(2002, 1, 31)):
    months = []
    day = start
    for _ in values:
        months.append(day)
        day = month_end(day + dt.timedelta(days=1))
    return spc.xmr_chart(months, values, spc.Options(improvement=improvement, target=target))


STEADY = [10, 12, 11, 13, 10, 12, 11, 12, 10, 13, 11, 12, 11, 12, 10, 12]


@pytest.mark.parametrize(
    "values,target,status,said",
    [
        (
            STEADY,
            5,
            "met",
            "12 in April 2003 meets the target of 5 and will keep meeting it if nothing changes.",
        ),
        (
            STEADY,
            20,
            "not_met",
            "12 in April 2003 misses the target of 20 and will not meet it reliably without a "
            "change to how the programme works.",
        ),
        (
            STEADY,
            11,
            "met",
            "12 in April 2003 meets the target of 11 but will meet it in some months and miss "
            "it in others: it cannot be relied on.",
        ),
        (
            STEADY[:-1] + [30],
            None,
            None,
            "30 in April 2003 is unusually good this month: find out what went well.",
        ),
        (
            STEADY[:-1] + [0],
            None,
            None,
            "0 in April 2003 is unusually poor this month: find out why.",
        ),
        (
            STEADY + [14, 15, 15, 14, 16, 15],
            None,
            None,
            "15 in October 2003 has risen to a new level since May 2003: start the chart "
            "again from May 2003 to see the new level's usual ups and downs.",
        ),
        (
            STEADY + [8, 7, 8, 7, 8, 7],
            None,
            None,
            "7 in October 2003 has fallen to a new level since May 2003: find out what "
            "changed then.",
        ),
        (
            STEADY[:8],
            None,
            None,
            "12 in August 2002 has too few months yet to tell a "
            "change from the usual ups and downs.",
        ),
    ],
)
def test_the_room_sentence_reads_the_chart_in_plain_words(values, target, status, said):
    drawn = chart(values, target=target)
    latest = str(values[-1])
    words = spc.room_sentence(drawn, latest, status, None if target is None else str(target))
    assert words == said
    assert not any(term in words.lower() for term in KEY_TERMS)


def test_the_meeting_opens_on_what_needs_attention_then_the_summary_after_the_chart(sample):
    assert list(sample)[:4] == ["attention", "in_employment", "spc", "spc_summary"]
    attention = sample["attention"]
    assert attention.title == "What needs attention"
    assert attention.message == attention.content.attention.summary
    assert attention.content.attention.items  # the sample has targets not met, near, ...
    summary = sample["spc_summary"]
    assert summary.title == "Making Data Count summary"
    assert [row.key for row in summary.content.rows][:1] == ["in_employment"]
    assert summary.message.startswith(f"{len(summary.content.rows)} monthly measures charted:")


def test_each_long_term_target_has_its_owner_when_it_is_due_and_its_figure_last_meeting(sample):
    content = sample["targets"].content
    by_id = {
        line.target_id: (line, due, then)
        for line, due, then in zip(content.aspirational, content.dues, content.earlier, strict=True)
    }
    emp, due, then = by_id["EMP"]
    assert emp.owner and due.startswith(("by ", "next action due ", "open-ended"))
    assert then == "36"  # people in employment on 31 Dec 2003, the last meeting
    assert by_id["COV"][1].startswith("next action due ")  # the plan's next step on it
    # every figure on the screen says its period
    assert all(line.measured_words for line in content.aspirational)
    rec = by_id["REC"][0]
    assert rec.measured_words == "1999/00 to 2003/04"
