"""The policy table as data: what each role may do, fail-closed for the unknown."""

from __future__ import annotations

import pytest

from rhigraph.governance import POLICIES, AccessDenied, Role, Tier, policy_for
from rhigraph.governance.roles import ALL_KINDS


def test_every_role_has_a_policy() -> None:
    assert set(POLICIES) == set(Role)


def test_tiers() -> None:
    assert policy_for("analyst").tier is Tier.FACTS
    assert policy_for(Role.RHI_MANAGER).tier is Tier.FULL_TEXT
    assert policy_for(Role.ADMIN).tier is Tier.FACTS
    assert policy_for(Role.PARTNER).tier is Tier.AGGREGATE


def test_whole_rhi_notes_are_for_rhi_managers_only() -> None:
    readers = {role for role, p in POLICIES.items() if p.reads_full_text("rhi_note")}
    assert readers == {Role.RHI_MANAGER}
    assert policy_for(Role.ANALYST).reads_snippet("rhi_note")
    assert policy_for(Role.ANALYST).reads_full_text("intel_form")


def test_unknown_kinds_and_roles_fail_closed() -> None:
    assert not any(p.reads_snippet("new_kind") for p in POLICIES.values()
                   if p.role is not Role.RHI_MANAGER)
    assert not policy_for(Role.RHI_MANAGER).reads_full_text("new_kind")
    assert policy_for(Role.RHI_MANAGER).full_text_kinds == ALL_KINDS
    with pytest.raises(AccessDenied):
        policy_for("SUPERUSER")


def test_partner_limits() -> None:
    partner = policy_for(Role.PARTNER)
    assert partner.withheld_handling_codes == {"C"}
    assert partner.force_min_grading and partner.pseudonymise_children
    assert not partner.see_placements and partner.min_children_floor >= 2
    assert not partner.reads_snippet("rhi_note") and not partner.reads_snippet("intel_form")


def test_handling_code_c_exports() -> None:
    exporters = {role for role, p in POLICIES.items() if p.export_handling_c}
    assert exporters == {Role.ANALYST, Role.RHI_MANAGER}
