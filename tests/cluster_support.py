"""What the cluster tests share: deploy/cluster run in the background (as a person runs it)
on a fresh PostgreSQL database holding the sample data, its processes, and stopping it."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import _drop_postgres_database, _postgres_database
from uep_data import db, importer
from uep_data.sample import SAMPLE_PATH

ROOT = Path(__file__).resolve().parent.parent
HAPROXY = shutil.which("haproxy") or (
    "/usr/sbin/haproxy" if os.access("/usr/sbin/haproxy", os.X_OK) else None
)
SKIP_HAPROXY = "cluster tests need HAProxy (apt-get install haproxy); .ci/run installs it"
SKIP_PROC = "cluster tests find the processes deploy/cluster started in /proc (Linux)"
STARTUP_SECONDS = 90


@contextlib.contextmanager
def sample_postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database holding the sample data; dropped afterwards."""
    admin, name, url = _postgres_database()
    engine = db.create_engine(url)
    try:
        db.upgrade(engine)
        result = importer.import_files(
            engine, [(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())], who="test"
        )
        assert result.status == "imported", [str(p) for p in result.problems]
        engine.dispose()
        yield url
    finally:
        engine.dispose()
        _drop_postgres_database(admin, name)


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (children, theirs, ...), from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # ended while we looked
        # the command name (in brackets) may hold spaces: the parent's pid follows it
        fields = text[text.rindex(")") + 2 :].split()
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class Cluster:
    """`deploy/cluster --replicas N --port P` in the background, with P chosen free."""

    def __init__(self, database_url: str, folder: Path, replicas: int = 2):
        self.folder = folder
        self.output = folder / "cluster.out"
        folder.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, db.ENVIRONMENT_VARIABLE: database_url}
        for _attempt in range(5):
            self.port = random.randrange(20_000, 40_000)
            with open(self.output, "wb") as out:
                self.process = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "deploy.cluster",
                        "--replicas",
                        str(replicas),
                        "--port",
                        str(self.port),
                        "--dir",
                        str(folder),
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            if self._wait_until_serving():
                break
        else:
            raise RuntimeError(f"deploy/cluster did not start:\n{self.text()}")
        self.url = f"http://127.0.0.1:{self.port}"

    def text(self) -> str:
        return self.output.read_text(encoding="utf-8", errors="replace")

    def _wait_until_serving(self) -> bool:
        """True once serving; False if its ports were taken (try others); else raises."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if "Serving the dashboard" in self.text():
                return True
            if self.process.poll() is not None:
                if "already in use" in self.text():
                    return False
                raise RuntimeError(f"deploy/cluster stopped:\n{self.text()}")
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"deploy/cluster did not start in {STARTUP_SECONDS} s:\n{self.text()}")

    def log(self, name: str) -> str:
        return (self.folder / "logs" / f"{name}.log").read_text(errors="replace")

    def stop(self, signum: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode
