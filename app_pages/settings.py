"""Settings: disclosure control's two numbers, how close counts as near a target, who has
which role when sign-in is on, how person codes are written, and the Making Data Count
charts' rules and recalculation points. Every change is logged, and every form saves
exactly what its boxes show."""

import datetime as dt

import streamlit as st

from uep_data import access, measures, person_codes, recalculations, setting_changes, settings
from web import frame, identity, session
from web.text import plain

ctx = frame.page("settings")
access.require_lead(ctx.viewer.role)
engine = session.engine()
now = settings.current(engine)


# Every form's boxes are keyed and filled from the stored value when the page first shows
# them and whenever the stored value changes (a save here or by someone else); a save reads
# exactly what the boxes hold. (Unkeyed boxes with the stored value as their default become
# new widgets once that value changes, and the next save would read their default, not
# what is on screen.)
FILLED_FROM = "settings_filled_from"  # form -> the stored value its boxes were filled from
MESSAGE = "settings_message"  # form -> (kind, text), shown under the form after a save


def fill(form: str, stored, boxes: dict[str, object]) -> None:
    """Put the stored value in a form's boxes, unless they already show it or the person's
    unsaved edits of it."""
    filled_from = st.session_state.setdefault(FILLED_FROM, {})
    if filled_from.get(form) != stored or any(box not in st.session_state for box in boxes):
        for box, value in boxes.items():
            st.session_state[box] = value
        filled_from[form] = stored


@identity.while_signed_in
def save(form: str, values: dict[str, object], boxes: dict[str, object]) -> None:
    """Save the settings a form's boxes hold (those that differ from what is stored), then
    show the saved values in the boxes. Runs as the form's callback, before the page."""
    by = identity.acting()  # who is asking now, checked again as each setting is written
    stored = settings.current(engine)
    changed = {key: value for key, value in values.items() if value != stored[key]}
    if not changed:
        st.session_state[MESSAGE] = {form: ("info", "Nothing to save: this is what is stored.")}
        return
    for key, value in changed.items():
        problem = setting_changes.change(engine, key, value, by)
        if problem:
            st.session_state[MESSAGE] = {form: ("error", f"{settings.LABELS[key]}: {problem}.")}
            return
    session.after_change()
    for box, value in boxes.items():
        st.session_state[box] = value
    st.session_state[FILLED_FROM][form] = {key: values[key] for key in values}
    saved = ", ".join(settings.LABELS[key].lower() for key in changed)
    st.session_state[MESSAGE] = {form: ("success", f"Saved: {saved}.")}


def message(form: str) -> None:
    kind, text = st.session_state.get(MESSAGE, {}).get(form, (None, None))
    if kind is None:
        return
    del st.session_state[MESSAGE]
    icon = {"success": ":material/check_circle:", "error": ":material/error:"}.get(
        kind, ":material/info:"
    )
    getattr(st, kind)(text, icon=icon)


def two_numbers(form: str, keys: tuple[str, str], button: str) -> None:
    """Two whole-number settings side by side (within the settings' own bounds), saved and
    logged when changed."""
    boxes = {f"setting_{key}": key for key in keys}
    fill(form, {key: now[key] for key in keys}, {box: int(now[k]) for box, k in boxes.items()})

    def submit() -> None:
        values = {key: int(st.session_state[box]) for box, key in boxes.items()}
        save(form, values, {box: values[key] for box, key in boxes.items()})

    with st.form(form):
        for column, (box, key) in zip(st.columns(2), boxes.items(), strict=True):
            low, high, _ = settings.WHOLE_NUMBERS[key]
            column.number_input(settings.LABELS[key], low, high, step=1, key=box)
        st.form_submit_button(button, on_click=submit)
    message(form)


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
fill(
    "near",
    {"near_tolerance": now["near_tolerance"]},
    {"setting_near_tolerance": round(float(now["near_tolerance"]) * 100)},
)


def save_tolerance() -> None:
    percent = int(st.session_state["setting_near_tolerance"])
    save("near", {"near_tolerance": percent / 100}, {"setting_near_tolerance": percent})


