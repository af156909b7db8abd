"""Erasure that leaves nothing: after `python -m uep_data erase`, no byte of the database's
files holds the person's code: not the rows on every sheet, not the copies kept to undo
imports, not the file names of past imports or the audit log, not SQLite's free pages or
write-ahead log."""

import datetime as dt
import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.app_support import shown
from tests.builders import DIRECTORATES, PROFESSIONS, person_rows, post, workbook_bytes
from uep_data import audit, cli, db, erasure, importer, schema
from uep_data.kept import store as kept_store
from uep_data.kept import verify

CODE = "P0042"


def import_as(engine, file_name: str, **sheets) -> None:
    data = {"directorates": DIRECTORATES, "professions": PROFESSIONS, **sheets}
    result = importer.import_files(engine, [(file_name, workbook_bytes(data))], who="lead")
    assert result.status == "imported", [str(p) for p in result.problems]


def contacts(person: str, count: int) -> list[dict]:
    return [
        {"person_id": person, "date": dt.date(2003, 4, 1) + dt.timedelta(days=7 * n), "mode": m}
        for n in range(count)
        for m in ("telephone", "in_workplace")
    ]


def a_database_that_holds_the_code_everywhere(engine) -> None:
    """The code in several sheets, in undo copies (rows an import changed), in a file name,
    and in records an earlier version kept (a file name and its audit entry)."""
    import_as(
        engine,
        f"{CODE} route fix.xlsx",
        people=person_rows(CODE, "P0043"),
        employments=[post(CODE, dt.date(2003, 4, 1)), post("P0043", dt.date(2003, 5, 1))],
        stages=[{"person_id": CODE, "stage": "referred", "date": dt.date(2003, 1, 6)}],
        contacts=contacts(CODE, 40) + contacts("P0043", 40),
        wellbeing_plans=[{"person_id": CODE, "agreed_date": dt.date(2003, 6, 1)}],
    )
    # a second import changes the person's rows: the rows as they were are kept for undo
    import_as(
        engine,
        "update.xlsx",
        people=[{"person_id": CODE, "referral_date": dt.date(2003, 1, 7)}],
        employments=[post(CODE, dt.date(2003, 4, 1), end=dt.date(2004, 1, 9))],
        wellbeing_plans=[
            {
                "person_id": CODE,
                "agreed_date": dt.date(2003, 6, 1),
                "last_reviewed": dt.date(2003, 9, 1),
            }
        ],
    )
    with db.writing(engine) as conn:  # what earlier versions stored for such a file
        conn.execute(
            sa.insert(schema.imports).values(
                imported_at=db.now(),
                imported_by="lead",
                file_names=f"{CODE} notes.xlsx",
                file_hash="0" * 64,
                status="no_changes",
                warnings=[],
            )
        )
        audit.log(conn, "lead", "import", {"file_names": f"{CODE} notes.xlsx", "sheets": {}})


