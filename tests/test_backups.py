"""Backups: `python -m uep_data backup FILE` copies the whole SQLite database with SQLite's
online backup; `restore FILE` puts it back (after confirmation), keeping a copy of what it
replaced, and gives the same figures and the same audit log. On PostgreSQL both say to use
pg_dump and pg_restore."""

import datetime as dt
import io
import json
import shutil
import stat
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.builders import person_rows, post, workbook_bytes
from uep_data import audit, backups, cli, contract, db, erasure, importer, schema
from uep_data import sign_in_sessions as sessions


@pytest.fixture
def lead_database(sample_url, tmp_path):
    """A copy of the sample database that the test may change."""
    path = tmp_path / "live" / "uep.sqlite"
    path.parent.mkdir(mode=0o700)
    shutil.copy(sample_url.removeprefix("sqlite:///"), path)
    return path


def run(*argv: str) -> tuple[int, str, str]:
    with redirect_stdout(io.StringIO()) as out, redirect_stderr(io.StringIO()) as err:
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def figures(url: str) -> dict:
    code, out, _ = run("summary", "--db", url, "--as-of", "2004-03-31", "--json")
    assert code == 0
    return json.loads(out)


def log(url: str) -> list[dict]:
    engine = db.create_engine(url)
    with engine.connect() as conn:
        entries = audit.entries(conn, limit=100_000)
    engine.dispose()
    return list(reversed(entries))  # oldest first


NEW_STARTERS = workbook_bytes(
    {
        "people": person_rows("N1", "N2", "N3"),
        "employments": [
            post(p, dt.date(2004, 3, 1), directorate="Human Resources", profession="Nursing")
            for p in ("N1", "N2", "N3")
        ],
    }
)


def test_a_restore_gives_back_the_backups_figures_and_keeps_the_whole_audit_log(
    lead_database, tmp_path
):
    url = f"sqlite:///{lead_database}"
    backup = tmp_path / "backup.sqlite"
    before_figures = figures(url)
    assert run("backup", str(backup), "--db", url)[0] == 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    # then the data change: an import
    engine = db.create_engine(url)
    assert importer.import_files(engine, [("starters.xlsx", NEW_STARTERS)]).ok
    assert figures(url) != before_figures
    live_log = log(url)
    dashboard = engine.connect()  # a dashboard session has the database open throughout

    code, out, _ = run("restore", str(backup), "--db", url, "--yes")
    assert code == 0, out
    assert figures(url) == before_figures
    after_log = log(url)
    kept_in = next(lead_database.parent.glob("uep.sqlite.before-restore-*"))
    # every entry made before the restore (the backup's and those made since), then the
    # restore as the latest entry
    assert after_log[:-1] == live_log
    assert [e["action"] for e in after_log[-3:]] == ["backup", "import", "restore"]
    assert after_log[-1]["details"] == {
        "file": "backup.sqlite",
        "replaced_kept_in": kept_in.name,
        "erasures_made_again": 0,
        "erasures_undone": 0,
    }
    assert "erasure" not in out
    # the open session reads the restored data; the data version moved on past every
    # version the dashboard has seen, so no cached figures of before are shown
    people = dashboard.execute(sa.text("SELECT count(*) FROM people")).scalar()
    assert people == people_in(f"sqlite:///{backup}")
    assert after_log[-1]["id"] > max(e["id"] for e in log(f"sqlite:///{kept_in}"))
    assert not list(lead_database.parent.glob("*.restoring-*"))  # its working copy is gone
    dashboard.close()
    engine.dispose()


def people_in(url: str) -> int:
    engine = db.create_engine(url)
    with engine.connect() as conn:
        n = conn.execute(sa.text("SELECT count(*) FROM people")).scalar()
    engine.dispose()
    return n


def test_a_restore_keeps_what_it_replaced_so_it_can_be_undone(lead_database, tmp_path):
    url = f"sqlite:///{lead_database}"
    backup = tmp_path / "backup.sqlite"
    assert run("backup", str(backup), "--db", url)[0] == 0
    engine = db.create_engine(url)
    assert importer.import_files(engine, [("starters.xlsx", NEW_STARTERS)]).ok
    engine.dispose()
    changed = figures(url)
    assert run("restore", str(backup), "--db", url, "--yes")[0] == 0
    (kept,) = lead_database.parent.glob("uep.sqlite.before-restore-*")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert figures(f"sqlite:///{kept}") == changed


