"""Two people at once: two imports and a stream of dashboard reads at the same time never
corrupt the data or fail, and the data end equal to one of the two orders of import (SQLite
with WAL and a busy timeout; PostgreSQL with transactions and a writers' lock)."""

import datetime as dt
import threading

from tests.builders import DIRECTORATES, PROFESSIONS, person_rows, post, snapshot, workbook_bytes
from uep_data import db, importer, measures

D = dt.date(2004, 3, 31)


def workbook(end: dt.date, extra: str) -> bytes:
    people = [f"P{i:03d}" for i in range(200)]
    return workbook_bytes(
        {
            "directorates": DIRECTORATES,
            "professions": PROFESSIONS,
            "people": person_rows(*people, extra),
            "employments": [post(p, dt.date(2003, 4, 1), end=end) for p in people]
            + [post(extra, dt.date(2003, 6, 1))],
            "contacts": [
                {
                    "person_id": p,
                    "date": dt.date(2003, 4, 1) + dt.timedelta(days=d),
                    "mode": "telephone",
                }
                for p in people
                for d in range(0, 300, 7)
            ],
        }
    )


def data_only(engine) -> dict:
    return {
        name: sorted(tuple(row[2:]) for row in rows)  # without id and import_id
        for name, rows in snapshot(engine).items()
    }


def serial_result(url_factory, first: bytes, second: bytes) -> dict:
    engine = db.create_engine(url_factory())
    db.upgrade(engine)
    for data in (first, second):
        assert importer.import_files(engine, [("w.xlsx", data)]).ok
    result = data_only(engine)
    engine.dispose()
    return result


def test_two_imports_and_readers_at_once_end_as_one_order_of_the_two(database_url, tmp_path):
    a = workbook(dt.date(2003, 12, 31), "PA1")
    b = workbook(dt.date(2004, 2, 29), "PB1")
    engine = db.create_engine(database_url)
    db.upgrade(engine)
    errors: list[BaseException] = []
    results = {}
    stop = threading.Event()

    def run_import(name, data):
        try:
            results[name] = importer.import_files(engine, [(f"{name}.xlsx", data)], who=name)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    def read_dashboard():
        reads = 0
        while not stop.is_set() or reads < 3:
            try:
                with db.reading(engine) as conn:
                    figures = measures.summary(conn, D)
                assert figures["in_employment"] in (0, 1, 2, 201, 202)
                reads += 1
            except BaseException as error:  # noqa: BLE001
                errors.append(error)
                return

    readers = [threading.Thread(target=read_dashboard) for _ in range(2)]
    writers = [threading.Thread(target=run_import, args=(n, d)) for n, d in (("a", a), ("b", b))]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join(120)
    stop.set()
    for thread in readers:
        thread.join(120)
    assert not errors, errors
    assert results["a"].ok and results["b"].ok
    final = data_only(engine)
    engine.dispose()
    if database_url.startswith("sqlite"):
        counter = iter(range(2))

        def fresh():
            return f"sqlite:///{tmp_path / f'serial{next(counter)}.sqlite'}"
    else:
        import uuid

        import sqlalchemy as sa

        base = sa.make_url(db.normalise_url(database_url))
        admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        made = []

        def fresh():
            name = f"serial_{uuid.uuid4().hex[:10]}"
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
            made.append(name)
            return base.set(database=name).render_as_string(hide_password=False)

    try:
        orders = [serial_result(fresh, a, b), serial_result(fresh, b, a)]
    finally:
        if not database_url.startswith("sqlite"):
            with admin.connect() as conn:
                for name in made:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()
    assert final in orders
