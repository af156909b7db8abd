"""Each page's view with its figures kept (read from kept readings, each view in a new read
transaction: nothing of the first view held in memory), beside the same view counted afresh
(kept readings turned off), on `bench.large_database` databases; processor time, the least of
`--repeat` runs, this process's and (PostgreSQL on this machine) its backend's.

    .venv/bin/python -m bench.kept_figures                          # SQLite, full size
    UEP_TEST_POSTGRES_URL=... .venv/bin/python -m bench.kept_figures --sizes 20000:1000000
"""

from __future__ import annotations

import argparse
import os
import time

from uep_data import db, views
from uep_data.kept import forget, store

from .page_data_speed import _backend_pid, _backend_ticks, database, page_data


def _timed(engine, name: str, fresh: bool, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        with db.reading(engine) as conn:
            if fresh:
                conn.info[store.OFF] = True
            pid = _backend_pid(conn)
            filters = views.default_filters(conn, today=None)
            fn = page_data(conn, filters)[name]
            started = time.process_time() + _backend_ticks(pid)
            fn()
            best = min(best, time.process_time() + _backend_ticks(pid) - started)
            conn.info.pop(store.OFF, None)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="20000:1000000")
    parser.add_argument("--postgres", default=os.environ.get("UEP_TEST_POSTGRES_URL", ""))
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    backends = ["SQLite"] + (["PostgreSQL"] if args.postgres else [])
    for backend in backends:
        for size in args.sizes.split(","):
            people, contacts = (int(n) for n in size.split(":"))
            engine = db.create_engine(database(backend, people, contacts, args.postgres))
            db.upgrade(engine)
            with db.reading(engine) as conn:
                names = list(page_data(conn, views.default_filters(conn, today=None)))
            print(f"{backend}, {people:,} people, {contacts:,} contacts")
            print(f"  {'page':<22}{'afresh':>10}{'first, keeping':>16}{'kept':>10}")
            for name in names:
                fresh = _timed(engine, name, True, args.repeat)
                with db.writing(engine) as conn:  # the first view after a change
                    forget.every_reading(conn)
                first = _timed(engine, name, False, 1)
                kept = _timed(engine, name, False, args.repeat)
                print(f"  {name:<22}{fresh:>9.3f}s{first:>15.3f}s{kept:>9.3f}s", flush=True)
            engine.dispose()


if __name__ == "__main__":
    main()
