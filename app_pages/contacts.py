"""Support contacts: how support is given (telephone, meetings outside work, in the
workplace...), what it is about, with whom, and how it moves month by month."""

import streamlit as st

import app_state
import ui
from uep_data import charts, views
from uep_data.formatting import format_value

ctx = ui.page(
    "Support contacts",
    "How is support given, and what is it about? (Most help "
    "is about work and life, only a minority about symptoms.)",
    scoped=False,
)
f = ctx.filters
mix = app_state.cached_view(views.contact_mix, f)
ui.dates_line(f)
if not mix["total"]:
    ui.empty_state("No contacts recorded in this period.")
    st.stop()
st.metric("Support contacts in the period", format_value(mix["total"], "count"))


def shares(counts: dict) -> list[dict]:
    total = sum(counts.values()) or 1
    return [
        {"what": k.replace("_", " ").capitalize(), "share": 100 * n / total, "count": n}
        for k, n in counts.items()
    ]


left, right = st.columns(2)
with left:
    rows = shares(mix["mode"])
    ui.show_chart(
        charts.bar_chart(rows, "what", "share", unit="percent", title="By mode"),
        "Share of contacts by mode: " + "; ".join(f"{r['what']} {r['share']:.0f}%" for r in rows),
        key="contacts_mode",
    )
with right:
    rows = shares(mix["topic"])
    ui.show_chart(
        charts.bar_chart(rows, "what", "share", unit="percent", title="By topic"),
        "Share of contacts by topic: " + "; ".join(f"{r['what']} {r['share']:.0f}%" for r in rows),
        key="contacts_topic",
    )
rows = shares(mix["contact_with"])
ui.show_chart(
    charts.bar_chart(rows, "what", "share", unit="percent", title="With whom"),
    "Share of contacts by who took part: "
    + "; ".join(f"{r['what']} {r['share']:.0f}%" for r in rows),
    key="contacts_with",
)

st.subheader("Month by month")
monthly = [
    {
        "month": p.month.strftime("%b %Y"),
        "mode": mode.replace("_", " ").capitalize(),
        "contacts": p.value,
    }
    for mode, points in mix["by_month"].items()
    for p in points
]
month_order = list(dict.fromkeys(r["month"] for r in monthly))
ui.show_chart(
    charts.stacked_bars(
        monthly, "month", "mode", "contacts", x_order=month_order, y_title="Contacts"
    ),
    "Contacts each month, stacked by mode.",
    key="contacts_monthly",
)
st.caption(
    "Contacts are counts of support given, not of people; they are not recorded by "
    "directorate or profession."
)
