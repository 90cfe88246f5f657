"""Every Cypher statement the Neo4j store sends, as named constants or builder functions.

Why one module: a statement that is only ever assembled inside a method cannot be checked
without a server, and no Neo4j server runs in CI. Here each statement has a name, so
``tests/graph/store/test_neo4j_cypher_lint.py`` can enumerate them all (builders are called
with every label and relationship type of the schema) and run them through Neo4j's own parser
and semantic analysis (``tools/cypher-lint``).

Rules the statements keep:

* Every value is a parameter; the names are listed in :data:`PARAMETERS`.
* Labels and relationship types reach a statement only through :func:`label` and
  :func:`rel_type`, which accept names from ``graph/schema/model.toml`` and nothing else,
  plus the store's four fixed names below.
* Graph layout: an entity is ``(:Entity:<Type> {id, key, label, ...props})``; a link is a
  relationship of its schema type between two entities, carrying its provenance (document,
  span, observed_at, submitter, agency, 3x5x2 grading); a received document is
  ``(:SourceDocument {id, content_hash, ...})`` and its mentions are
  ``(:SourceDocument)-[:MENTIONS {text, start, end, role, ...}]->(:Entity)``; a rejection is
  ``(:Rejection)``. The record node is not ``:Document`` because ``Document`` is also an
  entity type (the node that ``MENTIONED_IN`` links point at) and one label must not mean two
  things.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from graph.exc import SchemaError
from graph.schema import model

#: The store's own labels and relationship types, fixed here rather than taken from user data.
ENTITY = "Entity"
SOURCE_DOCUMENT = "SourceDocument"
REJECTION = "Rejection"
INDICATOR = "Indicator"
ACTION = "Action"
NOTIFICATION = "Notification"
SEQUENCE = "Sequence"
CLUSTER_MAP = "ClusterMap"
CANDIDATE = "Candidate"
JUDGEMENT = "Judgement"
RESOLUTION_RUN = "ResolutionRun"
MENTIONS = "MENTIONS"
HAS_INDICATOR = "HAS_INDICATOR"
INTERNAL_LABELS = (ENTITY, SOURCE_DOCUMENT, REJECTION, INDICATOR, ACTION, NOTIFICATION,
                   SEQUENCE, CLUSTER_MAP, CANDIDATE, JUDGEMENT, RESOLUTION_RUN)
INTERNAL_TYPES = (MENTIONS, HAS_INDICATOR)
#: Names of the Sequence counters behind integer ids.
LINK_SEQUENCE, ACTION_SEQUENCE, NOTIFICATION_SEQUENCE = "link", "action", "notification"
CANDIDATE_SEQUENCE, JUDGEMENT_SEQUENCE, RUN_SEQUENCE = "candidate", "judgement", "run"

#: Properties the store sets on an entity node itself; entity props with these names (or
#: starting with ``_``) are stored with a leading ``_`` (see :func:`escape_property`).
ENTITY_FIELDS = ("id", "key", "label")
#: Properties the store sets on a link relationship: its integer id (allocated in write order
#: from a Sequence, as SQLite's INTEGER PRIMARY KEY, so ``links()`` keeps that order and callers
#: that look a link up by number work on both stores), its provenance, and
#: its document's categories (copied onto the link so that the category filter is a property
#: test like the others; a document's links are always rewritten with it).
LINK_FIELDS = ("id", "document_id", "child_id", "start", "end", "observed_at",
               "submitted_by", "agency", "source_evaluation", "intelligence_assessment",
               "handling_code", "categories")
#: Properties of a SourceDocument node (``documents()`` returns all but ``text``).
DOCUMENT_FIELDS = ("id", "kind", "content_hash", "source_path", "format", "child_id", "date",
                   "submitted_by", "agency", "source_evaluation", "intelligence_assessment",
                   "handling_code", "fields", "ingested_at", "categories", "text")
#: Properties of a MENTIONS relationship.
MENTION_FIELDS = ("seq", "text", "start", "end", "role", "aliases", "attributes")
#: Properties of an Indicator node.
INDICATOR_FIELDS = ("id", "seq", "document_id", "child_id", "code", "text", "start", "end",
                    "negated")
#: Properties of a Rejection node.
REJECTION_FIELDS = ("seq", "path", "location", "reason", "content_hash", "rejected_at")
#: Properties of an Action node (the columns of SQLite's ``actions`` table).
ACTION_FIELDS = ("id", "text", "child_id", "episode_id", "source", "meeting", "document_id",
                 "owner", "due", "status", "created_at", "created_by", "closed_at",
                 "closed_by", "closure_note")
#: Properties of a Notification node (the columns of SQLite's ``notifications`` table).
NOTIFICATION_FIELDS = ("id", "episode_id", "about", "body_role", "body", "notified_at",
                       "recorded_by", "note", "recorded_at")
#: Properties of a Sequence node: the counter behind integer action and notification ids.
SEQUENCE_FIELDS = ("name", "value")
#: Entity resolution (issue 5), as SQLite's tables: a ClusterMap maps an entity (document_id
#: '') or its mention in one document (which wins) to a cluster; ids are never rewritten.
CLUSTER_FIELDS = ("entity_id", "document_id", "cluster_id", "canonical_id", "score", "reasons",
                  "resolved_at")
#: ``pair`` is the JSON of (left_id, left_document, right_id, right_document), unique.
CANDIDATE_FIELDS = ("id", "type", "left_id", "left_document", "right_id", "right_document",
                    "left_cluster", "right_cluster", "score", "reasons", "status",
                    "judgement_id", "created_at", "pair")
JUDGEMENT_FIELDS = ("id", "left_id", "left_document", "right_id", "right_document", "same",
                    "user", "at", "note", "active", "undone_by", "undone_at")
RUN_FIELDS = ("id", "resolved_at", "fingerprint", "summary")
#: Keys of the ``$rows`` maps the write statements unwind.
ROW_KEYS = ("id", "key", "label", "props", "seq", "entity_id", "source_id", "target_id")
#: Link properties that filters and deletes look up, indexed per relationship type.
LINK_INDEXED = ("document_id", "observed_at", "child_id")

#: Every parameter a statement may use, with an example value (the linter declares these, so
#: a misspelt ``$parameter`` is an error).
PARAMETERS: dict[str, Any] = {
    "id": "n1",
    "ids": ["Location:moss lane"],
    "props": {"kind": "rhi_note"},
    "rows": [{"id": "Location:moss lane", "key": "moss lane", "label": "Moss Lane",
              "props": {}}],
    "document_id": "n1",
    "since": "2026-01-01",
    "until": "2026-12-31T99",
    "min_grading": False,
    "handling_codes": ["P"],
    "categories": ["CSE"],
    "kind": "rhi_note",
    "child_id": "C-1042",
    "episode_id": "MP-2026-00412",
    "status": "open",
    "name": "action",
    "count": 1,
    "text": "Strategy meeting to consider the flat",
    "owner": "MFH coordinator",
    "due": "2026-03-20",
    "closed_at": "2026-03-21T10:00:00",
    "closed_by": "coordinator",
    "note": "done",
    "district": "BL5 ",
    "la": "bolton",
    "prefix": "Location:",
    "pairs": ['["Person:ryan", "n1", "Person:ryan", "n2"]'],
    "candidate_id": 1,
    "active": True,
    "user": "analyst",
    "at": "2026-03-20T10:00:00",
    "judgement_id": 1,
    "types": ["AT"],
    "cutoff": "2026-03-01",
    "boundaries": ["2026-01-01", "2026-02-01", "2026-03-01"],
}

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def label(name: str) -> str:
    """``name`` if it is an entity type of the schema, else :class:`SchemaError`."""
    checked = model().entity(name).name
    if not _NAME.match(checked):  # pragma: no cover - the schema file is ours
        raise SchemaError(f"entity type {name!r} is not a plain identifier")
    return checked


def rel_type(name: str) -> str:
    """``name`` if it is a relation type of the schema, else :class:`SchemaError`."""
    checked = model().relation(name).name
    if not _NAME.match(checked):  # pragma: no cover - the schema file is ours
        raise SchemaError(f"relation type {name!r} is not a plain identifier")
    return checked


def _snake(name: str) -> str:
    """``OnlineAccount`` -> ``online_account``; ``TRANSPORTED_BY`` -> ``transported_by``."""
    if name.isupper() or "_" in name:
        return name.lower()
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _map(variable: str, fields: Iterable[str]) -> str:
    """A map projection of ``fields`` (absent properties come back as null)."""
    return f"{variable} {{" + ", ".join(f".{f}" for f in fields) + "}"


def _type_union(names: Iterable[str]) -> str:
    checked = [rel_type(n) for n in names]
    if not checked:
        raise SchemaError("at least one relation type is needed")
    return "|".join(checked)


def escape_property(name: str, reserved: Iterable[str]) -> str:
    """The stored name of a user property: reserved names and ``_``-names get one more ``_``.

    A bijection with :func:`unescape_property`, so an entity prop called ``label`` or ``id``
    (POLE crimes have both) can never overwrite the store's own fields.

    >>> escape_property("label", ENTITY_FIELDS), escape_property("town", ENTITY_FIELDS)
    ('_label', 'town')
    >>> unescape_property(escape_property("_x", ENTITY_FIELDS))
    '_x'
    """
    return f"_{name}" if name in reserved or name.startswith("_") else name


def unescape_property(name: str) -> str:
    """The user's name of a stored property (inverse of :func:`escape_property`)."""
    return name[1:] if name.startswith("_") else name