with st.form("near"):
    st.slider(
        settings.LABELS["near_tolerance"],
        0,
        50,
        format="%d%%",
        help="A target not met but within this share of its value is 'near'.",
        key="setting_near_tolerance",
    )
    st.form_submit_button("Save target status", on_click=save_tolerance)
message("near")

st.subheader("Meeting mode")
fill(
    "meeting",
    {"meeting_screens": now["meeting_screens"]},
    {"setting_meeting_screens": list(now["meeting_screens"])},
)


def save_meeting_screens() -> None:
    chosen = list(st.session_state["setting_meeting_screens"])
    save("meeting", {"meeting_screens": chosen}, {"setting_meeting_screens": chosen})


with st.form("meeting"):
    st.multiselect(
        settings.LABELS["meeting_screens"],
        list(settings.MEETING_SCREENS),
        format_func=settings.MEETING_SCREENS.get,
        help="The screens show in the order listed here. To move a screen, remove it and "
        "add it again at the end.",
        key="setting_meeting_screens",
    )
    st.form_submit_button("Save meeting screens", on_click=save_meeting_screens)
message("meeting")

st.subheader("Roles when sign-in is on")
st.caption(
    "One entry per line: an email address (lead@trust.nhs.uk), a whole domain "
    "(@trust.nhs.uk), a group from the sign-in service (group:UEP steering group) or an "
    "Entra object id (oid:...). An email beats a group, and a group beats a domain. Nobody "
    "else gets in."
)
_, source = identity.role_mapping_in_force()
from_secrets = identity.secrets_role_mapping()
if source == access.SAVED_IN_SETTINGS:
    st.info(
        "**In force: the roles saved here.** The secrets file's `[roles]` is not used while "
        "anything is saved here; empty every box and save to go back to it.",
        icon=":material/rule:",
    )
else:
    st.info(
        "**In force: the secrets file's `[roles]`**, because nothing is saved here. Once "
        "you save any entry here, the roles saved here are used instead and the secrets "
        "file's are not (the two are never combined).",
        icon=":material/rule:",
    )
st.dataframe(
    {
        "Role": [access.ROLE_NAMES[role] for role in access.ROLES],
        "Saved here" + (" (in force)" if source == access.SAVED_IN_SETTINGS else ""): [
            ", ".join(access.RoleMapping.from_settings(now["role_mapping"]).entries[role]) or "-"
            for role in access.ROLES
        ],
        "Secrets file [roles]" + (" (in force)" if source == access.SECRETS_FILE else ""): [
            ", ".join(str(entry) for entry in from_secrets[role]) or "-" for role in access.ROLES
        ],
    },
    hide_index=True,
    width="stretch",
)
stored_roles = access.RoleMapping.from_settings(now["role_mapping"])
role_boxes = {f"setting_role_{role}": role for role in access.ROLES}
fill(
    "roles",
    {"role_mapping": {role: list(stored_roles.entries[role]) for role in access.ROLES}},
    {box: "\n".join(stored_roles.entries[role]) for box, role in role_boxes.items()},
)


def save_roles() -> None:
    mapping = {
        role: [line.strip() for line in st.session_state[box].splitlines() if line.strip()]
        for box, role in role_boxes.items()
    }
    if access.RoleMapping.from_settings(mapping) == access.RoleMapping.from_settings(
        settings.current(engine)["role_mapping"]
    ):
        mapping = settings.current(engine)["role_mapping"]  # the same people: nothing to save
    save(
        "roles",
        {"role_mapping": mapping},
        {box: "\n".join(mapping.get(role, [])) for box, role in role_boxes.items()},
    )


with st.form("roles"):
    for box, role in role_boxes.items():
        st.text_area(access.ROLE_NAMES[role], height=100, key=box)
    st.form_submit_button("Save roles", on_click=save_roles)
message("roles")
if ctx.viewer.local_mode:
    st.info(
        "Sign-in is off on this computer, so roles take effect once sign-in is set up.",
        icon=":material/info:",
    )

