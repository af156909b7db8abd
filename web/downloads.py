"""Files leaving the dashboard: each table of figures has a download beneath it (what the
page shows, so the controlled figures for the steering group and the board), the board pack,
the template and the list of an upload's problems.

Every file is made when its button is clicked, logged as it is made, and handed to the browser
tab that clicked over that session's own connection, once. No download address exists: nothing
is put on Streamlit's media server (whose `/media/...` files anyone holding the address can
fetch, as often as they like, until they are cleaned up), so a file cannot be fetched twice,
nor by anyone else, nor without its audit entry. The tab turns what it is handed into the
download and forgets it."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import uuid
from collections.abc import Callable

import streamlit as st

from uep_data import audit, db, exports
from uep_data.disclosure import Audience
from uep_data.papers import board_pack
from uep_data.periods import format_date
from uep_data.views.board_pack import pack_dates

from . import identity, session
from .text import plain

# Runs in the tab once per file handed over (the token keeps a rerun from saving it again).
HAND_OVER_JS = """
export default function ({ data }) {
  if (!data || !data.token) return;
  const done = (window.__uepHandedOver = window.__uepHandedOver || {});
  if (done[data.token]) return;
  done[data.token] = true;
  const bytes = Uint8Array.from(atob(data.content), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: data.mime }));
  const link = document.createElement("a");
  link.href = url;
  link.download = data.name;
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
"""
_hand_over = st.components.v2.component("uep_hand_over", js=HAND_OVER_JS)
OUTGOING = "_outgoing_file_"


def log_export(viewer: identity.Viewer, what: str, audience_words: str) -> None:
    with db.writing(session.engine()) as conn:
        audit.log(conn, identity.who(viewer), "export", {"what": what, "audience": audience_words})


def offer(
    label: str,
    make: Callable[[], bytes],
    file_name: str,
    mime: str,
    *,
    key: str,
    log: Callable[[], None] | None,
    **button_options,
) -> None:
    """A button that makes a file when clicked (`make`, which logs it itself when `log` is
    None), logs it, and hands it to this tab once; nothing else can fetch it."""
    pending = OUTGOING + key

    def made_for_this_click() -> None:
        content = make()
        if log is not None:
            log()
        st.session_state[pending] = {
            "token": uuid.uuid4().hex,
            "name": file_name,
            "mime": mime,
            "content": base64.b64encode(content).decode("ascii"),
        }

    st.button(label, key=key, on_click=made_for_this_click, **button_options)
    outgoing = st.session_state.pop(pending, None)
    if outgoing is not None:  # clicked: hand the file over in this run, and only in this one
        _hand_over(data=outgoing, key=f"hand_over_{outgoing['token']}", height=0)


def figures_table(
    viewer,
    audience: Audience,
    rows: list[dict],
    what: str,
    file_name: str,
    width="stretch",
    **options,
) -> None:
    """A table of figures with its download beneath it (logged as an export)."""
    st.dataframe(rows, hide_index=True, width=width, **options)
    download_figures(viewer, audience, rows, what, file_name)


def download_figures(
    viewer, audience: Audience, rows: list[dict], what: str, file_name: str
) -> None:
    """A download of the figures a page shows, made and logged as an export when clicked."""
    if not rows:
        return
    offer(
        f"Download {what} (CSV)",
        lambda: exports.csv_bytes(rows),
        file_name,
        "text/csv",
        key=f"export_{file_name}",
        log=lambda: log_export(viewer, what, audience.words),
        icon=":material/download:",
    )


def board_pack_button(viewer, as_of: dt.date, since: dt.date) -> None:
    """The board pack (PDF) for D, made when clicked, under board-level disclosure control
    whoever asks for it, and logged as an export."""
    engine = session.engine()
    who = identity.who(viewer)
    as_of, since = pack_dates(as_of, since)

    def make() -> bytes:  # board_pack.make logs the export
        document, _ = board_pack.make(engine, as_of, since, who)
        return document

    offer(
        "Board pack (PDF)",
        make,
        f"UEP board pack {as_of:%Y-%m-%d}.pdf",
        "application/pdf",
        key="board_pack",
        log=None,
        icon=":material/picture_as_pdf:",
        help=f"The board's report as of {format_date(as_of)}, with changes since "
        f"{format_date(since)}: headline figures, Making Data Count charts, targets and "
        "funding, under board-level disclosure control.",
    )


def annual_report_buttons(viewer, report) -> None:
    """The annual report as a PDF and as web pages (a .zip of the folder), each made when
    clicked, at the public's disclosure control, and logged as an export."""
    from uep_data.papers import annual_report, web_pages

    engine, who = session.engine(), identity.who(viewer)

    def pdf() -> bytes:
        made = annual_report.render(report)
        annual_report.log_export(engine, report, who, "PDF")
        return made

    def pages() -> bytes:
        folder = report.file_name.replace(" ", "-")
        made = web_pages.zip_bytes(web_pages.web_pages(annual_report.document(report)), folder)
        annual_report.log_export(engine, report, who, "web pages")
        return made

    a, b = st.columns(2)
    with a:
        offer(
            "Annual report (PDF)",
            pdf,
            f"{report.file_name}.pdf",
            "application/pdf",
            key=f"annual_report_pdf_{report.year}",
            log=None,
            icon=":material/picture_as_pdf:",
            help=f"The annual report for {report.year} as an accessible PDF (PDF/UA-1).",
        )
    with b:
        offer(
            "Annual report (web pages, .zip)",
            pages,
            f"{report.file_name}.zip",
            "application/zip",
            key=f"annual_report_web_{report.year}",
            log=None,
            icon=":material/language:",
            help="The same report as accessible web pages, to put on the trust's website.",
        )


def funder_return_buttons(viewer, ret) -> None:
    """A stream's return as a workbook and as a PDF, each made when clicked, at board-level
    disclosure control, and logged as an export."""
    from uep_data.papers import funder_return

    engine, who = session.engine(), identity.who(viewer)

    def made(form: str, render) -> Callable[[], bytes]:
        def make() -> bytes:
            paper = render(ret)
            funder_return.log_export(engine, ret, who, form)
            return paper

        return make

    a, b = st.columns(2)
    # a key that names the stream the same way in every process (hash() does not)
    key = f"{hashlib.sha256(ret.stream.encode()).hexdigest()[:12]}_{ret.year}"
    with a:
        offer(
            "Return (spreadsheet)",
            made("workbook", funder_return.workbook_bytes),
            f"{ret.file_name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"return_xlsx_{key}",
            log=None,
            icon=":material/table_view:",
            help=f"{plain(ret.stream)}'s return for {ret.year} as a workbook.",
        )
    with b:
        offer(
            "Return (PDF)",
            made("PDF", funder_return.render),
            f"{ret.file_name}.pdf",
            "application/pdf",
            key=f"return_pdf_{key}",
            log=None,
            icon=":material/picture_as_pdf:",
            help=f"{plain(ret.stream)}'s return for {ret.year} as an accessible PDF.",
        )
