"""Plain records that cross the store boundary, the same for every store implementation.

Ingest builds a :class:`Batch` per document; a store writes it in one transaction. Entity ids
are ``"<Type>:<key>"`` so that the same thing written by two documents (or two stores) lands on
one node without a lookup, and a Neo4j ``MERGE`` can use the same id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from graph.provenance import Grading
from graph.schema import model


def context_places_of(rows: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, bool]]:
    """The answer of ``Store.context_places`` from location rows with ``entity_id``,
    ``is_placement`` and ``is_home`` (SQLite's stored summaries or live aggregation, Neo4j's
    signals): the places that are either, with both flags as booleans. Why one function:
    each store reads the rows its own way, and the hotspot ranking must get one shape.

    >>> context_places_of([{"entity_id": "Location:a", "is_placement": 1, "is_home": 0},
    ...                    {"entity_id": "Location:b", "is_placement": 0, "is_home": 0}])
    {'Location:a': {'is_placement': True, 'is_home': False}}
    """
    return {r["entity_id"]: {"is_placement": bool(r["is_placement"]),
                             "is_home": bool(r["is_home"])}
            for r in rows if r["is_placement"] or r["is_home"]}


def entity_id(type_name: str, key: str) -> str:
    """The id of the entity of ``type_name`` with resolution key ``key``."""
    model().entity(type_name)
    return f"{type_name}:{key}"


_NTH = re.compile(r" #(?:[2-9]|[1-9]\d+)$")


def nth_key(key: str, n: int) -> str:
    """The key of the ``n``-th person of one name in one document.

    Extraction keeps two people of one name in a note apart ("went out with Liam after tea",
    the 16-year-old; "Liam picked him up in a grey Corsa", the driver), and one key would
    make them one node again, pooling a child's friend with an adult of concern. The second
    gets its own key; resolution reads the name without the mark (:func:`named_key`).

    >>> nth_key("liam", 1), nth_key("liam", 2)
    ('liam', 'liam #2')
    """
    return key if n < 2 else f"{key} #{n}"


def named_key(key: str) -> str:
    """A key (or entity id) without the mark :func:`nth_key` gave it.

    >>> named_key("liam #2"), named_key("Person:liam #12"), named_key("flat #2, 4 mill lane")
    ('liam', 'Person:liam', 'flat #2, 4 mill lane')

    Only people's keys carry the mark (:func:`nth_key`); callers pass nothing else.
    """
    return _NTH.sub("", key)


@dataclass(frozen=True)
class EntityRecord:
    """A node: its type, resolution key, display label and properties."""

    type: str
    key: str
    label: str
    props: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return entity_id(self.type, self.key)


@dataclass(frozen=True)
class MentionRecord:
    """One extracted mention of an entity in the batch's document (FORMATS.md section 5)."""

    entity_id: str
    text: str
    start: int | None = None
    end: int | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LinkRecord:
    """An edge. ``child_id`` is the child the fact is about (the document's subject or the
    episode's child), which is what "distinct children" analyses count. The store adds the
    document's provenance (submitter, agency, grading) to every link it writes."""

    type: str
    source_id: str
    target_id: str
    child_id: str | None = None
    start: int | None = None
    end: int | None = None
    observed_at: str | None = None
    props: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        model().relation(self.type)


@dataclass(frozen=True)
class DocumentRecord:
    """A received record and who sent it; its facts inherit this provenance."""

    id: str
    kind: str
    content_hash: str
    source_path: str | None = None
    format: str | None = None
    child_id: str | None = None
    date: str | None = None
    submitted_by: str | None = None
    agency: str | None = None
    grading: Grading = Grading()
    fields: dict[str, Any] = field(default_factory=dict)
    text: str | None = None


#: Information-sharing categories (FORMATS.md section 4), upper case as filters take them.
CATEGORIES = ("CSE", "CCE", "GANGS", "MISSING", "DRUGS")
#: Indicator codes that put a document in a category when not negated.
INDICATOR_CATEGORIES = {"CSE": "CSE", "CCE": "CCE", "GANGS": "GANGS", "DRUGS": "DRUGS"}


@dataclass(frozen=True)
class IndicatorRecord:
    """An exploitation indicator read in the document (FORMATS.md section 5), maybe negated."""

    code: str
    text: str
    start: int | None = None
    end: int | None = None
    negated: bool = False
    child_id: str | None = None


@dataclass(frozen=True)
class Batch:
    """Everything one document contributes; written all or nothing."""

    document: DocumentRecord
    entities: list[EntityRecord] = field(default_factory=list)
    mentions: list[MentionRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    indicators: list[IndicatorRecord] = field(default_factory=list)

    def categories(self) -> list[str]:
        """The document's categories: those a form states, plus those its indicators show."""
        stated = self.document.fields.get("categories") or []
        found = {str(c).upper() for c in stated if str(c).upper() in CATEGORIES}
        found |= {INDICATOR_CATEGORIES[i.code] for i in self.indicators
                  if not i.negated and i.code in INDICATOR_CATEGORIES}
        return sorted(found)


WriteOutcome = Literal["ingested", "unchanged", "updated"]


@dataclass(frozen=True)
class Rejection:
    """A file, row or field that could not be ingested, and why (no values from it)."""

    path: str
    reason: str
    where: str | None = None
    content_hash: str | None = None
    rejected_at: str | None = None


@dataclass(frozen=True)
class Filters:
    """Filters every analysis accepts. Dates are ISO strings; ``None`` means no limit."""

    since: str | None = None
    until: str | None = None
    min_grading: bool = False  # exclude C source evaluation and intelligence assessment 5
    handling_codes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # only facts from documents in any of these categories
    #: A local authority ("Bolton": facts about children it is responsible for or hosts) or a
    #: postcode district ("BL5": facts at places there, or about children placed there).
    area: str | None = None
