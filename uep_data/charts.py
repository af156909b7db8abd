"""Altair chart specs for the dashboard, the meeting screens and the board pack: data in,
chart out, one style.

NHS identity colours, a colour-blind-safe palette for categories (Okabe and Ito), type large
enough to read from the back of a meeting room, and nothing said by colour alone: values
and statuses are written on the chart as well. A count suppressed by disclosure control is
drawn as a pale bar reaching from 1 to 7 and labelled `*`, never as zero or as a gap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import altair as alt
import pandas as pd

from .contract import FUNDING_TYPES
from .disclosure import DEFAULT_RULES, NOT_SHOWN, SUPPRESSED, Rules
from .formatting import format_value
from .words import words_for

NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
NHS_PALE_GREY = "#E8EDEE"
NHS_MID_GREY = "#768692"
NHS_DARK_GREY = "#425563"
NHS_TEXT = "#212B32"
NHS_GREEN = "#007F3B"
NHS_RED = "#D5281B"
SUPPRESSED_FILL = "#D8DDE0"
# Okabe and Ito's colour-blind-safe palette (without yellow, which is too pale on white)
CATEGORY_COLOURS = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#000000",
    "#999999",
]
# Each funding stream's type keeps one colour on every page, chart and screen; awarded and
# spent (amounts, not types) take colours no funding type uses
FUNDING_COLOURS = {
    **{
        words_for(code): colour
        for code, colour in zip(FUNDING_TYPES, ("#0072B2", "#E69F00", "#009E73"), strict=True)
    },
    "Awarded": NHS_DARK_BLUE,
    "Spent": "#56B4E9",
}
FONT = "Arial, Helvetica, sans-serif"
# Type read on a shared screen from the back of the room: no chart text below these sizes
AXIS_LABEL_SIZE = 16
AXIS_TITLE_SIZE = 16
TITLE_SIZE = 20
MARK_TEXT_SIZE = 16
# A row of a grid or a bar of a bar chart: tall enough to read and to click
GRID_ROW_HEIGHT = 36
BAR_ROW_HEIGHT = 36
BAR_BAND = 0.7  # the bar's share of its row (25 px of 36)
# whole-number units: their axes tick in whole numbers
COUNT_UNITS = frozenset({"count", "people", "events", "directorates", "professions"})


# the least size of any text on a meeting screen's chart, in pixels
LARGE_TEXT = 18


def style(chart: alt.TopLevelMixin, large: bool = False) -> alt.TopLevelMixin:
    """The house style: readable from the back of a meeting room (`large` for its screen:
    no text smaller than LARGE_TEXT)."""
    scale = 1.35 if large else 1.0
    return (
        # heights are the plotting area's (Streamlit's default fits axes and labels into the
        # height, which squeezes a grid whose labels are long); widths fit the container
        chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
        .configure(font=FONT, background="white")
        .configure_axis(
            labelFontSize=round(AXIS_LABEL_SIZE * scale),
            titleFontSize=round(AXIS_TITLE_SIZE * scale),
            labelColor=NHS_TEXT,
            titleColor=NHS_TEXT,
            gridColor=NHS_PALE_GREY,
            domainColor=NHS_MID_GREY,
            tickColor=NHS_MID_GREY,
            labelLimit=320,
        )
        .configure_legend(
            labelFontSize=round(AXIS_LABEL_SIZE * scale),
            titleFontSize=round(AXIS_LABEL_SIZE * scale),
            labelColor=NHS_TEXT,
            titleColor=NHS_TEXT,
            orient="bottom",
            labelLimit=320,
        )
        .configure_title(
            fontSize=round(TITLE_SIZE * scale),
            color=NHS_TEXT,
            anchor="start",
            fontWeight="bold",
        )
        .configure_view(strokeWidth=0)
        .configure_text(fontSize=round(MARK_TEXT_SIZE * scale), color=NHS_TEXT)
    )


def _blend(low: str, high: str, fraction: float) -> str:
    """A colour between two hex colours (fraction 0 = low, 1 = high)."""
    fraction = min(max(fraction, 0.0), 1.0)
    a = [int(low[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * fraction):02X}" for x, y in zip(a, b, strict=True))


def colours_for(names: Sequence[str]) -> list[str]:
    """A colour for each category: its own where one is declared (a funding type keeps its
    colour on every chart), otherwise the next colour-blind-safe colour not already taken."""
    taken = {FUNDING_COLOURS[n] for n in names if n in FUNDING_COLOURS}
    spare = iter(c for c in CATEGORY_COLOURS if c not in taken)
    return [FUNDING_COLOURS.get(n) or next(spare, NHS_MID_GREY) for n in names]


def _shown_columns(
    frame: pd.DataFrame, category: str, value: str, unit: str, rules: Rules
) -> pd.DataFrame:
    """Columns every chart of shown values uses: the bar's length, its label, and whether it
    is suppressed (drawn as a band from 1 to the threshold)."""
    frame = frame.copy()
    suppressed = frame[value].astype(object) == SUPPRESSED
    frame["suppressed"] = suppressed
    numeric = pd.to_numeric(frame[value].where(~suppressed), errors="coerce")
    frame["bar_start"] = (suppressed * 1).astype(float)
    frame["bar_end"] = numeric.where(~suppressed, float(rules.suppress_up_to))
    if "label" in frame:  # a figure withheld has no bar, only its words at the axis
        frame.loc[frame["label"] == NOT_SHOWN, ["bar_start", "bar_end"]] = 0.0
    if "label" not in frame:  # a figure's own text when it comes with one
        frame["label"] = [
            SUPPRESSED if s else format_value(None if pd.isna(v) else v, unit)
            for s, v in zip(suppressed, numeric, strict=True)
        ]
    frame["says"] = [
        f"{name}: " + (f"1 to {rules.suppress_up_to} (not shown)" if s else label)
        for name, s, label in zip(frame[category], suppressed, frame["label"], strict=True)
    ]
    return frame.drop(columns=[value])  # numbers and "*" in one column do not travel well


def bar_chart(
    rows: Sequence[dict],
    category: str,
    value: str,
    *,
    title: str = "",
    unit: str = "count",
    axis_title: str = "",
    selection: str | None = None,
    rules: Rules = DEFAULT_RULES,
    large: bool = False,
    sort: Sequence[str] | None = None,
    target: float | None = None,
    target_label: str = "",
) -> alt.Chart:
    """Horizontal bars, one per category, with their values written at the end; suppressed
    counts as a pale 1-to-7 band labelled `*`. `selection` names a click selection on the
    category (for drill-down)."""
    frame = _shown_columns(pd.DataFrame(list(rows)), category, value, unit, rules)
    order = list(sort) if sort is not None else list(frame[category])
    height = max(2, len(frame)) * BAR_ROW_HEIGHT * (1.25 if large else 1)
    y = alt.Y(
        f"{category}:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelLimit=360, labelFontSize=LARGE_TEXT + 1 if large else 14),
    )
    x_title = axis_title or ("%" if unit == "percent" else "")
    base = alt.Chart(frame, title=title or alt.Undefined)
    colour = alt.condition(alt.datum.suppressed, alt.value(SUPPRESSED_FILL), alt.value(NHS_BLUE))
    axis = alt.Axis(format="d", tickMinStep=1) if unit in COUNT_UNITS else alt.Axis()
    bars = base.mark_bar(cornerRadiusEnd=2, height={"band": BAR_BAND}).encode(
        y=y,
        x=alt.X("bar_start:Q", title=x_title, scale=alt.Scale(zero=True), axis=axis),
        x2="bar_end:Q",
        color=colour,
        description="says:N",
        tooltip=[
            alt.Tooltip(f"{category}:N", title=category.replace("_", " ").title()),
            alt.Tooltip("label:N", title="Value"),
        ],
    )
    if selection:
        pick = alt.selection_point(name=selection, fields=[category], on="click")
        bars = bars.add_params(pick).encode(
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45))
        )
    labels = base.mark_text(
        align="left", dx=6, fontSize=LARGE_TEXT + 1 if large else MARK_TEXT_SIZE, fontWeight="bold"
    ).encode(y=y, x="bar_end:Q", text="label:N")
    layers = [bars, labels]
    if target is not None:
        rule_frame = pd.DataFrame(
            {"target": [target], "text": [target_label or f"Target {target:g}"]}
        )
        layers.append(
            alt.Chart(rule_frame)
            .mark_rule(color=NHS_DARK_GREY, strokeDash=[6, 4], strokeWidth=2)
            .encode(x="target:Q")
        )
        layers.append(
            alt.Chart(rule_frame)
            .mark_text(align="left", dx=4, dy=-8, baseline="bottom", color=NHS_DARK_GREY)
            .encode(x="target:Q", y=alt.value(0), text="text:N")
        )
    return alt.layer(*layers).properties(height=height, width="container")


def heatmap(
    cells: Sequence[dict],
    row: str,
    column: str,
    value: str,
    *,
    title: str = "",
    selection: str | None = None,
    rules: Rules = DEFAULT_RULES,
    row_order=None,
    column_order=None,
    large: bool = False,
) -> alt.Chart:
    """A grid of counts (directorate x profession): darker for more, the count written in
    every cell, `*` on a pale cell where suppressed, `0` on white."""
    frame = pd.DataFrame(list(cells))
    suppressed = frame[value].astype(object) == SUPPRESSED
    frame["shade"] = pd.to_numeric(frame[value].where(~suppressed), errors="coerce")
    frame["kind"] = [
        "suppressed" if s else ("none" if v == 0 or pd.isna(v) else "some")
        for s, v in zip(suppressed, frame["shade"], strict=True)
    ]
    if "label" not in frame:  # a figure's own text when it comes with one
        frame["label"] = [
            SUPPRESSED if s else format_value(v, "count")
            for s, v in zip(suppressed, frame["shade"], strict=True)
        ]
    maximum = max(1.0, float(frame["shade"].max() or 1))
    frame["fill"] = [
        SUPPRESSED_FILL
        if kind == "suppressed"
        else "#FFFFFF"
        if kind == "none"
        else _blend("#C6DBEF", NHS_DARK_BLUE, float(v) / maximum)
        for kind, v in zip(frame["kind"], frame["shade"], strict=True)
    ]
    frame["dark"] = frame["shade"].fillna(0) > maximum * 0.55
    frame["says"] = [
        f"{r}, {c}: " + (f"1 to {rules.suppress_up_to} (not shown)" if lab == SUPPRESSED else lab)
        for r, c, lab in zip(frame[row], frame[column], frame["label"], strict=True)
    ]
    frame = frame.drop(columns=[value])
    base = alt.Chart(frame, title=title or alt.Undefined).encode(
        x=alt.X(
            f"{column}:N",
            sort=column_order,
            title=None,
            axis=alt.Axis(labelAngle=-35, labelLimit=220, orient="top"),
        ),
        y=alt.Y(f"{row}:N", sort=row_order, title=None, axis=alt.Axis(labelLimit=360)),
    )
    colour = alt.Color("fill:N", scale=None, legend=None)
    rects = base.mark_rect(stroke=NHS_PALE_GREY, strokeWidth=1).encode(
        color=colour,
        description="says:N",
        tooltip=[
            alt.Tooltip(f"{row}:N"),
            alt.Tooltip(f"{column}:N"),
            alt.Tooltip("label:N", title="People"),
        ],
    )
    if selection:
        pick = alt.selection_point(name=selection, fields=[row, column], on="click")
        rects = rects.add_params(pick)
    text = base.mark_text(
        fontSize=LARGE_TEXT + 1 if large else MARK_TEXT_SIZE, fontWeight="bold"
    ).encode(
        text="label:N",
        color=alt.condition(alt.datum.dark, alt.value("#FFFFFF"), alt.value(NHS_TEXT)),
    )
    n_rows = frame[row].nunique()
    row_height = 27 if large else GRID_ROW_HEIGHT  # a meeting screen fits the grid in one window
    return alt.layer(rects, text).properties(
        height=max(160, round(row_height * max(2, n_rows))),
        width="container",
        # the rows keep their height: the column names above them add to it (fitting the
        # whole chart into the height would squeeze the rows until their names overlap)
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )


def level_rule(level: float, text: str, dash: list[int]) -> list:
    """A level across a chart (a target, a floor): a dashed rule, named at its left end."""
    frame = pd.DataFrame({"y": [level], "text": [text]})
    return [
        alt.Chart(frame)
        .mark_rule(color=NHS_DARK_GREY, strokeDash=dash, strokeWidth=2)
        .encode(y="y:Q"),
        alt.Chart(frame)
        .mark_text(
            align="left", baseline="bottom", dx=4, dy=-4, color=NHS_DARK_GREY, fontWeight="bold"
        )
        .encode(y="y:Q", x=alt.value(0), text="text:N"),
    ]


def line_chart(
    points: Sequence[tuple[dt.date, object]],
    *,
    title: str = "",
    unit: str = "count",
    y_title: str = "",
    target: float | None = None,
    target_label: str = "",
    large: bool = False,
    floor: float | None = None,
    height: int | None = None,
    target_steps: Sequence[float | None] = (),
) -> alt.Chart:
    """A monthly series (dates), or a yearly one (each year's words, such as "2003/04", drawn
    on a year axis): a line with its points; a dashed target line with its label (or, with
    `target_steps`, the target in force at each point, stepping where it changes, as the
    Making Data Count chart draws it); suppressed points marked `*` on the axis rather than
    drawn as zero."""
    yearly = bool(points) and isinstance(points[0][0], str)
    frame = pd.DataFrame([{"date": d if yearly else pd.Timestamp(d), "raw": v} for d, v in points])
    suppressed = frame["raw"].astype(object) == SUPPRESSED
    frame["value"] = pd.to_numeric(frame["raw"].where(~suppressed), errors="coerce")
    frame["label"] = [
        SUPPRESSED if s else format_value(None if pd.isna(v) else v, unit)
        for s, v in zip(suppressed, frame["value"], strict=True)
    ]
    frame["suppressed"] = suppressed
    frame = frame.drop(columns=["raw"])
    base = alt.Chart(frame, title=title or alt.Undefined)
    if yearly:
        x = alt.X("date:O", sort=[d for d, _ in points], title=None, axis=alt.Axis(labelAngle=0))
        when = alt.Tooltip("date:O", title="Year")
    else:
        x = alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=6))
        when = alt.Tooltip("date:T", format="%d %b %Y", title="Date")
    line = base.mark_line(
        color=NHS_BLUE,
        strokeWidth=3,
        point=alt.OverlayMarkDef(color=NHS_BLUE, size=60 if large else 40, filled=True),
    ).encode(
        x=x,
        y=alt.Y(
            "value:Q",
            title=y_title or None,
            scale=alt.Scale(zero=True),
            axis=alt.Axis(format="d", tickMinStep=1) if unit in COUNT_UNITS else alt.Axis(),
        ),
        tooltip=[when, alt.Tooltip("label:N", title="Value")],
    )
    stars = (
        base.transform_filter(alt.datum.suppressed)
        .mark_text(text=SUPPRESSED, fontSize=20, dy=-6, color=NHS_DARK_GREY)
        .encode(x=x, y=alt.value(0))
    )
    layers = [line, stars]
    if any(step is not None for step in target_steps) and not yearly:
        layers += _stepped_target(frame["date"], target_steps, target_label or "Target", unit)
        target = None
    for level, label, dash in (
        (target, target_label or "Target", [8, 5]),
        (floor, "Floor", [2, 3]),
    ):
        if level is None:
            continue
        layers += level_rule(level, f"{label} {format_value(level, unit)}", dash)
    return alt.layer(*layers).properties(
        height=height or (280 if large else 260), width="container"
    )


def fan_chart(
    history: Sequence[tuple[dt.date, float]],
    fan: Sequence,
    *,
    title: str = "",
    unit: str = "count",
    target: float | None = None,
    target_label: str = "Target",
    large: bool = False,
) -> alt.Chart:
    """A monthly series and where it is heading: the months so far as a line, then the
    forecast's median (dashed) inside its 80% band (darker) and 95% band (lighter), and the
    target as a dashed rule with its label. The bands are said in the legend's words, not by
    colour alone."""
    past = pd.DataFrame([{"date": pd.Timestamp(d), "value": v} for d, v in history])
    ahead = pd.DataFrame(
        [
            {
                "date": pd.Timestamp(m.month),
                "median": m.median,
                "lo80": m.lo80,
                "hi80": m.hi80,
                "lo95": m.lo95,
                "hi95": m.hi95,
            }
            for m in fan
        ]
    )
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=6))
    y_axis = alt.Axis(format="d", tickMinStep=1) if unit in COUNT_UNITS else alt.Axis()
    layers = []
    if not ahead.empty:
        for low, high, opacity, words in (
            ("lo95", "hi95", 0.18, "95%"),
            ("lo80", "hi80", 0.35, "80%"),
        ):
            layers.append(
                alt.Chart(ahead.assign(band=f"{words} band"))
                .mark_area(color=NHS_BLUE, opacity=opacity)
                .encode(
                    x=x,
                    y=alt.Y(f"{low}:Q", title=None, axis=y_axis, scale=alt.Scale(zero=True)),
                    y2=f"{high}:Q",
                    tooltip=[
                        alt.Tooltip("date:T", format="%b %Y", title="Month"),
                        alt.Tooltip(f"{low}:Q", format=".0f", title=f"{words} band from"),
                        alt.Tooltip(f"{high}:Q", format=".0f", title="to"),
                    ],
                )
            )
        layers.append(
            alt.Chart(ahead)
            .mark_line(color=NHS_DARK_BLUE, strokeDash=[6, 4], strokeWidth=2.5)
            .encode(
                x=x,
                y="median:Q",
                tooltip=[
                    alt.Tooltip("date:T", format="%b %Y", title="Month"),
                    alt.Tooltip("median:Q", format=".0f", title="Most likely"),
                ],
            )
        )
    layers.append(
        alt.Chart(past)
        .mark_line(color=NHS_BLUE, strokeWidth=3, point=alt.OverlayMarkDef(size=30, filled=True))
        .encode(
            x=x,
            y=alt.Y("value:Q", title=None, axis=y_axis, scale=alt.Scale(zero=True)),
            tooltip=[
                alt.Tooltip("date:T", format="%b %Y", title="Month"),
                alt.Tooltip("value:Q", format=".0f", title="Figure"),
            ],
        )
    )
    if target is not None:
        layers += level_rule(target, f"{target_label} {format_value(target, unit)}", [8, 5])
    chart = alt.layer(*layers).properties(height=300 if large else 240, width="container")
    return chart.properties(title=title) if title else chart


def describe_fan(history, fan, unit: str, what: str, words: str) -> str:
    """A fan chart in words, for screen readers: the months so far and the forecast's own
    sentence."""
    return describe(list(history), unit, what) + " " + words


def _stepped_target(dates, steps: Sequence[float | None], label: str, unit: str) -> list:
    """The target in force at each month (dashed, stepping where it changes), named where its
    last step begins."""
    frame = pd.DataFrame({"date": list(dates), "target": list(steps)}).dropna()
    last = frame[frame["target"] != frame["target"].shift()].iloc[-1]
    named = pd.DataFrame(
        [
            {
                "date": last["date"],
                "y": last["target"],
                "text": f"{label} {format_value(last['target'], unit)}",
            }
        ]
    )
    return [
        alt.Chart(frame)
        .mark_line(color=NHS_DARK_GREY, strokeDash=[8, 5], strokeWidth=2, interpolate="step-after")
        .encode(x="date:T", y="target:Q"),
        alt.Chart(named)
        .mark_text(
            align="left", baseline="bottom", dx=4, dy=-4, color=NHS_DARK_GREY, fontWeight="bold"
        )
        .encode(x="date:T", y="y:Q", text="text:N"),
    ]


def stacked_bars(
    rows: Sequence[dict],
    x: str,
    colour: str,
    value: str,
    *,
    title: str = "",
    unit: str = "count",
    colour_order: Sequence[str] | None = None,
    x_order: Sequence[str] | None = None,
    y_title: str = "",
    large: bool = False,
) -> alt.Chart:
    """Bars stacked by category (funding by type each year, contacts by mode each month),
    colour-blind-safe colours, with a legend and the values in the tooltip."""
    frame = pd.DataFrame(list(rows))
    order = list(colour_order) if colour_order is not None else sorted(frame[colour].unique())
    frame["order"] = frame[colour].map({name: i for i, name in enumerate(order)})
    frame["label"] = [format_value(v, unit) for v in frame[value]]
    return (
        alt.Chart(frame, title=title or alt.Undefined)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:O", sort=x_order, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"sum({value}):Q", title=y_title or None, stack="zero"),
            color=alt.Color(
                f"{colour}:N",
                sort=order,
                title=None,
                scale=alt.Scale(domain=order, range=colours_for(order)),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip(f"{x}:O"),
                alt.Tooltip(f"{colour}:N"),
                alt.Tooltip("label:N", title="Value"),
            ],
        )
        .properties(height=280, width="container")
    )


def grouped_bars(
    rows: Sequence[dict],
    x: str,
    group: str,
    value: str,
    *,
    title: str = "",
    unit: str = "pounds",
    group_order: Sequence[str] | None = None,
    y_title: str = "",
) -> alt.Chart:
    """Side-by-side bars (awarded beside spent), with the value written above each bar."""
    frame = pd.DataFrame(list(rows))
    order = list(group_order) if group_order is not None else sorted(frame[group].unique())
    frame["label"] = [format_value(v, unit) for v in frame[value]]
    base = alt.Chart(frame, title=title or alt.Undefined).encode(
        x=alt.X(f"{x}:O", title=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset(f"{group}:N", sort=order),
    )
    bars = base.mark_bar().encode(
        y=alt.Y(f"{value}:Q", title=y_title or None),
        color=alt.Color(
            f"{group}:N",
            sort=order,
            title=None,
            scale=alt.Scale(domain=order, range=colours_for(order)),
        ),
        tooltip=[
            alt.Tooltip(f"{x}:O"),
            alt.Tooltip(f"{group}:N"),
            alt.Tooltip("label:N", title="Amount"),
        ],
    )
    return bars.properties(height=300, width="container")


def trajectory_chart(
    interim: Sequence[tuple[str, float, str]],
    actuals: Sequence[tuple[str, object]],
    aim: float,
    *,
    unit: str,
    title: str = "",
    aim_label: str = "Aspirational target",
    large: bool = False,
) -> alt.Chart:
    """Interim targets stepping towards the aspirational one (hollow diamonds, dashed), with
    the actuals beside them (solid line and dots), each point labelled. Each step is named by
    its year (its financial year, "2003/04"), and the axis is those years in order."""
    years = [year for year, _, _ in interim]
    targets = pd.DataFrame(
        [
            {
                "year": year,
                "value": v,
                "status": s,
                "what": "Interim target",
                "label": format_value(v, unit),
            }
            for year, v, s in interim
        ]
    )
    frame = pd.DataFrame([{"year": year, "raw": v} for year, v in actuals])
    if frame.empty:
        frame = pd.DataFrame({"year": pd.Series(dtype=str), "raw": []})
    suppressed = frame["raw"].astype(object) == SUPPRESSED
    frame["value"] = pd.to_numeric(frame["raw"].where(~suppressed), errors="coerce")
    frame["label"] = [
        SUPPRESSED if s else format_value(None if pd.isna(v) else v, unit)
        for s, v in zip(suppressed, frame["value"], strict=True)
    ]
    frame["what"] = "Actual"
    frame = frame.drop(columns=["raw"])
    x = alt.X(
        "year:O",
        sort=years,
        scale=alt.Scale(domain=years),
        title=None,
        axis=alt.Axis(labelAngle=0),
    )
    y = alt.Y("value:Q", title=None, scale=alt.Scale(zero=True))
    steps = (
        alt.Chart(targets)
        .mark_line(strokeDash=[6, 4], color=NHS_DARK_GREY, interpolate="step")
        .encode(x=x, y=y)
    )
    diamonds = (
        alt.Chart(targets)
        .mark_point(shape="diamond", size=140, filled=False, strokeWidth=2, color=NHS_DARK_GREY)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("label:N", title="Interim target"),
            ],
        )
    )
    actual = (
        alt.Chart(frame)
        .mark_line(
            color=NHS_BLUE,
            strokeWidth=3,
            point=alt.OverlayMarkDef(color=NHS_BLUE, size=80, filled=True),
        )
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("label:N", title="Actual"),
            ],
        )
    )
    labels = (
        alt.Chart(frame)
        .mark_text(dy=-14, color=NHS_BLUE, fontWeight="bold")
        .encode(x=x, y=y, text="label:N")
    )
    aim_frame = pd.DataFrame({"y": [aim], "text": [f"{aim_label}: {format_value(aim, unit)}"]})
    aim_rule = alt.Chart(aim_frame).mark_rule(color=NHS_GREEN, strokeWidth=2).encode(y="y:Q")
    aim_text = (
        alt.Chart(aim_frame)
        .mark_text(align="left", dx=4, dy=-6, baseline="bottom", color=NHS_GREEN, fontWeight="bold")
        .encode(y="y:Q", x=alt.value(0), text="text:N")
    )
    chart = alt.layer(steps, diamonds, actual, labels, aim_rule, aim_text).properties(
        height=300 if large else 280, width="container"
    )
    return chart.properties(title=title) if title else chart


def histogram(values: Sequence[float], *, step: float, x_title: str, y_title: str) -> alt.Chart:
    """How values spread, in bins of `step` (for the programme lead's exact figures)."""
    frame = pd.DataFrame({"value": list(values)})
    return (
        alt.Chart(frame)
        .mark_bar(color=NHS_BLUE)
        .encode(
            x=alt.X("value:Q", bin=alt.Bin(step=step), title=x_title),
            y=alt.Y("count():Q", title=y_title, axis=alt.Axis(format="d", tickMinStep=1)),
        )
        .properties(height=220, width="container")
    )


def sparkline(points: Sequence[tuple[dt.date, object]], unit: str = "count") -> alt.Chart:
    """A small trend without axes for a headline card: the line, its last point, and the
    first and last values written at the ends."""
    frame = pd.DataFrame(
        [{"date": pd.Timestamp(d), "value": v} for d, v in points if isinstance(v, (int, float))]
    )
    if frame.empty:
        frame = pd.DataFrame(
            {"date": pd.Series(dtype="datetime64[ns]"), "value": pd.Series(dtype=float)}
        )
    frame["label"] = [format_value(v, unit) for v in frame["value"]]
    ends = frame.iloc[[0, -1]] if len(frame) > 1 else frame
    x = alt.X("date:T", axis=None)
    y = alt.Y("value:Q", axis=None, scale=alt.Scale(zero=False, padding=8))
    line = alt.Chart(frame).mark_line(color=NHS_BLUE, strokeWidth=2.5).encode(x=x, y=y)
    dots = alt.Chart(ends).mark_point(filled=True, color=NHS_BLUE, size=40).encode(x=x, y=y)
    text = (
        alt.Chart(ends)
        .mark_text(dy=-10, fontSize=14, color=NHS_DARK_GREY)
        .encode(x=x, y=y, text="label:N")
    )
    return alt.layer(line, dots, text).properties(height=70, width="container")


def describe(points: Sequence[tuple[dt.date, object]], unit: str, what: str) -> str:
    """A sentence describing a series, for screen readers (the chart's alternative text)."""
    values = [(d, v) for d, v in points if v is not None]
    if not values:
        return f"{what}: no data."
    first, last = values[0], values[-1]
    return (
        f"{what}, from {format_value(first[1], unit)} on {first[0]:%d %b %Y} to "
        f"{format_value(last[1], unit)} on {last[0]:%d %b %Y}."
    )


# --- Making Data Count ----------------------------------------------------------------------

SPC_COLOURS = {  # Making Data Count's point colours (as NHSRplotthedots draws them)
    "grey": "#7B7D7D",
    "blue": "#289DE0",
    "orange": "#FAB428",
    "purple": "#361475",
}
SPC_WORDS = {
    "grey": "Common cause",
    "blue": "Improvement",
    "orange": "Concern",
    "purple": "Special cause",
}


def spc_chart(
    chart,
    *,
    unit: str = "count",
    targets: Sequence[object] = (),
    title: str = "",
    y_title: str = "",
    large: bool = False,
    width: int | None = None,
    height: int | None = None,
    recalculations: Sequence[dict] = (),
) -> alt.LayerChart:
    """A Making Data Count XmR chart (an `spc.Chart`): the points coloured by their reading,
    the mean (solid) and process limits (dashed) of each section, the target in force
    (red, dashed, stepping when it changes), and the lines named at the right-hand end.
    `targets` holds, per point, the target in force (anything with `.value`) or None."""
    improvement = chart.options.improvement
    rows = []
    section = 0
    for point, target in zip(
        chart.points, list(targets) or [None] * len(chart.points), strict=True
    ):
        if point.number > 1 and point.lines is not chart.points[point.number - 2].lines:
            section += 1
        rows.append(
            {
                "date": pd.Timestamp(point.date),
                "value": point.value,
                "label": format_value(point.value, unit),
                "reading": SPC_WORDS[point.colour],
                "section": section,
                "mean": point.lines.mean,
                "lower": point.lines.lower_limit,
                "upper": point.lines.upper_limit,
                "target": None if target is None else target.value,
            }
        )
    frame = pd.DataFrame(rows)
    base = alt.Chart(frame, title=title or alt.Undefined)
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=6))
    y_axis = alt.Axis(format="d", tickMinStep=1) if unit in COUNT_UNITS else alt.Axis()
    y_scale = alt.Scale(zero=False, nice=True, padding=10)
    shown = ["grey", "purple"] if improvement == "neither" else ["grey", "blue", "orange"]
    layers = []
    limit_style = {"color": NHS_MID_GREY, "strokeDash": [6, 4], "strokeWidth": 1.8}
    if frame["upper"].notna().any():
        for column in ("upper", "lower"):
            layers.append(
                base.mark_line(**limit_style).encode(
                    x=x, y=alt.Y(f"{column}:Q", scale=y_scale), detail="section:N"
                )
            )
    layers.append(
        base.mark_line(color=NHS_DARK_GREY, strokeWidth=1.8).encode(
            x=x, y=alt.Y("mean:Q", scale=y_scale), detail="section:N"
        )
    )
    if frame["target"].notna().any():
        layers.append(
            base.transform_filter(alt.datum.target != None)  # noqa: E711 (a Vega expression)
            .mark_line(color=NHS_RED, strokeDash=[8, 5], strokeWidth=2.2, interpolate="step-after")
            .encode(x=x, y=alt.Y("target:Q", scale=y_scale))
        )
    layers.append(
        base.mark_line(color=SPC_COLOURS["grey"], strokeWidth=1.6).encode(
            x=x,
            y=alt.Y("value:Q", title=y_title or None, scale=y_scale, axis=y_axis),
        )
    )
    layers.append(
        base.mark_circle(
            size=110 if large else 70, opacity=1, stroke="white", strokeWidth=0.8
        ).encode(
            x=x,
            y=alt.Y("value:Q", scale=y_scale),
            color=alt.Color(
                "reading:N",
                scale=alt.Scale(
                    domain=[SPC_WORDS[c] for c in shown],
                    range=[SPC_COLOURS[c] for c in shown],
                ),
                legend=alt.Legend(title=None, orient="bottom", direction="horizontal"),
            ),
            tooltip=[
                alt.Tooltip("date:T", format="%B %Y", title="Month"),
                alt.Tooltip("label:N", title="Value"),
                alt.Tooltip("reading:N", title="Reading"),
                alt.Tooltip("mean:Q", format=".1f", title="Mean"),
                alt.Tooltip("lower:Q", format=".1f", title="Lower process limit"),
                alt.Tooltip("upper:Q", format=".1f", title="Upper process limit"),
            ],
        )
    )
    last = rows[-1]
    names = [("mean", "Mean", NHS_DARK_GREY)]
    if last["upper"] is not None:
        names += [("upper", "Upper limit", NHS_DARK_GREY), ("lower", "Lower limit", NHS_DARK_GREY)]
    if last["target"] is not None:
        names.append(("target", "Target", NHS_RED))
    ends = pd.DataFrame(
        [
            {
                "date": last["date"],
                "y": last[column],
                "text": f"{name} "
                + format_value(last[column], unit, decimals=None if column == "target" else 1),
                "colour": colour,
            }
            for column, name, colour in names
        ]
    )
    layers.append(
        alt.Chart(ends)
        .mark_text(align="left", dx=8, fontSize=LARGE_TEXT if large else 15, fontWeight="bold")
        .encode(
            x=alt.X("date:T"),
            y=alt.Y("y:Q", scale=y_scale),
            text="text:N",
            color=alt.Color("colour:N", scale=None),
        )
    )
    for recalculation in recalculations:
        mark = pd.DataFrame(
            [{"date": pd.Timestamp(recalculation["month"]), "text": "Recalculated"}]
        )
        layers.append(
            alt.Chart(mark)
            .mark_rule(color=NHS_MID_GREY, strokeDash=[2, 3], strokeWidth=1.5)
            .encode(x=alt.X("date:T"))
        )
        layers.append(
            alt.Chart(mark)
            .mark_text(
                align="left",
                baseline="top",
                dx=4,
                y=4,
                color=NHS_DARK_GREY,
                fontSize=LARGE_TEXT if large else 14,
            )
            .encode(x=alt.X("date:T"), text="text:N")
        )
    return alt.layer(*layers).properties(
        height=height or (300 if large else 280),
        width=width or "container",
        # a chart fitted to its container leaves room for the names of the lines; a chart of
        # fixed width (the board pack) grows to hold them by itself
        padding={"right": 130, "left": 5, "top": 5, "bottom": 5} if width is None else 5,
    )


