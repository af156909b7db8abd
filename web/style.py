"""The house style: NHS colours, type large enough for a meeting room, badges that never say
a status by colour alone."""

from __future__ import annotations

import streamlit as st

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
/* the filter bar: what narrows the page, and the way back to the whole trust */
.st-key-filter_bar { background: #E8F1FA; border-left: 6px solid #005EB8; padding: 0.3rem 1rem;
  margin-bottom: 0.4rem; gap: 0.8rem; }
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