# -- schema ------------------------------------------------------------------------------
ENTITY_ID_CONSTRAINT = (
    f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{ENTITY}) REQUIRE n.id IS UNIQUE"
)
SOURCE_DOCUMENT_CONSTRAINT = (
    "CREATE CONSTRAINT source_document_id IF NOT EXISTS "
    f"FOR (d:{SOURCE_DOCUMENT}) REQUIRE d.id IS UNIQUE"
)
REJECTION_INDEX = f"CREATE INDEX rejection_seq IF NOT EXISTS FOR (r:{REJECTION}) ON (r.seq)"
SOURCE_DOCUMENT_CHILD_INDEX = (
    f"CREATE INDEX source_document_child IF NOT EXISTS FOR (d:{SOURCE_DOCUMENT}) ON (d.child_id)"
)
INDICATOR_CONSTRAINT = (
    f"CREATE CONSTRAINT indicator_id IF NOT EXISTS FOR (i:{INDICATOR}) REQUIRE i.id IS UNIQUE"
)
ACTION_CONSTRAINT = (
    f"CREATE CONSTRAINT action_id IF NOT EXISTS FOR (a:{ACTION}) REQUIRE a.id IS UNIQUE"
)
ACTION_DOCUMENT_INDEX = (
    f"CREATE INDEX action_document IF NOT EXISTS FOR (a:{ACTION}) ON (a.document_id, a.text)"
)
NOTIFICATION_CONSTRAINT = (
    "CREATE CONSTRAINT notification_id IF NOT EXISTS "
    f"FOR (n:{NOTIFICATION}) REQUIRE n.id IS UNIQUE"
)
NOTIFICATION_EPISODE_INDEX = (
    "CREATE INDEX notification_episode IF NOT EXISTS "
    f"FOR (n:{NOTIFICATION}) ON (n.episode_id)"
)
SEQUENCE_CONSTRAINT = (
    f"CREATE CONSTRAINT sequence_name IF NOT EXISTS FOR (s:{SEQUENCE}) REQUIRE s.name IS UNIQUE"
)
CLUSTER_MAP_CONSTRAINT = (
    "CREATE CONSTRAINT cluster_map_key IF NOT EXISTS "
    f"FOR (c:{CLUSTER_MAP}) REQUIRE (c.entity_id, c.document_id) IS UNIQUE"
)
CLUSTER_MAP_CLUSTER_INDEX = (
    f"CREATE INDEX cluster_map_cluster IF NOT EXISTS FOR (c:{CLUSTER_MAP}) ON (c.cluster_id)"
)
CANDIDATE_CONSTRAINT = (
    f"CREATE CONSTRAINT candidate_id IF NOT EXISTS FOR (c:{CANDIDATE}) REQUIRE c.id IS UNIQUE"
)
CANDIDATE_PAIR_CONSTRAINT = (
    "CREATE CONSTRAINT candidate_pair IF NOT EXISTS "
    f"FOR (c:{CANDIDATE}) REQUIRE c.pair IS UNIQUE"
)
CANDIDATE_STATUS_INDEX = (
    f"CREATE INDEX candidate_status IF NOT EXISTS FOR (c:{CANDIDATE}) ON (c.status)"
)
JUDGEMENT_CONSTRAINT = (
    f"CREATE CONSTRAINT judgement_id IF NOT EXISTS FOR (j:{JUDGEMENT}) REQUIRE j.id IS UNIQUE"
)
RUN_CONSTRAINT = (
    "CREATE CONSTRAINT resolution_run_id IF NOT EXISTS "
    f"FOR (r:{RESOLUTION_RUN}) REQUIRE r.id IS UNIQUE"
)


def label_id_constraint(label_name: str) -> str:
    """Uniqueness of ``id`` within one entity label (what ``MERGE`` on the label uses)."""
    name = label(label_name)
    return (f"CREATE CONSTRAINT {_snake(name)}_id IF NOT EXISTS "
            f"FOR (n:{name}) REQUIRE n.id IS UNIQUE")


def label_key_index(label_name: str) -> str:
    """Index on the resolution key (children are found by ``key`` for activity rows)."""
    name = label(label_name)
    return f"CREATE INDEX {_snake(name)}_key IF NOT EXISTS FOR (n:{name}) ON (n.key)"


def link_index(rel_type_name: str, prop: str) -> str:
    """Index on one filtered link property of one relationship type."""
    name = rel_type(rel_type_name)
    if prop not in LINK_INDEXED:
        raise SchemaError(f"link property {prop!r} is not indexed")
    return (f"CREATE INDEX {_snake(name)}_{prop} IF NOT EXISTS "
            f"FOR ()-[r:{name}]-() ON (r.{prop})")


def schema_statements() -> list[tuple[str, str]]:
    """``(name, statement)`` for every constraint and index, in the order they are created."""
    statements = [("entity_id", ENTITY_ID_CONSTRAINT),
                  ("source_document_id", SOURCE_DOCUMENT_CONSTRAINT),
                  ("source_document_child", SOURCE_DOCUMENT_CHILD_INDEX),
                  ("rejection_seq", REJECTION_INDEX),
                  ("indicator_id", INDICATOR_CONSTRAINT),
                  ("action_id", ACTION_CONSTRAINT),
                  ("action_document", ACTION_DOCUMENT_INDEX),
                  ("notification_id", NOTIFICATION_CONSTRAINT),
                  ("notification_episode", NOTIFICATION_EPISODE_INDEX),
                  ("sequence_name", SEQUENCE_CONSTRAINT),
                  ("cluster_map_key", CLUSTER_MAP_CONSTRAINT),
                  ("cluster_map_cluster", CLUSTER_MAP_CLUSTER_INDEX),
                  ("candidate_id", CANDIDATE_CONSTRAINT),
                  ("candidate_pair", CANDIDATE_PAIR_CONSTRAINT),
                  ("candidate_status", CANDIDATE_STATUS_INDEX),
                  ("judgement_id", JUDGEMENT_CONSTRAINT),
                  ("resolution_run_id", RUN_CONSTRAINT)]
    for name in model().entities:
        statements.append((f"{_snake(name)}_id", label_id_constraint(name)))
        statements.append((f"{_snake(name)}_key", label_key_index(name)))
    for name in model().relations:
        for prop in LINK_INDEXED:
            statements.append((f"{_snake(name)}_{prop}", link_index(name, prop)))
    return statements


