"""How fast each page's data come back at the size of a large trust (20 years, 20,000 people,
1,000,000 contacts) and at a quarter of it, uncached (each view made afresh, nothing shared
between views), on SQLite and PostgreSQL, against the naive way of loading the tables into
pandas and grouping there; each figure the processor time of the least of two runs (this
process's, and the PostgreSQL backend's when the server is on this machine).

    python -m bench.page_data_speed [--sizes 5000:250000,20000:1000000] [--postgres URL]
                                    [--no-naive]

--postgres (default: UEP_TEST_POSTGRES_URL) is a server where the user may create databases:
each size is built once into `uep_bench_large_<people>_<contacts>` and kept (drop them by
hand); SQLite's are kept in bench/out/.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pandas as pd

from bench.large_database import LAST_DAY, build
from uep_data import db, measures, views
from uep_data.disclosure import CONTROLLED, EXACT
from uep_data.papers import board_pack

OUT = Path(__file__).parent / "out"


def page_data(conn, filters):
    """Each page's view (as the pages ask for it), for the steering group, and a few more."""
    audience = CONTROLLED

    def page(name, audience=audience, **options):
        return lambda: views.PAGE_VIEWS[name](conn, filters, audience, **options)

    return {
        "overview": page("overview"),
        "overview (lead)": page("overview", EXACT),
        "targets": page("targets"),
        "coverage": page("coverage"),
        "stages": page("stages"),
        "watch list": page("watch_list", EXACT),
        "contacts": page("contacts"),
        "work preparation": page("work_preparation"),
        "recruitment": page("recruitment"),
        "funding": page("funding"),
        "drill-down": page("drill_down", EXACT),
        "meeting": page("meeting"),
        "summary (CLI)": lambda: measures.summary(conn, filters.as_of, filters.period),
        "board pack (PDF)": lambda: board_pack.board_pack_pdf(conn, filters.as_of),
    }


def naive(engine, filters):
    """The same kind of answers the naive way: read whole tables into pandas, group there."""

    def tables(*names):
        return {n: pd.read_sql_table(n, engine) for n in names}

    d = pd.Timestamp(filters.as_of)
    start = pd.Timestamp(filters.period.start)

    def in_post(e):
        e = e.assign(start_date=pd.to_datetime(e.start_date), end_date=pd.to_datetime(e.end_date))
        return e[(e.start_date <= d) & (e.end_date.isna() | (e.end_date >= d))]

    def overview():
        t = tables("employments", "recruitment", "work_preparation", "funding")
        posts = in_post(t["employments"])
        starts = pd.to_datetime(t["employments"].start_date)
        r = t["recruitment"].assign(period=pd.to_datetime(t["recruitment"].period))
        r = r[(r.period >= start) & (r.period <= d)]
        return (
            posts.person_id.nunique(),
            posts.groupby("directorate").person_id.nunique(),
            ((starts >= start) & (starts <= d)).sum(),
            r.recruits_lived_experience.sum() / r.recruits.sum(),
        )

    def contacts():
        ct = tables("contacts")["contacts"]
        ct = ct.assign(date=pd.to_datetime(ct.date))
        ct = ct[(ct.date >= start) & (ct.date <= d)]
        return (
            ct.groupby("mode").size(),
            ct.groupby("topic").size(),
            ct.groupby([ct.date.dt.to_period("M"), "mode"]).size(),
        )

    def coverage():
        posts = in_post(tables("employments")["employments"])
        return posts.groupby(["directorate", "profession"]).person_id.nunique()

    def stages():
        s = tables("stages", "employments")
        st = s["stages"].assign(date=pd.to_datetime(s["stages"].date))
        return st[(st.date >= start) & (st.date <= d)].groupby("stage").person_id.nunique()

    def recruitment():
        r = tables("recruitment")["recruitment"]
        return r.groupby(["period", "directorate"])[["recruits", "recruits_lived_experience"]].sum()

    return {
        "overview": overview,
        "coverage": coverage,
        "stages": stages,
        "contacts": contacts,
        "recruitment": recruitment,
        "drill-down": coverage,
    }


