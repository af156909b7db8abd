"""The User Employment Programme dashboard: entry point, sign-in and navigation by role.

A page the signed-in role may not see is not registered at all, so its address does not
open it either. The pages are declared once in uep_data/pages.py (address, title, icon,
section, roles); access control reads the same list. The page files live in app_pages/, not
pages/: Streamlit treats a pages/ folder beside the entry script as an older kind of
multipage app and, on a fresh server, runs pages/NAME.py directly when /NAME is the first
address asked for, skipping sign-in and the role check. Every page also refuses to run unless
this script navigated to it.

Without sign-in configured the app runs in local mode: on this computer only, as the
programme lead, with a "view as" switch to preview the steering group's and the board's
views. Before anyone is looked at, the connection itself is checked (gates.py): a host name
the dashboard does not serve, sign-in over plain HTTP from beyond this computer, or local
mode listening beyond it or reached through a proxy for another computer get a refusal and
nothing else. With sign-in on, every run checks
the sign-in against its record on the server (uep_data/sign_in_sessions.py).

Serve it with `streamlit run serve.py`, which puts the host-name check in front of every
request (the page, the websocket, media files), not only in front of this script.
"""

import streamlit as st

from uep_data import access, pages
from web import frame, gates, identity, polling, session, style

st.set_page_config(
    page_title="User Employment Programme",
    page_icon=":material/work:",
    layout="wide",
    initial_sidebar_state="expanded",
)
style.apply_house_style()

session.read_data_version()  # once per run: the caches (and the role mapping) follow it
refusal = gates.connection_refusal()
viewer = identity.nobody() if refusal else identity.current_viewer()

if refusal:
    page = st.navigation([st.Page(refusal, title="Not available")], position="hidden")
elif viewer.sign_in_configured and not viewer.signed_in:
    page = st.navigation([st.Page(gates.sign_in_page, title="Sign in")], position="hidden")
elif viewer.role is None:
    page = st.navigation([st.Page(gates.no_access_page, title="No access")], position="hidden")
else:
    sections: dict[str, list] = {}
    home = pages.PAGES[0]
    for entry in access.pages_for(viewer.role):
        sections.setdefault(entry.section, []).append(
            st.Page(
                entry.file,
                title=entry.title,
                icon=entry.icon,
                # the first page is served at the app's root address; its own address
                # (/overview) is a hidden page that opens it, with the address's filters
                url_path=gates.HOME if entry is home else entry.address,
                default=entry is home,
            )
        )
    sections[home.section].append(
        st.Page(gates.open_home, title=home.title, url_path=home.address, visibility="hidden")
    )
    page = st.navigation(sections, position="top")
    gates.note_page_not_found({entry.url_path for found in sections.values() for entry in found})
    frame.sidebar_identity(viewer)
    gates.entered_through_navigation(page.url_path)
    polling.watch_for_new_data()
page.run()
