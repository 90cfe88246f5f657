"""Need-to-know, audit, retention and erasure: trusted with children's data (issue 10).

Everything a person reads goes through :class:`Service` (the graph) or
:class:`Administration` (accounts, audit, retention), made for one :class:`User` over one
:class:`Governance` file. The policy is data in :mod:`rhigraph.governance.roles`.
"""

from __future__ import annotations

from rhigraph.governance.admin import Administration
from rhigraph.governance.auth import (
    ANONYMOUS_LOCAL,
    authenticate,
    cli_user,
    local_operator,
    record_sign_in,
    user_from_oidc_claims,
)
from rhigraph.governance.core import Governance
from rhigraph.governance.db import governance_path
from rhigraph.governance.roles import POLICIES, AccessDenied, Policy, Role, Tier, policy_for
from rhigraph.governance.service import Service
from rhigraph.governance.users import AccountError, User

__all__ = [
    "ANONYMOUS_LOCAL", "POLICIES", "AccessDenied", "AccountError", "Administration",
    "Governance", "Policy", "Role", "Service", "Tier", "User", "authenticate",
    "cli_user", "governance_path", "local_operator", "policy_for", "record_sign_in",
    "user_from_oidc_claims",
]
