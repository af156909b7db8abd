"""The whole `python -m uep_data page NAME --as ROLE --json`, as a person runs it (a new
process, start-up included), at full size against the sample: processor time of the process
(user and system), runs of the two interleaved, the median of each and their ratio. Both
databases have their figures kept (each command is run once first), as after any view since
the last change.

    .venv/bin/python -m bench.whole_page                          # every page, three roles
    .venv/bin/python -m bench.whole_page --pages overview --runs 9
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from uep_data import access, db, importer, sample

from .page_data_speed import database

PAGES = (
    "overview",
    "targets",
    "coverage",
    "stages",
    "contacts",
    "recruitment",
    "funding",
    "meeting",
)
ROLES = ("programme_lead", "steering_group", "board")


def _sample_database(folder: Path) -> str:
    url = f"sqlite:///{folder / 'sample.sqlite'}"
    engine = db.create_engine(url)
    db.upgrade(engine)
    importer.import_files(
        engine, [("uep_sample.xlsx", sample.SAMPLE_PATH.read_bytes())], who="bench"
    )
    engine.dispose()
    return url


def _processor_time(url: str, page: str, role: str) -> float:
    """The command's own processor time, from its exit (os.wait4: this child's alone)."""
    command = [sys.executable, "-m", "uep_data", "page", page, "--as", role, "--json", "--db", url]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{' '.join(command)} exited {child.returncode}")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="20000:1000000")
    args = parser.parse_args()
    people, contacts = (int(n) for n in args.size.split(":"))
    folder = Path(tempfile.mkdtemp(prefix="uep-whole-page-"))
    try:
        small = _sample_database(folder)
        large = database("SQLite", people, contacts, "")
        print(f"{'page':<12}{'role':<16}{'sample':>9}{'full size':>11}{'ratio':>8}  (worst pair)")
        for page in args.pages.split(","):
            for role in args.roles.split(","):
                if not access.may_open(role, page):
                    continue
                for url in (small, large):  # keep the figures
                    _processor_time(url, page, role)
                pairs = [
                    (_processor_time(small, page, role), _processor_time(large, page, role))
                    for _ in range(args.runs)
                ]
                s = statistics.median(p[0] for p in pairs)
                f = statistics.median(p[1] for p in pairs)
                worst = max(b / a for a, b in pairs)
                print(
                    f"{page:<12}{role:<16}{s:>8.2f}s{f:>10.2f}s{f / s:>7.2f}×  ({worst:.2f}×)",
                    flush=True,
                )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
