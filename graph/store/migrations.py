"""Named, recorded schema migrations for the SQLite store (the sqlite-utils pattern).

Each migration runs once, in order, inside a transaction, and is recorded in ``_migrations``,
so an old database file is upgraded in place and a new one is built by the same steps.
Append new migrations; never edit one that has shipped.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_core",
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            source_path TEXT,
            format TEXT,
            child_id TEXT,
            date TEXT,
            submitted_by TEXT,
            agency TEXT,
            source_evaluation TEXT,
            intelligence_assessment TEXT,
            handling_code TEXT,
            fields TEXT NOT NULL DEFAULT '{}',
            text TEXT,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX documents_child ON documents(child_id);
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            key TEXT NOT NULL,
            label TEXT NOT NULL,
            props TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX entities_type ON entities(type);
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            entity_id TEXT NOT NULL REFERENCES entities(id),
            text TEXT NOT NULL,
            start INTEGER,
            "end" INTEGER,
            role TEXT,
            aliases TEXT NOT NULL DEFAULT '[]',
            attributes TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX mentions_entity ON mentions(entity_id);
        CREATE INDEX mentions_document ON mentions(document_id);
        CREATE TABLE links (
            id INTEGER PRIMARY KEY,
            type TEXT NOT NULL,
            source_id TEXT NOT NULL REFERENCES entities(id),
            target_id TEXT NOT NULL REFERENCES entities(id),
            child_id TEXT,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER,
            "end" INTEGER,
            observed_at TEXT,
            submitted_by TEXT,
            agency TEXT,
            source_evaluation TEXT,
            intelligence_assessment TEXT,
            handling_code TEXT,
            props TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX links_target ON links(target_id, type);
        CREATE INDEX links_source ON links(source_id, type);
        CREATE INDEX links_child ON links(child_id);
        CREATE INDEX links_document ON links(document_id);
        CREATE TABLE rejections (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            location TEXT,
            reason TEXT NOT NULL,
            content_hash TEXT,
            rejected_at TEXT NOT NULL
        );
        """,
    ),
    Migration(
        "0002_indicators_and_categories",
        """
        CREATE TABLE indicators (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            child_id TEXT,
            code TEXT NOT NULL,
            text TEXT NOT NULL,
            start INTEGER,
            "end" INTEGER,
            negated INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX indicators_document ON indicators(document_id);
        CREATE INDEX indicators_child ON indicators(child_id, code);
        CREATE TABLE document_categories (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            category TEXT NOT NULL,
            PRIMARY KEY (document_id, category)
        );
        CREATE INDEX document_categories_category ON document_categories(category);
        """,
    ),
)
