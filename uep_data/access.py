"""Who may see what (docs/who-sees-what.md, "Roles").

The pages a role may open, the disclosure level it sees, and the role a signed-in person has
from a mapping of email addresses, domains and groups kept outside the code. The data
functions that return record-level data call `require_records` themselves: hiding a menu
entry is not access control.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .disclosure import CONTROLLED, EXACT, Audience, Rules
from .pages import BOARD, BY_ADDRESS, PAGES, PROGRAMME_LEAD, PUBLIC, STEERING_GROUP

ROLES = (PROGRAMME_LEAD, STEERING_GROUP, BOARD)  # the roles a signed-in person may have
# every audience figures are shown to: the roles, and the public, who read the published
# papers and never sign in (no role mapping names it)
AUDIENCES = (*ROLES, PUBLIC)
ROLE_NAMES = {
    PROGRAMME_LEAD: "Programme lead",
    STEERING_GROUP: "Steering group",
    BOARD: "Board",
    PUBLIC: "Public",
}


class AccessDenied(PermissionError):
    """A role asked for something it may not see or do."""


def may_open(role: str | None, page: str) -> bool:
    """Whether a role may open a page (by its address; the page registry says who may)."""
    found = BY_ADDRESS.get(page)
    return found is not None and role in found.roles


def pages_for(role: str | None) -> list:
    """The pages a role may open, in menu order."""
    return [page for page in PAGES if role in page.roles]


def audience_for(role: str, meeting: bool = False, rules: Rules | None = None) -> Audience:
    """Exact figures for the programme lead at their desk; disclosure control for everyone
    else and for the shared screen, whoever is presenting. The public's is the board's: the
    same rules with the lead's two numbers, trust-wide published figures exact."""
    if role not in AUDIENCES:
        raise AccessDenied("no role: no figures")
    controlled = meeting or role != PROGRAMME_LEAD
    base = CONTROLLED if controlled else EXACT
    return Audience(base.controlled, rules) if rules is not None else base


def require_records(role: str | None, meeting: bool = False) -> None:
    """Record-level (pseudonymous) data are for the programme lead, never on the shared
    screen."""
    if role != PROGRAMME_LEAD or meeting:
        raise AccessDenied("record-level data are for the programme lead only")


def require_lead(role: str | None) -> None:
    """The pages that change the data (imports, undo, targets, settings, erasure) are the
    lead's alone; each change is checked again as it is written (acting.require_lead)."""
    if role != PROGRAMME_LEAD:
        raise AccessDenied("only the programme lead may change the data")


# --- the role of a signed-in person ------------------------------------------------------


@dataclass(frozen=True)
class RoleMapping:
    """Who has which role: for each role, entries that are email addresses
    (lead@trust.nhs.uk), domains (@trust.nhs.uk), groups (group:UEP steering group) or, where
    sign-in names people by their Entra object id, oid:<object id>. Kept in the settings or
    in secrets, never in code."""

    entries: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_settings(cls, value: Mapping | None) -> RoleMapping:
        value = value or {}
        return cls(
            {
                role: tuple(str(e).strip() for e in value.get(role, ()) if str(e).strip())
                for role in ROLES
            }
        )

    @property
    def is_empty(self) -> bool:
        return not any(self.entries.values())

    def role_for(self, email: str | None, groups: Iterable[str] = ()) -> str | None:
        """The person's role: an exact email address beats a group, a group beats a domain;
        among equals, the first role in the order programme lead, steering group, board.
        No match, no role."""
        email = (email or "").strip().lower()
        domain = "@" + email.rsplit("@", 1)[1] if "@" in email else None
        group_names = {f"group:{g}".lower() for g in groups or ()}
        for matches in (
            lambda entry: entry.lower() == email and not entry.startswith("@"),
            lambda entry: entry.lower() in group_names,
            lambda entry: domain is not None and entry.lower() == domain,
        ):
            for role in ROLES:
                if any(matches(entry) for entry in self.entries.get(role, ())):
                    return role
        return None


# Where the mapping in force comes from: the one saved in Settings, or, while nothing is
# saved there (every box empty), the secrets file's [roles]. The two are never combined.
SAVED_IN_SETTINGS = "settings"
SECRETS_FILE = "secrets"


def mapping_in_force(stored: Mapping | None, secrets: Mapping | None) -> tuple[RoleMapping, str]:
    """The role mapping in force and where it comes from (SAVED_IN_SETTINGS or SECRETS_FILE):
    Settings wins as soon as it holds any entry."""
    saved = RoleMapping.from_settings(stored)
    if not saved.is_empty:
        return saved, SAVED_IN_SETTINGS
    return RoleMapping.from_settings(secrets), SECRETS_FILE


# --- who the sign-in service says the person is ----------------------------------------

# The claim that names a person for the role mapping ([sign_in] identity_claim in the
# secrets): "email" only when the service says it has verified it (email_verified true);
# with Microsoft Entra ID, which does not send email_verified, "preferred_username" (the
# sign-in name in the trust's own directory) or "oid" (the object id, which never changes).
IDENTITY_CLAIMS = ("email", "preferred_username", "oid")


def vouched_identity(claims: Mapping, identity_claim: str = "email") -> str | None:
    """The name the sign-in service vouches for, to look up in the role mapping (an oid is
    given as oid:<object id>); None if it vouches for none."""
    if identity_claim not in IDENTITY_CLAIMS:
        raise ValueError(f"identity_claim must be one of {', '.join(IDENTITY_CLAIMS)}")
    value = claims.get(identity_claim)
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if identity_claim == "email":
        verified = claims.get("email_verified")
        if verified is True or (isinstance(verified, str) and verified.lower() == "true"):
            return value
        return None
    if identity_claim == "oid":
        return f"oid:{value}"
    return value