def test_a_backup_is_logged_without_changing_what_it_copies(lead_database, tmp_path):
    url = f"sqlite:///{lead_database}"
    assert run("backup", str(tmp_path / "P0042 copy.sqlite"), "--db", url)[0] == 0
    entry = log(url)[-1]
    assert entry["action"] == "backup" and entry["who"] == "command line"
    assert entry["details"] == {"file": "[code] copy.sqlite"}


def test_restore_asks_first_and_refuses_without_yes_when_nobody_can_answer(
    lead_database, tmp_path, monkeypatch
):
    url = f"sqlite:///{lead_database}"
    backup = tmp_path / "backup.sqlite"
    assert run("backup", str(backup), "--db", url)[0] == 0
    before = log(url)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = run("restore", str(backup), "--db", url)
    assert code == 2 and "add --yes" in err
    monkeypatch.setattr("sys.stdin", _Keyboard("no\n"))
    code, out, _ = run("restore", str(backup), "--db", url)
    assert code == 1 and "Nothing was restored" in out
    assert log(url) == before
    assert not list(lead_database.parent.glob("uep.sqlite.before-restore-*"))


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"name,value\nP1,2\n", "is not a SQLite database"),
        (None, "there is no file"),
    ],
)
def test_restore_refuses_a_file_that_is_not_a_backup(lead_database, tmp_path, content, problem):
    url = f"sqlite:///{lead_database}"
    source = tmp_path / "not-a-backup.sqlite"
    if content is not None:
        source.write_bytes(content)
    before = figures(url)
    code, _, err = run("restore", str(source), "--db", url, "--yes")
    assert code == 2 and problem in err
    assert figures(url) == before


def test_a_backup_never_overwrites_a_file(lead_database, tmp_path):
    url = f"sqlite:///{lead_database}"
    existing = tmp_path / "keep-me.sqlite"
    existing.write_bytes(b"precious")
    code, _, err = run("backup", str(existing), "--db", url)
    assert code == 2 and "already exists" in err
    assert existing.read_bytes() == b"precious"


def test_on_postgresql_backup_and_restore_point_to_pg_dump_and_pg_restore(engine, tmp_path):
    if db.is_sqlite(engine):
        pytest.skip("PostgreSQL only")
    url = engine.url.render_as_string(hide_password=False)
    for command in (["backup"], ["restore", "--yes"]):
        code, _, err = run(*command, str(tmp_path / "x.dump"), "--db", url)
        assert code == 2
        assert "pg_dump --format=custom" in err and "pg_restore --clean" in err
    assert not (tmp_path / "x.dump").exists()


