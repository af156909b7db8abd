"""Serve the dashboard: Streamlit's own server running app.py, with a check in front of
everything it serves (the page, its websocket, media files, uploads, health checks) that
answers only to the host names the dashboard is meant to be reached by (web/hosts.py).

    .venv/bin/streamlit run serve.py [--server.port 8501 ...]

./dashboard and deploy/cluster run this; `streamlit run app.py` would serve the same app
without the check in front (app.py still refuses to show anything to another host).
"""

import streamlit as st
from starlette.middleware import Middleware

from web.hosts import ServedHostsOnly

app = st.App("app.py", middleware=[Middleware(ServedHostsOnly)])
