"""Targets: aspirational and interim targets with their actuals and status, the trajectory of
the interim targets towards each aspirational one, every target by directorate and by
profession, and the action plan beside its targets."""

import streamlit as st

import app_state
import ui
from uep_data import catalogue, charts, views
from uep_data.formatting import (
    format_value,
    status_text,
    target_period_words,
    target_value_words,
)
from uep_data.periods import format_date

ctx = ui.page(
    "Targets",
    "Are we on track for the programme's targets, and what is being "
    "done about the ones we are not?",
    scoped=False,
)
f, audience = ctx.filters, ctx.audience
results = app_state.cached_view(views.target_results, f.as_of)
rows = app_state.cached_view(views.target_rows, f, audience, results)
if not rows:
    ui.empty_state(
        "No targets are recorded yet. Add them on the targets sheet of the workbook "
        "(or in the targets editor)."
    )
    st.stop()
st.caption(
    f"Measured as of {format_date(f.as_of)}: a target's actual is its metric over its "
    "own period, up to that date."
)


table = []
for row in rows:
    t = row.result
    unit = catalogue.METRICS[t.metric].unit
    table.append(
        {
            "Target": t.title,
            "Level": t.level.capitalize(),
            "Period": target_period_words(t),
            "Where": ", ".join(p for p in (t.directorate, t.profession) if p) or "Trust-wide",
            "Actual": ui.value_text(row.actual, unit),
            "Target value": target_value_words(t, unit),
            "Status": status_text(row.status, t.in_progress),
            "Owner": t.owner or "",
        }
    )
level = st.segmented_control(
    "Show", ["All", "Aspirational", "Interim"], default="All", key="targets_level"
)
shown = [r for r in table if level in (None, "All") or r["Level"] == level]
ui.figures_table(
    ctx,
    shown,
    "the targets",
    "targets.csv",
    column_config={"Target": st.column_config.TextColumn(width="large")},
)
ui.suppression_note(audience)

st.header("Month by month against the target")
st.caption(
    "Trust-wide Making Data Count charts over the last three years of whole months: the "
    "icons say whether the figure is changing, and whether the target will be met reliably, "
    "missed reliably, or hit and missed at random."
)
ui.show_spc_tabs(
    app_state.cached_view(
        views.spc_views, views.spc_keys_for(views.TARGETS_SPC, audience), f, audience
    )
)

st.header("Trajectories")
trajectories = app_state.cached_view(views.trajectories, f, audience, results)
if not trajectories:
    ui.empty_state("No interim targets are linked to an aspirational target yet.")
for trajectory in trajectories:
    aim_row = trajectory.aspirational
    aim = aim_row.result
    unit = catalogue.METRICS[aim.metric].unit
    st.subheader(aim.title)
    st.html(
        f"Aspirational target {format_value(aim.value, unit)}: actual "
        f"{ui.value_text(aim_row.actual, unit)} {ui.status_badge(aim_row.status, aim.in_progress)}"
    )
    steps = [
        (row.result.period_end or f.as_of, row.result.value, row.status)
        for row in trajectory.interim
    ]
    chart = charts.trajectory_chart(steps, trajectory.actuals, aim.value, unit=unit)
    ui.show_chart(
        chart,
        f"{aim.title}: interim targets "
        + ", ".join(f"{format_value(v, unit)} by {format_date(d)}" for d, v, _ in steps)
        + "; actuals "
        + ", ".join(f"{ui.value_text(v, unit)} on {format_date(d)}" for d, v in trajectory.actuals),
        key=f"trajectory_{aim.target_id}",
    )

st.header("Each target by directorate and by profession")
breakable = views.breakable_targets(rows)
if not breakable:
    ui.empty_state("None of the targets measures something recorded by directorate.")
else:
    choice = st.selectbox(
        "Target", breakable, format_func=lambda t: t.title, key="targets_breakdown_target"
    )
    by = st.segmented_control(
        "By",
        ["directorate", "profession"],
        default="directorate",
        format_func=str.capitalize,
        key="targets_breakdown_by",
    )
    data = app_state.cached_view(views.target_breakdown, choice, f, audience, by or "directorate")
    unit = catalogue.METRICS[choice.metric].unit
    if data["share"] is not None:
        bars = [{"group": name, "value": data["share"][(name, "count")]} for name in data["rows"]]
    else:
        bars = [{"group": name, "value": data["table"].cell(name)} for name in data["rows"]]
    ui.show_chart(
        charts.bar_chart(
            bars,
            "group",
            "value",
            unit=unit,
            rules=audience.rules,
            target=choice.value if choice.directorate is None else None,
            target_label=f"Target {format_value(choice.value, unit)}",
        ),
        f"{choice.title} by {by}: "
        + "; ".join(f"{b['group']} {ui.value_text(b['value'], unit)}" for b in bars),
        key="targets_breakdown_chart",
    )
    ui.suppression_note(audience)

st.header("Action plan")
actions = app_state.cached_view(views.actions_by_target)
titles = {r.result.target_id: r.result.title for r in rows}
if not actions:
    ui.empty_state("No actions are recorded yet: add them on the actions sheet.")
for target_id, items in sorted(actions.items(), key=lambda kv: titles.get(kv[0] or "", "~")):
    with st.expander(titles.get(target_id, "Not linked to a target"), expanded=False):
        st.dataframe(
            [
                {
                    "Action": a["description"],
                    "Owner": a["owner"] or "",
                    "Due": format_date(a["due_date"]),
                    "Status": (a["status"] or "").replace("_", " ").capitalize(),
                }
                for a in items
            ],
            hide_index=True,
            width="stretch",
        )