class _Keyboard(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_restore_into_a_new_installation_needs_no_copy(lead_database, tmp_path):
    url = f"sqlite:///{lead_database}"
    backup = tmp_path / "backup.sqlite"
    assert run("backup", str(backup), "--db", url)[0] == 0
    fresh = tmp_path / "new" / "uep.sqlite"
    code, out, _ = run("restore", str(backup), "--db", f"sqlite:///{fresh}", "--yes")
    assert code == 0 and "kept in" not in out
    assert figures(f"sqlite:///{fresh}") == figures(url)
    assert not list(fresh.parent.glob("*.before-restore-*"))
    assert Path(fresh).stat().st_mode & 0o077 == 0


def holding(path: Path, code: str) -> list[str]:
    """The files of a SQLite database (with its -wal and -shm) whose bytes hold the code."""
    files = [path] + [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    return [f.name for f in files if f.exists() and code.encode() in f.read_bytes().upper()]


def test_a_backup_made_before_an_erasure_is_restored_without_the_person(lead_database, tmp_path):
    """The worked example: data, a backup, P0002 erased, another entry, the restore."""
    url = f"sqlite:///{lead_database}"
    engine = db.create_engine(url)
    with db.writing(engine) as conn:  # a record naming the person, as an earlier version kept
        audit.log(conn, "lead", "import", {"file_names": "P0002 notes.xlsx", "sheets": {}})
    backup = tmp_path / "backup.sqlite"
    assert run("backup", str(backup), "--db", url)[0] == 0
    assert holding(backup, "P0002") == ["backup.sqlite"]
    assert run("erase", "P0002", "--db", url, "--yes")[0] == 0
    assert importer.import_files(engine, [("starters.xlsx", NEW_STARTERS)], who="lead").ok
    dashboard = engine.connect()  # the dashboard is running: its -wal and -shm files stay
    dashboard.execute(sa.text("SELECT count(*) FROM people")).scalar()

    code, out, err = run("restore", str(backup), "--db", url, "--yes")
    assert code == 0, err
    assert "1 erasure made after this backup was made again: 1 of those people was in the " in out
    # P0002 is not back anywhere: no row, no record, no byte of the database's files
    assert erasure.find(engine, "P0002") == erasure.Found({}, 0, [])
    assert holding(lead_database, "P0002") == []
    (kept,) = lead_database.parent.glob("uep.sqlite.before-restore-*")
    assert holding(kept, "P0002") == []
    assert not list(lead_database.parent.glob("*.restoring-*"))
    # the log holds the erasure, the entry made after it and the restore, and the record
    # that named the person still without the code
    entries = log(url)
    assert [e["action"] for e in entries[-5:]] == [
        "import",
        "backup",
        "erasure",
        "import",
        "restore",
    ]
    assert entries[-5]["details"]["file_names"] == "[erased] notes.xlsx"
    assert entries[-2]["details"]["file_names"] == "starters.xlsx"
    assert entries[-1]["details"]["erasures_made_again"] == 1
    # the rest of the backup is back: everyone else, and none of the later import
    assert people_in(url) == people_in(f"sqlite:///{backup}") - 1
    assert erasure.rows_about(engine, "N1") == {}
    dashboard.close()
    engine.dispose()


@pytest.mark.parametrize("why", ["made by an earlier version", "the key is gone"])
def test_a_restore_that_would_undo_an_erasure_refuses_until_told_how_many(
    lead_database, tmp_path, why
):
    url = f"sqlite:///{lead_database}"
    backup = tmp_path / "backup.sqlite"
    assert run("backup", str(backup), "--db", url)[0] == 0
    engine = db.create_engine(url)
    if why == "the key is gone":
        erasure.erase_person(engine, "P0002", who="lead")
        for key in lead_database.parent.glob("*.erasure-key"):
            key.unlink()
    else:  # an earlier version logged the erasure and kept nothing to erase again with
        with db.writing(engine) as conn:
            for name in ("people", *contract.PERSON_SHEETS):
                table = schema.DATA_TABLES[name]
                conn.execute(sa.delete(table).where(table.c.person_id == "P0002"))
            audit.log(conn, "lead", "erasure", {"rows": 9, "sheets": ["people"], "records": 0})
    assert erasure.rows_about(engine, "P0002") == {}
    before, before_figures = log(url), figures(url)

    for confirming in ([], ["--undo-erasures", "2"]):
        code, _, err = run("restore", str(backup), "--db", url, "--yes", *confirming)
        assert code == 2
        assert "1 erasure made since this backup cannot be made again" in err
        assert "add --undo-erasures 1" in err and "Traceback" not in err
        assert log(url) == before and figures(url) == before_figures
        assert not list(lead_database.parent.glob("uep.sqlite.before-restore-*"))
    with pytest.raises(backups.BackupError, match="1 erasure made since"):  # the core too
        backups.restore(engine, backup, who="lead")

    code, out, _ = run("restore", str(backup), "--db", url, "--yes", "--undo-erasures", "1")
    assert code == 0
    assert "1 erasure made after this backup could not be made again" in out
    assert erasure.rows_about(engine, "P0002") != {}
    entries = log(url)
    assert entries[-1]["details"]["erasures_undone"] == 1
    assert "1 erasure made since the backup undone, as confirmed" in audit.describe(entries[-1])
    assert [e["action"] for e in entries[-2:]] == ["erasure", "restore"]
    engine.dispose()


def test_an_erasure_made_before_the_backup_is_not_made_again(lead_database, tmp_path):
    """A person erased and later imported again (a new code holder, or they came back) is
    in the backup on purpose: restoring it keeps them."""
    url = f"sqlite:///{lead_database}"
    engine = db.create_engine(url)
    assert importer.import_files(engine, [("starters.xlsx", NEW_STARTERS)]).ok
    erasure.erase_person(engine, "N1", who="lead")
    assert importer.import_files(engine, [("starters-again.xlsx", NEW_STARTERS)]).ok
    backup = tmp_path / "backup.sqlite"
    assert run("backup", str(backup), "--db", url)[0] == 0
    code, out, _ = run("restore", str(backup), "--db", url, "--yes")
    assert code == 0 and "made again" not in out
    assert erasure.rows_about(engine, "N1") == {"people": 1, "employments": 1}
    engine.dispose()


def test_a_sign_out_made_since_the_backup_stays_a_sign_out_after_a_restore(lead_database, tmp_path):
    url = f"sqlite:///{lead_database}"
    engine = db.create_engine(url)
    claims = {"sub": "lead", "iss": "https://sign-in.example", "iat": int(time.time())}
    lifetimes = sessions.Lifetimes.from_settings(30, 8)
    assert sessions.check(engine, claims, lifetimes) == sessions.ACTIVE
    backup = tmp_path / "backup.sqlite"
    assert run("backup", str(backup), "--db", url)[0] == 0
    sessions.sign_out(engine, claims)
    assert run("restore", str(backup), "--db", url, "--yes")[0] == 0
    assert sessions.check(engine, claims, lifetimes) == sessions.SIGNED_OUT
    engine.dispose()


def test_restoring_another_databases_backup_keeps_both_logs(lead_database, tmp_path):
    url = f"sqlite:///{lead_database}"
    other = f"sqlite:///{tmp_path / 'other' / 'uep.sqlite'}"
    assert run("init", "--db", other)[0] == 0
    engine = db.create_engine(other)
    assert importer.import_files(engine, [("starters.xlsx", NEW_STARTERS)], who="other").ok
    engine.dispose()
    backup = tmp_path / "other-backup.sqlite"
    assert run("backup", str(backup), "--db", other)[0] == 0
    live, theirs = log(url), log(f"sqlite:///{backup}")
    assert run("restore", str(backup), "--db", url, "--yes")[0] == 0
    after = log(url)
    assert after[: len(live)] == live  # this database's entries, as they were
    moved = after[len(live) : -1]  # the backup's, numbered after them
    assert [(e["at"], e["who"], e["action"]) for e in moved] == [
        (e["at"], e["who"], e["action"]) for e in theirs
    ]
    assert moved[0]["who"] == "other" and after[-1]["action"] == "restore"


def test_the_erasure_key_is_beside_the_database_readable_by_its_owner_only_never_in_a_backup(
    lead_database, tmp_path
):
    url = f"sqlite:///{lead_database}"
    engine = db.create_engine(url)
    erasure.erase_person(engine, "P0002", who="lead")
    key = erasure.key_file(lead_database)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_bytes()) == 32
    with engine.connect() as conn:
        (record,) = conn.execute(sa.select(schema.erasures)).mappings()
    assert record["person_key"] == erasure.person_key(key.read_bytes(), "P0002")
    backup = tmp_path / "backup.sqlite"
    assert run("backup", str(backup), "--db", url)[0] == 0
    assert key.read_bytes() not in backup.read_bytes()
    assert holding(backup, "P0002") == []
    engine.dispose()


def test_nothing_is_restored_if_something_is_logged_while_the_backup_is_made_ready(
    lead_database, tmp_path, monkeypatch
):
    url = f"sqlite:///{lead_database}"
    backup = tmp_path / "backup.sqlite"
    assert run("backup", str(backup), "--db", url)[0] == 0
    engine = db.create_engine(url)
    compact = db.compact

    def meanwhile(ready):  # someone imports while the working copy is rewritten
        assert importer.import_files(engine, [("starters.xlsx", NEW_STARTERS)]).ok
        return compact(ready)

    monkeypatch.setattr(backups.db, "compact", meanwhile)
    code, _, err = run("restore", str(backup), "--db", url, "--yes")
    assert code == 2 and "nothing was restored; run restore again" in err
    assert log(url)[-1]["action"] == "import"  # the import is kept, and nothing replaced it
    assert erasure.rows_about(engine, "N1") == {"people": 1, "employments": 1}
    assert not list(lead_database.parent.glob("uep.sqlite.before-restore-*"))
    assert not list(lead_database.parent.glob("*.restoring-*"))
    engine.dispose()