# -- writing -----------------------------------------------------------------------------
DOCUMENT_HASH = (
    f"MATCH (d:{SOURCE_DOCUMENT} {{id: $id}}) RETURN d.content_hash AS content_hash"
)
MERGE_DOCUMENT = f"MERGE (d:{SOURCE_DOCUMENT} {{id: $id}}) SET d += $props"

MERGE_INDICATORS = (
    f"MATCH (d:{SOURCE_DOCUMENT} {{id: $document_id}}) "
    "UNWIND $rows AS row "
    f"MERGE (i:{INDICATOR} {{id: row.id}}) "
    "SET i += row.props "
    f"MERGE (d)-[:{HAS_INDICATOR}]->(i) "
    "RETURN count(i) AS written"
)

DELETE_INDICATORS = (
    f"MATCH (:{SOURCE_DOCUMENT} {{id: $id}})-[:{HAS_INDICATOR}]->(i:{INDICATOR}) "
    "DETACH DELETE i"
)

#: A document's mentions go with its node; returns the entities they touched.
DELETE_DOCUMENT_NODE = (
    f"MATCH (d:{SOURCE_DOCUMENT} {{id: $id}}) "
    f"OPTIONAL MATCH (d)-[:{MENTIONS}]->(e:{ENTITY}) "
    "WITH d, collect(DISTINCT e.id) AS touched "
    "DETACH DELETE d "
    "RETURN touched"
)

#: Entities that nothing (no link, no mention) supports any more.
DELETE_ORPHANS = (
    f"UNWIND $ids AS id MATCH (e:{ENTITY} {{id: id}}) "
    "WHERE NOT EXISTS { (e)--() } "
    "DELETE e "
    "RETURN count(*) AS deleted"
)

MERGE_MENTIONS = (
    f"MATCH (d:{SOURCE_DOCUMENT} {{id: $document_id}}) "
    "UNWIND $rows AS row "
    f"MATCH (e:{ENTITY} {{id: row.entity_id}}) "
    f"MERGE (d)-[m:{MENTIONS} {{seq: row.seq}}]->(e) "
    "SET m += row.props "
    "RETURN count(m) AS written"
)

REJECT = f"CREATE (r:{REJECTION}) SET r = $props"

#: Reserve ``$count`` integers of a named counter and return the last one used before them;
#: the write locks the counter node until commit, so concurrent writers get distinct ids
#: (SQLite's INTEGER PRIMARY KEY, on Neo4j) and a rolled-back write gives its ids back.
RESERVE_IDS = (
    f"MERGE (s:{SEQUENCE} {{name: $name}}) "
    "SET s.value = coalesce(s.value, 0) + $count "
    "RETURN s.value - $count AS last"
)

FIND_ACTION = (
    f"MATCH (a:{ACTION}) WHERE a.document_id = $document_id AND a.text = $text "
    "RETURN a.id AS id ORDER BY a.id LIMIT 1"
)
CREATE_ACTION = f"CREATE (a:{ACTION}) SET a = $props"
UPDATE_ACTION = (
    f"MATCH (a:{ACTION} {{id: $id}}) WHERE a.status = 'open' "
    "SET a.owner = coalesce($owner, a.owner), a.due = coalesce($due, a.due) "
    "RETURN count(a) AS changed"
)
CLOSE_ACTION = (
    f"MATCH (a:{ACTION} {{id: $id}}) WHERE a.status = 'open' "
    "SET a.status = 'closed', a.closed_at = $closed_at, a.closed_by = $closed_by, "
    "a.closure_note = $note "
    "RETURN count(a) AS changed"
)
CREATE_NOTIFICATION = f"CREATE (n:{NOTIFICATION}) SET n = $props"


def merge_entities(label_name: str) -> str:
    """Upsert entities of one label: props merge, a label replaces only a bare key.

    Same rule as the SQLite store: an existing display label is kept unless it is still just
    the key, so the first good spelling wins and later documents add properties.
    """
    name = label(label_name)
    return (
        "UNWIND $rows AS row "
        f"MERGE (n:{ENTITY}:{name} {{id: row.id}}) "
        "ON CREATE SET n.key = row.key, n.label = row.label "
        "ON MATCH SET n.label = CASE WHEN n.label = n.key THEN row.label ELSE n.label END "
        "SET n += row.props"
    )


def merge_links(rel_type_name: str) -> str:
    """Write one document's links of one type; ``written`` below the row count means an
    endpoint was missing, and the store then fails the transaction (as SQLite's foreign key
    does)."""
    name = rel_type(rel_type_name)
    return (
        "UNWIND $rows AS row "
        f"MATCH (s:{ENTITY} {{id: row.source_id}}) "
        f"MATCH (t:{ENTITY} {{id: row.target_id}}) "
        f"MERGE (s)-[r:{name} {{id: row.id}}]->(t) "
        "SET r += row.props "
        "RETURN count(r) AS written"
    )


def delete_links(rel_type_name: str) -> str:
    """Remove one document's links of one type (an index seek on ``document_id``); returns
    the entities at their ends so that orphans can be found."""
    name = rel_type(rel_type_name)
    return (
        f"MATCH (s:{ENTITY})-[r:{name}]->(t:{ENTITY}) "
        "WHERE r.document_id = $id "
        "WITH r, s.id AS source, t.id AS target "
        "DELETE r "
        "RETURN collect(DISTINCT source) + collect(DISTINCT target) AS touched"
    )


# -- reading -----------------------------------------------------------------------------
def _link_filter(a: str, b: str) -> str:
    """:class:`Filters` on link ``r`` between entities ``a`` and ``b``, all as parameters.

    Exactly ``graph.store.sqlite.filter_sql``: ungraded facts pass the grading filter and a
    NULL handling code passes the handling-code filter; ``$district`` (a postcode district
    and a space) keeps links at places there or about children placed there; ``$la`` (lower
    case) keeps links about children that local authority is responsible for or hosts.
    """
    location, child, placed = label("Location"), label("Child"), rel_type("PLACED_AT")
    return (
        "($since IS NULL OR r.observed_at >= $since) "
        "AND ($until IS NULL OR r.observed_at <= $until) "
        "AND (NOT $min_grading OR (coalesce(r.source_evaluation, '') <> 'C' "
        "AND coalesce(r.intelligence_assessment, '') <> '5')) "
        "AND (size($handling_codes) = 0 OR r.handling_code IS NULL "
        "OR r.handling_code IN $handling_codes) "
        "AND (size($categories) = 0 "
        "OR any(c IN coalesce(r.categories, []) WHERE c IN $categories)) "
        f"AND ($district IS NULL OR ({a}:{location} AND toUpper({a}.postcode) STARTS WITH "
        f"$district) OR ({b}:{location} AND toUpper({b}.postcode) STARTS WITH $district) "
        f"OR EXISTS {{ MATCH ()-[p:{placed}]->(pl:{location}) WHERE p.child_id = r.child_id "
        "AND toUpper(pl.postcode) STARTS WITH $district }) "
        f"AND ($la IS NULL OR EXISTS {{ MATCH (ch:{child} {{key: r.child_id}}) "
        "WHERE toLower(ch.responsible_la) = $la OR toLower(ch.host_la) = $la })"
    )


