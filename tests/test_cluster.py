"""deploy/cluster: several dashboard processes behind HAProxy with affinity by cookie, on one
PostgreSQL database; it refuses SQLite, writes a proxy configuration and systemd units that
their own tools accept, and Ctrl-C or SIGTERM stops every process it started.

(Sessions through the proxy, and an import through one replica seen on the other, are in
tests/e2e/test_cluster.py.)"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from deploy import cluster
from tests.cluster_support import (
    HAPROXY,
    ROOT,
    SKIP_HAPROXY,
    SKIP_PROC,
    Cluster,
    alive,
    descendants,
)
from tests.conftest import (
    POSTGRES_URL,
    SKIP_POSTGRES,
    _drop_postgres_database,
    _postgres_database,
)
from uep_data import db

PLAN = cluster.Plan(
    port=18500,
    replica_ports=(18501, 18502, 18503),
    python=sys.executable,
    project_root=ROOT,
    service_user="uep",
)


def run_cluster(env_changes: dict[str, str | None], *arguments: str):
    env = {k: v for k, v in os.environ.items() if k != db.ENVIRONMENT_VARIABLE}
    env.update({k: v for k, v in env_changes.items() if v is not None})
    return subprocess.run(
        [sys.executable, "-m", "deploy.cluster", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "url, said",
    [
        (None, "UEP_DATABASE_URL is not set"),
        ("sqlite:///data/uep.sqlite", "names a sqlite database"),
    ],
)
def test_the_cluster_refuses_to_start_without_a_postgresql_database(tmp_path, url, said):
    done = run_cluster({db.ENVIRONMENT_VARIABLE: url}, "--dir", str(tmp_path / "out"))
    assert done.returncode == 2
    assert said in done.stderr
    assert "PostgreSQL" in done.stderr and "one computer's file" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()  # nothing started, nothing written


PROJECT_SECRETS = ROOT / ".streamlit" / "secrets.toml"


@pytest.mark.skipif(PROJECT_SECRETS.exists(), reason="this checkout has its own secrets file")
@pytest.mark.parametrize("address", ["0.0.0.0", "10.0.0.11", "::"])
def test_the_cluster_refuses_to_serve_beyond_this_computer_without_sign_in(tmp_path, address):
    """Finding: local mode behind a proxy listening beyond the machine showed the lead's view
    to anyone; the cluster does not start replicas listening beyond it without sign-in."""
    done = run_cluster(
        {
            "HOME": str(tmp_path),  # no secrets of the user's own either
            "STREAMLIT_SERVER_ADDRESS": address,
            db.ENVIRONMENT_VARIABLE: "postgresql://uep:secret@dbserver/uep",
        },
        "--dir",
        str(tmp_path / "out"),
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "beyond this computer, but sign-in is not set up" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()  # nothing started, nothing written


@pytest.mark.parametrize(
    "signed_in, address", [(True, "0.0.0.0"), (False, "127.0.0.1"), (False, "")]
)
def test_with_sign_in_or_on_this_computer_the_cluster_goes_on_to_its_other_checks(
    tmp_path, signed_in, address
):
    if signed_in:
        secrets = tmp_path / ".streamlit" / "secrets.toml"
        secrets.parent.mkdir()
        secrets.write_text('[auth]\nredirect_uri = "https://uep.example.nhs.uk/oauth2callback"\n')
    done = run_cluster(
        {"HOME": str(tmp_path), "STREAMLIT_SERVER_ADDRESS": address}, "--dir", str(tmp_path / "o")
    )
    assert done.returncode == 2
    assert "sign-in" not in done.stderr and "UEP_DATABASE_URL is not set" in done.stderr


def test_write_only_writes_the_files_and_starts_nothing_needing_no_database(tmp_path):
    done = run_cluster(
        {db.ENVIRONMENT_VARIABLE: None},
        *("--write-only", "--replicas", "3", "--port", "18500", "--dir", str(tmp_path)),
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "haproxy.cfg",
        "uep-dashboard-migrate.service",
        "uep-dashboard.target",
        "uep-dashboard@.service",
    ]
    assert (tmp_path / "haproxy.cfg").read_text() == cluster.haproxy_config(PLAN)
    # and it says how to create the account the units run as
    assert "useradd --system" in done.stdout and "--shell /usr/sbin/nologin uep" in done.stdout


def _unit_settings(text: str) -> dict[str, list[str]]:
    """A unit file's settings, each name with every value it is given (comments left out)."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith(("#", "[")):
            name, _, value = line.partition("=")
            found.setdefault(name.strip(), []).append(value.strip())
    return found


