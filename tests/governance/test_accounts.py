"""Accounts, passwords, sign-in, and keeping secrets out of logs and messages."""

from __future__ import annotations

import logging
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest

from graph.store import SQLiteStore
from rhigraph.governance import (
    ANONYMOUS_LOCAL,
    AccessDenied,
    AccountError,
    Administration,
    Governance,
    Role,
    Service,
    Tier,
    User,
    authenticate,
    local_operator,
    policy_for,
    user_from_oidc_claims,
)

PASSWORD = "correct horse battery staple"
ADMIN = User("admin-user", Role.ADMIN, source="test")


def test_same_password_gives_different_salted_hashes(governance: Governance) -> None:
    admin = Administration(ADMIN, governance)
    admin.add_user("a.khan", Role.ANALYST, PASSWORD)
    admin.add_user("s.ellis", Role.RHI_MANAGER, PASSWORD)
    hashes = [r["password_hash"] for r in governance.db.read(
        "SELECT password_hash FROM users ORDER BY username")]
    assert len(set(hashes)) == 2
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


def test_verification_and_refusals(governance: Governance) -> None:
    Administration(ADMIN, governance).add_user("a.khan", Role.ANALYST, PASSWORD)
    assert governance.users.verify("a.khan", PASSWORD) == User("a.khan", Role.ANALYST)
    assert governance.users.verify("a.khan", PASSWORD + "!") is None
    assert governance.users.verify("nobody", PASSWORD) is None
    Administration(ADMIN, governance).disable("a.khan")
    assert governance.users.verify("a.khan", PASSWORD) is None


def test_authenticate_audits_both_outcomes_without_stray_passwords(
        governance: Governance) -> None:
    Administration(ADMIN, governance).add_user("a.khan", Role.ANALYST, PASSWORD)
    assert authenticate(governance, "a.khan", PASSWORD) == User("a.khan", Role.ANALYST)
    assert authenticate(governance, "a.khan", "wrong password here") is None
    assert authenticate(governance, PASSWORD, "x") is None  # password typed as the username
    assert authenticate(governance, "Tr0ub4dor3", "x") is None  # unknown but username-shaped
    entries = governance.audit.entries(limit=4)
    assert [(e["user"], e["outcome"]) for e in entries] == [
        ("(unknown)", "denied"), ("(unknown)", "denied"), ("a.khan", "denied"),
        ("a.khan", "ok")]
    assert "Tr0ub4dor3" not in str(entries) and PASSWORD not in str(entries)


@pytest.mark.parametrize("bad", ["short", "", "elevenchars"])
def test_short_passwords_are_refused_without_echoing_them(governance: Governance,
                                                          bad: str) -> None:
    with pytest.raises(AccountError) as refused:
        Administration(ADMIN, governance).add_user("a.khan", Role.ANALYST, bad)
    assert bad not in str(refused.value) or not bad


@pytest.mark.parametrize("name", ["", "a b", "x" * 65, "-lead", "a;drop", "<b>", "é"])
def test_usernames_are_narrow(governance: Governance, name: str) -> None:
    with pytest.raises(AccountError):
        Administration(ADMIN, governance).add_user(name, Role.ANALYST, PASSWORD)


def test_duplicate_and_unknown_accounts(governance: Governance) -> None:
    admin = Administration(ADMIN, governance)
    admin.add_user("a.khan", Role.ANALYST, PASSWORD)
    with pytest.raises(AccountError, match="already exists") as refused:
        admin.add_user("a.khan", Role.ADMIN, PASSWORD)
    assert PASSWORD not in str(refused.value)
    with pytest.raises(AccountError, match="no account"):
        admin.set_role("nobody", Role.ADMIN)


