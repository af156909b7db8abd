"""The database schema: a table per sheet of the contract, and the import bookkeeping.

Data tables are built from `contract.SHEETS`, so a column is defined once. Each has a
surrogate `id`, the `import_id` of the import that inserted the row (how an undo finds what
it added), the contract's columns, and a unique constraint on the contract's key. Schema
changes reach existing databases through the Alembic migrations in `migrations/`.
"""

from __future__ import annotations

import sqlalchemy as sa

from . import contract as c

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)

_TYPES = {
    c.TEXT: sa.Text,
    c.DATE: sa.Date,
    c.MONTH: sa.Date,
    c.FINANCIAL_YEAR: lambda: sa.String(7),
    c.YES_NO: lambda: sa.Boolean(create_constraint=False),
    c.MONEY: lambda: sa.Numeric(14, 2, asdecimal=False),
    c.WHOLE: sa.Integer,
    c.NUMBER: sa.Float,
    c.VOCAB: lambda: sa.String(40),
    c.METRIC: lambda: sa.String(40),
}

# Indexes the metric queries use, beyond each table's key.
_INDEXES = {
    "employments": [("start_date",), ("end_date",), ("directorate", "profession")],
    "stages": [("stage", "date")],
    # person_id last: the index also answers "who had a contact in the period" on its own
    "contacts": [("date", "mode", "topic", "contact_with", "person_id")],
    "work_preparation": [("start_date",)],
    "training": [("start_date",)],
    "funding": [("financial_year",)],
    "targets": [("metric",)],
}


# Sheets whose key is kept unique by a unique index rather than a table constraint: the same
# rule, but SQLite can drop an index and build it again, and not a constraint. A bulk load of
# contacts (the sheet that runs to a million rows) then builds its key in one sorted pass
# after the rows are in, instead of entry by entry as they go in (importer.
# _indexes_built_after); the import has already refused any key that repeats.
KEY_AS_INDEX = frozenset({"contacts"})


def _data_table(sheet: c.Sheet) -> sa.Table:
    columns = [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        # not indexed: an undo scans for it once, while every import would pay to keep an
        # index up to date
        sa.Column("import_id", sa.Integer, nullable=True),
    ]
    for col in sheet.columns:
        blank_is_value = (sheet.name, col.name) in c.BLANK_IS_VALUE
        columns.append(
            sa.Column(
                col.name,
                _TYPES[col.kind](),
                nullable=not (col.required or col.default is not None or blank_is_value),
                server_default="" if blank_is_value else None,
            )
        )
    if sheet.counts_identical_rows:
        columns.append(sa.Column("occurrence", sa.Integer, nullable=False, server_default="1"))
    if sheet.name in KEY_AS_INDEX:
        key = sa.Index(f"uq_{sheet.name}_key", *sheet.key_columns, unique=True)
    else:
        key = sa.UniqueConstraint(*sheet.key_columns, name=f"uq_{sheet.name}_key")
    table = sa.Table(sheet.name, metadata, *columns, key)
    for index_columns in _INDEXES.get(sheet.name, []):
        sa.Index(
            f"ix_{sheet.name}_{'_'.join(index_columns)}", *(table.c[name] for name in index_columns)
        )
    return table


DATA_TABLES: dict[str, sa.Table] = {sheet.name: _data_table(sheet) for sheet in c.SHEETS}

people = DATA_TABLES["people"]
directorates = DATA_TABLES["directorates"]
professions = DATA_TABLES["professions"]
employments = DATA_TABLES["employments"]
stages = DATA_TABLES["stages"]
contacts = DATA_TABLES["contacts"]
work_preparation = DATA_TABLES["work_preparation"]
recruitment = DATA_TABLES["recruitment"]
training = DATA_TABLES["training"]
wellbeing_plans = DATA_TABLES["wellbeing_plans"]
funding = DATA_TABLES["funding"]
targets = DATA_TABLES["targets"]
actions = DATA_TABLES["actions"]

# --- bookkeeping -------------------------------------------------------------------------

imports = sa.Table(
    "imports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("imported_at", sa.DateTime, nullable=False),
    sa.Column("imported_by", sa.Text, nullable=False),
    sa.Column("file_names", sa.Text, nullable=False),
    sa.Column("file_hash", sa.String(64), nullable=False),
    # imported: changed the data; no_changes: nothing to change; undone: reversed
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("undone_at", sa.DateTime, nullable=True),
    sa.Column("undone_by", sa.Text, nullable=True),
    sa.Column("warnings", sa.JSON, nullable=False),
)

import_sheets = sa.Table(
    "import_sheets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("import_id", sa.Integer, nullable=False, index=True),
    sa.Column("sheet", sa.String(40), nullable=False),
    sa.Column("replaced", sa.Boolean(create_constraint=False), nullable=False),
    sa.Column("inserted", sa.Integer, nullable=False),
    sa.Column("updated", sa.Integer, nullable=False),
    sa.Column("unchanged", sa.Integer, nullable=False),
    sa.Column("deleted", sa.Integer, nullable=False),
)

