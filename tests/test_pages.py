"""The dashboard's pages, run headless with Streamlit's AppTest."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from uep_data import db

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def sample_url(sample_engine, monkeypatch):
    if sample_engine.dialect.name != "sqlite":
        pytest.skip("the pages are exercised on SQLite; the core runs on both")
    url = sample_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, url)
    return url


def test_the_app_opens_on_the_sample_data_with_its_headline_figures(sample_url):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    figures = {m.label: m.value for m in at.metric}
    assert figures["People in employment"] == "37"
    assert figures["Recruits with lived experience"] == "18%"