def describe_spc(chart, unit: str, what: str) -> str:
    """The SPC chart in words, for screen readers: its span, its last point and reading."""
    if not chart.points:
        return f"{what}: no data."
    first, last = chart.points[0], chart.points[-1]
    return (
        f"{what}, a Making Data Count chart of {len(chart.points)} months from "
        f"{first.date:%B %Y} to {last.date:%B %Y}; the last point is "
        f"{format_value(last.value, unit)}, {SPC_WORDS[last.colour].lower()}."
    )


# --- the papers -----------------------------------------------------------------------------

YEAR_COLOURS = (NHS_DARK_BLUE, NHS_MID_GREY)  # the year reported, and the year before


def two_years(
    rows: Sequence[dict],
    *,
    years: Sequence[str],
    unit: str = "count",
    rules: Rules = DEFAULT_RULES,
    target: float | None = None,
    target_label: str = "",
    width: int = 600,
) -> alt.Chart:
    """Figures of a year beside the year before: for each figure (`figure`), a bar for each
    year (`year`, `value` as shown: a number, `*`, or None), each labelled with its year and
    value, so the colour is never the only sign of which year a bar is. A `*` is a pale band
    from 1 to the threshold; a figure not shown or with no data has no bar, only its words."""
    frame = pd.DataFrame(list(rows))
    shown = _shown_columns(frame, "figure", "value", unit, rules)
    shown["label"] = [f"{year}: {label}" for year, label in zip(shown["year"], shown["label"])]
    order = list(dict.fromkeys(shown["figure"]))
    y = alt.Y("figure:N", sort=order, title=None, axis=alt.Axis(labelLimit=330, labelFontSize=13))
    longest = pd.to_numeric(shown["bar_end"], errors="coerce").max()
    room = alt.Undefined if pd.isna(longest) or not longest else longest * 1.75
    y_offset = alt.YOffset("year:N", sort=list(years))
    base = alt.Chart(shown)
    colour = alt.condition(
        alt.datum.suppressed,
        alt.value(SUPPRESSED_FILL),
        alt.Color(
            "year:N",
            sort=list(years),
            scale=alt.Scale(domain=list(years), range=list(YEAR_COLOURS)),
            title=None,
        ),
    )
    if unit in COUNT_UNITS:
        axis = alt.Axis(format="d", tickMinStep=1)
    elif unit == "pounds":  # few ticks, so that wide sums of money never run into each other
        axis = alt.Axis(tickCount=4, labelExpr="'£' + format(datum.value, ',.0f')")
    elif unit == "percent":  # the room for the words beyond 100% is no part of the scale
        axis = alt.Axis(values=[0, 25, 50, 75, 100])
    else:
        axis = alt.Axis()
    bars = base.mark_bar(cornerRadiusEnd=2).encode(
        y=y,
        yOffset=y_offset,
        x=alt.X(
            "bar_start:Q",
            title="%" if unit == "percent" else None,
            # room beyond the longest bar for its words
            scale=alt.Scale(zero=True, domainMax=room, nice=False),
            axis=axis,
        ),
        x2="bar_end:Q",
        color=colour,
        description="says:N",
    )
    labels = base.mark_text(align="left", dx=5, fontSize=12).encode(
        y=y, yOffset=y_offset, x="bar_end:Q", text="label:N"
    )
    layers = [bars, labels]
    if target is not None:
        rule_frame = pd.DataFrame(
            {"target": [target], "text": [target_label or f"Target {format_value(target, unit)}"]}
        )
        layers.append(
            alt.Chart(rule_frame)
            .mark_rule(color=NHS_RED, strokeDash=[6, 4], strokeWidth=2)
            .encode(x="target:Q")
        )
        layers.append(
            alt.Chart(rule_frame)
            .mark_text(align="left", dx=4, dy=-4, baseline="bottom", color=NHS_RED)
            .encode(x="target:Q", y=alt.value(0), text="text:N")
        )
    height = max(2, len(order)) * 2 * 22
    return alt.layer(*layers).properties(width=width, height=height)