def database_files(path: Path) -> dict[str, bytes]:
    files = [path] + [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    return {file.name: file.read_bytes() for file in files if file.exists()}


def test_after_erase_no_byte_of_the_database_files_holds_the_code(tmp_path):
    path = tmp_path / "uep.sqlite"
    url = f"sqlite:///{path}"
    engine = db.create_engine(url)
    db.upgrade(engine)
    a_database_that_holds_the_code_everywhere(engine)
    assert any(CODE.encode() in data for data in database_files(path).values())
    # the lead has looked at the pages, which keeps their figures (the person among them)
    for page in ("overview", "coverage", "contacts", "watch_list"):
        with redirect_stdout(io.StringIO()):
            assert cli.main(["page", page, "--as", "programme_lead", "--db", url, "--json"]) == 0
    with engine.connect() as conn:
        assert kept_store.kept_count(conn) > 0
    # the dashboard is running: its connections stay open, so the -wal and -shm files stay
    dashboard = db.create_engine(url)
    with dashboard.connect() as conn:
        conn.execute(sa.select(sa.func.count()).select_from(schema.people)).scalar()
    with redirect_stdout(io.StringIO()) as out:
        assert cli.main(["erase", CODE, "--db", url, "--yes"]) == 0
    assert "Erased" in out.getvalue()
    files = database_files(path)
    assert {"uep.sqlite", "uep.sqlite-wal", "uep.sqlite-shm"} <= set(files)
    still_there = [name for name, data in files.items() if CODE.encode() in data.upper()]
    assert still_there == []
    # the other person's rows are untouched, and the erasure is logged without the code
    with dashboard.connect() as conn:
        people = conn.execute(sa.select(schema.people.c.person_id)).scalars().all()
        (entry,) = audit.entries(conn, action="erasure")
    assert people == ["P0043"]
    # figures kept before the erasure counted the person: none of them is left to say so
    assert verify.verify(dashboard).ok
    assert entry["who"] == "command line" and CODE not in repr(entry)
    assert entry["details"]["rows"] == 1 + 1 + 1 + 80 + 1 + 3  # with 3 undo copies
    dashboard.dispose()
    engine.dispose()


def test_an_imported_file_name_never_keeps_a_code(engine):
    import_as(engine, f"{CODE} route fix.xlsx", people=person_rows(CODE))
    with engine.connect() as conn:
        stored = conn.execute(sa.select(schema.imports.c.file_names)).scalar_one()
        (entry,) = audit.entries(conn, action="import")
    assert stored == "[code] route fix.xlsx"
    assert entry["details"]["file_names"] == "[code] route fix.xlsx"


def test_erasure_takes_the_code_out_of_older_records_on_either_database(engine):
    a_database_that_holds_the_code_everywhere(engine)
    found = erasure.find(engine, CODE)
    assert found.rows["contacts"] == 80 and found.records == 2  # a file name, a log entry
    erased = erasure.erase_person(engine, CODE, who="lead")
    assert erased.records_cleaned == 2
    assert erased.file_compacted is (True if db.is_sqlite(engine) else None)
    with engine.connect() as conn:
        names = conn.execute(sa.select(schema.imports.c.file_names)).scalars().all()
        log = audit.entries(conn)
        copies = conn.execute(sa.select(schema.import_changes.c.before)).scalars().all()
    assert "[erased] notes.xlsx" in names and CODE not in repr(names)
    assert CODE not in repr(log) and CODE not in repr(copies)
    assert erasure.find(engine, CODE) == erasure.Found({}, 0, [])


def test_erasing_one_code_leaves_a_longer_code_that_starts_the_same(sqlite_engine):
    import_as(sqlite_engine, "people.xlsx", people=person_rows("P1", "P12"))
    with db.writing(sqlite_engine) as conn:
        audit.log(conn, "lead", "import", {"file_names": "P1 and P12.xlsx", "sheets": {}})
    erasure.erase_person(sqlite_engine, "P1", who="lead")
    with sqlite_engine.connect() as conn:
        (entry, *_) = audit.entries(conn, action="import")
        people = conn.execute(sa.select(schema.people.c.person_id)).scalars().all()
    assert entry["details"]["file_names"] == "[erased] and P12.xlsx"
    assert people == ["P12"]


def test_free_text_that_names_the_code_is_reported_for_the_lead_to_change(sqlite_engine):
    import_as(
        sqlite_engine,
        "plan.xlsx",
        people=person_rows(CODE),
        actions=[{"action_id": "A1", "description": f"Ask {CODE}'s manager about hours"}],
    )
    found = erasure.find(sqlite_engine, CODE)
    assert found.mentions == ["actions (A1): description"]
    erased = erasure.erase_person(sqlite_engine, CODE, who="lead")
    assert erased.still_mentioned == ["actions (A1): description"]


@pytest.mark.parametrize("answer, erased", [("yes\n", True), ("no\n", False)])
def test_the_erase_command_asks_at_a_keyboard(sqlite_engine, monkeypatch, answer, erased):
    import_as(sqlite_engine, "people.xlsx", people=person_rows(CODE))
    url = sqlite_engine.url.render_as_string(hide_password=False)
    monkeypatch.setattr("sys.stdin", _Keyboard(answer))
    with redirect_stdout(io.StringIO()) as out:
        code = cli.main(["erase", CODE, "--db", url])
    assert code == (0 if erased else 1)
    assert ("Nothing was erased" in out.getvalue()) is not erased
    assert bool(erasure.rows_about(sqlite_engine, CODE)) is not erased


def test_the_erase_command_refuses_without_yes_when_nobody_can_answer(
    sqlite_engine, monkeypatch, capsys
):
    import_as(sqlite_engine, "people.xlsx", people=person_rows(CODE))
    url = sqlite_engine.url.render_as_string(hide_password=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))  # a pipe, not a keyboard
    assert cli.main(["erase", CODE, "--db", url]) == 2
    assert "add --yes" in capsys.readouterr().err
    assert erasure.rows_about(sqlite_engine, CODE) == {"people": 1}


class _Keyboard(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_erase_page_says_what_else_names_the_code_and_takes_it_out(
    sample_url, tmp_path, monkeypatch
):
    from streamlit.testing.v1 import AppTest

    from tests.app_support import APP

    path = tmp_path / "uep.sqlite"
    path.write_bytes(Path(sample_url.removeprefix("sqlite:///")).read_bytes())
    url = f"sqlite:///{path}"
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, url)
    engine = db.create_engine(url)
    with db.writing(engine) as conn:  # as an earlier version recorded "P0001 notes.xlsx"
        audit.log(conn, "lead", "import", {"file_names": "P0001 notes.xlsx", "sheets": {}})
    import_as(engine, "plan.xlsx", actions=[{"action_id": "A9", "description": "Call P0001"}])
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/erase.py").run()
    at.text_input(key="erase_code").set_value("P0001").run()
    assert "named in 1 past record (file names, log entries or undo copies)" in at.warning[0].value
    assert "actions (A9): description" in shown(at.info[-1].value)
    at.text_input(key="erase_confirm").set_value("P0001").run()
    next(b for b in at.button if b.label.startswith("Erase every row")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "took the code out of 1 past record." in at.success[0].value
    with engine.connect() as conn:
        assert "P0001" not in repr(audit.entries(conn))
    engine.dispose()
