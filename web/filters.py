"""The filters in the sidebar: the as-of date, the period, and (where a page can be narrowed)
a directorate and a profession. The address carries them (as_of, period, directorate,
profession) on every page, for every role, so a copied link reopens at the same figures;
moving to another page keeps them."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from uep_data import views
from uep_data.contract import normalise_name
from uep_data.disclosure import offered
from uep_data.periods import Period, financial_year_to_date, format_date
from uep_data.words import did_you_mean

from . import gates, notices, session

# What the address carries, for every role: the as-of date, the period (its first and last
# day) and the directorate and profession. A copied link reopens at the same figures.
ADDRESS_KEYS = ("as_of", "period", "directorate", "profession")
ADDRESS = "_address"  # the filters as last put in the address (key -> list of strings)
PERIOD_CHOSEN = "period_chosen"
# the directorate and profession as they were before a click opened the drill-down: a
# drill-down narrows the drill-down page only, and leaving it puts them back
BEFORE_DRILL_DOWN = "_before_drill_down"
DRILL_DOWN_TO = "_drill_down_to"  # a click's directorate and profession, for the drill-down
# the address the drill-down was opened at: Streamlit puts it in the browser's history on the
# page clicked on too, so Back from the drill-down arrives there and it is not asked for
OPENED_AT = "_drill_down_opened_at"
LEFT_DRILL_DOWN = "_left_drill_down"
DRILL_DOWN_PAGE = "drill_down"
# the filters' boxes (the lead's dates; the month end and standard period under disclosure
# control; the directorate and profession), as chosen on the last page
WIDGET_KEYS = (
    "as_of",
    "period",
    "month_end",
    "period_kind",
    "reporting_period",
    "directorate",
    "profession",
)
KEPT = "_kept_filters"


def today() -> dt.date:
    """The clock, at the edge: used only where the data have no date at all."""
    return dt.date.today()


def default_as_of(controlled: bool = False) -> dt.date:
    _, latest = session.data_dates()
    return views.default_as_of(latest, today(), controlled)


def sidebar(scoped: bool = True, controlled: bool = False) -> views.Filters:
    """The filters as chosen (defaults: D the latest date in the data, the financial year to
    D, the whole trust). Under disclosure control the dates are month ends and the periods
    standard ones (a financial year or the year to date, a quarter, a month). An address that
    names filters opens with them; the filters chosen are put back in the address."""
    options = session.cached("filter_options")
    earliest, latest = session.data_dates()
    state = st.session_state
    _carry_across_pages()
    asked = _asked_in_address()
    with st.sidebar:
        st.subheader("Show figures")
        if controlled:
            as_of, chosen, period = _standard_dates(earliest, asked)
        else:
            as_of, chosen, period = _any_dates(asked)
        for key in ("directorate", "profession"):
            if key in asked:
                name = asked[key][0]
                listed = options[key + "s"]
                state[key] = name if name in listed else None
                if name not in listed:
                    notices.note(_not_listed(key, name, listed))
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
    state[KEPT] = {key: state[key] for key in WIDGET_KEYS if key in state}
    _put_in_address(
        {
            "as_of": [as_of.isoformat()],
            "period": [chosen.start.isoformat(), chosen.end.isoformat()],
            "directorate": [state["directorate"]] if state.get("directorate") else [],
            "profession": [state["profession"]] if state.get("profession") else [],
        }
    )
    return views.Filters(as_of, chosen, directorate, profession)


def _carry_across_pages() -> None:
    """A page's boxes are new widgets on arriving at it: put back what was chosen on the
    last page (the address, if it names something else, wins after this). Leaving the
    drill-down, a directorate or profession a click chose there is dropped: no page keeps a
    filter nobody set on it."""
    state = st.session_state
    came_from, arrived = state.get("_filters_page"), state.get(gates.CURRENT_PAGE)
    if came_from not in (None, arrived):
        for key, value in state.get(KEPT, {}).items():
            state[key] = value
        if came_from == DRILL_DOWN_PAGE and BEFORE_DRILL_DOWN in state:
            state[LEFT_DRILL_DOWN] = state.pop(OPENED_AT, {})
            directorate, profession = state.pop(BEFORE_DRILL_DOWN)
            before = {"directorate": directorate, "profession": profession}
            state.update(before)
            state[KEPT] = {**state.get(KEPT, {}), **before}
            state[ADDRESS] = {
                **state.get(ADDRESS, {}),
                **{key: [value] if value else [] for key, value in before.items()},
            }
    if arrived == DRILL_DOWN_PAGE:
        _narrow_the_drill_down()
    state["_filters_page"] = arrived


def _asked_in_address() -> dict[str, list[str]]:
    """The filters the address names where they are not what this session last put there:
    an address typed, pasted or opened from a link (the address wins over the session)."""
    written = st.session_state.get(ADDRESS, {})
    # just back from the drill-down (its Back, or the menu): its narrowing, which Streamlit
    # left in the address of the page it was opened from, is not asked for
    left = st.session_state.pop(LEFT_DRILL_DOWN, None) or {}
    asked = {}
    for key in ADDRESS_KEYS:
        values = st.query_params.get_all(key)
        if values and values != written.get(key) and values != left.get(key):
            asked[key] = values
    return asked


def _put_in_address(chosen: dict[str, list[str]]) -> None:
    """Put the filters in the address (only those that changed), so that it can be copied,
    and remember them to carry to the next page (which opens without them)."""
    st.session_state[ADDRESS] = chosen
    for key, values in chosen.items():
        if st.query_params.get_all(key) == values:
            continue
        if values:
            st.query_params[key] = values if len(values) > 1 else values[0]
        elif key in st.query_params:
            del st.query_params[key]


def keep_in_address() -> dict[str, list[str]]:
    """On a page without the filters: the address keeps those chosen on the last page (for
    the next page, and for a link copied from here)."""
    _carry_across_pages()
    kept = st.session_state.get(ADDRESS, {})
    _put_in_address(kept)
    return {key: values for key, values in kept.items() if values}


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _asked_day(asked: dict[str, list[str]]) -> dt.date | None:
    """The as-of date the address asks for; one that is not a date is noted."""
    if "as_of" not in asked:
        return None
    day = _day(asked["as_of"][0])
    if day is None:
        notices.note(
            f"as_of={notices.typed(asked['as_of'][0])} is not a date (write it as 2004-03-31)"
        )
    return day


def _asked_period(asked: dict[str, list[str]]) -> tuple[dt.date, dt.date] | None:
    """The period the address asks for (its first and last days); one that is not a period
    is noted."""
    if "period" not in asked:
        return None
    days = [_day(text) for text in asked["period"]]
    if len(days) == 2 and None not in days and days[0] <= days[1]:
        return days[0], days[1]
    notices.note(
        f"period={notices.typed('&period='.join(asked['period']))} is not a period (give its "
        "first and last days: period=2003-04-01&period=2004-03-31)"
    )
    return None


def _not_listed(key: str, name: str, listed: list[str]) -> str:
    guess = did_you_mean(name, listed, normalise_name)
    return f"{key}={notices.typed(name)} is not one of the trust's {key}s" + (
        f" (did you mean {guess}?)" if guess else ""
    )


def choice_in_address(key: str, what: str, accepted) -> None:
    """Before a box bound to the address (bind="query-params") is drawn: a value there that
    it does not take (not among `accepted`, a list of its choices or a test) is noted, as
    Streamlit drops it quietly."""
    asked = st.query_params.get_all(key)
    if not asked:
        return
    taken = accepted(asked[-1]) if callable(accepted) else asked[-1] in accepted
    if not taken:
        notices.note(f"{key}={notices.typed(asked[-1])} is not {what}")


def is_date(text: str) -> bool:
    return _day(text) is not None


def narrowed_by_drill_down() -> None:
    """A click is about to narrow the drill-down page: remember what the other pages show."""
    state = st.session_state
    state.setdefault(BEFORE_DRILL_DOWN, (state.get("directorate"), state.get("profession")))


def drill_down_to(narrowing: dict[str, str | None]) -> None:
    """A click on a chart: the drill-down opens narrowed to this (its directorate and
    profession), and the page clicked on keeps what it showed."""
    st.session_state[DRILL_DOWN_TO] = narrowing


def drill_down_address() -> dict[str, list[str]]:
    """The address the drill-down opens at after a click: the filters of the page clicked on,
    narrowed as clicked. Opened with its whole address, the drill-down need not change it
    as it runs, so the browser's Back goes straight to the page as it was before the click
    (each change of the address is a step of the browser's history)."""
    address = dict(st.session_state.get(ADDRESS, {}))
    for key, value in (st.session_state.get(DRILL_DOWN_TO) or {}).items():
        address[key] = [value] if value else []
    st.session_state[OPENED_AT] = address
    return {key: values for key, values in address.items() if values}


def _narrow_the_drill_down() -> None:
    """Arriving at the drill-down from a click: remember what the other pages show, and
    narrow this page to what was clicked."""
    state = st.session_state
    narrowing = state.pop(DRILL_DOWN_TO, None)
    if narrowing is None:
        return
    narrowed_by_drill_down()
    state.update(narrowing)


def back_to_trust_wide() -> None:
    """The filter bar's button: every directorate and profession again."""
    st.session_state["directorate"] = None
    st.session_state["profession"] = None
    st.session_state.pop(BEFORE_DRILL_DOWN, None)


def _any_dates(asked: dict[str, list[str]]):
    """The programme lead's dates: any day, any period."""
    state = st.session_state
    asked_day = _asked_day(asked)
    if asked_day is not None:
        state["as_of"] = asked_day
    asked_period = _asked_period(asked)
    if asked_period is not None:
        state["period"] = asked_period
        year = financial_year_to_date(state.get("as_of") or default_as_of())
        if asked_period != (year.start, year.end):
            state[PERIOD_CHOSEN] = True
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


def _standard_dates(earliest, asked: dict[str, list[str]]):
    """Under disclosure control: a month end, and a standard period ending by it (an address
    that names another day or period is not taken)."""
    state = st.session_state
    last = default_as_of(controlled=True)
    ends = offered.month_ends(last, earliest)
    asked_day = _asked_day(asked)
    if asked_day in ends:
        state["month_end"] = asked_day
    elif asked_day is not None:
        notices.note(
            f"as_of={asked_day.isoformat()} is not a month end these figures can be shown at "
            "(the steering group and the board see figures at the end of a month)"
        )
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
    asked_period = _asked_period(asked)
    if asked_period is not None:
        for option in offered.periods_offered(as_of, earliest):
            if (option.period.start, option.period.end) == asked_period:
                state["period_kind"], state["reporting_period"] = option.kind, option.words
                break
        else:
            notices.note(
                f"period={asked_period[0].isoformat()}&period={asked_period[1].isoformat()} "
                "is not one of the reporting periods offered (a financial year, a quarter or "
                "a month, ending by the as-of date)"
            )
    default = {} if "period_kind" in state else {"default": offered.FINANCIAL_YEAR}
    kind = (
        st.segmented_control(
            "Period", offered.KINDS, key="period_kind", persist_state="session", **default
        )
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


def _bound(widget, label: str, key: str, default, **kwargs):
    """A filter's widget, kept across pages (the address is written by `_put_in_address`);
    its default is given only when the session has no value yet (Streamlit warns about
    both)."""
    if key not in st.session_state:
        if widget is st.selectbox:
            kwargs["index"] = None if default is None else kwargs["options"].index(default)
        else:
            kwargs["value"] = default
    elif widget is st.selectbox:
        kwargs.setdefault("index", None)
    return widget(label, key=key, persist_state="session", **kwargs)


def _period_chosen() -> None:
    st.session_state[PERIOD_CHOSEN] = True


def unfiltered(controlled: bool = False) -> views.Filters:
    """For pages without the filters (those that change the data, the meeting screens): D
    and its financial year. D is the as-of date the address keeps from the last page's
    filters (so a check-in made while the dashboard shows 31 Dec 2003 is dated by it), or
    the latest date in the data (a month end under disclosure control)."""
    if controlled:
        return at_month_end()[0]
    as_of = kept_as_of() or default_as_of()
    return views.Filters(as_of, financial_year_to_date(as_of))


def at_month_end() -> tuple[views.Filters, str | None]:
    """Under disclosure control on a page without the filters (the meeting screens): the
    month end the address keeps from the last page, or the last one by the date it keeps
    (with the words that say why that one), or the latest month end in the data."""
    earliest, _ = session.data_dates()
    ends = offered.month_ends(default_as_of(controlled=True), earliest)
    as_of, why = views.month_end_shown(kept_as_of(), ends)
    return views.Filters(as_of, financial_year_to_date(as_of)), why


def kept_as_of() -> dt.date | None:
    """The as-of date the address carries (chosen on the last page with the filters, or
    typed), if it names one; call after `keep_in_address`."""
    return _day(st.query_params.get("as_of", ""))
