"""The command line over the same core as the dashboard, for scripts and for checking the
numbers without a browser (python -m uep_data COMMAND ...). It never imports streamlit. This
module builds the parser and runs a command; the commands are in commands/, by concern."""

from __future__ import annotations

import argparse
import os
import sys

from . import spc
from .commands import data, figures, papers, records
from .commands.common import CommandError, date_argument, db, sa, year_argument


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m uep_data",
        description="User Employment Programme data: set up the database, import the "
        "programme's workbook, undo an import, and print the programme's figures.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, handler, help_text):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        if name not in ("template", "spc", "docs"):
            sub.add_argument(
                "--db",
                metavar="URL",
                default=None,
                help="database URL (default: the dashboard's: UEP_DATABASE_URL, else "
                "database_url in .streamlit/secrets.toml, else data/uep.sqlite)",
            )
        return sub

    command("init", data.cmd_init, "create the database, or upgrade it to this version")
    sub = command("sample", data.cmd_sample, "load the bundled sample data (1995-2004)")
    sub.add_argument(
        "--rebuild-workbook",
        action="store_true",
        help="regenerate sample_data/uep_sample.xlsx from the generator instead",
    )
    sub.add_argument(
        "--if-empty",
        action="store_true",
        help="only if nothing has been imported yet (used by ./dashboard)",
    )
    sub.add_argument("--who", default="command line", help=argparse.SUPPRESS)
    sub = command("import", data.cmd_import, "import a workbook (.xlsx) or CSV files")
    sub.add_argument("files", nargs="+", metavar="FILE")
    sub.add_argument(
        "--replace",
        action="append",
        default=[],
        metavar="SHEET",
        help="replace every stored row of this sheet with the upload's rows",
    )
    sub.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    sub.add_argument("--json", action="store_true", help="print the result as JSON")
    sub.add_argument("--who", default="command line", help="who is importing (for the log)")
    sub = command(
        "undo",
        data.cmd_undo,
        "undo the newest import not yet undone (even one that changed nothing)",
    )
    sub.add_argument("--who", default="command line", help="who is undoing (for the log)")
    sub = command("summary", figures.cmd_summary, "every metric at a date over a period")
    sub.add_argument(
        "--as-of", type=date_argument, help="the date D (default: the latest in the data)"
    )
    sub.add_argument(
        "--from",
        dest="start",
        type=date_argument,
        help="first day of the period (default: 1 April of D's financial year)",
    )
    sub.add_argument(
        "--to", dest="end", type=date_argument, help="last day of the period (default: D)"
    )
    sub.add_argument("--directorate", help="narrow to a directorate")
    sub.add_argument("--profession", help="narrow to a profession")
    sub.add_argument("--json", action="store_true", help="print the metrics as JSON")
    sub = command("targets", figures.cmd_targets, "every target with its actual and status")
    sub.add_argument(
        "--as-of", type=date_argument, help="the date D (default: the latest in the data)"
    )
    sub.add_argument("--json", action="store_true", help="print the targets as JSON")
    sub = command(
        "forecast",
        figures.cmd_forecast,
        "where each running target is heading: its likely value, bands and chance",
    )
    sub.add_argument(
        "--as-of", type=date_argument, help="the date D (default: the latest in the data)"
    )
    sub.add_argument("--json", action="store_true", help="print the forecasts as JSON")
    sub = command(
        "page",
        figures.cmd_page,
        "every figure a page shows to a role, exactly as the dashboard shows it",
    )
    sub.add_argument("name", metavar="NAME", help="the page's address, such as overview")
    sub.add_argument(
        "--as",
        dest="role",
        required=True,
        metavar="ROLE",
        help="programme_lead, steering_group, board or public (the annual report's readers)",
    )
    sub.add_argument("--as-of", type=date_argument, help="the date D (default: the page's own)")
    sub.add_argument("--from", dest="start", type=date_argument, help="first day of the period")
    sub.add_argument("--to", dest="end", type=date_argument, help="last day of the period")
    sub.add_argument("--directorate", help="narrow to a directorate")
    sub.add_argument("--profession", help="narrow to a profession")
    sub.add_argument("--measure", help="the drill-down's figure (a measure's key)")
    sub.add_argument(
        "--since", type=date_argument, help="the last meeting or report, for what changed"
    )
    sub.add_argument("--year", type=year_argument, help="a paper's financial year, as 2003")
    sub.add_argument("--stream", help="a funder's return's funding stream, by its name")
    sub.add_argument("--json", action="store_true", help="print the figures as JSON")
    sub = command("template", papers.cmd_template, "write the upload template workbook")
    sub.add_argument("out", metavar="OUT.xlsx")
    sub = command(
        "docs", papers.cmd_docs, "write docs/measures.md and the other documents made from the code"
    )
    sub.add_argument("--out", default="docs", metavar="FOLDER", help="where (default: docs)")
    sub.add_argument(
        "--check", action="store_true", help="only check that they say what the code declares"
    )
    sub = command(
        "board-pack",
        papers.cmd_board_pack,
        "write the board pack (PDF) for the board's papers, under disclosure control",
    )
    sub.add_argument(
        "--as-of", type=date_argument, help="the date D (default: the latest in the data)"
    )
    sub.add_argument(
        "--since",
        type=date_argument,
        help="the last report's date, for 'what changed' (default: the end of the quarter "
        "before D's)",
    )
    sub.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write it")
    sub.add_argument("--who", default="command line", help="who is exporting (for the log)")
    sub = command(
        "annual-report",
        papers.cmd_annual_report,
        "write the annual report for the public (PDF, web pages), under disclosure control",
    )
    sub.add_argument(
        "--year",
        type=year_argument,
        help="the financial year starting in April of this year, as 2003 for 2003/04 "
        "(default: the latest year ended)",
    )
    sub.add_argument("--out", metavar="FILE.pdf", help="write the report as an accessible PDF")
    sub.add_argument("--html", metavar="FOLDER", help="write it as accessible web pages")
    sub.add_argument("--who", default="command line", help="who is exporting (for the log)")
    sub = command(
        "funder-return",
        papers.cmd_funder_return,
        "write a funding stream's return (workbook or PDF), under board-level disclosure control",
    )
    sub.add_argument("--stream", required=True, metavar="NAME", help="the funding stream's name")
    sub.add_argument(
        "--year",
        type=year_argument,
        help="the financial year starting in April of this year, as 2003 for 2003/04 "
        "(default: the latest year ended)",
    )
    sub.add_argument(
        "--out", required=True, metavar="FILE.xlsx", help="where to write it (.xlsx or .pdf)"
    )
    sub.add_argument("--who", default="command line", help="who is exporting (for the log)")
    sub = command(
        "spc",
        figures.cmd_spc,
        "a Making Data Count XmR chart of a CSV of date,value rows: colours, limits, icons",
    )
    sub.add_argument("file", metavar="FILE.csv")
    sub.add_argument(
        "--improvement",
        choices=spc.IMPROVEMENT_DIRECTIONS,
        required=True,
        help="which direction is better",
    )
    sub.add_argument(
        "--recalculate-at",
        type=int,
        action="append",
        default=[],
        metavar="N",
        help="a new section (own mean and limits) starts at point N (from 1); repeatable",
    )
    sub.add_argument(
        "--baseline", type=int, metavar="N", help="limits from the first N points, extended"
    )
    sub.add_argument("--target", type=float, metavar="X", help="the target, for assurance")
    sub.add_argument(
        "--shift-length",
        type=int,
        default=spc.DEFAULT_SHIFT_LENGTH,
        metavar="N",
        help=f"points in a row on one side of the mean (default {spc.DEFAULT_SHIFT_LENGTH})",
    )
    sub.add_argument(
        "--trend-length",
        type=int,
        default=spc.DEFAULT_TREND_LENGTH,
        metavar="N",
        help=f"points in a row rising or falling (default {spc.DEFAULT_TREND_LENGTH})",
    )
    sub.add_argument("--json", action="store_true", help="print the chart as JSON")
    sub = command(
        "verify",
        figures.cmd_verify,
        "count every kept figure afresh from the records and say where any differs "
        "(exit 1 if one does)",
    )
    sub.add_argument(
        "--repair",
        action="store_true",
        help="then keep the fresh counts in place of the kept ones",
    )
    sub = command(
        "erase",
        records.cmd_erase,
        "erase every row about a person, by their code (logged without the code)",
    )
    sub.add_argument("person_id", metavar="PERSON_ID", help="the person's code, such as P0042")
    sub.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    sub.add_argument("--who", default="command line", help="who is erasing (for the log)")
    sub = command(
        "backup", records.cmd_backup, "write a copy of the whole database (SQLite) to a file"
    )
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--who", default="command line", help="who is backing up (for the log)")
    sub = command(
        "restore",
        records.cmd_restore,
        "replace the database with a backup (SQLite), keeping a copy of what it replaces",
    )
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    sub.add_argument(
        "--undo-erasures",
        type=int,
        default=0,
        metavar="N",
        help="restore even though the N erasures made since the backup that cannot be made "
        "again would be undone (N must be their number)",
    )
    sub.add_argument("--who", default="command line", help="who is restoring (for the log)")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        code = args.handler(args)
        sys.stdout.flush()  # here, where a reader that stopped early is caught, not at exit
        return code
    except BrokenPipeError:
        # the reader stopped early (piped into head): nothing more to say, and no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except CommandError as error:
        print(f"uep_data: {error}", file=sys.stderr)
        return 2
    except db.UnusableDatabase as error:
        print(f"uep_data: {error}", file=sys.stderr)
        return 2
    except sa.exc.OperationalError as error:
        print(
            f"uep_data: the database could not be reached or used: "
            f"{str(error.orig).splitlines()[0] if error.orig else error}",
            file=sys.stderr,
        )
        return 2
