"""Meeting mode: the key views one at a time for the shared screen, in large type, one message
per screen, with next and previous. Always at the steering group's disclosure level, whoever
is presenting: nothing on screen identifies a colleague."""

import html

import streamlit as st

from uep_data import charts
from uep_data.formatting import format_date
from uep_data.views import meeting as meeting_view
from web import filters, gates, identity, session, show, widgets
from web.text import plain, plain_table

# Every screen fits one window, 1366x768 to 1920x1080, without scrolling, and nothing on it is
# smaller than 18 px, read from the back of the room: the type follows the window's height
# from 18 px at 768 up (charts keep their own sizes, their text at least charts.LARGE_TEXT)
MEETING_STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.5rem 2rem 0.3rem 2rem !important; max-width: 1700px; }
html, body, [data-testid="stAppViewContainer"] { font-size: clamp(18px, 2.4vh, 26px); }
/* Streamlit's own small type: captions, buttons and their keys, the screen number, tables */
[data-testid="stCaptionContainer"] p, [data-testid="stMarkdownContainer"] p,
[data-testid="stMarkdownContainer"] li, button p, button kbd, button [data-testid="stIconMaterial"],
[data-testid="stPageLink"] p, [data-testid="stPageLink"] [data-testid="stIconMaterial"],
[data-testid="stNumberInput"] input, [data-testid="stTable"] td, [data-testid="stTable"] th {
  font-size: 1rem !important; }
[data-testid="stMainBlockContainer"] h1, [data-testid="stMainBlockContainer"] h1 span {
  font-size: 2.1rem; padding: 0.1rem 0 0 0; }
p.uep-message { font-size: 1.6rem; line-height: 1.2; font-weight: 700; color: #003087;
  margin: 0; }
