"""Run the dashboard as several processes behind HAProxy, with each browser session kept on
one process by a cookie, all against one PostgreSQL database.

    deploy/cluster --replicas 2 --port 8500 [--dir deploy/out] [--write-only]

Streamlit serves a session from one process, and a process uses one core; more processes
serve more people at once. Each replica is `streamlit run serve.py` on its own 127.0.0.1
port (P+1 ... P+N); HAProxy listens on 127.0.0.1:P. A session's websocket, its uploads and
its media must reach the process that holds the session, so HAProxy inserts a SERVERID
cookie on a visitor's first response and sends everything carrying it to the same replica.

The script writes the proxy configuration and systemd units it stands for into a folder
(deploy/out by default), with the processes' logs beneath it in logs/: the same files are
how a trust runs the replicas as services, on one machine or several (deploy/README.md).
Ctrl-C or SIGTERM stops every process it started.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ipaddress
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from uep_data import db

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = PROJECT_ROOT / "deploy" / "out"
COOKIE = "SERVERID"
# Streamlit pings every open websocket every 30 s and gives it 30 s to answer; a proxy that
# cuts an idle tunnel sooner than that ends sessions that are only being looked at.
TUNNEL_TIMEOUT = "1h"
STARTUP_SECONDS = 60
STOP_SECONDS = 10
PROXY_UNIT = "haproxy.service"  # Debian's haproxy package: reads /etc/haproxy/haproxy.cfg
# The account the services run as: a system user of its own, never root nor a person's.
SERVICE_USER = "uep"
SERVICE_HOME = "/var/lib/uep-dashboard"
MIGRATE_UNIT = "uep-dashboard-migrate.service"


def create_service_user(user: str) -> str:
    """The command that creates the services' account: a system user that cannot log in,
    with a home of its own (Streamlit keeps nothing there, but expects one)."""
    return (
        f"sudo useradd --system --create-home --home-dir {SERVICE_HOME} "
        f"--shell /usr/sbin/nologin {user}"
    )


class Refused(Exception):
    """Something the person running the script must fix; the message says what."""


class Stop(Exception):
    """SIGTERM or Ctrl-C: stop everything."""


class StopSignals:
    """SIGTERM and Ctrl-C raise Stop, except while a process is being started and recorded
    (a process started but not yet recorded would not be stopped): then they wait."""

    def __init__(self):
        self.deferring = False
        self.pending: str | None = None
        signal.signal(signal.SIGTERM, self._received)
        signal.signal(signal.SIGINT, self._received)

    def _received(self, signum, _frame):
        name = signal.Signals(signum).name
        if self.deferring:
            self.pending = name
        else:
            raise Stop(name)

    @contextlib.contextmanager
    def deferred(self):
        self.deferring = True
        try:
            yield
        finally:
            self.deferring = False
        if self.pending:
            raise Stop(self.pending)

    @staticmethod
    def ignore() -> None:
        """While stopping: a second Ctrl-C must not interrupt the stopping itself."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


@dataclass(frozen=True)
class Plan:
    """What runs where: the proxy's port, one port per replica, and how a replica starts."""

    port: int
    replica_ports: tuple[int, ...]
    python: str
    project_root: Path
    service_user: str

    @property
    def replica_names(self) -> tuple[str, ...]:
        return tuple(f"r{number}" for number in range(1, len(self.replica_ports) + 1))

    def replica_arguments(self, port: int | str) -> list[str]:
        """`streamlit run serve.py` (app.py behind the host-name check) for one replica. The listening address is not given here:
        on one machine it is .streamlit/config.toml's 127.0.0.1; a replica that a proxy on
        another machine reaches sets STREAMLIT_SERVER_ADDRESS (and needs sign-in)."""
        return [
            self.python,
            "-m",
            "streamlit",
            "run",
            "serve.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            # a deployed app does not watch its own files for changes
            "--server.fileWatcherType",
            "none",
        ]


# --- the files a deployment runs ---------------------------------------------------------


