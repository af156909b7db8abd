"""Who is looking: signed in or not, in which role, and (for the programme lead) which role
they are viewing as. Worked out once per run by app.py; pages ask `viewer()`."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import streamlit as st

from uep_data import access, db, settings, sign_in_sessions
from uep_data.acting import LOCAL_LEAD, Acting, require_lead
from uep_data.disclosure import Audience

from . import hosts, session

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
    email: str | None = None  # the name the sign-in service vouches for
    actual_role: str | None = None  # the role they have, before "view as"
    ended: str | None = None  # why their sign-in ended (sign_in_sessions), if it has
    unverified_email: str | None = None  # an email the sign-in service did not vouch for

    @property
    def local_mode(self) -> bool:
        return not self.sign_in_configured

    @property
    def viewing_as_another(self) -> bool:
        return self.role is not None and self.role != self.actual_role


def sign_in_configured() -> bool:
    return bool(session.secret("auth"))


def secrets_role_mapping() -> dict:
    """The secrets file's [roles], as {role: [entries]}."""
    found = session.secret("roles") or {}
    return {role: list(found.get(role, [])) for role in access.ROLES}


def role_mapping_in_force() -> tuple[access.RoleMapping, str]:
    """The role mapping in force and where it comes from: the one saved in Settings once it
    holds any entry, else the secrets file's [roles] (access.mapping_in_force)."""
    return access.mapping_in_force(session.cached("role_mapping"), secrets_role_mapping())


def role_mapping() -> access.RoleMapping:
    return role_mapping_in_force()[0]


def identity_claim() -> str:
    """The claim that names a person for the role mapping ([sign_in] identity_claim)."""
    return str((session.secret("sign_in") or {}).get("identity_claim", "email"))


def lifetimes() -> sign_in_sessions.Lifetimes:
    return session.cached("session_lifetimes")


session.READERS["role_mapping"] = lambda conn: settings.get(conn, "role_mapping")
session.READERS["session_lifetimes"] = lambda conn: sign_in_sessions.Lifetimes.from_settings(
    settings.get(conn, "session_idle_minutes"), settings.get(conn, "session_absolute_hours")
)

# set by the data-version poll before it reruns the app: that run is not the person's doing
# and does not count against the idle lifetime
RUN_BY_POLL = "_run_by_poll"


def serving_beyond_this_computer() -> bool:
    address = st.get_option("server.address") or ""
    return address not in LOOPBACK


def on_this_computer() -> bool:
    """Whether this session is the person at this computer, as local mode needs: the server
    listens on this computer only, the session came in under this computer's own name, and
    no proxy passed it on for another computer (gates.connection_refusal says the same)."""
    return (
        not serving_beyond_this_computer()
        and hosts.served_here()
        and not hosts.session_forwarded_for_another_computer()
    )


def current_viewer() -> Viewer:
    """Who is looking, worked out once per run by app.py (pages ask `viewer()`)."""
    found = _work_out_viewer()
    st.session_state[VIEWER] = found
    return found


def viewer() -> Viewer:
    """The viewer app.py worked out at the start of this run."""
    found = st.session_state.get(VIEWER)
    return found if found is not None else current_viewer()


def nobody() -> Viewer:
    """The viewer of a run refused before anyone is looked at (gates.connection_refusal)."""
    found = Viewer(None, False, sign_in_configured())
    st.session_state[VIEWER] = found
    return found


def _claims() -> dict:
    return dict(st.user.to_dict())


def _identified(claims: dict) -> tuple[str | None, str | None, str | None]:
    """The name the sign-in service vouches for, the role it has, and an email address
    given without being vouched for."""
    name = access.vouched_identity(claims, identity_claim())
    unverified = None if name else claims.get("email")
    return name, role_mapping().role_for(name, _groups(claims)), unverified


def _person(name: str | None, role: str | None, unverified: str | None):
    """Who a sign-in is, for the audit log: the name the role comes from (or, without one,
    an address not vouched for, marked so), and the role they have."""
    if name is None:
        name = f"{unverified} (not verified)" if unverified else "an account with no name"
    return sign_in_sessions.Person(name, role)