def _cluster(entity: str, document: str, field: str = "cluster_id") -> str:
    """The cluster (or canonical) id of ``entity`` as named in ``document``: that document's
    ClusterMap row, else the entity-wide row, else the entity itself (as SQLite's COALESCE)."""
    return (
        f"coalesce(head(COLLECT {{ MATCH (cm:{CLUSTER_MAP} {{entity_id: {entity}.id, "
        f"document_id: {document}}}) RETURN cm.{field} }}), "
        f"head(COLLECT {{ MATCH (cm:{CLUSTER_MAP} {{entity_id: {entity}.id, document_id: ''}}) "
        f"RETURN cm.{field} }}), {entity}.id)"
    )


def _type_of(entity: str) -> str:
    return f"[x IN labels({entity}) WHERE x <> '{ENTITY}'][0]"


REJECTIONS = (
    f"MATCH (r:{REJECTION}) "
    "RETURN r.path AS path, r.reason AS reason, r.location AS location, "
    "r.content_hash AS content_hash, r.rejected_at AS rejected_at "
    "ORDER BY r.seq DESC"
)

#: Document metadata without text, oldest first; undated documents first, as in SQLite.
DOCUMENTS = (
    f"MATCH (d:{SOURCE_DOCUMENT}) "
    "WHERE ($kind IS NULL OR d.kind = $kind) AND ($child_id IS NULL OR d.child_id = $child_id) "
    f"RETURN {_map('d', (f for f in DOCUMENT_FIELDS if f != 'text'))} AS document "
    "ORDER BY d.date IS NOT NULL, d.date, d.id"
)
DOCUMENT_TEXT = f"MATCH (d:{SOURCE_DOCUMENT} {{id: $id}}) RETURN d.text AS text"

#: Indicators with their document's date and kind; dates and categories filter on the
#: document, as in SQLite.
INDICATORS = (
    f"MATCH (d:{SOURCE_DOCUMENT})-[:{HAS_INDICATOR}]->(i:{INDICATOR}) "
    "WHERE ($since IS NULL OR d.date >= $since) AND ($until IS NULL OR d.date <= $until) "
    "AND (size($categories) = 0 "
    "OR any(c IN coalesce(d.categories, []) WHERE c IN $categories)) "
    f"RETURN {_map('i', INDICATOR_FIELDS)} AS indicator, d.date AS date, d.kind AS kind "
    "ORDER BY d.date IS NOT NULL, d.date, d.id, i.seq"
)

ACTIONS = (
    f"MATCH (a:{ACTION}) "
    "WHERE ($child_id IS NULL OR a.child_id = $child_id) "
    "AND ($status IS NULL OR a.status = $status) "
    f"RETURN {_map('a', ACTION_FIELDS)} AS action "
    "ORDER BY a.created_at, a.id"
)
NOTIFICATIONS = (
    f"MATCH (n:{NOTIFICATION}) "
    "WHERE $episode_id IS NULL OR n.episode_id = $episode_id "
    f"RETURN {_map('n', NOTIFICATION_FIELDS)} AS notification "
    "ORDER BY n.episode_id, n.notified_at, n.id"
)

ENTITIES = (
    f"MATCH (n:{ENTITY}) "
    f"RETURN n.id AS id, [x IN labels(n) WHERE x <> '{ENTITY}'][0] AS type, "
    "n.key AS key, n.label AS label, properties(n) AS props "
    "ORDER BY n.id"
)


def entities_of(label_name: str) -> str:
    """Entities of one type, ordered by id."""
    name = label(label_name)
    return (
        f"MATCH (n:{ENTITY}:{name}) "
        "RETURN n.id AS id, n.key AS key, n.label AS label, properties(n) AS props "
        "ORDER BY n.id"
    )


def counts(label_names: Iterable[str]) -> str:
    """One row: entities per label, then documents, mentions, links, indicators, rejections.

    Links are all relationships but the store's own (mentions, indicators); every term is a
    simple pattern count that Neo4j answers from its count store.
    """
    names = [label(n) for n in label_names]
    per_label = [f"COUNT {{ (:{name}) }} AS {name}" for name in names]
    internal = " - ".join(f"COUNT {{ ()-[:{t}]->() }}" for t in INTERNAL_TYPES)
    totals = [
        f"COUNT {{ (:{SOURCE_DOCUMENT}) }} AS documents",
        f"COUNT {{ ()-[:{MENTIONS}]->() }} AS mentions",
        f"COUNT {{ ()-[]->() }} - {internal} AS links",
        f"COUNT {{ (:{INDICATOR}) }} AS indicators",
        f"COUNT {{ (:{REJECTION}) }} AS rejections",
    ]
    return "RETURN " + ", ".join(per_label + totals)


def links(rel_type_names: Iterable[str]) -> str:
    """Links of the schema's types that pass the filters, with their provenance and each
    end's resolved cluster."""
    return (
        f"MATCH (s:{ENTITY})-[r:{_type_union(rel_type_names)}]->(t:{ENTITY}) "
        f"WHERE {_link_filter('s', 't')} "
        "RETURN type(r) AS type, s.id AS source_id, t.id AS target_id, "
        f"properties(r) AS props, {_cluster('s', 'r.document_id')} AS source_cluster, "
        f"{_cluster('t', 'r.document_id')} AS target_cluster "
        "ORDER BY r.id"
    )


def entity_activity(label_name: str, rel_type_names: Iterable[str]) -> str:
    """Per resolved cluster of one type, the activity aggregation of ``Store.entity_activity``.

    Mirrors the SQLite query: every link touching a member in either direction that passes
    the filters counts, the link end resolved to its cluster for that link's document;
    children and documents are distinct; episodes are the distinct episodes that began or
    ended there. The row shows the cluster's canonical entity (the lowest member id when that
    one is gone). Child names come from ``Child`` entities by key. Variants and roles come
    from :func:`mention_forms`.
    """
    name = label(label_name)
    began, ended = rel_type("MISSING_FROM"), rel_type("FOUND_AT")
    mentioned, placed, child = rel_type("MENTIONED_IN"), rel_type("PLACED_AT"), label("Child")
    return (
        f"MATCH (e:{ENTITY}:{name})-[r:{_type_union(rel_type_names)}]-(o:{ENTITY}) "
        f"WHERE {_link_filter('e', 'o')} "
        "WITH e, r, o, type(r) AS kind, "
        f"{_cluster('e', 'r.document_id')} AS cluster_id, "
        f"{_cluster('e', 'r.document_id', 'canonical_id')} AS canonical_id "
        "WITH cluster_id, min(canonical_id) AS canonical_id, min(e.id) AS first_member, "
        "collect(DISTINCT e.id) AS members, "
        "count(DISTINCT r.child_id) AS children, "
        "count(DISTINCT r.document_id) AS documents, "
        f"count(DISTINCT CASE WHEN kind IN ['{began}', '{ended}'] THEN o.id END) "
        "AS episodes, "
        f"sum(CASE WHEN kind = '{mentioned}' THEN 1 ELSE 0 END) AS mentions, "
        f"sum(CASE WHEN kind = '{ended}' THEN 1 ELSE 0 END) AS found_at, "
        f"max(CASE WHEN kind = '{placed}' THEN 1 ELSE 0 END) AS is_placement, "
        "min(r.observed_at) AS first_seen, max(r.observed_at) AS last_seen, "
        "collect(DISTINCT r.child_id) AS child_ids "
        f"OPTIONAL MATCH (c:{ENTITY} {{id: canonical_id}}) "
        f"OPTIONAL MATCH (f:{ENTITY} {{id: first_member}}) "
        "WITH cluster_id, coalesce(c, f) AS shown, members, children, documents, episodes, "
        "mentions, found_at, is_placement, first_seen, last_seen, child_ids "
        f"RETURN cluster_id AS entity_id, {_type_of('shown')} AS type, shown.key AS key, "
        "shown.label AS label, properties(shown) AS props, members, "
        "children, documents, episodes, mentions, found_at, is_placement, first_seen, "
        "last_seen, "
        "[cid IN child_ids | {child_id: cid, "
        f"name: head(COLLECT {{ MATCH (k:{child} {{key: cid}}) RETURN k.label }})}}] "
        "AS children_linked "
        "ORDER BY entity_id"
    )


