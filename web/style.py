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
/* A table's own CSV download and copying are switched off (client.disableDataExport in
   .streamlit/config.toml). A chart's toolbar has no such switch: its picture (PNG) and spec
   are drawn by the browser from what the page already shows, so these two buttons are only
   tidied away here, which is not a control. */
[data-testid="stElementToolbar"] button[aria-label^="Download as PNG"],
[data-testid="stElementToolbar"] button[aria-label^="Copy Vega-Lite spec"] { display: none; }
.uep-spc-icons { display: flex; gap: 10px; flex-wrap: wrap; }
.uep-card .explained, .uep-spc-summary .explained { font-size: 0.9rem; color: #212B32;
  margin-top: 0.4rem; border-left: 4px solid #B27A00; padding-left: 0.5rem; }
.uep-attention { border: 2px solid #003087; border-radius: 0.5rem; padding: 0.5rem 1rem;
  margin: 0 0 0.6rem 0; }
.uep-attention h2 { font-size: 1.35rem; margin: 0 0 0.2rem 0; padding: 0; color: #003087; }
.uep-attention .summary { margin: 0 0 0.3rem 0; font-weight: 600; }
.uep-attention ul { list-style: none; margin: 0; padding: 0; }
.uep-attention li { margin: 0.25rem 0; line-height: 1.35; }
.uep-attention .owner { color: #425563; }
.uep-spc-summary { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
.uep-spc-summary th, .uep-spc-summary td { border-bottom: 1px solid #D8DDE0; padding: 0.3rem;
  text-align: left; vertical-align: middle; }
.uep-spc-summary thead th { color: #003087; background: #F0F4F5; }
.uep-spc-summary .month { color: #425563; font-size: 0.85rem; white-space: nowrap; }
.uep-check-in { border-left: 4px solid #005EB8; padding: 0.3rem 0.7rem; margin: 0.3rem 0;
  background: #F0F4F5; }
.uep-check-in .when { font-weight: 700; color: #003087; }
/* Printed (the Overview for the papers): the figures only, the whole width of the page; no
   sidebar, menu, buttons, downloads, filters or tab names (the open tab's chart is printed),
   and no chart or card split across pages */
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stElementToolbar"], [data-testid="stButton"], [data-testid="stDownloadButton"],
  [data-testid="stPageLink"], [data-testid="stSelectbox"], [data-testid="stMultiSelect"],
  [data-testid="stDateInput"], [data-testid="stNumberInput"], [data-testid="stButtonGroup"],
  [data-testid="stRadio"], [data-testid="stCheckbox"], [data-testid="stTextInput"],
  [data-testid="stFileUploader"], [role="tablist"], .uep-banner,
  .st-key-filter_bar button { display: none !important; }
  [data-testid="stMain"], [data-testid="stAppViewContainer"] { overflow: visible !important; }
  [data-testid="stMainBlockContainer"] { max-width: none !important; padding: 0 !important; }
  .uep-card, .uep-attention, [data-testid="stVegaLiteChart"], [data-testid="stTable"],
  .uep-spc-summary tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
/* WCAG 2.4.7 and 2.4.13: wherever the keyboard is, a ring shows it, 3px of NHS dark blue
   (12.6:1 on white, 11:1 on the sidebar's grey) held 2px off the control, so that it stands
   against the page rather than against a blue button; Streamlit's own is a faint shadow or
   nothing (a link such as Leave only turned grey) */
a:focus-visible, button:focus-visible, summary:focus-visible, [role="button"]:focus-visible,
[role="tab"]:focus-visible, [role="option"]:focus-visible, [role="checkbox"]:focus-visible,
[role="radio"]:focus-visible, [role="switch"]:focus-visible, [role="slider"]:focus-visible,
[role="spinbutton"]:focus-visible, [tabindex]:focus-visible, input[type="file"]:focus-visible,
[data-baseweb="input"]:has(input:focus-visible),
[data-baseweb="textarea"]:has(textarea:focus-visible),
[data-baseweb="select"] > div:has(input:focus-visible),
[data-testid="stCheckbox"] label:has(input:focus-visible),
[data-testid="stRadio"] label:has(input:focus-visible) {
  outline: 3px solid #003087 !important; outline-offset: 2px !important; }
/* what is brought into view (widgets.scroll_to) is not hidden under the top bar */
.st-key-upload_report, .st-key-undo_question { scroll-margin-top: 4.5rem; }
</style>"""


def apply_house_style() -> None:
    # st.html sanitises <style> away; markdown with HTML keeps it (a constant of ours, never
    # anything from users)
    st.markdown(HOUSE_STYLE, unsafe_allow_html=True)