def _work_out_viewer() -> Viewer:
    if not sign_in_configured():
        actual = access.PROGRAMME_LEAD
        return Viewer(_viewing_as(actual), False, False, None, actual)
    claims = _claims()
    if not claims.get("is_logged_in", False):
        return Viewer(None, False, True)
    by_poll = bool(st.session_state.pop(RUN_BY_POLL, False))
    name, actual, unverified = _identified(claims)
    verdict = sign_in_sessions.check(
        session.engine(),
        claims,
        lifetimes(),
        active=not by_poll,
        person=_person(name, actual, unverified),
    )
    if verdict != sign_in_sessions.ACTIVE:
        return Viewer(None, False, True, ended=verdict)
    if actual is None:
        return Viewer(None, True, True, name, None, unverified_email=unverified)
    return Viewer(_viewing_as(actual), True, True, name, actual, unverified_email=unverified)


def sign_in_has_ended() -> bool:
    """Whether this session's sign-in has ended since its last run (signed out anywhere,
    idle, too old), checked without counting as activity (the data-version poll)."""
    if not sign_in_configured():
        return False
    claims = _claims()
    if not claims.get("is_logged_in", False):
        return False
    verdict = sign_in_sessions.check(session.engine(), claims, lifetimes(), active=False)
    return verdict != sign_in_sessions.ACTIVE


def sign_out() -> None:
    """End every sign-in of this person (every window, browser and copy of the cookie),
    then sign out of this browser."""
    claims = _claims()
    if claims.get("is_logged_in", False):
        person = _person(*_identified(claims))
        sign_in_sessions.sign_out(session.engine(), claims, person=person)
    st.logout()


def while_signed_in(callback):
    """For a callback that changes something: it runs only if the session's sign-in is
    still open (a callback runs before app.py checks the session). A change the data layer
    refuses (the person is not the programme lead by then: acting.require_lead) leaves its
    reason for the next page to show (`refused_change`)."""

    @functools.wraps(callback)
    def guarded(*args, **kwargs):
        if sign_in_has_ended():
            return None
        try:
            return callback(*args, **kwargs)
        except access.AccessDenied as refusal:
            st.session_state[REFUSED] = str(refusal)
            return None

    return guarded


REFUSED = "_uep_refused_change"  # why the data layer refused a change a callback asked for


@while_signed_in
def check_still_the_lead() -> None:
    """The callback of a button whose change is made in the run its click starts (so that
    its progress shows beside it): whether the person is still the programme lead, as the
    database says at the click. If not, why is kept for the page the run shows instead (no
    access), so the change is never asked for; it is checked again as it is written."""
    with db.reading(session.engine()) as conn:
        require_lead(conn, acting())


def refused_change() -> str | None:
    """Why the last change asked for was refused, once (None if it was not)."""
    return st.session_state.pop(REFUSED, None)


def acting() -> Acting:
    """Who is making a change, worked out now, when the change is asked for (a callback runs
    before app.py looks at the session again, so the viewer of the page's last run may be
    out of date): the data layer checks it in the transaction that writes the change
    (acting.require_lead). Raises access.AccessDenied if nobody may act here."""
    state = st.session_state
    viewing_as = state.get(VIEW_AS_ROLE, state.get(VIEW_AS))
    if not sign_in_configured():
        if not on_this_computer():
            raise access.AccessDenied(hosts.FORWARDED_ELSEWHERE)
        return Acting.at_this_computer(LOCAL_LEAD, viewing_as)
    claims = _claims()
    sign_in = sign_in_sessions.SignIn.from_claims(claims)
    if not claims.get("is_logged_in", False) or sign_in is None:
        raise access.AccessDenied(sign_in_sessions.WHY_ENDED[sign_in_sessions.NOT_A_SIGN_IN])
    name = access.vouched_identity(claims, identity_claim())
    return Acting(
        who=name or "someone signed in without a verified name",
        signed_in=True,
        name=name,
        groups=tuple(_groups(claims)),
        secrets_roles=secrets_role_mapping(),
        sign_in_key=sign_in.session_key,
        viewing_as=viewing_as,
    )


def _groups(claims: dict) -> list[str]:
    groups = claims.get("groups") or []
    return [groups] if isinstance(groups, str) else list(groups)


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
    return LOCAL_LEAD
