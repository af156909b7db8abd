"""The dashboard is served as the README serves it (./dashboard: `streamlit run serve.py`)
without Streamlit's file watcher: the project's own configuration switches it off, and
neither ./dashboard nor serve.py turns it on again. With the watcher on, every new session
watched every module of the project (a burst of 20 sessions cost 0.19 CPU-s each against
0.04 with it off; bench/README.md)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import shlex
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from bench.session_client import open_session
from uep_data import db

ROOT = Path(__file__).resolve().parent.parent
NO_PROC = not Path("/proc/self/fd").exists()


def test_the_projects_configuration_switches_the_file_watcher_off():
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["server"]["fileWatcherType"] == "none"
    assert settings["server"]["runOnSave"] is False


def test_streamlit_reads_the_watcher_off_from_the_project_folder(tmp_path):
    """As `streamlit run` works it out in the project's folder (the user's own
    ~/.streamlit/config.toml, here one that asks for the watcher, comes first and loses)."""
    home = tmp_path / "home"
    (home / ".streamlit").mkdir(parents=True)
    (home / ".streamlit" / "config.toml").write_text('[server]\nfileWatcherType = "auto"\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    read = subprocess.run(
        [
            sys.executable,
            "-c",
            "from streamlit import config; config.get_config_options(force_reparse=True); "
            "print(config.get_option('server.fileWatcherType'))",
        ],
        cwd=ROOT,
        env={**env, "HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip() == "none"


def _dashboard_command() -> list[str]:
    """The command ./dashboard ends by running, as its last line says it."""
    lines = (ROOT / "dashboard").read_text(encoding="utf-8").strip().splitlines()
    assert lines[-1].startswith("exec "), lines[-1]
    return shlex.split(lines[-1])[1:]


def test_dashboard_and_serve_py_leave_the_watcher_as_the_configuration_says():
    assert _dashboard_command() == ["$VENV/bin/streamlit", "run", "serve.py", "$@"]
    for name in ("dashboard", "serve.py", "scripts/python-env.sh"):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert "fileWatcherType" not in text, name
        assert "FILE_WATCHER" not in text, name
        assert "runOnSave" not in text and "RUN_ON_SAVE" not in text, name


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "the dashboard stopped while starting"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer in {seconds} s")


def _inotify_instances(pid: int) -> int:
    """How many inotify instances (watchdog's way of watching files on Linux) the process
    holds open."""
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            count += os.readlink(fd) == "anon_inode:inotify"
        except OSError:
            pass  # closed while we looked
    return count


@pytest.mark.skipif(NO_PROC, reason="reads a process's open files from /proc (Linux)")
def test_the_dashboard_as_served_watches_no_files_after_sessions_open(sample_url, tmp_path):
    """./dashboard's own command, run in the project's folder with a port of its own: after
    two sessions have opened the Overview, the server watches no file."""
    program, *arguments = _dashboard_command()
    assert program == "$VENV/bin/streamlit" and arguments[-1] == "$@"
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", *arguments[:-1], "--server.port", str(port)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env[db.ENVIRONMENT_VARIABLE] = sample_url
    with open(tmp_path / "streamlit.log", "wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(f"{url}/_stcore/health", server)
        for _ in range(2):
            # in a thread of its own: a browser test earlier in this worker may leave an
            # event loop running in this one (asyncio.run refuses to start inside it)
            with concurrent.futures.ThreadPoolExecutor(1) as thread:
                session = thread.submit(asyncio.run, open_session(url)).result()
            assert session.charts > 0
        assert _inotify_instances(server.pid) == 0
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
