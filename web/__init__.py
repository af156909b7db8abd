"""The web app's own pieces (everything that knows Streamlit): the session and its caches,
who is looking, the filters, the house style, widgets, charts on screen, downloads and the
gates before any page. The figures all come from uep_data."""
