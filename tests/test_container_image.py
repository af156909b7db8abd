"""The container image (Containerfile) for trusts that run containers: the pinned packages,
a user of its own (not root), a health check on /_stcore/health, the schema migrated before
the server starts, and the same `streamlit run serve.py` as ./dashboard.

There is no container engine on the machines these tests run on (the docker client only,
no daemon), so the Containerfile is checked as text, instruction by instruction; its health
check (deploy/health.py) is run against a real server."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from uep_data import db

ROOT = Path(__file__).resolve().parent.parent


def instructions() -> list[tuple[str, str]]:
    """The Containerfile's instructions (name, arguments), continuation lines joined and
    comments left out."""
    found, pending = [], ""
    for line in (ROOT / "Containerfile").read_text(encoding="utf-8").splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending += line.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        name, _, arguments = pending.strip().partition(" ")
        found.append((name.upper(), " ".join(arguments.split())))
        pending = ""
    assert not pending, "the Containerfile ends in a continuation"
    return found


def named(name: str) -> list[str]:
    return [arguments for instruction, arguments in instructions() if instruction == name]


def position(predicate) -> int:
    for index, (name, arguments) in enumerate(instructions()):
        if predicate(name, arguments):
            return index
    raise AssertionError("no such instruction")


def test_the_image_is_built_on_a_python_the_project_supports():
    (base,) = named("FROM")
    version = re.search(r"python:(3\.\d+)", base).group(1)
    assert version in ("3.11", "3.12", "3.13")


def test_the_image_installs_the_pinned_packages_and_nothing_unpinned():
    installs = [r for r in named("RUN") if "pip install" in r]
    assert installs == ["python -m pip install -r requirements.txt -c constraints.txt"]
    copied = position(
        lambda n, a: n == "COPY" and a.split()[:2] == ["requirements.txt", "constraints.txt"]
    )
    installed = position(lambda n, a: n == "RUN" and "pip install" in a)
    assert copied < installed


def test_the_dashboard_runs_as_a_user_of_its_own_not_root():
    users = named("USER")
    assert users and users[-1] not in ("root", "0", "0:0")
    created = " ".join(named("RUN"))
    assert re.search(rf"useradd .*--system .*\b{re.escape(users[-1])}\b", created)
    # the user is in force for the health check and the server's command
    last_user = max(i for i, (n, _) in enumerate(instructions()) if n == "USER")
    assert last_user < position(lambda n, a: n == "CMD")
    assert last_user < position(lambda n, a: n == "HEALTHCHECK")


def test_the_health_check_asks_the_dashboards_health_address():
    (check,) = named("HEALTHCHECK")
    options, _, command = check.partition("CMD ")
    assert re.search(r"--interval=\d+s", options) and re.search(r"--timeout=\d+s", options)
    assert json.loads(command) == ["python", "deploy/health.py"]
    assert '"/_stcore/health"' in (ROOT / "deploy" / "health.py").read_text(encoding="utf-8")


def test_the_image_migrates_the_schema_then_serves_as_the_dashboard_does():
    (command,) = named("CMD")
    arguments = json.loads(command)
    assert arguments[:2] == ["sh", "-c"]
    steps = [shlex.split(step) for step in arguments[2].split("&&")]
    assert steps == [
        ["python", "-m", "uep_data", "init"],
        ["exec", "python", "-m", "streamlit", "run", "serve.py"],
    ]
    assert "8501" in named("EXPOSE")


def test_no_secret_and_no_local_data_go_into_the_image_but_everything_served_does():
    ignored = [
        line.strip()
        for line in (ROOT / ".containerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]

    def kept_out(path: str) -> bool:
        return any(
            fnmatch.fnmatch(path, pattern.rstrip("/")) or path.startswith(pattern.rstrip("/") + "/")
            for pattern in ignored
        )

    for secret in (".streamlit/secrets.toml", ".venv", "data/uep.sqlite", ".git"):
        assert kept_out(secret), secret
    needed = ["serve.py", "app.py", ".streamlit/config.toml", "deploy/health.py"]
    needed += [str(p.relative_to(ROOT)) for p in (ROOT / "uep_data").rglob("*.py")]
    needed += [str(p.relative_to(ROOT)) for p in (ROOT / "web").glob("*.py")]
    needed += [str(p.relative_to(ROOT)) for p in (ROOT / "app_pages").glob("*.py")]
    assert [path for path in needed if kept_out(path)] == []
    assert named("COPY")[-1] == ". ."


# --- the health check, against a real server -----------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def health(port: int, host: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "UEP_HEALTH_HOST"}
    if host:
        env["UEP_HEALTH_HOST"] = host
    return subprocess.run(
        [sys.executable, "deploy/health.py", "--port", str(port)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.fixture(scope="module")
def serving(sample_url, tmp_path_factory):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env[db.ENVIRONMENT_VARIABLE] = sample_url
    log = tmp_path_factory.mktemp("health") / "streamlit.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 90
        while health(port).returncode != 0:
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_the_health_check_passes_on_a_running_dashboard(serving):
    done = health(serving)
    assert done.returncode == 0 and done.stderr == ""


def test_the_health_check_fails_saying_why_for_a_host_the_dashboard_does_not_serve(serving):
    done = health(serving, host="dashboard.example")
    assert done.returncode == 1
    (said,) = done.stderr.strip().splitlines()
    assert said.startswith("unhealthy: /_stcore/health answered 400 “This dashboard does not")
    assert said.endswith(
        "(is dashboard.example a host name the dashboard serves? set UEP_HEALTH_HOST)"
    )


def test_the_health_check_fails_when_nothing_answers():
    done = health(_free_port())
    assert done.returncode == 1
    assert "unhealthy: nothing answers on 127.0.0.1:" in done.stderr
    assert "Traceback" not in done.stderr
