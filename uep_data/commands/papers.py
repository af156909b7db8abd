"""The commands that write papers and documents: the upload template, the board pack, the
annual report, a funder's return and docs/."""

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
    out = _out_file(args.out, "pack.pdf")
    with db.reading(engine) as conn:
        document, _ = board_pack.board_pack_pdf(conn, as_of, since)
    _write(out, document)
    board_pack.log_export(engine, as_of, args.who)  # logged once it is written
    print(
        f"Wrote the board pack as of {as_of:%d %b %Y} (changes since {since:%d %b %Y}) to "
        f"{out}: under board-level disclosure control"
    )
    return 0


def _out_file(given: str, example: str, endings: tuple[str, ...] = ()) -> Path:
    """Where a paper is written: a file in a folder that exists (say so in one line, if not)."""
    out = Path(given)
    if out.is_dir():
        raise CommandError(f"{out} is a folder: give a file name, such as {out / example}")
    if not out.parent.is_dir():
        raise CommandError(f"the folder {out.parent} does not exist")
    if endings and out.suffix.lower() not in endings:
        raise CommandError(f"{out} should end in {' or '.join(endings)}: which paper to write")
    return out


def _write(out: Path, data: bytes) -> None:
    try:
        out.write_bytes(data)
    except OSError as error:
        raise CommandError(f"cannot write {out}: {error.strerror or error}") from None


def _latest_month_end(engine):
    with db.reading(engine) as conn:
        return disclosure.offered.last_month_end(as_of_for(conn, None))


def _refused(error: Exception) -> CommandError:
    return CommandError(str(error))


def cmd_annual_report(args) -> int:
    """The annual report for a financial year: a PDF (--out) and/or web pages (--html)."""
    from ..papers import annual_report, web_pages

    if not args.out and not args.html:
        raise CommandError("give --out FILE.pdf, --html FOLDER, or both: where to write it")
    out = _out_file(args.out, "annual-report.pdf", (".pdf",)) if args.out else None
    folder = Path(args.html) if args.html else None
    if folder is not None and folder.exists() and not folder.is_dir():
        raise CommandError(f"{folder} is a file: give a folder for the web pages")
    if folder is not None and not folder.parent.is_dir():
        raise CommandError(f"the folder {folder.parent} does not exist")
    engine = engine_for(args)
    as_of = _latest_month_end(engine)
    with db.reading(engine) as conn:
        try:
            report = annual_report.contents(conn, as_of, args.year)
        except ValueError as error:  # a year that has not ended
            raise _refused(error) from None
    written = []
    if out is not None:
        _write(out, annual_report.render(report))
        annual_report.log_export(engine, report, args.who, "PDF")
        written.append(str(out))
    if folder is not None:
        pages = web_pages.web_pages(annual_report.document(report))
        try:
            for name, data in pages.items():
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_bytes(data)
        except OSError as error:
            raise CommandError(f"cannot write into {folder}: {error.strerror or error}") from None
        annual_report.log_export(engine, report, args.who, "web pages")
        written.append(f"{folder / 'index.html'} (and {len(pages) - 1} more files)")
    print(
        f"Wrote the annual report for {report.year} to {' and '.join(written)}: under "
        "disclosure control, for the public"
    )
    return 0


def cmd_funder_return(args) -> int:
    """A funding stream's return for a financial year: a workbook (.xlsx) or a PDF."""
    from ..papers import funder_return

    out = _out_file(args.out, "return.xlsx", (".xlsx", ".pdf"))
    engine = engine_for(args)
    as_of = _latest_month_end(engine)
    with db.reading(engine) as conn:
        try:
            ret = funder_return.contents(conn, as_of, args.stream, args.year)
        except ValueError as error:  # no such stream, or none in that year
            raise _refused(error) from None
    if out.suffix.lower() == ".pdf":
        _write(out, funder_return.render(ret))
        form = "PDF"
    else:
        _write(out, funder_return.workbook_bytes(ret))
        form = "workbook"
    funder_return.log_export(engine, ret, args.who, form)
    print(
        f"Wrote the return for {ret.stream}, {ret.year} ({form}) to {out}: under board-level "
        "disclosure control"
    )
    return 0
