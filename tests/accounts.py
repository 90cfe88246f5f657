"""Local accounts for command-line tests: commands act as ``RHIGRAPH_USER``'s account."""

from __future__ import annotations

import os
from pathlib import Path

from rhigraph.governance import Governance, Role

PASSWORD = "correct horse battery staple"


def add_account(db: str | os.PathLike[str], username: str, role: Role | str) -> dict[str, str]:
    """Add ``username`` with ``role`` to the governance file beside the store ``db``; return
    the environment that makes a command act as that account."""
    governance = Governance.beside(Path(db))
    try:
        governance.users.add(username, Role.parse(str(role)), PASSWORD)
    finally:
        governance.close()
    return {"RHIGRAPH_USER": username}
