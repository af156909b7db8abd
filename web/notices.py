"""What a page says besides its figures: where it has nothing to show (one look for every
empty state), and what an address asked for that the dashboard could not show (a page that
does not exist, a directorate not on the trust's lists, a date that is not one, a figure the
drill-down does not offer): noted as the address is read, and said at the top of the page,
with what it shows instead, rather than quietly showing the defaults."""

from __future__ import annotations

import streamlit as st

NOT_UNDERSTOOD = "_not_understood"
LONGEST = 60  # characters of what was typed that are repeated back


def typed(text: str) -> str:
    """What the address held, as it is repeated back (cut short if long)."""
    text = " ".join(str(text).split())
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def note(words: str) -> None:
    """One thing the address asked for that was not understood, and why."""
    st.session_state.setdefault(NOT_UNDERSTOOD, []).append(words)


def taken() -> list[str]:
    """What has been noted since the page last said it (said once, then forgotten)."""
    return st.session_state.pop(NOT_UNDERSTOOD, [])


def empty_state(message: str) -> None:
    """Nothing to show here, and why (the message says what would fill it)."""
    st.info(message, icon=":material/info:")
