"""Figures on screen: charts made from a view's figures (with their descriptions for screen
readers, a click to drill down, `*` drawn as `*`), and Making Data Count charts with their
icons and readings."""

from __future__ import annotations

import copy
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import altair as alt
import streamlit as st
from streamlit import dataframe_util
from streamlit.util import calc_hash

from uep_data import access, charts, measures, spc_icons
from uep_data.figures import Figure
from uep_data.views.parts import Breakdown, Grid
from uep_data.views.spc_panels import SpcPanel

from .notices import empty_state
from .text import plain

DRILL = "open_drill_down"


def says(words: str, figure: Figure, rules) -> str:
    """One mark in words, for screen readers: a `*` says what it stands for."""
    if figure.withheld:
        return f"{words}: not shown"
    if figure.suppressed:
        return f"{words}: 1 to {rules.suppress_up_to} (not shown)"
    return f"{words}: {figure.shown}"


def bar_rows(breakdown: Breakdown, rules, keep=None) -> list[dict]:
    """A breakdown's groups as bars: the figure as drawn, its text, and its words."""
    return [
        {
            "group": p.words,
            "value": None if p.figure.withheld else p.figure.value,
            "label": p.figure.shown,
            "says": says(p.words, p.figure, rules),
        }
        for p in breakdown.parts
        if keep is None or keep(p)
    ]


def grid_cells(grid: Grid, value: str = "people") -> list[dict]:
    """A grid's cells as chart rows: its two dimensions in words, the figure as drawn under
    `value` and its text under "label"."""
    return [
        {
            grid.rows_by: row_words,
            grid.columns_by: column_words,
            value: None if grid.cells[(row, column)].withheld else grid.cells[(row, column)].value,
            "label": grid.cells[(row, column)].shown,
        }
        for row, row_words in grid.rows
        for column, column_words in grid.columns
    ]


def bars(
    breakdown: Breakdown,
    what: str,
    *,
    key: str,
    rules,
    keep=None,
    in_order: bool = False,
    selection: str | None = None,
    on_select=None,
    **options,
):
    """A breakdown as horizontal bars (a `*` drawn as a pale 1-to-7 bar labelled `*`), with
    its description; `in_order` keeps the breakdown's own order (the journey's stages). A
    breakdown whose chart would tell nothing (every group withheld or `*`) is a sentence."""
    if sentence := breakdown.why_not_drawn(rules.suppress_up_to, clickable=selection is not None):
        st.markdown(plain(sentence))
        return None
    rows = bar_rows(breakdown, rules, keep)
    options.setdefault("title", what)  # every chart is titled
    if in_order:
        options["sort"] = [r["group"] for r in rows]
    return show_chart(
        drawing(
            charts.bar_chart, rows, "group", "value", rules=rules, selection=selection, **options
        ),
        describe(what, rows),
        key=key,
        selection=selection is not None,
        on_select=on_select,
    )


def grid_heatmap(
    grid: Grid,
    what: str,
    *,
    key: str,
    rules,
    selection: str | None = None,
    on_select=None,
    large: bool = False,
    title: str = "",
):
    """A grid as a heatmap: the count written in every cell (a `*` on a pale cell, a 0 on
    white), its description naming every cell that has someone; a sentence instead where
    every cell is withheld."""
    if sentence := grid.why_not_drawn(rules.suppress_up_to):
        st.markdown(plain(sentence))
        return None
    cells = grid_cells(grid)
    described = "; ".join(
        f"{c[grid.rows_by]}, {c[grid.columns_by]}: {c['label']}"
        for c in cells
        if c["people"] not in (0, None)
    )
    return show_chart(
        drawing(
            charts.heatmap,
            cells,
            grid.rows_by,
            grid.columns_by,
            "people",
            title=title or what,
            selection=selection,
            rules=rules,
            row_order=[words for _, words in grid.rows],
            column_order=[words for _, words in grid.columns],
            large=large,
        ),
        f"{what}: {described}",
        key=key,
        selection=selection is not None,
        on_select=on_select,
        large=large,
    )


def describe(what: str, rows: list[dict]) -> str:
    """A chart's alternative text: what it shows and every mark in words."""
    return f"{what}: " + "; ".join(r["says"] for r in rows if "says" in r)


