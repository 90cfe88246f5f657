"""One handle on the governance file: accounts, audit log, retention settings, pseudonyms."""

from __future__ import annotations

import os

from rhigraph.governance.audit import AuditLog
from rhigraph.governance.db import GovernanceDB, governance_path
from rhigraph.governance.pseudonym import Pseudonyms, installation_key
from rhigraph.governance.retention import RetentionSettings
from rhigraph.governance.users import UserStore


class Governance:
    """The governance file opened once per process (the dashboard shares it between
    sessions, as it shares the store)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.db = GovernanceDB(path)
        self.users = UserStore(self.db)
        self.audit = AuditLog(self.db)
        self.retention = RetentionSettings(self.db)
        self.pseudonyms = Pseudonyms(installation_key(self.db))

    @classmethod
    def beside(cls, store_db: str | os.PathLike[str] | None) -> Governance:
        """The governance file for the store at ``store_db`` (see :func:`governance_path`)."""
        return cls(governance_path(store_db))

    @property
    def path(self) -> str:
        return str(self.db.path)

    def close(self) -> None:
        self.db.close()
