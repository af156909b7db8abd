"""Schema changes reach existing databases through migrations, keeping their data."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tests.builders import person_rows, snapshot, workbook_bytes
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
