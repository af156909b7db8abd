"""How fast, and in how much memory, hostile and broken files are refused.

    python -m bench.hostile_files

Each file is refused in a fresh process (so that peak memory is the refusal's own).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

CASES = {
    "XML entity attack (billion laughs)": "billion_laughs()",
    "zip bomb (40 MB sheet in 40 KB)": "zip_bomb()",
    "cell at XFD1048576": "far_cell()",
    "random bytes": "bytes(range(256)) * 4000",
    "truncated workbook": "truncated()",
    "empty file": "b''",
    "PDF renamed to .xlsx": "b'%PDF-1.7\\n' + bytes(5000)",
    "Word document renamed to .xlsx": "word()",
}

SCRIPT = textwrap.dedent("""
    import io, resource, time, zipfile
    from tests.raw_xlsx import sheet_xml, xlsx
    from tests.test_file_checks import billion_laughs
    from tests.builders import workbook_bytes
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

    data = DATA
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    upload = read_upload([("hostile.xlsx", data)])
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{elapsed:.3f}|{max(0, peak - before) / 1024:.0f}|{peak / 1024:.0f}|"
          f"{upload.problems[0].message[:70]}")
""")


def main() -> None:
    print(f"{'file':<36} {'refused in':>10} {'extra MB':>9} {'peak MB':>8}  message")
    for label, expression in CASES.items():
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT.replace("DATA", expression)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode:
            print(f"{label:<36} FAILED: {done.stderr.strip().splitlines()[-1]}")
            continue
        seconds, extra, peak, message = done.stdout.strip().split("|", 3)
        print(f"{label:<36} {float(seconds):>9.3f}s {extra:>9} {peak:>8}  {message}")


if __name__ == "__main__":
    main()
