"""The User Employment Programme dashboard: entry point, sign-in and navigation by role.

A page the signed-in role may not see is not registered at all, so its address does not
open it either. Without sign-in configured the app runs in local mode: on this computer only,
as the programme lead, with a "view as" switch to preview the steering group's and the
board's views.
"""

import streamlit as st

import app_state
import ui
from uep_data import access

st.set_page_config(
    page_title="User Employment Programme",
    page_icon=":material/work:",
    layout="wide",
    initial_sidebar_state="expanded",
)
ui.apply_house_style()

viewer = app_state.current_viewer()
PAGES = {
    "overview": ("pages/overview.py", "Overview", ":material/dashboard:"),
    "targets": ("pages/targets.py", "Targets", ":material/flag:"),
    "coverage": ("pages/coverage.py", "Coverage", ":material/grid_view:"),
    "stages": ("pages/stages.py", "Stages of support", ":material/route:"),
    "contacts": ("pages/contacts.py", "Support contacts", ":material/forum:"),
    "work_preparation": ("pages/work_preparation.py", "Work preparation", ":material/school:"),
    "recruitment": ("pages/recruitment.py", "Recruitment", ":material/person_add:"),
    "funding": ("pages/funding.py", "Funding", ":material/payments:"),
    "drill_down": ("pages/drill_down.py", "Drill-down", ":material/zoom_in:"),
    "meeting": ("pages/meeting.py", "Meeting mode", ":material/co_present:"),
    "watch_list": ("pages/watch_list.py", "Danger-point watch list", ":material/visibility:"),
}
SECTIONS = {
    "The programme": [
        "overview",
        "targets",
        "coverage",
        "stages",
        "contacts",
        "work_preparation",
        "recruitment",
        "funding",
    ],
    "Explore and present": ["drill_down", "meeting"],
    "Programme lead": ["watch_list"],
}

if viewer.local_mode and app_state.serving_beyond_this_computer():
    page = st.navigation(
        [st.Page(ui.refuse_open_network, title="Sign-in needed")], position="hidden"
    )
elif viewer.sign_in_configured and not viewer.signed_in:
    page = st.navigation([st.Page(ui.sign_in_page, title="Sign in")], position="hidden")
elif viewer.role is None:
    page = st.navigation([st.Page(ui.no_access_page, title="No access")], position="hidden")
else:
    app_state.read_data_version()
    sections = {}
    for section, names in SECTIONS.items():
        allowed = access.pages_for(viewer.role, names)
        if allowed:
            sections[section] = [
                st.Page(
                    PAGES[name][0],
                    title=PAGES[name][1],
                    icon=PAGES[name][2],
                    url_path=name,
                    default=(name == "overview"),
                )
                for name in allowed
            ]
    page = st.navigation(sections, position="top")
    ui.sidebar_identity(viewer)
page.run()