@dataclass(frozen=True)
class Drawing:
    """A chart to draw: the function of uep_data.charts that makes it and what it is made
    from. Its finished Vega-Lite spec is made once for the same inputs (see `finished_spec`)
    and handed to every session that shows them."""

    function: Callable
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)


def drawing(function: Callable, *args, **kwargs) -> Drawing:
    return Drawing(function, args, kwargs)


SPECS_KEPT = 2000  # finished specs kept by the process (a few dozen per page view)
_specs: OrderedDict[bytes, dict] = OrderedDict()
_specs_lock = threading.Lock()


def finished_spec(chart: Drawing | alt.TopLevelMixin, large: bool = False) -> dict:
    """A chart's Vega-Lite spec in the house style, its data as Arrow (as Streamlit sends
    it). A drawing's spec is made once per process for the same inputs: the key is the
    inputs themselves, pickled, so the same figures give the same spec whichever data
    version, filters or audience they came from, and other figures never do. The spec is
    ours (uep_data.charts, validated by the tests), so Altair's schema check and its
    copies of every part are skipped."""
    if not isinstance(chart, Drawing):
        return _to_spec(charts.style(chart, large=large))
    function = chart.function
    try:
        key = pickle.dumps(
            (function.__module__, function.__qualname__, chart.args, chart.kwargs, large), 5
        )
    except (pickle.PicklingError, TypeError, AttributeError):  # not made of plain values
        return _to_spec(charts.style(function(*chart.args, **chart.kwargs), large=large))
    with _specs_lock:
        spec = _specs.get(key)
        if spec is not None:
            _specs.move_to_end(key)
            return spec
    spec = _to_spec(charts.style(function(*chart.args, **chart.kwargs), large=large))
    with _specs_lock:
        _specs[key] = spec
        while len(_specs) > SPECS_KEPT:
            _specs.popitem(last=False)
    return spec


# Altair's data transformers and themes are process-wide settings: one conversion at a time
_altair_lock = threading.Lock()


def _arrow_dataset(data, datasets: dict) -> dict:
    """Altair data transformer: a chart's table as Arrow bytes, named by their hash (what
    st.altair_chart does), so that a session sends the bytes without converting again."""
    data_bytes = dataframe_util.convert_anything_to_arrow_bytes(data)
    name = calc_hash(data_bytes)
    datasets[name] = data_bytes
    return {"name": name}


alt.data_transformers.register("uep_arrow", _arrow_dataset)


def _to_spec(chart: alt.TopLevelMixin) -> dict:
    datasets: dict = {}
    with (
        _altair_lock,
        alt.theme.enable("none"),
        alt.data_transformers.enable("uep_arrow", datasets=datasets),
    ):
        spec = chart.to_dict(validate=False)
    spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


def show_chart(
    chart: Drawing | alt.TopLevelMixin,
    description: str,
    *,
    key: str | None = None,
    selection: bool = False,
    large: bool = False,
    on_select=None,
):
    """A chart in the house style with its description for screen readers (and a click
    selection, with `on_select` called on a click, when the page drills down from it)."""
    # Streamlit copies the top level before changing it; the parts below are shared
    spec = copy.copy(finished_spec(chart, large=large))
    if key:  # named in the spec too, so that tests can tell the charts apart
        spec["usermeta"] = {"chart": key}
    if selection:
        return st.vega_lite_chart(
            spec,
            theme=None,
            key=key,
            on_select=on_select or "rerun",
            selection_mode=None,
            width="stretch",
            alt=description,
        )
    st.vega_lite_chart(spec, theme=None, key=key, width="stretch", alt=description)
    return None


def can_drill(role: str | None) -> bool:
    """Whether a click on a bar may open the drill-down (a page this role may see)."""
    return access.may_open(role, "drill_down")


def drill_from(chart_key: str, selection: str, fields: dict[str, str]) -> None:
    """A click on a chart of trust-wide figures: set the drill-down's directorate (and
    profession) from the clicked mark, and open the drill-down page at the next run; for a
    role without the drill-down, nothing (no filter is left behind). The narrowing is the
    drill-down's: the other pages show what they showed before the click."""
    from . import filters, identity

    chosen = st.session_state[chart_key].selection.get(selection) or []
    if chosen and can_drill(identity.viewer().role):
        # the drill-down takes the narrowing as it opens: the page clicked on, and the
        # address the browser keeps for it (its Back), keep the filters it showed
        filters.drill_down_to(
            {"profession": None, **{key: chosen[0][field] for key, field in fields.items()}}
        )
        st.session_state[DRILL] = True