def test_role_changes_and_disabling_reach_open_sessions(store: SQLiteStore,
                                                        governance: Governance) -> None:
    admin = Administration(ADMIN, governance)
    admin.add_user("a.khan", Role.RHI_MANAGER, PASSWORD)
    user = authenticate(governance, "a.khan", PASSWORD)
    assert user is not None
    service = Service(store, user, governance)
    note = service.document("n1")
    assert note is not None and note["text"]
    admin.set_role("a.khan", Role.ANALYST)
    note = service.document("n1")
    assert note is not None and note["text"] is None
    admin.disable("a.khan")
    with pytest.raises(AccessDenied):
        service.counts()
    assert governance.audit.entries(limit=1)[0]["outcome"] == "denied"


def test_only_admins_manage_accounts(governance: Governance) -> None:
    for role in (Role.ANALYST, Role.RHI_MANAGER, Role.PARTNER):
        with pytest.raises(AccessDenied):
            Administration(User("x", role, source="test"), governance).add_user(
                "b.user", Role.ADMIN, PASSWORD)
    assert governance.users.get("b.user") is None


def test_no_password_or_note_text_reaches_the_logs(
        caplog: pytest.LogCaptureFixture, store: SQLiteStore, governance: Governance,
        world: SimpleNamespace) -> None:
    caplog.set_level(logging.DEBUG)
    admin = Administration(ADMIN, governance)
    admin.add_user("a.khan", Role.RHI_MANAGER, PASSWORD)
    authenticate(governance, "a.khan", PASSWORD + "x")
    user = authenticate(governance, "a.khan", PASSWORD)
    assert user is not None
    service = Service(store, user, governance)
    service.document("n1")
    service.search("vodka")
    service.hotspots()
    with pytest.raises(AccountError):
        admin.add_user("b.user", Role.ANALYST, "tiny")
    assert caplog.records, "the modules do log"
    for secret in (PASSWORD, world.NOTE_SECRET[:25], "vodka", "Kayla", "tiny"):
        assert secret not in caplog.text


def test_the_governance_file_is_private(governance: Governance) -> None:
    mode = stat.S_IMODE(Path(governance.path).stat().st_mode)
    assert mode & 0o077 == 0


# -- single sign-on and the other identities ---------------------------------------------
def test_oidc_claims_give_a_user_with_one_role() -> None:
    user = user_from_oidc_claims({"email": "a.khan@gmp.police.uk", "rhigraph_role": "Analyst"})
    assert user == User("a.khan@gmp.police.uk", Role.ANALYST, source="oidc")
    groups = {"sub": "123", "groups": ["staff", "RHI_MANAGER"], "is_logged_in": True}
    assert user_from_oidc_claims(groups, role_claim="groups").role is Role.RHI_MANAGER


@pytest.mark.parametrize("claims", [
    {"email": "a@x"}, {"email": "a@x", "rhigraph_role": "SUPERUSER"},
    {"email": "a@x", "rhigraph_role": ["ANALYST", "ADMIN"]}, {"rhigraph_role": "ANALYST"},
    {"email": "a@x", "rhigraph_role": "ANALYST", "is_logged_in": False},
])
def test_oidc_claims_without_exactly_one_role_are_refused(claims: dict[str, object]) -> None:
    with pytest.raises(AccessDenied):
        user_from_oidc_claims(claims)


def test_no_auth_is_the_partner_policy_and_the_cli_is_an_admin() -> None:
    assert ANONYMOUS_LOCAL.role is Role.PARTNER
    assert policy_for(ANONYMOUS_LOCAL.role).tier is Tier.AGGREGATE
    operator = local_operator()
    assert operator.role is Role.ADMIN and operator.username.startswith("local:")
    assert local_operator(Role.PARTNER).role is Role.PARTNER


def test_refused_account_changes_are_audited_without_the_typed_values(
        governance: Governance) -> None:
    admin = Administration(ADMIN, governance)
    with pytest.raises(AccountError):
        admin.add_user("a.khan", Role.ANALYST, "tiny")
    with pytest.raises(AccountError):
        admin.add_user("my secret phrase", Role.ANALYST, PASSWORD)
    entries = governance.audit.entries(limit=2)
    assert [e["outcome"] for e in entries] == ["refused", "refused"]
    assert "tiny" not in str(entries) and "secret phrase" not in str(entries)
