"""What stands before any page: a page runs only when app.py navigated to it (after sign-in
and the role check), and the pages shown instead of the dashboard: sign in, no access, and
the refusals: another host name, sign-in over plain HTTP, data beyond this computer without
sign-in (listening beyond it, or reached through a proxy for another computer)."""

from __future__ import annotations

import streamlit as st

from uep_data import access, events, pages, sign_in_sessions

from . import hosts, identity, notices
from .text import plain

ENTRY_SCRIPT = "app.py"
HOME = "home"  # the first page's name inside the navigation (it is served at "/")
HOME_FILE = pages.PAGES[0].file
NAVIGATED = "_entered_through_navigation"
CURRENT_PAGE = "_page"
REPORTED = "_refusal_reported"  # this session's refusal is in the system log already


def entered_through_navigation(page_path: str) -> None:
    """Called by app.py just before it runs the page it navigated to (after sign-in and the
    role check)."""
    st.session_state[NAVIGATED] = True
    st.session_state[CURRENT_PAGE] = page_path


def asked_page() -> str:
    """The page name the browser's address asked for ('' for the dashboard's own address,
    and when a page is asked for by its id, as the menu and the links do)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    manager = getattr(get_script_run_ctx(), "pages_manager", None)
    if manager is None or manager.intended_page_script_hash:
        return ""
    return (manager.intended_page_name or "").strip("/")


def note_page_not_found(addresses: set[str]) -> None:
    """An address naming a page that is not among `addresses` (the pages this viewer may
    open) opens the first page instead (st.navigation does that): say so on it."""
    asked = asked_page()
    if asked and asked not in addresses:
        notices.note(
            f"/{notices.typed(asked)} is not a page you can open here, so the dashboard "
            "opened at its first page (the pages are in the menu at the top)"
        )


def require_navigation() -> None:
    """Refuse to run a page that app.py did not navigate to in this run.

    A second line of defence: should a page file ever run without app.py (Streamlit's older
    multipage mode does this for a pages/ folder beside the entry script, which is why the
    pages live in app_pages/), nothing is shown: no sign-in, no role check, no data.
    """
    if not st.session_state.pop(NAVIGATED, False):
        st.title("User Employment Programme")
        st.write("Please open the dashboard from its home page.")
        st.page_link(ENTRY_SCRIPT, label="Open the dashboard", icon=":material/home:")
        st.stop()


def connection_refusal():
    """The page to show instead of the dashboard when this connection may not have it
    (None if it may): another host name; data beyond this computer without sign-in (the
    server listening beyond it, or this session passed on by a proxy for another
    computer); sign-in over plain HTTP from beyond this computer; sign-in set up wrongly.
    A refusal is said in the system log once for the session (not on each of its runs)."""
    refusal = _connection_refusal()
    if refusal is not None and not st.session_state.get(REPORTED):
        st.session_state[REPORTED] = True
        headers = hosts._headers()
        host = headers.get("host") if headers else None
        events.refused("connection_refused", why=REFUSALS[refusal.__name__], host=host)
    return refusal


def _connection_refusal():
    if not hosts.served_here():
        return refuse_host
    if not identity.sign_in_configured():
        if identity.serving_beyond_this_computer():
            return refuse_open_network
        if hosts.session_forwarded_for_another_computer():
            return refuse_forwarded
        return None
    if not hosts.sign_in_safe_here():
        return refuse_plain_http
    if identity.identity_claim() not in access.IDENTITY_CLAIMS:
        return refuse_misconfigured
    return None


def sign_in_page() -> None:
    st.title("User Employment Programme")
    ended = identity.viewer().ended
    if ended:
        st.info(sign_in_sessions.WHY_ENDED[ended], icon=":material/logout:")
    st.write(
        "This dashboard holds confidential information. Please sign in with your trust account."
    )
    st.button("Sign in", type="primary", on_click=st.login)


def no_access_page() -> None:
    st.title("You have no access")
    refused = identity.refused_change()
    if refused:  # a change asked for on the page shown before the role was taken away
        st.error(plain(refused), icon=":material/block:")
    viewer = identity.viewer()
    if not st.session_state.get(REPORTED):
        st.session_state[REPORTED] = True
        unverified = viewer.email is None and viewer.unverified_email
        events.refused(
            "sign_in_refused",
            viewer.email or viewer.unverified_email or "an unknown user",
            why="the address is not verified" if unverified else "no role given",
        )
    if viewer.email is None and viewer.unverified_email:
        st.write(
            f"You are signed in as {plain(viewer.unverified_email)}, but your sign-in service does "
            "not vouch for that address (it is not verified), so it gives you no role here. "
            "Ask the programme lead."
        )
    else:
        st.write(
            f"You are signed in as {plain(viewer.email or 'an unknown user')}, but no role in this "
            "dashboard has been given to you. Ask the programme lead to add you."
        )
    st.button("Sign out", on_click=identity.sign_out)


def refuse_host() -> None:
    st.title("Not at this address")
    st.error(plain(hosts.refused(st.get_option("server.port"))), icon=":material/block:")


def refuse_plain_http() -> None:
    st.title("HTTPS needed")
    st.error(
        "This dashboard holds confidential information and signing in to it needs a secure "
        "connection. Open it at its https:// address.",
        icon=":material/lock:",
    )


def refuse_misconfigured() -> None:
    st.title("Sign-in is not set up correctly")
    st.error(
        "In the secrets, [sign_in] identity_claim must be one of "
        + ", ".join(access.IDENTITY_CLAIMS)
        + " (see README, Sign-in).",
        icon=":material/error:",
    )


def refuse_open_network() -> None:
    st.title("Sign-in needed")
    st.error(
        "This dashboard is set to listen beyond this computer, but sign-in is not set "
        "up. It will not show any data until sign-in is configured (see README), or "
        "until it is run on this computer only (server.address = 127.0.0.1)."
    )


def refuse_forwarded() -> None:
    st.title("Sign-in needed")
    st.error(hosts.FORWARDED_ELSEWHERE, icon=":material/block:")


def open_home() -> None:
    """/overview: the first page, which is served at the app's root address, opened with the
    address's query (its date, period and filters)."""
    query = {key: st.query_params.get_all(key) for key in st.query_params}
    st.switch_page(HOME_FILE, query_params=query)


# how the system log says why a connection was refused
REFUSALS = {
    refuse_host.__name__: "host not served",
    refuse_open_network.__name__: "listening beyond this computer, without sign-in",
    refuse_forwarded.__name__: "passed on by a proxy for another computer, without sign-in",
    refuse_plain_http.__name__: "sign-in over plain HTTP",
    refuse_misconfigured.__name__: "sign-in set up wrongly",
}
