"""Small pieces every page uses: status badges (icon, word and colour, never colour alone),
headline cards, the line that says what a page is measured at, empty states and the note on
disclosure control."""

from __future__ import annotations

import html

import streamlit as st

from uep_data.disclosure import Audience
from uep_data.formatting import STATUS_ICONS, STATUS_WORDS, format_date, period_words
from uep_data.views import Filters
from uep_data.views.parts import Headline

from . import show

STATUS_CLASSES = {
    "met": "met",
    "near": "near",
    "not_met": "notmet",
    "no_data": "nodata",
    "not_shown": "nodata",
}


def status_badge(status: str, in_progress: bool = False) -> str:
    """A status, never by colour alone: an icon and words in a coloured badge."""
    words = STATUS_WORDS[status] + (" (in progress)" if in_progress else "")
    return f'<span class="uep-badge {STATUS_CLASSES[status]}">{STATUS_ICONS[status]} {words}</span>'


def target_badge(line) -> str:
    return status_badge(line.status_key, line.in_progress)


def headline_card(headline: Headline) -> None:
    """One headline figure with its target, status and a small trend."""
    from uep_data import charts

    figure = headline.figure
    target_line, badge = "No target set", ""
    if headline.target is not None:
        target_line = html.escape(headline.target_text)
        badge = target_badge(headline.target)
    st.html(
        f'<div class="uep-card"><div class="label">{html.escape(figure.label)}</div>'
        f'<div class="value">{html.escape(figure.shown)}</div>'
        f'<div class="target">{target_line}</div>{badge}</div>'
    )
    points = [(f.as_of if f.start is None else f.end, f.number) for f in headline.trend]
    if sum(v is not None for _, v in points) >= 2:
        description = charts.describe(points, figure.unit, "Trend")
        show.show_chart(show.drawing(charts.sparkline, points, figure.unit), description)
        st.caption(description)


def empty_state(message: str) -> None:
    st.info(message, icon=":material/info:")


def suppression_note(audience: Audience) -> None:
    if audience.controlled:
        st.caption(audience.rules.note)


def dates_line(filters: Filters) -> None:
    """What the page is measured at: where, D and the period."""
    st.caption(
        f"{filters.scope.words()} · as of {format_date(filters.as_of)} · period "
        f"{period_words(filters.period)} ({format_date(filters.period.start)} to "
        f"{format_date(filters.period.end)})"
    )


__all__ = ["show", "status_badge", "headline_card", "empty_state", "suppression_note", "dates_line"]
