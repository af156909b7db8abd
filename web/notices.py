"""What a page says where it has nothing to show: one look for every empty state."""

from __future__ import annotations

import streamlit as st


def empty_state(message: str) -> None:
    """Nothing to show here, and why (the message says what would fill it)."""
    st.info(message, icon=":material/info:")
