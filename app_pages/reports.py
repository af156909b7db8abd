"""Reports: the papers the trust publishes, for the programme lead to preview and download.
The annual report of a financial year (as an accessible PDF and as web pages) and each funding
stream's return for that year (a workbook and a PDF), all under disclosure control whoever
looks: the annual report at the public's, a return at the board's."""

import streamlit as st

from uep_data.papers import annual_report, web_pages
from web import downloads, frame, session, widgets
from web.text import plain

ctx = frame.page("reports")
chosen = st.session_state.get("report_year")
year = int(chosen[:4]) if chosen else None
view = session.page_view("reports", ctx.filters, ctx.audience, year=year)
if not view.years:
    widgets.empty_state("No financial year has ended in the data yet: there is no year to report.")
    st.stop()
report = view.annual_report
st.selectbox(
    "Financial year",
    list(view.years),
    index=list(view.years).index(report.year),
    key="report_year",
    help="The annual report and the returns are for a whole financial year that has ended.",
)

st.subheader(f"Annual report {report.year}")
st.caption(
    "For anyone to read: trust-wide published figures exact, every other count of people under "
    "disclosure control, as for the board. Each download is logged."
)
downloads.annual_report_buttons(ctx.viewer, report)

st.subheader(f"Funders' returns {report.year}")
if not view.returns:
    st.write(f"No funding stream has funding recorded for {report.year}.")
for ret in view.returns:
    st.markdown(
        f"**{plain(ret.stream)}** · {plain(ret.funder)} · {plain(ret.purpose_words)}: "
        f"{plain(ret.awarded.shown)} awarded, {plain(ret.spent.shown)} spent"
    )
    downloads.funder_return_buttons(ctx.viewer, ret)

st.subheader("Preview of the annual report")
st.html(
    web_pages.preview_html(
        annual_report.document(report), f"Preview of the annual report for {report.year}"
    )
)
