"""Browser tests: a real Streamlit server and Debian's Chromium driven by Playwright.

They skip, saying why, where Chromium is not installed (.ci/run installs it). Screenshots
go to tests/e2e/screenshots/ for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from uep_data import db, importer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # another site's name for this computer, as DNS rebinding gives it (test_hosts.py), and
    # a name a deployment serves (test_sign_in.py)
    "--host-resolver-rules=MAP attacker.example 127.0.0.1, MAP dashboard.example 127.0.0.1",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
# meeting mode opens on what needs attention (the default screens)
FIRST_SCREEN = "What needs attention"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"

if not Path(CHROMIUM).exists():
    pytest.skip(
        f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install -y "
        "chromium); .ci/run installs it",
        allow_module_level=True,
    )

from playwright.sync_api import Page, sync_playwright  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 60, expect: bytes | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            body = urllib.request.urlopen(url, timeout=2).read()
            if expect is None or body.strip() == expect:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer")


class Server:
    """The dashboard as ./dashboard serves it (`streamlit run serve.py`: the host-name check
    in front of app.py), in its own process group; `script="app.py"` for app.py alone."""

    def __init__(
        self,
        database_url: str,
        log: Path,
        *extra: str,
        host: str = "127.0.0.1",
        port: int | None = None,
        script: str = "serve.py",
        environment: dict | None = None,
    ):
        self.database_url = database_url
        self.port = port or free_port()
        self.url = f"http://{host}:{self.port}"
        env = {**os.environ, db.ENVIRONMENT_VARIABLE: database_url, **(environment or {})}
        self.log = open(log, "w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                *extra,
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_http(f"{self.url}/_stcore/health", expect=b"ok")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


@pytest.fixture(scope="session")
def imported_sample(tmp_path_factory) -> Path:
    """The sample data as imported, in a file no server opens: a test whose server writes
    (a download logged, an upload) serves a copy of it (`db.copy_sqlite_file`), so it starts
    from the sample alone, never from what another test's server wrote."""
    from uep_data.sample import SAMPLE_PATH

    path = tmp_path_factory.mktemp("e2e-imported") / "uep.sqlite"
    engine = db.create_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    importer.import_files(engine, [(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())], who="e2e")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def sample_database(imported_sample, tmp_path_factory) -> str:
    """The sample data the shared server serves."""
    path = tmp_path_factory.mktemp("e2e") / "uep.sqlite"
    db.copy_sqlite_file(imported_sample, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def server(sample_database, tmp_path_factory):
    """The dashboard in local mode on the sample data."""
    running = Server(sample_database, tmp_path_factory.mktemp("logs") / "streamlit.log")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


def pytest_configure(config):
    """A fresh screenshots folder for each run, emptied once by the process that runs the
    session (with several workers, not by each worker as it starts)."""
    if not hasattr(config, "workerinput"):
        if SCREENSHOTS.exists():
            shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def screenshots_folder():
    return SCREENSHOTS


# --- waiting on the app's own state, never on fixed sleeps ---------------------------------

_ARM_RERUN_WATCH = """() => {
  window.__uepRerunDone = false;
  const app = document.querySelector("[data-testid='stApp']");
  let sawRunning = false;
  const watch = new MutationObserver(() => {
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running') sawRunning = true;
    else if (sawRunning && state === 'notRunning') { window.__uepRerunDone = true;
                                                     watch.disconnect(); }
  });
  watch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def wait_idle(page: Page) -> None:
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_selector("[data-testid='stSkeleton']", state="detached", timeout=60_000)


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    wait_idle(page)


def act_and_wait(page: Page, action) -> None:
    """Do something that makes the app rerun, and wait until that rerun has finished."""
    page.evaluate(_ARM_RERUN_WATCH)
    action()
    page.wait_for_function("() => window.__uepRerunDone === true", timeout=60_000)
    wait_idle(page)


def go_to(page: Page, section: str, title: str, heading: str | None = None) -> None:
    """Open a page from the top navigation (section menu, then the page), and wait for its
    heading (the page's title unless said otherwise)."""
    page.get_by_text(section, exact=True).first.click()
    page.locator("[data-testid='stTopNavDropdownLink']", has_text=title).first.click()
    page.wait_for_selector(f"h1:has-text('{heading or title}')", timeout=60_000)
    wait_idle(page)


def shoot(page: Page, name: str) -> Path:
    """A full-height screenshot of the app (the main area scrolls inside the window)."""
    height = page.evaluate(
        "() => Math.max(document.querySelector('[data-testid=stMain]').scrollHeight, 1000)"
    )
    page.set_viewport_size({"width": 1440, "height": min(int(height) + 40, 6000)})
    wait_idle(page)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 1000})
    return path
