"""Drill-down: from a trust-wide figure to its directorates, from a directorate to its
professions, and (for the programme lead only) to the pseudonymous records behind a cell.
Reachable by clicking a bar elsewhere, or by its address
(?measure=Job+starts&directorate=Human+Resources: the figure by its name as shown)."""

import streamlit as st

from uep_data import measures
from uep_data.periods import format_date
from uep_data.views import DRILLABLE
from web import downloads, filters, frame, session, show, widgets
from web.text import plain


def pick(dimension: str) -> None:
    chosen = st.session_state["drill_chart"].selection.get("pick") or []
    if chosen:
        filters.narrowed_by_drill_down()
        st.session_state[dimension] = chosen[0]["group"]


def back_to(level: str) -> None:
    st.session_state["profession"] = None
    if level == "trust":
        st.session_state["directorate"] = None


ctx = frame.page(
    "drill_down",
    bar=False,  # the breadcrumbs below say where the page is narrowed to, and go back
    bound=(
        (
            "measure",
            "a figure the drill-down offers (name one as shown, such as "
            f"{measures.measure(DRILLABLE[0]).label})",
            [measures.measure(key).label for key in DRILLABLE],
        ),
    ),
)
f, audience = ctx.filters, ctx.audience
if ctx.empty:
    widgets.empty_state("No data yet: there is nothing to break down.")
    st.stop()
measure = st.selectbox(
    "Figure",
    DRILLABLE,
    format_func=lambda key: measures.measure(key).label,
    key="measure",
    bind="query-params",
)
view = session.page_view("drill_down", f, audience, measure=measure)
crumbs = st.container(horizontal=True)
crumbs.button(
    "Trust-wide",
    on_click=back_to,
    args=("trust",),
    disabled=not f.directorate,
    icon=":material/home:",
    width="content",
)
if f.directorate:
    crumbs.button(
        plain(f.directorate),
        on_click=back_to,
        args=("directorate",),
        disabled=not f.profession,
        icon=":material/chevron_right:",
        width="content",
    )
if f.profession:
    crumbs.button(
        plain(f.profession), disabled=True, icon=":material/chevron_right:", width="content"
    )

if view.breakdown is not None:
    breakdown = view.breakdown
    where = f.directorate or "the trust"
    figure = breakdown.total
    st.subheader(
        plain(f"{view.label} in {where}, by {breakdown.by_label.lower()}, {figure.when_words}")
    )
    if breakdown.empty:
        widgets.empty_state(
            plain(f"Nothing to show for {view.label.lower()} in {where} {figure.when_words}.")
        )
    else:
        next_level = "profession" if breakdown.by == "directorate" else "record"
        if next_level == "record" and audience.controlled:
            next_level = "profession"
        show.bars(
            breakdown,
            f"{view.label} by {breakdown.by_label.lower()}",
            key="drill_chart",
            rules=audience.rules,
            keep=lambda p: p.figure.value is not None,
            unit=view.unit,
            selection="pick",
            on_select=lambda: pick(breakdown.by),
        )
        st.caption(f"Click a bar to open its breakdown by {next_level}.")
    widgets.suppression_note(audience)
else:
    cell = view.cell
    st.subheader(plain(f"{view.label}: {f.directorate}, {f.profession}, {cell.when_words}"))
    st.metric(plain(view.label), plain(cell.shown))
    widgets.suppression_note(audience)
    if view.records is not None:
        st.markdown("**Who is counted here** (pseudonymous codes, for the programme lead only)")
        if view.records:
            downloads.figures_table(
                ctx.viewer,
                audience,
                [
                    {
                        "Person": r["person_id"],
                        "Started": format_date(r.get("start_date")),
                        "Pay band": (r.get("pay_band") or "").replace("_", " "),
                        "Hours": (r.get("hours") or "").replace("_", " "),
                        "Manages staff": "Yes" if r.get("management_role") else "No",
                    }
                    for r in view.records
                ],
                "the records behind the figure",
                "records.csv",
            )
        else:
            widgets.empty_state("Nobody is counted here.")
    else:
        st.caption("Individual records are shown to the programme lead only.")
