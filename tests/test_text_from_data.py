"""Text from the data is always shown as text: names and titles carrying markdown, HTML and
Streamlit's own directives, uploaded through the importer, appear as their characters on
every page for every role, on every meeting screen and in the board pack, and never as bold
type, a link, an image or a coloured word; a `*` for a figure not shown is a `*`."""

from __future__ import annotations

import html
import io
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests import app_support
from tests.app_support import APP, ESCAPED, PAGES
from tests.hostile_text import ACTIVE, DIRECTORATE, HOSTILE, PROFESSION, TOKENS, hostile_workbook
from uep_data import access, db, importer
from uep_data.papers import board_pack
from uep_data.sample import SAMPLE_AS_OF

# every string field of an element that Streamlit renders as markdown (an st.html element's
# body is HTML; chart specs, tables of data and a select box's options are shown as text)
MARKDOWN_FIELDS = {"body", "label", "help"}
NOT_MARKDOWN = {"html", "vega_lite_chart", "dataframe", "bidi_component", "event"}


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'uep.sqlite'}"
    engine = db.create_engine(url)
    db.upgrade(engine)
    result = importer.import_files(engine, [("hostile.xlsx", hostile_workbook())], who="test")
    assert result.ok and result.status == "imported"
    engine.dispose()
    return url


def _nodes(node):
    yield node
    for child in (getattr(node, "children", None) or {}).values():
        yield from _nodes(child)


def _strings(message, wanted):
    for field, value in message.ListFields():
        values = value if field.is_repeated else [value]
        if field.type == field.TYPE_MESSAGE:
            for item in values:
                yield from _strings(item, wanted)
        elif field.type == field.TYPE_STRING and field.name in wanted:
            yield from values


class Screen:
    """What one run of the app puts on screen: the markdown it renders, the HTML it renders,
    and the text a reader sees (markdown's escapes and HTML's entities undone)."""

    def __init__(self, at: AppTest):
        self.markdown, self.html = [], []
        for node in _nodes(at._tree):
            kind, proto = getattr(node, "type", None), getattr(node, "proto", None)
            if proto is None or kind in NOT_MARKDOWN - {"html"}:
                continue
            if kind == "html":
                self.html.append(proto.body)
            elif kind in ("table", "arrow_table"):
                table = node.value
                self.markdown += [str(c) for c in table.columns]
                self.markdown += [str(v) for v in table.to_numpy().ravel()]
            else:
                self.markdown += list(_strings(proto, MARKDOWN_FIELDS))
        self.images = at.get("imgs") + at.get("image")
        self.text = "\n".join(
            [ESCAPED.sub(r"\1", m) for m in self.markdown] + [html.unescape(h) for h in self.html]
        )

    def acted_on(self) -> list[str]:
        """Anything from the data that markdown or HTML would act on, with where it is."""
        unescaped = [(ESCAPED.sub("\0", m), m) for m in self.markdown]  # what markdown acts on
        found = [(a, m) for bare, m in unescaped for a in ACTIVE if a in bare]
        # (the hostile text's own image, not the images a page draws, such as Reports'
        # preview of the annual report with its charts)
        found += [(a, h) for h in self.html for a in ("<img src=x", "<b>") if a in h]
        return found


def app(url, monkeypatch, role):
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["view_as"] = role
    return at


def open_page(at, page):
    at = app_support.open_page(at, page)
    assert not at.exception, [e.value for e in at.exception]
    return at


REGISTERED = [
    (page, role) for page in PAGES for role in access.ROLES if access.may_open(role, page)
]


@pytest.mark.parametrize("page,role", REGISTERED)
def test_text_from_the_data_is_never_acted_on_on_any_page_for_any_role(
    page, role, hostile_url, monkeypatch
):
    screen = Screen(open_page(app(hostile_url, monkeypatch, role), page))
    assert screen.acted_on() == []
    assert screen.images == []


def test_target_titles_and_actions_are_shown_as_typed(hostile_url, monkeypatch):
    screen = Screen(open_page(app(hostile_url, monkeypatch, access.PROGRAMME_LEAD), "targets"))
    assert screen.acted_on() == []
    # a trajectory's heading, its badge line and the action plan's groups name the targets
    assert f"35 people supported in employment at any one time {HOSTILE}" in screen.text
    for token in TOKENS:
        assert token in screen.text


def test_a_directorate_and_a_profession_are_shown_as_typed_in_the_drill_down(
    hostile_url, monkeypatch
):
    at = app(hostile_url, monkeypatch, access.PROGRAMME_LEAD)
    at.session_state["directorate"] = DIRECTORATE
    at.session_state["profession"] = PROFESSION
    screen = Screen(open_page(at, "drill_down"))
    assert screen.acted_on() == []
    crumbs = [ESCAPED.sub(r"\1", b.label) for b in at.button]
    assert DIRECTORATE in crumbs and PROFESSION in crumbs
    assert f"{DIRECTORATE}, {PROFESSION}" in screen.text  # the cell's heading
    assert DIRECTORATE in screen.text  # the dates line says where


def test_every_meeting_screen_shows_the_data_as_typed(hostile_url, monkeypatch):
    at = open_page(app(hostile_url, monkeypatch, access.PROGRAMME_LEAD), "meeting")
    screens = int(at.number_input[0].proto.max)
    seen = []
    for number in range(1, screens + 1):
        at.number_input[0].set_value(number).run()
        assert not at.exception, [e.value for e in at.exception]
        screen = Screen(at)
        assert screen.acted_on() == [], number
        assert screen.images == []
        seen.append(screen)
    funding = next(s for s in seen if "Ends " in s.text)
    # the streams that end soon are written into HTML: as their characters
    assert HOSTILE in funding.text
    assert any(html.escape(HOSTILE) in h for h in funding.html)
    targets = next(s for s in seen if "Targets at a glance" in s.text)
    assert HOSTILE in targets.text


def test_the_board_pack_prints_the_data_as_typed(hostile_url):
    from pypdf import PdfReader

    engine = db.create_engine(hostile_url)
    with db.reading(engine) as conn:
        document, _ = board_pack.board_pack_pdf(conn, SAMPLE_AS_OF)
    engine.dispose()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)
    squeezed = re.sub(r"\s+", "", text)
    for token in TOKENS:  # the target titles and funding streams, as typed
        assert re.sub(r"\s+", "", token) in squeezed, token


def test_a_figure_not_shown_is_a_literal_star_in_the_overviews_tables(sample_url, monkeypatch):
    at = open_page(app(sample_url, monkeypatch, access.STEERING_GROUP), "overview")
    tables = at.get("table") + at.get("arrow_table")
    cells = [str(v) for t in tables for v in t.value.to_numpy().ravel()]
    starred = [c for c in cells if c.strip("\\") == "*"]
    assert starred, cells  # the sample has a figure not shown in "What changed since"
    assert all(c == "\\*" for c in starred), starred  # markdown draws a bare * as a bullet
