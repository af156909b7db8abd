"""The SQLite database's files are their owner's alone: the file, its -wal and -shm files
(0600) and the folder made for them (0700), whatever the umask; a database file made by an
earlier version, readable by everyone, is tightened when the dashboard or a command opens it.
"""

import os
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.builders import person_rows, workbook_bytes
from uep_data import db, importer


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """The usual umask of a desktop account: files readable by everyone unless made private."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_database_and_its_folder_are_readable_by_their_owner_only(tmp_path, open_umask):
    path = tmp_path / "data" / "uep.sqlite"
    engine = db.create_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    data = workbook_bytes({"people": person_rows("P1")})
    assert importer.import_files(engine, [("p.xlsx", data)]).ok
    with engine.connect() as conn:  # open, so the -wal and -shm files are there
        conn.execute(sa.text("SELECT 1"))
        companions = [Path(f"{path}-wal"), Path(f"{path}-shm")]
        assert all(file.exists() for file in companions)
        assert [mode(file) for file in companions] == [0o600, 0o600]
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    engine.dispose()


def test_a_database_readable_by_everyone_is_tightened_when_opened(tmp_path, open_umask):
    path = tmp_path / "uep.sqlite"
    engine = db.create_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    engine.dispose()
    wal = Path(f"{path}-wal")
    wal.write_bytes(b"")
    for file in (path, wal):
        file.chmod(0o644)
    db.create_engine(f"sqlite:///{path}").dispose()  # what start-up and every command do
    assert mode(path) == 0o600 and mode(wal) == 0o600


def test_a_folder_someone_chose_is_left_as_it_is(tmp_path, open_umask):
    tmp_path.chmod(0o755)  # for example a shared folder holding other files
    path = tmp_path / "uep.sqlite"
    db.create_engine(f"sqlite:///{path}").dispose()
    assert mode(tmp_path) == 0o755 and mode(path) == 0o600
