"""./dashboard as the README has a newcomer run it: it sets up the database it will show and
serves it until Ctrl+C, which stops it quietly with status 0 (finding: Ctrl+C ended it with
"Aborted!" and status 1, which reads as a failure)."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from uep_data import db

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float = 180) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(url, timeout=2).read().strip() == b"ok":
                return True
        except OSError:
            time.sleep(0.2)
    return False


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "python").exists(), reason="needs .venv")
def test_ctrl_c_stops_the_dashboard_quietly_with_status_0(tmp_path):
    port = free_port()
    url = f"sqlite:///{tmp_path / 'uep.sqlite'}"
    dashboard = subprocess.Popen(
        [str(ROOT / "dashboard"), "--server.port", str(port)],
        env={**os.environ, db.ENVIRONMENT_VARIABLE: url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        assert healthy(f"http://127.0.0.1:{port}/_stcore/health"), "the dashboard did not start"
        os.killpg(dashboard.pid, signal.SIGINT)  # what Ctrl+C in its terminal sends
        out, err = dashboard.communicate(timeout=60)
    finally:
        if dashboard.poll() is None:
            os.killpg(dashboard.pid, signal.SIGKILL)
            dashboard.communicate()
    assert dashboard.returncode == 0, err
    assert "Aborted" not in err and "Traceback" not in err, err
    assert f"Database: sqlite:///{tmp_path / 'uep.sqlite'} ({db.ENVIRONMENT_VARIABLE})" in err
    assert "Imported (import 1): uep_sample.xlsx" in out
