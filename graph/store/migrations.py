"""Named, recorded schema migrations for the SQLite store (the sqlite-utils pattern).

Each migration runs once, in order, inside a transaction, and is recorded in ``_migrations``,
so an old database file is upgraded in place and a new one is built by the same steps.
Append new migrations; never edit one that has shipped.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    """``sql`` (statements separated by ``;``), then, when named, ``then``: a method of the
    store run in the same transaction, for data a statement cannot derive (rows computed by
    the store's own queries)."""

    name: str
    sql: str
    then: str = ""


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
    Migration(
        "0003_actions_and_notifications",
        """
        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL,
            child_id TEXT,
            episode_id TEXT,
            source TEXT NOT NULL DEFAULT 'meeting' CHECK (source IN ('meeting', 'rhi')),
            meeting TEXT,
            document_id TEXT,
            owner TEXT,
            due TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
            created_at TEXT NOT NULL,
            created_by TEXT,
            closed_at TEXT,
            closed_by TEXT,
            closure_note TEXT
        );
        CREATE INDEX actions_child ON actions(child_id, status);
        CREATE UNIQUE INDEX actions_recommendation ON actions(document_id, text)
            WHERE document_id IS NOT NULL;
        CREATE TABLE notifications (
            id INTEGER PRIMARY KEY,
            episode_id TEXT NOT NULL,
            about TEXT NOT NULL CHECK (about IN ('missing', 'rhi')),
            body_role TEXT NOT NULL
                CHECK (body_role IN ('responsible_la', 'host_la', 'home_force')),
            body TEXT,
            notified_at TEXT NOT NULL,
            recorded_by TEXT,
            note TEXT,
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX notifications_episode ON notifications(episode_id);
        """,
    ),
    Migration(
        "0004_resolution",
        # Entity resolution (issue 5) never rewrites entity ids: it maps each entity, or one
        # entity's mention in one document when a key names two real things (two boys both
        # written "Ryan"), to a cluster. document_id '' is the entity-wide row; a row with a
        # document id overrides it for that document's links and mentions only.
        """
        CREATE TABLE entity_clusters (
            entity_id TEXT NOT NULL,
            document_id TEXT NOT NULL DEFAULT '',
            cluster_id TEXT NOT NULL,
            canonical_id TEXT NOT NULL,
            score REAL NOT NULL,
            reasons TEXT NOT NULL DEFAULT '[]',
            resolved_at TEXT NOT NULL,
            PRIMARY KEY (entity_id, document_id)
        );
        CREATE INDEX entity_clusters_cluster ON entity_clusters(cluster_id);
        CREATE TABLE resolution_candidates (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            type TEXT NOT NULL,
            left_id TEXT NOT NULL,
            left_document TEXT NOT NULL DEFAULT '',
            right_id TEXT NOT NULL,
            right_document TEXT NOT NULL DEFAULT '',
            left_cluster TEXT,
            right_cluster TEXT,
            score REAL NOT NULL,
            reasons TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'accepted', 'rejected')),
            judgement_id INTEGER,
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX resolution_candidates_pair
            ON resolution_candidates(left_id, left_document, right_id, right_document);
        CREATE INDEX resolution_candidates_status ON resolution_candidates(status, score);
        CREATE TABLE judgements (
            id INTEGER PRIMARY KEY,
            left_id TEXT NOT NULL,
            left_document TEXT NOT NULL DEFAULT '',
            right_id TEXT NOT NULL,
            right_document TEXT NOT NULL DEFAULT '',
            same INTEGER NOT NULL CHECK (same IN (0, 1)),
            user TEXT NOT NULL,
            at TEXT NOT NULL,
            note TEXT,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            undone_by TEXT,
            undone_at TEXT
        );
        CREATE INDEX judgements_left ON judgements(left_id);
        CREATE INDEX judgements_right ON judgements(right_id);
        CREATE TABLE resolution_runs (
            id INTEGER PRIMARY KEY,
            resolved_at TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '{}'
        );
        """,
    ),
    Migration(
        "0005_mentions_role_index",
        """
        CREATE INDEX mentions_role_entity ON mentions(role, entity_id);
        """,
    ),
    Migration(
        "0006_analysis_summaries",
        # Issue 6: the unfiltered rows of the ranked analyses, kept exact by every write,
        # deletion and resolution run (graph/store/summaries.py). Filled from the data already
        # stored, so an old file answers at once; re-running the fill gives the same rows.
        """
        CREATE TABLE IF NOT EXISTS entity_summaries (
            entity_id TEXT PRIMARY KEY,
            children INTEGER NOT NULL,
            documents INTEGER,
            episodes INTEGER,
            found_at INTEGER,
            missing_from INTEGER,
            is_placement INTEGER,
            is_home INTEGER,
            direct_children INTEGER,
            concern_children INTEGER,
            first_seen TEXT,
            last_seen TEXT,
            intel_documents INTEGER,
            adult_ids TEXT
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS person_summaries (
            entity_id TEXT NOT NULL,
            role TEXT NOT NULL,
            children INTEGER NOT NULL,
            documents INTEGER,
            first_seen TEXT,
            last_seen TEXT,
            intel_documents INTEGER,
            concern_children INTEGER,
            roles TEXT,
            PRIMARY KEY (entity_id, role)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS person_summaries_children ON person_summaries(children);
        CREATE TABLE IF NOT EXISTS summary_stale (entity_id TEXT PRIMARY KEY) WITHOUT ROWID
        """,
        then="_rebuild_summaries",
    ),
    # The dashboard opens on the day of the latest fact and reads windows of recent dates:
    # without this every such read scans every link.
    Migration(
        "0007_dashboard_indexes",
        """
        CREATE INDEX IF NOT EXISTS links_observed ON links(observed_at);
        """,
    ),
    # A weekly pack reads the week's episodes, its children's look-back, the episodes still
    # open and those of children living out of area (graph/store/episode_reads.py). Their
    # facts live in each episode's JSON props, so every such read decoded every episode.
    # Generated columns (computed from props, never written) and partial indexes on them let
    # each of those reads be an index range; the RHI note an episode names likewise.
    Migration(
        "0008_episode_windows",
        """
        ALTER TABLE entities ADD COLUMN child_ref TEXT GENERATED ALWAYS AS (
            CASE WHEN type IN ('Episode', 'Placement')
                 THEN NULLIF(json_extract(props, '$.child_id'), '')
                 WHEN type = 'Child'
                 THEN COALESCE(NULLIF(json_extract(props, '$.child_id'), ''), key) END
            ) VIRTUAL;
        ALTER TABLE entities ADD COLUMN ep_day TEXT GENERATED ALWAYS AS (
            CASE WHEN type = 'Episode' THEN NULLIF(substr(
                json_extract(props, '$.reported_missing_at'), 1, 10), '') END) VIRTUAL;
        ALTER TABLE entities ADD COLUMN ep_returned TEXT GENERATED ALWAYS AS (
            CASE WHEN type = 'Episode' THEN substr(
                NULLIF(json_extract(props, '$.returned_at'), ''), 1, 10) END) VIRTUAL;
        ALTER TABLE entities ADD COLUMN ep_rhi_until TEXT GENERATED ALWAYS AS (
            CASE WHEN type = 'Episode'
                  AND NULLIF(json_extract(props, '$.returned_at'), '') IS NOT NULL
                  AND COALESCE(NULLIF(json_extract(props, '$.rhi_outcome'), ''),
                               'completed') = 'completed'
            THEN COALESCE(substr(NULLIF(json_extract(props, '$.rhi_completed_at'), ''),
                                 1, 10), '9999-12-31') END) VIRTUAL;
        ALTER TABLE entities ADD COLUMN ep_host_la TEXT GENERATED ALWAYS AS (
            CASE WHEN type IN ('Episode', 'Placement')
            THEN NULLIF(json_extract(props, '$.host_la'), '') END) VIRTUAL;
        ALTER TABLE entities ADD COLUMN ep_hosted INTEGER GENERATED ALWAYS AS (
            CASE WHEN type IN ('Episode', 'Placement')
            THEN COALESCE(json_extract(props, '$.host_la'), '') <> ''
                 OR COALESCE(json_extract(props, '$.host_force'), '') <> '' END) VIRTUAL;
        ALTER TABLE entities ADD COLUMN ep_responsible_la TEXT GENERATED ALWAYS AS (
            CASE WHEN type = 'Episode'
            THEN NULLIF(json_extract(props, '$.responsible_la'), '') END) VIRTUAL;
        CREATE INDEX entities_episode_day ON entities(ep_day, child_ref)
            WHERE type = 'Episode';
        CREATE INDEX entities_episode_child ON entities(child_ref, ep_day)
            WHERE type = 'Episode';
        CREATE INDEX entities_episode_returned ON entities(ep_returned, ep_day)
            WHERE type = 'Episode';
        CREATE INDEX entities_episode_rhi ON entities(ep_rhi_until, ep_returned)
            WHERE type = 'Episode';
        CREATE INDEX entities_episode_hosted ON entities(ep_hosted, ep_day, child_ref)
            WHERE type = 'Episode';
        CREATE INDEX entities_child_ref ON entities(type, child_ref);
        CREATE INDEX entities_episode_authorities
            ON entities(ep_host_la, ep_responsible_la, child_ref, ep_day)
            WHERE type = 'Episode';
        ALTER TABLE documents ADD COLUMN episode_ref TEXT GENERATED ALWAYS AS (
            NULLIF(json_extract(fields, '$.episode_id'), '')) VIRTUAL;
        CREATE INDEX documents_episode_ref ON documents(episode_ref) WHERE kind = 'rhi_note';
        CREATE INDEX documents_kind_date ON documents(kind, date)
        """,
    ),
)
