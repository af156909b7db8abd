"""Times shown to people are on the trust's clocks (Europe/London) and name their zone: the
import history, the undo's question and message, the audit log and the command line's undo.
Stored times stay UTC. Checked in summer and winter and either side of the clocks changing
(2004: forward at 01:00 UTC on 28 March, back at 01:00 UTC on 31 October)."""

import datetime as dt
import io
from contextlib import redirect_stdout

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from tests.app_support import APP, shown
from tests.builders import person_rows, workbook_bytes
from uep_data import audit, cli, db, importer, schema
from uep_data.formatting import format_when

UTC = dt.datetime


@pytest.mark.parametrize(
    "stored, shown_as",
    [
        (UTC(2004, 7, 14, 9, 15), "14 Jul 2004 10:15 BST"),  # summer
        (UTC(2004, 1, 14, 9, 15), "14 Jan 2004 09:15 GMT"),  # winter
        (UTC(2004, 3, 28, 0, 59), "28 Mar 2004 00:59 GMT"),  # the minute before going forward
        (UTC(2004, 3, 28, 1, 0), "28 Mar 2004 02:00 BST"),  # and the minute after
        (UTC(2004, 10, 31, 0, 30), "31 Oct 2004 01:30 BST"),  # the hour that comes twice:
        (UTC(2004, 10, 31, 1, 30), "31 Oct 2004 01:30 GMT"),  # told apart by the zone
        (UTC(2004, 10, 30, 23, 30), "31 Oct 2004 00:30 BST"),  # the day is the UK's day
    ],
)
def test_a_stored_time_is_shown_on_uk_clocks_with_its_zone(stored, shown_as):
    assert format_when(stored) == shown_as
    assert format_when(stored.replace(tzinfo=dt.UTC)) == shown_as


def test_a_date_is_still_shown_as_a_date():
    assert format_when(dt.date(2004, 7, 14)) == "14 Jul 2004"
    assert format_when(None) == ""


@pytest.fixture
def lead_url(sample_copy_url):
    return sample_copy_url


def imported_at(url: str, when: dt.datetime) -> None:
    """An import made at `when` (UTC), and its log entry."""
    engine = db.create_engine(url)
    data = workbook_bytes({"people": person_rows("N1")})
    assert importer.import_files(engine, [("starters.xlsx", data)], who="lead").ok
    with db.writing(engine) as conn:
        (newest,) = conn.execute(sa.select(sa.func.max(schema.imports.c.id))).one()
        conn.execute(
            sa.update(schema.imports).where(schema.imports.c.id == newest).values(imported_at=when)
        )
        conn.execute(
            sa.update(schema.audit_log)
            .where(schema.audit_log.c.id == audit.data_version(conn))
            .values(at=when)
        )
    engine.dispose()


def page(name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(f"app_pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_import_history_and_its_undo_show_uk_time(lead_url):
    imported_at(lead_url, UTC(2004, 7, 14, 9, 15))
    history = page("history")
    assert shown(history.table[0].value["When"][0]) == "14 Jul 2004 10:15 BST"
    button = next(b for b in history.button if b.label.startswith("Undo the import of starters"))
    assert "(14 Jul 2004 10:15 BST, lead)" in shown(button.label)
    button.click().run()
    assert "made on 14 Jul 2004 10:15 BST by lead" in shown(history.warning[0].value)
    next(b for b in history.button if b.label == "Yes, undo it").click().run()
    assert "starters.xlsx (14 Jul 2004 10:15 BST)" in shown(history.success[0].value)


def test_the_audit_log_shows_uk_time(lead_url):
    imported_at(lead_url, UTC(2004, 1, 14, 9, 15))  # winter
    imported_at(lead_url, UTC(2004, 6, 30, 23, 30))  # 1 July, 00:30 on UK clocks
    at = page("audit")
    assert list(at.dataframe[0].value["When"][:2]) == [
        "1 Jul 2004 00:30 BST",
        "14 Jan 2004 09:15 GMT",
    ]


def test_the_audit_log_picks_entries_by_the_days_on_uk_clocks(sqlite_engine):
    with db.writing(sqlite_engine) as conn:
        audit.log(conn, "lead", "backup", {"file": "a"}, UTC(2004, 6, 30, 23, 30))  # 1 Jul BST
        audit.log(conn, "lead", "backup", {"file": "b"}, UTC(2004, 12, 1, 23, 30))  # 1 Dec GMT
    with sqlite_engine.connect() as conn:

        def on(day: dt.date) -> list[str]:
            return [e["details"]["file"] for e in audit.entries(conn, since=day, until=day)]

        assert on(dt.date(2004, 7, 1)) == ["a"] and on(dt.date(2004, 6, 30)) == []
        assert on(dt.date(2004, 12, 1)) == ["b"] and on(dt.date(2004, 12, 2)) == []


def test_the_undo_command_prints_uk_time(lead_url):
    imported_at(lead_url, UTC(2004, 10, 31, 1, 30))
    with redirect_stdout(io.StringIO()) as out:
        assert cli.main(["undo", "--db", lead_url]) == 0
    assert "(starters.xlsx, 31 Oct 2004 01:30 GMT)" in out.getvalue()
