"""Administration through the same gate: accounts, the audit log, retention settings.

Only roles whose policy says so may act (``manage_users``, ``read_audit``,
``review_retention``); every action, allowed or refused, is itself audited. Passwords pass
through to :class:`~rhigraph.governance.users.UserStore` and go nowhere else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rhigraph.governance.audit import Verification
from rhigraph.governance.core import Governance
from rhigraph.governance.gate import Gate
from rhigraph.governance.roles import Role
from rhigraph.governance.users import AccountError, User, valid_username


class Administration:
    """What an ADMIN does, as ``actor``."""

    def __init__(self, actor: User, governance: Governance) -> None:
        self.gate = Gate(actor, governance)
        self.governance = governance

    def _users(self, action: str, target: str | None = None, **query: Any) -> None:
        policy = self.gate.policy()
        self.gate.require(policy.manage_users, action, "manage accounts", target=target,
                          **query)

    @contextmanager
    def _account_change(self, action: str, username: str, **query: Any) -> Iterator[None]:
        """Check the role, make the change, audit it; a refused change (a short password,
        a taken or unknown username) is audited as ``refused`` with the reason's class
        only. An invalid username is not written to the log: it may be a typed password."""
        self._users(action, username if valid_username(username) else None,
                    **query)
        try:
            yield
        except AccountError:
            self.gate.record(action, outcome="refused", **query)
            raise
        self.gate.record(action, target=username, **query)

    def add_user(self, username: str, role: Role, password: str) -> User:
        """Create an account (the password is hashed, never recorded)."""
        with self._account_change("users.add", username, role=role.value):
            self.governance.users.add(username, role, password)
        return User(username, role)

    def set_role(self, username: str, role: Role) -> None:
        """Change an account's role; open sessions pick it up on their next call."""
        with self._account_change("users.set_role", username, role=role.value):
            self.governance.users.set_role(username, role)

    def disable(self, username: str) -> None:
        """Disable an account; open sessions are refused from their next call."""
        with self._account_change("users.disable", username):
            self.governance.users.disable(username)

    def set_password(self, username: str, password: str) -> None:
        """Replace an account's password."""
        with self._account_change("users.set_password", username):
            self.governance.users.set_password(username, password)

    def accounts(self) -> list[dict[str, object]]:
        """Every account (no hashes)."""
        self._users("users.list")
        rows = self.governance.users.accounts()
        self.gate.record("users.list", rows=len(rows))
        return rows

    def audit_entries(self, *, user: str | None = None, target: str | None = None,
                      limit: int | None = None) -> list[dict[str, Any]]:
        """Audit entries, newest first, of one user and/or about one target: a document id
        or an entity id (``Person:deano``, converted to the reference the log holds, see
        :meth:`Pseudonyms.entity_ref`)."""
        policy = self.gate.policy()
        target = self.governance.pseudonyms.entity_ref(target) if target else None
        self.gate.require(policy.read_audit, "audit.show", "read the audit log", user=user,
                          target_ref=target)
        rows = self.governance.audit.entries(user=user, target=target, limit=limit)
        self.gate.record("audit.show", user=user, target_ref=target, rows=len(rows))
        return rows

    def verify_audit(self, expect: tuple[int, str] | None = None) -> Verification:
        """Walk the audit chain (:meth:`AuditLog.verify`); the check itself is audited after
        the walk, so it never verifies its own entry."""
        policy = self.gate.policy()
        self.gate.require(policy.read_audit, "audit.verify", "verify the audit log")
        result = self.governance.audit.verify(expect)
        self.gate.record("audit.verify", ok=result.ok, broken_at=result.broken_at,
                         head_seq=result.head_seq)
        return result

    def set_retention_period(self, kind: str, days: int) -> None:
        """Set how long documents of ``kind`` are kept before review."""
        policy = self.gate.policy()
        self.gate.require(policy.review_retention, "retention.set_period",
                          "set retention periods", kind=kind, days=days)
        self.governance.retention.set_period(kind, days, self.gate.user.username)
        self.gate.record("retention.set_period", kind=kind, days=days)

    def set_review(self, document_id: str, review_on: dt.date) -> None:
        """Record a document's next review date (it was reviewed and kept)."""
        policy = self.gate.policy()
        self.gate.require(policy.review_retention, "retention.set_review",
                          "set review dates", target=document_id)
        self.governance.retention.set_review(document_id, review_on, self.gate.user.username)
        self.gate.record("retention.set_review", target=document_id,
                         review_on=review_on.isoformat())
