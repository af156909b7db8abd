"""The Settings page in a real browser: removing someone from a role is saved, and so is
putting them back, each time as the box shows it (a box that took the stored value as its
default lost the second change and reverted while the page said "Saved")."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, act_and_wait, go_to, open_app, shoot
from uep_data import audit, db, settings


@pytest.fixture
def own_server(imported_sample, tmp_path):
    path = tmp_path / "uep.sqlite"
    db.copy_sqlite_file(imported_sample, path)
    server = Server(f"sqlite:///{path}", tmp_path / "streamlit.log")
    yield server
    server.stop()


def board_entries(url: str) -> list[str]:
    return settings.current(db.create_engine(url))["role_mapping"].get("board", [])


@pytest.mark.browser
def test_removing_and_putting_back_someone_on_the_board_is_saved_each_time(own_server, page):
    url = own_server.database_url
    open_app(page, own_server.url)
    go_to(page, "Programme lead", "Settings")
    board = page.get_by_label("Board", exact=True)
    save = page.get_by_role("button", name="Save roles")
    both = "chair@trust.nhs.uk\ntemp@partner.org"
    for text in (both, "chair@trust.nhs.uk", both, "chair@trust.nhs.uk"):
        board.fill(text)
        act_and_wait(page, save.click)
        expect(page.get_by_text("Saved: who has which role when sign-in is on.")).to_be_visible()
        assert board_entries(url) == text.splitlines()
        expect(board).to_have_value(text)
    with db.create_engine(url).connect() as conn:
        changes = [e["details"]["after"]["board"] for e in audit.entries(conn, action="setting")]
    assert changes == [["chair@trust.nhs.uk"], both.splitlines()] * 2
    shoot(page, "settings_roles_saved")
