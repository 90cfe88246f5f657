"""Pure functions that cut rows down to what a tier may see.

Kept apart from the service so that each rule can be read, and tested, on plain data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rhigraph.governance.pseudonym import Pseudonyms

#: Document fields that are facts (labelled header values: who, when, where, which episode,
#: grading), shown at the FACTS tier. Every other field (a note section, a form's free-text
#: source, coercion or payments account) is text and is shown only with the whole text.
#: An allow-list, so a field a future parser adds stays hidden until someone decides.
FACT_FIELDS = frozenset({
    "child_name", "dob", "child_id", "address", "episode_id", "reported_missing_at",
    "returned_at", "missing_from", "found_at", "police_risk", "interview_at", "interviewer",
    "agency", "known_to_services", "nil_return", "reference", "submitted_by", "categories",
    "third_party", "grading", "date",
})

#: Links a PARTNER can see: how children reach places in the records.
PARTNER_LINK_TYPES = frozenset({"AT", "MENTIONED_IN", "MISSING_FROM", "FOUND_AT"})
#: The entity types such a link may join; a link touching a person, vehicle, phone, handle,
#: organisation or placement is left out whole.
PARTNER_ENDPOINTS = frozenset({"Child", "Location", "Document", "Episode"})

SNIPPET_CONTEXT = 160
SNIPPET_MAX_FACT = 320


def type_of(entity_id: str) -> str:
    """The entity type of a ``"Type:key"`` id."""
    return entity_id.split(":", 1)[0]


def fact_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a document that are facts rather than text (see :data:`FACT_FIELDS`)."""
    return {k: v for k, v in fields.items() if k in FACT_FIELDS}


def snippet_window(text: str, start: int, end: int) -> tuple[int, int, int, int]:
    """``(lo, hi, start, end)``: the words around ``text[start:end]``.

    The fact itself is cut to :data:`SNIPPET_MAX_FACT` characters and the context to
    :data:`SNIPPET_CONTEXT` on each side, trimmed back to a line or sentence boundary, so a
    snippet is never more than a few sentences whatever span a link claims.

    >>> text = "Line one. She went to the flat on Moss Lane. Nothing else.\\nNext"
    >>> lo, hi, s, e = snippet_window(text, 34, 43)
    >>> text[lo:hi]
    'She went to the flat on Moss Lane.'
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text), start + SNIPPET_MAX_FACT))
    lo = max(0, start - SNIPPET_CONTEXT)
    hi = min(len(text), end + SNIPPET_CONTEXT)
    before = text[lo:start]
    cut = max(before.rfind("\n"), before.rfind(". "), before.rfind("? "), before.rfind("! "))
    if cut >= 0:
        lo += cut + (1 if before[cut] == "\n" else 2)
    after = text[end:hi]
    stops = [i for i in (after.find("\n"), after.find(". "), after.find("? "),
                         after.find("! ")) if i >= 0]
    if stops:
        stop = min(stops)
        hi = end + stop + (0 if after[stop] == "\n" else 1)
    elif after.endswith((".", "?", "!")):
        hi = end + len(after)
    return lo, hi, start, end


#: What a PARTNER sees of a place's activity row: counts, dates and the place itself. An
#: allow-list, so a field a store adds later (``adult_ids`` of the ranking signals names
#: people) stays out until someone decides it is aggregate.
PARTNER_ACTIVITY_FIELDS = frozenset({
    "entity_id", "location_id", "type", "key", "label", "props", "children", "documents",
    "episodes", "mentions", "found_at", "missing_from", "is_placement", "first_seen",
    "last_seen", "direct_children", "concern_children", "intel_documents",
    "adults_of_concern", "recent_children", "previous_children", "recency", "link_types",
})


def pseudonymise_activity(rows: Iterable[dict[str, Any]], names: Pseudonyms,
                          allowed: set[str]) -> list[dict[str, Any]]:
    """Activity rows of the places in ``allowed``, cut to :data:`PARTNER_ACTIVITY_FIELDS`,
    with children as pseudonyms and without the surface forms (words from the notes)."""
    shaped = []
    for row in rows:
        if row["entity_id"] not in allowed:
            continue
        children = sorted(names.child(c["child_id"]) for c in row.get("children_linked", ()))
        kept = {k: v for k, v in row.items() if k in PARTNER_ACTIVITY_FIELDS}
        shaped.append({**kept, "location_id": row["entity_id"], "variants": [], "roles": [],
                       "children_linked": [{"child_id": p, "name": None} for p in children]})
    return shaped


def partner_places(links: Iterable[Mapping[str, Any]], placements: set[str],
                   floor: int) -> tuple[list[Mapping[str, Any]], set[str]]:
    """The links a PARTNER may see and the places they may see.

    A place is shown when at least ``floor`` distinct children are linked to it by links a
    partner may see, and it is not a placement address (a foster carer's or children's home
    address is never shown to a partner). Small-number suppression: a place linked to one
    child is usually that child's home, which would undo the pseudonym.
    """
    kept, children = [], {}
    for link in links:
        ends = (link["source_id"], link["target_id"])
        types = [type_of(e) for e in ends]
        if link["type"] not in PARTNER_LINK_TYPES or not set(types) <= PARTNER_ENDPOINTS:
            continue
        places = [e for e, t in zip(ends, types, strict=True) if t == "Location"]
        if len(places) != 1 or places[0] in placements:
            continue
        kept.append(link)
        if link.get("child_id"):
            children.setdefault(places[0], set()).add(link["child_id"])
    allowed = {place for place, kids in children.items() if len(kids) >= floor}
    return [link for link in kept if allowed & {link["source_id"], link["target_id"]}], allowed


def partner_link(link: Mapping[str, Any], names: Pseudonyms) -> dict[str, Any]:
    """A link as a PARTNER sees it: the place, a pseudonymous child and stand-ins for the
    document and episode ids (which carry child references), with the date and relation."""

    def mask(entity_id: str) -> str:
        kind, _, key = entity_id.partition(":")
        if kind == "Child":
            return f"Child:{names.child(key)}"
        if kind in ("Document", "Episode"):
            return f"{kind}:{names.reference(kind.lower(), key)}"
        return entity_id

    child = link.get("child_id")
    return {"type": link["type"], "source_id": mask(link["source_id"]),
            "target_id": mask(link["target_id"]),
            "child_id": names.child(child) if child else None,
            "document_id": names.reference("document", link["document_id"]),
            "observed_at": link.get("observed_at")}