def mention_forms(label_name: str) -> str:
    """Per resolved cluster of one type: the texts and roles its mentions were written with
    (unfiltered, as in SQLite)."""
    name = label(label_name)
    return (
        f"MATCH (d:{SOURCE_DOCUMENT})-[m:{MENTIONS}]->(x:{ENTITY}:{name}) "
        f"WITH {_cluster('x', 'd.id')} AS cluster_id, m "
        "RETURN cluster_id, collect(m.text) AS texts, collect(m.role) AS roles"
    )


# -- resolution (issue 5) ------------------------------------------------------------------
DELETE_CLUSTER_MAP = f"MATCH (c:{CLUSTER_MAP}) DETACH DELETE c"
MERGE_CLUSTER_MAP = (
    "UNWIND $rows AS row "
    f"MERGE (c:{CLUSTER_MAP} {{entity_id: row.entity_id, document_id: row.document_id}}) "
    "SET c += row.props"
)
CLUSTER_MAP_ROWS = (
    f"MATCH (c:{CLUSTER_MAP}) "
    "WHERE $prefix IS NULL OR c.entity_id STARTS WITH $prefix "
    f"RETURN {_map('c', CLUSTER_FIELDS)} AS row "
    "ORDER BY c.cluster_id, c.entity_id, c.document_id"
)
#: Candidates already recorded for some pairs: ``id`` and ``status`` by ``pair``.
CANDIDATES_BY_PAIR = (
    f"UNWIND $pairs AS pair MATCH (c:{CANDIDATE} {{pair: pair}}) "
    "RETURN c.pair AS pair, c.id AS id, c.status AS status"
)
MERGE_CANDIDATES = (
    "UNWIND $rows AS row "
    f"MERGE (c:{CANDIDATE} {{pair: row.pair}}) "
    "SET c += row.props"
)
DELETE_STALE_CANDIDATES = (
    f"MATCH (c:{CANDIDATE}) WHERE c.status = 'open' AND NOT c.pair IN $pairs "
    "DETACH DELETE c"
)
CREATE_RUN = f"CREATE (r:{RESOLUTION_RUN}) SET r = $props"
CANDIDATES = (
    f"MATCH (c:{CANDIDATE}) "
    "WHERE ($status IS NULL OR c.status = $status) "
    "AND ($candidate_id IS NULL OR c.id = $candidate_id) "
    f"RETURN {_map('c', CANDIDATE_FIELDS)} AS row "
    "ORDER BY c.score DESC, c.id"
)
CREATE_JUDGEMENT = f"CREATE (j:{JUDGEMENT}) SET j = $props"
DECIDE_CANDIDATE = (
    f"MATCH (c:{CANDIDATE} {{id: $candidate_id}}) "
    "SET c.status = $status, c.judgement_id = $judgement_id"
)
JUDGEMENTS = (
    f"MATCH (j:{JUDGEMENT}) WHERE $active IS NULL OR j.active = $active "
    f"RETURN {_map('j', JUDGEMENT_FIELDS)} AS row "
    "ORDER BY j.at, j.id"
)
UNDO_JUDGEMENT = (
    f"MATCH (j:{JUDGEMENT} {{id: $judgement_id}}) WHERE j.active "
    "SET j.active = false, j.undone_by = $user, j.undone_at = $at "
    "RETURN count(j) AS changed"
)
REOPEN_CANDIDATES = (
    f"MATCH (c:{CANDIDATE}) WHERE c.judgement_id = $judgement_id "
    "SET c.status = 'open', c.judgement_id = null"
)
#: What resolution depends on: documents (count, latest ingest), mentions, links and
#: judgements (count, active), in SQLite's order.
RESOLUTION_FINGERPRINT = (
    f"OPTIONAL MATCH (d:{SOURCE_DOCUMENT}) "
    "WITH count(d) AS documents, max(d.ingested_at) AS latest "
    f"RETURN documents, latest, COUNT {{ ()-[:{MENTIONS}]->() }} AS mentions, "
    "COUNT { ()-[]->() } - "
    + " - ".join(f"COUNT {{ ()-[:{t}]->() }}" for t in INTERNAL_TYPES) + " AS links, "
    f"COUNT {{ (:{JUDGEMENT}) }} AS judgements, "
    f"COUNT {{ (j:{JUDGEMENT} WHERE j.active) }} AS active"
)
LAST_RUN = (
    f"MATCH (r:{RESOLUTION_RUN}) "
    f"RETURN {_map('r', RUN_FIELDS)} AS row ORDER BY r.id DESC LIMIT 1"
)


def resolution_units(label_name: str) -> str:
    """Every (entity, document) pair of one type a document names by ``MENTIONED_IN``, with
    the document's facts, the entity's mentions there and the document's other links
    touching it (``Store.resolution_units``)."""
    name, mentioned = label(label_name), rel_type("MENTIONED_IN")
    return (
        f"MATCH (e:{ENTITY}:{name})-[l:{mentioned}]->(:{ENTITY}) "
        f"MATCH (d:{SOURCE_DOCUMENT} {{id: l.document_id}}) "
        "WITH e, d, max(l.child_id) AS link_child "
        "RETURN e.id AS entity_id, e.key AS key, e.label AS label, "
        "properties(e) AS props, d.id AS document_id, d.kind AS kind, d.date AS date, "
        "coalesce(d.child_id, link_child) AS child_id, "
        f"COLLECT {{ MATCH (d)-[m:{MENTIONS}]->(e) "
        "RETURN m {.seq, .text, .role, .aliases, .attributes, .start, .end} } AS mentions, "
        f"COLLECT {{ MATCH (e)-[x]->(o:{ENTITY}) WHERE x.document_id = d.id "
        f"AND type(x) <> '{mentioned}' "
        "RETURN {type: type(x), other_id: o.id, direction: 'out'} } + "
        f"COLLECT {{ MATCH (e)<-[x]-(o:{ENTITY}) WHERE x.document_id = d.id "
        f"AND type(x) <> '{mentioned}' "
        "RETURN {type: type(x), other_id: o.id, direction: 'in'} } AS linked "
        "ORDER BY entity_id, document_id"
    )


#: Mentions in the documents named (``$ids`` null: all), with each entity's resolved cluster,
#: ordered as SQLite orders them (undated documents first; unknown starts last).
DOCUMENT_MENTIONS = (
    f"MATCH (d:{SOURCE_DOCUMENT})-[m:{MENTIONS}]->(e:{ENTITY}) "
    "WHERE ($ids IS NULL OR d.id IN $ids) AND ($kind IS NULL OR d.kind = $kind) "
    "RETURN d.id AS document_id, d.kind AS kind, d.date AS date, d.child_id AS child_id, "
    f"e.id AS entity_id, {_cluster('e', 'd.id')} AS cluster_id, {_type_of('e')} AS type, "
    "e.key AS key, e.label AS label, properties(e) AS props, "
    "m {.text, .start, .end, .role, .aliases, .attributes} AS mention "
    "ORDER BY d.date IS NOT NULL, d.date, d.id, m.start IS NULL, m.start, m.seq"
)


