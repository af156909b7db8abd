"""What every page shares: the database engine and the figures from uep_data, cached.

The dashboard's pages arrange what this module hands them; the numbers themselves come from
uep_data, the same core as the command line.
"""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from uep_data import db, metrics, targets


def database_url() -> str:
    """UEP_DATABASE_URL, else `database_url` in Streamlit's secrets, else the SQLite file."""
    if os.environ.get(db.ENVIRONMENT_VARIABLE):
        return db.default_database_url()
    try:
        url = st.secrets.get("database_url")
    except Exception:  # no secrets file: the usual case on one's own computer
        url = None
    return url or db.default_database_url()


@st.cache_resource(show_spinner=False)
def engine_for(url: str):
    engine = db.create_engine(url)
    db.upgrade(engine)
    return engine


def engine():
    return engine_for(database_url())


@st.cache_data(show_spinner=False)
def latest_data_date(url: str) -> dt.date | None:
    with db.reading(engine_for(url)) as conn:
        return metrics.latest_data_date(conn)


@st.cache_data(show_spinner=False)
def summary(url: str, as_of: dt.date) -> dict:
    with db.reading(engine_for(url)) as conn:
        return metrics.summary(conn, as_of)


@st.cache_data(show_spinner=False)
def target_results(url: str, as_of: dt.date) -> list[dict]:
    with db.reading(engine_for(url)) as conn:
        return [t.as_dict() for t in targets.evaluate_targets(conn, as_of)]
