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
