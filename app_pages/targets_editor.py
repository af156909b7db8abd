"""Targets and action plan: add, change and retire targets (aspirational and interim, linked to
their aspirational target) and actions, checked exactly like an upload; every change logged
and can be undone from Import history."""

import datetime as dt

import streamlit as st

from uep_data import access, check_ins, edit_review, editing, measures
from uep_data import contract as c
from uep_data.formatting import format_date
from uep_data.upload_report import group_problems
from uep_data.words import words_for
from web import frame, identity, session, widgets
from web.text import plain, plain_table

ctx = frame.page("targets_editor")
access.require_lead(ctx.viewer.role)
if "edit_done" in st.session_state:
    st.success(st.session_state.pop("edit_done"), icon=":material/check_circle:")


NOUNS = {"targets": "target", "actions": "action"}


def field(sheet_name: str, column: c.Column, value, key: str, choices: dict):
    """One of a target's or an action's values as a form field, by the contract's kind."""
    label = edit_review.column_label(column.name) + (" *" if column.required else "")
    helps = column.explanation or None
    if column.kind in (c.VOCAB, c.METRIC) or column.name in choices:
        options = list(
            choices.get(column.name)
            or (column.vocabulary if column.kind == c.VOCAB else measures.metric_keys())
        )
        if value is not None and value not in options:
            options.append(value)
        blank = not column.required or value is None
        shown = ([None] if blank else []) + options
        return st.selectbox(
            label,
            shown,
            index=shown.index(value) if value in shown else 0,
            format_func=lambda v: (
                "(none)"
                if v is None
                else (
                    f"{measures.measure(v).label} ({v})"
                    if column.kind == c.METRIC and v in measures.metric_keys()
                    else words_for(v)
                )
            ),
            help=helps,
            key=key,
        )
    if column.kind == c.DATE:
        return st.date_input(
            label,
            value=value,
            min_value=dt.date(1990, 1, 1),
            max_value=dt.date(2100, 12, 31),
            format="DD/MM/YYYY",
            help=helps,
            key=key,
        )
    if column.kind == c.YES_NO:
        return st.checkbox(label, value=bool(value), help=helps, key=key)
    if column.kind == c.NUMBER:
        return st.number_input(label, value=value, help=helps, key=key)
    return st.text_input(label, value=value or "", help=helps, key=key)


def editor(sheet_name: str, title: str) -> None:
    """The whole list, then one target or action at a time in a form: its change shown as
    old → new, and asked about again when it looks wrong, before it is saved."""
    noun = NOUNS[sheet_name]
    sheet = c.SHEETS_BY_NAME[sheet_name]
    key_column = sheet.key[0]
    st.subheader(title)
    stored = editing.stored_rows(session.engine(), sheet_name)
    if stored:
        st.table(plain_table(edit_review.listed(sheet_name, stored)), hide_index=True)
    else:
        widgets.empty_state(f"No {sheet_name} yet: add the first one below.")
    by_key = {r[key_column]: r for r in stored}
    generation = st.session_state.setdefault(f"{sheet_name}_generation", 0)
    choice = st.selectbox(
        f"Change or add a {noun}",
        [None, *by_key],
        format_func=lambda k: (
            f"Add a new {noun}" if k is None else edit_review.name_of(sheet_name, by_key[k])
        ),
        key=f"{sheet_name}_choice_{generation}",
    )
    before = by_key.get(choice, {})
    targets = (
        editing.stored_rows(session.engine(), "targets") if sheet_name == "actions" else stored
    )
    choices = {
        "parent_target_id": [r["target_id"] for r in targets if r["level"] == "aspirational"],
        "target_id": [r["target_id"] for r in targets] if sheet_name == "actions" else [],
    }
    choices = {k: v for k, v in choices.items() if v}
    with st.form(f"{sheet_name}_form_{choice}_{generation}", border=True):
        row = {}
        columns = st.columns(3)
        for number, column in enumerate(sheet.columns):
            value = before.get(column.name, column.default)
            with columns[number % 3]:
                if column.name == key_column and choice is not None:
                    st.text_input(edit_review.column_label(column.name), choice, disabled=True)
                    row[column.name] = choice
                    continue
                row[column.name] = field(
                    sheet_name,
                    column,
                    value,
                    f"{sheet_name}_{column.name}_{choice}_{generation}",
                    choices,
                )
        checked = st.form_submit_button(f"Check the {noun}", type="primary")
    pending_key = f"{sheet_name}_pending"
    if checked:
        st.session_state.pop(pending_key, None)
        found = edit_review.changes(sheet_name, stored, [row])
        if not found:
            st.info(f"Nothing to save: this {noun} is as it was.", icon=":material/info:")
            return
        try:
            result = editing.save(
                session.engine(), sheet_name, [row], who=identity.acting(), dry_run=True
            )
        except access.AccessDenied as refusal:  # no longer the lead (changed in another session)
            st.error(plain(str(refusal)), icon=":material/block:")
            return
        if not result.ok:
            st.error("Not saved: fix these first.", icon=":material/error:")
            st.table(
                [
                    {"Column": g.column or "", "What to do": g.message}
                    for g in group_problems(result.problems)
                ],
                hide_index=True,
            )
            return
        st.session_state[pending_key] = row
    row = st.session_state.get(pending_key)
    if row is not None:
        review(sheet_name, stored, row, generation)


