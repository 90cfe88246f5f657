"""Where things are: settings from command-line options, then the environment, then defaults.

One place resolves them so that the CLI, the dashboard and the tests open the same store the
same way. ``RHIGRAPH_DB`` names the SQLite file (default ``./rhigraph.db``); ``RHIGRAPH_STORE``
picks the implementation: ``sqlite`` (default) or ``neo4j``, which is configured by
``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``. ``RHIGRAPH_USER``
names the local account a command acts as (see :func:`rhigraph.governance.auth.cli_user`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from graph.exc import StoreError
from graph.store import SQLiteStore, Store

DEFAULT_DB = "rhigraph.db"
DEFAULT_MAX_BYTES = 10_000_000


@dataclass(frozen=True)
class Settings:
    """Resolved settings for one process."""

    db: Path
    store: str = "sqlite"
    max_bytes: int = DEFAULT_MAX_BYTES
    user: str | None = None

    @classmethod
    def resolve(cls, db: str | os.PathLike[str] | None = None,
                user: str | None = None) -> Settings:
        """Option beats environment beats default."""
        path = Path(db or os.environ.get("RHIGRAPH_DB") or DEFAULT_DB)
        max_bytes = int(os.environ.get("RHIGRAPH_MAX_BYTES", DEFAULT_MAX_BYTES))
        return cls(db=path, store=os.environ.get("RHIGRAPH_STORE", "sqlite"),
                   max_bytes=max_bytes,
                   user=(user or os.environ.get("RHIGRAPH_USER") or "").strip() or None)


def open_store(settings: Settings) -> Store:
    """Open the store the settings name."""
    if settings.store == "sqlite":
        return SQLiteStore(settings.db)
    if settings.store == "neo4j":
        from graph.store.neo4j import Neo4jStore  # the driver is loaded only when asked for

        return Neo4jStore.from_env()
    raise StoreError(f"unknown store {settings.store!r}; use 'sqlite' or 'neo4j'")