def haproxy_config(plan: Plan) -> str:
    servers = "\n".join(
        f"    server {name} 127.0.0.1:{port} cookie {name}"
        for name, port in zip(plan.replica_names, plan.replica_ports)
    )
    return f"""\
# The User Employment Programme dashboard behind HAProxy: {len(plan.replica_ports)} Streamlit
# replicas, each browser session kept on one replica by the {COOKIE} cookie.
# Written by deploy/cluster; deploy/README.md says how to run it across machines.
global
    log stdout format raw local0
    maxconn 2000

defaults
    mode http
    log global
    option httplog
    option forwardfor
    # a replica that has gone: send the visitor to another (who starts a new session there)
    option redispatch
    retries 2
    timeout connect 5s
    timeout http-request 10s
    timeout client 1m
    timeout server 1m
    # An open session is a websocket. Streamlit pings it every 30 s and allows 30 s for the
    # answer: the tunnel's idle timeout must be longer, or the proxy ends sessions.
    timeout tunnel {TUNNEL_TIMEOUT}
    timeout client-fin 30s

frontend dashboard
    # Listening beyond this computer (bind :443, deploy/README.md) needs sign-in: without it
    # the replicas refuse every request passed on for another computer (X-Forwarded-For).
    bind 127.0.0.1:{plan.port}
    # The Host header goes to the replicas unchanged (HAProxy does not rewrite it): the app
    # checks it against the host names it serves.
    default_backend replicas

backend replicas
    # a new visitor goes to the replica with the fewest open connections (sessions)
    balance leastconn
    # Affinity: the session's websocket, uploads and media must reach the replica that holds
    # the session. Behind HTTPS add "secure" to this line.
    cookie {COOKIE} insert indirect nocache httponly
    option httpchk
    http-check send meth GET uri /_stcore/health ver HTTP/1.1 hdr Host localhost
    http-check expect string ok
    default-server check inter 2s fall 2 rise 2
{servers}
"""


def _service_user_lines(plan: Plan) -> str:
    return f"""\
# Runs as the dashboard's own system user, never root; create it once with
#   {create_service_user(plan.service_user)}
User={plan.service_user}"""


def replica_unit(plan: Plan) -> str:
    arguments = " ".join(plan.replica_arguments("%i"))
    return f"""\
# One replica of the User Employment Programme dashboard; the instance is its port:
#   systemctl enable --now uep-dashboard@{plan.replica_ports[0]}.service
# It starts only once {MIGRATE_UNIT} has brought the database's schema up to date.
# Written by deploy/cluster; see deploy/README.md.
[Unit]
Description=User Employment Programme dashboard (replica on port %i)
After=network-online.target {MIGRATE_UNIT}
Wants=network-online.target
Requires={MIGRATE_UNIT}
PartOf=uep-dashboard.target

[Service]
Type=simple
{_service_user_lines(plan)}
WorkingDirectory={plan.project_root}
# UEP_DATABASE_URL and STREAMLIT_SERVER_COOKIE_SECRET (the same on every replica), and
# STREAMLIT_SERVER_ADDRESS where a proxy on another machine reaches this replica
EnvironmentFile=/etc/uep-dashboard/environment
ExecStart={arguments}
# The dashboard's events (imports, undo, erasures, refusals, sign-ins) are written to
# standard error, one line each: journalctl -u 'uep-dashboard@*' -g event=
SyslogIdentifier=uep-dashboard
Restart=on-failure
RestartSec=2
KillSignal=SIGTERM
TimeoutStopSec={STOP_SECONDS}
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=full

[Install]
WantedBy=uep-dashboard.target
"""


def migrate_unit(plan: Plan) -> str:
    """Creates or upgrades the schema (`python -m uep_data init`) before any replica of this
    machine starts; the replicas require it, so a failed migration starts none of them.
    Stopping uep-dashboard.target stops it too, so that starting the target again (after
    an upgrade) migrates again."""
    return f"""\
# Creates or upgrades the database's schema before the replicas on this machine start
# (they require it: if it fails, none starts). Replicas on several machines may each run
# it: on PostgreSQL one migrates and the others wait for it.
# Written by deploy/cluster; see deploy/README.md.
[Unit]
Description=User Employment Programme dashboard (database schema created or upgraded)
After=network-online.target
Wants=network-online.target
PartOf=uep-dashboard.target

[Service]
Type=oneshot
RemainAfterExit=yes
{_service_user_lines(plan)}
WorkingDirectory={plan.project_root}
EnvironmentFile=/etc/uep-dashboard/environment
ExecStart={plan.python} -m uep_data init
SyslogIdentifier=uep-dashboard-migrate
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=full

[Install]
WantedBy=uep-dashboard.target
"""


