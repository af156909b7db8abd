"""The database a session reads, the data version every cache follows, and page views cached
until the data change."""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from uep_data import audit, db, recalculations, views
from uep_data.dates import earliest_data_date, latest_data_date
from uep_data.disclosure.policy import tables_shared
from uep_data.settings import disclosure_rules as stored_disclosure_rules


def secret(name: str, default=None):
    try:
        return st.secrets.get(name, default)
    except Exception:  # no secrets file: the usual case on one's own computer
        return default


def database_url() -> str:
    """UEP_DATABASE_URL, else `database_url` in Streamlit's secrets, else the SQLite file:
    the database every command uses too (uep_data.db.chosen_database reads the same
    secrets files)."""
    if os.environ.get(db.ENVIRONMENT_VARIABLE):
        return db.default_database_url()
    return secret("database_url") or db.default_database_url()


@st.cache_resource(show_spinner=False)
def engine_for(url: str):
    engine = db.create_engine(url)
    db.upgrade(engine)
    return engine


def engine():
    return engine_for(database_url())


DATA_VERSION = "data_version"


def read_data_version() -> int:
    """Changes with every import, undo or edit: the caches below are keyed on it, so every
    open session shows new figures at its next rerun. Read once per run (by app.py)."""
    with db.reading(engine()) as conn:
        version = audit.data_version(conn)
    st.session_state[DATA_VERSION] = version
    return version


def data_version() -> int:
    version = st.session_state.get(DATA_VERSION)
    return read_data_version() if version is None else version


# Process-wide and bounded: a view is made once for every session that asks for it (and a
# session that asks while it is being made waits for it rather than making it again), and
# handed to each as it is, not copied: views are frozen and the pages only arrange them.
# The audience carries the disclosure rules, so a change of rules is another view too.
@st.cache_resource(show_spinner=False, max_entries=300)
def _page_view(name: str, url: str, version: int, filters, audience, options: tuple):
    # the controlled tables one view builds serve every other view of this data version
    with db.reading(engine_for(url)) as conn, tables_shared(url, version):
        return views.PAGE_VIEWS[name](conn, filters, audience, **dict(options))


def page_view(name: str, filters: views.Filters, audience, **options):
    """A page's view (uep_data.views), cached until the data change."""
    return _page_view(
        name, database_url(), data_version(), filters, audience, tuple(sorted(options.items()))
    )


@st.cache_data(show_spinner=False)
def _read(what: str, url: str, version: int, args: tuple):
    with db.reading(engine_for(url)) as conn:
        return READERS[what](conn, *args)


READERS = {
    "data_dates": lambda conn: (earliest_data_date(conn), latest_data_date(conn)),
    "recalculations": lambda conn: recalculations.listed(conn),
    "disclosure_rules": stored_disclosure_rules,
    "filter_options": lambda conn: views.filter_options(conn),
}


def cached(what: str, *args):
    """Something the pages share that follows the data (the data's dates, the lists the
    filters offer, the disclosure settings), read once per data version."""
    return _read(what, database_url(), data_version(), args)


def data_dates() -> tuple[dt.date | None, dt.date | None]:
    """The first and last dates in the data (the last is the default as-of date)."""
    return cached("data_dates")


def after_change() -> None:
    """After an import, an undo, an edit or an erasure: the caches go now (the shared page
    views too, so that no copy of erased records stays in this process's memory); every
    other open session sees the new data version at its next rerun."""
    st.cache_data.clear()
    _page_view.clear()
    read_data_version()


def fresh(function, *args, **kwargs):
    """Read something that must be current on every run (the audit log, the import
    history: an export is logged without changing the data version)."""
    with db.reading(engine()) as conn:
        return function(conn, *args, **kwargs)