def test_the_units_run_as_a_system_user_of_their_own_whoever_writes_them(tmp_path):
    """Finding: the units ran as whoever ran the script, User=root when that was root."""
    done = run_cluster({db.ENVIRONMENT_VARIABLE: None}, "--write-only", "--dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    for name in ("uep-dashboard@.service", "uep-dashboard-migrate.service"):
        assert _unit_settings((tmp_path / name).read_text())["User"] == ["uep"], name


@pytest.mark.parametrize("user", ["root", "0"])
def test_the_units_are_not_written_to_run_as_root(tmp_path, user):
    done = run_cluster(
        {db.ENVIRONMENT_VARIABLE: None},
        *("--write-only", "--service-user", user, "--dir", str(tmp_path / "out")),
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "not root" in done.stderr and "useradd --system" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_the_schema_is_migrated_before_any_replica_starts_and_a_failed_migration_starts_none():
    migrate = _unit_settings(cluster.migrate_unit(PLAN))
    assert migrate["Type"] == ["oneshot"] and migrate["RemainAfterExit"] == ["yes"]
    assert migrate["ExecStart"] == [f"{sys.executable} -m uep_data init"]
    assert migrate["EnvironmentFile"] == ["/etc/uep-dashboard/environment"]
    # stopping the target stops it, so that starting the target again migrates again
    assert migrate["PartOf"] == ["uep-dashboard.target"]
    replica = _unit_settings(cluster.replica_unit(PLAN))
    assert replica["Requires"] == ["uep-dashboard-migrate.service"]
    assert "uep-dashboard-migrate.service" in replica["After"][0].split()
    target = _unit_settings(cluster.target_unit(PLAN))
    assert "uep-dashboard-migrate.service" in target["Wants"][0].split()


def test_the_proxy_configuration_keeps_each_session_on_one_replica_by_cookie(tmp_path):
    text = cluster.haproxy_config(PLAN)
    assert "cookie SERVERID insert indirect nocache" in text
    servers = re.findall(r"^\s*server (\S+) 127\.0\.0\.1:(\d+) cookie (\S+)$", text, re.M)
    assert servers == [("r1", "18501", "r1"), ("r2", "18502", "r2"), ("r3", "18503", "r3")]
    assert "bind 127.0.0.1:18500" in text
    assert "uri /_stcore/health" in text
    # Host goes to the replicas as the browser sent it (the app checks it)
    assert not re.search(r"set-header\s+host|set-host", text, re.I)


def _seconds(duration: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(ms|s|m|h)?", duration).groups()
    return int(number) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, None: 0.001}[unit]


def test_the_proxy_keeps_an_idle_websocket_longer_than_streamlit_pings_it():
    from streamlit.web.server.starlette import starlette_server_config as streamlit_server

    tunnel = re.search(r"timeout tunnel (\S+)", cluster.haproxy_config(PLAN)).group(1)
    ping = streamlit_server.DEFAULT_WEBSOCKET_PING_INTERVAL
    answer = streamlit_server.DEFAULT_WEBSOCKET_PING_TIMEOUT
    assert _seconds(tunnel) > ping + answer


@pytest.mark.skipif(HAPROXY is None, reason=SKIP_HAPROXY)
def test_haproxy_accepts_the_configuration_the_cluster_writes(tmp_path):
    written = cluster.write_files(PLAN, tmp_path)
    checked = subprocess.run(
        [HAPROXY, "-c", "-f", str(written["haproxy.cfg"])], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="needs systemd-analyze (systemd)"
)
def test_systemd_accepts_the_units_the_cluster_writes(tmp_path):
    written = cluster.write_files(PLAN, tmp_path)
    # a template is checked as one of its instances: a replica on its port
    instance = tmp_path / "uep-dashboard@18501.service"
    instance.write_text(written["uep-dashboard@.service"].read_text())
    checked = subprocess.run(
        [
            "systemd-analyze",
            "verify",
            "--man=no",
            str(instance),
            str(written["uep-dashboard-migrate.service"]),
            str(written["uep-dashboard.target"]),
        ],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    unit = instance.read_text()
    assert f"WorkingDirectory={ROOT}" in unit
    assert f"ExecStart={sys.executable} -m streamlit run serve.py --server.port %i" in unit
    assert "EnvironmentFile=/etc/uep-dashboard/environment" in unit
    target = written["uep-dashboard.target"].read_text()
    assert "uep-dashboard@18501.service uep-dashboard@18502.service" in target


@pytest.fixture
def empty_postgres_url():
    if not POSTGRES_URL:
        pytest.skip(SKIP_POSTGRES)
    admin, name, url = _postgres_database()
    yield url
    _drop_postgres_database(admin, name)


@pytest.mark.skipif(HAPROXY is None, reason=SKIP_HAPROXY)
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason=SKIP_PROC)
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_a_stop_signal_stops_every_process_the_cluster_started(
    empty_postgres_url, tmp_path, signum
):
    running = Cluster(empty_postgres_url, tmp_path / "cluster", replicas=2)
    started = descendants(running.process.pid)
    try:
        # two replicas and the proxy (and anything they started)
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") for pid in started]
        assert sum(b"streamlit" in command for command in commands) == 2
        assert sum(command[0].endswith(b"haproxy") for command in commands) == 1
        # the cluster created the schema before the replicas started
        engine = db.create_engine(empty_postgres_url)
        assert db.is_ready(engine)
        engine.dispose()

        assert running.stop(signum) == 0
        assert [pid for pid in started if alive(pid)] == []
        assert f"{signal.Signals(signum).name}: stopping 3 processes" in running.text()
    finally:  # a failure must not leave the processes running
        running.stop()
        for pid in started:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(HAPROXY is None, reason=SKIP_HAPROXY)
def test_the_database_check_names_an_unreachable_database_without_its_password(tmp_path):
    url = "postgresql://someone:hunter2@127.0.0.1:1/uep"
    done = run_cluster(
        {db.ENVIRONMENT_VARIABLE: url},
        "--dir",
        str(tmp_path / "out"),
        "--haproxy",
        HAPROXY,
        "--port",
        "18600",
    )
    assert done.returncode == 2
    assert "Cannot reach the database" in done.stderr
    assert "hunter2" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(HAPROXY is None, reason=SKIP_HAPROXY)
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason=SKIP_PROC)
def test_a_replica_that_stops_by_itself_stops_the_rest_and_the_cluster_says_which(
    empty_postgres_url, tmp_path
):
    running = Cluster(empty_postgres_url, tmp_path / "cluster", replicas=2)
    started = descendants(running.process.pid)
    try:
        second = int(re.search(r"replica r2: pid (\d+)", running.text()).group(1))
        assert second in started
        os.kill(second, signal.SIGKILL)
        assert running.process.wait(30) == 1
        assert "replica-r2 stopped (exit -9); stopping the rest." in running.text()
        assert [pid for pid in started if alive(pid)] == []
    finally:
        running.stop()
        for pid in started:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
