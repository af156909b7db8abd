"""Meeting mode: the key views one at a time for the shared screen, in large type, one message
per screen, with next and previous. Always at the steering group's disclosure level, whoever
is presenting: nothing on screen identifies a colleague."""

import datetime as dt
import html

import streamlit as st

import app_state
import ui
from uep_data import catalogue, charts, journey, views
from uep_data.formatting import format_value
from uep_data.periods import financial_year_to_date, format_date

MEETING_STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; max-width: 1500px; }
html, body, [data-testid="stAppViewContainer"] { font-size: 22px; }
.uep-message { font-size: 2.6rem; line-height: 1.25; font-weight: 700; color: #003087;
  margin: 0.5rem 0 1.2rem 0; }
.uep-big { font-size: 5rem; font-weight: 800; color: #003087; line-height: 1; }
.uep-big-label { font-size: 1.4rem; color: #425563; }
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4C6272; }
</style>"""

ui.require_navigation()
viewer = app_state.viewer()
st.markdown(MEETING_STYLE, unsafe_allow_html=True)
audience = app_state.audience(viewer, meeting=True)  # always controlled on the shared screen
_, latest = app_state.data_dates()
as_of = latest or ui.today()
filters = views.Filters(as_of, financial_year_to_date(as_of))
if latest is None:
    st.title("User Employment Programme")
    ui.empty_state("No data yet.")
    st.stop()
since = st.session_state.get("meeting_since") or (as_of - dt.timedelta(days=91))
screens = app_state.cached_view(views.meeting_screens, filters, audience, since)


def move(step: int) -> None:
    current = int(st.session_state.get("screen") or 1)
    st.session_state["screen"] = min(max(current + step, 1), len(screens))


top = st.columns([4, 1, 1.3, 1.3, 1], vertical_alignment="bottom")
number = top[1].number_input(
    "Screen", min_value=1, max_value=len(screens), step=1, key="screen", bind="query-params"
)
screen = screens[int(number) - 1]
top[0].caption(
    f"User Employment Programme · as of {format_date(as_of)} · screen "
    f"{int(number)} of {len(screens)} · figures under disclosure control"
)
top[2].button(
    "Previous",
    on_click=move,
    args=(-1,),
    disabled=number <= 1,
    width="stretch",
    icon=":material/arrow_back:",
)
top[3].button(
    "Next",
    on_click=move,
    args=(1,),
    disabled=number >= len(screens),
    width="stretch",
    icon=":material/arrow_forward:",
    type="primary",
)
top[4].page_link("app_pages/overview.py", label="Leave", icon=":material/close:")
st.title(screen.title)
st.html(f'<p class="uep-message">{screen.message}</p>')

data = screen.data
if screen.key == "in_employment":
    target = data["target"]
    left, right = st.columns([1, 3])
    left.html(
        f'<div class="uep-big">{data["value"]}</div><div class="uep-big-label">people '
        f"in employment</div>"
        + (ui.status_badge(target.status, target.in_progress) if target else "")
    )
    with right:
        ui.show_chart(
            charts.line_chart(
                data["trend"],
                large=True,
                target=target.value if target else None,
                target_label="Target",
            ),
            charts.describe(data["trend"], "count", "People in employment"),
            key="meeting_trend",
            large=True,
        )
elif screen.key == "spc":
    ui.show_spc(data["spc"], large=True, titled=False)
elif screen.key == "targets":
    for row in data["aspirational"]:
        t = row.result
        unit = catalogue.METRICS[t.metric].unit
        st.html(
            f'<div style="font-size:1.5rem;margin:0.4rem 0">{ui.status_badge(row.status)} '
            f"<strong>{html.escape(t.title)}</strong>: {ui.value_text(row.actual, unit)} "
            f"against {format_value(t.value, unit)}</div>"
        )
elif screen.key == "coverage":
    table = data["table"]
    cells = [
        {"directorate": r, "profession": c, "people": table.cells[(r, c)]}
        for r in data["rows"]
        for c in data["columns"]
    ]
    ui.show_chart(
        charts.heatmap(
            cells,
            "directorate",
            "profession",
            "people",
            rules=audience.rules,
            row_order=data["rows"],
            column_order=data["columns"],
            large=True,
        ),
        "Where supported people work, by directorate and profession (controlled).",
        key="meeting_coverage",
        large=True,
    )
    ui.suppression_note(audience)
elif screen.key == "recruitment":
    years = [
        (
            dt.date(int(label[:4]) + 1, 3, 31)
            if dt.date(int(label[:4]) + 1, 3, 31) <= as_of
            else as_of,
            v,
        )
        for label, v in data["by_year"]
    ]
    ui.show_chart(
        charts.line_chart(years, unit="percent", floor=views.LIVED_EXPERIENCE_FLOOR, large=True),
        charts.describe(years, "percent", "Share of recruits with lived experience"),
        key="meeting_recruitment",
        large=True,
    )
elif screen.key == "danger_points":
    columns = st.columns(len(journey.DANGER_POINTS))
    for column, point in zip(columns, journey.DANGER_POINTS, strict=True):
        column.html(
            f'<div class="uep-big">{data["counts"][point.key]}</div>'
            f'<div class="uep-big-label">{point.label}</div>'
        )
elif screen.key == "funding":
    rows = [
        {
            "year": r["financial_year"],
            "type": r["funding_type"].replace("_", " "),
            "awarded": r["awarded"],
        }
        for r in data["rows"]
    ]
    ui.show_chart(
        charts.stacked_bars(
            rows, "year", "type", "awarded", unit="pounds", large=True, y_title="£ awarded"
        ),
        "Funding awarded by financial year and type.",
        key="meeting_funding",
        large=True,
    )
    for r in data["ending_soon"]:
        st.html(
            f'<div style="font-size:1.4rem">Ends {format_date(r["end_date"])}: '
            f"<strong>{r['stream']}</strong></div>"
        )
elif screen.key == "changes":
    st.table(
        [
            {
                "Figure": c.label,
                format_date(data["since"]): ui.value_text(c.before, c.unit),
                "Now": ui.value_text(c.now, c.unit),
            }
            for c in data["point"]
        ]
    )
