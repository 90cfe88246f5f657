"""What in a note is "of concern": the one definition triage, drafting and cross-worker share.

Extraction labels are noisy (a peer tagged as an adult, a foster carer's name read as a
place), so each rule leans on more than one signal and says why it fired:

* **person of concern**: a person the note does not record as a professional or family
  member, who is not a child known to the graph and not the note's own worker, and who is
  either recorded as an adult of concern or tied by the note to the child's transport
  (``TRANSPORTED_BY``) or to a vehicle, phone or handle (``USES``);
* **location of concern**: a place that is not a child's home, placement or missing-from
  address (in the graph, or as this note's own header gives it) and that is tied by the
  note to a person of concern, or named in a submitted information-sharing form, or where
  the graph puts another child (``AT``/``FOUND_AT``);
* **identifier**: a vehicle, phone or online handle, unless the note ties it only to family
  members or professionals;
* **exploitation indicator**: a non-negated indicator of exploitation (see
  :data:`EXPLOITATION_CODES`); the rest (:data:`WELFARE_CODES`) are welfare concerns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.desk.context import GraphContext, type_of
from graph.desk.notes import NoteView, worker_key
from graph.types import text

EXPLOITATION_CODES = frozenset({
    "CSE", "CCE", "GANGS", "WEAPONS", "DRUGS", "TRANSPORTED", "HOTEL", "GIFTS_MONEY",
    "COERCION_CONTROL", "ONLINE_CONTACT", "OLDER_ADULTS",
})
WELFARE_CODES = frozenset({"ALCOHOL", "SLEEPING_ROUGH", "VIOLENCE", "MENTAL_HEALTH",
                           "FAMILY_CONFLICT"})
NOT_OF_CONCERN = frozenset({"PROFESSIONAL", "FAMILY"})
IDENTIFIER_KINDS = {"Vehicle": "vehicle", "Phone": "phone", "OnlineAccount": "handle"}
#: Header fields that name the child's own home or placement.
_HOME_FIELDS = ("missing_from", "address")
_GENERIC_HOME = frozenset({"home", "placement", "the placement", "care home", "foster home",
                           "school", "mum's", "dad's"})


@dataclass(frozen=True)
class Finding:
    """One thing of concern in one note: the entity, how the note wrote it, and why."""

    kind: str  # adult_of_concern | location_of_concern | vehicle | phone | handle
    entity_id: str
    cluster_id: str
    text: str
    aliases: tuple[str, ...]
    why: str

    def as_reason(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "entity_id": self.cluster_id,
                "why": self.why}


def persons_of_concern(note: NoteView, context: GraphContext) -> list[Finding]:
    """Persons of concern in ``note`` (module docstring), one per resolved cluster."""
    found: dict[str, Finding] = {}
    worker = worker_key(note.worker)
    for mention in note.mentions:
        if mention["type"] != "Person" or mention.get("role") in NOT_OF_CONCERN:
            continue
        names = {text.fold(mention["text"]), text.fold(mention["label"])}
        if names & context.child_names or (worker and worker_key(mention["text"]) == worker
                                           and " " in mention["text"].strip()):
            continue
        why = _person_why(note, mention)
        if why and mention["cluster_id"] not in found:
            found[mention["cluster_id"]] = _finding("adult_of_concern", mention, why)
    return list(found.values())


def _person_why(note: NoteView, mention: dict[str, Any]) -> str | None:
    if mention.get("role") == "ADULT_OF_CONCERN":
        return "recorded as an adult of concern"
    entity = mention["entity_id"]
    for link in note.links:
        if link["type"] == "TRANSPORTED_BY" and link["target_id"] == entity:
            return "transported the child"
        if (link["type"] == "USES" and link["source_id"] == entity
                and type_of(link["target_id"]) in IDENTIFIER_KINDS):
            return f"uses a {IDENTIFIER_KINDS[type_of(link['target_id'])]}"
    return None


def locations_of_concern(note: NoteView, context: GraphContext,
                         persons: list[Finding]) -> list[Finding]:
    """Locations of concern in ``note`` (module docstring), one per resolved cluster."""
    concern = {p.entity_id: p.text for p in persons}
    homes_written = [h for h in (text.fold(note.fields.get(f)) for f in _HOME_FIELDS)
                     if h and len(h) >= 4 and h not in _GENERIC_HOME]
    submitted = {f["id"] for f in context.submitted_forms()}
    found: dict[str, Finding] = {}
    for mention in note.mentions:
        cluster = mention["cluster_id"]
        if mention["type"] != "Location" or cluster in found or cluster in context.homes:
            continue
        written = text.fold(mention["text"]) or ""
        if any(written in home or home in written for home in homes_written):
            continue
        why = _location_why(note, context, mention, concern, submitted)
        if why:
            found[cluster] = _finding("location_of_concern", mention, why)
    return list(found.values())


def _location_why(note: NoteView, context: GraphContext, mention: dict[str, Any],
                  concern: dict[str, str], submitted: set[str]) -> str | None:
    entity, cluster = mention["entity_id"], mention["cluster_id"]
    for link in note.links:
        ends = {link["source_id"], link["target_id"]}
        if entity in ends and ends & set(concern):
            person = concern[next(iter(ends & set(concern)))]
            return f"linked to {person}"
    if any(doc in submitted for doc, _, _ in context.named_in.get(cluster, ())):
        return "named in an information-sharing form"
    others = context.children_at.get(cluster, set()) - {note.child_id}
    if others:
        return f"other children have been there ({len(others)})"
    return None


def identifiers(note: NoteView) -> list[Finding]:
    """Vehicles, phones and handles the note names, unless tied only to family or staff."""
    roles = {m["entity_id"]: m.get("role") for m in note.mentions if m["type"] == "Person"}
    found: dict[str, Finding] = {}
    for mention in note.mentions:
        kind = IDENTIFIER_KINDS.get(mention["type"])
        if kind is None or mention["cluster_id"] in found:
            continue
        owners = [roles.get(link["source_id"]) for link in note.links
                  if link["type"] == "USES" and link["target_id"] == mention["entity_id"]]
        if owners and all(role in NOT_OF_CONCERN for role in owners):
            continue
        found[mention["cluster_id"]] = _finding(kind, mention, f"a {kind} is named")
    return list(found.values())


def exploitation_indicators(note: NoteView) -> list[dict[str, Any]]:
    """Non-negated exploitation indicators, in the note's order."""
    return [i for i in note.indicators
            if not i["negated"] and i["code"] in EXPLOITATION_CODES]


def welfare_indicators(note: NoteView) -> list[dict[str, Any]]:
    """Non-negated welfare indicators (alcohol, mental health, family conflict...)."""
    return [i for i in note.indicators if not i["negated"] and i["code"] in WELFARE_CODES]


def _finding(kind: str, mention: dict[str, Any], why: str) -> Finding:
    return Finding(kind, mention["entity_id"], mention["cluster_id"], mention["text"],
                   tuple(mention.get("aliases") or ()), why)
