"""What ``rhigraph sync`` copies: each stored document rebuilt as the batch that wrote it.

Copied into a second real store through its own ``write``, the graph must come out the same
(entities, links with provenance, mentions, indicators, documents, activity), and a second
copy must change nothing. ``rhigraph sync --to neo4j`` itself runs when ``NEO4J_URI`` is set.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.export.batches import sqlite_batches
from graph.store import SQLiteStore
from rhigraph.cli import main
from tests.accounts import add_account


def _links(store: SQLiteStore) -> list[tuple]:
    return sorted(tuple(sorted((k, str(v)) for k, v in link.items() if k != "id"))
                  for link in store.links())


def test_copy_through_write_reproduces_the_graph(store: SQLiteStore, tmp_path: Path) -> None:
    copy = SQLiteStore(tmp_path / "copy.db")
    outcomes = [copy.write(batch) for batch in sqlite_batches(store)]
    assert outcomes == ["ingested", "ingested"]
    assert copy.counts() == store.counts()
    assert copy.entities() == store.entities()
    assert _links(copy) == _links(store)
    assert copy.indicators() == store.indicators()
    strip = [{k: v for k, v in d.items() if k != "ingested_at"} for d in store.documents()]
    assert [{k: v for k, v in d.items() if k != "ingested_at"}
            for d in copy.documents()] == strip
    assert copy.document_text("isf1") == store.document_text("isf1")
    assert copy.entity_activity("Location") == store.entity_activity("Location")
    assert copy.entity_activity("Person") == store.entity_activity("Person")
    assert [copy.write(b) for b in sqlite_batches(store)] == ["unchanged", "unchanged"]
    copy.close()


def test_sync_to_neo4j(store: SQLiteStore, tmp_path: Path) -> None:
    if not os.environ.get("NEO4J_URI"):
        pytest.skip("sync --to neo4j needs a server: set NEO4J_URI (and NEO4J_USER, "
                    "NEO4J_PASSWORD, NEO4J_DATABASE) to a database the tests may write")
    db = store.path
    manager = add_account(db, "s.ellis", "RHI_MANAGER")  # a copy holds every note whole
    first = CliRunner().invoke(main, ["--db", db, "sync", "--to", "neo4j", "--format", "json"],
                               env=manager)
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(main, ["--db", db, "sync", "--to", "neo4j", "--format", "json"],
                               env=manager)
    assert '"unchanged": 2' in again.output and '"ingested": 0' in again.output


def test_sync_without_a_server_says_what_to_set(store: SQLiteStore,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    result = CliRunner().invoke(main, ["--db", store.path, "sync", "--to", "neo4j"])
    assert result.exit_code == 1 and "NEO4J_URI" in result.output
