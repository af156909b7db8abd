"""Settings: disclosure control's two numbers, how close counts as near a target, and who has
which role when sign-in is on. Every change is logged."""

import streamlit as st

import app_state
import ui
from uep_data import access, settings

ctx = ui.page(
    "Settings",
    "The numbers behind disclosure control and target status, and who may see what.",
    scoped=False,
    filters=False,
)
access.require_lead(ctx.viewer.role)
engine = app_state.engine()
now = settings.current(engine)


def save(key: str, value) -> None:
    problem = settings.change(engine, key, value, app_state.who(ctx.viewer), ctx.viewer.role)
    if problem:
        st.error(f"{settings.LABELS[key]}: {problem}.", icon=":material/error:")
    else:
        app_state.after_change()
        st.success(f"Saved: {settings.LABELS[key].lower()}.", icon=":material/check_circle:")


st.subheader("Disclosure control")
st.caption(
    "What the steering group, the board and the meeting room see of counts below trust "
    "level. NHS Digital's rule is 7 and 5."
)
with st.form("disclosure"):
    left, right = st.columns(2)
    up_to = left.number_input(
        settings.LABELS["suppress_up_to"], 1, 20, int(now["suppress_up_to"]), step=1
    )
    round_to = right.number_input(settings.LABELS["round_to"], 1, 100, int(now["round_to"]), step=1)
    if st.form_submit_button("Save disclosure control"):
        if up_to != now["suppress_up_to"]:
            save("suppress_up_to", int(up_to))
        if round_to != now["round_to"]:
            save("round_to", int(round_to))

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
