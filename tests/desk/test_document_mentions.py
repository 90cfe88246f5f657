"""``SQLiteStore.document_mentions``: each note's mentions with roles, spans and clusters."""

from __future__ import annotations

import json

from graph.store import SQLiteStore
from tests.desk.conftest import Area


def test_mentions_match_the_stored_rows(area: Area, store: SQLiteStore) -> None:
    notes = [d["id"] for d in store.documents("rhi_note")]
    rows = store.document_mentions(notes[:3])
    assert rows and {r["document_id"] for r in rows} <= set(notes[:3])
    raw = store.read_sql(
        "SELECT document_id, entity_id, text, role FROM mentions WHERE document_id IN"
        " (SELECT value FROM json_each(?))", (json.dumps(notes[:3]),))
    assert sorted((r[0], r[1], r[2], r[3]) for r in raw) == sorted(
        (r["document_id"], r["entity_id"], r["text"], r["role"]) for r in rows)
    # Each mention's cluster is the one links() gives the same entity in the same document.
    ends = {(x["document_id"], x["source_id"]): x["source_cluster"] for x in store.links()
            if x["type"] == "MENTIONED_IN" and x["document_id"] in notes[:3]}
    for row in rows:
        assert row["cluster_id"] == ends[(row["document_id"], row["entity_id"])]
        assert row["type"] == row["entity_id"].split(":", 1)[0]
        assert isinstance(row["aliases"], list) and isinstance(row["attributes"], dict)


def test_kind_filter_and_order(store: SQLiteStore) -> None:
    forms = store.document_mentions(kind="intel_form")
    assert forms and {r["kind"] for r in forms} == {"intel_form"}
    keys = [(r["date"] or "", r["document_id"]) for r in store.document_mentions()]
    assert keys == sorted(keys)
    assert store.document_mentions([]) == []


def test_a_resolved_cluster_is_reported(area: Area, writable: SQLiteStore) -> None:
    row = writable.document_mentions(kind="rhi_note")[0]
    writable.replace_resolution(
        [{"entity_id": row["entity_id"], "document_id": "", "cluster_id": "cluster-1",
          "canonical_id": row["entity_id"], "score": 1.0, "reasons": []}], [],
        resolved_at="2026-04-01T00:00:00+00:00", fingerprint="x")
    again = [r for r in writable.document_mentions([row["document_id"]])
             if r["entity_id"] == row["entity_id"]]
    assert again and all(r["cluster_id"] == "cluster-1" for r in again)
