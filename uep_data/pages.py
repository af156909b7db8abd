"""The dashboard's pages, declared once: each page's address, title, icon, menu section, the
roles that may open it, and what it offers. The navigation (app.py), access control
(access.py) and `python -m uep_data page` all read this list."""

from __future__ import annotations

from dataclasses import dataclass

PROGRAMME_LEAD = "programme_lead"
STEERING_GROUP = "steering_group"
BOARD = "board"
EVERYONE = frozenset({PROGRAMME_LEAD, STEERING_GROUP, BOARD})
LEAD_AND_STEERING_GROUP = frozenset({PROGRAMME_LEAD, STEERING_GROUP})
LEAD = frozenset({PROGRAMME_LEAD})

THE_PROGRAMME = "The programme"
EXPLORE = "Explore and present"
LEADS_PAGES = "Programme lead"


@dataclass(frozen=True)
class Page:
    address: str  # /overview
    title: str
    icon: str
    section: str
    roles: frozenset[str]
    scoped: bool = True  # offers the directorate and profession filters
    figures: bool = True  # shows figures (its view answers `python -m uep_data page`)

    @property
    def file(self) -> str:
        """The page's layout file (app_pages/, not pages/: see app.py)."""
        return f"app_pages/{self.address}.py"


PAGES: tuple[Page, ...] = (
    Page("overview", "Overview", ":material/dashboard:", THE_PROGRAMME, EVERYONE),
    Page("targets", "Targets", ":material/flag:", THE_PROGRAMME, EVERYONE, scoped=False),
    Page(
        "coverage",
        "Coverage",
        ":material/grid_view:",
        THE_PROGRAMME,
        LEAD_AND_STEERING_GROUP,
        scoped=False,
    ),
    Page("stages", "Stages of support", ":material/route:", THE_PROGRAMME, LEAD_AND_STEERING_GROUP),
    Page(
        "contacts",
        "Support contacts",
        ":material/forum:",
        THE_PROGRAMME,
        LEAD_AND_STEERING_GROUP,
        scoped=False,
    ),
    Page(
        "work_preparation",
        "Work preparation",
        ":material/school:",
        THE_PROGRAMME,
        LEAD_AND_STEERING_GROUP,
        scoped=False,
    ),
    Page(
        "recruitment",
        "Recruitment",
        ":material/person_add:",
        THE_PROGRAMME,
        LEAD_AND_STEERING_GROUP,
    ),
    Page("funding", "Funding", ":material/payments:", THE_PROGRAMME, EVERYONE, scoped=False),
    Page("drill_down", "Drill-down", ":material/zoom_in:", EXPLORE, LEAD_AND_STEERING_GROUP),
    Page(
        "meeting",
        "Meeting mode",
        ":material/co_present:",
        EXPLORE,
        LEAD_AND_STEERING_GROUP,
        scoped=False,
    ),
    Page("upload", "Upload", ":material/upload_file:", LEADS_PAGES, LEAD, False, False),
    Page("history", "Import history", ":material/history:", LEADS_PAGES, LEAD, False, False),
    Page(
        "targets_editor",
        "Targets and action plan",
        ":material/edit_note:",
        LEADS_PAGES,
        LEAD,
        False,
        False,
    ),
    Page(
        "watch_list",
        "Danger-point watch list",
        ":material/visibility:",
        LEADS_PAGES,
        LEAD,
        scoped=False,
    ),
    Page("settings", "Settings", ":material/settings:", LEADS_PAGES, LEAD, False, False),
    Page("audit", "Audit log", ":material/fact_check:", LEADS_PAGES, LEAD, False, False),
    Page("erase", "Erase a person", ":material/person_remove:", LEADS_PAGES, LEAD, False, False),
)
# Not a page of the menu, but a view of its own: the board pack (a PDF from the Overview)
BOARD_PACK = Page("board_pack", "Board pack", ":material/picture_as_pdf:", "", EVERYONE, False)

BY_ADDRESS: dict[str, Page] = {page.address: page for page in (*PAGES, BOARD_PACK)}
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(page.section for page in PAGES))


def page(address: str) -> Page:
    return BY_ADDRESS[address]
