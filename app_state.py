"""What every page shares: the database, who is signed in and in which role, the filters
kept in the URL, and the figures from uep_data, cached until the data change.

Pages arrange what this module hands them; the numbers come from uep_data.views, the same
core as the command line and the board pack.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import streamlit as st

from uep_data import access, db, views
from uep_data.disclosure import Audience, Rules
from uep_data.metrics import earliest_data_date, latest_data_date

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
ENTRY_SCRIPT = "app.py"


# --- the database ------------------------------------------------------------------------


def _secret(name: str, default=None):
    try:
        return st.secrets.get(name, default)
    except Exception:  # no secrets file: the usual case on one's own computer
        return default


def database_url() -> str:
    """UEP_DATABASE_URL, else `database_url` in Streamlit's secrets, else the SQLite file."""
    if os.environ.get(db.ENVIRONMENT_VARIABLE):
        return db.default_database_url()
    return _secret("database_url") or db.default_database_url()


@st.cache_resource(show_spinner=False)
def engine_for(url: str):
    engine = db.create_engine(url)
    db.upgrade(engine)
    return engine


def engine():
    return engine_for(database_url())


def read_data_version() -> int:
    """Changes with every import, undo or edit: the caches below are keyed on it, so every
    open session shows new figures at its next rerun. Read once per run (by app.py)."""
    with db.reading(engine()) as conn:
        version = views.data_version(conn)
    st.session_state["data_version"] = version
    return version


def data_version() -> int:
    version = st.session_state.get("data_version")
    return read_data_version() if version is None else version


# --- who is looking ----------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """Who is looking and what they may see: the role they act in (None: no access), whether
    sign-in is on, and who they are."""

    role: str | None
    signed_in: bool
    sign_in_configured: bool
    email: str | None = None
    actual_role: str | None = None  # the role they have, before "view as"

    @property
    def local_mode(self) -> bool:
        return not self.sign_in_configured


def sign_in_configured() -> bool:
    auth = _secret("auth")
    return bool(auth)


def role_mapping() -> access.RoleMapping:
    """The role mapping: from the settings (the programme lead keeps it), else from the
    secrets' [roles] section."""
    stored = cached_view(views.stored_role_mapping)
    if stored:
        return access.RoleMapping.from_settings(stored)
    return access.RoleMapping.from_settings(_secret("roles") or {})


def serving_beyond_this_computer() -> bool:
    address = st.get_option("server.address") or ""
    return address not in LOOPBACK


VIEWER = "_uep_viewer"


def current_viewer() -> Viewer:
    """Who is looking, worked out once per run by app.py (pages ask `viewer()`)."""
    found = _work_out_viewer()
    st.session_state[VIEWER] = found
    return found


def viewer() -> Viewer:
    """The viewer app.py worked out at the start of this run."""
    found = st.session_state.get(VIEWER)
    return found if found is not None else current_viewer()


def _work_out_viewer() -> Viewer:
    if not sign_in_configured():
        actual = access.PROGRAMME_LEAD
        return Viewer(_viewing_as(actual), False, False, None, actual)
    user = st.user
    if not user.get("is_logged_in", False):
        return Viewer(None, False, True)
    email = user.get("email")
    groups = user.get("groups") or []
    if isinstance(groups, str):
        groups = [groups]
    actual = role_mapping().role_for(email, groups)
    if actual is None:
        return Viewer(None, True, True, email, None)
    return Viewer(_viewing_as(actual), True, True, email, actual)


def _viewing_as(actual: str) -> str:
    """The programme lead may preview the steering group's or the board's view; nobody can
    view as a role above their own."""
    wanted = st.session_state.get("view_as", actual)
    if actual == access.PROGRAMME_LEAD and wanted in access.ROLES:
        return wanted
    return actual


def disclosure_rules() -> Rules:
    return cached_view(views.disclosure_rules)


def audience(viewer: Viewer, meeting: bool = False) -> Audience:
    return access.audience_for(viewer.role, meeting, disclosure_rules())


# --- the data's dates ---------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def _data_dates(url: str, version: int) -> tuple[dt.date | None, dt.date | None]:
    with db.reading(engine_for(url)) as conn:
        return earliest_data_date(conn), latest_data_date(conn)


def data_dates() -> tuple[dt.date | None, dt.date | None]:
    """The first and last dates in the data (the last is the default as-of date)."""
    return _data_dates(database_url(), data_version())


# --- the figures, cached per data version ------------------------------------------------


def cached_view(function, *args, **kwargs):
    """Call a uep_data.views function with a read connection, cached until the data change.
    Arguments must be hashable (filters, audience, dates, names)."""
    return _cached(
        function.__name__, database_url(), data_version(), args, tuple(sorted(kwargs.items()))
    )


@st.cache_data(show_spinner=False, max_entries=500)
def _cached(name: str, url: str, version: int, args: tuple, kwargs: tuple):
    function = getattr(views, name)
    with db.reading(engine_for(url)) as conn:
        return function(conn, *args, **dict(kwargs))


def clear_caches() -> None:
    """After an import, an undo or an edit (the data version also moves on for everyone)."""
    st.cache_data.clear()


def who(viewer: Viewer) -> str:
    """How a person is named in the audit log."""
    if viewer.email:
        return viewer.email
    return "Programme lead (local mode, this computer)"


def after_change() -> None:
    """After an import, an undo or an edit: this session's caches go now; every other open
    session sees the new data version at its next rerun."""
    clear_caches()
    read_data_version()


def log_export(viewer: Viewer, what: str, audience_words: str) -> None:
    """Downloads of figures are exports: logged with who, what and for whom."""
    from uep_data import audit

    with db.writing(engine()) as conn:
        audit.log(conn, who(viewer), "export", {"what": what, "audience": audience_words})
