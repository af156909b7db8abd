"""The commands that look after the records: erasing a person, backing up and restoring."""

from __future__ import annotations

from pathlib import Path

from .common import (
    CommandError,
    backups,
    confirmed,
    db,
    engine_for,
    erasure,
    said_which,
)


def cmd_erase(args) -> int:
    engine = engine_for(args)
    code = args.person_id.strip()
    if not code:
        raise CommandError("give the person's code, such as P0042")
    found = erasure.find(engine, code)
    if not found.anything:
        print(f"Nothing is stored about {code}.")
        return 0
    if found.rows:
        print(
            f"{sum(found.rows.values())} rows about {code}: "
            + ", ".join(f"{n} on {sheet}" for sheet, n in found.rows.items())
            + ". Copies kept for undoing imports go too."
        )
    if found.records:
        print(
            f"{code} is named in {found.records} past record{'s' if found.records != 1 else ''} "
            "(file names, log entries or undo copies): it is taken out of them too."
        )
    if not confirmed(
        args, f"Erase everything about {code}? This cannot be undone.", "this cannot be undone"
    ):
        print("Nothing was erased.")
        return 1
    done = erasure.erase_person(engine, code, who=args.who)
    print(
        f"Erased {done.total} rows"
        + (
            f" and took the code out of {done.records_cleaned} past "
            + ("records" if done.records_cleaned != 1 else "record")
            if done.records_cleaned
            else ""
        )
        + ". The audit log records that an erasure was made, not whose."
    )
    for place in done.still_mentioned:
        print(f"  Still named in your own words: {place}: edit it, then erase again.")
    if done.file_compacted is False:
        print(
            "  The database was busy, so its file may still hold the erased rows: run this "
            "command again when nobody is importing."
        )
    elif done.file_compacted is None:
        print(
            "  On PostgreSQL, old copies of the rows stay in the table files until VACUUM "
            "FULL and in backups: see the README."
        )
    return 0


def cmd_backup(args) -> int:
    engine = engine_for(args)
    try:
        made = backups.make_backup(engine, Path(args.file), who=args.who)
    except backups.BackupError as error:
        raise CommandError(str(error)) from None
    if made.folder_made is not None:
        print(f"Made the folder {made.folder_made} (readable by you only).")
    print(
        f"Wrote a backup of the whole database to {args.file} (readable by you only). "
        "Keep it as safe as the database: it holds everything."
    )
    return 0


def erasures_words(n: int) -> str:
    return f"{n} erasure{'s' if n != 1 else ''}"


def cmd_restore(args) -> int:
    chosen = db.chosen_database(args.db)
    engine = db.create_engine(chosen.url)  # a new installation may restore into nothing
    source = Path(args.file)
    if not db.is_sqlite(engine):
        raise CommandError(backups.POSTGRES_ADVICE)
    said_which(chosen)
    try:
        backups.check_backup(source)  # before asking: a wrong file is said at once
        stake = backups.erasures_at_stake(engine, source)
    except backups.BackupError as error:
        raise CommandError(str(error)) from None
    if stake.undone and args.undo_erasures != stake.undone:
        raise CommandError(str(backups.ErasuresWouldBeUndone(stake.undone)))
    said = ""
    if stake.made_again:
        said += (
            f" The {erasures_words(stake.made_again)} made since this backup will be made again."
        )
    if stake.undone:
        said += (
            f" The {erasures_words(stake.undone)} made since this backup will be undone: "
            "those people come back."
        )
    if not confirmed(
        args,
        f"Replace everything in {db.describe(str(engine.url))} with the backup {source}? "
        f"A copy of what it replaces is kept beside the database.{said}",
        "this replaces everything in the database (a copy of it is kept beside it)",
    ):
        print("Nothing was restored.")
        return 1
    try:
        done = backups.restore(engine, source, who=args.who, undoing_erasures=args.undo_erasures)
    except backups.BackupError as error:
        raise CommandError(str(error)) from None
    print(f"Restored the database from {source}.")
    if done.replaced_kept_in:
        print(f"  What it replaced is kept in {done.replaced_kept_in} (readable by you only).")
    if done.upgraded:
        print("  The backup was made by an earlier version and has been brought up to date.")
    if done.erasures_made_again:
        print(
            f"  {erasures_words(done.erasures_made_again)} made after this backup "
            f"{'were' if done.erasures_made_again != 1 else 'was'} made again: "
            f"{done.people_erased_again} of those people {'were' if done.people_erased_again != 1 else 'was'} "
            "in the backup and erased again (every row, undo copy and record)."
        )
    for place in done.still_mentioned:
        print(f"  An erased person is still named in your own words: {place}: edit it.")
    if done.erasures_undone:
        print(
            f"  {erasures_words(done.erasures_undone)} made after this backup could not be made "
            "again: the restored data hold those people again. Erase them again (the audit "
            "log never says who they were: use your record of the requests)."
        )
    print("  The audit log keeps every entry, the backup's and those made since.")
    return 0


# --- arguments ---------------------------------------------------------------------------