# What an undo needs beyond `import_id` on inserted rows: the rows an import changed or
# removed, as they were before it.
import_changes = sa.Table(
    "import_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("import_id", sa.Integer, nullable=False, index=True),
    sa.Column("sheet", sa.String(40), nullable=False),
    sa.Column("row_id", sa.Integer, nullable=False),
    sa.Column("action", sa.String(10), nullable=False),  # updated | deleted
    sa.Column("person_id", sa.Text, nullable=True, index=True),  # for erasure
    sa.Column("before", sa.JSON, nullable=False),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("action", sa.String(40), nullable=False, index=True),
    sa.Column("details", sa.JSON, nullable=False),
)

# Where a monthly Making Data Count chart starts a new section with its own mean and limits
# (set by the programme lead, e.g. when the programme changed)
spc_recalculations = sa.Table(
    "spc_recalculations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("series", sa.String(40), nullable=False),
    sa.Column("month", sa.Date, nullable=False),  # the first month of the new section
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("set_at", sa.DateTime, nullable=False),
    sa.Column("set_by", sa.Text, nullable=False),
    sa.UniqueConstraint("series", "month", name="uq_spc_recalculations_key"),
)

# The lead's check-ins: at a meeting, for a target, what the figure says, why, what is being
# done and by when. Written like an edit of the targets (an `imports` row, its id on the row,
# the row before a change kept in import_changes), so that the last one can be undone.
target_check_ins = sa.Table(
    "target_check_ins",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("import_id", sa.Integer, nullable=True),
    sa.Column("target_id", sa.Text, nullable=False),
    sa.Column("meeting_date", sa.Date, nullable=False),
    sa.Column("figure_says", sa.Text, nullable=False),
    sa.Column("why", sa.Text, nullable=False),
    sa.Column("being_done", sa.Text, nullable=False),
    sa.Column("by_when", sa.Date, nullable=True),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.Column("recorded_by", sa.Text, nullable=False),
    sa.UniqueConstraint("target_id", "meeting_date", name="uq_target_check_ins_key"),
)

# Tables edited in the dashboard outside the workbook's sheets, undone like an import
EDITED_TABLES: dict[str, sa.Table] = {"target_check_ins": target_check_ins}
# Every table an undo may put back, by the name import_changes records
UNDOABLE_TABLES: dict[str, sa.Table] = {**DATA_TABLES, **EDITED_TABLES}

settings = sa.Table(
    "settings",
    metadata,
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("value", sa.JSON, nullable=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
    sa.Column("changed_by", sa.Text, nullable=False),
)

# One row per sign-in (with sign-in configured): made at the session's first run, checked on
# every run, ended by signing out (every row of that person), by idleness or by age. The
# keys are hashes of the identity provider's claims: no name or address is kept here.
sign_in_sessions = sa.Table(
    "sign_in_sessions",
    metadata,
    sa.Column("session_key", sa.String(64), primary_key=True),  # the sign-in's claims, hashed
    sa.Column("person_key", sa.String(64), nullable=False, index=True),  # issuer and subject
    sa.Column("signed_in_at", sa.DateTime, nullable=False),  # the ID token's iat
    sa.Column("last_seen_at", sa.DateTime, nullable=False),
    sa.Column("ended_at", sa.DateTime, nullable=True),
    sa.Column("ended_because", sa.String(20), nullable=True),  # signed_out, idle, expired
)

# One row per erasure (erasure.py), beside its audit log entry: the erased code as a keyed
# hash (HMAC-SHA256), never the code. The key is a file beside the database, not in it, so
# neither the database nor a backup of it can be tried code by code to learn whom. A restore
# carries these rows across and erases again every person erased since the backup.
erasures = sa.Table(
    "erasures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("audit_id", sa.Integer, nullable=False, index=True),  # its audit_log entry
    sa.Column("person_key", sa.String(64), nullable=False),  # HMAC of the code, hex
    sa.Column("key_check", sa.String(16), nullable=False),  # which key made it
)

# --- kept figures (uep_data/kept/) ---------------------------------------------------------
# What the pages read instead of the rows behind them: the engine's own counts at the moments
# the pages show, kept true by every change that can move them (kept/store.py). No row holds a
# person's code.

# One count or sum of one measure, at one moment, by one breakdown: every group's figure
kept_readings = sa.Table(
    "kept_readings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.String(60), nullable=False, index=True),
    sa.Column("measure", sa.String(80), nullable=False),  # "count:KEY" or "median:KEY"
    # the moment as text: a day (2025-03-31) or a period seen on a day
    # (2024-04-01/2025-03-31@2025-03-31)
    sa.Column("moment", sa.String(40), nullable=False),
    sa.Column("scope", sa.String(400), nullable=False),  # JSON: [directorate, profession]
    sa.Column("breakdown", sa.String(120), nullable=False),  # dimensions, comma separated
    sa.Column("figures", sa.Text, nullable=False),  # JSON: [[group, value], ...]
    sa.UniqueConstraint("measure", "moment", "scope", "breakdown", name="uq_kept_readings_key"),
)

# Whether this database keeps figures, and for which definitions of the measures: kept
# figures are read only by code whose definitions are the ones that counted them
kept_state = sa.Table(
    "kept_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("definitions", sa.String(64), nullable=False),
    sa.Column("counted_at", sa.DateTime, nullable=False),
)
