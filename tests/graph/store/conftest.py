"""Store fixtures: every contract test runs against each store implementation available.

SQLite always runs, on a real file. Neo4j joins when ``NEO4J_URI`` is set (with
``NEO4J_USER``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``); each test then starts from an empty
database, so point it at a database the tests may wipe. Without ``NEO4J_URI`` the Neo4j runs
are skipped with the reason, and the store's Cypher is still checked by
``test_neo4j_cypher_lint.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import SQLiteStore, Store

#: Test-only: empties the database the contract tests were pointed at (constraints stay).
WIPE = "MATCH (n) DETACH DELETE n"


def _neo4j_store() -> Store:
    if not os.environ.get("NEO4J_URI"):
        pytest.skip("Neo4j contract tests need a server: set NEO4J_URI (and NEO4J_USER, "
                    "NEO4J_PASSWORD, NEO4J_DATABASE) to a database the tests may wipe")
    from graph.store.neo4j import Neo4jStore, driver_for

    opened = Neo4jStore.from_env()
    driver_for(opened.uri, opened.user, os.environ.get("NEO4J_PASSWORD", "")).execute_query(
        WIPE, database_=opened.database)
    return opened


@pytest.fixture(params=["sqlite", "neo4j"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh, empty store of each implementation."""
    if request.param == "sqlite":
        opened: Store = SQLiteStore(tmp_path / "contract.db")
    else:
        opened = _neo4j_store()
    try:
        yield opened
    finally:
        opened.close()
