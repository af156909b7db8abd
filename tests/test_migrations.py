"""Schema changes reach existing databases through migrations, keeping their data."""

import os
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tests.builders import person_rows, snapshot, workbook_bytes
from tests.conftest import POSTGRES_URL, SKIP_POSTGRES, _drop_postgres_database, _postgres_database
from uep_data import db, importer
from uep_data.schema import metadata


def test_the_migrations_build_exactly_the_schema_the_code_expects(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
    assert db.schema_version(engine) == db.latest_schema_version()


def test_init_on_an_existing_database_keeps_its_data(engine):
    importer.import_files(engine, [("p.xlsx", workbook_bytes({"people": person_rows("P1")}))])
    before = snapshot(engine)
    db.upgrade(engine)
    assert snapshot(engine) == before
    assert db.is_ready(engine)


def test_upgrading_from_the_first_schema_keeps_the_targets_and_adds_what_came_later(tmp_path):
    import sqlalchemy as sa
    from alembic import command

    engine = db.create_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    with engine.begin() as conn:
        command.upgrade(db._alembic_config(conn), "0001")
        conn.execute(
            sa.text(
                "INSERT INTO targets (target_id, title, metric, level, value, "
                "comparison) VALUES ('T1', 'Aim', 'in_employment', "
                "'aspirational', 35, 'at_least')"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO contacts (person_id, date, mode, contact_with, topic, minutes) "
                "VALUES ('P1', '2003-04-08', 'telephone', 'employee', '', 10)"
            )
        )
    db.upgrade(engine)
    with engine.connect() as conn:  # the contacts are kept, and still held to their key
        assert conn.execute(sa.text("SELECT count(*) FROM contacts")).scalar() == 1
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO contacts (person_id, date, mode, contact_with, topic, minutes) "
                "VALUES ('P1', '2003-04-08', 'telephone', 'employee', '', 10)"
            )
        )
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT target_id, retired FROM targets")).one()
    assert tuple(row) == ("T1", 0) or tuple(row) == ("T1", False)
    assert db.schema_version(engine) == db.latest_schema_version()
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM spc_recalculations")).scalar() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM target_check_ins")).scalar() == 0


def test_each_migration_file_is_named_after_its_revision_so_the_newest_is_known_without_alembic():
    # db.upgrade and db.is_ready read the newest revision from the file names, to spare every
    # command the loading of alembic when the database is up to date.
    assert db._newest_migration() == db.latest_schema_version()
    for path in db.MIGRATIONS.glob("*.py"):
        text = path.read_text()
        revision = path.name.split("_", 1)[0]
        assert f'revision = "{revision}"' in text or f"revision = '{revision}'" in text, path


def test_several_machines_migrating_an_empty_postgresql_database_at_once_all_succeed(tmp_path):
    """Each machine's migration service (deploy/cluster's units) may start at the same
    moment: one migrates, the others wait for it and find nothing to do (finding: two of
    three `init`s at once failed, creating tables the first had just created)."""
    if not POSTGRES_URL:
        pytest.skip(SKIP_POSTGRES)
    admin, name, url = _postgres_database()
    try:
        env = {**os.environ, db.ENVIRONMENT_VARIABLE: url}
        machines = [
            subprocess.Popen(
                [sys.executable, "-m", "uep_data", "init"],
                cwd=db.PROJECT_ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(4)
        ]
        said = [machine.communicate(timeout=300)[0] for machine in machines]
        assert [machine.returncode for machine in machines] == [0, 0, 0, 0], said
        engine = db.create_engine(url)
        assert db.schema_version(engine) == db.latest_schema_version()
        engine.dispose()
    finally:
        _drop_postgres_database(admin, name)


def test_a_database_migrated_by_a_newer_version_is_refused_saying_what_to_do(tmp_path):
    """Rolling back the code without restoring the database (deploy/README.md): `init`
    says in one line that a newer version migrated it, instead of alembic's traceback."""
    url = f"sqlite:///{tmp_path / 'uep.sqlite'}"
    engine = db.create_engine(url)
    db.upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    engine.dispose()
    done = subprocess.run(
        [sys.executable, "-m", "uep_data", "init"],
        cwd=db.PROJECT_ROOT,
        env={**os.environ, db.ENVIRONMENT_VARIABLE: url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    (said,) = done.stderr.strip().splitlines()
    assert said.startswith("uep_data: the database's schema is at revision 0099")
    assert "restore the backup made before the upgrade" in said
