"""The frame every page sits in: its heading and the question it answers, the local-mode
banner, why a change just asked for was refused, the filters, who is looking and at which
disclosure level."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from uep_data import access, pages
from uep_data.disclosure import Audience
from uep_data.periods import format_date
from uep_data.views import Filters

from . import filters, gates, identity, notices, session
from .text import plain

PAGE_SHOWN = "_uep_page_shown"  # this run's page title and filters, for a download's notes


@dataclass(frozen=True)
class PageContext:
    viewer: identity.Viewer
    filters: Filters
    audience: Audience
    empty: bool  # no data at all yet


def page(
    address: str,
    *,
    meeting: bool = False,
    bar: bool = True,
    bound: tuple[tuple[str, str, object], ...] = (),
) -> PageContext:
    """A page's frame, from its declaration (uep_data/pages.py): its heading and the question
    it answers; the filters in the sidebar (for a page of figures); who is looking and at
    which disclosure level; above the heading, what the address asked for that could not be
    shown and, when a directorate or profession narrows the page, the filter bar (`bar=False`
    where the page's own breadcrumbs say it, as on the drill-down). `bound` names the page's
    own boxes bound to the address (key, what a value must be, and the choices or a test of
    a value), whose values are checked too."""
    declared = pages.page(address)
    gates.require_navigation()
    viewer = identity.viewer()
    if viewer.local_mode:
        st.html(
            '<div class="uep-banner" role="status"><strong>Sign-in is off.</strong> This '
            f"dashboard is running on this computer only, {local_mode_whose_view(viewer)}. "
            "Set up sign-in before anyone else uses it.</div>"
        )
    refused = identity.refused_change()
    if refused:  # a change asked for on the last page the data layer would not make
        st.error(plain(refused), icon=":material/block:")
    top = st.container()  # filled once the filters are known: it stands above the heading
    st.title(declared.title)
    st.markdown(f'<p class="uep-note">{declared.question}</p>', unsafe_allow_html=True)
    _, latest = session.data_dates()
    audience = identity.audience(viewer, meeting)
    controlled = audience.controlled
    if declared.figures:
        chosen = filters.sidebar(declared.scoped, controlled)
    else:
        filters.keep_in_address()
        chosen = filters.unfiltered(controlled)
    for key, what, accepted in bound:
        filters.choice_in_address(key, what, accepted)
    said = notices.taken()
    if said:
        with top:
            not_understood(said, chosen if declared.figures else None)
    if bar and declared.scoped and chosen.narrowed:
        with top:
            filter_bar(chosen)
    st.session_state[PAGE_SHOWN] = (declared.title, chosen)
    return PageContext(viewer, chosen, audience, latest is None)


def local_mode_whose_view(viewer: identity.Viewer) -> str:
    """Whose view a page shows in local mode: the lead's, or (through View as) another
    role's, previewed by the lead."""
    words = "as the programme lead"
    if viewer.viewing_as_another:
        name = access.ROLE_NAMES[viewer.role].lower()
        words += f", showing {'the ' if viewer.role != access.PUBLIC else ''}{name}'s view"
    return words


def not_understood(said: list[str], chosen: Filters | None) -> None:
    """What the address asked for that could not be shown, and what the page shows instead."""
    words = "Not understood in the address: " + "; ".join(said) + "."
    if chosen is not None:
        where = " · ".join(n for n in (chosen.directorate, chosen.profession) if n)
        words += (
            f" This page shows figures as of {format_date(chosen.as_of)}, over "
            f"{format_date(chosen.period.start)} to {format_date(chosen.period.end)}, "
            + (f"for {where} only." if where else "trust-wide.")
        )
    st.warning(plain(words), icon=":material/help:")


def filter_bar(chosen: Filters) -> None:
    """Whenever a directorate or profession narrows a page: what it shows, and the way back
    to the whole trust."""
    shown = " · ".join(name for name in (chosen.directorate, chosen.profession) if name)
    with st.container(horizontal=True, vertical_alignment="center", key="filter_bar"):
        st.markdown(f"**Showing:** {plain(shown)} only —", width="content")
        st.button(
            "Back to trust-wide",
            on_click=filters.back_to_trust_wide,
            icon=":material/home:",
            key="filter_bar_back",
        )


def sidebar_identity(viewer: identity.Viewer) -> None:
    with st.sidebar:
        st.divider()
        if viewer.actual_role == access.PROGRAMME_LEAD:
            state = st.session_state
            if state.get(identity.VIEW_AS) != viewer.role:  # the box shows the session's role
                state[identity.VIEW_AS] = viewer.role
            st.selectbox(
                "View as",
                access.ROLES,
                format_func=access.ROLE_NAMES.get,
                key=identity.VIEW_AS,
                on_change=identity.remember_view_as,
                help="Preview exactly what the steering group or the board see, on every "
                "page, until you change it back.",
            )
        else:
            st.caption(f"Signed in as {access.ROLE_NAMES[viewer.role]}")
        if viewer.signed_in:
            st.caption(plain(viewer.email or ""))
            st.button("Sign out", on_click=identity.sign_out)
