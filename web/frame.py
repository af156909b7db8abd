"""The frame every page sits in: its heading and the question it answers, the local-mode
banner, why a change just asked for was refused, the filters, who is looking and at which
disclosure level."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from uep_data import access
from uep_data.disclosure import Audience
from uep_data.views import Filters

from . import filters, gates, identity, session
from .text import plain

PAGE_SHOWN = "_uep_page_shown"  # this run's page title and filters, for a download's notes


@dataclass(frozen=True)
class PageContext:
    viewer: identity.Viewer
    filters: Filters
    audience: Audience
    empty: bool  # no data at all yet


def page(
    title: str,
    question: str,
    *,
    scoped: bool = True,
    meeting: bool = False,
    with_filters: bool = True,
    bar: bool = True,
) -> PageContext:
    """A page's heading and the question it answers; the filters in the sidebar; who is
    looking and at which disclosure level; above the heading, when a directorate or
    profession narrows the page, the filter bar (`bar=False` where the page's own
    breadcrumbs say it, as on the drill-down)."""
    gates.require_navigation()
    viewer = identity.viewer()
    if viewer.local_mode:
        st.html(
            '<div class="uep-banner" role="status"><strong>Sign-in is off.</strong> This '
            "dashboard is running on this computer only, as the programme lead. Set up "
            "sign-in before anyone else uses it.</div>"
        )
    refused = identity.refused_change()
    if refused:  # a change asked for on the last page the data layer would not make
        st.error(plain(refused), icon=":material/block:")
    top = st.container()  # filled once the filters are known: it stands above the heading
    st.title(title)
    st.markdown(f'<p class="uep-note">{question}</p>', unsafe_allow_html=True)
    _, latest = session.data_dates()
    audience = identity.audience(viewer, meeting)
    controlled = audience.controlled
    if with_filters:
        chosen = filters.sidebar(scoped, controlled)
    else:
        filters.keep_in_address()
        chosen = filters.unfiltered(controlled)
    if bar and scoped and chosen.narrowed:
        with top:
            filter_bar(chosen)
    st.session_state[PAGE_SHOWN] = (title, chosen)
    return PageContext(viewer, chosen, audience, latest is None)


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
