"""Backups: `python -m uep_data backup FILE` copies the whole SQLite database with SQLite's
online backup; `restore FILE` puts it back (after confirmation), keeping a copy of what it
replaced, and gives the same figures and the same audit log. On PostgreSQL both say to use
pg_dump and pg_restore."""

import datetime as dt
import io
import json
import shutil
import stat
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.builders import person_rows, post, workbook_bytes
from uep_data import audit, cli, db, erasure, importer


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


def test_a_restore_gives_back_the_same_figures_and_the_same_audit_log(lead_database, tmp_path):
    url = f"sqlite:///{lead_database}"
    backup = tmp_path / "backup.sqlite"
    before_figures, before_log = figures(url), log(url)
    assert run("backup", str(backup), "--db", url)[0] == 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    # then the data change: an import, and the lead erases someone
    engine = db.create_engine(url)
    assert importer.import_files(engine, [("starters.xlsx", NEW_STARTERS)]).ok
    erasure.erase_person(engine, "P0002", who="lead")
    assert figures(url) != before_figures
    dashboard = engine.connect()  # a dashboard session has the database open throughout

    code, out, _ = run("restore", str(backup), "--db", url, "--yes")
    assert code == 0, out
    assert figures(url) == before_figures
    after_log = log(url)
    assert after_log[: len(before_log)] == before_log
    kept_in = next(lead_database.parent.glob("uep.sqlite.before-restore-*"))
    # the log as it was when the backup was made, then the restore as the latest entry
    assert [e["action"] for e in after_log[len(before_log) :]] == ["restore"]
    assert after_log[-1]["details"] == {"file": "backup.sqlite", "replaced_kept_in": kept_in.name}
    assert "1 erasure was made after this backup" in out
    # the open session reads the restored data; the data version moved on past every
    # version the dashboard has seen, so no cached figures of before are shown
    people = dashboard.execute(sa.text("SELECT count(*) FROM people")).scalar()
    assert people == people_in(f"sqlite:///{backup}")
    assert after_log[-1]["id"] > max(e["id"] for e in log(f"sqlite:///{kept_in}"))
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