def review(sheet_name: str, stored: list[dict], row: dict, generation: int) -> None:
    """The checked change, old → new, with a second question where it looks wrong."""
    pending_key = f"{sheet_name}_pending"
    (change,) = edit_review.changes(sheet_name, stored, [row]) or (None,)
    if change is None:  # saved meanwhile, in another tab
        st.session_state.pop(pending_key, None)
        return
    with st.container(border=True):
        st.markdown("**Before it is saved:** " + plain(change.words()))
        if change.added:
            st.markdown(
                "\n".join(
                    f"- {edit_review.column_label(k)}: "
                    + plain(edit_review.value_words(sheet_name, k, v))
                    for k, v in row.items()
                    if edit_review.value_words(sheet_name, k, v) != "blank"
                )
            )
        looks = edit_review.second_looks(change, row)
        for look in looks:
            st.warning(plain(look), icon=":material/help:")
        sure = (
            st.checkbox("I have checked: save it as it is", key=f"{sheet_name}_sure")
            if looks
            else True
        )
        save, back = st.columns([1, 1])
        if save.button(
            "Save the change", type="primary", disabled=not sure, key=f"{sheet_name}_save"
        ):
            st.session_state.pop(pending_key, None)
            try:
                result = editing.save(session.engine(), sheet_name, [row], who=identity.acting())
            except access.AccessDenied as refusal:  # the role was taken away a moment ago
                st.error(plain(str(refusal)), icon=":material/block:")
                return
            if not result.ok:  # changed meanwhile by someone else's edit
                st.error(
                    "Not saved: " + "; ".join(str(p) for p in result.problems),
                    icon=":material/error:",
                )
                return
            st.session_state["edit_done"] = plain(f"Saved. {change.words()}")
            st.session_state[f"{sheet_name}_generation"] = generation + 1
            session.after_change()
            st.rerun()
        if back.button("Keep editing", key=f"{sheet_name}_back"):
            st.session_state.pop(pending_key, None)
            st.rerun()


editor("targets", "Targets")
with st.expander("Metric keys a target can measure"):
    st.dataframe(
        [
            {
                "Metric": key,
                "What it measures": measures.measure(key).label,
                "Unit": words_for(measures.measure(key).unit),
            }
            for key in measures.metric_keys()
        ],
        hide_index=True,
        width="stretch",
    )
editor("actions", "Action plan")


def check_in_form(as_of: dt.date) -> None:
    """The lead's check-in on a target for a meeting: what the figure says, why, what is
    being done and by when. A second check-in for the same meeting replaces the first."""
    st.subheader("Check-ins")
    st.caption(
        "At each meeting, say for a target what the figure says, why, what is being done and "
        "by when. It is shown beside the target on Targets, on the meeting screen and in the "
        "board pack, to the steering group and the board too: write about the programme, "
        "never about a person. Undo it from Import history like any edit."
    )
    in_use = [r for r in editing.stored_rows(session.engine(), "targets") if not r["retired"]]
    if not in_use:
        widgets.empty_state("Add a target first.")
        return
    titles = {r["target_id"]: f"{r['title']} ({r['target_id']})" for r in in_use}
    target_id = st.selectbox("Target", list(titles), format_func=titles.get, key="check_in_target")
    history = session.fresh(check_ins.by_target).get(target_id, ())
    if history:
        with st.expander(f"Check-ins on this target so far ({len(history)})"):
            st.html("".join(widgets.check_in_html(c) for c in history))
    with st.form("check_in", clear_on_submit=False):
        # any date the programme's data may reach (Streamlit's default allows ten years back)
        earliest = dt.date(1990, 1, 1)
        latest = max(dt.date.today(), as_of) + dt.timedelta(days=3660)
        meeting = st.date_input(
            "Meeting date",
            value=min(max(as_of, earliest), latest),
            help=f"It starts at the dashboard's as-of date, {format_date(as_of)}: the date "
            "the figures the check-in speaks about are measured at.",
            min_value=earliest,
            max_value=latest,
            format="DD/MM/YYYY",
            key="check_in_meeting",
        )
        limit = check_ins.TEXT_LENGTH
        says = st.text_area("What the figure says *", max_chars=limit, height=80)
        why = st.text_area("Why", max_chars=limit, height=80)
        doing = st.text_area("What is being done *", max_chars=limit, height=80)
        by_when = st.date_input(
            "By when", value=None, min_value=earliest, max_value=latest, format="DD/MM/YYYY"
        )
        saved = st.form_submit_button("Save the check-in", type="primary")
    if saved:
        try:
            result = check_ins.record(
                session.engine(),
                target_id,
                meeting,
                says,
                why,
                doing,
                by_when,
                who=identity.acting(),
            )
        except access.AccessDenied as refusal:
            st.error(plain(str(refusal)), icon=":material/block:")
            return
        if not result.ok:
            st.error("Not saved: " + " ".join(result.problems), icon=":material/error:")
        elif result.change is None:
            st.info("Nothing changed: this check-in is already saved.", icon=":material/info:")
        else:
            st.session_state["edit_done"] = (
                f"Check-in {result.change} for {titles[target_id]}, meeting of "
                f"{format_date(meeting)}."
            )
            session.after_change()
            st.rerun()


check_in_form(ctx.filters.as_of)
