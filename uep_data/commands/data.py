"""The commands that put data in and take it back out: init, import, sample and undo."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import collector, workbook
from ..formatting import format_when
from .common import (
    CommandError,
    db,
    engine_for,
    importer,
    print_json,
    sa,
    sample,
    schema,
    undo,
)


def cmd_init(args) -> int:
    engine = engine_for(args, upgrade=True)
    print(
        f"The database is ready ({db.describe(str(engine.url))}, schema "
        f"{db.schema_version(engine)})."
    )
    return 0


def report_import(result: importer.ImportResult, as_json: bool, dry_run: bool) -> int:
    if as_json:
        print_json(result.as_dict())
        return 0 if result.ok else 1
    if not result.ok:
        print(
            f"Nothing was imported: {result.problems.total} problem"
            f"{'s' if result.problems.total != 1 else ''} to fix.",
            file=sys.stderr,
        )
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
        if result.problems.total > len(result.problems):
            print(
                f"  ... and {result.problems.total - len(result.problems)} more.", file=sys.stderr
            )
        return 1
    heading = {
        "checked": "Checked (dry run, nothing written)",
        "imported": f"Imported (import {result.import_id})",
        "no_changes": f"Nothing changed: the data were already up to date (import "
        f"{result.import_id})",
    }[result.status]
    print(f"{heading}: {result.file_names}")
    for sheet, counts in result.sheet_counts().items():
        mode = " (replaced)" if counts["replaced"] else ""
        line = (
            f"  {sheet}{mode}: {counts['inserted']} added, {counts['updated']} changed, "
            f"{counts['unchanged']} unchanged"
        )
        if counts["replaced"]:
            line += f", {counts['deleted']} removed"
        print(line)
    for warning in result.warnings:
        print(f"  Note: {warning}")
    return 0


def cmd_import(args) -> int:
    files = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"there is no file {name}")
        files.append((path.name, path.read_bytes()))
    reading = workbook.start_reading(files)  # read in workers while the database is readied
    # The reading and the plan are a million small objects and no reference cycles: the cycle
    # collector would only walk them again and again (~8% of the command's own time).
    try:
        with collector.paused():
            engine = engine_for(args, upgrade=not args.dry_run)
            result = importer.import_reading(
                engine, reading, replace=args.replace, who=args.who, dry_run=args.dry_run
            )
    finally:
        reading.close()
    return report_import(result, args.json, args.dry_run)


def cmd_sample(args) -> int:
    if args.rebuild_workbook:
        path = sample.write_sample_workbook()
        print(f"Rebuilt the sample workbook: {path}")
        return 0
    engine = engine_for(args, upgrade=True)
    if args.if_empty:
        with engine.connect() as conn:
            if conn.execute(sa.select(sa.func.count()).select_from(schema.imports)).scalar():
                print("The database already holds imported data: the sample was not loaded.")
                return 0
    data = sample.SAMPLE_PATH.read_bytes()
    result = importer.import_files(engine, [(sample.SAMPLE_PATH.name, data)], who=args.who)
    return report_import(result, False, False)


def cmd_undo(args) -> int:
    engine = engine_for(args)
    try:
        undone = undo.undo_last_import(engine, who=args.who)
    except undo.NothingToUndo:
        print("There is no import to undo.")
        return 1
    if undone.changed_nothing:
        print(
            f"Undid import {undone.import_id} ({undone.file_names}, "
            f"{format_when(undone.imported_at)}): it had changed nothing, so nothing "
            "changed. The next undo reverses the import before it."
        )
        return 0
    print(
        f"Undid import {undone.import_id} ({undone.file_names}, "
        f"{format_when(undone.imported_at)}). The data are as they were before it."
    )
    for sheet, counts in undone.restored.items():
        print(
            "  "
            + sheet
            + ": "
            + ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in counts.items())
        )
    return 0
