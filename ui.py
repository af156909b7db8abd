"""Widgets every page uses: the house style, the filters, status badges, headline cards,
charts with their descriptions, empty states, and the sign-in and no-access pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

import app_state
from uep_data import access, board_pack, catalogue, charts, db, exports, spc_icons, views
from uep_data.disclosure import Audience
from uep_data.formatting import STATUS_ICONS, format_value
from uep_data.periods import Period, financial_year_to_date, format_date
from uep_data.targets import STATUS_WORDS

STATUS_CLASSES = {
    "met": "met",
    "near": "near",
    "not_met": "notmet",
    "no_data": "nodata",
    "not_shown": "nodata",
}

HOUSE_STYLE = """<style>
:root { --nhs-blue: #005EB8; --nhs-dark-blue: #003087; --nhs-text: #212B32; }
html, body, [data-testid="stAppViewContainer"] { font-size: 17px; }
h1 { color: var(--nhs-dark-blue); }
.uep-badge { display: inline-block; padding: 0.15rem 0.6rem; border-radius: 1rem;
  font-weight: 700; font-size: 0.95rem; border: 2px solid; }
.uep-badge.met { background: #E5F2EA; color: #00562B; border-color: #007F3B; }
.uep-badge.near { background: #FFF4D6; color: #4D3800; border-color: #B27A00; }
.uep-badge.notmet { background: #FBE7E5; color: #8A1A0F; border-color: #D5281B; }
.uep-badge.nodata { background: #F0F4F5; color: #425563; border-color: #768692; }
.uep-banner { background: #FFF4D6; border-left: 6px solid #B27A00; padding: 0.6rem 1rem;
  margin-bottom: 0.8rem; color: #4D3800; }
.uep-note { color: #425563; font-size: 0.95rem; }
.uep-card { border: 1px solid #D8DDE0; border-radius: 0.5rem; padding: 0.8rem 1rem;
  background: #FFFFFF; height: 100%; }
.uep-card .label { font-size: 1rem; color: #425563; font-weight: 600; }
.uep-card .value { font-size: 2.4rem; font-weight: 800; color: var(--nhs-dark-blue);
  line-height: 1.15; }
.uep-card .target { font-size: 0.98rem; color: #212B32; margin: 0.2rem 0 0.3rem 0; }
/* WCAG contrast: Streamlit's captions are too faint on white and on the sidebar's grey */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4C6272; }
/* WCAG 2.2 target size: the date input's day/month/year segments are too small by default */
[data-testid="stDateInput"] [role="spinbutton"] { display: inline-block; min-width: 24px;
  min-height: 24px; text-align: center; line-height: 24px; }
/* Figures leave the dashboard through its own download buttons, which the audit log records;
   the toolbars' unlogged downloads (a table as CSV, a chart as PNG or as its spec) are hidden.
   "Show data" and full screen stay: they show what the page already shows. */
[data-testid="stElementToolbar"] button[aria-label^="Download as CSV"],
[data-testid="stElementToolbar"] button[aria-label^="Download as PNG"],
[data-testid="stElementToolbar"] button[aria-label^="Copy Vega-Lite spec"] { display: none; }
.uep-spc-icons { display: flex; gap: 10px; flex-wrap: wrap; }
</style>"""


def apply_house_style() -> None:
    # st.html sanitises <style> away; markdown with HTML keeps it (a constant of ours, never
    # anything from users)
    st.markdown(HOUSE_STYLE, unsafe_allow_html=True)


@dataclass(frozen=True)
class PageContext:
    viewer: app_state.Viewer
    filters: views.Filters
    audience: Audience
    empty: bool  # no data at all yet


NAVIGATED = "_entered_through_navigation"


def entered_through_navigation(page_path: str) -> None:
    """Called by app.py just before it runs the page it navigated to (after sign-in and the
    role check)."""
    st.session_state[NAVIGATED] = True
    st.session_state["_page"] = page_path


def require_navigation() -> None:
    """Refuse to run a page that app.py did not navigate to in this run.

    A second line of defence: should a page file ever run without app.py (Streamlit's older
    multipage mode does this for a pages/ folder beside the entry script, which is why the
    pages live in app_pages/), nothing is shown: no sign-in, no role check, no data.
    """
    if not st.session_state.pop(NAVIGATED, False):
        st.title("User Employment Programme")
        st.write("Please open the dashboard from its home page.")
        st.page_link(app_state.ENTRY_SCRIPT, label="Open the dashboard", icon=":material/home:")
        st.stop()


def page(
    title: str, question: str, *, scoped: bool = True, meeting: bool = False, filters: bool = True
) -> PageContext:
    """A page's heading and the question it answers; the filters in the sidebar; who is
    looking and at which disclosure level."""
    require_navigation()
    viewer = app_state.viewer()
    if viewer.local_mode:
        st.html(
            '<div class="uep-banner" role="status"><strong>Sign-in is off.</strong> This '
            "dashboard is running on this computer only, as the programme lead. Set up "
            "sign-in before anyone else uses it.</div>"
        )
    st.title(title)
    st.markdown(f'<p class="uep-note">{question}</p>', unsafe_allow_html=True)
    _, latest = app_state.data_dates()
    if filters:
        chosen = filters_sidebar(scoped)
    else:  # a page that changes the data rather than showing figures
        as_of = latest or today()
        chosen = views.Filters(as_of, financial_year_to_date(as_of))
    return PageContext(viewer, chosen, app_state.audience(viewer, meeting), latest is None)


def filters_sidebar(scoped: bool = True) -> views.Filters:
    """The as-of date, the period, and (where the page can be narrowed) a directorate and a
    profession. Each widget is bound to the URL's query parameters (as_of, period,
    directorate, profession), so a view can be shared and reopened exactly; values at their
    defaults are left out of the address."""
    options = app_state.cached_view(views.filter_options)
    earliest, latest = app_state.data_dates()
    default_as_of = latest or today()
    state = st.session_state
    _carry_filters_across_pages()
    if "period" in st.query_params:
        state["period_chosen"] = True
    with st.sidebar:
        st.subheader("Show figures")
        as_of = _bound(
            st.date_input,
            "As of",
            "as_of",
            default_as_of,
            format="DD/MM/YYYY",
            help="The date the figures are measured at. It starts at the latest date in the data.",
        )
        default = financial_year_to_date(as_of)
        if not state.get("period_chosen"):  # the period follows D until someone picks one
            state["period"] = (default.start, default.end)
        period = _bound(
            st.date_input,
            "Period",
            "period",
            (default.start, default.end),
            format="DD/MM/YYYY",
            on_change=_period_chosen,
            help="The period for counts such as job starts: by default the "
            "financial year up to the as-of date.",
        )
        chosen = (
            Period(*period)
            if isinstance(period, tuple) and len(period) == 2 and period[0] <= period[1]
            else default
        )
        directorate = profession = None
        if scoped:
            directorate = _bound(
                st.selectbox,
                "Directorate",
                "directorate",
                None,
                options=options["directorates"],
                placeholder="All directorates",
            )
            profession = _bound(
                st.selectbox,
                "Profession",
                "profession",
                None,
                options=options["professions"],
                placeholder="All professions",
            )
        if earliest and latest:
            st.caption(f"The data run from {format_date(earliest)} to {format_date(latest)}.")
    for key, value in (
        ("as_of", as_of),
        ("period", period),
        ("directorate", directorate),
        ("profession", profession),
    ):
        state[f"_kept_{key}"] = value
    return views.Filters(as_of, chosen, directorate, profession)


FILTER_KEYS = ("as_of", "period", "directorate", "profession")


def _carry_filters_across_pages() -> None:
    """Moving to another page drops the address's query string, and with it the filters
    bound to it: on arriving at a page, put back the filters chosen on the last one (unless
    the address names them)."""
    state = st.session_state
    arrived = state.get("_page")
    if state.get("_filters_page") not in (None, arrived):
        for key in FILTER_KEYS:
            kept = state.get(f"_kept_{key}")
            if kept is not None and key not in st.query_params:
                state[key] = kept
    state["_filters_page"] = arrived


def _bound(widget, label: str, key: str, default, **kwargs):
    """A widget bound to the query parameter `key`, kept across pages; its default is given
    only when the session has no value yet (Streamlit warns about both)."""
    if key not in st.session_state:
        if widget is st.selectbox:
            kwargs["index"] = None if default is None else kwargs["options"].index(default)
        else:
            kwargs["value"] = default
    elif widget is st.selectbox:
        kwargs.setdefault("index", None)
    return widget(label, key=key, bind="query-params", persist_state="session", **kwargs)


def _period_chosen() -> None:
    st.session_state["period_chosen"] = True


def sidebar_identity(viewer: app_state.Viewer) -> None:
    with st.sidebar:
        st.divider()
        if viewer.actual_role == access.PROGRAMME_LEAD:
            st.selectbox(
                "View as",
                access.ROLES,
                format_func=access.ROLE_NAMES.get,
                key="view_as",
                help="Preview exactly what the steering group or the board see.",
            )
        else:
            st.caption(f"Signed in as {access.ROLE_NAMES[viewer.role]}")
        if viewer.signed_in:
            st.caption(viewer.email or "")
            st.button("Sign out", on_click=st.logout)


def status_badge(status: str, in_progress: bool = False) -> str:
    """A status, never by colour alone: an icon and words in a coloured badge."""
    words = STATUS_WORDS[status] + (" (in progress)" if in_progress else "")
    return f'<span class="uep-badge {STATUS_CLASSES[status]}">{STATUS_ICONS[status]} {words}</span>'


# a figure as shown: a number in its unit, or `*` as it is (format_value leaves text alone)
value_text = format_value


def headline_card(headline: views.Headline) -> None:
    """One headline figure with its target, status and a small trend."""
    target_line = "No target set"
    badge = ""
    if headline.target is not None:
        t = headline.target
        comparison = "at least" if t.comparison == "at_least" else "at most"
        target_line = f"Target: {comparison} {format_value(t.value, headline.unit)}"
        badge = status_badge(headline.status, t.in_progress)
    st.html(
        f'<div class="uep-card"><div class="label">{headline.label}</div>'
        f'<div class="value">{value_text(headline.value, headline.unit)}</div>'
        f'<div class="target">{target_line}</div>{badge}</div>'
    )
    if sum(isinstance(v, (int, float)) for _, v in headline.trend) >= 2:
        description = charts.describe(headline.trend, headline.unit, "Trend")
        st.altair_chart(
            charts.style(charts.sparkline(headline.trend, headline.unit)),
            theme=None,
            width="stretch",
            alt=description,
        )
        st.caption(description)


def show_chart(
    chart,
    description: str,
    *,
    key: str | None = None,
    selection: bool = False,
    large: bool = False,
    on_select=None,
):
    """A chart in the house style with its description for screen readers (and a click
    selection, with `on_select` called on a click, when the page drills down from it)."""
    styled = charts.style(chart, large=large)
    if key:  # named in the spec too, so that tests can tell the charts apart
        styled = styled.properties(usermeta={"chart": key})
    if selection:
        return st.altair_chart(
            styled,
            theme=None,
            key=key,
            on_select=on_select or "rerun",
            selection_mode=None,
            width="stretch",
            alt=description,
        )
    st.altair_chart(styled, theme=None, key=key, width="stretch", alt=description)
    return None


def drill_from(chart_key: str, selection: str, fields: dict[str, str]) -> None:
    """A click on a chart of trust-wide figures: set the drill-down's directorate (and
    profession) from the clicked mark, and open the drill-down page at the next run."""
    chosen = st.session_state[chart_key].selection.get(selection) or []
    if chosen:
        st.session_state["profession"] = None
        for state_key, field in fields.items():
            st.session_state[state_key] = chosen[0][field]
        st.session_state["open_drill_down"] = True


def open_drill_down_if_asked(metric: str) -> None:
    if st.session_state.pop("open_drill_down", False):
        # switch_page without query parameters would try to clear the bound filters (and
        # fail); the filters travel in the session, the figure in the address
        st.switch_page(
            "app_pages/drill_down.py", query_params={"metric": catalogue.METRICS[metric].label}
        )


def figures_table(
    ctx: PageContext,
    rows: list[dict],
    what: str,
    file_name: str,
    width: str = "stretch",
    **options,
) -> None:
    """A table of figures with its download beneath it (logged as an export)."""
    st.dataframe(rows, hide_index=True, width=width, **options)
    download_figures(ctx.viewer, ctx.audience, rows, what, file_name)


def download_figures(
    viewer, audience: Audience, rows: list[dict], what: str, file_name: str
) -> None:
    """A download of the figures a page shows (so, for the steering group and the board, the
    controlled ones), logged as an export."""
    if not rows:
        return
    audience_words = "under disclosure control" if audience.controlled else "exact figures"
    st.download_button(
        f"Download {what} (CSV)",
        exports.csv_bytes(rows),
        file_name,
        mime="text/csv",
        icon=":material/download:",
        key=f"export_{file_name}",
        on_click=app_state.log_export,
        args=(viewer, what, audience_words),
    )


@st.fragment(run_every="10s")
def watch_for_new_data() -> None:
    """Every open session looks every 10 seconds for new data (an import, an undo, an edit by
    anyone) and shows the new figures without waiting for someone to touch it."""
    seen = st.session_state.get("data_version")
    if seen is None:
        return
    with db.reading(app_state.engine()) as conn:
        latest = views.data_version(conn)
    if latest != seen:
        st.rerun(scope="app")


def show_spc(view: views.SpcView, *, large: bool = False, titled: bool = True) -> None:
    """A Making Data Count chart with its two icons and what they mean, in plain words."""
    if titled:
        st.markdown(f"**{view.title}**")
    if view.chart is None:
        empty_state(view.note or "Not shown.")
        return
    show_chart(
        charts.spc_chart(
            view.chart,
            unit=view.unit,
            targets=view.targets,
            large=large,
            recalculations=view.recalculations,
        ),
        charts.describe_spc(view.chart, view.unit, view.title),
        key=f"spc_{view.key}",
        large=large,
    )
    size = 84 if large else 68
    icons = spc_icons.variation_svg(view.chart.variation_icon, size)
    icons += spc_icons.assurance_svg(view.chart.assurance_icon, size)
    icon_column, reading_column = st.columns([1, 5] if icons.count("<svg") > 1 else [1, 11])
    with icon_column:
        if icons:
            # our own SVG (no user text in it); markdown keeps inline SVG, st.html drops it
            st.markdown(f'<div class="uep-spc-icons">{icons}</div>', unsafe_allow_html=True)
    with reading_column:
        st.markdown("\n".join(f"- {note}" for note in view.notes))


def show_spc_tabs(spc_views: list[views.SpcView], *, large: bool = False) -> None:
    """Several Making Data Count charts, one tab each (all drawn, so each is ready at once)."""
    if len(spc_views) == 1:
        show_spc(spc_views[0], large=large)
        return
    for tab, view in zip(st.tabs([v.title for v in spc_views]), spc_views, strict=True):
        with tab:
            show_spc(view, large=large, titled=False)


def board_pack_button(viewer, as_of: dt.date, since: dt.date) -> None:
    """The board pack (PDF) for D, made when clicked, under board-level disclosure control
    whoever asks for it, and logged as an export."""
    engine = app_state.engine()
    who = app_state.who(viewer)

    def make() -> bytes:  # runs on its own thread when the button is clicked
        document, _ = board_pack.make(engine, as_of, since, who)
        return document

    st.download_button(
        "Board pack (PDF)",
        make,
        f"UEP board pack {as_of:%Y-%m-%d}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        key="board_pack",
        on_click="ignore",
        help=f"The board's report as of {format_date(as_of)}, with changes since "
        f"{format_date(since)}: headline figures, Making Data Count charts, targets and "
        "funding, under board-level disclosure control.",
    )


def suppression_note(audience: Audience) -> None:
    if audience.controlled:
        st.caption(audience.rules.note)


def empty_state(message: str) -> None:
    st.info(message, icon=":material/info:")


def period_words(filters: views.Filters) -> str:
    return f"{format_date(filters.period.start)} to {format_date(filters.period.end)}"


def scope_words(filters: views.Filters) -> str:
    parts = [p for p in (filters.directorate, filters.profession) if p]
    return ", ".join(parts) if parts else "Trust-wide"


def dates_line(filters: views.Filters) -> None:
    st.caption(
        f"{scope_words(filters)} · as of {format_date(filters.as_of)} · period "
        f"{period_words(filters)}"
    )


# --- pages without navigation ------------------------------------------------------------


def sign_in_page() -> None:
    st.title("User Employment Programme")
    st.write(
        "This dashboard holds confidential information. Please sign in with your trust account."
    )
    st.button("Sign in", type="primary", on_click=st.login)


def no_access_page() -> None:
    st.title("You have no access")
    viewer = app_state.viewer()
    st.write(
        f"You are signed in as {viewer.email or 'an unknown user'}, but no role in this "
        "dashboard has been given to you. Ask the programme lead to add you."
    )
    st.button("Sign out", on_click=st.logout)


def refuse_open_network() -> None:
    st.title("Sign-in needed")
    st.error(
        "This dashboard is set to listen beyond this computer, but sign-in is not set "
        "up. It will not show any data until sign-in is configured (see README), or "
        "until it is run on this computer only (server.address = 127.0.0.1)."
    )


def today() -> dt.date:
    """The clock, at the edge: used only where the data have no date at all."""
    return dt.date.today()
