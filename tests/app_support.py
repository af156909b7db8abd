"""What the page tests share: where the app is and its pages."""

from pathlib import Path

from uep_data import access

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = {name: f"app_pages/{name}.py" for name in access.AGGREGATE_PAGES + access.LEAD_PAGES}
TITLES = {
    "overview": "Overview",
    "targets": "Targets",
    "coverage": "Coverage",
    "stages": "Stages of support",
    "contacts": "Support contacts",
    "work_preparation": "Work preparation",
    "recruitment": "Recruitment",
    "funding": "Funding",
    "drill_down": "Drill-down",
    "meeting": "People in employment",
    "watch_list": "Danger-point watch list",
    "upload": "Upload",
    "history": "Import history",
    "targets_editor": "Targets and action plan",
    "settings": "Settings",
    "audit": "Audit log",
    "erase": "Erase a person",
}
# Pages that change the data rather than show it (their empty state is a form)
FORMS = {"targets_editor", "settings", "erase"}
