"""Who is looking: signed in or not, in which role, and (for the programme lead) which role
they are viewing as. Worked out once per run by app.py; pages ask `viewer()`."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from uep_data import access, settings
from uep_data.disclosure import Audience

from . import session

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
VIEWER = "_uep_viewer"
VIEW_AS = "view_as"  # the "View as" box
# the role chosen in it, kept for the whole session: a widget's own state can be dropped
# when a page changes, and with it the role, so the session keeps its own copy
VIEW_AS_ROLE = "_view_as_role"


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

    @property
    def viewing_as_another(self) -> bool:
        return self.role is not None and self.role != self.actual_role


def sign_in_configured() -> bool:
    return bool(session.secret("auth"))


def role_mapping() -> access.RoleMapping:
    """The role mapping: from the settings (the programme lead keeps it), else from the
    secrets' [roles] section."""
    stored = session.cached("role_mapping")
    if stored:
        return access.RoleMapping.from_settings(stored)
    return access.RoleMapping.from_settings(session.secret("roles") or {})


session.READERS["role_mapping"] = lambda conn: settings.get(conn, "role_mapping")


def serving_beyond_this_computer() -> bool:
    address = st.get_option("server.address") or ""
    return address not in LOOPBACK


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
    """The programme lead may preview the steering group's or the board's view, for the
    whole session (every page, click and address keeps it); nobody can view as a role
    above their own."""
    state = st.session_state
    if VIEW_AS_ROLE not in state and VIEW_AS in state:  # set before the first run
        state[VIEW_AS_ROLE] = state[VIEW_AS]
    wanted = state.get(VIEW_AS_ROLE, actual)
    if actual == access.PROGRAMME_LEAD and wanted in access.ROLES:
        return wanted
    return actual


def remember_view_as() -> None:
    """The "View as" box changed: keep the role for the session."""
    st.session_state[VIEW_AS_ROLE] = st.session_state[VIEW_AS]


def audience(viewer: Viewer, meeting: bool = False) -> Audience:
    return access.audience_for(viewer.role, meeting, session.cached("disclosure_rules"))


def who(viewer: Viewer) -> str:
    """How a person is named in the audit log."""
    if viewer.email:
        return viewer.email
    return "Programme lead (local mode, this computer)"