def open_drill_down_if_asked(measure: str) -> None:
    from uep_data.views import DRILLABLE

    from . import filters, identity

    if st.session_state.pop(DRILL, False) and can_drill(identity.viewer().role):
        # the drill-down opens at its whole address (the filters, narrowed as clicked, and
        # the figure unless it is the one the page starts with), so that it has nothing to
        # add to the address and the browser's Back returns to the page as it was
        shown = {} if measure == DRILLABLE[0] else {"measure": measures.measure(measure).label}
        st.switch_page(
            "app_pages/drill_down.py", query_params={**filters.drill_down_address(), **shown}
        )


def show_spc(
    panel: SpcPanel,
    *,
    large: bool = False,
    titled: bool = True,
    beside: bool = False,
    notes: tuple[str, ...] | None = None,
) -> None:
    """A Making Data Count chart with its two icons and what they mean, in plain words
    (`beside` the chart rather than under it, as on a meeting screen that fits one window;
    `notes` instead of the panel's own, as a meeting screen's key)."""
    if panel.chart is None:
        if titled:
            st.markdown(f"**{plain(panel.title)}**")
        empty_state(plain(panel.note or "Not shown."))
        return
    chart = drawing(
        charts.spc_chart,
        panel.chart,
        title=panel.title if titled else "",
        unit=panel.unit,
        targets=panel.targets,
        large=large,
        recalculations=panel.recalculations,
    )
    description = charts.describe_spc(panel.chart, panel.unit, panel.title)
    size = 84 if large else 68
    icons = spc_icons.variation_svg(panel.chart.variation_icon, size)
    icons += spc_icons.assurance_svg(panel.chart.assurance_icon, size)
    reading = "\n".join(f"- {plain(note)}" for note in (panel.notes if notes is None else notes))
    if beside:
        chart_column, words_column = st.columns([5, 2])
        with chart_column:
            show_chart(chart, description, key=f"spc_{panel.key}", large=large)
        with words_column:
            if icons:
                st.markdown(f'<div class="uep-spc-icons">{icons}</div>', unsafe_allow_html=True)
            st.markdown(reading)
        return
    show_chart(chart, description, key=f"spc_{panel.key}", large=large)
    icon_column, reading_column = st.columns([1, 5] if icons.count("<svg") > 1 else [1, 11])
    with icon_column:
        if icons:
            # our own SVG (no user text in it); markdown keeps inline SVG, st.html drops it
            st.markdown(f'<div class="uep-spc-icons">{icons}</div>', unsafe_allow_html=True)
    with reading_column:
        st.markdown(reading)
        suggest_restart(panel)


def suggest_restart(panel: SpcPanel) -> None:
    """Where the process changed, the programme lead (seeing exact figures) is asked whether
    the chart should start again there: one button, logged, and undone like any other chart
    rule (Settings, "Where a chart starts again")."""
    from . import identity

    if panel.suggestion is None or identity.viewer().role != access.PROGRAMME_LEAD:
        return
    st.info(plain(panel.suggestion), icon=":material/restart_alt:")
    st.button(
        f"Start again from {panel.suggested_restart:%B %Y}",
        key=f"restart_{panel.key}",
        on_click=_start_again,
        args=(panel.key, panel.suggested_restart),
    )


def _start_again(series: str, month) -> None:
    from uep_data import recalculations

    from . import identity, session

    @identity.while_signed_in
    def start() -> None:
        problem = recalculations.add(
            session.engine(),
            series,
            month,
            "the process changed: a sustained shift began that month",
            identity.acting(),
        )
        if problem:
            st.session_state[identity.REFUSED] = problem

    start()


def show_spc_tabs(panels, *, large: bool = False) -> None:
    """Several Making Data Count charts, one tab each (all drawn, so each is ready at once)."""
    panels = list(panels)
    if not panels:
        return
    if len(panels) == 1:
        show_spc(panels[0], large=large)
        return
    for tab, panel in zip(st.tabs([plain(p.title) for p in panels]), panels, strict=True):
        with tab:
            show_spc(panel, large=large)  # the chart titled as well as its tab
