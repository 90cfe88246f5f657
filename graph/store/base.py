"""The ``Store`` protocol: the one interface ingest, analysis and the dashboard use.

Two implementations share it (SQLite embedded, Neo4j scale-out) and one contract test suite
(tests/graph/store/test_contract.py). Aggregations that must grow with the data run inside the
store (SQL or Cypher) and come back as plain rows; ranking and shaping happen in
``graph.analysis`` over those rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol, runtime_checkable

from graph.store.records import Batch, Filters, Rejection, WriteOutcome


@runtime_checkable
class Store(Protocol):
    """A graph of entities and provenance-carrying links, written a document at a time."""

    def migrate(self) -> list[str]:
        """Bring the schema up to date; return the names of migrations applied now."""
        ...

    def write(self, batch: Batch) -> WriteOutcome:
        """Write one document's facts in one transaction.

        Same document id and content hash as stored: ``unchanged`` and nothing is touched.
        Same id, new hash: the document's old facts are replaced (``updated``). New id:
        ``ingested``. On any error nothing of the batch is kept and prior data is intact.
        """
        ...

    def delete_document(self, document_id: str) -> bool:
        """Remove a document and every fact resting only on it, in one transaction.

        Entities that other documents still support stay, with those documents' links.
        Returns ``False`` when the document was not stored.
        """
        ...

    def document_hash(self, document_id: str) -> str | None:
        """The stored content hash of a document, or ``None`` when it is not stored."""
        ...

    def reject(self, rejection: Rejection) -> None:
        """Record why a file, row or field could not be ingested."""
        ...

    def rejections(self) -> list[Rejection]:
        """Every recorded rejection, newest first."""
        ...

    def counts(self) -> dict[str, int]:
        """Entities by type, plus ``links``, ``documents`` and ``mentions``."""
        ...

    def entities(self, type_name: str | None = None) -> list[dict[str, Any]]:
        """Entities (id, type, key, label, props), optionally of one type."""
        ...

    def links(self, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
        """Links with their provenance, for building bounded networkx subgraphs."""
        ...

    def entity_activity(self, type_name: str,
                        filters: Filters | None = None) -> list[dict[str, Any]]:
        """Per entity of ``type_name``: distinct children and documents, episodes begun or
        ended there, mentions, times found there, first/last seen, the children (id and
        name), the surface forms written (``variants``), the roles given to it, and whether
        it is a placement address. The aggregation runs in the database."""
        ...

    def documents(self, kind: str | None = None,
                  child_id: str | None = None) -> list[dict[str, Any]]:
        """Document metadata (no text): id, kind, child_id, date, submitter, agency, grading,
        fields, categories; by kind and child when given, oldest first."""
        ...

    def document_text(self, document_id: str) -> str | None:
        """A document's full text. Callers go through the governance service, which decides
        who may read it."""
        ...

    def indicators(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        """Indicators (document_id, child_id, code, text, start, end, negated, date, kind),
        by date and category when filtered."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...

    # -- actions and notifications (meeting packs, issues 7 and 11) -----------------------
    def add_action(self, *, text: str, created_at: str, child_id: str | None = None,
                   episode_id: str | None = None, source: str = "meeting",
                   meeting: str | None = None, document_id: str | None = None,
                   owner: str | None = None, due: str | None = None,
                   created_by: str | None = None) -> int:
        """Record an open action (``source`` ``meeting`` or ``rhi``) and return its id. With
        ``document_id`` set, an action with the same document and text is not duplicated:
        its id is returned and nothing changes. Blank text raises ``StoreError``."""
        ...

    def update_action(self, action_id: int, *, owner: str | None = None,
                      due: str | None = None) -> bool:
        """Set owner and/or due date of an open action (``None`` leaves a value); ``False``
        when there is no such open action."""
        ...

    def close_action(self, action_id: int, *, closed_at: str, closed_by: str | None = None,
                     note: str | None = None) -> bool:
        """Close an open action (status ``closed``, ``closed_at``, ``closed_by``,
        ``closure_note``); ``False`` when missing or already closed."""
        ...

    def actions(self, *, child_id: str | None = None,
                status: str | None = None) -> list[dict[str, Any]]:
        """Actions with every field (id, text, child_id, episode_id, source, meeting,
        document_id, owner, due, status, created_at, created_by, closed_at, closed_by,
        closure_note), filtered by child and status, ordered by created_at then id."""
        ...

    def record_notification(self, *, episode_id: str, about: str, body_role: str,
                            notified_at: str, recorded_at: str, body: str | None = None,
                            recorded_by: str | None = None, note: str | None = None) -> int:
        """Append a record that ``body_role`` (responsible_la, host_la, home_force) was told
        of the episode (``about`` missing) or its RHI (``rhi``); other values raise
        ``StoreError``. Returns the record's id."""
        ...

    def notifications(self, episode_id: str | None = None) -> list[dict[str, Any]]:
        """Notification records with every field (id, episode_id, about, body_role, body,
        notified_at, recorded_by, note, recorded_at), ordered by episode_id, notified_at, id."""
        ...

    # -- entity resolution (issue 5) ------------------------------------------------------
    # Resolution never rewrites entity ids: a mapping sends an entity (document '' = every
    # mention) or one entity's mention in one document to a cluster, and a link end or mention
    # resolves to the document row, else the entity row, else the entity itself.
    # entity_activity groups by that cluster (``entity_id`` is the cluster id, plus
    # ``members`` and every member's ``variants``); links() rows carry ``source_cluster`` and
    # ``target_cluster``.
    def resolution_units(self, types: tuple[str, ...]) -> list[dict[str, Any]]:
        """Every (entity, document) pair of ``types`` a document names (by MENTIONED_IN):
        ``entity_id``, ``type``, ``key``, ``label``, ``props``, ``document_id``, ``kind``,
        ``date``, ``child_id`` (document's subject, else the link's child), ``mentions``
        (``text``, ``role``, ``aliases``, ``attributes``, ``start``, ``end``) and ``linked``
        (the document's other links touching the entity: ``type``, ``other_id``,
        ``direction`` out/in)."""
        ...

    def replace_resolution(self, clusters: list[dict[str, Any]],
                           candidates: list[dict[str, Any]], *, resolved_at: str,
                           fingerprint: str, summary: dict[str, Any] | None = None) -> None:
        """In one transaction: replace all cluster rows (``entity_id``, ``document_id``,
        ``cluster_id``, ``canonical_id``, ``score``, ``reasons``), replace the open
        candidates (a pair already accepted or rejected keeps its row and is not reopened),
        and record the run with its fingerprint and summary."""
        ...

    def entity_clusters(self, type_name: str | None = None) -> list[dict[str, Any]]:
        """Cluster rows (plus ``resolved_at``), optionally of one type."""
        ...

    def resolution_candidates(self, status: str | None = "open", *,
                              candidate_id: int | None = None) -> list[dict[str, Any]]:
        """Review candidates of a status (``None``: all) or one by id, best score first."""
        ...

    def add_judgement(self, *, left_id: str, right_id: str, same: bool, user: str, at: str,
                      left_document: str = "", right_document: str = "",
                      note: str | None = None, candidate_id: int | None = None) -> int:
        """Record who judged two entities (or two mentions: entity plus document) the same
        or not, and when; a candidate named is marked accepted/rejected. Blank user raises
        ``StoreError``."""
        ...

    def judgements(self, *, active: bool | None = True) -> list[dict[str, Any]]:
        """Judgements, active only by default, oldest first."""
        ...

    def undo_judgement(self, judgement_id: int, *, user: str, at: str) -> bool:
        """Deactivate a judgement (who and when are kept); its candidate is open again."""
        ...

    def resolution_fingerprint(self) -> str:
        """A string that changes whenever documents, mentions, links or judgements do."""
        ...

    def last_resolution(self) -> dict[str, Any] | None:
        """The latest run: ``resolved_at``, ``fingerprint``, ``summary``."""
        ...

    # -- the RHI manager's desk (issue 13) ------------------------------------------------
    def document_mentions(self, document_ids: list[str] | None = None, *,
                          kind: str | None = None) -> list[dict[str, Any]]:
        """Every extracted mention in the documents named (``None``: all), optionally of one
        document ``kind``: ``document_id``, ``kind``, ``date`` and ``child_id`` (the
        document's), ``entity_id``, ``cluster_id`` (resolved as links() resolves a link end:
        the document row, else the entity row, else the entity id), ``type``, ``key``,
        ``label``, ``props`` (the entity's), ``text``, ``start``, ``end``, ``role``,
        ``aliases`` (list) and ``attributes`` (dict); ordered by document date, document id,
        then ``start`` (unknown last) and insertion order."""
        ...

    # -- network analysis (issue 6): reads behind graph.analysis --------------------------
    # Exact semantics are in each method's docstring in graph/store/sqlite.py; these are the
    # contracts a Cypher implementation mirrors. "Touching" means either end of the link;
    # every read applies ``filters`` to the links (or, for mentions, to their documents).
    def entity_signals(self, type_name: str,
                       filters: Filters | None = None) -> list[dict[str, Any]]:
        """Per entity of a type, what happened there or with it (children, documents,
        episodes, found_at, missing_from, is_placement, is_home, direct_children,
        concern_children, intel_documents, adults_of_concern, adult_ids, first/last seen),
        aggregated in the database in one pass plus one small query."""
        ...

    def context_places(self) -> dict[str, dict[str, bool]]:
        """Places (cluster ids) that are a child's placement or home at any time, with
        ``is_placement`` and ``is_home``. Why apart from ``entity_signals``: a window or a
        category filter leaves out the PLACED_AT link made when the placement began, yet a
        children's home is context for a hotspot ranking in any window."""
        ...

    def entity_trends(self, entity_ids: list[str], filters: Filters | None = None, *,
                      reference: str | None = None, period_days: int = 28,
                      half_life_days: float = 28.0) -> dict[str, dict[str, Any]]:
        """For the rows shown: direct children in the latest and previous period, and a
        recency-weighted count of direct links, counted back from ``reference``."""
        ...

    def person_activity(self, filters: Filters | None = None,
                        min_children: int = 1) -> list[dict[str, Any]]:
        """Per person and role written: children, documents, first/last seen, intel
        documents, concern children, and every role the person was ever given."""
        ...

    def person_relations(self, entity_ids: list[str],
                         filters: Filters | None = None) -> list[dict[str, Any]]:
        """Per person and role: direct children, relation types and related entities."""
        ...

    def neighbourhood(self, entity_ids: list[str], filters: Filters | None = None,
                      types: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """Links with either end in ``entity_ids`` (as :meth:`links` gives them)."""
        ...

    def child_links(self, child_ids: list[str], filters: Filters | None = None,
                    types: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """Links whose ``child_id`` is one of ``child_ids`` (as :meth:`links` gives them)."""
        ...

    def entity_details(self, entity_ids: list[str], filters: Filters | None = None,
                       max_documents: int = 20) -> dict[str, dict[str, Any]]:
        """For the rows shown: variants as written, roles, children by name, and the
        newest ``max_documents`` documents behind each entity with the total."""
        ...

    def mentions_of(self, entity_ids: list[str],
                    filters: Filters | None = None) -> list[dict[str, Any]]:
        """Mentions of the entities (document, kind, date, child and name, text, role,
        aliases) in documents whose MENTIONED_IN link is within ``filters``."""
        ...

    def entities_by_id(self, entity_ids: list[str]) -> list[dict[str, Any]]:
        """Entities (id, type, key, label, props) with these ids."""
        ...

    def names(self, types: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """Every (entity_id, type, name) an entity can be looked up by: label, key, id,
        mention texts and aliases."""
        ...

    def new_links(self, since: str, filters: Filters | None = None) -> list[dict[str, Any]]:
        """Relations first observed on or after ``since``."""
        ...

    def new_children_at(self, type_name: str, since: str,
                        filters: Filters | None = None) -> list[dict[str, Any]]:
        """(entity, child) pairs first linked on or after ``since`` at entities that had
        children before it."""
        ...

    def child_periods(self, boundaries: list[str],
                      filters: Filters | None = None) -> list[dict[str, Any]]:
        """Per child and period: episodes, high-risk episodes, indicators and codes."""
        ...

    def episode_facts(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        """Every missing episode: child, times, risk, where it began and ended, and who
        the RHI note puts the child with."""
        ...

    def date_range(self, filters: Filters | None = None) -> tuple[str | None, str | None]:
        """Earliest and latest ``observed_at`` of the links within ``filters``."""
        ...
