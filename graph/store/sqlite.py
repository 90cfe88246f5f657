"""The embedded store: one SQLite file, WAL mode, zero services.

Why SQLite: the default deployment is an analyst's laptop or a small LA server with no
database administrator; a single file is easy to back up, encrypt at rest and hand over.
WAL lets the dashboard read while an ingest writes. Every document is written in one
``BEGIN IMMEDIATE`` transaction, so a crash or a kill leaves either all of it or none of it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.exc import StoreError
from graph.schema import model
from graph.store.migrations import MIGRATIONS
from graph.store.records import Batch, Filters, Rejection, WriteOutcome


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _props(value: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if v not in (None, "", [], {})}


def filter_sql(filters: Filters | None, alias: str = "l") -> tuple[str, list[Any]]:
    """SQL conditions (joined with AND, starting with ``1=1``) for :class:`Filters` on links.

    Ungraded facts (RHI notes) pass the grading filter: it removes what a grader judged
    unreliable (source C) or suspected false (assessment 5), not what nobody graded.
    """
    clauses, params = ["1=1"], []
    if filters is None:
        return clauses[0], params
    if filters.since:
        clauses.append(f"{alias}.observed_at >= ?")
        params.append(filters.since)
    if filters.until:
        clauses.append(f"{alias}.observed_at <= ?")
        params.append(filters.until + "T99" if len(filters.until) == 10 else filters.until)
    if filters.min_grading:
        clauses.append(f"COALESCE({alias}.source_evaluation, '') <> 'C'")
        clauses.append(f"COALESCE({alias}.intelligence_assessment, '') <> '5'")
    if filters.categories:
        marks = ",".join("?" * len(filters.categories))
        clauses.append(f"{alias}.document_id IN (SELECT document_id FROM document_categories"
                       f" WHERE category IN ({marks}))")
        params.extend(c.upper() for c in filters.categories)
    if filters.handling_codes:
        marks = ",".join("?" * len(filters.handling_codes))
        clauses.append(f"({alias}.handling_code IS NULL OR {alias}.handling_code IN ({marks}))")
        params.extend(filters.handling_codes)
    return " AND ".join(clauses), params


class SQLiteStore:
    """:class:`graph.store.base.Store` on a SQLite file (or ``":memory:"`` in tests)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        # One connection shared by threads (Streamlit runs sessions in threads); the lock makes
        # each call atomic. isolation_level=None: transactions are explicit.
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.execute("PRAGMA busy_timeout = 10000")
        if self.path != ":memory:":
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
        self.migrate()

    # -- schema ---------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        with self._lock:
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
            )
            done = {r[0] for r in self._conn.execute("SELECT name FROM _migrations")}
            applied = []
            for migration in MIGRATIONS:
                if migration.name in done:
                    continue
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    for statement in migration.sql.split(";"):
                        if statement.strip():
                            self._conn.execute(statement)
                    self._conn.execute(
                        "INSERT INTO _migrations VALUES (?, ?)", (migration.name, _now())
                    )
                    self._conn.execute("COMMIT")
                except Exception:
                    self._conn.execute("ROLLBACK")
                    raise
                applied.append(migration.name)
            return applied

    def applied_migrations(self) -> list[str]:
        """Names of the migrations this file has had, in order."""
        rows = self._conn.execute("SELECT name FROM _migrations ORDER BY name")
        return [r[0] for r in rows]

    # -- writing --------------------------------------------------------------------------
    def document_hash(self, document_id: str) -> str | None:
        row = self._conn.execute(
            "SELECT content_hash FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        return row[0] if row else None

    def write(self, batch: Batch) -> WriteOutcome:
        doc = batch.document
        with self._lock:
            previous = self.document_hash(doc.id)
            if previous == doc.content_hash:
                return "unchanged"
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                if previous is not None:
                    self._delete_document(doc.id)
                self._insert(batch)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        return "ingested" if previous is None else "updated"

    def _insert(self, batch: Batch) -> None:
        doc = batch.document
        g = doc.grading
        self._conn.execute(
            "INSERT INTO documents (id, kind, content_hash, source_path, format, child_id, date,"
            " submitted_by, agency, source_evaluation, intelligence_assessment, handling_code,"
            " fields, text, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.id, doc.kind, doc.content_hash, doc.source_path, doc.format, doc.child_id,
             doc.date, doc.submitted_by, doc.agency, g.source_evaluation,
             g.intelligence_assessment, g.handling_code, _json(doc.fields), doc.text, _now()),
        )
        self._conn.executemany(
            "INSERT INTO entities (id, type, key, label, props) VALUES (?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET props = json_patch(entities.props, excluded.props),"
            " label = CASE WHEN entities.label = entities.key THEN excluded.label"
            " ELSE entities.label END",
            [(e.id, e.type, e.key, e.label, _json(_props(e.props))) for e in batch.entities],
        )
        self._conn.executemany(
            'INSERT INTO mentions (document_id, entity_id, text, start, "end", role, aliases,'
            " attributes) VALUES (?,?,?,?,?,?,?,?)",
            [(doc.id, m.entity_id, m.text, m.start, m.end, m.role, _json(list(m.aliases)),
              _json(m.attributes)) for m in batch.mentions],
        )
        self._conn.executemany(
            'INSERT INTO links (type, source_id, target_id, child_id, document_id, start, "end",'
            " observed_at, submitted_by, agency, source_evaluation, intelligence_assessment,"
            " handling_code, props) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(link.type, link.source_id, link.target_id, link.child_id, doc.id, link.start,
              link.end, link.observed_at or doc.date, doc.submitted_by, doc.agency,
              g.source_evaluation, g.intelligence_assessment, g.handling_code,
              _json(_props(link.props))) for link in batch.links],
        )
        self._conn.executemany(
            'INSERT INTO indicators (document_id, child_id, code, text, start, "end", negated)'
            " VALUES (?,?,?,?,?,?,?)",
            [(doc.id, i.child_id or doc.child_id, i.code, i.text, i.start, i.end,
              int(i.negated)) for i in batch.indicators],
        )
        self._conn.executemany(
            "INSERT INTO document_categories (document_id, category) VALUES (?, ?)",
            [(doc.id, category) for category in batch.categories()],
        )

    def delete_document(self, document_id: str) -> bool:
        with self._lock:
            if self.document_hash(document_id) is None:
                return False
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._delete_document(document_id)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        return True

    def _delete_document(self, document_id: str) -> None:
        """Remove a document's facts, then the entities nothing supports any more."""
        touched = [r[0] for r in self._conn.execute(
            "SELECT entity_id FROM mentions WHERE document_id = ? UNION "
            "SELECT source_id FROM links WHERE document_id = ? UNION "
            "SELECT target_id FROM links WHERE document_id = ?",
            (document_id, document_id, document_id),
        )]
        self._conn.execute("DELETE FROM links WHERE document_id = ?", (document_id,))
        self._conn.execute("DELETE FROM mentions WHERE document_id = ?", (document_id,))
        self._conn.execute("DELETE FROM indicators WHERE document_id = ?", (document_id,))
        self._conn.execute("DELETE FROM document_categories WHERE document_id = ?",
                           (document_id,))
        self._conn.execute("DELETE FROM documents WHERE id = ?", (document_id,))
        self._conn.executemany(
            "DELETE FROM entities WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM links"
            " WHERE source_id = ?1 OR target_id = ?1) AND NOT EXISTS"
            " (SELECT 1 FROM mentions WHERE entity_id = ?1)",
            [(entity,) for entity in touched],
        )

    def reject(self, rejection: Rejection) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT INTO rejections (path, location, reason, content_hash, rejected_at)"
                " VALUES (?,?,?,?,?)",
                (rejection.path, rejection.where, rejection.reason, rejection.content_hash,
                 rejection.rejected_at or _now()),
            )

    # -- reading --------------------------------------------------------------------------
    def rejections(self) -> list[Rejection]:
        rows = self._conn.execute(
            "SELECT path, reason, location, content_hash, rejected_at FROM rejections"
            " ORDER BY id DESC"
        )
        return [Rejection(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def counts(self) -> dict[str, int]:
        with self._lock:
            result = {r[0]: r[1] for r in self._conn.execute(
                "SELECT type, COUNT(*) FROM entities GROUP BY type ORDER BY type")}
            for table in ("documents", "mentions", "links", "indicators", "rejections"):
                result[table] = self._conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        return result

    def entities(self, type_name: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT id, type, key, label, props FROM entities"
        params: tuple[Any, ...] = ()
        if type_name:
            sql += " WHERE type = ?"
            params = (type_name,)
        with self._lock:
            rows = self._conn.execute(sql + " ORDER BY id", params).fetchall()
        return [{**dict(r), "props": json.loads(r["props"])} for r in rows]

    def links(self, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
        where, params = filter_sql(filters)
        with self._lock:
            rows = self._conn.execute(
                'SELECT l.id, l.type, l.source_id, l.target_id, l.child_id, l.document_id,'
                ' l.start, l."end", l.observed_at, l.submitted_by, l.agency,'
                ' l.source_evaluation, l.intelligence_assessment, l.handling_code, l.props'
                f" FROM links l WHERE {where} ORDER BY l.id", params,
            ).fetchall()
        for r in rows:
            yield {**dict(r), "props": json.loads(r["props"])}

    def entity_activity(self, type_name: str,
                        filters: Filters | None = None) -> list[dict[str, Any]]:
        model().entity(type_name)  # the type reaches SQL only as a checked parameter
        where, params = filter_sql(filters)
        sql = f"""
            WITH touching AS (
                SELECT l.target_id AS entity_id, l.type, l.source_id AS other_id,
                       l.child_id, l.observed_at, l.document_id
                FROM links l JOIN entities e ON e.id = l.target_id AND e.type = ?
                WHERE {where}
                UNION ALL
                SELECT l.source_id, l.type, l.target_id, l.child_id, l.observed_at,
                       l.document_id
                FROM links l JOIN entities e ON e.id = l.source_id AND e.type = ?
                WHERE {where}
            )
            SELECT t.entity_id, e.type, e.key, e.label, e.props,
                   COUNT(DISTINCT t.child_id) AS children,
                   COUNT(DISTINCT t.document_id) AS documents,
                   COUNT(DISTINCT CASE WHEN t.type IN ('MISSING_FROM', 'FOUND_AT')
                         THEN t.other_id END) AS episodes,
                   SUM(t.type = 'MENTIONED_IN') AS mentions,
                   SUM(t.type = 'FOUND_AT') AS found_at,
                   MAX(t.type = 'PLACED_AT') AS is_placement,
                   MIN(t.observed_at) AS first_seen, MAX(t.observed_at) AS last_seen,
                   GROUP_CONCAT(DISTINCT t.child_id) AS child_ids
            FROM touching t JOIN entities e ON e.id = t.entity_id
            GROUP BY t.entity_id
        """
        with self._lock:
            rows = [dict(r) for r in self._conn.execute(
                sql, [type_name, *params, type_name, *params])]
            names = {r[0]: r[1] for r in self._conn.execute(
                "SELECT key, label FROM entities WHERE type = 'Child'")}
            forms: dict[str, list[str]] = {}
            roles: dict[str, set[str]] = {}
            for entity, text, role in self._conn.execute(
                "SELECT DISTINCT m.entity_id, m.text, m.role FROM mentions m JOIN entities e"
                " ON e.id = m.entity_id AND e.type = ? ORDER BY m.entity_id, m.text",
                (type_name,),
            ):
                forms.setdefault(entity, []).append(text)
                if role:
                    roles.setdefault(entity, set()).add(role)
        for row in rows:
            ids = sorted(filter(None, (row.pop("child_ids") or "").split(",")))
            row["children_linked"] = [{"child_id": c, "name": names.get(c)} for c in ids]
            row["props"] = json.loads(row["props"])
            row["variants"] = list(dict.fromkeys(forms.get(row["entity_id"], [])))
            row["roles"] = sorted(roles.get(row["entity_id"], ()))
            row["is_placement"] = bool(row["is_placement"])
        return rows

    def location_activity(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        """Transitional name for ``entity_activity("Location", filters)``."""
        rows = self.entity_activity("Location", filters)
        for row in rows:
            row["location_id"] = row["entity_id"]
        return rows

    def documents(self, kind: str | None = None,
                  child_id: str | None = None) -> list[dict[str, Any]]:
        clauses, params = ["1=1"], []
        if kind:
            clauses.append("d.kind = ?")
            params.append(kind)
        if child_id:
            clauses.append("d.child_id = ?")
            params.append(child_id)
        with self._lock:
            rows = self._conn.execute(
                "SELECT d.id, d.kind, d.content_hash, d.source_path, d.format, d.child_id,"
                " d.date, d.submitted_by, d.agency, d.source_evaluation,"
                " d.intelligence_assessment, d.handling_code, d.fields, d.ingested_at,"
                " (SELECT GROUP_CONCAT(c.category) FROM document_categories c"
                "  WHERE c.document_id = d.id) AS categories"
                f" FROM documents d WHERE {' AND '.join(clauses)} ORDER BY d.date, d.id",
                params,
            ).fetchall()
        return [{**dict(r), "fields": json.loads(r["fields"]),
                 "categories": sorted((r["categories"] or "").split(",")) if r["categories"]
                 else []} for r in rows]

    def document_text(self, document_id: str) -> str | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row[0] if row else None

    def indicators(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        """Indicators with their document's date, optionally limited by date and category."""
        clauses, params = ["1=1"], []
        if filters and filters.since:
            clauses.append("d.date >= ?")
            params.append(filters.since)
        if filters and filters.until:
            clauses.append("d.date <= ?")
            params.append(filters.until)
        if filters and filters.categories:
            marks = ",".join("?" * len(filters.categories))
            clauses.append(f"i.document_id IN (SELECT document_id FROM document_categories"
                           f" WHERE category IN ({marks}))")
            params.extend(c.upper() for c in filters.categories)
        with self._lock:
            rows = self._conn.execute(
                'SELECT i.document_id, i.child_id, i.code, i.text, i.start, i."end",'
                " i.negated, d.date, d.kind FROM indicators i JOIN documents d"
                f" ON d.id = i.document_id WHERE {' AND '.join(clauses)} ORDER BY d.date, i.id",
                params,
            ).fetchall()
        return [{**dict(r), "negated": bool(r["negated"])} for r in rows]

    def execute_read(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        """Run a read-only query (benchmarks' bare baselines use this)."""
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            raise StoreError("execute_read runs SELECT statements only")
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._conn.close()
