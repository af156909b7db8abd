"""Targets: aspirational and interim targets with their actuals and status, the trajectory of
the interim targets towards each aspirational one, a target by directorate and by profession,
and the action plan beside its targets."""

import html

import streamlit as st

from uep_data import charts
from uep_data.formatting import format_date, format_value
from web import downloads, frame, session, show, widgets
from web.text import plain

ctx = frame.page("targets")
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
        "Latest check-in": (
            f"{format_date(c.latest.meeting_date)}: {c.latest.text}"
            if (c := view.check_ins_of(t.target_id))
            else ""
        ),
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

st.header("Check-ins")
st.caption(
    "At each meeting the programme lead says, for each target, what the figure says, why, "
    "what is being done and by when. The latest is first; the earlier ones are below it."
)
if not view.check_ins:
    widgets.empty_state(
        "No check-ins yet: the programme lead records them on the Targets and action plan page."
    )
for found in view.check_ins:
    line = found.target
    st.html(
        f'<div style="margin-top:0.6rem">{widgets.target_badge(line)} '
        f"<strong>{html.escape(line.title)}</strong>: {html.escape(line.actual.shown)} "
        f"against {html.escape(line.target_words)}"
        + (f" · {html.escape(line.owner)}" if line.owner else "")
        + f"</div>{widgets.check_in_html(found.latest)}"
    )
    if found.earlier:
        with st.expander(f"Earlier check-ins ({len(found.earlier)})"):
            st.html("".join(widgets.check_in_html(c) for c in found.earlier))

st.header("Month by month against the target")
st.caption(
    "Trust-wide Making Data Count charts over the last three years of whole months: the "
    "icons say whether the figure is changing, and whether the target will be met reliably, "
    "missed reliably, or hit and missed at random."
)
show.show_spc_tabs(view.spc)

st.header("Where the targets are heading")
st.caption(
    "Each running target's figure month by month, and where it is likely to be at the "
    "target's deadline if the process goes on as its Making Data Count chart reads it: the "
    "most likely figure (dashed), the range it falls in four times in five (the darker band) "
    "and nineteen times in twenty (the lighter band), and the chance of meeting the target."
)
by_id = {t.target_id: t for t in view.targets}
shown_any = False
for forecast in view.forecasts:
    line = by_id[forecast.target_id]
    if not forecast.words:
        continue
    shown_any = True
    st.subheader(plain(line.title))
    st.markdown(plain(forecast.words))
    if forecast.history:
        show.show_chart(
            show.drawing(
                charts.fan_chart,
                list(forecast.history),
                list(forecast.fan),
                unit=line.unit,
                target=line.target_value,
                title="Month by month, and the forecast to its deadline",  # under its heading
            ),
            charts.describe_fan(
                forecast.history, forecast.fan, line.unit, line.title, forecast.words
            ),
            key=f"fan_{line.target_id}",
        )
    if forecast.next_year is not None and line.level == "Aspirational":
        low, high = forecast.next_year_band
        st.markdown(
            plain(
                f"For next year's interim target: likely {forecast.next_year.shown} on "
                f"{format_date(forecast.next_year.as_of)} (80%: {low.shown} to {high.shown}), "
                f"against the long-term target of {line.target_words}."
            )
        )
if not shown_any:
    widgets.empty_state("No target is still running on this date.")

st.header("Trajectories")
if not view.trajectories:
    widgets.empty_state("No interim targets are linked to an aspirational target yet.")
for trajectory in view.trajectories:
    aim = trajectory.aspirational
    st.subheader(plain(aim.title))
    st.html(
        f"Aspirational target {html.escape(aim.target_words)}: actual "
        f"{html.escape(aim.actual.shown)} {widgets.target_badge(aim)}"
    )
    steps = [
        (year, t.target_value, t.status_key)
        for year, t in zip(trajectory.years, trajectory.interim, strict=True)
    ]
    actuals = [
        (year, a.value) for year, a in zip(trajectory.actual_years, trajectory.actuals, strict=True)
    ]
    show.show_chart(
        show.drawing(
            charts.trajectory_chart,
            steps,
            actuals,
            aim.target_value,
            unit=aim.unit,
            title="Interim targets (◇) and actuals (●), by year",
        ),
        f"{aim.title}: interim targets "
        + ", ".join(f"{format_value(v, aim.unit)} in {year}" for year, v, _ in steps)
        + "; actuals "
        + ", ".join(
            f"{a.shown} in {year}"
            for year, a in zip(trajectory.actual_years, trajectory.actuals, strict=True)
        ),
        key=f"trajectory_{aim.target_id}",
    )
    if trajectory.not_drawn:
        st.caption(
            "Linked to this target but measuring something else, so not drawn as its steps: "
            + "; ".join(t.title for t in trajectory.not_drawn)
            + "."
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
    each = view.breakdown.target_applies_to_each
    show.bars(
        breakdown,
        f"{target.title} by {by or 'directorate'}",
        key="targets_breakdown_chart",
        rules=audience.rules,
        unit=target.unit,
        title=f"{target.title}, by {by or 'directorate'}",
        target=target.target_value if each else None,
        target_label=f"Target {format_value(target.target_value, target.unit)}",
    )
    if not each:
        st.caption(view.breakdown.target_note)
    widgets.suppression_note(audience)

st.header("Action plan")
if not view.actions:
    widgets.empty_state("No actions are recorded yet: add them on the actions sheet.")
for group in view.actions:
    # the target's status in its icon and word, and any overdue actions: plain text (the
    # title and the words are escaped; no colour directive, so nothing in them is acted on)
    flags = []
    if group.target is not None:
        flags.append(group.target.status.shown)
    if group.overdue:
        flags.append(f"! {group.overdue} overdue")
    with st.expander(plain(" · ".join([group.title, *flags])), expanded=False):
        st.dataframe(
            [
                {
                    "Action": a.description,
                    "Owner": a.owner,
                    "Due": a.due,
                    "Status": a.status_words,
                }
                for a in group.actions
            ],
            hide_index=True,
            width="stretch",
        )