# -- network analysis (issue 6): the reads behind graph.analysis ----------------------------
# Each mirrors the SQLite method of the same name (graph/store/sqlite.py holds the exact
# semantics). Entities asked about (``$ids``) are cluster ids; their members are the ids
# themselves and every entity mapped to one of them.


def _literal(values: Iterable[str]) -> str:
    """A Cypher list literal of fixed words of ours (never input)."""
    return "[" + ",".join(f"'{v}'" for v in values) + "]"


#: Indicator codes that do not make a child's record one of concern.
_CONCERN_FREE = _literal(("MENTAL_HEALTH", "FAMILY_CONFLICT"))
#: Relations that say a child was somewhere or with someone, not only named or placed.
_NOT_DIRECT = _literal(rel_type(n) for n in ("MENTIONED_IN", "PLACED_AT", "LIVES_AT",
                                               "MISSING_FROM", "MISSING_EPISODE"))
#: Relations every new episode or placement adds (``new_links`` leaves them out).
_RECORD_RELATIONS = _literal(rel_type(n) for n in ("MENTIONED_IN", "MISSING_EPISODE",
                                                     "MISSING_FROM", "FOUND_AT", "PLACED_AT"))
_ADULT = "'ADULT_OF_CONCERN'"
_PERSON, _CHILD = label("Person"), label("Child")
_MENTIONED, _EPISODE = rel_type("MENTIONED_IN"), rel_type("MISSING_EPISODE")
_BEGAN, _ENDED = rel_type("MISSING_FROM"), rel_type("FOUND_AT")
_COMPANY = _type_union(("WITH", "TRANSPORTED_BY"))


def _members() -> str:
    """``members``: the ids in ``$ids`` and every entity resolved into one of them."""
    return (f"WITH $ids + COLLECT {{ MATCH (cm:{CLUSTER_MAP}) WHERE cm.cluster_id IN $ids "
            "RETURN cm.entity_id } AS members ")


def _shown(cluster: str) -> str:
    """The id of the entity a cluster is shown as: its lowest canonical id, else itself."""
    return (f"coalesce(head(COLLECT {{ MATCH (cm:{CLUSTER_MAP}) WHERE cm.cluster_id = {cluster} "
            f"RETURN cm.canonical_id AS shown ORDER BY shown LIMIT 1 }}), {cluster})")


def _document_filter(d: str) -> str:
    """:class:`Filters` on a SourceDocument ``d`` (its date, grading, handling code,
    categories, subject child's area), as ``filter_sql`` applies them to a document."""
    location, child, placed = label("Location"), label("Child"), rel_type("PLACED_AT")
    return (
        f"($since IS NULL OR {d}.date >= $since) "
        f"AND ($until IS NULL OR {d}.date <= $until) "
        f"AND (NOT $min_grading OR (coalesce({d}.source_evaluation, '') <> 'C' "
        f"AND coalesce({d}.intelligence_assessment, '') <> '5')) "
        f"AND (size($handling_codes) = 0 OR {d}.handling_code IS NULL "
        f"OR {d}.handling_code IN $handling_codes) "
        "AND (size($categories) = 0 "
        f"OR any(c IN coalesce({d}.categories, []) WHERE c IN $categories)) "
        f"AND ($district IS NULL OR EXISTS {{ MATCH ()-[p:{placed}]->(pl:{location}) "
        f"WHERE p.child_id = {d}.child_id AND toUpper(pl.postcode) STARTS WITH $district }}) "
        f"AND ($la IS NULL OR EXISTS {{ MATCH (ch:{child} {{key: {d}.child_id}}) "
        "WHERE toLower(ch.responsible_la) = $la OR toLower(ch.host_la) = $la })"
    )


def entity_signals(label_name: str, rel_type_names: Iterable[str]) -> str:
    """Per resolved cluster of one type, ``Store.entity_signals`` without the adults of
    concern (:func:`entity_adults`): one pass over the links touching it in either
    direction within the filters, each link's flags computed before the aggregation."""
    name, child = label(label_name), label("Child")
    return (
        f"MATCH (e:{ENTITY}:{name})-[r:{_type_union(rel_type_names)}]-(o:{ENTITY}) "
        f"WHERE {_link_filter('e', 'o')} "
        f"WITH r, type(r) AS kind, o:{child} AS to_child, "
        f"{_cluster('e', 'r.document_id')} AS cluster_id "
        "WITH cluster_id, r, kind = 'MENTIONED_IN' AS named, kind = 'FOUND_AT' AS found, "
        "kind = 'MISSING_FROM' AS went, kind = 'PLACED_AT' AS placed, "
        "(kind = 'PLACED_AT' OR (kind = 'LIVES_AT' AND to_child)) AS home, "
        f"(kind = 'FOUND_AT' OR (NOT kind IN {_NOT_DIRECT} AND to_child)) AS direct "
        "WITH cluster_id, r, named, found, went, placed, home, direct, "
        f"direct AND EXISTS {{ MATCH (:{SOURCE_DOCUMENT} {{id: r.document_id}})"
        f"-[:{HAS_INDICATOR}]->(i:{INDICATOR}) WHERE NOT i.negated "
        f"AND NOT i.code IN {_CONCERN_FREE} }} AS concern "
        "WITH cluster_id, count(DISTINCT r.child_id) AS children, "
        "sum(CASE WHEN named THEN 1 ELSE 0 END) AS documents, "
        "sum(CASE WHEN found OR went THEN 1 ELSE 0 END) AS episodes, "
        "sum(CASE WHEN found THEN 1 ELSE 0 END) AS found_at, "
        "sum(CASE WHEN went THEN 1 ELSE 0 END) AS missing_from, "
        "max(CASE WHEN placed THEN 1 ELSE 0 END) AS is_placement, "
        "max(CASE WHEN home THEN 1 ELSE 0 END) AS is_home, "
        "count(DISTINCT CASE WHEN direct THEN r.child_id END) AS direct_children, "
        "count(DISTINCT CASE WHEN concern THEN r.child_id END) AS concern_children, "
        "min(r.observed_at) AS first_seen, max(r.observed_at) AS last_seen "
        f"OPTIONAL MATCH (cn:{ENTITY} {{id: {_shown('cluster_id')}}}) "
        f"RETURN cluster_id AS entity_id, {_type_of('cn')} AS type, cn.key AS key, "
        "cn.label AS label, properties(cn) AS props, children, documents, episodes, found_at, "
        "missing_from, is_placement, is_home, direct_children, concern_children, "
        "first_seen, last_seen"
    )


def entity_adults(label_name: str, rel_type_names: Iterable[str]) -> str:
    """Per resolved cluster of one type: ``adult_ids`` (clusters of entities ever mentioned
    as adults of concern that are related to it other than by being named, or named as adults
    of concern in an information-sharing form that names it) and ``intel_documents``."""
    name, mentioned = label(label_name), rel_type("MENTIONED_IN")
    return (
        "CALL () { "
        f"MATCH (e:{ENTITY}:{name})-[r:{_type_union(rel_type_names)}]-(a:{ENTITY}) "
        f"WHERE type(r) <> '{mentioned}' AND {_link_filter('e', 'a')} "
        f"AND EXISTS {{ MATCH (:{SOURCE_DOCUMENT})-[am:{MENTIONS}]->(a) "
        f"WHERE am.role = {_ADULT} }} "
        f"RETURN {_cluster('e', 'r.document_id')} AS entity_id, "
        f"{_cluster('a', 'r.document_id')} AS adult, null AS form "
        "UNION ALL "
        f"MATCH (e:{ENTITY}:{name})-[r:{mentioned}]->(o:{ENTITY}) "
        f"WHERE {_link_filter('e', 'o')} "
        f"MATCH (d:{SOURCE_DOCUMENT} {{id: r.document_id}}) WHERE d.kind = 'intel_form' "
        f"OPTIONAL MATCH (d)-[m:{MENTIONS}]->(a:{ENTITY}) WHERE m.role = {_ADULT} AND a <> e "
        f"RETURN {_cluster('e', 'r.document_id')} AS entity_id, "
        f"CASE WHEN a IS NULL THEN null ELSE {_cluster('a', 'd.id')} END AS adult, "
        "d.id AS form "
        "} "
        "RETURN entity_id, collect(DISTINCT adult) AS adult_ids, "
        "count(DISTINCT form) AS intel_documents"
    )