st.subheader("Sign-in sessions")
st.caption(
    "With sign-in on, a sign-in ends when nothing has been done in it for this many "
    "minutes (a screen left open in an office or a meeting room stops showing figures), and "
    "this many hours after signing in whatever is done. Signing out ends every window the "
    "person has open, on every computer."
)
two_numbers(
    "sessions",
    ("session_idle_minutes", "session_absolute_hours"),
    "Save session lifetimes",
)

st.subheader("Person codes")
st.caption(
    "How your codes for people are written, as a regular expression that a whole code must "
    "match, and the same in words (shown beside any code an upload gets wrong). Whatever the "
    "pattern, an NHS number, an email address, a telephone number or a name is never "
    "accepted as a code."
)
code_rule = now["person_code"]
fill(
    "person_code",
    {"person_code": code_rule},
    {"setting_code_pattern": code_rule["pattern"], "setting_code_words": code_rule["description"]},
)


def save_code_rule() -> None:
    rule = {
        "pattern": st.session_state["setting_code_pattern"].strip(),
        "description": st.session_state["setting_code_words"].strip(),
    }
    save(
        "person_code",
        {"person_code": rule},
        {"setting_code_pattern": rule["pattern"], "setting_code_words": rule["description"]},
    )


with st.form("person_code"):
    st.text_input(
        "Pattern (a regular expression)",
        max_chars=person_codes.MAX_PATTERN_LENGTH,
        key="setting_code_pattern",
        help="For example [A-Za-z]{1,4}-?[0-9]{1,8}: 1 to 4 letters, a dash if you like, then "
        "up to 8 digits.",
    )
    st.text_input(
        "The same in words",
        max_chars=person_codes.MAX_DESCRIPTION_LENGTH,
        key="setting_code_words",
    )
    st.form_submit_button("Save how codes are written", on_click=save_code_rule)
message("person_code")

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


@identity.while_signed_in
def add_recalculation() -> None:
    state = st.session_state
    chosen, month = state["recalculation_series"], state["recalculation_month"]
    problem = recalculations.add(
        engine,
        chosen,
        month,
        state["recalculation_reason"],
        identity.acting(),
    )
    if problem:  # what was typed stays, to be put right
        state[MESSAGE] = {"add_recalculation": ("error", f"Not saved: {problem}.")}
        return
    session.after_change()
    state["recalculation_month"], state["recalculation_reason"] = None, ""
    state[MESSAGE] = {
        "add_recalculation": (
            "success",
            f"Saved: {measures.series_title(chosen).lower()} starts again in {month:%B %Y}.",
        )
    }


@identity.while_signed_in
def remove_recalculation(point_id: int) -> None:
    recalculations.remove(engine, point_id, identity.acting())
    session.after_change()


# read after the callbacks above have run, so the list shows the point just added or removed
points = session.cached("recalculations")
for point in points:
    words, button = st.columns([5, 1], vertical_alignment="center")
    words.markdown(
        f"**{plain(measures.series_title(point['series']))}** from {point['month']:%B %Y}: "
        f"{plain(point['reason'])}"
    )
    button.button(
        "Remove",
        key=f"remove_recalculation_{point['id']}",
        on_click=remove_recalculation,
        args=(point["id"],),
    )
if not points:
    st.caption("No chart starts again yet.")
with st.form("add_recalculation"):
    chart_column, month_column = st.columns(2)
    chart_column.selectbox(
        "Chart",
        list(measures.monthly_series()),
        format_func=measures.series_title,
        key="recalculation_series",
    )
    month_column.date_input(
        "First month of the new section",
        value=None,
        min_value=dt.date(1900, 1, 1),
        max_value=dt.date(2099, 12, 31),
        format="DD/MM/YYYY",
        help="Any day in the month will do.",
        key="recalculation_month",
    )
    st.text_input(
        "Why it starts again",
        max_chars=recalculations.REASON_LENGTH,
        placeholder="For example: the second employment adviser started",
        key="recalculation_reason",
    )
    st.form_submit_button("Start the chart again here", on_click=add_recalculation)
message("add_recalculation")
