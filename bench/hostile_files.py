"""How fast, and in how much memory, hostile and broken files are refused.

    python -m bench.hostile_files

Each file is read in a fresh process, as an upload is: the caller hands it to its reading
workers. Printed for each: the time to the refusal, what the caller's peak memory grew by
while it waited (the file itself is made before), the peak memory of its largest worker as
the worker reports it, the largest peak of any worker as the system counts it (including a
worker stopped early; an upper bound, as it counts the caller's memory the worker was forked
from), and the start of the message. The workers are held to 30 s of processor
time and 1 GiB each; no file may get near either.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

CASES = {
    # name as uploaded -> an expression for its bytes (in SCRIPT's namespace)
    "billion laughs.xlsx": "billion_laughs()",
    "zip bomb (40 MB sheet in 40 KB).xlsx": "zip_bomb()",
    "cell at XFD1048576.xlsx": "far_cell()",
    "last cell, single quotes.xlsx": "last_cell_workbook('single quotes')",
    "last cell, spaces around =.xlsx": "last_cell_workbook('spaces around =')",
    "last cell, lower case.xlsx": "last_cell_workbook('lower case')",
    "last cell, newline before r.xlsx": "last_cell_workbook('newline before r')",
    "random bytes.xlsx": "bytes(range(256)) * 4000",
    "truncated workbook.xlsx": "truncated()",
    "empty file.xlsx": "b''",
    "PDF renamed.xlsx": "b'%PDF-1.7\\n' + bytes(5000)",
    "Word document renamed.xlsx": "word()",
    "100 MB of blank lines/contacts.csv": "blank_lines_csv()",
    "a row 16,385 cells wide/people.csv": "b'person_id\\n' + b',' * 16384",
    "100 MB of commas on one line/people.csv": "b'person_id\\n' + b',' * 99_999_990",
}

SCRIPT = textwrap.dedent("""
    import io, resource, sys, time, zipfile
    from tests.raw_xlsx import blank_lines_csv, last_cell_workbook, sheet_xml, xlsx
    from tests.test_file_checks import billion_laughs
    from tests.builders import workbook_bytes
    from uep_data import reading_worker
    from uep_data.workbook import read_upload

    def zip_bomb():
        return xlsx({"people": sheet_xml([["person_id"], ["P1"]],
                                         extra_rows="<row/>" * (40 * 1024 * 1024 // 6))})
    def far_cell():
        return xlsx({"people": sheet_xml([["person_id"], ["P1"]], extra_rows=
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')})
    def truncated():
        good = workbook_bytes({"people": [["person_id"], ["P1"]]})
        return good[: len(good) // 2]
    def word():
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w/>")
        return buffer.getvalue()

    # each worker's own peak, as it reports it (a worker stopped because the other refused
    # the file first reports none: getrusage's figure covers it, counting the caller's
    # memory it was forked from)
    peaks = [0]
    collect = reading_worker._Worker.outcome
    def outcome(self):
        done = collect(self)
        peaks.append(done.peak_bytes)
        return done
    reading_worker._Worker.outcome = outcome

    name = sys.argv[1].rpartition("/")[2]
    data = DATA
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    upload = read_upload([(name, data)])
    elapsed = time.perf_counter() - start
    caller = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    any_worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"{elapsed:.3f}|{caller / 1024:.0f}|{max(peaks) / 1024 / 1024:.0f}|"
          f"{any_worker / 1024:.0f}|"
          f"{upload.problems[0].message[:70] if upload.problems else 'NOT REFUSED'}")
""")


def main() -> None:
    print(
        f"{'file':<40} {'refused in':>10} {'caller +MB':>10} {'worker MB':>9} {'any, MB':>8}"
        "  message"
    )
    for label, expression in CASES.items():
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT.replace("DATA", expression), label],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode:
            print(f"{label:<40} FAILED: {done.stderr.strip().splitlines()[-1]}")
            continue
        seconds, caller, worker, any_worker, message = done.stdout.strip().split("|", 4)
        print(
            f"{label:<40} {float(seconds):>9.3f}s {caller:>10} {worker:>9} {any_worker:>8}"
            f"  {message}"
        )


if __name__ == "__main__":
    main()
