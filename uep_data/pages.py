"""The dashboard's pages, declared once: each page's address, title, icon, menu section, the
roles that may open it, the question it answers, what it offers and the view that makes its
figures. The navigation (app.py), each page's heading (web/frame.py), access control
(access.py), the page views (views.PAGE_VIEWS) and `python -m uep_data page` all read this
list. A new page is its line here, its layout in app_pages/ and its view in uep_data/views/."""

from __future__ import annotations

from dataclasses import dataclass

PROGRAMME_LEAD = "programme_lead"
STEERING_GROUP = "steering_group"
BOARD = "board"
# readers of the published papers (the annual report): never a signed-in role, an audience
PUBLIC = "public"
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
    question: str = ""  # what the page answers, under its title
    scoped: bool = True  # offers the directorate and profession filters
    figures: bool = True  # shows figures (its view answers `python -m uep_data page`)
    # its view in uep_data/views: "module:function" (default: the address, twice)
    view: str | None = None

    @property
    def file(self) -> str:
        """The page's layout file (app_pages/, not pages/: see app.py)."""
        return f"app_pages/{self.address}.py"

    @property
    def view_name(self) -> tuple[str, str] | None:
        """The module of uep_data/views and the function in it that make the page's figures
        (None for a page without figures)."""
        if not self.figures:
            return None
        module, _, function = (self.view or f"{self.address}:{self.address}").partition(":")
        return module, function


PAGES: tuple[Page, ...] = (
    Page(
        "overview",
        "Overview",
        ":material/dashboard:",
        THE_PROGRAMME,
        EVERYONE,
        "Where the programme stands against its targets, at a glance.",
    ),
    Page(
        "targets",
        "Targets",
        ":material/flag:",
        THE_PROGRAMME,
        EVERYONE,
        "Are we on track for the programme's targets, and what is being done about the ones "
        "we are not?",
        scoped=False,
        view="targets:targets_page",
    ),
    Page(
        "coverage",
        "Coverage",
        ":material/grid_view:",
        THE_PROGRAMME,
        LEAD_AND_STEERING_GROUP,
        "Are there supported people in every directorate and profession, and in the posts "
        "that were once out of reach?",
        scoped=False,
    ),
    Page(
        "stages",
        "Stages of support",
        ":material/route:",
        THE_PROGRAMME,
        LEAD_AND_STEERING_GROUP,
        "Where does the journey into work lose people, and who needs support most right now?",
    ),
    Page(
        "contacts",
        "Support contacts",
        ":material/forum:",
        THE_PROGRAMME,
        LEAD_AND_STEERING_GROUP,
        "How is support given, and what is it about? (Most help is about work and life, only "
        "a minority about symptoms.)",
        scoped=False,
    ),
    Page(
        "work_preparation",
        "Work preparation",
        ":material/school:",
        THE_PROGRAMME,
        LEAD_AND_STEERING_GROUP,
        "How many take part, and how many move on into open employment or education?",
        scoped=False,
    ),
    Page(
        "recruitment",
        "Recruitment",
        ":material/person_add:",
        THE_PROGRAMME,
        LEAD_AND_STEERING_GROUP,
        "Are at least 15% of the trust's recruits people with personal experience of mental "
        "health problems, as the charter promises?",
    ),
    Page(
        "funding",
        "Funding",
        ":material/payments:",
        THE_PROGRAMME,
        EVERYONE,
        "What funds the programme, what does it cost per person supported, and what is at "
        "risk of ending?",
        scoped=False,
    ),
    Page(
        "drill_down",
        "Drill-down",
        ":material/zoom_in:",
        EXPLORE,
        LEAD_AND_STEERING_GROUP,
        "What lies behind a trust-wide figure: which directorates, and which professions "
        "within them?",
    ),
    Page(
        "meeting",
        "Meeting mode",
        ":material/co_present:",
        EXPLORE,
        LEAD_AND_STEERING_GROUP,
        "The key views one at a time, for the shared screen.",
        scoped=False,
    ),
    Page(
        "upload",
        "Upload",
        ":material/upload_file:",
        LEADS_PAGES,
        LEAD,
        "Bring the dashboard up to date from the programme's workbook. Nothing is written "
        "until you have seen what will change.",
        scoped=False,
        figures=False,
    ),
    Page(
        "history",
        "Import history",
        ":material/history:",
        LEADS_PAGES,
        LEAD,
        "Every upload, who made it and what it changed; the newest can be undone.",
        scoped=False,
        figures=False,
    ),
    Page(
        "targets_editor",
        "Targets and action plan",
        ":material/edit_note:",
        LEADS_PAGES,
        LEAD,
        "Keep the steering group's targets and actions up to date. Retire a target rather "
        "than delete it: it stays in the history.",
        scoped=False,
        figures=False,
    ),
    Page(
        "watch_list",
        "Danger-point watch list",
        ":material/visibility:",
        LEADS_PAGES,
        LEAD,
        "Who may need a call this week? Everyone at a danger point on the as-of date, by their "
        "code.",
        scoped=False,
    ),
    Page(
        "reports",
        "Reports",
        ":material/description:",
        LEADS_PAGES,
        LEAD,
        "The papers the trust publishes: the annual report (PDF and web pages) and each "
        "funder's return, to preview and download. They are under disclosure control, for "
        "anyone to read.",
        scoped=False,
    ),
    Page(
        "settings",
        "Settings",
        ":material/settings:",
        LEADS_PAGES,
        LEAD,
        "The numbers behind disclosure control, target status and the charts' signals, and "
        "who may see what.",
        scoped=False,
        figures=False,
    ),
    Page(
        "audit",
        "Audit log",
        ":material/fact_check:",
        LEADS_PAGES,
        LEAD,
        "Who changed what, and when.",
        scoped=False,
        figures=False,
    ),
    Page(
        "erase",
        "Erase a person",
        ":material/person_remove:",
        LEADS_PAGES,
        LEAD,
        "Remove everything the dashboard holds about one person, for example when they ask "
        "for it. This cannot be undone.",
        scoped=False,
        figures=False,
    ),
)
# Not pages of the menu, but views of their own: the papers. The board pack (a PDF from the
# Overview) is at board level whoever makes it; the annual report is for the public, and a
# funder's return for a funder outside the trust (both made on Reports).
BOARD_PACK = Page(
    "board_pack", "Board pack", ":material/picture_as_pdf:", "", EVERYONE, scoped=False
)
ANNUAL_REPORT = Page(
    "annual_report",
    "Annual report",
    ":material/menu_book:",
    "",
    EVERYONE | {PUBLIC},
    "The year for the public, in figures, beside the year before.",
    scoped=False,
)
FUNDER_RETURN = Page(
    "funder_return",
    "Funder's return",
    ":material/request_quote:",
    "",
    EVERYONE,
    "What a funding stream paid for, and the outcomes in its purpose's terms.",
    scoped=False,
)
PAPERS: tuple[Page, ...] = (BOARD_PACK, ANNUAL_REPORT, FUNDER_RETURN)

BY_ADDRESS: dict[str, Page] = {page.address: page for page in (*PAGES, *PAPERS)}


def page(address: str) -> Page:
    return BY_ADDRESS[address]
