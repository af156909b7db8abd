"""Where a figure is narrowed to: a directorate and/or a profession, or the whole trust."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """A directorate and/or a profession to narrow a figure to; None means all."""

    directorate: str | None = None
    profession: str | None = None

    @property
    def is_trust_wide(self) -> bool:
        return self.directorate is None and self.profession is None

    def as_group(self) -> dict[str, str]:
        """The scope as the breakdown cell it picks out ({"directorate": ...})."""
        return {
            k: v
            for k, v in (("directorate", self.directorate), ("profession", self.profession))
            if v
        }

    def words(self) -> str:
        return ", ".join(p for p in (self.directorate, self.profession) if p) or "Trust-wide"


TRUST_WIDE = Scope()