def target_unit(plan: Plan) -> str:
    wants = " ".join(
        [MIGRATE_UNIT] + [f"uep-dashboard@{port}.service" for port in plan.replica_ports]
    )
    return f"""\
# Every replica of the User Employment Programme dashboard on this machine:
#   systemctl enable --now uep-dashboard.target
# The proxy runs as Debian's {PROXY_UNIT} with haproxy.cfg as /etc/haproxy/haproxy.cfg.
# Written by deploy/cluster; see deploy/README.md.
[Unit]
Description=User Employment Programme dashboard (all replicas on this machine)
Wants={wants}

[Install]
WantedBy=multi-user.target
"""


def write_files(plan: Plan, folder: Path) -> dict[str, Path]:
    """The proxy configuration and the systemd units, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "haproxy.cfg": haproxy_config(plan),
        "uep-dashboard@.service": replica_unit(plan),
        MIGRATE_UNIT: migrate_unit(plan),
        "uep-dashboard.target": target_unit(plan),
    }
    written = {}
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written[name] = path
    return written


# --- checks before anything starts -------------------------------------------------------


def _streamlit_files(name: str) -> list[Path]:
    """Streamlit's own places for a settings file, the later one winning: the user's
    ~/.streamlit/ and the project's .streamlit/ (the replicas run in the project's folder)."""
    return [Path.home() / ".streamlit" / name, PROJECT_ROOT / ".streamlit" / name]


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise Refused(f"cannot read {path}: {error}") from None


def sign_in_configured() -> bool:
    """Whether the replicas will have sign-in: an [auth] section in Streamlit's secrets."""
    return any(_read_toml(path).get("auth") for path in _streamlit_files("secrets.toml"))


def replica_address() -> str:
    """The address the replicas will listen on, as Streamlit works it out: the environment's
    STREAMLIT_SERVER_ADDRESS (unless empty, which Streamlit ignores), else server.address in
    the project's or the user's config.toml; "" (every address) if none sets it."""
    address = os.environ.get("STREAMLIT_SERVER_ADDRESS", "").strip()
    if address:
        return address
    for path in reversed(_streamlit_files("config.toml")):
        found = _read_toml(path).get("server", {}).get("address")
        if found is not None:
            return str(found).strip()
    return ""


def _on_this_computer_only(address: str) -> bool:
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def refuse_beyond_this_computer_without_sign_in() -> None:
    """Without sign-in the dashboard is the programme lead's on this computer only: the
    cluster does not serve it beyond."""
    address = replica_address()
    if _on_this_computer_only(address) or sign_in_configured():
        return
    raise Refused(
        f"the replicas would listen on {address or 'every address'}, beyond this computer, "
        "but sign-in is not set up: configure sign-in ([auth] in .streamlit/secrets.toml, "
        "README, Sign-in) or leave STREAMLIT_SERVER_ADDRESS unset (127.0.0.1)."
    )


def database_url_or_refuse() -> str:
    url = os.environ.get(db.ENVIRONMENT_VARIABLE, "").strip()
    why = (
        "every replica must read and write one database, and SQLite is one computer's file. "
        f"Set {db.ENVIRONMENT_VARIABLE} to a PostgreSQL database, for example "
        f"{db.ENVIRONMENT_VARIABLE}=postgresql://uep:secret@dbserver/uep deploy/cluster ..."
    )
    if not url:
        raise Refused(f"{db.ENVIRONMENT_VARIABLE} is not set: {why}")
    try:
        backend = sa.make_url(db.normalise_url(url)).get_backend_name()
    except sa.exc.ArgumentError:
        raise Refused(f"{db.ENVIRONMENT_VARIABLE} is not a database URL: {why}") from None
    if backend != "postgresql":
        raise Refused(f"{db.ENVIRONMENT_VARIABLE} names a {backend} database: {why}")
    return url


