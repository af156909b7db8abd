"""Targets and action plan: add, change and retire targets (aspirational and interim, linked to
their aspirational target) and actions, checked exactly like an upload; every change logged
and can be undone from Import history."""

import datetime as dt

import streamlit as st

from uep_data import access, check_ins, editing, measures
from uep_data import contract as c
from uep_data.formatting import format_date
from uep_data.upload_report import group_problems
from uep_data.words import words_for
from web import frame, identity, session, widgets
from web.text import plain

ctx = frame.page("targets_editor")
access.require_lead(ctx.viewer.role)
if "edit_done" in st.session_state:
    st.success(st.session_state.pop("edit_done"), icon=":material/check_circle:")


def column_config(sheet_name: str) -> dict:
    """Editor columns by the contract: lists as drop-downs, dates as dates, yes/no as ticks."""
    config = {}
    for column in c.SHEETS_BY_NAME[sheet_name].columns:
        label = column.name.replace("_", " ").capitalize() + (" *" if column.required else "")
        if column.kind == c.VOCAB:
            options = list(column.vocabulary)
            config[column.name] = st.column_config.SelectboxColumn(
                label,
                options=options,
                required=column.required,
                help=column.explanation,
                format_func=words_for,  # "at least", "Not started": the code stays stored
            )
        elif column.kind == c.DATE:
            config[column.name] = st.column_config.DateColumn(
                label, format="DD/MM/YYYY", help=column.explanation
            )
        elif column.kind == c.YES_NO:
            config[column.name] = st.column_config.CheckboxColumn(
                label, default=False, help=column.explanation
            )
        elif column.kind == c.NUMBER:
            config[column.name] = st.column_config.NumberColumn(label, help=column.explanation)
        else:
            config[column.name] = st.column_config.TextColumn(label, help=column.explanation)
    return config


def editor(sheet_name: str, title: str) -> None:
    st.subheader(title)
    rows = editing.stored_rows(session.engine(), sheet_name)
    # a blank cell shows blank, never "None"
    text = {col.name for col in c.SHEETS_BY_NAME[sheet_name].columns if col.kind == c.TEXT}
    rows = [{k: ("" if v is None and k in text else v) for k, v in row.items()} for row in rows]
    generation = st.session_state.setdefault(f"{sheet_name}_generation", 0)
    edited = st.data_editor(
        rows or [dict.fromkeys(c.SHEETS_BY_NAME[sheet_name].column_names)],
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config=column_config(sheet_name),
        key=f"{sheet_name}_editor_{generation}",
    )
    if st.button(f"Check and save the {sheet_name}", key=f"save_{sheet_name}", type="primary"):
        records = edited if isinstance(edited, list) else edited.to_dict("records")
        records = [
            {k: (v.date() if isinstance(v, dt.datetime) else v) for k, v in r.items()}
            for r in records
        ]
        try:
            result = editing.save(session.engine(), sheet_name, records, who=identity.acting())
        except access.AccessDenied as refusal:
            st.error(plain(str(refusal)), icon=":material/block:")
            return
        if not result.ok:
            st.error(
                "Not saved: fix these first (rows are counted from 1, as in the table).",
                icon=":material/error:",
            )
            st.table(  # "What to do" in full, wrapped
                [
                    {"Row": g.rows_text, "Column": g.column or "", "What to do": g.message}
                    for g in group_problems(result.problems)
                ],
                hide_index=True,
            )
            return
        counts = result.sheet_counts()[sheet_name]
        st.session_state["edit_done"] = (
            f"Saved the {sheet_name}: {counts['inserted']} added, {counts['updated']} changed."
        )
        st.session_state[f"{sheet_name}_generation"] = generation + 1
        session.after_change()
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
