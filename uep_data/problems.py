"""A problem with an upload, as the programme lead will read it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# Problems are all collected; beyond this many, the rest are counted, not listed.
MAX_LISTED = 10_000


@dataclass(frozen=True)
class Problem:
    """One thing to fix: where it is (sheet, row as the spreadsheet shows it, column), the
    value as found, and what is wrong in plain words."""

    sheet: str
    row: int | None
    column: str | None
    value: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        found = f" “{self.value}”" if self.value != "" else ""
        return f"{where}:{found} {self.message}".replace(":  ", ": ")


class ProblemList(list):
    """A list of problems that stops storing (but keeps counting) past MAX_LISTED."""

    def __init__(self) -> None:
        super().__init__()
        self.total = 0

    def append(self, problem: Problem) -> None:  # type: ignore[override]
        self.total += 1
        if len(self) < MAX_LISTED:
            super().append(problem)

    def extend(self, problems) -> None:  # type: ignore[override]
        for p in problems:
            self.append(p)
