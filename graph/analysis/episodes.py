"""Patterns in missing episodes: where children are found, who they are found with, and
which children go missing together.

Police missing/found records say where each episode ended; the RHI note of the episode says
who the child was with. Three children found at the same takeaway, the same adult in the
notes of episodes of different children, and two children whose episodes overlap again and
again are each a pattern the weekly missing meeting looks for.

Functions over ``Store.episode_facts`` rows (one per episode in the window, the read already
bounded by the filters): ``episode_id``, ``child_id``, ``reported_missing_at``,
``returned_at``, ``risk_level``, ``missing_from``, ``found_at`` and ``with``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from graph.analysis.rows import PROFESSIONAL, ROLE_ORDER, ranked

#: An episode still open (no return recorded) counts as lasting this long for overlaps.
OPEN_EPISODE = dt.timedelta(hours=24)


def _when(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value[:19])
    except ValueError:
        return None


def found_at_patterns(facts: Iterable[Mapping[str, Any]], *,
                      min_children: int = 1) -> list[dict[str, Any]]:
    """Places where episodes ended, by distinct children, then episodes, then high risk.

    An episode that ended where it began (the child came home) says nothing about a place
    and is left out.

    Examples
    --------
    >>> facts = [
    ...     {"episode_id": "Episode:E1", "child_id": "C1", "found_at": "Location:park",
    ...      "missing_from": "Location:home1", "risk_level": "high",
    ...      "reported_missing_at": "2026-01-02T21:00", "returned_at": "2026-01-03T02:00"},
    ...     {"episode_id": "Episode:E2", "child_id": "C2", "found_at": "Location:park",
    ...      "missing_from": "Location:home2", "risk_level": "low",
    ...      "reported_missing_at": "2026-01-05T20:00", "returned_at": "2026-01-05T23:00"},
    ...     {"episode_id": "Episode:E3", "child_id": "C1", "found_at": "Location:home1",
    ...      "missing_from": "Location:home1"},
    ... ]
    >>> [(r["entity_id"], r["children"], r["episodes"], r["high_risk"])
    ...  for r in found_at_patterns(facts)]
    [('Location:park', 2, 2, 1)]
    """
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for fact in facts:
        if fact.get("found_at") and fact.get("found_at") != fact.get("missing_from"):
            groups[fact["found_at"]].append(fact)
    rows = []
    for place, episodes in groups.items():
        children = sorted({e["child_id"] for e in episodes if e.get("child_id")})
        if len(children) < min_children:
            continue
        per_child = defaultdict(int)
        for e in episodes:
            per_child[e.get("child_id")] += 1
        dates = sorted(filter(None, (e.get("returned_at") or e.get("reported_missing_at")
                                     for e in episodes)))
        rows.append({
            "kind": "found_at", "entity_id": place, "children": len(children),
            "child_ids": children, "episodes": len(episodes),
            "episode_ids": sorted(e["episode_id"] for e in episodes),
            "repeat_children": sum(1 for n in per_child.values() if n > 1),
            "high_risk": sum(str(e.get("risk_level") or "").lower() == "high"
                             for e in episodes),
            "first_seen": dates[0] if dates else None, "last_seen": dates[-1] if dates else None,
        })
    return ranked(rows, key=lambda r: (-r["children"], -r["episodes"], -r["high_risk"],
                                       r["entity_id"]))


def found_with_patterns(facts: Iterable[Mapping[str, Any]], *,
                        min_children: int = 1) -> list[dict[str, Any]]:
    """Persons the RHI notes put with the child during an episode, per person and role:
    adults of concern first, then unknown, peers and family; professionals (the carer who
    collected the child) never.

    Examples
    --------
    >>> facts = [
    ...     {"episode_id": "Episode:E1", "child_id": "C1", "with": [
    ...         {"person_id": "Person:tee", "role": "ADULT_OF_CONCERN", "type": "WITH",
    ...          "document_id": "n1"},
    ...         {"person_id": "Person:sue", "role": "PROFESSIONAL", "type": "TRANSPORTED_BY",
    ...          "document_id": "n1"}]},
    ...     {"episode_id": "Episode:E2", "child_id": "C2", "with": [
    ...         {"person_id": "Person:tee", "role": "ADULT_OF_CONCERN", "type": "WITH",
    ...          "document_id": "n2"}]},
    ... ]
    >>> [(r["entity_id"], r["role"], r["children"], r["documents"])
    ...  for r in found_with_patterns(facts)]
    [('Person:tee', 'ADULT_OF_CONCERN', 2, ['n1', 'n2'])]
    """
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for fact in facts:
        for person in fact.get("with") or ():
            role = person.get("role") or "UNKNOWN"
            if role == PROFESSIONAL or role not in ROLE_ORDER:
                continue
            group = groups.setdefault((person["person_id"], role), {
                "children": set(), "episodes": set(), "documents": set(), "types": set(),
                "dates": []})
            group["children"].add(fact.get("child_id"))
            group["episodes"].add(fact["episode_id"])
            group["documents"].add(person.get("document_id"))
            group["types"].add(person.get("type"))
            if fact.get("reported_missing_at"):
                group["dates"].append(fact["reported_missing_at"])
    rows = []
    for (person, role), group in groups.items():
        children = sorted(c for c in group["children"] if c)
        if len(children) < min_children:
            continue
        dates = sorted(group["dates"])
        rows.append({
            "kind": "found_with", "entity_id": person, "role": role,
            "children": len(children), "child_ids": children,
            "episodes": len(group["episodes"]), "episode_ids": sorted(group["episodes"]),
            "documents": sorted(d for d in group["documents"] if d),
            "link_types": sorted(t for t in group["types"] if t),
            "first_seen": dates[0] if dates else None, "last_seen": dates[-1] if dates else None,
        })
    order = {role: i for i, role in enumerate(ROLE_ORDER)}
    return ranked(rows, key=lambda r: (order[r["role"]], -r["children"], -r["episodes"],
                                       r["entity_id"]))


def _span(fact: Mapping[str, Any]) -> tuple[dt.datetime, dt.datetime] | None:
    start = _when(fact.get("reported_missing_at"))
    if start is None:
        return None
    end = _when(fact.get("returned_at")) or start + OPEN_EPISODE
    return start, max(end, start)


def missing_together(facts: Sequence[Mapping[str, Any]], *, slack_hours: float = 2.0,
                     min_times: int = 1) -> list[dict[str, Any]]:
    """Pairs of children whose episodes overlap in time (within ``slack_hours``), most
    overlaps first, then most overlaps that also ended at the same place.

    A sweep over episodes sorted by start, so the work grows with the episodes in the
    window and the overlaps found, not with every pair of children.

    Examples
    --------
    >>> facts = [
    ...     {"episode_id": "E1", "child_id": "C1", "reported_missing_at": "2026-01-02T20:00",
    ...      "returned_at": "2026-01-03T01:00", "found_at": "Location:park"},
    ...     {"episode_id": "E2", "child_id": "C2", "reported_missing_at": "2026-01-02T21:00",
    ...      "returned_at": "2026-01-03T02:00", "found_at": "Location:park"},
    ...     {"episode_id": "E3", "child_id": "C3", "reported_missing_at": "2026-01-09T21:00",
    ...      "returned_at": "2026-01-10T02:00"},
    ... ]
    >>> [(r["child_ids"], r["times"], r["same_place"]) for r in missing_together(facts)]
    [(['C1', 'C2'], 1, 1)]
    """
    slack = dt.timedelta(hours=slack_hours)
    spans = sorted(((span, fact) for fact in facts if (span := _span(fact)) and
                    fact.get("child_id")), key=lambda item: item[0][0])
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    active: list[tuple[tuple[dt.datetime, dt.datetime], Mapping[str, Any]]] = []
    for span, fact in spans:
        active = [(s, f) for s, f in active if s[1] + slack >= span[0]]
        for _other_span, other in active:
            if other["child_id"] == fact["child_id"]:
                continue
            key = tuple(sorted((other["child_id"], fact["child_id"])))
            pair = pairs.setdefault(key, {"episodes": set(), "same_place": 0, "dates": []})
            pair["episodes"] |= {other["episode_id"], fact["episode_id"]}
            pair["dates"].append(span[0].isoformat(timespec="minutes"))
            if fact.get("found_at") and fact.get("found_at") == other.get("found_at"):
                pair["same_place"] += 1
        active.append((span, fact))
    rows = [{"kind": "missing_together", "entity_id": f"Child:{a}", "child_ids": [a, b],
             "children": 2, "times": len(pair["dates"]), "same_place": pair["same_place"],
             "episode_ids": sorted(pair["episodes"]), "first_seen": min(pair["dates"]),
             "last_seen": max(pair["dates"])}
            for (a, b), pair in pairs.items() if len(pair["dates"]) >= min_times]
    return ranked(rows, key=lambda r: (-r["times"], -r["same_place"], r["child_ids"]))


def episode_patterns(facts: Sequence[Mapping[str, Any]], *,
                     kinds: Sequence[str] = ("found_at", "found_with", "missing_together"),
                     min_children: int = 2) -> list[dict[str, Any]]:
    """The chosen patterns together, each kind ranked on its own and kept in ``kinds``
    order; a row's ``rank`` is its rank within its kind.

    >>> episode_patterns([], kinds=("found_at",))
    []
    """
    rows: list[dict[str, Any]] = []
    for kind in kinds:
        if kind == "found_at":
            rows += found_at_patterns(facts, min_children=min_children)
        elif kind == "found_with":
            rows += found_with_patterns(facts, min_children=min_children)
        elif kind == "missing_together":
            rows += missing_together(facts)
        else:
            raise ValueError(f"unknown episode pattern {kind!r}")
    return rows