#: Per resolved person and role written, over the documents within the filters naming them
#: (``Store.person_activity``); roles given anywhere come from :data:`PERSON_ROLES`.
PERSON_ACTIVITY = (
    f"MATCH (d:{SOURCE_DOCUMENT})-[m:{MENTIONS}]->(pn:{ENTITY}:{_PERSON}) "
    f"WHERE {_document_filter('d')} "
    f"WITH DISTINCT {_cluster('pn', 'd.id')} AS entity_id, coalesce(m.role, 'UNKNOWN') AS role, d "
    "WITH entity_id, role, d, d.kind = 'intel_form' AS intel, "
    f"EXISTS {{ MATCH (d)-[:{HAS_INDICATOR}]->(i:{INDICATOR}) WHERE NOT i.negated "
    f"AND NOT i.code IN {_CONCERN_FREE} }} AS concern "
    "WITH entity_id, role, count(DISTINCT d.child_id) AS children, "
    "count(DISTINCT d.id) AS documents, min(d.date) AS first_seen, max(d.date) AS last_seen, "
    "count(DISTINCT CASE WHEN intel THEN d.id END) AS intel_documents, "
    "count(DISTINCT CASE WHEN concern THEN d.child_id END) AS concern_children "
    "WHERE children >= $count "
    f"OPTIONAL MATCH (cn:{ENTITY} {{id: {_shown('entity_id')}}}) "
    f"RETURN entity_id, role, {_type_of('cn')} AS type, cn.key AS key, cn.label AS label, "
    "children, documents, first_seen, last_seen, intel_documents, concern_children"
)
PERSON_ROLES = (
    f"MATCH (d:{SOURCE_DOCUMENT})-[m:{MENTIONS}]->(pn:{ENTITY}:{_PERSON}) "
    "WHERE m.role IS NOT NULL "
    f"RETURN {_cluster('pn', 'd.id')} AS entity_id, collect(DISTINCT m.role) AS roles"
)


def touching(rel_type_names: Iterable[str]) -> str:
    """Every link (of ``$types``, or any when empty) within the filters with an end that
    resolves to one of ``$ids``: one row per link and such end, the end's cluster
    (``entity_id``), the entity written (``member_id``), the other end and its cluster, and
    the link as ``links()`` gives it. The bounded read behind ``neighbourhood``,
    ``entity_trends``, ``entity_details`` and ``person_relations``."""
    child = label("Child")
    return (
        f"{_members()}"
        f"MATCH (e:{ENTITY})-[r:{_type_union(rel_type_names)}]-(o:{ENTITY}) "
        "WHERE e.id IN members AND (size($types) = 0 OR type(r) IN $types) "
        f"AND {_link_filter('e', 'o')} "
        f"WITH e, r, o, {_cluster('e', 'r.document_id')} AS entity_id "
        "WHERE entity_id IN $ids "
        "RETURN entity_id, e.id AS member_id, o.id AS other_id, "
        f"{_cluster('o', 'r.document_id')} AS other_cluster, o:{child} AS other_is_child, "
        "startNode(r) = e AS outgoing, type(r) AS type, properties(r) AS props "
        "ORDER BY r.id"
    )


def child_links(rel_type_names: Iterable[str]) -> str:
    """Links (of ``$types``, or any) about the children in ``$ids`` within the filters."""
    return (
        f"MATCH (s:{ENTITY})-[r:{_type_union(rel_type_names)}]->(t:{ENTITY}) "
        "WHERE r.child_id IN $ids AND (size($types) = 0 OR type(r) IN $types) "
        f"AND {_link_filter('s', 't')} "
        "RETURN type(r) AS type, s.id AS source_id, t.id AS target_id, "
        f"properties(r) AS props, {_cluster('s', 'r.document_id')} AS source_cluster, "
        f"{_cluster('t', 'r.document_id')} AS target_cluster "
        "ORDER BY r.id"
    )


#: Mentions resolving to one of ``$ids`` in documents whose MENTIONED_IN link for the entity
#: is within the filters (``Store.mentions_of``), oldest first.
MENTIONS_OF = (
    f"{_members()}"
    f"MATCH (d:{SOURCE_DOCUMENT})-[m:{MENTIONS}]->(e:{ENTITY}) WHERE e.id IN members "
    f"MATCH (e)-[r:{_MENTIONED}]->(o:{ENTITY}) "
    f"WHERE r.document_id = d.id AND {_link_filter('e', 'o')} "
    f"WITH d, m, e, r, {_cluster('e', 'd.id')} AS entity_id WHERE entity_id IN $ids "
    f"OPTIONAL MATCH (kid:{ENTITY}:{_CHILD} {{id: 'Child:' + r.child_id}}) "
    "RETURN entity_id, e.id AS member_id, d.id AS document_id, d.kind AS kind, "
    "r.observed_at AS date, r.child_id AS child_id, kid.name AS child_name, m.text AS text, "
    "m.role AS role, m.aliases AS aliases "
    "ORDER BY r.observed_at IS NOT NULL, r.observed_at, d.id, m.seq"
)

#: Per entity of ``$ids`` (member ids): the role each document's mentions gave it.
MEMBER_ROLES = (
    f"MATCH (d:{SOURCE_DOCUMENT})-[m:{MENTIONS}]->(e:{ENTITY}) WHERE e.id IN $ids "
    "RETURN DISTINCT e.id AS member_id, d.id AS document_id, "
    "coalesce(m.role, 'UNKNOWN') AS role"
)

#: A cluster id (or entity id) in ``$ids`` answered with its shown entity's fields.
ENTITIES_BY_ID = (
    "UNWIND $ids AS wanted "
    f"MATCH (e:{ENTITY} {{id: {_shown('wanted')}}}) "
    f"RETURN wanted AS id, {_type_of('e')} AS type, e.key AS key, e.label AS label, "
    "properties(e) AS props ORDER BY id"
)

#: Kind and date of the documents in ``$ids``.
DOCUMENTS_BY_ID = (
    f"MATCH (d:{SOURCE_DOCUMENT}) WHERE d.id IN $ids "
    "RETURN d.id AS id, d.kind AS kind, d.date AS date"
)

#: Names of the children in ``$ids`` (child ids), from their Child entities.
CHILD_NAMES = (
    f"UNWIND $ids AS wanted MATCH (kid:{ENTITY}:{_CHILD} {{id: 'Child:' + wanted}}) "
    "RETURN wanted AS child_id, kid.name AS name"
)

#: The latest document date (the default reference of ``entity_trends``).
LATEST_DOCUMENT_DATE = f"MATCH (d:{SOURCE_DOCUMENT}) RETURN max(d.date) AS latest"

