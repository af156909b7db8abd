"""What the README says that the code can check: the pages `page` takes, the command line's
commands, the groups of tests that are skipped without something on the machine."""

import re
from pathlib import Path

from uep_data import cli, pages

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_the_readme_lists_every_page_the_page_command_takes():
    listed = re.search(r"`NAME` is the page's address \((.*?)\) and `ROLE`", README, re.S)
    assert listed, "the README no longer says which pages `page` takes"
    named = re.findall(r"`([a-z_]+)`", listed.group(1))
    assert named == [p.address for p in (*pages.PAGES, *pages.PAPERS) if p.figures]


def test_the_readme_shows_every_command():
    commands = cli.build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"python -m uep_data {name}" in README, name


def test_the_readme_names_every_tool_a_group_of_skipped_tests_needs():
    for needed in ("UEP_TEST_POSTGRES_URL", "/usr/bin/chromium", "HAProxy", "pdftoppm"):
        assert needed in README.split("## Using the dashboard")[0], needed
