"""The check that every database a test makes is verified (tests/every_database_verified.py)
fails a test that leaves a kept figure stale, and passes one whose changes go through the
audit log."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

INNER = """
import sqlalchemy as sa

from tests.test_kept_figures import _import, _pages, day, post
from uep_data import db
from uep_data import schema as s


def _database(tmp_path):
    engine = db.create_engine(f"sqlite:///{tmp_path / 'uep.sqlite'}")
    db.upgrade(engine)
    _import(engine, {"employments": [post("P001", day(10)), post("P002", day(20))]})
    _pages(engine, fresh=False)  # the figures kept
    return engine


def test_rows_taken_out_by_hand_behind_the_kept_figures(tmp_path):
    engine = _database(tmp_path)
    with engine.begin() as conn:
        conn.execute(sa.delete(s.employments).where(s.employments.c.person_id == "P002"))


def test_rows_changed_by_an_import(tmp_path):
    engine = _database(tmp_path)
    _import(engine, {"employments": [post("P003", day(30))]})
    _pages(engine, fresh=False)
"""


def test_a_test_that_leaves_a_kept_figure_stale_fails_and_says_which(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makepyfile(test_inner=INNER)
    result = pytester.runpytest_subprocess(
        "-p", "tests.every_database_verified", "-p", "no:cacheprovider", "-q"
    )
    result.assert_outcomes(passed=2, errors=1)
    out = result.stdout.str()
    assert "ERROR at teardown of test_rows_taken_out_by_hand_behind_the_kept_figures" in out
    assert "differ from a fresh count of its rows" in out
    assert (
        "People in employment, on 30 Apr 2020, Trust-wide: the whole: kept 2, counted afresh 1"
        in out
    )
