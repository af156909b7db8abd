"""How fast each page's data come back at the size of a large trust (20 years, 20,000 people,
1,000,000 contacts), uncached, against the naive way of loading the tables into pandas and
grouping there; one run, SQLite.

    python -m bench.page_data_speed [--contacts 1000000] [--people 20000]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from bench.large_database import LAST_DAY, build
from bench.timing import timed
from uep_data import board_pack, db, measures, views
from uep_data.disclosure import CONTROLLED, EXACT

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=20_000)
    args = parser.parse_args()
    path = OUT / f"large_{args.people}_{args.contacts}.sqlite"
    url = f"sqlite:///{path}"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        print(f"building {path} ...")
        started = time.perf_counter()
        build(url, args.people, args.contacts)
        print(f"  built in {time.perf_counter() - started:.0f} s")
    engine = db.create_engine(url)
    db.upgrade(engine)  # a database built by an earlier version gets the later tables
    with db.reading(engine) as conn:
        filters = views.default_filters(conn, today=None)
        assert filters.as_of <= LAST_DAY, filters.as_of
        print(f"{args.people:,} people, {args.contacts:,} contacts; as of {filters.as_of}")
        ours = {name: timed(fn) for name, fn in page_data(conn, filters).items()}
    theirs = {name: timed(fn, repeat=1) for name, fn in naive(engine, filters).items()}
    print(f"{'page':<18} {'uep_data (SQL)':>15} {'naive pandas':>13} {'ratio':>7}")
    for name, seconds in ours.items():
        other = theirs.get(name)
        ratio = f"{other / seconds:6.1f}x" if other else ""
        print(f"{name:<18} {seconds:>14.3f}s {(f'{other:.3f}s' if other else '-'):>13} {ratio:>7}")
    print(f"slowest page: {max(ours, key=ours.get)} {max(ours.values()):.3f} s")


if __name__ == "__main__":
    main()
