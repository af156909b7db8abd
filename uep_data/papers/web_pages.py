"""A paper as a set of accessible web pages (WCAG 2.2 AA): a first page with the paper's title,
its contents and its introduction, then a page for each section, each with the same header,
contents (the current page marked), main content and footer. Headings, lists and tables are
HTML's own (tables with a caption and header cells scoped to their column or row); each chart
is an image of its vector drawing with the words that say what it shows. Every text is
escaped, so nothing typed in the workbook is read as markup."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from . import document as d

STYLE = """\
:root { --ink: #212b32; --grey: #425563; --blue: #003087; --rule: #d8dde0; --pale: #f0f4f5; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: var(--ink);
  background: #fff; line-height: 1.5; font-size: 1rem; }
.skip { position: absolute; left: -999px; top: 0; background: #ffeb3b; color: var(--ink);
  padding: .5rem 1rem; }
.skip:focus { left: 1rem; }
header, nav, main, footer { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }
header { border-top: 1rem solid var(--blue); padding-top: .75rem; color: var(--grey); }
header p { margin: .25rem 0; }
nav .contents { list-style: none; padding-left: 0; }
nav li { margin: .2rem 0; }
a { color: #005eb8; }
a:focus { outline: 3px solid #ffb81c; outline-offset: 2px; }
nav a[aria-current="page"] { font-weight: bold; color: var(--ink); }
h1, h2 { color: var(--blue); line-height: 1.25; }
h1 { font-size: 2rem; }
h2 { font-size: 1.4rem; }
h3 { font-size: 1.15rem; }
.subtitle { font-size: 1.3rem; margin-top: -.5rem; }
.note { background: var(--pale); padding: 1rem; color: var(--grey); }
.small { font-size: .9rem; }
.muted { color: var(--grey); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; font-size: .95rem; }
caption { text-align: left; font-weight: bold; color: var(--grey); padding: .25rem 0; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem;
  border-bottom: 1px solid var(--rule); }
thead th { background: var(--pale); color: var(--blue); }
tbody th { font-weight: normal; }
.number { text-align: right; }
figure { margin: 1rem 0 2rem; }
figure img { max-width: 100%; height: auto; }
figcaption { font-weight: bold; color: var(--grey); }
.flagged { list-style: none; padding: 0; }
.flagged li { margin-bottom: .75rem; }
.flag { display: inline-block; min-width: 7rem; font-weight: bold; }
.met { color: #007f3b; } .near { color: #8c6200; } .not_met { color: #d5281b; }
.no_data, .not_shown { color: var(--grey); }
.icons img { width: 4rem; height: 4rem; margin-right: .5rem; }
footer { border-top: 1px solid var(--rule); margin-top: 2rem; padding: 1rem; color: var(--grey);
  font-size: .9rem; }
"""


@dataclass(frozen=True)
class WebPage:
    name: str  # its file name: index.html, 1-supporting-people-in-work.html
    title: str
    blocks: tuple


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "section"


def split(document: d.Document) -> list[WebPage]:
    """The first page (what comes before the first section) and a page for each section."""
    pages = [WebPage("index.html", document.cover.subtitle, ())]
    current: list = []
    for block in document.blocks:
        if isinstance(block, d.NewPage):
            continue
        if isinstance(block, d.Heading) and block.level == 2 and block.bookmarked:
            pages.append(WebPage(f"{_slug(block.text)}.html", block.text, ()))
            current = []
        current.append(block)
        last = pages[-1]
        pages[-1] = WebPage(last.name, last.title, tuple(current))
    return pages


class _Files:
    """The drawings the pages show, each a file of its own under charts/."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def add(self, svg: str) -> str:
        name = f"charts/{len(self.files) + 1}.svg"
        self.files[name] = svg.encode("utf-8")
        return name


def _cell(cell: d.Cell, files: _Files, tag: str, numeric: bool, scope: str = "") -> str:
    classes = [c for c in (cell.tone, "number" if numeric else "") if c]
    attributes = (f' scope="{scope}"' if scope else "") + (
        f' class="{" ".join(classes)}"' if classes else ""
    )
    if cell.icon:
        inner = (
            f'<img src="{files.add(cell.icon)}" alt="{_e(cell.icon_name)}" width="44" height="44">'
        )
    else:
        inner = _e(cell.text)
        if cell.bold and inner:
            inner = f"<strong>{inner}</strong>"
    return f"<{tag}{attributes}>{inner}</{tag}>"


def _table(table: d.Table, files: _Files) -> str:
    numeric = table.numeric or tuple(False for _ in table.headings)
    head = "".join(
        _cell(d.Cell(h), files, "th", n, "col")
        for h, n in zip(table.headings, numeric, strict=True)
    )
    rows = []
    for row in table.rows:
        cells = [
            _cell(c, files, "th", n, "row")
            if i == 0 and c.text and not c.icon
            else _cell(c, files, "td", n)
            for i, (c, n) in enumerate(zip(row, numeric, strict=True))
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    small = ' class="small"' if table.small else ""
    return (
        f"<table{small}><caption>{_e(table.caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _block(block, files: _Files, shift: int) -> str:
    if isinstance(block, d.Heading):
        level = max(1, block.level - shift)
        return f"<h{level}>{_e(block.text)}</h{level}>"
    if isinstance(block, d.Paragraph):
        classes = " ".join(c for c in ("small" if block.small else "", block.tone or "") if c)
        return (
            f'<p class="{classes}">{_e(block.text)}</p>' if classes else f"<p>{_e(block.text)}</p>"
        )
    if isinstance(block, d.Note):
        return f'<div class="note"><p>{_e(block.text)}</p></div>'
    if isinstance(block, d.Bullets):
        return "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, d.FlaggedList):
        items = []
        for item in block.items:
            lines = "".join(
                f'<br><span class="{tone or ""}">{_e(text)}</span>' for text, tone in item.lines
            )
            items.append(
                f'<li><span class="flag {item.tone or ""}">{_e(item.flag)}</span> '
                f"<strong>{_e(item.title)}</strong>{lines}</li>"
            )
        return f'<ul class="flagged">{"".join(items)}</ul>'
    if isinstance(block, d.Table):
        return _table(block, files)
    if isinstance(block, d.Chart):
        caption = f"<figcaption>{_e(block.caption)}</figcaption>" if block.caption else ""
        return f'<figure>{caption}<img src="{files.add(block.svg)}" alt="{_e(block.alt)}"></figure>'
    if isinstance(block, d.IconsAndNotes):
        icons = "".join(
            f'<img src="{files.add(c.icon)}" alt="{_e(c.icon_name)}">' for c in block.icons
        )
        notes = "".join(f"<li>{_e(n)}</li>" for n in block.notes)
        return f'<div class="icons">{icons}</div><ul>{notes}</ul>'
    if isinstance(block, d.Keep):
        return "".join(_block(b, files, shift) for b in block.blocks)
    return ""  # the PDF's contents and page breaks: the pages have their own navigation


def _page(document: d.Document, page: WebPage, pages: list[WebPage], files: _Files) -> str:
    first = page.name == "index.html"
    links = "".join(
        f'<li><a href="{p.name}"'
        + (' aria-current="page"' if p.name == page.name else "")
        + f">{_e(p.title if i else 'Introduction')}</a></li>"
        for i, p in enumerate(pages)
    )
    if first:
        cover = document.cover
        lines = "".join(f"<p>{_e(line)}</p>" for line in cover.lines)
        body = (
            f"<h1>{_e(cover.title)}: {_e(cover.subtitle)}</h1>"
            + (f"<p><strong>{_e(cover.emphasis)}</strong></p>" if cover.emphasis else "")
            + lines
            + "".join(_block(b, files, 1) for b in page.blocks)
        )
    else:
        body = "".join(_block(b, files, 1) for b in page.blocks)
    title = f"{page.title} – {document.cover.subtitle}" if not first else document.title
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(document.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n"
        '<link rel="stylesheet" href="style.css">\n</head>\n<body>\n'
        '<a class="skip" href="#main">Skip to the content</a>\n'
        f"<header><p>{_e(document.header_left)}</p><p>{_e(document.header_right)}</p></header>\n"
        f'<nav aria-label="Contents"><ul class="contents">{links}</ul></nav>\n'
        f'<main id="main" tabindex="-1">\n{body}\n</main>\n'
        f"<footer><p>{_e(document.footer)}</p></footer>\n</body>\n</html>\n"
    )


def web_pages(document: d.Document) -> dict[str, bytes]:
    """The pages and what they need, by file name: index.html first, style.css, the section
    pages and the charts (charts/N.svg)."""
    pages = split(document)
    files = _Files()
    found = {page.name: _page(document, page, pages, files).encode("utf-8") for page in pages}
    found["style.css"] = STYLE.encode("utf-8")
    return {**found, **files.files}


def zip_bytes(pages: dict[str, bytes], folder: str) -> bytes:
    """The pages as one .zip (for a download), inside a folder of that name."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in pages.items():
            archive.writestr(f"{folder}/{name}", data)
    return out.getvalue()


class _Inline(_Files):
    """Drawings written into the page itself (data: addresses), for a preview."""

    def add(self, svg: str) -> str:
        import base64

        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode()


def preview_html(document: d.Document, label: str) -> str:
    """The whole paper as one fragment of a page whose own heading is its h1: the paper's
    title an h2, its sections h3 and their parts h4, the drawings inside it."""
    files = _Inline()
    cover = document.cover
    body = [f"<h2>{_e(cover.title)}: {_e(cover.subtitle)}</h2>"]
    body += [f"<p>{_e(line)}</p>" for line in cover.lines]
    body += [_block(b, files, -1) for b in document.blocks]
    return f'<section class="uep-preview" aria-label="{_e(label)}">{"".join(body)}</section>'
