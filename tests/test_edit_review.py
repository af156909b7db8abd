"""Before an edit of the targets or the action plan is saved, it is said as old → new, and a
change that looks wrong is asked about again (issue 21): worked out by hand on small rows."""

from __future__ import annotations

import datetime as dt

from uep_data import edit_review as review

EMP = {
    "target_id": "EMP",
    "title": "35 people supported in employment at any one time",
    "metric": "in_employment",
    "level": "aspirational",
    "value": 35.0,
    "comparison": "at_least",
    "financial_year": None,
    "period_start": None,
    "period_end": None,
    "directorate": None,
    "profession": None,
    "parent_target_id": None,
    "owner": "Chief executive",
    "retired": False,
}


def edited(**values) -> dict:
    return {**EMP, **values}


def test_a_row_as_it_was_is_no_change_however_the_editor_spells_its_blanks():
    same = edited(value=35, financial_year="", directorate=float("nan"), retired=None)
    assert review.changes("targets", [EMP], [same]) == []


def test_each_changed_value_is_said_old_to_new_with_the_target_named():
    (change,) = review.changes("targets", [EMP], [edited(value=36, owner="")])
    assert change.words() == (
        "EMP (35 people supported in employment at any one time): Value: 35 → 36; "
        "Owner: Chief executive → blank"
    )


def test_a_new_key_is_an_addition():
    (change,) = review.changes("targets", [EMP], [edited(target_id="EMP-2005", title="40 by 2006")])
    assert change.added and change.words() == "Added EMP-2005 (40 by 2006)"


def test_dates_and_codes_are_said_as_a_lead_reads_them():
    action = {
        "action_id": "A1",
        "description": "Recruit a second adviser",
        "target_id": "EMP",
        "owner": None,
        "due_date": dt.date(2004, 3, 31),
        "status": "not_started",
    }
    moved = {**action, "due_date": dt.datetime(2004, 6, 30), "status": "in_progress"}
    (change,) = review.changes("actions", [action], [moved])
    assert change.words() == (
        "A1 (Recruit a second adviser): Due date: 31 Mar 2004 → 30 Jun 2004; "
        "Status: not started → in progress"
    )


def test_the_number_a_title_states_leaves_out_dates_and_years():
    assert review.title_number("35 people supported in employment at any one time") == 35
    assert review.title_number("6 people in employment by 31 March 1996") == 6
    assert review.title_number("24 job starts in 2004/05") == 24
    assert review.title_number("At least 15% of recruits (the charter)") == 15
    assert review.title_number("Supported people in every directorate") is None
    assert review.title_number("Two in five move into open employment") is None


def test_a_move_of_more_than_half_and_a_value_against_its_title_are_asked_about():
    row = edited(value=6)
    (change,) = review.changes("targets", [EMP], [row])
    looks = review.second_looks(change, row)
    assert len(looks) == 2
    assert "moves from 35 to 6, by more than half" in looks[0]
    assert "its title says 35" in looks[1]


def test_a_move_of_half_exactly_with_its_title_changed_too_is_not_asked_about():
    row = edited(value=52.5, title="52.5 people supported in employment")
    (change,) = review.changes("targets", [EMP], [row])
    assert review.second_looks(change, row) == []


def test_a_change_that_leaves_the_value_and_title_alone_is_not_asked_about():
    stored = edited(title="36 people in post")  # already disagreed before this edit
    row = {**stored, "owner": "Programme lead"}
    (change,) = review.changes("targets", [stored], [row])
    assert review.second_looks(change, row) == []
