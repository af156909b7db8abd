"""Import speed: a 100,000-contact workbook imported into a new SQLite database, against a
bare python-calamine read of the same file, as a ratio (the issue asks for at most ~2x).

    python -m bench.import_speed [--contacts 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import python_calamine

from bench.timing import timed
from bench.workbooks import contacts_workbook
from uep_data import db, importer

OUT = Path(__file__).parent / "out"


def bare_read(path: Path) -> int:
    """What a bare python-calamine read costs: every sheet of the file into Python lists."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = OUT / f"contacts_{args.contacts}.xlsx"
    if not path.exists():
        print(f"generating {path} ...")
        contacts_workbook(path, args.contacts)
    data = path.read_bytes()
    read = timed(lambda: bare_read(path), args.repeat)

    def one_import():
        with tempfile.TemporaryDirectory() as folder:
            engine = db.create_engine(f"sqlite:///{folder}/bench.sqlite")
            db.upgrade(engine)
            start = time.perf_counter()
            result = importer.import_files(engine, [(path.name, data)], who="bench")
            elapsed = time.perf_counter() - start
            assert result.status == "imported", result.problems[:3]
            engine.dispose()
            return elapsed

    imports = sorted(one_import() for _ in range(args.repeat))
    imported = statistics.median(imports)
    print(f"file: {path.name} ({len(data) / 1024 / 1024:.1f} MB, {args.contacts:,} contacts)")
    print(f"bare python-calamine read: {read:.2f} s")
    print(f"import (read, check, write to SQLite): {imported:.2f} s")
    print(f"ratio import / bare read: {imported / read:.2f}")


if __name__ == "__main__":
    main()