def prepare_database(url: str) -> None:
    """Create or upgrade the schema once, before any replica starts (so that replicas never
    race each other to migrate it)."""
    engine = db.create_engine(url)
    try:
        db.upgrade(engine)
    except db.NewerSchema as newer:
        raise Refused(str(newer)) from None
    except sa.exc.OperationalError as error:
        raise Refused(
            f"Cannot reach the database {db.describe(url)}: {str(error.orig).strip()}"
        ) from None
    finally:
        engine.dispose()


def find_haproxy(given: str | None) -> str:
    found = shutil.which(given or "haproxy") or (
        "/usr/sbin/haproxy" if given is None and os.access("/usr/sbin/haproxy", os.X_OK) else None
    )
    if not found:
        raise Refused("HAProxy is not installed: apt-get install haproxy (or give --haproxy PATH).")
    return found


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        # as servers do: a port whose last connections are still closing (TIME_WAIT) is free
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def check_ports(plan: Plan) -> None:
    busy = [port for port in (plan.port, *plan.replica_ports) if not port_is_free(port)]
    if busy:
        raise Refused(
            f"127.0.0.1:{', '.join(map(str, busy))} already in use. The proxy takes --port "
            f"({plan.port}) and the replicas the ports after it ({plan.replica_ports[0]} to "
            f"{plan.replica_ports[-1]}): choose another --port."
        )


# --- running the processes ---------------------------------------------------------------


def _die_with_parent() -> None:
    """Runs in each child before it starts (Linux): if this script is killed outright
    (SIGKILL), the kernel sends its children SIGTERM, so none is left behind."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Processes:
    """The processes this script started, each in its own process group, stopped together."""

    def __init__(self, logs: Path, signals: StopSignals):
        self.logs = logs
        self.signals = signals
        self.running: list[tuple[str, subprocess.Popen, Path]] = []

    def start(self, name: str, arguments: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = self.logs / f"{name}.log"
        with open(log, "wb") as out, self.signals.deferred():
            process = subprocess.Popen(
                arguments,
                cwd=PROJECT_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
            self.running.append((name, process, log))
        return process

    def first_ended(self) -> tuple[str, subprocess.Popen, Path] | None:
        for entry in self.running:
            if entry[1].poll() is not None:
                return entry
        return None

    def stop(self) -> None:
        for _name, process, _log in self.running:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for _name, process, _log in self.running:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    """Signal the process and anything it started (its process group), while it is running:
    once it has ended and been reaped, its number may belong to someone else."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)


def _answers_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().strip() == b"ok"
    except OSError:
        return False


