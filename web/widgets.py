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
from .notices import empty_state
from .text import plain

STATUS_CLASSES = {
    "met": "met",
    "near": "near",
    "not_met": "notmet",
    "no_data": "nodata",
    "not_shown": "nodata",
}


def status_badge(status: str, in_progress: bool = False, words: str | None = None) -> str:
    """A status, never by colour alone: an icon and words in a coloured badge (`words`
    instead of the status's own)."""
    if words is None:
        words = STATUS_WORDS[status] + (" (in progress)" if in_progress else "")
    words = html.escape(words)
    return f'<span class="uep-badge {STATUS_CLASSES[status]}">{STATUS_ICONS[status]} {words}</span>'


def target_badge(line) -> str:
    return status_badge(line.status_key, line.in_progress)


def headline_card(headline: Headline) -> None:
    """One headline figure with the target in force (named) and its status, the long-term
    target beside it where that is another, the sentence that says the status and the
    monthly chart's assurance together where they disagree, and a small trend."""
    from uep_data import charts

    figure = headline.figure
    target_line, badge, aim, explanation = "No target set", "", "", ""
    if headline.target is not None:
        words = headline.target_text.removeprefix("Target: ")
        target_line = html.escape(f"{headline.target_name}: {words}")
        badge = target_badge(headline.target)
    if headline.aim_text is not None:
        aim = (
            f'<div class="target">{html.escape(headline.aim_text)}</div>'
            f"{target_badge(headline.aim)}"
        )
    if headline.explanation:
        explanation = f'<div class="explained">{html.escape(headline.explanation)}</div>'
    st.html(
        f'<div class="uep-card"><div class="label">{html.escape(figure.label)}</div>'
        f'<div class="value">{html.escape(figure.shown)}</div>'
        f'<div class="target">{target_line}</div>{badge}{aim}{explanation}</div>'
    )
    points = [(f.as_of if f.start is None else f.end, f.number) for f in headline.trend]
    if sum(v is not None for _, v in points) >= 2:
        description = charts.describe(points, figure.unit, "Trend")
        show.show_chart(show.drawing(charts.sparkline, points, figure.unit), description)
        st.caption(description)


ATTENTION_COLOURS = {"not_met": "notmet", "near": "near", "met": "met"}


def attention_list(attention) -> None:
    """What needs attention: one line each, flagged with an icon, a word and a colour."""
    st.html(
        '<section class="uep-attention" aria-labelledby="uep-attention-heading">'
        '<h2 id="uep-attention-heading">What needs attention</h2>'
        f'<p class="summary">{html.escape(attention.summary)}</p>'
        f"{attention_items_html(attention)}</section>"
    )


def attention_items_html(attention) -> str:
    """What needs attention as a list, each item flagged with an icon, a word and a colour."""
    rows = []
    for item in attention.items:
        owner = f' <span class="owner">· {html.escape(item.owner)}</span>' if item.owner else ""
        rows.append(
            f'<li><span class="uep-badge {ATTENTION_COLOURS[item.colour]}">'
            f"{html.escape(item.icon)} {html.escape(item.flag_words)}</span> "
            f"<strong>{html.escape(item.title)}</strong>: {html.escape(item.detail)}{owner}</li>"
        )
    return f"<ul>{''.join(rows)}</ul>" if rows else ""


def spc_summary_table(rows) -> None:
    """Every monthly series in one table, as trust board reports have it: the latest month's
    figure, the target, the variation and assurance icons (named for screen readers) and
    one line of reading."""
    from uep_data import spc_icons

    cells = []
    for row in rows:
        icons = spc_icons.variation_svg(row.variation_icon, 40) or "–"
        assurance = spc_icons.assurance_svg(row.assurance_icon, 40) or "–"
        reading = html.escape(row.reading)
        if row.explanation:
            reading += f'<br><span class="explained">{html.escape(row.explanation)}</span>'
        latest = "" if row.latest is None else html.escape(row.latest.shown)
        cells.append(
            f"<tr><th scope='row'>{html.escape(row.title)}</th>"
            f"<td>{latest}<br><span class='month'>{html.escape(row.latest_month)}</span></td>"
            f"<td>{html.escape(row.target_words)}</td><td>{icons}</td><td>{assurance}</td>"
            f"<td>{reading}</td></tr>"
        )
    # our own SVG and escaped words: markdown keeps inline SVG, st.html drops it
    st.markdown(
        '<table class="uep-spc-summary"><thead><tr><th scope="col">Measure</th>'
        '<th scope="col">Latest</th><th scope="col">Target</th><th scope="col">Variation</th>'
        '<th scope="col">Assurance</th><th scope="col">Reading</th></tr></thead>'
        f"<tbody>{''.join(cells)}</tbody></table>",
        unsafe_allow_html=True,
    )


def check_in_html(check_in, heading: bool = True) -> str:
    """A check-in as escaped HTML: the lead's words shown as text, never as markup."""
    parts = "".join(
        f"<div><strong>{html.escape(what)}:</strong> {html.escape(words)}</div>"
        for what, words in check_in.parts
    )
    title = f'<div class="when">{html.escape(check_in.heading)}</div>' if heading else ""
    return f'<div class="uep-check-in">{title}{parts}</div>'


# Runs in the tab: brings a part of the page into view, once for each token (a rerun of the
# same page, such as the look for new data every 10 seconds, does not move it again)
SCROLL_JS = """
export default function ({ data }) {
  if (!data || !data.token) return;
  const done = (window.__uepScrolledTo = window.__uepScrolledTo || {});
  if (done[data.token]) return;
  const target = document.querySelector(`.st-key-${data.key}`);
  if (!target) return;
  done[data.token] = true;
  target.scrollIntoView({ block: "start" });
}
"""
_scroll = st.components.v2.component("uep_scroll_to", js=SCROLL_JS)


def scroll_to(key: str, token: str) -> None:
    """Bring the container `key` (st.container(key=...), drawn before this call) to the top
    of the window, once for each `token`: a report that would start below the fold."""
    _scroll(data={"key": key, "token": token}, key=f"scroll_to_{key}_{token}", height=0)


def suppression_note(audience: Audience) -> None:
    if audience.controlled:
        st.caption(audience.rules.note)


def dates_line(filters: Filters) -> None:
    """What the page is measured at: where, D and the period."""
    st.caption(
        f"{plain(filters.scope.words())} · as of {format_date(filters.as_of)} · period "
        f"{period_words(filters.period)} ({format_date(filters.period.start)} to "
        f"{format_date(filters.period.end)})"
    )


__all__ = ["show", "status_badge", "headline_card", "empty_state", "suppression_note", "dates_line"]
