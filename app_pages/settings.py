"""Settings: disclosure control's two numbers, how close counts as near a target, who has
which role when sign-in is on, and the Making Data Count charts' rules and recalculation
points. Every change is logged."""

import datetime as dt

import streamlit as st

from uep_data import access, measures, recalculations, settings
from web import frame, identity, session

ctx = frame.page(
    "Settings",
    "The numbers behind disclosure control, target status and the charts' signals, "
    "and who may see what.",
    scoped=False,
    with_filters=False,
)
access.require_lead(ctx.viewer.role)
engine = session.engine()
now = settings.current(engine)


def save(key: str, value) -> None:
    problem = settings.change(engine, key, value, identity.who(ctx.viewer), ctx.viewer.role)
    if problem:
        st.error(f"{settings.LABELS[key]}: {problem}.", icon=":material/error:")
    else:
        session.after_change()
        st.success(f"Saved: {settings.LABELS[key].lower()}.", icon=":material/check_circle:")


def two_numbers(form: str, keys: tuple[str, str], button: str) -> None:
    """Two whole-number settings side by side (within the settings' own bounds), saved and
    logged when changed."""
    with st.form(form):
        chosen = {}
        for column, key in zip(st.columns(2), keys, strict=True):
            low, high, _ = settings.WHOLE_NUMBERS[key]
            chosen[key] = column.number_input(
                settings.LABELS[key], low, high, int(now[key]), step=1
            )
        if st.form_submit_button(button):
            for key, value in chosen.items():
                if value != now[key]:
                    save(key, int(value))


st.subheader("Disclosure control")
st.caption(
    "What the steering group, the board and the meeting room see of counts below trust "
    "level. NHS Digital's rule is 7 and 5."
)
two_numbers(
    "disclosure",
    ("suppress_up_to", "round_to"),
    "Save disclosure control",
)

st.subheader("Target status")
with st.form("near"):
    tolerance = st.slider(
        settings.LABELS["near_tolerance"],
        0,
        50,
        round(float(now["near_tolerance"]) * 100),
        format="%d%%",
        help="A target not met but within this share of its value is 'near'.",
    )
    if st.form_submit_button("Save target status"):
        save("near_tolerance", tolerance / 100)

st.subheader("Roles when sign-in is on")
st.caption(
    "One entry per line: an email address (lead@trust.nhs.uk), a whole domain "
    "(@trust.nhs.uk) or a group from the sign-in service (group:UEP steering group). "
    "An email beats a group, and a group beats a domain. Nobody else gets in."
)
mapping = access.RoleMapping.from_settings(now["role_mapping"])
with st.form("roles"):
    entries = {
        role: st.text_area(
            access.ROLE_NAMES[role], "\n".join(mapping.entries.get(role, ())), height=100
        )
        for role in access.ROLES
    }
    if st.form_submit_button("Save roles"):
        save(
            "role_mapping",
            {
                role: [line.strip() for line in text.splitlines() if line.strip()]
                for role, text in entries.items()
            },
        )
if ctx.viewer.local_mode:
    st.info(
        "Sign-in is off on this computer, so roles take effect once sign-in is set up.",
        icon=":material/info:",
    )

st.subheader("Making Data Count charts")
st.caption(
    "How many points in a row make a shift (on one side of the average) or a trend (rising "
    "or falling each month). Making Data Count uses 6 for both."
)
two_numbers(
    "spc_lengths",
    ("spc_shift_length", "spc_trend_length"),
    "Save chart rules",
)

st.markdown("**Where a chart starts again**")
st.caption(
    "When the programme changed (a new service, a new way of counting), a chart can start a "
    "new section from that month, with its own average and limits, so that the limits "
    "describe the programme as it is now."
)
points = session.cached("recalculations")
for point in points:
    words, button = st.columns([5, 1], vertical_alignment="center")
    words.markdown(
        f"**{measures.series_title(point['series'])}** from {point['month']:%B %Y}: {point['reason']}"
    )
    if button.button("Remove", key=f"remove_recalculation_{point['id']}"):
        recalculations.remove(engine, point["id"], identity.who(ctx.viewer), ctx.viewer.role)
        session.after_change()
        st.rerun()
if not points:
    st.caption("No chart starts again yet.")
with st.form("add_recalculation", clear_on_submit=True):
    chart_column, month_column = st.columns(2)
    chosen = chart_column.selectbox(
        "Chart",
        list(measures.monthly_series()),
        format_func=measures.series_title,
        key="recalculation_series",
    )
    month = month_column.date_input(
        "First month of the new section",
        value=None,
        min_value=dt.date(1900, 1, 1),
        max_value=dt.date(2099, 12, 31),
        format="DD/MM/YYYY",
        help="Any day in the month will do.",
        key="recalculation_month",
    )
    reason = st.text_input(
        "Why it starts again",
        max_chars=recalculations.REASON_LENGTH,
        placeholder="For example: the second employment adviser started",
        key="recalculation_reason",
    )
    if st.form_submit_button("Start the chart again here"):
        problem = recalculations.add(
            engine, chosen, month, reason, identity.who(ctx.viewer), ctx.viewer.role
        )
        if problem:
            st.error(f"Not saved: {problem}.", icon=":material/error:")
        else:
            session.after_change()
            st.success(
                f"Saved: {measures.series_title(chosen).lower()} starts again in {month:%B %Y}.",
                icon=":material/check_circle:",
            )
