"""Targets: aspirational and interim targets with their actuals and status, the trajectory of
the interim targets towards each aspirational one, a target by directorate and by profession,
and the action plan beside its targets."""

import html

import streamlit as st

from uep_data import charts
from uep_data.formatting import format_date, format_value
from web import downloads, frame, session, show, widgets

ctx = frame.page(
    "Targets",
    "Are we on track for the programme's targets, and what is being "
    "done about the ones we are not?",
    scoped=False,
)
f, audience = ctx.filters, ctx.audience
chosen = st.session_state.get("targets_breakdown_target")
view = session.page_view("targets", f, audience, breakdown_of=chosen)
if not view.targets:
    widgets.empty_state(
        "No targets are recorded yet. Add them on the targets sheet of the workbook "
        "(or in the targets editor)."
    )
    st.stop()
st.caption(
    f"Measured as of {format_date(f.as_of)}: a target's actual is its figure over its "
    "own period, up to that date."
)

level = st.segmented_control(
    "Show", ["All", "Aspirational", "Interim"], default="All", key="targets_level"
)
rows = [
    {
        "Target": t.title,
        "Level": t.level,
        "Period": t.period_words,
        "Where": t.where_words,
        "Measured": t.measured_words,
        "Actual": t.actual.shown,
        "Target value": t.target_words,
        "Status": t.status.shown,
        "Owner": t.owner,
    }
    for t in view.targets
    if level in (None, "All") or t.level == level
]
downloads.figures_table(
    ctx.viewer,
    audience,
    rows,
    "the targets",
    "targets.csv",
    column_config={"Target": st.column_config.TextColumn(width="large")},
)
widgets.suppression_note(audience)

st.header("Month by month against the target")
st.caption(
    "Trust-wide Making Data Count charts over the last three years of whole months: the "
    "icons say whether the figure is changing, and whether the target will be met reliably, "
    "missed reliably, or hit and missed at random."
)
show.show_spc_tabs(view.spc)

st.header("Trajectories")
if not view.trajectories:
    widgets.empty_state("No interim targets are linked to an aspirational target yet.")
for trajectory in view.trajectories:
    aim = trajectory.aspirational
    st.subheader(aim.title)
    st.html(
        f"Aspirational target {html.escape(aim.target_words)}: actual "
        f"{html.escape(aim.actual.shown)} {widgets.target_badge(aim)}"
    )
    steps = [(t.period_end or f.as_of, t.target_value, t.status_key) for t in trajectory.interim]
    actuals = [(a.end or a.as_of, a.value) for a in trajectory.actuals]
    show.show_chart(
        show.drawing(charts.trajectory_chart, steps, actuals, aim.target_value, unit=aim.unit),
        f"{aim.title}: interim targets "
        + ", ".join(f"{format_value(v, aim.unit)} by {format_date(d)}" for d, v, _ in steps)
        + "; actuals "
        + ", ".join(f"{a.shown} {a.when_words}" for a in trajectory.actuals),
        key=f"trajectory_{aim.target_id}",
    )

st.header("Each target by directorate and by profession")
if not view.breakable:
    widgets.empty_state("None of the targets measures something recorded by directorate.")
else:
    ids = [t.target_id for t in view.breakable]
    titles = {t.target_id: t.title for t in view.breakable}
    st.selectbox(
        "Target",
        ids,
        index=ids.index(view.breakdown.target.target_id),
        format_func=titles.get,
        key="targets_breakdown_target",
    )
    by = st.segmented_control(
        "By",
        ["directorate", "profession"],
        default="directorate",
        format_func=str.capitalize,
        key="targets_breakdown_by",
    )
    target = view.breakdown.target
    breakdown = (
        view.breakdown.by_profession if by == "profession" else view.breakdown.by_directorate
    )
    show.bars(
        breakdown,
        f"{target.title} by {by or 'directorate'}",
        key="targets_breakdown_chart",
        rules=audience.rules,
        unit=target.unit,
        target=target.target_value if target.directorate is None else None,
        target_label=f"Target {format_value(target.target_value, target.unit)}",
    )
    widgets.suppression_note(audience)

st.header("Action plan")
if not view.actions:
    widgets.empty_state("No actions are recorded yet: add them on the actions sheet.")
for group in view.actions:
    with st.expander(group.title, expanded=False):
        st.dataframe(
            [
                {"Action": a.description, "Owner": a.owner, "Due": a.due, "Status": a.status}
                for a in group.actions
            ],
            hide_index=True,
            width="stretch",
        )
