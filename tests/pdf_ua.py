"""A machine check of PDF/UA-1's checkable rules, for the tests of every paper: the `pdfua`
package's rules (structure tree, marked, every page's content tagged or an artifact, language,
Figures with alternative text, tables determinable, title shown, PDF/UA identification), and
assertions of our own with pikepdf for what it does not check: headings in order from H1,
tables with header cells scoped and a caption, lists as lists, every font embedded, and the
running header and footer as artifacts."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pikepdf
from pdfua import validate


@dataclass
class Structure:
    """What a screen reader is given: the structure tree's elements in reading order."""

    elements: list[str] = field(default_factory=list)  # each element's tag, in order
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, text)
    figures: list[str] = field(default_factory=list)  # each Figure's alternative text
    tables: int = 0
    lists: int = 0
    problems: list[str] = field(default_factory=list)


def _kids(node) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    if isinstance(kids, pikepdf.Array):
        return [k for k in kids if isinstance(k, pikepdf.Dictionary)]
    return [kids] if isinstance(kids, pikepdf.Dictionary) else []


def _tag(node) -> str:
    tag = node.get("/S")
    return str(tag)[1:] if tag is not None else ""


def _attributes(node) -> list:
    found = node.get("/A")
    if found is None:
        return []
    return list(found) if isinstance(found, pikepdf.Array) else [found]


def _text_of(node, page_text) -> str:
    """The words an element holds, through its marked content (read back by page_text)."""
    words = []
    for kid in (node.get("/K"),) if not isinstance(node.get("/K"), pikepdf.Array) else node.K:
        if isinstance(kid, int):
            words.append(page_text(node.get("/Pg"), kid))
        elif isinstance(kid, pikepdf.Dictionary):
            if "/MCID" in kid:
                words.append(page_text(kid.get("/Pg", node.get("/Pg")), int(kid.MCID)))
            elif "/S" in kid:
                words.append(_text_of(kid, page_text))
    return "".join(words)


def _marked_text(pdf: pikepdf.Pdf):
    """A reader of the text in each marked content sequence (page, MCID), decoded through
    the fonts' ToUnicode maps."""
    cache: dict = {}

    def page_text(page, mcid: int) -> str:
        if page is None:
            return ""
        key = page.objgen
        if key not in cache:
            cache[key] = _sequences(pikepdf.Page(page))
        return cache[key].get(mcid, "")

    return page_text


def _sequences(page: pikepdf.Page) -> dict[int, str]:
    fonts = page.resources.get("/Font", {})
    maps = {}
    for name, font in fonts.items():
        to_unicode = font.get("/ToUnicode")
        maps[name] = _cmap(to_unicode.read_bytes()) if to_unicode is not None else {}
    found: dict[int, list[str]] = {}
    stack: list[int | None] = []
    font = None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "BDC":
            props = operands[1]
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            stack.append(int(mcid) if mcid is not None else None)
        elif op == "BMC":
            stack.append(None)
        elif op == "EMC" and stack:
            stack.pop()
        elif op == "Tf":
            font = str(operands[0])
        elif op in ("TJ", "Tj") and stack and stack[-1] is not None:
            parts = operands[0] if op == "TJ" else [operands[0]]
            cmap = maps.get(font, {})
            for part in parts:
                if isinstance(part, pikepdf.String):
                    raw = bytes(part)
                    found.setdefault(stack[-1], []).append(
                        "".join(
                            cmap.get(int.from_bytes(raw[i : i + 2], "big"), "")
                            for i in range(0, len(raw) - 1, 2)
                        )
                    )
    return {k: "".join(v) for k, v in found.items()}


