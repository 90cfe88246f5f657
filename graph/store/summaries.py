"""Pre-aggregated analysis rows in the SQLite store, kept exact in the writing transaction.

Why: issue 6 asks hotspots, associates and vehicles to answer on 1,000,000 links within
twice a bare ``GROUP BY``. Aggregating every link of a type on each request cannot do that
(the rows carry more than the bare query counts), so the unfiltered answer is kept:

- ``entity_summaries``: one row per resolved entity (cluster) of :data:`SUMMARISED` types,
  what :meth:`SQLiteStore.entity_signals` answers with no filters;
- ``person_summaries``: one row per (person cluster, role written), what
  :meth:`SQLiteStore.person_activity` answers with no filters.

How they stay exact: every write, deletion (erasure included) and resolution run marks, in
its own transaction, the clusters it may have changed (``summary_stale``); the first read
after it recomputes those rows, in one transaction, with the *same* query a filtered request
runs, restricted to those clusters through the id indexes. A stored row is therefore the
live answer, stored. Marking rather than recomputing at once keeps a write's cost flat: a
place named in thousands of notes (a town, a school) is recomputed once for a whole ingest,
not once per note. A filtered request (a date window, an area ...) still runs the live query,
since no stored row can answer every window.

What a document can change: the clusters at either end of its links and of its mentions;
and, when it gives a person their first mention as an adult of concern (or takes away their
last), every entity linked to that person, whose ``adult_ids`` change. A resolution run can
change the clusters of the entities whose mapping rows changed and, for adults of concern,
their neighbours' ``adult_ids``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from graph.store.records import Filters, context_places_of

if TYPE_CHECKING:
    from graph.store.sqlite import SQLiteStore

#: Types whose unfiltered signals are kept (the ones the analyses rank).
SUMMARISED = ("Location", "Person", "Vehicle", "Phone", "OnlineAccount")
#: Aggregate columns of an ``entity_signals`` row, as stored.
SIGNAL_COLUMNS = ("children", "documents", "episodes", "found_at", "missing_from",
                  "is_placement", "is_home", "direct_children", "concern_children",
                  "first_seen", "last_seen", "intel_documents", "adult_ids")
#: Columns of a ``person_activity`` row, as stored (``roles`` as written by the query).
PERSON_COLUMNS = ("role", "children", "documents", "first_seen", "last_seen",
                  "intel_documents", "concern_children", "roles")
#: Above this many clusters of one type to recompute, the whole type is rebuilt in one pass
#: (a range scan), which is cheaper than that many index lookups.
REBUILD_ABOVE = 2000
ADULT = "ADULT_OF_CONCERN"


def unfiltered(filters: Filters | None) -> bool:
    """Whether a request is the one the summaries answer (no filter set)."""
    return filters is None or filters == Filters()


def type_of(entity_id: str) -> str:
    return entity_id.split(":", 1)[0]


def _packed(ids: Iterable[str]) -> str:
    return json.dumps(sorted(set(ids)))


# -- reading -------------------------------------------------------------------------------
def read_signals(store: SQLiteStore, type_name: str,
                 entity_ids: list[str] | None) -> list[dict[str, Any]] | None:
    """Stored signal rows of a type (or of these cluster ids), with the canonical entity's
    type, key, label and props, in the shape :meth:`SQLiteStore._signals_raw` returns;
    ``None`` when the stale rows could not be recomputed now (see :func:`settle`)."""
    if not settle(store):
        return None
    low, high = store._type_range(type_name)
    scope = ("s.entity_id >= ? AND s.entity_id < ?" if entity_ids is None
             else "s.entity_id IN (SELECT value FROM json_each(?))")
    args = [low, high] if entity_ids is None else [_packed(entity_ids)]
    with store._lock:
        canonical = store._canonical("s.entity_id", store._resolving())
        return [dict(r) for r in store._conn.execute(
            f"SELECT s.entity_id, {', '.join('s.' + c for c in SIGNAL_COLUMNS)},"
            " e.type, e.key, e.label, e.props FROM entity_summaries s"
            f" LEFT JOIN entities e ON e.id = {canonical} WHERE {scope}", args)]


def read_context(store: SQLiteStore) -> dict[str, dict[str, bool]] | None:
    """The places a child is placed at or lives at, at any time, from the stored rows:
    ``{cluster id: {"is_placement": ..., "is_home": ...}}``; ``None`` as
    :func:`read_signals`."""
    if not settle(store):
        return None
    low, high = store._type_range("Location")
    with store._lock:
        return context_places_of(store._conn.execute(
            "SELECT entity_id, is_placement, is_home FROM entity_summaries"
            " WHERE entity_id >= ? AND entity_id < ? AND (is_placement OR is_home)",
            (low, high)))


def read_persons(store: SQLiteStore, min_children: int) -> list[dict[str, Any]] | None:
    """Stored person rows with at least ``min_children`` children, in the shape
    :meth:`SQLiteStore._person_activity_raw` returns; ``None`` as :func:`read_signals`."""
    if not settle(store):
        return None
    with store._lock:
        canonical = store._canonical("p.entity_id", store._resolving())
        return [dict(r) for r in store._conn.execute(
            f"SELECT p.entity_id, {', '.join('p.' + c for c in PERSON_COLUMNS)},"
            " e.type, e.key, e.label FROM person_summaries p"
            f" LEFT JOIN entities e ON e.id = {canonical} WHERE p.children >= ?",
            (int(min_children),))]


# -- what a change touches -------------------------------------------------------------------
def clusters_of_document(store: SQLiteStore, document_id: str) -> set[str]:
    """The clusters at either end of a document's links and of its mentions."""
    resolving = store._resolving()
    source = store._cluster("l.source_id", "l.document_id", resolving)
    target = store._cluster("l.target_id", "l.document_id", resolving)
    mention = store._cluster("m.entity_id", "m.document_id", resolving)
    rows = store._conn.execute(
        f"SELECT {source} FROM links l WHERE l.document_id = ?1"
        f" UNION SELECT {target} FROM links l WHERE l.document_id = ?1"
        f" UNION SELECT {mention} FROM mentions m WHERE m.document_id = ?1", (document_id,))
    return {r[0] for r in rows if type_of(r[0]) in SUMMARISED}