def wait_healthy(name: str, process: subprocess.Popen, log: Path, url: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Refused(f"{name} stopped while starting:\n{_tail(log)}")
        if _answers_ok(url):
            return
        time.sleep(0.2)
    raise Refused(f"{name} did not answer {url} within {STARTUP_SECONDS} s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 15) -> str:
    text = log.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join("    " + line for line in text[-lines:])


def run(plan: Plan, folder: Path, haproxy: str, database_url: str, signals: StopSignals) -> int:
    written = write_files(plan, folder)
    logs = folder / "logs"
    logs.mkdir(exist_ok=True)
    checked = subprocess.run(
        [haproxy, "-c", "-q", "-f", str(written["haproxy.cfg"])], capture_output=True, text=True
    )
    if checked.returncode != 0:
        raise Refused(f"HAProxy refused {written['haproxy.cfg']}:\n{checked.stderr}")
    print(f"Wrote the proxy configuration and systemd units to {folder}/", flush=True)

    # The replicas share one cookie secret (Streamlit signs its session cookie with it, and
    # the login cookie when [auth] has no cookie_secret of its own), so a visitor whom
    # another replica picks up is still recognised. It goes through the environment, not
    # the command line, where every user of the computer could read it.
    env = {
        **os.environ,
        db.ENVIRONMENT_VARIABLE: database_url,
        "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET")
        or secrets.token_urlsafe(32),
    }
    processes = Processes(logs, signals)
    try:
        for name, port in zip(plan.replica_names, plan.replica_ports):
            process = processes.start(f"replica-{name}", plan.replica_arguments(port), env)
            print(f"  replica {name}: pid {process.pid}, 127.0.0.1:{port}", flush=True)
        for (name, process, log), port in zip(processes.running, plan.replica_ports):
            wait_healthy(name, process, log, f"http://127.0.0.1:{port}/_stcore/health")
        proxy_arguments = [haproxy, "-db", "-f", str(written["haproxy.cfg"])]
        proxy = processes.start("haproxy", proxy_arguments, dict(os.environ))
        print(f"  proxy: pid {proxy.pid}, 127.0.0.1:{plan.port}", flush=True)
        wait_healthy(
            "HAProxy", proxy, logs / "haproxy.log", f"http://127.0.0.1:{plan.port}/_stcore/health"
        )
        count = len(plan.replica_ports)
        print(
            f"Serving the dashboard at http://127.0.0.1:{plan.port} with {count} "
            f"replica{'s' if count > 1 else ''} (logs in {logs}/). Ctrl-C stops them all.",
            flush=True,
        )
        while True:
            ended = processes.first_ended()
            if ended is not None:
                name, process, log = ended
                print(
                    f"{name} stopped (exit {process.returncode}); stopping the rest.\n{_tail(log)}",
                    file=sys.stderr,
                    flush=True,
                )
                return 1
            time.sleep(0.5)
    except Stop as stop:
        print(f"{stop}: stopping {len(processes.running)} processes.", flush=True)
        return 0
    finally:
        signals.ignore()
        processes.stop()


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="deploy/cluster",
        description="Run N dashboard processes behind HAProxy (session affinity by cookie) "
        "on 127.0.0.1:PORT, against the PostgreSQL database in UEP_DATABASE_URL.",
    )
    parser.add_argument("--replicas", type=int, default=2, help="processes to run (default 2)")
    parser.add_argument(
        "--port", type=int, default=8500, help="the proxy's port; replicas use the next ones"
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=DEFAULT_FOLDER,
        help="where to write haproxy.cfg, the systemd units and logs/ (default deploy/out)",
    )
    parser.add_argument("--haproxy", help="the haproxy program (default: haproxy on the PATH)")
    parser.add_argument(
        "--service-user",
        default=SERVICE_USER,
        help=f"the system account the systemd units run as (default {SERVICE_USER}; never root)",
    )
    parser.add_argument(
        "--write-only",
        action="store_true",
        help="write the configuration and units for these ports, and start nothing",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.replicas <= 64:
        parser.error("--replicas must be between 1 and 64")
    if not 1024 <= args.port <= 65535 - args.replicas:
        parser.error(f"--port must be between 1024 and {65535 - args.replicas}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    signals = StopSignals()
    plan = Plan(
        port=args.port,
        replica_ports=tuple(range(args.port + 1, args.port + 1 + args.replicas)),
        python=sys.executable,
        project_root=PROJECT_ROOT,
        service_user=args.service_user,
    )
    if args.service_user in ("root", "0") or not args.service_user.strip():
        print(
            f"deploy/cluster: --service-user {args.service_user or 'empty'}: the services must "
            f"run as a system user of their own, not root; create one with "
            f"`{create_service_user(SERVICE_USER)}` and leave --service-user out.",
            file=sys.stderr,
        )
        return 2
    if args.write_only:
        folder = args.dir.resolve()
        write_files(plan, folder)
        print(f"Wrote the proxy configuration and systemd units to {folder}/")
        print(
            f"The units run as the system user {plan.service_user}; if it does not exist yet, "
            f"create it: {create_service_user(plan.service_user)}"
        )
        return 0
    try:
        refuse_beyond_this_computer_without_sign_in()
        url = database_url_or_refuse()
        haproxy = find_haproxy(args.haproxy)
        check_ports(plan)
        prepare_database(url)
        return run(plan, args.dir.resolve(), haproxy, url, signals)
    except Refused as refused:
        print(f"deploy/cluster: {refused}", file=sys.stderr)
        return 2
    except Stop:
        return 0


if __name__ == "__main__":
    sys.exit(main())