#: Every way an entity (of ``$types`` labels, or any) is named, resolved: label, key, id
#: (entity-wide cluster), and each mention's text and aliases (that document's cluster).
NAMES = (
    f"MATCH (e:{ENTITY}) "
    "WHERE size($types) = 0 OR any(x IN labels(e) WHERE x IN $types) "
    f"WITH e, {_cluster('e', chr(39) * 2)} AS entity_id "
    "UNWIND [e.label, e.key, e.id] AS name "
    f"RETURN DISTINCT entity_id, {_type_of('e')} AS type, name "
    "UNION "
    f"MATCH (d:{SOURCE_DOCUMENT})-[m:{MENTIONS}]->(e:{ENTITY}) "
    "WHERE size($types) = 0 OR any(x IN labels(e) WHERE x IN $types) "
    f"WITH e, {_cluster('e', 'd.id')} AS entity_id, [m.text] + coalesce(m.aliases, []) AS forms "
    "UNWIND forms AS name "
    f"RETURN DISTINCT entity_id, {_type_of('e')} AS type, name"
)


def new_links(rel_type_names: Iterable[str]) -> str:
    """Relations (not the record relations) first observed within the filters on or after
    ``$cutoff``, per type and resolved ends (``Store.new_links``)."""
    return (
        f"MATCH (s:{ENTITY})-[r:{_type_union(rel_type_names)}]->(t:{ENTITY}) "
        f"WHERE NOT type(r) IN {_RECORD_RELATIONS} AND {_link_filter('s', 't')} "
        f"WITH type(r) AS type, {_cluster('s', 'r.document_id')} AS source_id, "
        f"{_cluster('t', 'r.document_id')} AS target_id, r "
        "WITH type, source_id, target_id, min(r.observed_at) AS first_seen, "
        "count(DISTINCT r.document_id) AS documents, "
        "collect(DISTINCT r.document_id) AS document_ids, "
        "collect(DISTINCT r.child_id) AS child_ids "
        "WHERE first_seen >= $cutoff "
        "RETURN type, source_id, target_id, first_seen, documents, document_ids, child_ids"
    )


def new_children_at(label_name: str, rel_type_names: Iterable[str]) -> str:
    """(entity, child) pairs of one type first linked on or after ``$cutoff`` at entities
    that had children first linked before it (``Store.new_children_at``)."""
    name = label(label_name)
    return (
        f"MATCH (e:{ENTITY}:{name})-[r:{_type_union(rel_type_names)}]-(o:{ENTITY}) "
        f"WHERE r.child_id IS NOT NULL AND {_link_filter('e', 'o')} "
        f"WITH {_cluster('e', 'r.document_id')} AS entity_id, r "
        "WITH entity_id, r.child_id AS child_id, min(r.observed_at) AS first_seen, "
        "collect(DISTINCT r.document_id) AS document_ids "
        "WITH entity_id, collect([child_id, first_seen, document_ids]) AS pairs "
        "WITH entity_id, pairs, size([x IN pairs WHERE x[1] < $cutoff]) "
        "AS children_before WHERE children_before >= 1 "
        "UNWIND pairs AS pair "
        "WITH entity_id, pair, children_before WHERE pair[1] >= $cutoff "
        "RETURN entity_id, pair[0] AS child_id, pair[1] AS first_seen, "
        "pair[2] AS document_ids, children_before"
    )


#: Per child and period (``$boundaries``: ascending dates), missing episodes reported then
#: (``Store.child_periods``).
CHILD_PERIOD_EPISODES = (
    f"MATCH (kid:{ENTITY})-[r:{_EPISODE}]->(ep:{ENTITY}) WHERE {_link_filter('kid', 'ep')} "
    "WITH r.child_id AS child_id, ep, substring(r.observed_at, 0, 10) AS day, "
    "toLower(ep.risk_level) AS risk "
    "UNWIND range(0, size($boundaries) - 2) AS period "
    "WITH child_id, ep, risk, period "
    "WHERE day >= $boundaries[period] AND day < $boundaries[period + 1] "
    "RETURN child_id, period, count(DISTINCT ep.id) AS episodes, "
    "sum(CASE WHEN risk = 'high' THEN 1 ELSE 0 END) AS high_risk"
)
#: Per child and period: non-negated indicators in documents about the child, through the
#: child's MENTIONED_IN link to the document (which the filters apply to).
CHILD_PERIOD_INDICATORS = (
    f"MATCH (d:{SOURCE_DOCUMENT})-[:{HAS_INDICATOR}]->(i:{INDICATOR}) WHERE NOT i.negated "
    f"MATCH (kid:{ENTITY}:{_CHILD} {{id: 'Child:' + i.child_id}})-[r:{_MENTIONED}]->(o:{ENTITY}) "
    f"WHERE r.document_id = d.id AND {_link_filter('kid', 'o')} "
    "WITH i, substring(r.observed_at, 0, 10) AS day "
    "UNWIND range(0, size($boundaries) - 2) AS period "
    "WITH i, period WHERE day >= $boundaries[period] AND day < $boundaries[period + 1] "
    "RETURN i.child_id AS child_id, period, count(*) AS indicators, "
    "collect(DISTINCT i.code) AS codes, count(DISTINCT i.document_id) AS documents"
)

#: Every missing episode within the filters, with the resolved places it began and ended.
EPISODE_FACTS = (
    f"MATCH (kid:{ENTITY})-[r:{_EPISODE}]->(e:{ENTITY}) WHERE {_link_filter('kid', 'e')} "
    "RETURN e.id AS episode_id, r.child_id AS child_id, "
    "e.reported_missing_at AS reported_missing_at, e.returned_at AS returned_at, "
    "e.risk_level AS risk_level, "
    f"head(COLLECT {{ MATCH (e)-[f:{_BEGAN}]->(pn:{ENTITY}) "
    f"RETURN {_cluster('pn', 'f.document_id')} AS place ORDER BY f.id LIMIT 1 }}) "
    "AS missing_from, "
    f"head(COLLECT {{ MATCH (e)-[f:{_ENDED}]->(pn:{ENTITY}) "
    f"RETURN {_cluster('pn', 'f.document_id')} AS place ORDER BY f.id LIMIT 1 }}) "
    "AS found_at "
    "ORDER BY r.observed_at IS NOT NULL, r.observed_at, e.id"
)
#: Persons a note relates its subject child to by WITH or TRANSPORTED_BY, with the note's
#: fields (JSON; the store reads its ``episode_id``) and the role the note gave them.
EPISODE_COMPANY = (
    f"MATCH (kid:{ENTITY}:{_CHILD})-[r:{_COMPANY}]->(pn:{ENTITY}:{_PERSON}) "
    f"MATCH (d:{SOURCE_DOCUMENT} {{id: r.document_id}}) "
    "WHERE kid.id = 'Child:' + d.child_id AND d.fields IS NOT NULL "
    f"AND {_link_filter('kid', 'pn')} "
    f"RETURN d.fields AS fields, {_cluster('pn', 'r.document_id')} AS person_id, "
    "type(r) AS type, r.document_id AS document_id, "
    f"coalesce(head(COLLECT {{ MATCH (d)-[m:{MENTIONS}]->(pn) WHERE m.role IS NOT NULL "
    "RETURN m.role AS role ORDER BY m.role = 'PEER', m.seq LIMIT 1 }), 'UNKNOWN') AS role "
    "ORDER BY d.date IS NOT NULL, d.date, r.id"
)


def date_range(rel_type_names: Iterable[str]) -> str:
    """The earliest and latest ``observed_at`` of the links within the filters."""
    return (
        f"MATCH (s:{ENTITY})-[r:{_type_union(rel_type_names)}]->(t:{ENTITY}) "
        f"WHERE {_link_filter('s', 't')} "
        "RETURN min(r.observed_at) AS first, max(r.observed_at) AS last"
    )
