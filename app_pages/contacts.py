"""Support contacts: how support is given (telephone, meetings outside work, in the
workplace...), what it is about, with whom, and how it moves month by month."""

import streamlit as st

from uep_data import charts
from web import frame, session, show, widgets
from web.text import plain

ctx = frame.page("contacts")
f = ctx.filters
view = session.page_view("contacts", f, ctx.audience)
widgets.dates_line(f)
if not view.total.value:
    widgets.empty_state("No contacts recorded in this period.")
    st.stop()
st.metric(f"{view.total.name} in the period", plain(view.total.shown))


def share_rows(mix) -> list[dict]:
    return [
        {
            "group": part.words,
            "value": share.value,
            "label": share.shown,
            "says": f"{part.words}: {share.shown}",
        }
        for part, share in zip(mix.breakdown.parts, mix.shares, strict=True)
    ]


left, right = st.columns(2)
for column, mix, title, key in (
    (left, view.by_mode, "By mode (share of contacts)", "contacts_mode"),
    (right, view.by_topic, "By topic (share of contacts)", "contacts_topic"),
):
    with column:
        rows = share_rows(mix)
        show.show_chart(
            show.drawing(charts.bar_chart, rows, "group", "value", unit="percent", title=title),
            show.describe(f"Share of contacts {title.split(' (')[0].lower()}", rows),
            key=key,
        )
rows = share_rows(view.by_contact_with)
show.show_chart(
    show.drawing(
        charts.bar_chart,
        rows,
        "group",
        "value",
        unit="percent",
        title="With whom (share of contacts)",
    ),
    show.describe("Share of contacts by who took part", rows),
    key="contacts_with",
)

st.subheader("Month by month")
grid = view.by_month
monthly = show.grid_cells(grid, "contacts")
show.show_chart(
    show.drawing(
        charts.stacked_bars,
        monthly,
        "month",
        "mode",
        "contacts",
        x_order=[words for _, words in grid.rows],
        colour_order=[words for _, words in grid.columns],
        y_title="Contacts",
        title="Contacts each month, by mode",
    ),
    "Contacts each month, stacked by mode.",
    key="contacts_monthly",
)
st.caption(
    "Contacts are counts of support given, not of people; they are not recorded by "
    "directorate or profession."
)
