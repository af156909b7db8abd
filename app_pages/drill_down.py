"""Drill-down: from a trust-wide figure to its directorates, from a directorate to its
professions, and (for the programme lead only) to the pseudonymous records behind a cell.
Reachable by clicking a bar elsewhere, or by its address
(?metric=Job+starts&directorate=Human+Resources: the figure by its name as shown)."""

import streamlit as st

import app_state
import ui
from uep_data import access, breakdowns, catalogue, charts, views
from uep_data.periods import format_date

METRICS = list(breakdowns.BREAKDOWN_METRICS)


def pick_directorate() -> None:
    chosen = st.session_state["drill_chart"].selection.get("pick") or []
    if chosen:
        st.session_state["directorate"] = chosen[0]["group"]


def pick_profession() -> None:
    chosen = st.session_state["drill_chart"].selection.get("pick") or []
    if chosen:
        st.session_state["profession"] = chosen[0]["group"]


def back_to(level: str) -> None:
    st.session_state["profession"] = None
    if level == "trust":
        st.session_state["directorate"] = None


ctx = ui.page(
    "Drill-down",
    "What lies behind a trust-wide figure: which directorates, and which professions within them?",
)
f, audience = ctx.filters, ctx.audience
if ctx.empty:
    ui.empty_state("No data yet: there is nothing to break down.")
    st.stop()
metric_key = st.selectbox(
    "Figure",
    METRICS,
    format_func=lambda k: catalogue.METRICS[k].label,
    key="metric",
    bind="query-params",
)
metric = catalogue.METRICS[metric_key]
unit = metric.unit
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
        f.directorate,
        on_click=back_to,
        args=("directorate",),
        disabled=not f.profession,
        icon=":material/chevron_right:",
        width="content",
    )
if f.profession:
    crumbs.button(f.profession, disabled=True, icon=":material/chevron_right:", width="content")

when = (
    f"on {format_date(f.as_of)}"
    if metric.kind == "point"
    else f"from {format_date(f.period.start)} to {format_date(f.period.end)}"
)
if not f.directorate or not f.profession:
    by = "profession" if f.directorate else "directorate"
    scope = views.Scope(f.directorate, None) if f.directorate else views.TRUST_WIDE
    data = app_state.cached_view(
        views.breakdown_for, metric_key, f.as_of, f.period, (by,), audience, scope
    )
    where = f.directorate or "the trust"
    st.subheader(f"{metric.label} in {where}, by {by}, {when}")
    if data["share"] is not None:
        bars = [
            {"group": n, "value": data["share"][(n, "count")]}
            for n in data["rows"]
            if data["denominators"].cells[(n, "count")] not in (0, None)
        ]
    else:
        bars = [{"group": n, "value": data["table"].cell(n)} for n in data["rows"]]
    if not any(b["value"] for b in bars):
        ui.empty_state(f"Nothing to show for {metric.label.lower()} in {where} {when}.")
    else:
        chart = charts.bar_chart(
            bars, "group", "value", unit=unit, selection="pick", rules=audience.rules
        )
        description = f"{metric.label} by {by}: " + "; ".join(
            f"{b['group']} {ui.value_text(b['value'], unit)}" for b in bars
        )
        ui.show_chart(
            chart,
            description,
            key="drill_chart",
            selection=True,
            on_select=pick_profession if f.directorate else pick_directorate,
        )
        st.caption(
            f"Click a bar to open its breakdown by "
            f"{'profession' if by == 'directorate' else 'record' if not audience.controlled else 'profession'}."
        )
    ui.suppression_note(audience)
else:
    st.subheader(f"{metric.label}: {f.directorate}, {f.profession}, {when}")
    cell_filters = views.Filters(f.as_of, f.period, f.directorate, f.profession)
    value = app_state.cached_view(views.shown_value, metric_key, cell_filters, audience)
    st.metric(metric.label, ui.value_text(value, unit))
    ui.suppression_note(audience)
    if ctx.viewer.role == access.PROGRAMME_LEAD and not audience.controlled:
        st.markdown("**People in post here (pseudonymous codes; for the programme lead only)**")
        records = app_state.cached_view(
            views.records_for, ctx.viewer.role, f, f.directorate, f.profession
        )
        if records:
            ui.figures_table(
                ctx,
                [
                    {
                        "Person": r["person_id"],
                        "Started": format_date(r["start_date"]),
                        "Pay band": (r["pay_band"] or "").replace("_", " "),
                        "Hours": (r["hours"] or "").replace("_", " "),
                        "Manages staff": "Yes" if r["management_role"] else "No",
                    }
                    for r in records
                ],
                "the people in post here",
                "people_in_post.csv",
            )
        else:
            ui.empty_state(f"Nobody is in post here on {format_date(f.as_of)}.")
    else:
        st.caption("Individual records are shown to the programme lead only.")
