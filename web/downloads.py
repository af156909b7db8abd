"""Files leaving the dashboard: each table of figures has a download beneath it, as CSV and
as Excel (what the page shows, so the controlled figures for the steering group and the
board; the Excel with a notes sheet saying what they are and the disclosure rule applied),
the board pack, the template and the list of an upload's problems.

Every file is made when its button is clicked, under a spinner that says what is being made,
logged as it is made, and handed to the browser tab that clicked over that session's own
connection, once. No download address exists: nothing is put on Streamlit's media server
(whose `/media/...` files anyone holding the address can fetch, as often as they like, until
they are cleaned up), so a file cannot be fetched twice, nor by anyone else, nor without its
audit entry. The tab turns what it is handed into the download and forgets it."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import uuid
from collections.abc import Callable

import streamlit as st

from uep_data import audit, db, exports
from uep_data.disclosure import Audience
from uep_data.formatting import format_when, period_words
from uep_data.papers import board_pack
from uep_data.periods import format_date
from uep_data.views.board_pack import pack_dates

from . import frame, identity, session
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
    making: str | None = None,
    **button_options,
) -> None:
    """A button that makes a file when clicked (`make`, which logs it itself when `log` is
    None) under a spinner saying so (`making`: "Making the board pack..."), logs it, and
    hands it to this tab once; nothing else can fetch it. The file is made in the run the
    click starts, where the button is, rather than in a callback before the page is drawn,
    so that what takes seconds shows its progress beside the button clicked."""
    if not st.button(label, key=key, **button_options):
        return
    with st.spinner(making or f"Making {file_name}...", show_time=True):
        content = make()
    if log is not None:
        log()
    token = uuid.uuid4().hex
    outgoing = {
        "token": token,
        "name": file_name,
        "mime": mime,
        "content": base64.b64encode(content).decode("ascii"),
    }
    _hand_over(data=outgoing, key=f"hand_over_{token}", height=0)


def figures_table(
    viewer,
    audience: Audience,
    rows: list[dict],
    what: str,
    file_name: str,
    width="stretch",
    **options,
) -> None:
    """A table of figures with its downloads beneath it (each logged as an export)."""
    st.dataframe(rows, hide_index=True, width=width, **options)
    download_figures(viewer, audience, rows, what, file_name)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def figures_notes(what: str, audience: Audience) -> list[tuple[str, str]]:
    """What a download's figures are, for its notes sheet: the table and its page, where
    and when they are measured, for whom, and the disclosure rule applied."""
    title, shown_for = st.session_state.get(frame.PAGE_SHOWN, ("", None))
    notes = [
        (
            "Figures",
            f"{what[:1].upper()}{what[1:]}"
            + (f", as the {title} page shows them" if title else ""),
        )
    ]
    if shown_for is not None:
        notes.append(
            (
                "Where and when",
                f"{shown_for.scope.words()}; as of {format_date(shown_for.as_of)}; period "
                f"{period_words(shown_for.period)} ({format_date(shown_for.period.start)} to "
                f"{format_date(shown_for.period.end)})",
            )
        )
    if audience.controlled:
        notes += [
            ("Shown", "Under disclosure control, as the steering group and the board see them."),
            ("Disclosure rule", audience.rules.note),
        ]
    else:
        notes += [
            (
                "Shown",
                "Exact figures, as the programme lead sees them: counts of 1 to "
                f"{audience.rules.suppress_up_to} people below trust level are not controlled. "
                "Keep them within the programme; share only controlled figures.",
            ),
            ("Disclosure rule", "None applied."),
        ]
    notes.append(
        (
            "Numbers",
            "Figures are numbers (percentages as percentages, money in pounds); a * or "
            '"not shown" stays as text.',
        )
    )
    notes.append(("Made", format_when(dt.datetime.now(dt.UTC))))
    return notes


def download_figures(
    viewer, audience: Audience, rows: list[dict], what: str, file_name: str
) -> None:
    """The figures a page shows, as CSV and as Excel, each made and logged as an export when
    clicked (the same table, the same audience, the same audit entry but for its format)."""
    if not rows:
        return
    side_by_side = st.container(horizontal=True)
    with side_by_side:
        offer(
            f"Download {what} (CSV)",
            lambda: exports.csv_bytes(rows),
            file_name,
            "text/csv",
            key=f"export_{file_name}",
            log=lambda: log_export(viewer, what, audience.words),
            icon=":material/download:",
        )
        offer(
            f"Download {what} (Excel)",
            lambda: exports.xlsx_bytes([(what, rows)], figures_notes(what, audience)),
            file_name.removesuffix(".csv") + ".xlsx",
            XLSX,
            key=f"export_xlsx_{file_name}",
            log=lambda: log_export(viewer, f"{what} (Excel)", audience.words),
            icon=":material/table_view:",
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
        making="Making the board pack: its charts and tables take a few seconds...",
        icon=":material/picture_as_pdf:",
        type="primary",
        width="stretch",
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
