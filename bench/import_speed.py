"""Import speed and memory: a workbook of N contacts imported into an initialised SQLite
database by the command line, against a bare python-calamine read of the same file, both
timed as whole processes (start-up included), interleaved run by run.

    python -m bench.import_speed                       # 100,000 contacts, 5 rounds
    python -m bench.import_speed --contacts 1000000 --repeat 1

For each process: the wall time, the processor time (its own and its workers'), the peak memory of its largest process (the command itself
or one of its reading workers, from wait4) and the peak of all its processes together
(sampled from /proc every 10 ms). Only the standard library times and measures; the
workbook is made once by bench.workbooks and kept in bench/out/. On a machine shared with
other work, the best times say more than the medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

OUT = Path(__file__).parent / "out"
ROOT = Path(__file__).resolve().parent.parent
BARE_READ = (
    "import sys, python_calamine\n"
    "book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])\n"
    "print(sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names))\n"
)


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
            with open(f"/proc/{current}/task/{current}/children") as children:
                stack.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def measured(command: list[str]) -> dict:
    """Run a command; its wall time, its largest process's peak memory and the peak of its
    processes together."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_together = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_together
        while not done.is_set():
            peak_together = max(peak_together, _tree_rss(process.pid))
            done.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{error}")
    return {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,  # its own and its waited-for workers'
        "largest_mb": usage.ru_maxrss / 1024,
        "together_mb": peak_together / 1024 / 1024,
    }


def workbook_for(contacts: int) -> Path:
    path = OUT / f"contacts_{contacts}.xlsx"
    if not path.exists():
        from bench.workbooks import contacts_workbook

        print(f"making {path} (once) ...", flush=True)
        contacts_workbook(path, contacts)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    path = workbook_for(args.contacts)
    python = sys.executable
    bare, imports = [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.repeat):
            bare.append(measured([python, "-c", BARE_READ, str(path)]))
            url = f"sqlite:///{folder}/bench-{len(imports)}.sqlite"
            subprocess.run(
                [python, "-m", "uep_data", "init", "--db", url],
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            imports.append(measured([python, "-m", "uep_data", "import", "--db", url, str(path)]))
            Path(url.removeprefix("sqlite:///")).unlink()

    def median(runs: list[dict], key: str) -> float:
        return statistics.median(run[key] for run in runs)

    print(
        f"file: {path.name} ({path.stat().st_size / 1024 / 1024:.1f} MB, "
        f"{args.contacts:,} contacts); median of {args.repeat} interleaved rounds, whole "
        "processes"
    )
    print(f"{'':30} {'time':>7} {'CPU':>7} {'largest process':>16} {'all processes':>14}")
    for label, runs in (("bare python-calamine read", bare), ("import (uep_data import)", imports)):
        print(
            f"{label:30} {median(runs, 'seconds'):>6.2f}s {median(runs, 'cpu'):>6.2f}s"
            f" {median(runs, 'largest_mb'):>13.0f} MB {median(runs, 'together_mb'):>11.0f} MB"
        )
    ratios = [i["seconds"] / b["seconds"] for b, i in zip(bare, imports)]
    best = min(run["seconds"] for run in imports) / min(run["seconds"] for run in bare)
    print(
        f"ratio import / bare read: {median(imports, 'seconds') / median(bare, 'seconds'):.2f} "
        f"of the medians, {best:.2f} of the best times "
        f"(round by round: {', '.join(f'{r:.2f}' for r in ratios)})"
    )


if __name__ == "__main__":
    main()
