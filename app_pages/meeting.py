"""Meeting mode: the key views one at a time for the shared screen, in large type, one message
per screen, with next and previous. Always at the steering group's disclosure level, whoever
is presenting: nothing on screen identifies a colleague."""

import html

import streamlit as st

from uep_data import charts
from uep_data.formatting import format_date
from uep_data.views import meeting as meeting_view
from uep_data.views.spc_panels import SpcPanel
from web import filters, gates, identity, session, show, widgets

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

gates.require_navigation()
viewer = identity.viewer()
st.markdown(MEETING_STYLE, unsafe_allow_html=True)
audience = identity.audience(viewer, meeting=True)  # always controlled on the shared screen
_, latest = session.data_dates()
if latest is None:
    st.title("User Employment Programme")
    widgets.empty_state("No data yet.")
    st.stop()
trust = filters.unfiltered(controlled=True)
view = session.page_view("meeting", trust, audience, since=st.session_state.get("meeting_since"))
screens = view.screens


def move(step: int) -> None:
    current = int(st.session_state.get("screen") or 1)
    st.session_state["screen"] = min(max(current + step, 1), len(screens))


top = st.columns([4, 1, 1.3, 1.3, 1], vertical_alignment="bottom")
number = top[1].number_input(
    "Screen", min_value=1, max_value=len(screens), step=1, key="screen", bind="query-params"
)
screen = screens[int(number) - 1]
top[0].caption(
    f"User Employment Programme · as of {format_date(trust.as_of)} · screen "
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
st.html(f'<p class="uep-message">{html.escape(screen.message)}</p>')

content = screen.content
if isinstance(content, meeting_view.InEmploymentScreen):
    target = content.target
    left, right = st.columns([1, 3])
    left.html(
        f'<div class="uep-big">{html.escape(content.value.shown)}</div>'
        '<div class="uep-big-label">people in employment</div>'
        + (widgets.target_badge(target) if target else "")
    )
    with right:
        trend = [(f.as_of, f.value) for f in content.trend]
        show.show_chart(
            show.drawing(
                charts.line_chart,
                trend,
                large=True,
                target=target.target_value if target else None,
                target_label="Target",
            ),
            charts.describe(trend, "people", "People in employment"),
            key="meeting_trend",
            large=True,
        )
elif isinstance(content, SpcPanel):
    show.show_spc(content, large=True, titled=False)
elif isinstance(content, meeting_view.TargetsScreen):
    for line in content.aspirational:
        st.html(
            f'<div style="font-size:1.5rem;margin:0.4rem 0">{widgets.target_badge(line)} '
            f"<strong>{html.escape(line.title)}</strong>: {html.escape(line.actual.shown)} "
            f"against {html.escape(line.target_words)}</div>"
        )
elif isinstance(content, meeting_view.CoverageScreen):
    grid = content.grid
    show.grid_heatmap(
        grid,
        "Where supported people work, by directorate and profession (controlled)",
        key="meeting_coverage",
        rules=audience.rules,
        large=True,
    )
    widgets.suppression_note(audience)
elif isinstance(content, meeting_view.RecruitmentScreen):
    years = [(f.end, f.value) for f in content.by_year]
    show.show_chart(
        show.drawing(charts.line_chart, years, unit="percent", floor=content.floor, large=True),
        charts.describe(years, "percent", "Share of recruits with lived experience"),
        key="meeting_recruitment",
        large=True,
    )
elif isinstance(content, meeting_view.DangerPointsScreen):
    parts = content.danger_points.parts
    for column, part in zip(st.columns(len(parts)), parts, strict=True):
        column.html(
            f'<div class="uep-big">{html.escape(part.figure.shown)}</div>'
            f'<div class="uep-big-label">{html.escape(part.words)}</div>'
        )
elif isinstance(content, meeting_view.FundingScreen):
    grid = content.by_year_and_type
    rows = show.grid_cells(grid, "awarded")
    show.show_chart(
        show.drawing(
            charts.stacked_bars,
            rows,
            "financial_year",
            "funding_type",
            "awarded",
            unit="pounds",
            large=True,
            y_title="£ awarded",
            colour_order=[words for _, words in grid.columns],
        ),
        "Funding awarded by financial year and type.",
        key="meeting_funding",
        large=True,
    )
    for stream, ends in content.ending_soon:
        st.html(
            f'<div style="font-size:1.4rem">Ends {html.escape(ends)}: '
            f"<strong>{html.escape(stream)}</strong></div>"
        )
elif screen.key == "changes":
    st.table(
        [
            {"Figure": row.label, format_date(content.since): row.then.shown, "Now": row.now.shown}
            for row in content.point
        ]
    )
