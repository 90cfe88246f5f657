"""What is new since a date: new entities, new links, new children at a known hotspot.

The weekly meeting's first question is "what has changed since we last met?". Three answers,
most significant first:

1. new children at a known hotspot: children linked for the first time to a place that was
   a ranked hotspot (two or more children) before the date, one row per place;
2. new entities already linked to two or more children, and new relations between a child
   and an adult of concern, a vehicle, a phone, a handle or a place;
3. other new adults of concern, places and identifiers linked to a child.

"New" is judged against everything the store holds before the date (within the other
filters), so the reads behind these functions must not start at the date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graph.analysis.associates import is_professional
from graph.analysis.rows import ADULT_OF_CONCERN, number, ranked, type_of

#: Types whose first appearance is news (documents, episodes and placements always are).
NEW_TYPES = ("Person", "Location", "Vehicle", "Phone", "OnlineAccount")
#: The tiers of :func:`novelty`, most significant first.
TIERS = ("new_child_at_hotspot", "new_shared_entity", "new_link", "new_entity")


def _is_news(row: Mapping[str, Any]) -> bool:
    kind = row.get("type") or type_of(str(row["entity_id"]))
    if kind not in NEW_TYPES or number(row, "children") < 1:
        return False
    if kind == "Location" and (row.get("is_placement") or number(row, "home_children")):
        return False
    return not (kind == "Person" and (is_professional(row.get("roles") or ())
                                      or ADULT_OF_CONCERN not in (row.get("roles") or ())))


def new_since(activity: Iterable[Mapping[str, Any]], since: str) -> list[dict[str, Any]]:
    """Adults of concern, places (not placements), vehicles, phones and handles first seen
    on or after ``since`` and linked to a child; newest first.

    ``activity`` holds ``entity_activity`` / ``entity_signals`` rows read with no lower date
    bound (or every entity would look new).

    Examples
    --------
    >>> rows = [
    ...     {"entity_id": "Vehicle:MK15XRT", "type": "Vehicle", "label": "MK15 XRT",
    ...      "children": 1, "first_seen": "2026-02-03"},
    ...     {"entity_id": "Vehicle:AB12CDE", "type": "Vehicle", "label": "AB12 CDE",
    ...      "children": 2, "first_seen": "2026-01-03"},
    ...     {"entity_id": "Person:sw", "type": "Person", "label": "Sue", "children": 3,
    ...      "first_seen": "2026-02-04", "roles": ["PROFESSIONAL"]},
    ... ]
    >>> [r["entity_id"] for r in new_since(rows, "2026-02-01")]
    ['Vehicle:MK15XRT']
    """
    fresh = [dict(r) for r in activity
             if _is_news(r) and str(r.get("first_seen") or "") >= since]
    fresh.sort(key=lambda r: (str(r.get("first_seen")), str(r.get("label"))), reverse=True)
    return fresh


def novelty(*, new_entities: Iterable[Mapping[str, Any]],
            new_links: Iterable[Mapping[str, Any]] = (),
            new_children: Iterable[Mapping[str, Any]] = (),
            hotspots: Iterable[str] = (),
            roles: Mapping[str, Iterable[str]] | None = None) -> list[dict[str, Any]]:
    """Everything new, ranked by :data:`TIERS`, then children, then most recent.

    Parameters
    ----------
    new_entities : rows of :func:`new_since` (``entity_id``, ``children``, ``first_seen``).
    new_links : ``Store.new_links`` rows (``type``, ``source_id``, ``target_id``,
        ``first_seen``, ``document_ids``, ``child_ids``).
    new_children : ``Store.new_children_at`` rows (``entity_id``, ``child_id``,
        ``first_seen``, ``document_ids``, ``children_before``).
    hotspots : ids of the places that were hotspots before the date.
    roles : person id to every role it was written in (professionals' links are not news).

    Returns
    -------
    Rows with ``rank``, ``kind`` (a tier), ``entity_id``, ``first_seen``, ``children``,
    ``child_ids``, ``documents`` (count) and ``document_ids`` where known; link rows also
    ``link_type`` and ``other_id`` (the child).

    Examples
    --------
    >>> out = novelty(
    ...     new_entities=[{"entity_id": "Phone:+447700900123", "children": 1,
    ...                    "first_seen": "2026-02-02"}],
    ...     new_links=[{"type": "TRANSPORTED_BY", "source_id": "Child:C1",
    ...                 "target_id": "Vehicle:MK15XRT", "first_seen": "2026-02-05",
    ...                 "document_ids": ["n9"], "child_ids": ["C1"]}],
    ...     new_children=[{"entity_id": "Location:flat", "child_id": "C3",
    ...                    "first_seen": "2026-02-04", "document_ids": ["n8"],
    ...                    "children_before": 2}],
    ...     hotspots=["Location:flat"])
    >>> for r in out:
    ...     print(r["rank"], r["kind"], r["entity_id"])
    1 new_child_at_hotspot Location:flat
    2 new_link Vehicle:MK15XRT
    3 new_entity Phone:+447700900123
    """
    known = set(hotspots)
    roles = roles or {}
    rows: list[dict[str, Any]] = []
    arrivals: dict[str, list[Mapping[str, Any]]] = {}
    for pair in new_children:
        if pair["entity_id"] in known:
            arrivals.setdefault(pair["entity_id"], []).append(pair)
    covered = {(place, p["child_id"]) for place, pairs in arrivals.items() for p in pairs}
    for place, pairs in arrivals.items():
        documents = sorted({d for p in pairs for d in p.get("document_ids") or ()})
        rows.append({"kind": TIERS[0], "entity_id": place,
                     "first_seen": max(str(p["first_seen"]) for p in pairs),
                     "children": len(pairs), "child_ids": sorted(p["child_id"] for p in pairs),
                     "documents": len(documents), "document_ids": documents,
                     "children_before": max(p.get("children_before") or 0 for p in pairs)})
    for entity in new_entities:
        shared = number(entity, "children") >= 2
        rows.append({**entity, "kind": TIERS[1] if shared else TIERS[3],
                     "child_ids": [c["child_id"] for c in entity.get("children_linked") or ()]
                     or entity.get("child_ids") or []})
    for link in new_links:
        ends = (link["source_id"], link["target_id"])
        child = next((e for e in ends if type_of(e) == "Child"), None)
        other = next((e for e in ends if e != child), None)
        if child is None or other is None or type_of(other) not in NEW_TYPES:
            continue
        if (other, child.split(":", 1)[1]) in covered:
            continue  # already said: a new child at a known hotspot
        if type_of(other) == "Person":
            written = set(roles.get(other, ()))
            if is_professional(written) or (written and ADULT_OF_CONCERN not in written):
                continue
        rows.append({"kind": TIERS[2], "entity_id": other, "other_id": child,
                     "link_type": link["type"], "first_seen": link["first_seen"],
                     "children": len(link.get("child_ids") or ()),
                     "child_ids": link.get("child_ids") or [],
                     "documents": len(link.get("document_ids") or ()),
                     "document_ids": link.get("document_ids") or []})
    order = {tier: i for i, tier in enumerate(TIERS)}
    by_recent = sorted(rows, key=lambda r: str(r.get("first_seen") or ""), reverse=True)
    return ranked(by_recent, key=lambda r: (order[r["kind"]], -number(r, "children")))
