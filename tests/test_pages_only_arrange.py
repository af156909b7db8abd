"""The pages only arrange what their views return: no SQL, no database access, no
SQLAlchemy and no disclosure decision in app_pages/ (the figures come from uep_data.views,
already under the audience's disclosure control)."""

import re
from pathlib import Path

import pytest

PAGES = sorted((Path(__file__).resolve().parent.parent / "app_pages").glob("*.py"))
FORBIDDEN = {
    "SQLAlchemy": r"\bsqlalchemy\b|\bimport sqlalchemy\b|\bsa\.",
    "SQL": r"\bselect\(|\bSELECT\b|\.execute\(",
    "database access": r"\bdb\.(reading|writing|create_engine)\b|\bconn\b",
    "a disclosure decision": r"uep_data\.disclosure|control_count|control_percentage|"
    r"control_lines|below_trust_level|\bPolicy\b|SUPPRESSED",
    "a measure computed by the page": r"uep_data\.measures\.engine|measures\.(read|value|summary)\(",
}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_a_page_holds_no_sql_no_database_access_and_no_disclosure_decision(page):
    text = page.read_text()
    for what, pattern in FORBIDDEN.items():
        assert not re.search(pattern, text), f"{page.name} has {what}"
