"""Erasing a person from the page in a real browser, with the dashboard running: afterwards
no byte of the database's files holds the code, though the server keeps them open."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, act_and_wait, go_to, open_app, shoot
from uep_data import db


@pytest.fixture
def own_server(imported_sample, tmp_path):
    path = tmp_path / "uep.sqlite"
    db.copy_sqlite_file(imported_sample, path)
    server = Server(f"sqlite:///{path}", tmp_path / "streamlit.log")
    yield server
    server.stop()


@pytest.mark.browser
def test_a_person_erased_from_the_page_leaves_no_byte_in_the_database_files(own_server, page):
    path = Path(own_server.database_url.removeprefix("sqlite:///"))
    open_app(page, own_server.url)
    go_to(page, "Programme lead", "Erase a person")
    code = page.get_by_label("The person's code")
    act_and_wait(page, lambda: (code.fill("P0007"), code.press("Enter")))
    expect(page.get_by_text("rows about")).to_be_visible()
    confirm = page.get_by_label("Type P0007 again to confirm")
    act_and_wait(page, lambda: (confirm.fill("P0007"), confirm.press("Enter")))
    button = page.get_by_role("button", name="Erase every row about this person")
    act_and_wait(page, button.click)
    expect(page.get_by_text("The audit log records that an erasure was made")).to_be_visible()
    shoot(page, "erase_done")
    files = [path] + [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    for file in files:
        if file.exists():
            still_there = b"P0007" in file.read_bytes()
            assert not still_there, f"P0007 is still in {file.name}"
