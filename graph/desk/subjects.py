"""Persons of concern as a form's subjects, with the identifiers the graph knows for them.

A note may name "Gaz" and nothing else; another note gives his Snapchat, a form his phone
and address. The draft offers the reviewer all of it: each subject's identifiers are every
``USES`` (phone, vehicle, handle) and ``LIVES_AT`` (address) link to the person's resolved
cluster in any document. The §4 subject has one field per kind, so the best-supported value
goes there (named in this note first, then a full number plate over a description, then
the most documents) and the rest are listed as ``other_identifiers`` ("MB65 O (vehicle)";
never "vehicle: ...", which a form parser would read as a second subject's field).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from graph.desk.concern import Finding
from graph.desk.context import GraphContext, type_of

FIELD_OF = {"Phone": "phone", "Vehicle": "vehicle", "OnlineAccount": "online_handle",
            "Location": "address"}
_FEATURES = ("age", "gender", "height", "features", "description")


def subject(person: Finding, context: GraphContext, note_id: str) -> dict[str, Any]:
    """The §4 subject for ``person`` plus ``other_identifiers`` (text, as the §4 JSON
    subject holds only text) and ``sources`` (identifier -> the documents linking it)."""
    members = context.members.get(person.cluster_id) or {person.entity_id}
    names = [context.labels.get(m, person.text) for m in sorted(members)] + [person.text]
    name = best_name(names)
    nicknames = _distinct([*names, *person.aliases], exclude=name)
    props: dict[str, Any] = {}
    for member in sorted(members):
        props.update({k: v for k, v in context.props.get(member, {}).items() if v})
    chosen, others, sources = _identifiers(person.cluster_id, context, note_id)
    features = [_feature(k, props[k]) for k in _FEATURES if props.get(k)]
    return {
        "name": name, "dob": props.get("dob"), "address": chosen.get("address"),
        "phone": chosen.get("phone"), "vehicle": chosen.get("vehicle"),
        "nickname": nicknames, "online_handle": chosen.get("online_handle"),
        "identifying_features": "; ".join(features) or None,
        "other_identifiers": "; ".join(others) or None, "sources": sources,
    }


def _feature(key: str, value: object) -> str:
    """A feature as a form writes it, without a colon (a colon would read as a new label).

    >>> _feature("age", "mid 20s"), _feature("gender", "male")
    ('age mid 20s', 'male')
    """
    return f"age {value}" if key == "age" else str(value)


def best_name(names: list[str]) -> str:
    """The fullest name: most words, then longest.

    >>> best_name(["Gaz", "Gareth BLAKE", "gaz"])
    'Gareth BLAKE'
    """
    return max(names, key=lambda n: (len(n.split()), len(n), n))


def _identifiers(cluster: str, context: GraphContext, note_id: str
                 ) -> tuple[dict[str, str], list[str], dict[str, list[str]]]:
    documents: dict[str, set[str]] = defaultdict(set)
    linked: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for _relation, target, entity, document in context.identifiers.get(cluster, ()):
        if type_of(target) in FIELD_OF:
            documents[target].add(document)
            linked[target][entity].add(document)
    ranked = sorted(documents, key=lambda t: (
        note_id not in documents[t], not any(map(_plate, linked[t])), -len(documents[t]), t))
    chosen: dict[str, str] = {}
    others: list[str] = []
    sources: dict[str, list[str]] = {}
    for target in ranked:
        label = _wording(linked[target], context)
        sources[label] = sorted(documents[target])
        field = FIELD_OF[type_of(target)]
        if field in chosen:
            others.append(f"{label} ({field.replace('_', ' ')})")
        else:
            chosen[field] = label
    return chosen, others, sources


def _wording(entities: dict[str, set[str]], context: GraphContext) -> str:
    """How a form should write an identifier: the label of the entity the identifying links
    name (resolution may have joined it with vaguer wordings, such as a partial plate, whose
    longer text would otherwise win the cluster's label), a full plate first, then the one
    most documents link, then the longest."""
    best = max(entities, key=lambda e: (_plate(e), len(entities[e]),
                                        len(context.labels.get(e, e)), e))
    return context.labels.get(best) or context.label(best)


def _plate(target: str) -> bool:
    """A full number plate (a partial one keeps a ``*``).

    >>> _plate("Vehicle:MB65OMJ"), _plate("Vehicle:MB65O*"), _plate("Vehicle:red audi")
    (True, False, False)
    """
    key = target.split(":", 1)[-1]
    return (type_of(target) == "Vehicle" and key.isupper() and " " not in key
            and "*" not in key)


def _distinct(values: list[str], *, exclude: str) -> list[str]:
    seen = {exclude.casefold()}
    out = []
    for value in values:
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return out
