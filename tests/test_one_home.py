"""One home for each idea: a measure's label is written once, in the registry, so that a
relabel is one line; a page is declared once, with its view; the in-post rule is one
definition that every figure follows, looser or stricter."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.builders import DIRECTORATES, PROFESSIONS, person_rows, post, workbook_bytes
from uep_data import db, importer, measures, pages, schema, views
from uep_data.date_sql import add_days
from uep_data.disclosure import EXACT
from uep_data.measures import in_post
from uep_data.measures import registry as r

ROOT = Path(__file__).resolve().parents[1]
# where labels may be written: the registry itself, and the sample's own invented workbook
LABELS_BELONG = {ROOT / "uep_data/measures/registry.py", ROOT / "uep_data/sample.py"}


def code_strings(path: Path):
    """Every string written in a file's code (docstrings left out), with its line."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                yield node.lineno, node.value


def test_no_measure_label_is_written_outside_the_registry():
    labels = sorted({m.label for m in r.MEASURES.values()}, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, labels)) + r")\b")
    files = [
        *ROOT.glob("uep_data/**/*.py"),
        *ROOT.glob("web/*.py"),
        *ROOT.glob("app_pages/*.py"),
        ROOT / "app.py",
    ]
    titles = {page.title for page in pages.PAGES}  # a page's own name ("Support contacts")
    found = []
    for path in files:
        if path in LABELS_BELONG:
            continue
        for line, text in code_strings(path):
            if text in titles:
                continue
            for match in pattern.finditer(text):
                found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)!r} in {text!r}")
    assert not found, "\n".join(found)


def imports_of(path: Path, package: str) -> set[str]:
    """The project modules a module imports, at its top or inside a function."""
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if module.endswith(".__init__"):
        module = module[: -len(".__init__")]
    here = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = here.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] == package}


def import_graph(package: str) -> dict[str, set[str]]:
    files = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
        for p in (ROOT / package).rglob("*.py")
    }
    return {
        name: {i for i in imports_of(path, package) if i in files} - {name}
        for name, path in files.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles: strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_of_the_core_or_the_web_layer_imports_itself_round_a_circle():
    for package in ("uep_data", "web"):
        graph = import_graph(package)
        # a package's __init__ gathering its modules is not a circle of ideas
        graph = {
            name: {
                i for i in deps if not (name.startswith(i + ".") and i == name.rpartition(".")[0])
            }
            for name, deps in graph.items()
        }
        assert not cycles(graph), cycles(graph)


# --- the in-post rule: one definition, looser or stricter -----------------------------------

D = dt.date(2004, 3, 31)


def looser(posts, day):
    """In post for 30 days after the last day (a rule the project does not use)."""
    return sa.and_(
        posts.c.start_date <= day,
        sa.or_(posts.c.end_date.is_(None), posts.c.end_date >= add_days(day, -30)),
    )


def stricter(posts, day):
    """Not in post in the first 30 days (a rule the project does not use)."""
    return sa.and_(
        posts.c.start_date <= add_days(day, -30),
        sa.or_(posts.c.end_date.is_(None), posts.c.end_date >= day),
    )


@pytest.fixture
def posts_near_d(sqlite_engine):
    """People whose posts end or start around D, some with a second post."""
    posts = [post(f"P{n}", dt.date(2002, 1, 1)) for n in range(5)]
    posts += [
        post(f"E{n}", dt.date(2002, 1, 1), end=D - dt.timedelta(days=n * 7)) for n in range(6)
    ]
    posts += [post(f"S{n}", D - dt.timedelta(days=n * 7)) for n in range(6)]
    posts += [post("P0", dt.date(2004, 3, 20), directorate="Human Resources")]
    people = sorted({p["person_id"] for p in posts})
    sheets = {
        "directorates": DIRECTORATES,
        "professions": PROFESSIONS,
        "people": person_rows(*people),
        "employments": posts,
    }
    assert importer.import_files(sqlite_engine, [("p.xlsx", workbook_bytes(sheets))]).ok
    return sqlite_engine


def in_plain_sql(engine, rule) -> int:
    e = schema.employments
    with db.reading(engine) as conn:
        return conn.execute(
            sa.select(sa.func.count(sa.distinct(e.c.person_id))).where(rule(e, D))
        ).scalar()


@pytest.mark.parametrize("rule", [looser, stricter, in_post.in_post_on])
def test_every_people_in_post_figure_follows_the_one_definition(posts_near_d, monkeypatch, rule):
    """Changing `in_post_on` alone changes every people-in-post figure: the posts matched to
    the days are found through it too (a looser rule once changed nothing: 37 where plain SQL
    gave 42)."""
    monkeypatch.setattr(in_post, "in_post_on", rule)
    expected = in_plain_sql(posts_near_d, rule)
    with db.reading(posts_near_d) as conn:
        assert measures.value(conn, "in_employment", D) == expected
        filters = views.Filters(D, views.cut_at(D, measures.when_of("job_starts", D).period))
        overview = views.PAGE_VIEWS["overview"](conn, filters, EXACT)
    (headline,) = [h.figure for h in overview.headlines if h.figure.measure == "in_employment"]
    assert headline.value == expected
    assert sum(p.figure.value for p in overview.by_directorate.parts) == expected


# --- a page declared once, with its view -------------------------------------------------------


def test_every_page_with_figures_finds_its_view_from_its_declaration():
    declared = {p.address for p in (*pages.PAGES, *pages.PAPERS) if p.figures}
    assert set(views.PAGE_VIEWS) == declared
    for page in pages.PAGES:
        written = {text for _, text in code_strings(ROOT / page.file)}
        assert page.title not in written, page.address  # the heading is the declaration's
        assert page.question not in written, page.address
        if page.address != "meeting":
            layout = (ROOT / page.file).read_text()
            assert re.search(rf'frame\.page\(\s*"{page.address}"', layout), page.address


# --- the project's own documents ---------------------------------------------------------------


def test_the_documents_made_from_the_code_say_what_the_code_declares():
    """docs/measures.md, upload-workbook.md and who-sees-what.md are written from the
    registry, the contract and the pages: the committed ones are those the code writes."""
    from uep_data import handbook

    for name, text in handbook.documents().items():
        assert (ROOT / "docs" / name).read_text() == text, (
            f"docs/{name}: run `python -m uep_data docs`"
        )


def test_every_measure_and_every_upload_column_is_in_the_documents():
    measures_doc = (ROOT / "docs/measures.md").read_text()
    assert all(f"`{key}`" in measures_doc for key in r.MEASURES)
    from uep_data import contract

    workbook_doc = (ROOT / "docs/upload-workbook.md").read_text()
    for sheet in contract.SHEETS:
        assert f"### {sheet.name}" in workbook_doc
        assert all(f"`{column.name}`" in workbook_doc for column in sheet.columns)


def test_the_code_cites_only_documents_the_project_carries():
    cited = set()
    for path in [*ROOT.glob("uep_data/**/*.py"), *ROOT.glob("web/*.py"), ROOT / "README.md"]:
        cited |= set(re.findall(r"docs/[\w-]+\.md", path.read_text()))
    assert cited and all((ROOT / name).exists() for name in cited), cited
