"""The commands that write papers and documents: the upload template, the board pack and
docs/."""

from __future__ import annotations

import sys
from pathlib import Path

from ..periods import financial_year_to_date, last_report_date
from .common import (
    CommandError,
    as_of_for,
    db,
    disclosure,
    engine_for,
    new_file,
    template,
)


def cmd_template(args) -> int:
    path = Path(args.out)
    new_file(path)
    try:
        path.write_bytes(template.template_bytes())
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror or error}") from None
    print(f"Wrote the upload template to {path}")
    return 0


def cmd_docs(args) -> int:
    """Write the documents made from the declarations (docs/), or check that they are."""
    from .. import handbook

    folder = Path(args.out)
    if args.check:
        stale = [
            name
            for name, text in handbook.documents().items()
            if not (folder / name).exists() or (folder / name).read_text() != text
        ]
        if stale:
            print(
                f"{', '.join(stale)} in {folder} no longer say what the code declares: run "
                "`.venv/bin/python -m uep_data docs`",
                file=sys.stderr,
            )
            return 1
        print(f"The documents in {folder} say what the code declares.")
        return 0
    for path in handbook.write(folder):
        print(f"Wrote {path}")
    return 0


def cmd_board_pack(args) -> int:
    from ..papers import board_pack

    engine = engine_for(args)
    with db.reading(engine) as conn:
        # the board sees figures at the end of a month
        as_of = args.as_of or disclosure.offered.last_month_end(as_of_for(conn, None))
    since = args.since or last_report_date(as_of)
    if since >= as_of:
        raise CommandError("--since must be before --as-of (the last report came before this one)")
    problem = disclosure.offered.refusal(as_of, financial_year_to_date(as_of), since)
    if problem:
        raise CommandError(problem)
    out = Path(args.out)
    if out.is_dir():
        raise CommandError(f"{out} is a folder: give a file name, such as {out / 'pack.pdf'}")
    if not out.parent.is_dir():
        raise CommandError(f"the folder {out.parent} does not exist")
    with db.reading(engine) as conn:
        document, _ = board_pack.board_pack_pdf(conn, as_of, since)
    try:
        out.write_bytes(document)
    except OSError as error:
        raise CommandError(f"cannot write {out}: {error.strerror or error}") from None
    board_pack.log_export(engine, as_of, args.who)  # logged once it is written
    print(
        f"Wrote the board pack as of {as_of:%d %b %Y} (changes since {since:%d %b %Y}) to "
        f"{out}: under board-level disclosure control"
    )
    return 0