def adults_among(store: SQLiteStore, person_ids: Iterable[str]) -> set[str]:
    """Those of ``person_ids`` mentioned anywhere as an adult of concern."""
    rows = store._conn.execute(
        "SELECT DISTINCT entity_id FROM mentions WHERE role = ? AND entity_id IN"
        " (SELECT value FROM json_each(?))", (ADULT, _packed(person_ids)))
    return {r[0] for r in rows}


def adults_in_document(store: SQLiteStore, document_id: str) -> set[str]:
    """Entities a document mentions as adults of concern."""
    return {r[0] for r in store._conn.execute(
        "SELECT DISTINCT entity_id FROM mentions INDEXED BY mentions_document"
        " WHERE document_id = ? AND role = ?",
        (document_id, ADULT))}


def neighbours_of_adults(store: SQLiteStore, person_ids: Iterable[str]) -> set[str]:
    """Clusters whose ``adult_ids`` can name these persons: the other ends of their
    relations, and what the information-sharing forms naming them as adults name."""
    packed = _packed(person_ids)
    resolving = store._resolving()
    source = store._cluster("l.source_id", "l.document_id", resolving)
    target = store._cluster("l.target_id", "l.document_id", resolving)
    rows = store._conn.execute(
        f"SELECT {target} FROM links l WHERE l.source_id IN (SELECT value FROM json_each(?1))"
        " AND l.type <> 'MENTIONED_IN'"
        f" UNION SELECT {source} FROM links l WHERE l.target_id IN"
        " (SELECT value FROM json_each(?1)) AND l.type <> 'MENTIONED_IN'"
        f" UNION SELECT {source} FROM links l WHERE l.type = 'MENTIONED_IN' AND l.document_id"
        " IN (SELECT m.document_id FROM mentions m JOIN documents d ON d.id = m.document_id"
        " AND d.kind = 'intel_form' WHERE m.role = ?2 AND m.entity_id IN"
        " (SELECT value FROM json_each(?1)))", (packed, ADULT))
    return {r[0] for r in rows if type_of(r[0]) in SUMMARISED}


class DocumentChange:
    """What one document's write or deletion may change, gathered around the change:
    :meth:`before` while the old facts are there, :meth:`after` once the new ones are."""

    def __init__(self, store: SQLiteStore, document_id: str,
                 new_adults: Iterable[str] = ()) -> None:
        self.store, self.document_id = store, document_id
        self.clusters: set[str] = set()
        self.persons = set(new_adults)
        self.adults_before: set[str] = set()

    def before(self) -> DocumentChange:
        self.clusters |= clusters_of_document(self.store, self.document_id)
        self.persons |= adults_in_document(self.store, self.document_id)
        self.adults_before = adults_among(self.store, self.persons)
        return self

    def after(self) -> None:
        """Mark every row the change may have touched (the next read recomputes them)."""
        self.clusters |= clusters_of_document(self.store, self.document_id)
        flipped = self.adults_before ^ adults_among(self.store, self.persons)
        if flipped:
            self.clusters |= neighbours_of_adults(self.store, flipped)
        mark(self.store, self.clusters)


# -- writing ---------------------------------------------------------------------------------
def _insert(store: SQLiteStore, table: str, columns: tuple[str, ...],
            rows: list[dict[str, Any]]) -> None:
    """Insert rows into one of this module's tables (names are ours, never input)."""
    store._conn.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [tuple(r[c] for c in columns) for r in rows])


def _store_signals(store: SQLiteStore, rows: list[dict[str, Any]]) -> None:
    _insert(store, "entity_summaries", ("entity_id", *SIGNAL_COLUMNS), rows)