def database(backend: str, people: int, contacts: int, postgres: str) -> str:
    """The large database of that size (built the first time, then kept: bench/out/ for
    SQLite, a database named after the size on the PostgreSQL server)."""
    if backend == "SQLite":
        path = OUT / f"large_{people}_{contacts}.sqlite"
        url = f"sqlite:///{path}"
        if path.exists():
            return url
        OUT.mkdir(parents=True, exist_ok=True)
    else:
        import sqlalchemy as sa

        name = f"uep_bench_large_{people}_{contacts}"
        admin = sa.create_engine(db.normalise_url(postgres), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            exists = conn.exec_driver_sql(
                "SELECT 1 FROM pg_database WHERE datname = %(name)s", {"name": name}
            ).first()
            if not exists:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        url = sa.make_url(db.normalise_url(postgres)).set(database=name)
        url = url.render_as_string(hide_password=False)
        if exists:
            return url
    print(f"building {backend} {people:,} people, {contacts:,} contacts ...", flush=True)
    started = time.perf_counter()
    build(url, people, contacts)
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    return url


def _backend_ticks(pid: int | None) -> float:
    if pid is None:
        return 0.0
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_timed(fn, backend_pid: int | None, repeat: int = 2) -> float:
    """The least processor time of `repeat` calls: this process's and, for a PostgreSQL
    server on this machine, its backend's. On a machine shared with other work this moves
    far less than the time on the clock (which waits for a core as well)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time() + _backend_ticks(backend_pid)
        fn()
        best = min(best, time.process_time() + _backend_ticks(backend_pid) - started)
    return best


def _backend_pid(conn) -> int | None:
    if conn.dialect.name != "postgresql":
        return None
    pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    return pid if Path(f"/proc/{pid}/stat").exists() else None  # a server elsewhere: ours only


def measure(url: str, naive_too: bool) -> tuple[dict, dict]:
    engine = db.create_engine(url)
    db.upgrade(engine)  # a database built by an earlier version gets the later tables
    with db.reading(engine) as conn:
        filters = views.default_filters(conn, today=None)
        assert filters.as_of <= LAST_DAY, filters.as_of
        pid = _backend_pid(conn)
        ours = {name: cpu_timed(fn, pid) for name, fn in page_data(conn, filters).items()}
    theirs = {}
    if naive_too:
        theirs = {name: cpu_timed(fn, None, 1) for name, fn in naive(engine, filters).items()}
    engine.dispose()
    return ours, theirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes",
        default="5000:250000,20000:1000000",
        help="people:contacts for each size, smallest first (default: a quarter and whole)",
    )
    parser.add_argument("--postgres", default=os.environ.get("UEP_TEST_POSTGRES_URL", ""))
    parser.add_argument("--no-naive", action="store_true", help="leave out the pandas way")
    args = parser.parse_args()
    sizes = [tuple(int(n) for n in size.split(":")) for size in args.sizes.split(",")]
    backends = ["SQLite"] + (["PostgreSQL"] if args.postgres else [])
    results: dict[tuple, dict] = {}
    naive_times: dict = {}
    for backend in backends:
        for n, (people, contacts) in enumerate(sizes):
            url = database(backend, people, contacts, args.postgres)
            largest = n == len(sizes) - 1
            ours, theirs = measure(url, largest and backend == "SQLite" and not args.no_naive)
            results[(backend, people, contacts)] = ours
            naive_times.update(theirs)
            print(f"measured {backend}, {people:,} people, {contacts:,} contacts", flush=True)
    columns = list(results)
    heading = [f"{b} {p // 1000}k/{c // 1000}k" for b, p, c in columns]
    print()
    print(
        f"{'page':<18}"
        + "".join(f"{h:>22}" for h in heading)
        + "".join(f"{b + ' growth':>18}" for b in backends)
        + f"{'pandas (SQLite, largest)':>26}"
    )
    for page in results[columns[0]]:
        row = f"{page:<18}" + "".join(f"{results[c][page]:>21.3f}s" for c in columns)
        for backend in backends:
            mine = [results[c][page] for c in columns if c[0] == backend]
            row += f"{mine[-1] / mine[0]:>17.1f}x"
        other = naive_times.get(page)
        row += f"{(f'{other:.3f}s') if other else '-':>26}"
        print(row)
    print(
        f"(growth: the largest size's time over the smallest's, for {sizes[-1][1] // sizes[0][1]}"
        "x the contacts and "
        f"{sizes[-1][0] // sizes[0][0]}x the people; 1.0x is a page whose time does not grow)"
    )


if __name__ == "__main__":
    main()
