"""Figures leaving the dashboard: each table of figures has a download beneath it (what the
page shows, so the controlled figures for the steering group and the board), and the board
pack; every download is logged as an export."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from uep_data import audit, board_pack, db, exports
from uep_data.disclosure import Audience
from uep_data.periods import format_date
from uep_data.views.board_pack import pack_dates

from . import identity, session


def log_export(viewer: identity.Viewer, what: str, audience_words: str) -> None:
    with db.writing(session.engine()) as conn:
        audit.log(conn, identity.who(viewer), "export", {"what": what, "audience": audience_words})


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
    """A download of the figures a page shows, logged as an export."""
    if not rows:
        return
    st.download_button(
        f"Download {what} (CSV)",
        exports.csv_bytes(rows),
        file_name,
        mime="text/csv",
        icon=":material/download:",
        key=f"export_{file_name}",
        on_click=log_export,
        args=(viewer, what, audience.words),
    )


def board_pack_button(viewer, as_of: dt.date, since: dt.date) -> None:
    """The board pack (PDF) for D, made when clicked, under board-level disclosure control
    whoever asks for it, and logged as an export."""
    engine = session.engine()
    who = identity.who(viewer)
    as_of, since = pack_dates(as_of, since)

    def make() -> bytes:  # runs on its own thread when the button is clicked
        document, _ = board_pack.make(engine, as_of, since, who)
        return document

    st.download_button(
        "Board pack (PDF)",
        make,
        f"UEP board pack {as_of:%Y-%m-%d}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        key="board_pack",
        on_click="ignore",
        help=f"The board's report as of {format_date(as_of)}, with changes since "
        f"{format_date(since)}: headline figures, Making Data Count charts, targets and "
        "funding, under board-level disclosure control.",
    )
