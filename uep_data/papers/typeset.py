"""A paper typeset as a tagged PDF conforming to PDF/UA-1, by Typst (the `typst` package: the
compiler in a wheel, nothing else to install). The structure tree follows the blocks: the
title and the sections as headings H1 to H3, lists as lists, tables with their header rows
(TH, scoped to their columns) and captions, each chart a Figure with its words; the running
header and footer are artifacts; the language is en-GB and the title is what a viewer's
window shows. The one font, DejaVu Sans, is embedded; no font of the computer is used, so
the paper comes out the same everywhere."""

from __future__ import annotations

import io
import json
from pathlib import Path

from .document import Document

HERE = Path(__file__).parent
TEMPLATE = HERE / "paper.typ"
FONTS = HERE.parent / "fonts"
FONT = "DejaVu Sans"


class TypesettingError(RuntimeError):
    """The typesetter refused the paper (a bug, not the user's input): the message says why."""


def pdf(document: Document) -> bytes:
    """The document as PDF/UA-1 bytes (A4 portrait)."""
    import typst

    try:
        made = typst.compile(
            str(TEMPLATE),
            root=str(HERE),
            font_paths=[str(FONTS)],
            ignore_system_fonts=True,
            sys_inputs={"document": json.dumps(document.as_json())},
            pdf_standards=["ua-1"],
        )
    except Exception as error:  # typst raises its own error types, with the source position
        raise TypesettingError(f"the paper could not be typeset: {error}") from None
    return _captions_in_their_tables(made)


def _kids(node) -> list:
    import pikepdf

    found = node.get("/K")
    if isinstance(found, pikepdf.Array):
        return [k for k in found if isinstance(k, pikepdf.Dictionary) and "/S" in k]
    return [found] if isinstance(found, pikepdf.Dictionary) and "/S" in found else []


def _table_in(node):
    """The table a figure's wrapper holds (through Divs), if it has no caption of its own."""
    for kid in _kids(node):
        if kid.S == "/Table":
            return None if any(k.S == "/Caption" for k in _kids(kid)) else kid
        if kid.S == "/Div":
            found = _table_in(kid)
            if found is not None:
                return found
    return None


def _captions_in_their_tables(made: bytes) -> bytes:
    """Where Typst has tagged a table's caption beside the table rather than in it (it does
    so for a table it moved to the next page), the caption is moved into the table, its
    first child, as PDF/UA asks: a screen reader then reads it as the table's caption."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(made))
    moved = 0

    def visit(node) -> None:
        nonlocal moved
        kids = _kids(node)
        for caption, wrapper in zip(kids, kids[1:], strict=False):
            if caption.S == "/Caption" and wrapper.S == "/Div" and caption.is_indirect:
                table = _table_in(wrapper)
                if table is not None:
                    node.K = pikepdf.Array([k for k in node.K if k.objgen != caption.objgen])
                    own = table.get("/K")
                    if not isinstance(own, pikepdf.Array):
                        own = pikepdf.Array([] if own is None else [own])
                    own.insert(0, caption)
                    table.K = own
                    caption.P = table
                    moved += 1
        for kid in _kids(node):
            visit(kid)

    visit(pdf.Root.StructTreeRoot)
    if not moved:
        return made
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


_fonts_registered = False


def chart_svg(chart) -> str:
    """An Altair chart as a vector drawing (SVG) for a paper, in the charts' own style but in
    the paper's font, measured with that font so no label runs past the drawing's edge."""
    import vl_convert

    global _fonts_registered
    if not _fonts_registered:
        vl_convert.register_font_directory(str(FONTS))
        _fonts_registered = True
    spec = chart.to_dict()
    spec.setdefault("config", {})["font"] = FONT
    return vl_convert.vegalite_to_svg(spec)