.uep-big { font-size: 3.6rem; font-weight: 800; color: #003087; line-height: 1; }
.uep-big-words { font-size: 2rem; font-weight: 800; color: #003087; line-height: 1.1;
  min-height: 3.6rem; display: flex; align-items: flex-end; }
.uep-big-label { font-size: 1.3rem; color: #425563; }
.uep-line { font-size: 1.3rem; margin: 0.25rem 0 0.45rem 0; }
.uep-room-note { font-size: 1rem; color: #4C6272; margin: 0.2rem 0; }
.uep-line .uep-room-note { margin: 0; }
.uep-check-in { border-left: 5px solid #005EB8; padding: 0.2rem 0.7rem; margin: 0.3rem 0;
  background: #F0F4F5; font-size: 1rem; }
.uep-check-in .when { font-weight: 700; color: #003087; }
.uep-badge { font-size: 1rem !important; }
/* the Making Data Count summary and what needs attention, at the room's size */
table.uep-spc-summary th, table.uep-spc-summary td, table.uep-spc-summary span,
.uep-room-attention li, .uep-room-attention li span { font-size: 1rem !important; }
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4C6272; }
.st-key-meeting_keys { display: none !important; }
/* no room taken by what is not seen: the styles themselves and the hidden keys */
[data-testid="stElementContainer"]:has(style),
[data-testid="stLayoutWrapper"]:has(> .st-key-meeting_keys) { display: none !important; }
/* the key a button answers to, written on it, dark enough to read (WCAG AA) */
button kbd { color: #212B32 !important; background-color: #FFFFFF !important;
  border-color: #425563 !important; opacity: 1 !important; }
</style>"""

gates.require_navigation()
viewer = identity.viewer()
st.markdown(MEETING_STYLE, unsafe_allow_html=True)
audience = identity.audience(viewer, meeting=True)  # always controlled on the shared screen
address = filters.keep_in_address()  # Leave goes back with the dates and filters it came with
_, latest = session.data_dates()
if latest is None:
    top = st.columns([5, 1], vertical_alignment="center")
    top[0].title("User Employment Programme")
    top[1].page_link(gates.HOME_FILE, label="Leave", icon=":material/close:", query_params=address)
    widgets.empty_state("No data yet: there is nothing to present.")
    st.stop()
# the month end the dashboard was showing (the address keeps it), said when it is another
trust, why_this_date = filters.at_month_end()
view = session.page_view("meeting", trust, audience, since=st.session_state.get("meeting_since"))
screens = view.screens


def move(step: int) -> None:
    current = int(st.session_state.get("screen") or 1)
    st.session_state["screen"] = min(max(current + step, 1), len(screens))


# what a presentation clicker sends: Page Down and Page Up; the arrow keys and Space too
NEXT_KEYS = ("Right", "Down", "Space")
PREVIOUS_KEYS = ("Left", "Up")

top = st.columns([3.4, 0.8, 1.5, 1.5, 0.9], vertical_alignment="center")
if st.session_state.get("screen", 1) > len(screens):
    st.session_state["screen"] = len(screens)
number = top[1].number_input(
    "Screen",
    min_value=1,
    max_value=len(screens),
    step=1,
    key="screen",
    bind="query-params",
    label_visibility="collapsed",
)
screen = screens[int(number) - 1]
top[0].caption(
    f"As of {format_date(trust.as_of)}"
    + (f" ({why_this_date})" if why_this_date else "")
    + f" · screen {int(number)} of {len(screens)} · figures under disclosure control",
    help="The room sees figures at the end of a month, as the steering group and the board "
    "do: those of the month end the dashboard was showing when meeting mode was opened.",
)
top[2].button(
    "Previous",
    on_click=move,
    args=(-1,),
    disabled=number <= 1,
    width="stretch",
    icon=":material/arrow_back:",
    shortcut="PageUp",
)
top[3].button(
    "Next",
    on_click=move,
    args=(1,),
    disabled=number >= len(screens),
    width="stretch",
    icon=":material/arrow_forward:",
    type="primary",
    shortcut="PageDown",
)
top[4].page_link(gates.HOME_FILE, label="Leave", icon=":material/close:", query_params=address)
with st.container(key="meeting_keys"):  # hidden: the other keys a presenter may press
    for key in NEXT_KEYS:
        st.button(
            f"Next ({key})",
            on_click=move,
            args=(1,),
            disabled=number >= len(screens),
            shortcut=key,
            key=f"next_{key}",
        )
    for key in PREVIOUS_KEYS:
        st.button(
            f"Previous ({key})",
            on_click=move,
            args=(-1,),
            disabled=number <= 1,
            shortcut=key,
            key=f"previous_{key}",
        )
st.title(plain(screen.title), anchor=False)
st.html(f'<p class="uep-message">{html.escape(screen.message)}</p>')

content = screen.content
if isinstance(content, meeting_view.AttentionScreen):
    st.html(
        '<section class="uep-attention uep-room-attention">'
        f"{widgets.attention_items_html(content.attention)}</section>"
    )
elif isinstance(content, meeting_view.SpcSummaryScreen):
    widgets.spc_summary_table(content.rows)
elif isinstance(content, meeting_view.InEmploymentScreen):
    target = content.target
    left, right = st.columns([1, 3])
    left.html(
        f'<div class="uep-big">{html.escape(content.value.shown)}</div>'
        f'<div class="uep-big-label">{html.escape(content.value.label.lower())}</div>'
        + (widgets.target_badge(target) if target else "")
        + (widgets.check_in_html(content.check_ins[0]) if content.check_ins else "")
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
                target_steps=content.target_steps,
            ),
            charts.describe(trend, "people", content.value.name),
            key="meeting_trend",
            large=True,
        )
elif isinstance(content, meeting_view.SpcScreen):
    show.show_spc(content.panel, large=True, titled=False, beside=True, notes=content.key)
elif isinstance(content, meeting_view.HeadingScreen):
    heading, line = content.forecast, content.target
    show.show_chart(
        show.drawing(
            charts.fan_chart,
            list(heading.history),
            list(heading.fan),
            unit=line.unit,
            target=line.target_value,
            target_label=f"Target ({line.period_words})",
            large=True,
        ),
        charts.describe_fan(heading.history, heading.fan, line.unit, line.title, heading.words),
        key="meeting_heading",
        large=True,
    )
elif isinstance(content, meeting_view.TargetsScreen):
    lines = []  # one block: the lines sit closer than separate elements would
    since_words = format_date(view.since)
    for line, status, actual, due, then in zip(
        content.aspirational,
        content.statuses,
        content.actuals,
        content.dues,
        content.earlier,
        strict=True,
    ):
        check_in = content.latest_check_in(line.target_id)
        owner = f"{html.escape(line.owner)} · " if line.owner else ""
        lines.append(
            f'<div class="uep-line">{widgets.status_badge(line.status_key, words=status)} '
            f"<strong>{html.escape(line.title)}</strong>: {html.escape(actual)} "
            f"({html.escape(line.measured_words)}) against {html.escape(line.target_words)}"
            f'<div class="uep-room-note">{owner}{html.escape(due)} · at the last meeting '
            f"({html.escape(since_words)}): {html.escape(then)}</div></div>"
            + (widgets.check_in_html(check_in) if check_in else "")
        )
    st.html("".join(lines))
elif isinstance(content, meeting_view.CoverageScreen):
    grid = content.grid
    show.grid_heatmap(
        grid,
        "Where supported people work, by directorate and profession (controlled)",
        key="meeting_coverage",
        rules=audience.rules,
        large=True,
    )
    st.html(f'<p class="uep-room-note">{html.escape(content.note)}</p>')
elif isinstance(content, meeting_view.RecruitmentScreen):
    years = [(f.end, f.value) for f in content.by_year]
    show.show_chart(
        show.drawing(charts.line_chart, years, unit="percent", floor=content.floor, large=True),
        charts.describe(years, "percent", "Share of recruits with lived experience"),
        key="meeting_recruitment",
        large=True,
    )
elif isinstance(content, meeting_view.DangerPointsScreen):
    tiles = content.tiles
    for column, tile in zip(st.columns(len(tiles)), tiles, strict=True):
        column.html(
            f'<div class="{"uep-big" if tile.counted else "uep-big-words"}">'
            f"{html.escape(tile.words)}</div>"
            f'<div class="uep-big-label">{html.escape(tile.label)}</div>'
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
        f"{grid.label} by financial year and type.",
        key="meeting_funding",
        large=True,
    )
    st.html(
        "".join(
            f'<div class="uep-line">Ends {html.escape(ends)}: '
            f"<strong>{html.escape(stream)}</strong></div>"
            for stream, ends in content.ending_soon
        )
    )
elif isinstance(content, meeting_view.ChangesScreen):
    since_words = format_date(content.changes.since)
    st.table(
        plain_table(
            [{"Figure": label, since_words: then, "Now": now} for label, then, now in content.rows]
        )
    )
