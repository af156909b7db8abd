"""Every paper made is logged as an export: who made it, when (the log's own time) and which
paper, at which level of disclosure control."""

from __future__ import annotations

from .. import audit, db


def log_paper(engine, who: str, what: str, level: str) -> None:
    """Log one paper: `what` names it ("the annual report for 2003/04 (PDF)"), `level` the
    disclosure control it is under ("board level", "public")."""
    with db.writing(engine) as conn:
        audit.log(
            conn, who, "export", {"what": what, "audience": f"under disclosure control ({level})"}
        )
