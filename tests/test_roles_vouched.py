"""Roles come from a name the sign-in service vouches for, and from one mapping the lead can
see whole (findings: the role came from the `email` claim alone, so an account with
email_verified=false and the lead's address became programme lead; once saved in Settings,
the stored mapping silently overrode the secrets' [roles])."""

import pytest

from uep_data import access

LEAD = {"programme_lead": ["lead@trust.nhs.uk"], "steering_group": ["@trust.nhs.uk"]}


def role(claims, identity_claim="email", mapping=LEAD):
    name = access.vouched_identity(claims, identity_claim)
    return access.RoleMapping.from_settings(mapping).role_for(name, claims.get("groups", ()))


def test_an_unverified_email_gives_no_role_even_the_leads_address():
    assert role({"email": "lead@trust.nhs.uk", "email_verified": False}) is None
    assert role({"email": "lead@trust.nhs.uk"}) is None  # not said to be verified
    assert role({"email": "lead@trust.nhs.uk", "email_verified": "false"}) is None
    assert role({"email": "someone@trust.nhs.uk", "email_verified": False}) is None  # domain


def test_a_verified_email_gives_its_role():
    assert role({"email": "lead@trust.nhs.uk", "email_verified": True}) == "programme_lead"
    assert role({"email": "Lead@Trust.nhs.uk", "email_verified": "true"}) == "programme_lead"
    assert role({"email": "x@trust.nhs.uk", "email_verified": True}) == "steering_group"


def test_groups_the_service_sends_still_count_without_a_verified_email():
    mapping = {"board": ["group:Trust board"]}
    assert role({"email": "x@nhs.net", "groups": ["Trust board"]}, mapping=mapping) == "board"


def test_with_entra_the_sign_in_name_or_the_object_id_is_used_as_configured():
    entra = {"email": "lead@trust.nhs.uk", "preferred_username": "LEAD@trust.nhs.uk"}
    assert role(entra) is None  # Entra sends no email_verified
    assert role(entra, "preferred_username") == "programme_lead"
    by_oid = {"board": ["oid:8f2c1e0a-1111-2222-3333-444455556666"]}
    claims = {"oid": "8f2c1e0a-1111-2222-3333-444455556666", "email": "lead@trust.nhs.uk"}
    assert role(claims, "oid", by_oid) == "board"
    assert role({"oid": "someone-else"}, "oid", by_oid) is None
    with pytest.raises(ValueError, match="identity_claim"):
        access.vouched_identity(claims, "name")


def test_the_mapping_saved_in_settings_wins_once_it_holds_any_entry_else_the_secrets():
    secrets = {"board": ["chair@trust.nhs.uk"]}
    mapping, source = access.mapping_in_force({}, secrets)
    assert source == access.SECRETS_FILE and mapping.entries["board"] == ("chair@trust.nhs.uk",)
    empty_boxes = {"programme_lead": [], "steering_group": [], "board": []}
    assert access.mapping_in_force(empty_boxes, secrets)[1] == access.SECRETS_FILE
    mapping, source = access.mapping_in_force({"board": ["temp@partner.org"]}, secrets)
    assert source == access.SAVED_IN_SETTINGS
    assert mapping.role_for("chair@trust.nhs.uk") is None  # never combined
