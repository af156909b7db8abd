"""One database for the dashboard and the command line: `database_url` in the secrets file
(as the README offers) is read by every command and by ./dashboard's set-up, not only by the
dashboard; UEP_DATABASE_URL still comes first; and every command says which database it used,
without its password."""

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from uep_data import cli, db, sample


def run(*argv: str) -> tuple[int, str, str]:
    with redirect_stdout(io.StringIO()) as out, redirect_stderr(io.StringIO()) as err:
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """No database named anywhere yet: a project secrets file and a home folder of the
    test's own, and a default SQLite file that does not exist."""
    project_secrets = tmp_path / "project" / ".streamlit" / "secrets.toml"
    project_secrets.parent.mkdir(parents=True)
    home = tmp_path / "home"
    (home / ".streamlit").mkdir(parents=True)
    monkeypatch.setattr(db, "PROJECT_SECRETS", project_secrets, raising=False)
    monkeypatch.setattr(db, "DEFAULT_SQLITE_PATH", tmp_path / "data" / "uep.sqlite")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv(db.ENVIRONMENT_VARIABLE, raising=False)
    return project_secrets, home / ".streamlit" / "secrets.toml"


@pytest.fixture
def shown_database(sample_url, tmp_path) -> Path:
    """The database the dashboard shows (a copy of the sample data, which hold P0002)."""
    path = tmp_path / "shown" / "uep.sqlite"
    path.parent.mkdir()
    shutil.copy(sample_url.removeprefix("sqlite:///"), path)
    return path


def test_erase_works_on_the_database_the_secrets_file_names_as_the_dashboard_does(
    settings, shown_database
):
    project_secrets, _ = settings
    project_secrets.write_text(f'database_url = "sqlite:///{shown_database}"\n')
    code, out, err = run("erase", "P0002", "--yes")
    assert code == 0, err
    assert "Nothing is stored about P0002" not in out
    assert "\nErased 2 rows." in out
    assert f"Database: sqlite:///{shown_database} (database_url in {project_secrets})" in err
    assert run("erase", "P0002", "--yes")[1].startswith("Nothing is stored about P0002")


def test_init_and_sample_as_dashboard_runs_them_use_the_secrets_files_database(settings, tmp_path):
    project_secrets, _ = settings
    named = tmp_path / "named" / "uep.sqlite"
    project_secrets.write_text(f'database_url = "sqlite:///{named}"\n')
    assert run("init")[0] == 0
    code, out, _ = run("sample", "--if-empty")
    assert code == 0 and "employments: 114 added" in out
    assert named.exists()
    assert not db.DEFAULT_SQLITE_PATH.exists()


def test_uep_database_url_comes_before_the_secrets_file(settings, shown_database, monkeypatch):
    project_secrets, _ = settings
    project_secrets.write_text(f'database_url = "sqlite:///{shown_database}"\n')
    elsewhere = shown_database.parent / "elsewhere.sqlite"
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, f"sqlite:///{elsewhere}")
    code, _, err = run("init")
    assert code == 0
    assert f"Database: sqlite:///{elsewhere} ({db.ENVIRONMENT_VARIABLE})" in err


def test_the_users_own_secrets_file_counts_and_the_projects_wins_over_it(settings, tmp_path):
    """As Streamlit reads them: ~/.streamlit/secrets.toml, then the project's."""
    project_secrets, own_secrets = settings
    own_secrets.write_text('database_url = "sqlite:////own/uep.sqlite"\n')
    assert db.chosen_database().url == "sqlite:////own/uep.sqlite"
    project_secrets.write_text('database_url = "sqlite:////project/uep.sqlite"\n[auth]\n')
    assert db.chosen_database() == db.Chosen(
        "sqlite:////project/uep.sqlite", f"database_url in {project_secrets}"
    )
    assert db.chosen_database("sqlite:////given.sqlite").source == "--db"


def test_without_any_setting_it_is_the_sqlite_file_under_data(settings):
    assert db.chosen_database() == db.Chosen(f"sqlite:///{db.DEFAULT_SQLITE_PATH}", "the default")


def test_a_secrets_file_that_is_not_toml_is_said_in_one_line(settings):
    project_secrets, _ = settings
    project_secrets.write_text('database_url = "sqlite:///x\n')
    code, out, err = run("summary")
    assert code == 2 and out == ""
    assert err.startswith(f"uep_data: {project_secrets} cannot be read (")
    assert err.rstrip().endswith("correct it") and err.count("\n") == 1


COMMANDS = [
    ("init",),
    ("summary",),
    ("targets",),
    ("page", "overview", "--as", "board"),
    ("import", "--dry-run", str(sample.SAMPLE_PATH)),
    ("undo",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_says_which_database_it_used_without_its_password(command, database_url):
    if command[0] != "init":
        assert run("sample", "--db", database_url)[0] == 0
    code, _, err = run(*command, "--db", database_url)
    assert code == 0, err
    said = [line for line in err.splitlines() if line.startswith("Database: ")]
    assert said == [f"Database: {db.describe(database_url)} (--db)"]
    password = db.parse_url(database_url).password
    if password:
        assert f":{password}@" not in err and ":***@" in said[0]
