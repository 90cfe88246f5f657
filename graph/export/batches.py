"""The embedded store's documents as write batches: what ``rhigraph sync --to neo4j`` copies.

Why batches: the target store's own ``write`` is the one path that enforces the content-hash
check, provenance on every link and all-or-nothing documents, so a copy made through it is
idempotent (an unchanged document is skipped) and cannot differ from an ingest. Documents are
replayed in the order they were ingested, so entity labels and properties merge as they did.

Mentions are not part of the ``Store`` protocol, so this reads the SQLite tables directly with
read-only literal statements (``SQLiteStore.read_sql``); it is the only SQL in
``graph/export``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from graph.provenance import Grading
from graph.store import (
    Batch,
    DocumentRecord,
    EntityRecord,
    IndicatorRecord,
    LinkRecord,
    MentionRecord,
    SQLiteStore,
)

DOCUMENTS = (
    "SELECT id, kind, content_hash, source_path, format, child_id, date, submitted_by, agency,"
    " source_evaluation, intelligence_assessment, handling_code, fields, text"
    " FROM documents ORDER BY ingested_at, rowid"
)
ENTITIES = (
    "SELECT id, type, key, label, props FROM entities WHERE id IN ("
    " SELECT entity_id FROM mentions WHERE document_id = ?1"
    " UNION SELECT source_id FROM links WHERE document_id = ?1"
    " UNION SELECT target_id FROM links WHERE document_id = ?1) ORDER BY id"
)
MENTIONS = (
    'SELECT entity_id, text, start, "end", role, aliases, attributes FROM mentions'
    " WHERE document_id = ? ORDER BY id"
)
LINKS = (
    'SELECT type, source_id, target_id, child_id, start, "end", observed_at, props FROM links'
    " WHERE document_id = ? ORDER BY id"
)
INDICATORS = (
    'SELECT code, text, start, "end", negated, child_id FROM indicators'
    " WHERE document_id = ? ORDER BY id"
)


def _document(row: Any) -> DocumentRecord:
    return DocumentRecord(
        id=row["id"], kind=row["kind"], content_hash=row["content_hash"],
        source_path=row["source_path"], format=row["format"], child_id=row["child_id"],
        date=row["date"], submitted_by=row["submitted_by"], agency=row["agency"],
        grading=Grading(row["source_evaluation"], row["intelligence_assessment"],
                        row["handling_code"]),
        fields=json.loads(row["fields"] or "{}"), text=row["text"])


def document_batch(store: SQLiteStore, row: Any) -> Batch:
    """One stored document (a row of ``documents``) rebuilt as the batch that wrote it."""
    doc_id = row["id"]
    entities = [EntityRecord(r["type"], r["key"], r["label"], json.loads(r["props"]))
                for r in store.read_sql(ENTITIES, (doc_id,))]
    mentions = [MentionRecord(r["entity_id"], r["text"], r["start"], r["end"], r["role"],
                              tuple(json.loads(r["aliases"])), json.loads(r["attributes"]))
                for r in store.read_sql(MENTIONS, (doc_id,))]
    links = [LinkRecord(r["type"], r["source_id"], r["target_id"], r["child_id"], r["start"],
                        r["end"], r["observed_at"], json.loads(r["props"]))
             for r in store.read_sql(LINKS, (doc_id,))]
    indicators = [IndicatorRecord(r["code"], r["text"], r["start"], r["end"],
                                  bool(r["negated"]), r["child_id"])
                  for r in store.read_sql(INDICATORS, (doc_id,))]
    return Batch(_document(row), entities, mentions, links, indicators)


def sqlite_batches(store: SQLiteStore) -> Iterator[Batch]:
    """Every stored document as a batch, in ingest order."""
    for row in store.read_sql(DOCUMENTS):
        yield document_batch(store, row)
