"""The User Employment Programme dashboard: entry point, sign-in and navigation by role.

A page the signed-in role may not see is not registered at all, so its address does not
open it either. The page files live in app_pages/, not pages/: Streamlit treats a pages/
folder beside the entry script as an older kind of multipage app and, on a fresh server,
runs pages/NAME.py directly when /NAME is the first address asked for, skipping sign-in and
the role check. Every page also refuses to run unless this script navigated to it.

Without sign-in configured the app runs in local mode: on this computer only, as the
programme lead, with a "view as" switch to preview the steering group's and the board's
views.
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

app_state.read_data_version()  # once per run: the caches (and the role mapping) follow it
viewer = app_state.current_viewer()
PAGES = {
    "overview": ("app_pages/overview.py", "Overview", ":material/dashboard:"),
    "targets": ("app_pages/targets.py", "Targets", ":material/flag:"),
    "coverage": ("app_pages/coverage.py", "Coverage", ":material/grid_view:"),
    "stages": ("app_pages/stages.py", "Stages of support", ":material/route:"),
    "contacts": ("app_pages/contacts.py", "Support contacts", ":material/forum:"),
    "work_preparation": ("app_pages/work_preparation.py", "Work preparation", ":material/school:"),
    "recruitment": ("app_pages/recruitment.py", "Recruitment", ":material/person_add:"),
    "funding": ("app_pages/funding.py", "Funding", ":material/payments:"),
    "drill_down": ("app_pages/drill_down.py", "Drill-down", ":material/zoom_in:"),
    "meeting": ("app_pages/meeting.py", "Meeting mode", ":material/co_present:"),
    "watch_list": ("app_pages/watch_list.py", "Danger-point watch list", ":material/visibility:"),
    "upload": ("app_pages/upload.py", "Upload", ":material/upload_file:"),
    "history": ("app_pages/history.py", "Import history", ":material/history:"),
    "targets_editor": (
        "app_pages/targets_editor.py",
        "Targets and action plan",
        ":material/edit_note:",
    ),
    "settings": ("app_pages/settings.py", "Settings", ":material/settings:"),
    "audit": ("app_pages/audit.py", "Audit log", ":material/fact_check:"),
    "erase": ("app_pages/erase.py", "Erase a person", ":material/person_remove:"),
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
    "Programme lead": [
        "upload",
        "history",
        "targets_editor",
        "watch_list",
        "settings",
        "audit",
        "erase",
    ],
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
    ui.entered_through_navigation(page.url_path)
    ui.watch_for_new_data()
page.run()
