"""The check every governed call starts with, and the audit entry every call ends with.

Shared by :class:`~rhigraph.governance.service.Service` (the graph) and
:class:`~rhigraph.governance.admin.Administration` (accounts and the audit log), so both
refuse in the same way: the refusal is itself written to the audit log, then
:class:`AccessDenied` is raised with a message that names the role and the action only.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, NoReturn

from rhigraph.governance.core import Governance
from rhigraph.governance.roles import AccessDenied, Policy, policy_for
from rhigraph.governance.users import User


class Gate:
    """The acting user, their current policy, and the audit log."""

    def __init__(self, user: User, governance: Governance) -> None:
        self.user = user
        self.governance = governance

    def policy(self) -> Policy:
        """The user's policy now. A local account is re-read on every call, so disabling an
        account or changing its role applies to sessions already open."""
        if self.user.source == "local":
            account = self.governance.users.get(self.user.username)
            if account is None or account.disabled:
                self.record("session", outcome="denied")
                raise AccessDenied("this account is disabled or no longer exists")
            if account.role != self.user.role:
                self.user = replace(self.user, role=account.role)
        if self.user.disabled:
            raise AccessDenied("this account is disabled")
        return policy_for(self.user.role)

    def record(self, action: str, /, *, target: str | None = None, outcome: str = "ok",
               **query: Any) -> int:
        """Write one audit entry for the acting user; see :mod:`~rhigraph.governance.audit`
        for what ``target`` and ``query`` may hold."""
        return self.governance.audit.append(self.user.username, self.user.role.value, action,
                                            target=target, outcome=outcome, query=query)

    def require(self, allowed: bool, action: str, what: str, /, *, target: str | None = None,
                **query: Any) -> None:
        """Go on when ``allowed``; otherwise audit the refusal and raise."""
        if not allowed:
            self.deny(action, what, target=target, **query)

    def deny(self, action: str, what: str, /, *, target: str | None = None,
             **query: Any) -> NoReturn:
        """Audit a refusal and raise :class:`AccessDenied` naming the role and ``what``."""
        self.record(action, target=target, outcome="denied", **query)
        raise AccessDenied(f"role {self.user.role.value} may not {what}")
