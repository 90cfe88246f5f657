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
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from graph.exc import StoreError
from graph.schema import model
from graph.store import summaries
from graph.store.migrations import MIGRATIONS
from graph.store.records import Batch, Filters, Rejection, WriteOutcome, context_places_of


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
    if filters.area and filters.area.strip():
        # A postcode district ("BL5", "M14", "SK16"): one or two letters, a digit, then at most
        # two letters or digits. Anything else is taken as a local authority's name.
        area = "".join(filters.area.split()).upper()
        letters = len(area) - len(area.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        if (1 <= letters <= 2 and letters < len(area) <= 4 and area[letters].isdigit()
                and area.isalnum()):
            places = ("SELECT id FROM entities WHERE type = 'Location'"
                      " AND upper(json_extract(props, '$.postcode')) LIKE ?")
            clauses.append(
                f"({alias}.source_id IN ({places}) OR {alias}.target_id IN ({places})"
                f" OR {alias}.child_id IN (SELECT p.child_id FROM links p WHERE"
                f" p.type = 'PLACED_AT' AND p.target_id IN ({places})))")
            params.extend([area + " %"] * 3)
        else:
            clauses.append(
                f"{alias}.child_id IN (SELECT key FROM entities WHERE type = 'Child' AND"
                " (lower(json_extract(props, '$.responsible_la')) = lower(?)"
                " OR lower(json_extract(props, '$.host_la')) = lower(?)))")
            params.extend([filters.area.strip()] * 2)
    return " AND ".join(clauses), params


#: The columns of a document's metadata (``d``: the documents table), as ``documents`` reads.
DOCUMENT_COLUMNS = (
    "d.id, d.kind, d.content_hash, d.source_path, d.format, d.child_id,"
    " d.date, d.submitted_by, d.agency, d.source_evaluation,"
    " d.intelligence_assessment, d.handling_code, d.fields, d.ingested_at,"
    " (SELECT GROUP_CONCAT(c.category) FROM document_categories c"
    "  WHERE c.document_id = d.id) AS categories")


def document_row(row: sqlite3.Row) -> dict[str, Any]:
    """A row of :data:`DOCUMENT_COLUMNS` as ``documents`` returns it (fields parsed,
    categories a sorted list)."""
    return {**dict(row), "fields": json.loads(row["fields"]),
            "categories": sorted((row["categories"] or "").split(",")) if row["categories"]
            else []}


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
                    if migration.then:
                        getattr(self, migration.then)()
                    self._conn.execute(
                        "INSERT INTO _migrations VALUES (?, ?)", (migration.name, _now())
                    )
                    self._conn.execute("COMMIT")
                except Exception:
                    self._conn.execute("ROLLBACK")
                    raise
                applied.append(migration.name)
            return applied

    def rebuild_summaries(self) -> None:
        """Recompute every stored analysis row (:mod:`graph.store.summaries`) in one
        transaction: for a file whose rows were written other than through :meth:`write`
        (a bulk copy)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._rebuild_summaries()
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def _rebuild_summaries(self) -> None:
        summaries.rebuild(self)

    def settle_summaries(self) -> bool:
        """Recompute now the analysis rows that writes marked stale (every read of them does
        this first; a benchmark or a quiet moment after an ingest may want it done);
        ``False`` when another writer held the lock too long."""
        return summaries.settle(self)

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
                change = summaries.DocumentChange(self, doc.id, new_adults=(
                    m.entity_id for m in batch.mentions if m.role == summaries.ADULT))
                change.before()
                if previous is not None:
                    self._delete_document(doc.id)
                self._insert(batch)
                change.after()
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
                change = summaries.DocumentChange(self, document_id).before()
                self._delete_document(document_id)
                change.after()
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
                ' l.source_evaluation, l.intelligence_assessment, l.handling_code, l.props,'
                # Each end's resolved cluster (issue 5): a per-document row wins over the
                # entity-wide row; an unresolved entity is its own cluster.
                " COALESCE(sd.cluster_id, se.cluster_id, l.source_id) AS source_cluster,"
                " COALESCE(td.cluster_id, te.cluster_id, l.target_id) AS target_cluster"
                " FROM links l"
                " LEFT JOIN entity_clusters sd ON sd.entity_id = l.source_id"
                " AND sd.document_id = l.document_id"
                " LEFT JOIN entity_clusters se ON se.entity_id = l.source_id"
                " AND se.document_id = ''"
                " LEFT JOIN entity_clusters td ON td.entity_id = l.target_id"
                " AND td.document_id = l.document_id"
                " LEFT JOIN entity_clusters te ON te.entity_id = l.target_id"
                " AND te.document_id = ''"
                f" WHERE {where} ORDER BY l.id", params,
            ).fetchall()
        for r in rows:
            yield {**dict(r), "props": json.loads(r["props"])}

    def entity_activity(self, type_name: str, filters: Filters | None = None, *,
                        entity_ids: list[str] | None = None) -> list[dict[str, Any]]:
        """See :meth:`graph.store.base.Store.entity_activity`. ``entity_ids`` (SQLite only,
        as for :meth:`entity_signals`) limits the rows to those (cluster) ids, read through
        the id indexes rather than every link of the type."""
        low, high = self._type_range(type_name)  # checked before it reaches SQL
        where, params = filter_sql(filters)
        with self._lock:
            resolving = self._resolving()
        packed = json.dumps(sorted(set(entity_ids or ())))
        ids = [] if entity_ids is None else [packed, packed] if resolving else [packed]
        chosen = "" if entity_ids is None else \
            " WHERE r.cluster_id IN (SELECT value FROM json_each(?))"
        # Chosen ids are read through the id indexes; a date window through the links' date
        # index (migration 0007) with the type as an id range: a week's links, not every
        # link of the type. Without either, the type's entities drive the read.
        windowed = filters is not None and bool(filters.since or filters.until)

        def end_of(end: str) -> tuple[str, list[Any]]:
            if entity_ids is not None:
                return f"links l WHERE l.{end} IN {self._members(resolving)}", list(ids)
            if windowed:
                return (f"links l INDEXED BY links_observed WHERE l.{end} >= ?"
                        f" AND l.{end} < ?", [low, high])
            return f"links l JOIN entities e ON e.id = l.{end} AND e.type = ? WHERE 1=1", \
                [type_name]

        ends = [end_of("target_id"), end_of("source_id")]
        # Rows are per resolved cluster (issue 5): a link end belongs to the cluster of its
        # (entity, document) row, else its entity-wide row, else to the entity alone.
        # ``entity_id`` is the cluster id; type, key, label and props are the cluster's
        # canonical entity's (a member's when the canonical one is gone); ``members`` lists
        # the entity ids pooled.
        sql = f"""
            WITH touching AS (
                SELECT l.target_id AS entity_id, l.type, l.source_id AS other_id,
                       l.child_id, l.observed_at, l.document_id
                FROM {ends[0][0]} AND {where}
                UNION ALL
                SELECT l.source_id, l.type, l.target_id, l.child_id, l.observed_at,
                       l.document_id
                FROM {ends[1][0]} AND {where}
            ),
            resolved AS (
                SELECT t.*, COALESCE(cd.cluster_id, ce.cluster_id, t.entity_id) AS cluster_id,
                       COALESCE(cd.canonical_id, ce.canonical_id, t.entity_id) AS canonical_id
                FROM touching t
                LEFT JOIN entity_clusters cd ON cd.entity_id = t.entity_id
                     AND cd.document_id = t.document_id
                LEFT JOIN entity_clusters ce ON ce.entity_id = t.entity_id
                     AND ce.document_id = ''
            )
            SELECT r.cluster_id AS entity_id, COALESCE(c.type, MIN(e.type)) AS type,
                   COALESCE(c.key, MIN(e.key)) AS key, COALESCE(c.label, MIN(e.label)) AS label,
                   COALESCE(c.props, MIN(e.props)) AS props,
                   COUNT(DISTINCT r.child_id) AS children,
                   COUNT(DISTINCT r.document_id) AS documents,
                   COUNT(DISTINCT CASE WHEN r.type IN ('MISSING_FROM', 'FOUND_AT')
                         THEN r.other_id END) AS episodes,
                   SUM(r.type = 'MENTIONED_IN') AS mentions,
                   SUM(r.type = 'FOUND_AT') AS found_at,
                   MAX(r.type = 'PLACED_AT') AS is_placement,
                   MIN(r.observed_at) AS first_seen, MAX(r.observed_at) AS last_seen,
                   GROUP_CONCAT(DISTINCT r.child_id) AS child_ids,
                   json_group_array(DISTINCT r.entity_id) AS member_ids
            FROM resolved r JOIN entities e ON e.id = r.entity_id
            LEFT JOIN entities c ON c.id = r.canonical_id{chosen}
            GROUP BY r.cluster_id
        """
        with self._lock:
            rows = [dict(r) for r in self._conn.execute(
                sql, [*ends[0][1], *params, *ends[1][1], *params,
                      *([packed] if entity_ids is not None else [])])]
            # Names, surface forms and roles of the rows found only (index look-ups), not
            # of every child and every mention of the type.
            child_ids = {c for r in rows for c in (r["child_ids"] or "").split(",") if c}
            names = {r[0]: r[1] for r in self._conn.execute(
                "SELECT key, label FROM entities WHERE id IN"
                " (SELECT 'Child:' || value FROM json_each(?))",
                (json.dumps(sorted(child_ids)),))}
            forms: dict[str, list[str]] = {}
            roles: dict[str, set[str]] = {}
            for entity, text, role in self._conn.execute(
                "WITH wanted(id) AS (SELECT value FROM json_each(?)),"
                " members(id) AS (SELECT id FROM wanted UNION SELECT entity_id"
                " FROM entity_clusters WHERE cluster_id IN wanted)"
                " SELECT DISTINCT COALESCE(cd.cluster_id, ce.cluster_id, m.entity_id) AS cid,"
                " m.text, m.role FROM mentions m JOIN entities e"
                " ON e.id = m.entity_id AND e.type = ?"
                " LEFT JOIN entity_clusters cd ON cd.entity_id = m.entity_id"
                " AND cd.document_id = m.document_id"
                " LEFT JOIN entity_clusters ce ON ce.entity_id = m.entity_id"
                " AND ce.document_id = '' WHERE m.entity_id IN members ORDER BY cid, m.text",
                (json.dumps(sorted(r["entity_id"] for r in rows)), type_name),
            ):
                forms.setdefault(entity, []).append(text)
                if role:
                    roles.setdefault(entity, set()).add(role)
        for row in rows:
            ids = sorted(filter(None, (row.pop("child_ids") or "").split(",")))
            row["children_linked"] = [{"child_id": c, "name": names.get(c)} for c in ids]
            row["members"] = sorted(json.loads(row.pop("member_ids") or "[]"))
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
                f"SELECT {DOCUMENT_COLUMNS} FROM documents d"
                f" WHERE {' AND '.join(clauses)} ORDER BY d.date, d.id",
                params,
            ).fetchall()
        return [document_row(r) for r in rows]

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

    def read_sql(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()
                 ) -> list[sqlite3.Row]:
        """The rows of one read-only statement (``SELECT`` or ``WITH``), ``params`` bound
        as parameters, on this store's connection under its lock.

        Why it exists: the ``Store`` protocol reads whole rows, which is what every store
        can do; the reads that must count, join or narrow in the database to stay fast on
        a big store (:mod:`graph.store.place_reads`, :mod:`~graph.store.name_reads`,
        :mod:`~graph.store.episode_reads`, :mod:`~graph.store.window_reads`,
        :mod:`~graph.store.form_reads`, the service's document and search reads, the
        meeting loaders, export batches) run their SQL through this one method, and take
        the protocol's reads when a store has none (:func:`sql_reader`). Benchmarks' bare
        baselines and tests read through it too. Anything but a read is refused, so no
        caller can write past the store's own bookkeeping.
        """
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            raise StoreError("read_sql runs SELECT statements only")
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def data_version(self) -> tuple[int, int]:
        """A token that differs whenever the file's content may have changed since the last
        call: SQLite's ``data_version`` (bumped by a commit on any other connection, another
        process included) with this connection's count of rows changed (every write,
        deletion, erasure and resolution run here). Why: an answer kept under the token
        (:mod:`graph.store.state_memo`) is served only while nothing can have changed it, so
        an erasure is never followed by an answer computed before it."""
        with self._lock:
            version = self._conn.execute("PRAGMA data_version").fetchone()[0]
            return int(version), self._conn.total_changes

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- actions and notifications (meeting packs, issues 7 and 11) -----------------------
    def add_action(self, *, text: str, created_at: str, child_id: str | None = None,
                   episode_id: str | None = None, source: str = "meeting",
                   meeting: str | None = None, document_id: str | None = None,
                   owner: str | None = None, due: str | None = None,
                   created_by: str | None = None) -> int:
        """Record an open action and return its id.

        An RHI recommendation (``document_id`` set) already recorded with the same text
        returns the existing action's id and changes nothing, so importing a note's
        recommendations twice is harmless.
        """
        if not (text or "").strip():
            raise StoreError("an action needs text")
        if source not in ("meeting", "rhi"):
            raise StoreError("action source must be 'meeting' or 'rhi'")
        with self._lock:
            if document_id is not None:
                row = self._conn.execute(
                    "SELECT id FROM actions WHERE document_id = ? AND text = ?",
                    (document_id, text.strip())).fetchone()
                if row:
                    return int(row[0])
            cursor = self._conn.execute(
                "INSERT INTO actions (text, child_id, episode_id, source, meeting, document_id,"
                " owner, due, status, created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (text.strip(), child_id, episode_id, source, meeting, document_id, owner, due,
                 "open", created_at, created_by),
            )
            return int(cursor.lastrowid or 0)

    def update_action(self, action_id: int, *, owner: str | None = None,
                      due: str | None = None) -> bool:
        """Set the owner and/or due date of an open action (``None`` leaves a value as it
        is); ``False`` when there is no such open action."""
        with self._lock:
            cursor = self._conn.execute(
                "UPDATE actions SET owner = COALESCE(?, owner), due = COALESCE(?, due)"
                " WHERE id = ? AND status = 'open'", (owner, due, int(action_id)))
            return cursor.rowcount == 1

    def close_action(self, action_id: int, *, closed_at: str, closed_by: str | None = None,
                     note: str | None = None) -> bool:
        """Close an open action, saying when, by whom and why; ``False`` when there is no
        such action or it is already closed (closing is recorded once)."""
        with self._lock:
            cursor = self._conn.execute(
                "UPDATE actions SET status = 'closed', closed_at = ?, closed_by = ?,"
                " closure_note = ? WHERE id = ? AND status = 'open'",
                (closed_at, closed_by, note, int(action_id)))
            return cursor.rowcount == 1

    def actions(self, *, child_id: str | None = None,
                status: str | None = None) -> list[dict[str, Any]]:
        """Actions (every column), optionally one child's or of one status, oldest first."""
        clauses, params = ["1=1"], []
        if child_id is not None:
            clauses.append("child_id = ?")
            params.append(child_id)
        if status is not None:
            clauses.append("status = ?")
            params.append(status)
        with self._lock:
            rows = self._conn.execute(
                f"SELECT * FROM actions WHERE {' AND '.join(clauses)} ORDER BY created_at, id",
                params).fetchall()
        return [dict(r) for r in rows]

    def record_notification(self, *, episode_id: str, about: str, body_role: str,
                            notified_at: str, recorded_at: str, body: str | None = None,
                            recorded_by: str | None = None, note: str | None = None) -> int:
        """Record that a body was notified of an episode (``about`` = ``missing``) or of its
        RHI (``rhi``); ``body_role`` is ``responsible_la``, ``host_la`` or ``home_force``.
        Records are appended, never replaced; return the new record's id."""
        if about not in ("missing", "rhi"):
            raise StoreError("a notification is about 'missing' or 'rhi'")
        if body_role not in ("responsible_la", "host_la", "home_force"):
            raise StoreError("body_role must be responsible_la, host_la or home_force")
        with self._lock:
            cursor = self._conn.execute(
                "INSERT INTO notifications (episode_id, about, body_role, body, notified_at,"
                " recorded_by, note, recorded_at) VALUES (?,?,?,?,?,?,?,?)",
                (episode_id, about, body_role, body, notified_at, recorded_by, note,
                 recorded_at))
            return int(cursor.lastrowid or 0)

    def notifications(self, episode_id: str | None = None) -> list[dict[str, Any]]:
        """Recorded notifications (every column), optionally of one episode, ordered by
        episode, then when notified."""
        sql = "SELECT * FROM notifications"
        params: tuple[Any, ...] = ()
        if episode_id is not None:
            sql += " WHERE episode_id = ?"
            params = (episode_id,)
        with self._lock:
            rows = self._conn.execute(sql + " ORDER BY episode_id, notified_at, id",
                                      params).fetchall()
        return [dict(r) for r in rows]

    # -- network analysis (issue 6): aggregations behind graph.analysis -------------------
    # Each method is one query (or a few) over the links within the Filters and returns plain
    # rows; graph.analysis ranks and shapes them. Entity ids are "<Type>:<key>", so the
    # half-open id range [Type:, Type;) holds exactly the ids of one type, and the
    # links_source / links_target indexes answer "links touching a type" without a join.
    #
    # Every entity these return is a *resolved* one (issue 5), as in entity_activity: a link
    # end or a mention belongs to the cluster of its (entity, document) row in
    # entity_clusters, else of its entity-wide row, else to the entity itself. Ids asked
    # about (entity_ids) are such cluster ids; their member entities are found through the
    # mapping. With no resolution run the mapping is empty and ids are the entities' own.

    def _type_range(self, type_name: str) -> tuple[str, str]:
        """The id range of ``type_name``, checked against the model before it reaches SQL."""
        model().entity(type_name)
        return f"{type_name}:", f"{type_name};"

    def _resolving(self) -> bool:
        """Whether any cluster mapping exists (when not, ids resolve to themselves and the
        per-row lookups are left out of the queries)."""
        return self._conn.execute("SELECT EXISTS (SELECT 1 FROM entity_clusters)").fetchone()[0]

    @staticmethod
    def _cluster(entity: str, document: str, resolving: bool) -> str:
        """SQL for the cluster an entity column resolves to in a document column."""
        if not resolving:
            return entity
        return (f"COALESCE((SELECT k.cluster_id FROM entity_clusters k"
                f" WHERE k.entity_id = {entity} AND k.document_id = {document}),"
                f" (SELECT k.cluster_id FROM entity_clusters k WHERE k.entity_id = {entity}"
                f" AND k.document_id = ''), {entity})")

    @staticmethod
    def _members(resolving: bool) -> str:
        """SQL (taking the JSON list of ids twice when resolving) for the entity ids behind a
        list of cluster ids: the ids themselves and every entity mapped to one of them."""
        if not resolving:
            return "(SELECT value FROM json_each(?))"
        return ("(SELECT value FROM json_each(?) UNION SELECT entity_id FROM entity_clusters"
                " WHERE cluster_id IN (SELECT value FROM json_each(?)))")

    @staticmethod
    def _canonical(column: str, resolving: bool) -> str:
        """SQL for the entity a cluster id is shown as (its canonical entity, else itself)."""
        if not resolving:
            return column
        return (f"COALESCE((SELECT MIN(k.canonical_id) FROM entity_clusters k"
                f" WHERE k.cluster_id = {column}), {column})")

    def entity_signals(self, type_name: str, filters: Filters | None = None, *,
                       entity_ids: list[str] | None = None,
                       extras: bool = True) -> list[dict[str, Any]]:
        """Per (resolved) entity of ``type_name``: what happened there or with it.

        With no filters, the rows are the stored ones (:mod:`graph.store.summaries`: the
        same query's answer, kept by every write); otherwise they are computed now.

        One pass over the links touching the entity within ``filters`` (either end):
        ``children`` (distinct), ``documents`` (documents naming it: its MENTIONED_IN links,
        one per document and entity), ``episodes`` (MISSING_FROM and FOUND_AT links),
        ``found_at``, ``missing_from``, ``is_placement`` (any PLACED_AT), ``is_home`` (a
        child is placed or LIVES_AT there), ``direct_children`` (children with a relation
        to it other than being named: AT, WITH, TRANSPORTED_BY, CONTACTED_BY ... from the
        child, or an episode of theirs FOUND_AT it), ``concern_children`` (direct children
        through a document with a non-negated indicator other than MENTAL_HEALTH and
        FAMILY_CONFLICT), ``first_seen``, ``last_seen``; ``type``, ``key``, ``label`` and
        ``props`` are the canonical entity's. Then, from a second, smaller query driven by
        information-sharing forms and persons: ``intel_documents`` (forms naming it),
        ``adults_of_concern`` and ``adult_ids``: persons ever mentioned as ADULT_OF_CONCERN
        who are linked to it other than by being named, or who are named as adults of
        concern in an information-sharing form that names it.

        ``entity_ids`` limits both queries to those (cluster) ids, read through the id
        indexes: the second step of a two-step ranking. ``extras=False`` leaves the second
        query out (``intel_documents``, ``adults_of_concern`` and ``adult_ids`` are then
        ``None``), for a first step that ranks on children alone.
        """
        raw = None
        if type_name in summaries.SUMMARISED and summaries.unfiltered(filters):
            raw = summaries.read_signals(self, type_name, entity_ids)
        if raw is None:
            raw = self._signals_raw(type_name, filters, entity_ids=entity_ids, extras=extras)
        for row in raw:
            row["type"] = row["type"] or type_name
            row["key"] = row["key"] or row["entity_id"].split(":", 1)[-1]
            row["label"] = row["label"] or row["key"]
            row["props"] = json.loads(row["props"] or "{}")
            row["is_placement"] = bool(row["is_placement"])
            row["is_home"] = bool(row["is_home"])
            row["mentions"] = row["documents"]
            if extras:
                adults = row.pop("adult_ids")
                row["adult_ids"] = sorted(adults.split(",")) if adults else []
                row["intel_documents"] = row["intel_documents"] or 0
                row["adults_of_concern"] = len(row["adult_ids"])
            else:
                row["adult_ids"] = row["intel_documents"] = row["adults_of_concern"] = None
        return raw

    def _signals_raw(self, type_name: str, filters: Filters | None, *,
                     entity_ids: list[str] | None = None,
                     extras: bool = True) -> list[dict[str, Any]]:
        """The rows of :meth:`entity_signals` as the database gives them: ``adult_ids`` a
        comma-separated string (``None`` when there are none, or without ``extras``)."""
        low, high = self._type_range(type_name)
        where, params = filter_sql(filters)
        with self._lock:
            resolving = self._resolving()
        cluster = self._cluster
        packed = json.dumps(sorted(set(entity_ids or ())))
        # A date window over a whole type reads the window's links (the date index), not
        # every link of the type.
        by_date = (" INDEXED BY links_observed" if entity_ids is None and filters is not None
                   and (filters.since or filters.until) else "")

        def scope(column: str) -> tuple[str, list[Any]]:
            """The links of this type (an index range) or of these ids (index lookups)."""
            if entity_ids is None:
                return f"{column} >= ? AND {column} < ?", [low, high]
            ids = [packed, packed] if resolving else [packed]
            sql = f"{column} IN {self._members(resolving)}"
            if resolving:
                resolved = cluster(column, "l.document_id", resolving)
                sql += f" AND {resolved} IN (SELECT value FROM json_each(?))"
                ids.append(packed)
            return sql, ids

        def side(end: str, other: str) -> str:
            child = f"l.{other} >= 'Child:' AND l.{other} < 'Child;'"
            return (
                f"SELECT {cluster(f'l.{end}', 'l.document_id', resolving)} AS entity_id,"
                " l.child_id, l.observed_at, l.document_id,"
                " l.type = 'MENTIONED_IN' AS named, l.type = 'FOUND_AT' AS found,"
                " l.type = 'MISSING_FROM' AS went, l.type = 'PLACED_AT' AS placed,"
                f" (l.type = 'PLACED_AT' OR (l.type = 'LIVES_AT' AND {child})) AS home,"
                " (l.type = 'FOUND_AT' OR (l.type NOT IN ('MENTIONED_IN', 'PLACED_AT',"
                f" 'LIVES_AT', 'MISSING_FROM', 'MISSING_EPISODE') AND {child})) AS direct"
                f" FROM links l{by_date} WHERE {scope(f'l.{end}')[0]} AND {where}")

        # Flags are computed before the one GROUP BY so its sorter carries small integers,
        # only three aggregates need a distinct set, and the indicator lookup (by document)
        # is made for direct links only: this keeps the query within a small factor of a
        # bare GROUP BY on the same links. What information-sharing forms say is read in the
        # second query, driven by the forms' own links, which is small.
        sql = f"""
            WITH agg AS (
                SELECT t.entity_id, COUNT(DISTINCT t.child_id) AS children,
                       SUM(t.named) AS documents, SUM(t.found + t.went) AS episodes,
                       SUM(t.found) AS found_at, SUM(t.went) AS missing_from,
                       MAX(t.placed) AS is_placement, MAX(t.home) AS is_home,
                       COUNT(DISTINCT CASE WHEN t.direct THEN t.child_id END)
                           AS direct_children,
                       COUNT(DISTINCT CASE WHEN t.concern THEN t.child_id END)
                           AS concern_children,
                       MIN(t.observed_at) AS first_seen, MAX(t.observed_at) AS last_seen
                FROM (SELECT s.entity_id, s.child_id, s.observed_at, s.named, s.found, s.went,
                             s.placed, s.home, s.direct,
                             CASE WHEN s.direct THEN EXISTS (SELECT 1 FROM indicators i
                                 WHERE i.document_id = s.document_id AND i.negated = 0
                                 AND i.code NOT IN ('MENTAL_HEALTH', 'FAMILY_CONFLICT'))
                                 ELSE 0 END AS concern
                      FROM ({side('target_id', 'source_id')} UNION ALL
                            {side('source_id', 'target_id')}) s) t
                GROUP BY t.entity_id
            )
            SELECT agg.*, e.type, e.key, e.label, e.props
            FROM agg LEFT JOIN entities e ON e.id = {self._canonical('agg.entity_id',
                                                                    resolving)}
        """

        def adult(column: str) -> str:
            # No range on the other end, or the planner would scan every person's links
            # instead of this type's. For a few ids, a lookup per link beats reading the set.
            if entity_ids is not None:
                return (f"EXISTS (SELECT 1 FROM mentions a WHERE a.role = 'ADULT_OF_CONCERN'"
                        f" AND a.entity_id = {column})")
            return f"{column} IN adults"

        intel_form = ("EXISTS (SELECT 1 FROM documents d WHERE d.id = l.document_id"
                      " AND d.kind = 'intel_form')" if entity_ids is not None
                      else "l.document_id IN intel")

        # The adults of concern are read once, as a set (migration 0005 indexes mentions by
        # role): cheaper than looking a role up per link, which for a professional named in
        # thousands of notes would read every one of their mentions.
        adults_sql = f"""
            WITH intel AS (SELECT id FROM documents WHERE kind = 'intel_form'),
            adults AS (SELECT DISTINCT entity_id FROM mentions
                       WHERE role = 'ADULT_OF_CONCERN')
            SELECT entity_id, GROUP_CONCAT(DISTINCT adult) AS adult_ids,
                   COUNT(DISTINCT form) AS intel_documents FROM (
                SELECT {cluster('l.target_id', 'l.document_id', resolving)} AS entity_id,
                       {cluster('l.source_id', 'l.document_id', resolving)} AS adult,
                       NULL AS form FROM links l{by_date}
                WHERE {scope('l.target_id')[0]} AND l.type <> 'MENTIONED_IN'
                      AND {adult('l.source_id')} AND {where}
                UNION ALL
                SELECT {cluster('l.source_id', 'l.document_id', resolving)},
                       {cluster('l.target_id', 'l.document_id', resolving)}, NULL
                FROM links l{by_date}
                WHERE {scope('l.source_id')[0]} AND l.type <> 'MENTIONED_IN'
                      AND {adult('l.target_id')} AND {where}
                UNION ALL
                SELECT {cluster('l.source_id', 'l.document_id', resolving)},
                       {cluster('m.entity_id', 'm.document_id', resolving)}, l.document_id
                FROM links l{by_date}
                LEFT JOIN mentions m INDEXED BY mentions_document
                     ON m.document_id = l.document_id AND m.role = 'ADULT_OF_CONCERN'
                     AND m.entity_id <> l.source_id
                WHERE {intel_form} AND l.type = 'MENTIONED_IN'
                      AND {scope('l.source_id')[0]} AND {where}
            ) GROUP BY entity_id
        """
        target, source = scope("l.target_id")[1], scope("l.source_id")[1]
        with self._lock:
            rows = [dict(r) for r in self._conn.execute(
                sql, [*target, *params, *source, *params])]
            extra = {} if not extras else {
                r[0]: (r[1], r[2]) for r in self._conn.execute(
                    adults_sql, [*target, *params, *source, *params, *source, *params])}
        for row in rows:
            row["adult_ids"], row["intel_documents"] = extra.get(row["entity_id"], (None, 0))
        return rows

    def _touching(self, resolving: bool, where: str, columns: str = "") -> str:
        """SQL for the links touching a list of (cluster) ids, one row per link and end:
        ``entity_id`` (the end's cluster), ``member_id`` (the entity written),
        ``other_id``, ``type``, ``child_id``, ``document_id``, ``observed_at`` (+ columns).
        Takes, in order: the ids (twice when resolving) and the filter parameters, the ids
        again (when resolving), then the same for the other end."""
        parts = []
        for end, other in (("target_id", "source_id"), ("source_id", "target_id")):
            resolved = self._cluster(f"l.{end}", "l.document_id", resolving)
            keep = (f" AND {resolved} IN (SELECT value FROM json_each(?))" if resolving
                    else "")
            parts.append(
                f"SELECT {resolved} AS entity_id, l.{end} AS member_id,"
                f" l.{other} AS other_id, l.type, l.child_id, l.document_id,"
                f" l.observed_at{columns} FROM links l"
                f" WHERE l.{end} IN {self._members(resolving)} AND {where}{keep}")
        return " UNION ALL ".join(parts)

    def _touching_args(self, resolving: bool, packed: str, params: list[Any]) -> list[Any]:
        one = ([packed, packed] if resolving else [packed]) + list(params)
        if resolving:
            one.append(packed)
        return one + one

    def context_places(self) -> dict[str, dict[str, bool]]:
        """See :meth:`Store.context_places`: read from the stored unfiltered rows, or, while
        they cannot be brought up to date, from the live aggregation."""
        stored = summaries.read_context(self)
        if stored is not None:
            return stored
        return context_places_of(self._signals_raw("Location", None, extras=False))

    def entity_trends(self, entity_ids: list[str], filters: Filters | None = None, *,
                      reference: str | None = None, period_days: int = 28,
                      half_life_days: float = 28.0) -> dict[str, dict[str, Any]]:
        """For each of ``entity_ids`` (the rows shown): how activity is moving.

        Over the *direct* links touching each entity within ``filters`` (as in
        :meth:`entity_signals`), counted back from ``reference`` (default: the filters'
        ``until``; else the latest of the latest document date and the latest of these
        links): ``recent_children`` (distinct children in the last ``period_days``),
        ``previous_children`` (in the ``period_days`` before), and ``recency``: the sum over
        those links of ``half_life / (half_life + age in days)``; with ``reference``.
        """
        if not entity_ids:
            return {}
        packed = json.dumps(sorted(set(entity_ids)))
        where, params = filter_sql(filters)
        if reference is None and filters is not None and filters.until:
            reference = filters.until[:10]
        child = "t.other_id >= 'Child:' AND t.other_id < 'Child;'"
        direct = ("(t.type = 'FOUND_AT' OR (t.type NOT IN ('MENTIONED_IN', 'PLACED_AT',"
                  f" 'LIVES_AT', 'MISSING_FROM', 'MISSING_EPISODE') AND {child}))")
        with self._lock:
            resolving = self._resolving()
            sql = f"""
                WITH touching AS MATERIALIZED ({self._touching(resolving, where)}),
                ref AS (SELECT COALESCE(?, MAX((SELECT MAX(date) FROM documents),
                        (SELECT MAX(substr(observed_at, 1, 10)) FROM touching))) AS day)
                SELECT t.entity_id,
                       COUNT(DISTINCT CASE WHEN substr(t.observed_at, 1, 10) > date(r.day, ?)
                             AND substr(t.observed_at, 1, 10) <= r.day
                             THEN t.child_id END) AS recent_children,
                       COUNT(DISTINCT CASE WHEN substr(t.observed_at, 1, 10) > date(r.day, ?)
                             AND substr(t.observed_at, 1, 10) <= date(r.day, ?)
                             THEN t.child_id END) AS previous_children,
                       SUM(? / (? + MAX(0.0, julianday(r.day)
                           - julianday(substr(t.observed_at, 1, 10))))) AS recency,
                       MAX(r.day) AS reference
                FROM touching t CROSS JOIN ref r WHERE {direct}
                GROUP BY t.entity_id
            """
            period, twice = f"-{int(period_days)} days", f"-{2 * int(period_days)} days"
            half = float(half_life_days)
            args = [*self._touching_args(resolving, packed, params), reference, period,
                    twice, period, half, half]
            found = {r["entity_id"]: dict(r) for r in self._conn.execute(sql, args)}
        out = {}
        for entity in sorted(set(entity_ids)):
            row = found.get(entity) or {"recent_children": 0, "previous_children": 0,
                                        "recency": 0.0, "reference": reference}
            out[entity] = {"recent_children": row["recent_children"],
                           "previous_children": row["previous_children"],
                           "recency": round(row["recency"] or 0.0, 4),
                           "reference": row["reference"], "period_days": int(period_days)}
        return out

    def person_activity(self, filters: Filters | None = None,
                        min_children: int = 1) -> list[dict[str, Any]]:
        """Per (resolved) person and per role they were written in: how many children, in
        what.

        A person's role is read from each mention (NULL is ``UNKNOWN``), so a first name
        that one record gives a 15-year-old peer and another an adult of concern yields two
        rows that never pool their children. A mention counts when its *document* passes
        ``filters`` (its date, grading, handling code, categories, subject child's area).
        Per (person, role), over the documents with a mention in that role, rows with at
        least ``min_children``: ``children`` (distinct document subjects), ``documents``,
        ``first_seen``, ``last_seen``, ``intel_documents``, ``concern_children`` (children
        whose document has a non-negated indicator other than MENTAL_HEALTH and
        FAMILY_CONFLICT); ``type``, ``key`` and ``label`` (the canonical entity's); and
        ``roles``: every role the person was ever given, anywhere. How the person is related
        to the children is :meth:`person_relations`, read for the rows that rank.

        With no filters, the rows are the stored ones (:mod:`graph.store.summaries`).
        """
        rows = summaries.read_persons(self, min_children) if summaries.unfiltered(
            filters) else None
        if rows is None:
            rows = self._person_activity_raw(filters, min_children)
        for row in rows:
            row["type"] = row["type"] or "Person"
            row["key"] = row["key"] or row["entity_id"].split(":", 1)[-1]
            row["label"] = row["label"] or row["key"]
            row["roles"] = sorted(set(row["roles"].split(","))) if row["roles"] else []
        return rows

    def _person_activity_raw(self, filters: Filters | None, min_children: int, *,
                             entity_ids: list[str] | None = None) -> list[dict[str, Any]]:
        """The rows of :meth:`person_activity` as the database gives them (``roles`` a
        comma-separated string), of every person or of these (cluster) ids only."""
        low, high = self._type_range("Person")
        documents = ("(SELECT id AS document_id, child_id, date AS observed_at, kind,"
                     " source_evaluation, intelligence_assessment, handling_code,"
                     " NULL AS source_id, NULL AS target_id FROM documents)")
        doc_where, doc_params = filter_sql(filters, "d")
        with self._lock:
            resolving = self._resolving()
        person = self._cluster("m.entity_id", "m.document_id", resolving)
        scope, scope_args = "m.entity_id >= ? AND m.entity_id < ?", [low, high]
        if entity_ids is not None:
            packed = json.dumps(sorted(set(entity_ids)))
            scope = f"m.entity_id IN {self._members(resolving)}"
            scope_args = [packed, packed] if resolving else [packed]
            if resolving:
                scope += f" AND {person} IN (SELECT value FROM json_each(?))"
                scope_args.append(packed)
        every = ("m.entity_id IN (SELECT entity_id FROM agg UNION SELECT k.entity_id"
                 " FROM entity_clusters k WHERE k.cluster_id IN (SELECT entity_id FROM agg))"
                 if resolving else "m.entity_id IN (SELECT entity_id FROM agg)")
        # Every concern document as a set for all persons; a lookup per document for a few.
        concern = ("EXISTS (SELECT 1 FROM indicators i WHERE i.document_id = d.document_id"
                   " AND i.negated = 0 AND i.code NOT IN ('MENTAL_HEALTH', 'FAMILY_CONFLICT'))"
                   if entity_ids is not None else "d.document_id IN concern")
        sql = f"""
            WITH concern AS (SELECT DISTINCT document_id FROM indicators WHERE negated = 0
                             AND code NOT IN ('MENTAL_HEALTH', 'FAMILY_CONFLICT')),
            named AS (
                SELECT DISTINCT {person} AS entity_id, COALESCE(m.role, 'UNKNOWN') AS role,
                       m.document_id, d.child_id, d.observed_at,
                       d.kind = 'intel_form' AS intel, {concern} AS concern
                FROM mentions m JOIN {documents} d ON d.document_id = m.document_id
                WHERE {scope} AND {doc_where}
            ),
            agg AS MATERIALIZED (
                SELECT entity_id, role, COUNT(DISTINCT child_id) AS children,
                       COUNT(DISTINCT document_id) AS documents,
                       MIN(observed_at) AS first_seen, MAX(observed_at) AS last_seen,
                       COUNT(DISTINCT CASE WHEN intel THEN document_id END)
                           AS intel_documents,
                       COUNT(DISTINCT CASE WHEN concern THEN child_id END)
                           AS concern_children
                FROM named GROUP BY entity_id, role
                HAVING COUNT(DISTINCT child_id) >= ?
            ),
            everywhere AS (
                SELECT {person} AS entity_id, GROUP_CONCAT(DISTINCT m.role) AS roles
                FROM mentions m WHERE {every} AND m.role IS NOT NULL
                GROUP BY 1
            )
            SELECT a.*, e.type, e.key, e.label, w.roles
            FROM agg a LEFT JOIN entities e ON e.id = {self._canonical('a.entity_id',
                                                                     resolving)}
            LEFT JOIN everywhere w ON w.entity_id = a.entity_id
        """
        with self._lock:
            return [dict(r) for r in self._conn.execute(
                sql, [*scope_args, *doc_params, int(min_children)])]

    def person_relations(self, entity_ids: list[str],
                         filters: Filters | None = None) -> list[dict[str, Any]]:
        """How each of ``entity_ids`` (persons) is related, per role written.

        Over the relation links (not MENTIONED_IN) within ``filters`` between the person and
        anything, each attributed to the role(s) the link's document gave the person:
        per (``entity_id``, ``role``): ``direct_children`` (distinct children related to the
        person), ``link_types``, ``linked_ids`` (non-child entities related, resolved: a
        phone, a car, an address). Read for the persons that rank, so it costs what is shown.
        """
        if not entity_ids:
            return []
        packed = json.dumps(sorted(set(entity_ids)))
        where, params = filter_sql(filters)
        child = "{col} >= 'Child:' AND {col} < 'Child;'"
        with self._lock:
            resolving = self._resolving()
            other = self._cluster("r.other_id", "r.document_id", resolving)
            sql = f"""
                WITH related AS MATERIALIZED (
                    SELECT * FROM ({self._touching(resolving, where)})
                    WHERE type <> 'MENTIONED_IN'
                ),
                roles AS (
                    SELECT DISTINCT r.entity_id, r.member_id, r.document_id,
                           COALESCE(m.role, 'UNKNOWN') AS role
                    FROM (SELECT DISTINCT entity_id, member_id, document_id FROM related) r
                    JOIN mentions m INDEXED BY mentions_document
                         ON m.document_id = r.document_id AND m.entity_id = r.member_id
                )
                SELECT r.entity_id, w.role, GROUP_CONCAT(DISTINCT r.type) AS link_types,
                       COUNT(DISTINCT CASE WHEN {child.format(col='r.other_id')}
                             THEN r.child_id END) AS direct_children,
                       GROUP_CONCAT(DISTINCT CASE WHEN NOT ({child.format(col='r.other_id')})
                             THEN {other} END) AS linked_ids
                FROM related r JOIN roles w ON w.entity_id = r.entity_id
                     AND w.member_id = r.member_id AND w.document_id = r.document_id
                GROUP BY r.entity_id, w.role
            """
            rows = [dict(r) for r in self._conn.execute(
                sql, self._touching_args(resolving, packed, params))]
        for row in rows:
            for key in ("link_types", "linked_ids"):
                row[key] = sorted(set((row[key] or "").split(","))) if row[key] else []
        return rows

    def _with_clusters(self, rows: list[Any], resolving: bool) -> list[dict[str, Any]]:
        """Link rows as :meth:`links` gives them, with each end's cluster."""
        return [{**dict(r), "props": json.loads(r["props"]),
                 "source_cluster": r["source_cluster"] if resolving else r["source_id"],
                 "target_cluster": r["target_cluster"] if resolving else r["target_id"]}
                for r in rows]

    _LINK_COLUMNS = ('l.id, l.type, l.source_id, l.target_id, l.child_id, l.document_id,'
                     ' l.start, l."end", l.observed_at, l.submitted_by, l.agency,'
                     ' l.source_evaluation, l.intelligence_assessment, l.handling_code,'
                     ' l.props')

    def neighbourhood(self, entity_ids: list[str], filters: Filters | None = None,
                      types: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """Links (as :meth:`links` gives them, with ``source_cluster`` and
        ``target_cluster``) with either end resolving to one of ``entity_ids``, within
        ``filters``, optionally of ``types`` only: the read behind an ego network or one
        step of a path search, proportional to the entities asked about."""
        for type_name in types:
            model().relation(type_name)
        where, params = filter_sql(filters)
        kinds = f" AND l.type IN ({','.join('?' * len(types))})" if types else ""
        packed = json.dumps(sorted(set(entity_ids)))
        with self._lock:
            resolving = self._resolving()
            source = self._cluster("l.source_id", "l.document_id", resolving)
            target = self._cluster("l.target_id", "l.document_id", resolving)
            members = self._members(resolving)
            ids = [packed, packed] if resolving else [packed]
            parts, args = [], []
            for end, resolved in (("source_id", source), ("target_id", target)):
                keep = (f" AND {resolved} IN (SELECT value FROM json_each(?))" if resolving
                        else "")
                parts.append(f"SELECT {self._LINK_COLUMNS}, {source} AS source_cluster,"
                             f" {target} AS target_cluster FROM links l WHERE l.{end} IN"
                             f" {members} AND {where}{kinds}{keep}")
                args += [*ids, *params, *types] + ([packed] if resolving else [])
            rows = self._conn.execute(" UNION ".join(parts) + " ORDER BY 1", args).fetchall()
        return self._with_clusters(rows, resolving)

    def entity_details(self, entity_ids: list[str], filters: Filters | None = None,
                       max_documents: int = 20) -> dict[str, dict[str, Any]]:
        """What a ranked row shows about each of ``entity_ids``, within ``filters``.

        Per id: ``type``, ``key``, ``label``, ``props`` (the canonical entity's),
        ``members`` (the entities resolved into it); ``variants`` (mention texts and aliases
        as written, first use first) and ``roles`` (mention roles), both from documents whose
        MENTIONED_IN link is within the filters; ``children_linked`` (``child_id`` and
        ``name`` of every child on a link touching it); and ``evidence``: one entry per
        document behind those links (``document_id``, ``kind``, ``date``, ``link_types``,
        ``child_id``, ``via``: up to ten other ends that are not documents), newest first,
        at most ``max_documents``, with ``evidence_total`` the full count. Grouping,
        de-duplication and the cut to ``max_documents`` happen in the query.
        """
        ids = sorted(set(entity_ids))
        if not ids:
            return {}
        where, params = filter_sql(filters)
        packed = json.dumps(ids)
        with self._lock:
            resolving = self._resolving()
            shown = f"""
                WITH touching AS MATERIALIZED ({self._touching(resolving, where)}),
                per_document AS (
                    SELECT entity_id, document_id, GROUP_CONCAT(DISTINCT type) AS link_types,
                           MIN(child_id) AS child_id, MIN(substr(observed_at, 1, 10)) AS day,
                           GROUP_CONCAT(DISTINCT CASE WHEN other_id NOT LIKE 'Document:%'
                                        THEN other_id END) AS via
                    FROM touching GROUP BY entity_id, document_id
                ),
                numbered AS (
                    SELECT p.*, d.kind, COALESCE(d.date, p.day) AS date,
                           ROW_NUMBER() OVER (PARTITION BY p.entity_id ORDER BY
                               COALESCE(d.date, p.day) DESC, p.document_id DESC) AS position,
                           COUNT(*) OVER (PARTITION BY p.entity_id) AS total
                    FROM per_document p LEFT JOIN documents d ON d.id = p.document_id
                )
                SELECT 'child' AS part, t.entity_id, t.child_id AS a,
                       json_extract(c.props, '$.name') AS b, NULL AS kind, NULL AS date,
                       NULL AS via, NULL AS total
                FROM (SELECT DISTINCT entity_id, child_id FROM touching
                      WHERE child_id IS NOT NULL) t
                LEFT JOIN entities c ON c.id = 'Child:' || t.child_id
                UNION ALL
                SELECT 'member', entity_id, member_id, NULL, NULL, NULL, NULL, NULL
                FROM (SELECT DISTINCT entity_id, member_id FROM touching)
                UNION ALL
                SELECT 'document', entity_id, document_id,
                       link_types || '|' || COALESCE(child_id, ''), kind, date, via, total
                FROM numbered WHERE position <= ?
            """
            written = (
                f"SELECT {self._cluster('m.entity_id', 'm.document_id', resolving)} AS cid,"
                " m.text, m.role, m.aliases, MIN(l.observed_at) AS first"
                " FROM mentions m JOIN links l INDEXED BY links_document"
                " ON l.document_id = m.document_id AND l.source_id = m.entity_id"
                " AND l.type = 'MENTIONED_IN'"
                f" WHERE m.entity_id IN {self._members(resolving)} AND {where}"
                " GROUP BY 1, m.text, m.role, m.aliases ORDER BY first, m.text")
            basics = {r["id"]: r for r in self.entities_by_id(ids)}
            parts = self._conn.execute(
                shown, [*self._touching_args(resolving, packed, params),
                        int(max_documents)]).fetchall()
            forms = self._conn.execute(
                written, [*([packed, packed] if resolving else [packed]), *params]).fetchall()
        out: dict[str, dict[str, Any]] = {}
        for entity, row in basics.items():
            out[entity] = {"entity_id": entity, "type": row["type"], "key": row["key"],
                           "label": row["label"], "props": row["props"], "members": [],
                           "variants": [], "roles": [], "children_linked": [],
                           "evidence": [], "evidence_total": 0}
        for entity, text, role, aliases, _ in forms:
            entry = out.get(entity)
            if entry is None:
                continue
            for form in (text, *json.loads(aliases or "[]")):
                if form and form not in entry["variants"]:
                    entry["variants"].append(form)
            if role and role not in entry["roles"]:
                entry["roles"].append(role)
        for part, entity, a, b, kind, date, via, total in parts:
            entry = out.get(entity)
            if entry is None:
                continue
            if part == "child":
                entry["children_linked"].append({"child_id": a, "name": b})
            elif part == "member":
                entry["members"].append(a)
            else:
                types, _, child = b.partition("|")
                entry["evidence_total"] = total
                entry["evidence"].append({
                    "document_id": a, "kind": kind, "date": date,
                    "link_types": sorted(types.split(",")), "child_id": child or None,
                    "via": sorted((via or "").split(","))[:10] if via else []})
        for entry in out.values():
            entry["roles"].sort()
            entry["members"].sort()
            entry["children_linked"].sort(key=lambda c: c["child_id"])
            entry["evidence"].sort(key=lambda e: (e["date"] or "", e["document_id"]),
                                   reverse=True)
        return out

    def names(self, types: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """Every way each (resolved) entity is named, for looking one up by what a user
        types: the label, the key, the id, and each mention's text and aliases. Rows are
        distinct (``entity_id``, ``type``, ``name``), optionally of ``types`` only."""
        for type_name in types:
            model().entity(type_name)
        kinds = ""
        params: list[Any] = []
        if types:
            kinds = f" AND e.type IN ({','.join('?' * len(types))})"
            params = list(types)
        with self._lock:
            resolving = self._resolving()
            whole = self._cluster("e.id", "''", resolving)
            each = self._cluster("m.entity_id", "m.document_id", resolving)
            sql = (
                f"SELECT {whole}, e.type, e.label FROM entities e WHERE 1=1{kinds}"
                f" UNION SELECT {whole}, e.type, e.key FROM entities e WHERE 1=1{kinds}"
                f" UNION SELECT {whole}, e.type, e.id FROM entities e WHERE 1=1{kinds}"
                f" UNION SELECT {each}, e.type, m.text FROM mentions m JOIN entities e"
                f" ON e.id = m.entity_id WHERE 1=1{kinds}"
                f" UNION SELECT {each}, e.type, j.value FROM mentions m JOIN entities e"
                f" ON e.id = m.entity_id, json_each(m.aliases) j WHERE 1=1{kinds}"
            )
            rows = self._conn.execute(sql, params * 5).fetchall()
        return [{"entity_id": r[0], "type": r[1], "name": r[2]} for r in rows if r[2]]

    def new_links(self, since: str, filters: Filters | None = None) -> list[dict[str, Any]]:
        """Relations whose first observation (within ``filters``) is on or after ``since``.

        One row per distinct (``type``, ``source_id``, ``target_id``), ends resolved, among
        the relation types that come from what records say (everything but MENTIONED_IN,
        MISSING_EPISODE, MISSING_FROM, FOUND_AT and PLACED_AT, which records of new episodes
        and placements always add): ``first_seen``, ``documents`` (distinct),
        ``document_ids`` and ``child_ids``. ``filters.since`` should be unset, or
        everything looks new.
        """
        where, params = filter_sql(filters)
        with self._lock:
            resolving = self._resolving()
            sql = (
                f"SELECT l.type, {self._cluster('l.source_id', 'l.document_id', resolving)}"
                f" AS source_id, {self._cluster('l.target_id', 'l.document_id', resolving)}"
                " AS target_id, MIN(l.observed_at) AS first_seen,"
                " COUNT(DISTINCT l.document_id) AS documents,"
                " GROUP_CONCAT(DISTINCT l.document_id) AS document_ids,"
                " GROUP_CONCAT(DISTINCT l.child_id) AS child_ids FROM links l"
                " WHERE l.type NOT IN ('MENTIONED_IN', 'MISSING_EPISODE', 'MISSING_FROM',"
                f" 'FOUND_AT', 'PLACED_AT') AND {where}"
                " GROUP BY 1, 2, 3 HAVING MIN(l.observed_at) >= ?"
            )
            rows = [dict(r) for r in self._conn.execute(sql, [*params, since])]
        for row in rows:
            for key in ("document_ids", "child_ids"):
                row[key] = sorted((row[key] or "").split(",")) if row[key] else []
        return rows

    def new_children_at(self, type_name: str, since: str,
                        filters: Filters | None = None) -> list[dict[str, Any]]:
        """(entity, child) pairs of ``type_name`` first linked on or after ``since``, at
        entities that already had children before it.

        Over every link touching a (resolved) entity of the type within ``filters`` and
        carrying a child: one row per pair whose earliest link is on or after ``since``
        (``entity_id``, ``child_id``, ``first_seen``, ``document_ids`` of the pair's links)
        where the entity has ``children_before`` >= 1 children first linked before ``since``.
        """
        low, high = self._type_range(type_name)
        where, params = filter_sql(filters)
        with self._lock:
            resolving = self._resolving()
            target = self._cluster("l.target_id", "l.document_id", resolving)
            source = self._cluster("l.source_id", "l.document_id", resolving)
            sql = f"""
                WITH touching AS (
                    SELECT {target} AS entity_id, l.child_id, l.observed_at, l.document_id
                    FROM links l WHERE l.target_id >= ? AND l.target_id < ?
                         AND l.child_id IS NOT NULL AND {where}
                    UNION ALL
                    SELECT {source}, l.child_id, l.observed_at, l.document_id
                    FROM links l WHERE l.source_id >= ? AND l.source_id < ?
                         AND l.child_id IS NOT NULL AND {where}
                ),
                pairs AS MATERIALIZED (
                    SELECT entity_id, child_id, MIN(observed_at) AS first_seen,
                           GROUP_CONCAT(DISTINCT document_id) AS document_ids
                    FROM touching GROUP BY entity_id, child_id
                ),
                before AS (
                    SELECT entity_id, COUNT(*) AS children_before FROM pairs
                    WHERE first_seen < ? GROUP BY entity_id
                )
                SELECT p.entity_id, p.child_id, p.first_seen, p.document_ids,
                       b.children_before
                FROM pairs p JOIN before b ON b.entity_id = p.entity_id
                WHERE p.first_seen >= ?
            """
            args = [low, high, *params, low, high, *params, since, since]
            rows = [dict(r) for r in self._conn.execute(sql, args)]
        for row in rows:
            row["document_ids"] = sorted((row["document_ids"] or "").split(","))
        return rows

    def child_periods(self, boundaries: list[str],
                      filters: Filters | None = None) -> list[dict[str, Any]]:
        """Per child and period: missing episodes and indicators, for spotting escalation.

        ``boundaries`` are ascending ISO dates; period ``i`` runs from ``boundaries[i]``
        (inclusive) to ``boundaries[i + 1]`` (exclusive). Rows (only where something
        happened): ``child_id``, ``period``, ``episodes`` (MISSING_EPISODE links observed in
        the period, i.e. reported missing then), ``high_risk`` (of those, risk level high),
        ``indicators`` (non-negated indicators in documents about the child dated in the
        period; the filters apply through the child's MENTIONED_IN link to the document),
        ``codes`` (their distinct codes) and ``documents``.
        """
        if len(boundaries) < 2:
            return []
        where, params = filter_sql(filters)
        bounds = " UNION ALL ".join("SELECT ? AS i, ? AS lo, ? AS hi"
                                    for _ in boundaries[:-1])
        bound_args: list[Any] = []
        for i, (lo, hi) in enumerate(zip(boundaries, boundaries[1:], strict=False)):
            bound_args += [i, lo, hi]
        sql = f"""
            WITH bounds AS ({bounds}),
            eps AS (
                SELECT l.child_id, l.target_id AS episode_id,
                       substr(l.observed_at, 1, 10) AS day,
                       lower(json_extract(e.props, '$.risk_level')) AS risk
                FROM links l JOIN entities e ON e.id = l.target_id
                WHERE l.type = 'MISSING_EPISODE' AND {where}
            ),
            inds AS (
                SELECT i.child_id, i.code, i.document_id, substr(l.observed_at, 1, 10) AS day
                FROM indicators i JOIN links l ON l.document_id = i.document_id
                     AND l.type = 'MENTIONED_IN' AND l.source_id = 'Child:' || i.child_id
                WHERE i.negated = 0 AND {where}
            )
            SELECT e.child_id, b.i AS period, COUNT(DISTINCT e.episode_id) AS episodes,
                   SUM(e.risk = 'high') AS high_risk, 0 AS indicators, NULL AS codes,
                   0 AS documents
            FROM eps e JOIN bounds b ON e.day >= b.lo AND e.day < b.hi
            GROUP BY e.child_id, b.i
            UNION ALL
            SELECT n.child_id, b.i, 0, 0, COUNT(*), GROUP_CONCAT(DISTINCT n.code),
                   COUNT(DISTINCT n.document_id)
            FROM inds n JOIN bounds b ON n.day >= b.lo AND n.day < b.hi
            GROUP BY n.child_id, b.i
        """
        with self._lock:
            raw = self._conn.execute(sql, [*bound_args, *params, *params]).fetchall()
        merged: dict[tuple[str, int], dict[str, Any]] = {}
        for r in raw:
            row = merged.setdefault((r["child_id"], r["period"]), {
                "child_id": r["child_id"], "period": r["period"], "episodes": 0,
                "high_risk": 0, "indicators": 0, "codes": [], "documents": 0})
            row["episodes"] += r["episodes"] or 0
            row["high_risk"] += r["high_risk"] or 0
            row["indicators"] += r["indicators"] or 0
            row["documents"] += r["documents"] or 0
            if r["codes"]:
                row["codes"] = sorted(set(row["codes"]) | set(r["codes"].split(",")))
        return sorted(merged.values(), key=lambda r: (r["child_id"], r["period"]))

    def episode_facts(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        """Every missing episode within ``filters`` (by its MISSING_EPISODE link), with
        where it began and ended and who the child was with.

        Rows: ``episode_id`` (entity id), ``child_id``, ``reported_missing_at``,
        ``returned_at``, ``risk_level``, ``missing_from`` and ``found_at`` (resolved Location
        ids, or None), and ``with``: persons (resolved) the RHI note of that episode
        (``fields.episode_id``) relates to the child by WITH or TRANSPORTED_BY, each
        ``person_id``, ``role`` (the mention's, default UNKNOWN), ``type`` and
        ``document_id``.
        """
        where, params = filter_sql(filters)
        with self._lock:
            resolving = self._resolving()
            place = self._cluster("f.target_id", "f.document_id", resolving)
            rows = [dict(r) for r in self._conn.execute(
                "SELECT e.id AS episode_id, l.child_id,"
                " json_extract(e.props, '$.reported_missing_at') AS reported_missing_at,"
                " json_extract(e.props, '$.returned_at') AS returned_at,"
                " json_extract(e.props, '$.risk_level') AS risk_level,"
                f" (SELECT {place} FROM links f WHERE f.source_id = e.id"
                "  AND f.type = 'MISSING_FROM' ORDER BY f.id LIMIT 1) AS missing_from,"
                f" (SELECT {place} FROM links f WHERE f.source_id = e.id"
                "  AND f.type = 'FOUND_AT' ORDER BY f.id LIMIT 1) AS found_at"
                " FROM links l JOIN entities e ON e.id = l.target_id"
                f" WHERE l.type = 'MISSING_EPISODE' AND {where} ORDER BY l.observed_at, e.id",
                params)]
            company = self._conn.execute(
                "SELECT 'Episode:' || json_extract(d.fields, '$.episode_id') AS episode_id,"
                f" {self._cluster('l.target_id', 'l.document_id', resolving)} AS person_id,"
                " l.type, l.document_id,"
                " COALESCE((SELECT m.role FROM mentions m WHERE m.document_id = d.id"
                "  AND m.entity_id = l.target_id AND m.role IS NOT NULL"
                "  ORDER BY m.role = 'PEER', m.id LIMIT 1), 'UNKNOWN') AS role"
                " FROM documents d JOIN links l ON l.document_id = d.id"
                " AND l.source_id = 'Child:' || d.child_id"
                " AND l.type IN ('WITH', 'TRANSPORTED_BY')"
                " AND l.target_id >= 'Person:' AND l.target_id < 'Person;'"
                f" WHERE json_extract(d.fields, '$.episode_id') IS NOT NULL AND {where}"
                " ORDER BY d.date, l.id", params).fetchall()
        found: dict[str, list[dict[str, Any]]] = {}
        for r in company:
            found.setdefault(r["episode_id"], []).append(
                {"person_id": r["person_id"], "role": r["role"], "type": r["type"],
                 "document_id": r["document_id"]})
        for row in rows:
            row["with"] = found.get(row["episode_id"], [])
        return rows

    def date_range(self, filters: Filters | None = None) -> tuple[str | None, str | None]:
        """The earliest and latest ``observed_at`` of the links within ``filters``."""
        where, params = filter_sql(filters)
        with self._lock:
            row = self._conn.execute(
                f"SELECT MIN(l.observed_at), MAX(l.observed_at) FROM links l WHERE {where}",
                params).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def mentions_of(self, entity_ids: list[str],
                    filters: Filters | None = None) -> list[dict[str, Any]]:
        """Mentions resolving to one of ``entity_ids`` in documents whose MENTIONED_IN link
        for the entity is within ``filters``: ``entity_id`` (the cluster), ``member_id``
        (the entity written), ``document_id``, ``kind``, ``date`` (the link's
        ``observed_at``), ``child_id`` (the document's subject) and ``child_name``, ``text``,
        ``role`` and ``aliases`` (list), oldest first. What a row shows per role, and which
        role each document gave a person."""
        where, params = filter_sql(filters)
        packed = json.dumps(sorted(set(entity_ids)))
        with self._lock:
            resolving = self._resolving()
            resolved = self._cluster("m.entity_id", "m.document_id", resolving)
            keep = f" AND {resolved} IN (SELECT value FROM json_each(?))" if resolving else ""
            rows = self._conn.execute(
                f"SELECT {resolved} AS entity_id, m.entity_id AS member_id, m.document_id,"
                " d.kind, l.observed_at AS date, l.child_id,"
                " json_extract(c.props, '$.name') AS child_name, m.text, m.role, m.aliases"
                " FROM mentions m JOIN links l INDEXED BY links_document"
                " ON l.document_id = m.document_id"
                " AND l.source_id = m.entity_id AND l.type = 'MENTIONED_IN'"
                " JOIN documents d ON d.id = m.document_id"
                " LEFT JOIN entities c ON c.id = 'Child:' || l.child_id"
                f" WHERE m.entity_id IN {self._members(resolving)} AND {where}{keep}"
                " ORDER BY l.observed_at, m.id",
                [*([packed, packed] if resolving else [packed]), *params,
                 *([packed] if resolving else [])]).fetchall()
        return [{**dict(r), "aliases": json.loads(r["aliases"] or "[]")} for r in rows]

    def child_links(self, child_ids: list[str], filters: Filters | None = None,
                    types: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """Links (as :meth:`links` gives them, with ``source_cluster`` and
        ``target_cluster``) about any of ``child_ids`` (their ``child_id``), within
        ``filters``, optionally of ``types`` only: everything the records say about a set of
        children, including an episode's places and whatever a note about the child names,
        which :meth:`neighbourhood` of the child's id misses."""
        for type_name in types:
            model().relation(type_name)
        where, params = filter_sql(filters)
        kinds = f" AND l.type IN ({','.join('?' * len(types))})" if types else ""
        with self._lock:
            resolving = self._resolving()
            rows = self._conn.execute(
                f"SELECT {self._LINK_COLUMNS},"
                f" {self._cluster('l.source_id', 'l.document_id', resolving)}"
                " AS source_cluster,"
                f" {self._cluster('l.target_id', 'l.document_id', resolving)}"
                " AS target_cluster"
                " FROM links l WHERE l.child_id IN (SELECT value FROM json_each(?))"
                f" AND {where}{kinds} ORDER BY l.id",
                [json.dumps(sorted(set(child_ids))), *params, *types]).fetchall()
        return self._with_clusters(rows, resolving)

    def entities_by_id(self, entity_ids: list[str]) -> list[dict[str, Any]]:
        """Entities (``id``, ``type``, ``key``, ``label``, ``props``) with these ids; a
        cluster id is answered with its canonical entity's fields under the cluster id."""
        packed = json.dumps(sorted(set(entity_ids)))
        with self._lock:
            resolving = self._resolving()
            rows = self._conn.execute(
                "SELECT i.value AS id, e.type, e.key, e.label, e.props"
                " FROM json_each(?) i JOIN entities e"
                f" ON e.id = {self._canonical('i.value', resolving)} ORDER BY i.value",
                (packed,)).fetchall()
        return [{**dict(r), "props": json.loads(r["props"])} for r in rows]

    # -- entity resolution (issue 5) ------------------------------------------------------
    # Resolution never rewrites ids in links or mentions. entity_clusters maps an entity (row
    # with document_id '') or one entity's mention in one document (row with that document
    # id, which wins) to a cluster; judgements are analysts' decisions and outlive every
    # re-resolution. A link end or mention resolves to COALESCE(document row, entity row,
    # entity id), which is what entity_activity and links() group by.

    def resolution_units(self, types: tuple[str, ...]) -> list[dict[str, Any]]:
        """Every (entity, document) pair of ``types`` that a document names: the unit that
        resolution clusters, since one entity key may name two real things.

        Per pair: ``entity_id``, ``type``, ``key``, ``label``, ``props``, ``document_id``,
        ``kind`` and ``date`` (the document's), ``child_id`` (the document's subject, else
        the MENTIONED_IN link's child), ``mentions`` (each ``text``, ``role``, ``aliases``,
        ``attributes``, ``start``, ``end``) and ``linked``: the document's other relations
        touching the entity, each ``type``, ``other_id`` and ``direction`` (``out`` when the
        entity is the source).
        """
        ranges = [self._type_range(t) for t in types]
        out: list[dict[str, Any]] = []
        # Read as plain scans and joined here: each entity's props are parsed once, not once
        # per document naming it (a worker named in 1,000 notes), the documents are read
        # once, and no GROUP BY or ORDER BY needs a temporary B-tree (measured at 100,000
        # mentions: the joined, grouped query was half of the read).
        with self._lock:
            documents = {r[0]: (r[1], r[2], r[3]) for r in self._conn.execute(
                "SELECT id, kind, date, child_id FROM documents")}
            for low, high in ranges:
                units: dict[tuple[str, str], dict[str, Any]] = {}
                entities: dict[str, tuple[Any, ...]] = {}
                for r in self._conn.execute(
                        "SELECT id, type, key, label, props FROM entities"
                        " WHERE id >= ? AND id < ?", (low, high)):
                    entities[r[0]] = (r[1], r[2], r[3], json.loads(r[4]))
                for source, document, child in self._conn.execute(
                        "SELECT source_id, document_id, child_id FROM links"
                        " WHERE type = 'MENTIONED_IN' AND source_id >= ? AND source_id < ?",
                        (low, high)):
                    unit = units.get((source, document))
                    if unit is not None:
                        if child is not None and (unit["_link_child"] is None
                                                  or child > unit["_link_child"]):
                            unit["_link_child"] = child
                        continue
                    entity, doc = entities.get(source), documents.get(document)
                    if entity is None or doc is None:
                        continue
                    units[(source, document)] = {
                        "entity_id": source, "document_id": document, "type": entity[0],
                        "key": entity[1], "label": entity[2], "props": entity[3],
                        "kind": doc[0], "date": doc[1], "child_id": doc[2],
                        "_link_child": child, "mentions": [], "linked": []}
                for r in self._conn.execute(
                    'SELECT entity_id, document_id, text, role, aliases, attributes, start,'
                    ' "end" FROM mentions WHERE entity_id >= ? AND entity_id < ?'
                    ' ORDER BY entity_id, id', (low, high)):
                    unit = units.get((r[0], r[1]))
                    if unit is not None:
                        unit["mentions"].append({
                            "text": r[2], "role": r[3],
                            "aliases": json.loads(r[4]) if r[4] and r[4] != "[]" else [],
                            "attributes": json.loads(r[5]) if r[5] and r[5] != "{}" else {},
                            "start": r[6], "end": r[7]})
                for r in self._conn.execute(
                    "SELECT source_id, target_id, type, document_id FROM links"
                    " WHERE type <> 'MENTIONED_IN' AND source_id >= ? AND source_id < ?"
                    " UNION ALL SELECT target_id, source_id, type || '<', document_id"
                    " FROM links WHERE type <> 'MENTIONED_IN' AND target_id >= ?"
                    " AND target_id < ?", (low, high, low, high)):
                    unit = units.get((r[0], r[3]))
                    if unit is not None:
                        incoming = r[2].endswith("<")
                        unit["linked"].append({"type": r[2].rstrip("<"), "other_id": r[1],
                                               "direction": "in" if incoming else "out"})
                for pair in sorted(units):
                    unit = units[pair]
                    link_child = unit.pop("_link_child")
                    if unit["child_id"] is None:
                        unit["child_id"] = link_child
                    out.append(unit)
        return out

    def replace_resolution(self, clusters: list[dict[str, Any]],
                           candidates: list[dict[str, Any]], *, resolved_at: str,
                           fingerprint: str, summary: dict[str, Any] | None = None) -> None:
        """Replace the cluster mapping and the open review queue in one transaction.

        ``clusters`` rows: ``entity_id``, ``document_id`` ('' for the entity-wide row),
        ``cluster_id``, ``canonical_id`` (an entity id the cluster is shown as), ``score``,
        ``reasons`` (list of strings). Every previous row is removed, so entities that are
        gone (erased documents) leave no mapping. ``candidates`` rows: ``type``, ``left_id``,
        ``left_document``, ``right_id``, ``right_document``, ``left_cluster``,
        ``right_cluster``, ``score``, ``reasons``: they become the open candidates (a pair
        still open keeps its id, with the new score; open pairs not proposed again are
        removed), while a pair already accepted or rejected keeps its row and is not
        reopened. The run is
        recorded with ``fingerprint`` (see :meth:`resolution_fingerprint`) and ``summary``.
        """
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                summaries.remember_mapping(self)
                self._conn.execute("DELETE FROM entity_clusters")
                self._conn.executemany(
                    "INSERT INTO entity_clusters (entity_id, document_id, cluster_id,"
                    " canonical_id, score, reasons, resolved_at) VALUES (?,?,?,?,?,?,?)",
                    [(c["entity_id"], c.get("document_id") or "", c["cluster_id"],
                      c.get("canonical_id") or c["cluster_id"], float(c["score"]),
                      _json(list(c.get("reasons") or [])), resolved_at) for c in clusters])
                # Candidate ids stay stable while the pair stays open (an analyst may be
                # reading the list while resolution runs again); ids are never reused.
                pairs = [(c["left_id"], c.get("left_document") or "", c["right_id"],
                          c.get("right_document") or "") for c in candidates]
                self._conn.executemany(
                    "INSERT INTO resolution_candidates (type, left_id, left_document,"
                    " right_id, right_document, left_cluster, right_cluster, score, reasons,"
                    " status, created_at) VALUES (?,?,?,?,?,?,?,?,?,'open',?)"
                    " ON CONFLICT(left_id, left_document, right_id, right_document)"
                    " DO UPDATE SET type = excluded.type, left_cluster = excluded.left_cluster,"
                    " right_cluster = excluded.right_cluster, score = excluded.score,"
                    " reasons = excluded.reasons WHERE status = 'open'",
                    [(c["type"], *pair, c.get("left_cluster"), c.get("right_cluster"),
                      float(c["score"]), _json(list(c.get("reasons") or [])), resolved_at)
                     for c, pair in zip(candidates, pairs, strict=True)])
                current = set(pairs)
                stale = [(r[0],) for r in self._conn.execute(
                    "SELECT id, left_id, left_document, right_id, right_document"
                    " FROM resolution_candidates WHERE status = 'open'")
                    if tuple(r[1:]) not in current]
                self._conn.executemany("DELETE FROM resolution_candidates WHERE id = ?", stale)
                self._conn.execute(
                    "INSERT INTO resolution_runs (resolved_at, fingerprint, summary)"
                    " VALUES (?,?,?)", (resolved_at, fingerprint, _json(summary or {})))
                summaries.after_resolution(self)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def entity_clusters(self, type_name: str | None = None) -> list[dict[str, Any]]:
        """Cluster mapping rows (``entity_id``, ``document_id``, ``cluster_id``,
        ``canonical_id``, ``score``, ``reasons``, ``resolved_at``), optionally of one entity
        type, ordered by cluster, entity and document."""
        sql = "SELECT * FROM entity_clusters"
        params: tuple[Any, ...] = ()
        if type_name:
            low, high = self._type_range(type_name)
            sql += " WHERE entity_id >= ? AND entity_id < ?"
            params = (low, high)
        with self._lock:
            rows = self._conn.execute(
                sql + " ORDER BY cluster_id, entity_id, document_id", params).fetchall()
        return [{**dict(r), "reasons": json.loads(r["reasons"])} for r in rows]

    def resolution_candidates(self, status: str | None = "open", *,
                              candidate_id: int | None = None) -> list[dict[str, Any]]:
        """Review candidates (every column; ``reasons`` a list), ``open``, ``accepted`` or
        ``rejected`` (``None``: all), or the one with ``candidate_id``; highest score
        first."""
        clauses, params = ["1=1"], []
        if status is not None:
            clauses.append("status = ?")
            params.append(status)
        if candidate_id is not None:
            clauses.append("id = ?")
            params.append(int(candidate_id))
        with self._lock:
            rows = self._conn.execute(
                f"SELECT * FROM resolution_candidates WHERE {' AND '.join(clauses)}"
                " ORDER BY score DESC, id", params).fetchall()
        return [{**dict(r), "reasons": json.loads(r["reasons"])} for r in rows]

    def add_judgement(self, *, left_id: str, right_id: str, same: bool, user: str, at: str,
                      left_document: str = "", right_document: str = "",
                      note: str | None = None, candidate_id: int | None = None) -> int:
        """Record an analyst's decision that two entities (or two entities' mentions in the
        given documents; '' means every mention) are, or are not, the same real thing, and
        who decided when. With ``candidate_id`` the candidate becomes ``accepted`` or
        ``rejected``. Returns the judgement id; a blank user raises ``StoreError``."""
        if not (user or "").strip():
            raise StoreError("a judgement records who made it")
        if left_id == right_id and (left_document or "") == (right_document or ""):
            raise StoreError("a judgement needs two different things")
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._conn.execute(
                    "INSERT INTO judgements (left_id, left_document, right_id, right_document,"
                    " same, user, at, note, active) VALUES (?,?,?,?,?,?,?,?,1)",
                    (left_id, left_document or "", right_id, right_document or "",
                     int(bool(same)), user.strip(), at, note))
                judgement = int(cursor.lastrowid or 0)
                if candidate_id is not None:
                    self._conn.execute(
                        "UPDATE resolution_candidates SET status = ?, judgement_id = ?"
                        " WHERE id = ?", ("accepted" if same else "rejected", judgement,
                                          int(candidate_id)))
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        return judgement

    def judgements(self, *, active: bool | None = True) -> list[dict[str, Any]]:
        """Judgements (every column; ``same`` and ``active`` as booleans), only active ones
        by default (``None``: all), oldest first."""
        sql = "SELECT * FROM judgements"
        params: tuple[Any, ...] = ()
        if active is not None:
            sql += " WHERE active = ?"
            params = (int(active),)
        with self._lock:
            rows = self._conn.execute(sql + " ORDER BY at, id", params).fetchall()
        return [{**dict(r), "same": bool(r["same"]), "active": bool(r["active"])}
                for r in rows]

    def undo_judgement(self, judgement_id: int, *, user: str, at: str) -> bool:
        """Deactivate a judgement (kept, with ``undone_by`` and ``undone_at``); a candidate
        it decided is open again. ``False`` when there is no such active judgement."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._conn.execute(
                    "UPDATE judgements SET active = 0, undone_by = ?, undone_at = ?"
                    " WHERE id = ? AND active = 1", (user, at, int(judgement_id)))
                changed = cursor.rowcount == 1
                if changed:
                    self._conn.execute(
                        "UPDATE resolution_candidates SET status = 'open', judgement_id = NULL"
                        " WHERE judgement_id = ?", (int(judgement_id),))
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        return changed

    def resolution_fingerprint(self) -> str:
        """What resolution depends on, as a string that changes when it does: documents
        (count, latest ingest), mentions, links and judgements (count, active)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT (SELECT COUNT(*) FROM documents), (SELECT MAX(ingested_at) FROM"
                " documents), (SELECT COUNT(*) FROM mentions), (SELECT COUNT(*) FROM links),"
                " (SELECT COUNT(*) FROM judgements), (SELECT COALESCE(SUM(active), 0) FROM"
                " judgements)").fetchone()
        return _json(list(row))

    def last_resolution(self) -> dict[str, Any] | None:
        """The latest resolution run (``resolved_at``, ``fingerprint``, ``summary``)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT resolved_at, fingerprint, summary FROM resolution_runs"
                " ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        return {"resolved_at": row[0], "fingerprint": row[1], "summary": json.loads(row[2])}

    # -- the RHI manager's desk (issue 13) ------------------------------------------------
    def document_mentions(self, document_ids: list[str] | None = None, *,
                          kind: str | None = None) -> list[dict[str, Any]]:
        """Per-document mentions with each entity's resolved cluster: what a note names, in
        which role and where, which triage and drafting read without re-running NLP."""
        clauses, params = ["1=1"], []
        if document_ids is not None:
            clauses.append("m.document_id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted(set(document_ids))))
        if kind:
            clauses.append("d.kind = ?")
            params.append(kind)
        with self._lock:
            rows = self._conn.execute(
                "SELECT m.document_id, d.kind, d.date, d.child_id, m.entity_id,"
                " COALESCE(cd.cluster_id, ce.cluster_id, m.entity_id) AS cluster_id,"
                ' e.type, e.key, e.label, e.props, m.text, m.start, m."end", m.role,'
                " m.aliases, m.attributes"
                " FROM mentions m JOIN documents d ON d.id = m.document_id"
                " JOIN entities e ON e.id = m.entity_id"
                " LEFT JOIN entity_clusters cd ON cd.entity_id = m.entity_id"
                " AND cd.document_id = m.document_id"
                " LEFT JOIN entity_clusters ce ON ce.entity_id = m.entity_id"
                " AND ce.document_id = ''"
                f" WHERE {' AND '.join(clauses)}"
                " ORDER BY d.date, m.document_id, m.start IS NULL, m.start, m.id",
                params).fetchall()
        return [{**dict(r), "props": json.loads(r["props"] or "{}"),
                 "aliases": json.loads(r["aliases"] or "[]"),
                 "attributes": json.loads(r["attributes"] or "{}")} for r in rows]


#: :meth:`SQLiteStore.read_sql` of some store: ``read_sql(sql, params) -> rows``.
ReadSQL = Callable[..., list[sqlite3.Row]]


def sql_reader(store: object) -> ReadSQL | None:
    """The store's :meth:`SQLiteStore.read_sql` when it answers SQL, else ``None`` (a Neo4j
    store, or a store seen through the ``Store`` protocol alone). The one test callers make
    before taking an SQL read path, so that every store gives the same answers: the SQL
    one fast, the others through the protocol's reads."""
    found = getattr(store, "read_sql", None)
    return found if callable(found) else None
