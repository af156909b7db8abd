"""The filters in the sidebar: the as-of date, the period, and (where a page can be narrowed)
a directorate and a profession. Each is bound to the address's query parameters (as_of,
period, directorate, profession), so a view can be shared and reopened exactly, and carried
across pages."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from uep_data import views
from uep_data.disclosure import offered
from uep_data.periods import Period, financial_year_to_date, format_date

from . import session

FILTER_KEYS = (
    "as_of",
    "period",
    "directorate",
    "profession",
    "month_end",
    "period_kind",
    "reporting_period",
)
PERIOD_CHOSEN = "period_chosen"


def today() -> dt.date:
    """The clock, at the edge: used only where the data have no date at all."""
    return dt.date.today()


def default_as_of(controlled: bool = False) -> dt.date:
    _, latest = session.data_dates()
    return views.default_as_of(latest, today(), controlled)


def sidebar(scoped: bool = True, controlled: bool = False) -> views.Filters:
    """The filters as chosen (defaults: D the latest date in the data, the financial year to
    D, the whole trust). Under disclosure control the dates are month ends and the periods
    standard ones (a financial year or the year to date, a quarter, a month)."""
    options = session.cached("filter_options")
    earliest, latest = session.data_dates()
    state = st.session_state
    _carry_across_pages()
    if "period" in st.query_params:
        state[PERIOD_CHOSEN] = True
    with st.sidebar:
        st.subheader("Show figures")
        if controlled:
            as_of, chosen, period = _standard_dates(earliest)
        else:
            as_of, chosen, period = _any_dates()
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
    for key in FILTER_KEYS:  # carried to the next page (see _carry_across_pages)
        if key in state:
            state[f"_kept_{key}"] = state[key]
    return views.Filters(as_of, chosen, directorate, profession)


def _any_dates():
    """The programme lead's dates: any day, any period."""
    state = st.session_state
    as_of = _bound(
        st.date_input,
        "As of",
        "as_of",
        default_as_of(),
        format="DD/MM/YYYY",
        help="The date the figures are measured at. It starts at the latest date in the data.",
    )
    default = financial_year_to_date(as_of)
    if not state.get(PERIOD_CHOSEN):  # the period follows D until someone picks one
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
        views.cut_at(as_of, Period(*period))  # nothing after D is counted
        if isinstance(period, tuple) and len(period) == 2 and period[0] <= period[1]
        else default
    )
    return as_of, chosen, period


def _standard_dates(earliest):
    """Under disclosure control: a month end, and a standard period ending by it."""
    state = st.session_state
    last = default_as_of(controlled=True)
    ends = offered.month_ends(last, earliest)
    if state.get("month_end") not in ends:
        state.pop("month_end", None)
    as_of = (
        _bound(
            st.selectbox,
            "As of (the end of a month)",
            "month_end",
            last,
            options=ends,
            format_func=format_date,
            help="The steering group and the board see figures at the end of a month.",
        )
        or last
    )
    default = {} if "period_kind" in state else {"default": offered.FINANCIAL_YEAR}
    kind = (
        st.segmented_control("Period", offered.KINDS, key="period_kind", **default)
        or offered.FINANCIAL_YEAR
    )
    choices = [o for o in offered.periods_offered(as_of, earliest) if o.kind == kind]
    words = [o.words for o in choices]
    if state.get("reporting_period") not in words:
        state.pop("reporting_period", None)
    picked = _bound(
        st.selectbox,
        f"Which {kind.lower()}",
        "reporting_period",
        words[0] if words else None,
        options=words,
        help="Financial years (the current one to the as-of date), quarters and months: "
        "the periods the steering group and the board see figures over.",
    )
    found = next((o.period for o in choices if o.words == picked), None)
    chosen = found or financial_year_to_date(as_of)
    return as_of, chosen, (chosen.start, chosen.end)


def _carry_across_pages() -> None:
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
    st.session_state[PERIOD_CHOSEN] = True


def unfiltered(controlled: bool = False) -> views.Filters:
    """For pages without the filters (those that change the data, the meeting screens): D
    and its financial year (D at a month end under disclosure control)."""
    as_of = default_as_of(controlled)
    return views.Filters(as_of, financial_year_to_date(as_of))