def _cmap(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries (what Typst writes)."""
    text = data.decode("latin-1")
    found: dict[int, str] = {}

    def hex_text(value: str) -> str:
        raw = bytes.fromhex(value)
        return raw.decode("utf-16-be", errors="replace")

    for block in text.split("beginbfchar")[1:]:
        body = block.split("endbfchar")[0]
        pairs = [p.strip("<> \n") for p in body.split(">") if p.strip()]
        for source, target in zip(pairs[0::2], pairs[1::2], strict=False):
            found[int(source.strip("<"), 16)] = hex_text(target.strip("<"))
    for block in text.split("beginbfrange")[1:]:
        body = block.split("endbfrange")[0]
        for line in body.strip().splitlines():
            values = [v.strip("<> ") for v in line.split(">") if v.strip()]
            if len(values) == 3 and not values[2].startswith("["):
                low, high, first = int(values[0], 16), int(values[1], 16), values[2]
                start = int(first, 16)
                for n in range(high - low + 1):
                    found[low + n] = chr(start + n)
    return found


def structure(document: bytes) -> Structure:
    """The structure tree of a PDF, with what is wrong with it."""
    pdf = pikepdf.open(io.BytesIO(document))
    found = Structure()
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        found.problems.append("no structure tree")
        return found
    page_text = _marked_text(pdf)

    def visit(node):
        tag = _tag(node)
        found.elements.append(tag)
        if tag in ("H1", "H2", "H3", "H4", "H5", "H6"):
            found.headings.append((int(tag[1]), _text_of(node, page_text).strip()))
        elif tag == "Figure":
            alt = str(node.get("/Alt", "")).strip()
            found.figures.append(alt)
            if not alt:
                found.problems.append("a Figure without alternative text")
        elif tag == "Table":
            found.tables += 1
            _check_table(node, found)
        elif tag == "L":
            found.lists += 1
            for item in _kids(node):
                if _tag(item) not in ("LI", "Caption"):
                    found.problems.append(f"a list holds {_tag(item)}, not LI")
                elif _tag(item) == "LI" and "LBody" not in [_tag(k) for k in _kids(item)]:
                    found.problems.append("a list item without LBody")
        for kid in _kids(node):
            if "/S" in kid:
                visit(kid)

    for kid in _kids(root):
        visit(kid)
    levels = [level for level, _ in found.headings]
    if levels and levels[0] != 1:
        found.problems.append(f"the first heading is H{levels[0]}, not H1")
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            found.problems.append(f"H{after} follows H{before}: a heading level is skipped")
    return found


def _check_table(table, found: Structure) -> None:
    tags = [_tag(k) for k in _kids(table)]
    if "Caption" not in tags:
        found.problems.append("a table without a caption")
    header_cells = []

    def cells(node):
        for kid in _kids(node):
            if _tag(kid) == "TH":
                header_cells.append(kid)
            elif _tag(kid) in ("THead", "TBody", "TFoot", "TR"):
                cells(kid)

    cells(table)
    if not header_cells:
        found.problems.append("a table without header cells (TH)")
    for cell in header_cells:
        scopes = [a.get("/Scope") for a in _attributes(cell) if "/Scope" in a]
        if not scopes:
            found.problems.append("a header cell (TH) without a scope")


def fonts_not_embedded(document: bytes) -> list[str]:
    pdf = pikepdf.open(io.BytesIO(document))
    missing = set()

    def embedded(font) -> bool:
        if font.get("/Subtype") == "/Type0":
            return all(embedded(f) for f in font.DescendantFonts)
        if font.get("/Subtype") == "/Type3":
            return True
        descriptor = font.get("/FontDescriptor")
        return descriptor is not None and any(
            k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
        )

    for page in pdf.pages:
        for name, font in page.resources.get("/Font", {}).items():
            if not embedded(font):
                missing.add(str(font.get("/BaseFont", name)))
        for xobject in page.resources.get("/XObject", {}).values():
            for inner, font in xobject.get("/Resources", {}).get("/Font", {}).items():
                if not embedded(font):
                    missing.add(str(font.get("/BaseFont", inner)))
    return sorted(missing)


def running_header_and_footer_are_artifacts(document: bytes, first_has_header=False) -> list:
    """Each page's footer (and, after the cover, header) is drawn as a pagination artifact
    that holds text, so a screen reader never reads it as part of the page."""
    pdf = pikepdf.open(io.BytesIO(document))
    problems = []
    for number, page in enumerate(pdf.pages, start=1):
        kinds: dict[str, bool] = {}
        stack: list = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "BDC":
                props = operands[1]
                subtype = (
                    str(props.get("/Subtype", ""))
                    if str(operands[0]) == "/Artifact" and isinstance(props, pikepdf.Dictionary)
                    else ""
                )
                stack.append(subtype)
                if subtype:
                    kinds.setdefault(subtype, False)
            elif op == "BMC":
                stack.append("")
            elif op == "EMC" and stack:
                stack.pop()
            elif op in ("TJ", "Tj"):
                for subtype in stack:
                    if subtype:
                        kinds[subtype] = True
        wanted = ["/Footer"] + (["/Header"] if number > 1 or first_has_header else [])
        for subtype in wanted:
            if not kinds.get(subtype):
                problems.append(f"page {number}: no {subtype[1:].lower()} text as an artifact")
    return problems


def problems(document: bytes) -> list[str]:
    """Everything that keeps the PDF from PDF/UA-1's checkable rules (empty when none)."""
    found = [f"{f.rule_id}: {f.message}" for f in validate(io.BytesIO(document)).findings]
    pdf = pikepdf.open(io.BytesIO(document))
    if not bool(pdf.Root.get("/MarkInfo", {}).get("/Marked", False)):
        found.append("not marked as tagged (/MarkInfo /Marked)")
    if not str(pdf.Root.get("/Lang", "")).startswith("en-GB"):
        found.append(f"language is {pdf.Root.get('/Lang')!r}, not en-GB")
    if not bool(pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        found.append("the title is not shown as the window title")
    if not str(pdf.docinfo.get("/Title", "")).strip():
        found.append("no title")
    if str(pdf.open_metadata().get("pdfuaid:part", "")) != "1":
        found.append("not identified as PDF/UA-1 in its metadata")
    found += structure(document).problems
    found += [f"font not embedded: {name}" for name in fonts_not_embedded(document)]
    found += running_header_and_footer_are_artifacts(document)
    return found
