"""Mistakes on the command line get one line that says what to fix, never a traceback: a
database URL that is not one, a database whose driver is not installed (naming those that
are), a database server that cannot be reached (not "run init"), a file to write in a folder
that does not exist; backups make their folder; options that would be quietly ignored are
refused."""

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from uep_data import db

ROOT = Path(__file__).resolve().parent.parent
INSTALLED = (
    "the databases installed for this dashboard are SQLite (sqlite:///path/to/uep.sqlite) "
    "and PostgreSQL (postgresql://user:password@host/database)"
)


def command(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The command as people type it, in its own process (so that a traceback would show)."""
    env = {k: v for k, v in os.environ.items() if k != db.ENVIRONMENT_VARIABLE}
    return subprocess.run(
        [sys.executable, "-m", "uep_data", *argv],
        cwd=cwd,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_line(done: subprocess.CompletedProcess) -> str:
    """The one line that says what went wrong (after the line naming the database used)."""
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    said = [line for line in done.stderr.splitlines() if not line.startswith("Database: ")]
    assert len(said) == 1, done.stderr
    return said[0]


def test_a_database_url_that_is_not_one_says_how_to_write_one():
    said = one_line(command("summary", "--db", "data/uep.sqlite"))
    assert said == (
        "uep_data: 'data/uep.sqlite' is not a database URL: write one such as "
        "sqlite:///path/to/uep.sqlite or postgresql://user:password@host/database"
    )


def test_a_database_whose_driver_is_not_installed_names_the_databases_that_are():
    said = one_line(command("summary", "--db", "mysql://uep:secret@dbserver/uep"))
    assert said == (
        "uep_data: mysql://uep:***@dbserver/uep needs the mysql driver MySQLdb, which is not "
        f"installed: {INSTALLED}"
    )
    said = one_line(command("init", "--db", "nosuchdb://dbserver/uep"))
    assert "nosuchdb, which is not a kind of database SQLAlchemy knows" in said
    assert said.endswith(INSTALLED)


@pytest.mark.parametrize("name", ["summary", "init"])
def test_a_postgresql_server_that_cannot_be_reached_says_so_not_run_init(name):
    said = one_line(command(name, "--db", "postgresql://uep:secret@127.0.0.1:1/uep"))
    assert said.startswith(
        "uep_data: cannot reach the database postgresql+psycopg://uep:***@127.0.0.1:1/uep: "
    )
    assert "Connection refused" in said and "init" not in said
    assert "secret" not in said


def test_a_database_without_this_versions_schema_still_says_run_init(tmp_path):
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).close()  # a database, reached, but without the schema
    said = one_line(command("summary", "--db", f"sqlite:///{empty}"))
    assert "is not set up for this version: run `.venv/bin/python -m uep_data init`" in said


def test_the_template_in_a_folder_that_does_not_exist_is_refused_in_one_line(tmp_path):
    said = one_line(command("template", str(tmp_path / "no such folder" / "template.xlsx")))
    assert said == (
        f"uep_data: the folder {tmp_path / 'no such folder'} does not exist: create it, or "
        "give a path in a folder that exists"
    )
    said = one_line(command("template", str(tmp_path)))
    assert said.startswith(f"uep_data: {tmp_path} is a folder: give a file name")


def test_the_readmes_backup_command_makes_its_folder_readable_by_its_owner_only(tmp_path):
    """`backup backups/uep-2004-03-31.sqlite`, in a folder where backups/ does not exist yet."""
    url = f"sqlite:///{tmp_path / 'data' / 'uep.sqlite'}"
    assert command("sample", "--db", url).returncode == 0
    done = command("backup", "--db", url, "backups/uep-2004-03-31.sqlite", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "backups"
    assert done.stdout.startswith("Made the folder backups (readable by you only).\n")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "uep-2004-03-31.sqlite").stat().st_mode) == 0o600


def test_backups_and_the_data_folder_are_kept_out_of_version_control():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    for path in ("backups/uep-2004-03-31.sqlite", "data/uep.sqlite"):
        done = subprocess.run(
            ["git", "check-ignore", "--quiet", "--no-index", path], cwd=ROOT, check=False
        )
        assert done.returncode == 0, f"{path} is not ignored by git"


def test_restore_without_a_keyboard_asks_for_yes_without_saying_it_cannot_be_undone(tmp_path):
    """A restore keeps a copy of the database it replaces: it can be undone."""
    url = f"sqlite:///{tmp_path / 'data' / 'uep.sqlite'}"
    assert command("sample", "--db", url).returncode == 0
    backup = tmp_path / "backup.sqlite"
    assert command("backup", "--db", url, str(backup)).returncode == 0
    said = one_line(
        subprocess.run(
            [sys.executable, "-m", "uep_data", "restore", "--db", url, str(backup)],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )
    )
    assert "cannot be undone" not in said
    assert said.endswith("add --yes to confirm when not at a keyboard")


def test_spc_refuses_a_baseline_with_recalculations_rather_than_ignoring_them(tmp_path):
    series = tmp_path / "series.csv"
    series.write_text("date,value\n" + "".join(f"2003-{m:02d}-01,{m}\n" for m in range(1, 13)))
    said = one_line(
        command(
            "spc", str(series), "--improvement", "high", "--recalculate-at", "6", "--baseline", "4"
        )
    )
    assert said.startswith("uep_data: give --baseline or --recalculate-at, not both")