def _store_persons(store: SQLiteStore, rows: list[dict[str, Any]]) -> None:
    _insert(store, "person_summaries", ("entity_id", *PERSON_COLUMNS), rows)


def rebuild_type(store: SQLiteStore, type_name: str) -> None:
    """Every stored row of one type, recomputed in one pass."""
    low, high = store._type_range(type_name)
    store._conn.execute("DELETE FROM entity_summaries WHERE entity_id >= ? AND entity_id < ?",
                        (low, high))
    _store_signals(store, store._signals_raw(type_name, None))
    if type_name == "Person":
        store._conn.execute("DELETE FROM person_summaries")
        _store_persons(store, store._person_activity_raw(None, 0))


def rebuild(store: SQLiteStore) -> None:
    """Every stored row, recomputed (a migration, a bulk copy); inside the caller's
    transaction."""
    for type_name in SUMMARISED:
        rebuild_type(store, type_name)
    store._conn.execute("DELETE FROM summary_stale")


def refresh(store: SQLiteStore, clusters: Iterable[str]) -> None:
    """Recompute the stored rows of these clusters (inside the caller's transaction): rows
    of clusters with nothing left are removed."""
    by_type: dict[str, set[str]] = {}
    for cluster in clusters:
        if type_of(cluster) in SUMMARISED:
            by_type.setdefault(type_of(cluster), set()).add(cluster)
    for type_name, ids in sorted(by_type.items()):
        if len(ids) > REBUILD_ABOVE:
            rebuild_type(store, type_name)
            continue
        packed = _packed(ids)
        store._conn.execute("DELETE FROM entity_summaries WHERE entity_id IN"
                            " (SELECT value FROM json_each(?))", (packed,))
        _store_signals(store, store._signals_raw(type_name, None, entity_ids=sorted(ids)))
        if type_name == "Person":
            store._conn.execute("DELETE FROM person_summaries WHERE entity_id IN"
                                " (SELECT value FROM json_each(?))", (packed,))
            _store_persons(store, store._person_activity_raw(None, 0, entity_ids=sorted(ids)))


def remember_mapping(store: SQLiteStore) -> None:
    """Keep the cluster mapping as it is, before a resolution run replaces it."""
    store._conn.execute("DROP TABLE IF EXISTS temp.mapping_before")
    store._conn.execute("CREATE TEMP TABLE mapping_before AS"
                        " SELECT entity_id, document_id, cluster_id FROM entity_clusters")


def after_resolution(store: SQLiteStore) -> None:
    """Mark what a resolution run changed: the clusters, old and new, of every entity
    whose mapping rows changed (and the entity itself), and for adults of concern among
    them, their neighbours."""
    changed: dict[str, set[str]] = {}
    for entity, old, new in store._conn.execute(
        "SELECT entity_id, cluster_id, NULL FROM (SELECT entity_id, document_id, cluster_id"
        " FROM temp.mapping_before EXCEPT SELECT entity_id, document_id, cluster_id"
        " FROM entity_clusters) UNION ALL SELECT entity_id, NULL, cluster_id FROM"
        " (SELECT entity_id, document_id, cluster_id FROM entity_clusters EXCEPT"
        " SELECT entity_id, document_id, cluster_id FROM temp.mapping_before)"):
        changed.setdefault(entity, {entity}).add(old or new)
    store._conn.execute("DROP TABLE IF EXISTS temp.mapping_before")
    if not changed:
        return
    clusters = {c for found in changed.values() for c in found}
    adults = adults_among(store, [e for e in changed if type_of(e) == "Person"])
    if adults:
        clusters |= neighbours_of_adults(store, adults)
    mark(store, clusters)


def mark(store: SQLiteStore, clusters: Iterable[str]) -> None:
    """Record, inside the caller's transaction, that these clusters' rows need recomputing."""
    store._conn.executemany("INSERT OR IGNORE INTO summary_stale (entity_id) VALUES (?)",
                            [(c,) for c in sorted(set(clusters)) if type_of(c) in SUMMARISED])


def settle(store: SQLiteStore) -> bool:
    """Recompute the rows marked stale, and clear the marks, in one transaction (or in the
    caller's, when one is open): what every read of stored rows does first. ``False`` when
    another process holds the write lock past the busy timeout (a long bulk write): the
    caller then answers with the live query instead of waiting."""
    with store._lock:
        if not store._conn.execute("SELECT EXISTS (SELECT 1 FROM summary_stale)").fetchone()[0]:
            return True
        own = not store._conn.in_transaction
        if own:
            try:
                store._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:
                return False
        try:
            stale = [r[0] for r in store._conn.execute("SELECT entity_id FROM summary_stale")]
            refresh(store, stale)
            store._conn.execute("DELETE FROM summary_stale")
            if own:
                store._conn.execute("COMMIT")
        except BaseException:
            if own:
                store._conn.execute("ROLLBACK")
            raise
    return True
