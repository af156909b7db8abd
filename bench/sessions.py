"""Sessions and replicas: what one person opening the Overview costs the server, how long
20 people opening it at once wait (one process, and two replicas behind HAProxy), and how
soon Chromium draws the first chart. On the bundled sample data.

    python -m bench.sessions [--postgres URL] [--sessions 20] [--warm-sessions 10]
                             [--only cpu,burst,first-chart]

--postgres (default: UEP_TEST_POSTGRES_URL) is a server where the user may create a
database: the bench makes one with the sample data, runs one process and deploy/cluster on
it, and drops it. Without it, only SQLite is measured and the replicas are left out. Linux
only: a process's CPU time is read from /proc.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from bench.session_client import Session, open_session
from uep_data import db, importer
from uep_data.sample import SAMPLE_PATH

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).parent / "out"
ONE_CHART_APP = "bench/one_chart_app.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHART_DRAWN = "[data-testid='stVegaLiteChart'] svg, [data-testid='stVegaLiteChart'] canvas"
TICKS = os.sysconf("SC_CLK_TCK")


# --- databases and servers -----------------------------------------------------------------


def load_sample(url: str) -> None:
    engine = db.create_engine(url)
    db.upgrade(engine)
    result = importer.import_files(
        engine, [(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())], who="bench"
    )
    assert result.status == "imported", result.problems[:3]
    engine.dispose()


@contextlib.contextmanager
def sqlite_sample() -> Iterator[str]:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "sessions_sample.sqlite"
    for leftover in OUT.glob("sessions_sample.sqlite*"):
        leftover.unlink()
    url = f"sqlite:///{path}"
    load_sample(url)
    yield url


@contextlib.contextmanager
def postgres_sample(server_url: str) -> Iterator[str]:
    admin = sa.create_engine(db.normalise_url(server_url), isolation_level="AUTOCOMMIT")
    name = f"uep_bench_sessions_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.make_url(db.normalise_url(server_url)).set(database=name)
    url = url.render_as_string(hide_password=False)
    try:
        load_sample(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@dataclass
class Served:
    """A running app: its address and the server processes behind it."""

    url: str
    pids: list[int]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_ok(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped while starting ({url})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def one_process(database_url: str, script: str = "serve.py") -> Iterator[Served]:
    """One process served as ./dashboard serves it: `streamlit run serve.py` with only a
    port of its own, everything else from the project's .streamlit/config.toml (so that
    the bench measures what the README's command costs, not what flags could make it)."""
    port = _free_port()
    log = open(OUT / f"server_{port}.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)],
        cwd=ROOT,
        env={**os.environ, db.ENVIRONMENT_VARIABLE: database_url},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_ok(f"http://127.0.0.1:{port}/_stcore/health", process)
        yield Served(f"http://127.0.0.1:{port}", [process.pid])
    finally:
        _stop(process)
        log.close()


@contextlib.contextmanager
def two_replicas(database_url: str) -> Iterator[Served]:
    """deploy/cluster --replicas 2: two processes behind HAProxy."""
    port = _free_port()  # the replicas take the next two ports; the script checks them
    folder = OUT / "cluster"
    folder.mkdir(parents=True, exist_ok=True)
    output = folder / "cluster.out"
    with open(output, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "deploy.cluster", "--replicas", "2", "--port", str(port)]
            + ["--dir", str(folder)],
            cwd=ROOT,
            env={**os.environ, db.ENVIRONMENT_VARIABLE: database_url},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_ok(f"http://127.0.0.1:{port}/_stcore/health", process)
        pids = [int(pid) for pid in re.findall(r"replica r\d+: pid (\d+)", output.read_text())]
        yield Served(f"http://127.0.0.1:{port}", pids)
    finally:
        _stop(process)


# --- measuring -----------------------------------------------------------------------------


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used so far (all their threads)."""
    total = 0
    for pid in pids:
        stat = Path(f"/proc/{pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def _checked(session: Session) -> Session:
    if session.charts == 0:
        raise RuntimeError("the Overview sent no chart: is the database empty?")
    return session


async def _one_after_another(url: str, count: int, replica: str | None = None) -> list[Session]:
    return [_checked(await open_session(url, replica=replica)) for _ in range(count)]


async def _all_at_once(url: str, count: int) -> list[Session]:
    return [_checked(s) for s in await asyncio.gather(*(open_session(url) for _ in range(count)))]


def warm(served: Served, replicas: list[str | None]) -> None:
    """Two sessions on each process first: its caches filled, its code imported."""
    for replica in replicas:
        asyncio.run(_one_after_another(served.url, 2, replica))


def cpu_per_session(served: Served, sessions: int) -> tuple[float, float]:
    """Server CPU seconds per warm Overview session, and the median session time alone."""
    warm(served, [None])
    before = cpu_seconds(served.pids)
    runs = asyncio.run(_one_after_another(served.url, sessions))
    used = cpu_seconds(served.pids) - before
    return used / sessions, statistics.median(s.seconds for s in runs)


@dataclass
class Burst:
    times: list[float]
    replicas: Counter
    cpu: float
    wall: float


def burst(served: Served, sessions: int, replicas: list[str | None]) -> Burst:
    warm(served, replicas)
    before = cpu_seconds(served.pids)
    started = time.perf_counter()
    runs = asyncio.run(_all_at_once(served.url, sessions))
    wall = time.perf_counter() - started
    return Burst(
        sorted(s.seconds for s in runs),
        Counter(s.replica for s in runs),
        cpu_seconds(served.pids) - before,
        wall,
    )


def first_chart_times(url: str, loads: int) -> dict[str, float]:
    """Median seconds from asking for the page to the first chart drawn, in Chromium: as a
    new visitor (an empty browser cache) and as a returning one (the app's files cached)."""
    from playwright.sync_api import sync_playwright

    def load(context) -> float:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(CHART_DRAWN, timeout=120_000)
        seconds = time.perf_counter() - started
        page.close()
        return seconds

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        viewport = {"width": 1440, "height": 1000}
        returning = browser.new_context(viewport=viewport)
        load(returning)  # the server warm, the browser's cache filled
        new_visitor = []
        for _ in range(loads):
            context = browser.new_context(viewport=viewport)
            new_visitor.append(load(context))
            context.close()
        again = [load(returning) for _ in range(loads)]
        browser.close()
    return {"new visitor": statistics.median(new_visitor), "returning": statistics.median(again)}


# --- the report ----------------------------------------------------------------------------


def describe_burst(label: str, result: Burst, sessions: int) -> None:
    spread = ", ".join(
        f"{name}: {count}" for name, count in sorted(result.replicas.items()) if name
    )
    times = result.times
    print(
        f"  {label}: first finished {times[0]:.2f} s, median {statistics.median(times):.2f} s, "
        f"last {times[-1]:.2f} s; {sum(t <= 3 for t in times)}/{sessions} within 3 s; "
        f"server CPU {result.cpu:.1f} s ({result.cpu / sessions:.2f} s a session)"
        + (f"; sessions per replica {spread}" if spread else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default=os.environ.get("UEP_TEST_POSTGRES_URL", ""))
    parser.add_argument("--sessions", type=int, default=20, help="sessions in the burst")
    parser.add_argument("--warm-sessions", type=int, default=10, help="sessions for CPU")
    parser.add_argument("--loads", type=int, default=5, help="page loads in Chromium")
    parser.add_argument("--only", default="cpu,burst,first-chart")
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    haproxy = shutil.which("haproxy") or shutil.which("/usr/sbin/haproxy")
    print(f"{os.cpu_count()} cores; the sample data; sessions open the Overview")

    with contextlib.ExitStack() as stack:
        databases = {"SQLite": stack.enter_context(sqlite_sample())}
        if args.postgres:
            databases["PostgreSQL"] = stack.enter_context(postgres_sample(args.postgres))
        else:
            print("(no --postgres: PostgreSQL and the replicas are left out)")

        if "cpu" in wanted:
            print(f"\nServer CPU per warm Overview session ({args.warm_sessions} in turn):")
            for name, url in databases.items():
                with one_process(url) as served:
                    cpu, alone = cpu_per_session(served, args.warm_sessions)
                print(f"  {name}: {cpu:.2f} CPU-s a session (a session alone takes {alone:.2f} s)")

        if "burst" in wanted:
            url = databases.get("PostgreSQL", databases["SQLite"])
            where = "PostgreSQL" if "PostgreSQL" in databases else "SQLite"
            print(f"\n{args.sessions} sessions opening the Overview at once ({where}):")
            with one_process(url) as served:
                describe_burst("one process", burst(served, args.sessions, [None]), args.sessions)
            if "PostgreSQL" in databases and haproxy:
                with two_replicas(url) as served:
                    result = burst(served, args.sessions, ["r1", "r2"])
                describe_burst("two replicas behind HAProxy", result, args.sessions)
            else:
                print("  two replicas: left out (they need PostgreSQL and HAProxy)")

        if "first-chart" in wanted:
            if not Path(CHROMIUM).exists():
                print(f"\nFirst chart in Chromium: left out ({CHROMIUM} is not installed)")
                return
            print(f"\nFirst chart drawn in Chromium, server warm (median of {args.loads}):")
            with one_process(databases["SQLite"]) as served:
                dashboard = first_chart_times(served.url, args.loads)
            with one_process(databases["SQLite"], ONE_CHART_APP) as served:
                yardstick = first_chart_times(served.url, args.loads)
            for visit in dashboard:
                print(
                    f"  {visit}: the dashboard {dashboard[visit]:.2f} s, a one-chart app "
                    f"{yardstick[visit]:.2f} s ({dashboard[visit] / yardstick[visit]:.2f}x)"
                )


if __name__ == "__main__":
    main()
