"""The seam between meeting packs and the named network analyses of ``graph.analysis``.

The packs call the analyses through the functions here and nowhere else, so when an analysis
module lands (issue 6) it is picked up by name without touching a pack. Each function first
looks for the analysis below; when it is not there yet, the pack uses what the store's own
aggregation (``Store.entity_activity``) already says, or, for triangles, reports the section
as not available rather than guessing.

=====================================================  =======================================
analysis looked for                                    when absent
=====================================================  =======================================
``graph.analysis.associates.rank_associates(rows,      persons whose mentions carry the role
min_children=, roles=("ADULT_OF_CONCERN",))``          ADULT_OF_CONCERN, by distinct children
``graph.analysis.identifiers.rank_identifiers(rows,    vehicles, phones and handles by
min_children=)``                                       distinct children
``graph.analysis.triangles.find_triangles(graph)``     section marked "not available"
``graph.analysis.novelty.new_since(activity, since)``  entities first seen on or after
                                                       ``since`` (activity up to the period end)
=====================================================  =======================================

Rows in and out are ``entity_activity`` rows (``entity_id``, ``type``, ``label``,
``children``, ``children_linked``, ``documents``, ``first_seen``, ``last_seen``, ``roles``,
``variants``), which the analyses also accept, plus what they add (``rank``, ``why``);
triangles return rows with ``children`` (child ids), ``location``, ``adult`` and
``documents``. Hotspots are ranked by ``graph.analysis.hotspots.rank_hotspots`` directly.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import networkx as nx

ADULT_OF_CONCERN = "ADULT_OF_CONCERN"
IDENTIFIER_TYPES = ("Vehicle", "Phone", "OnlineAccount")
NEW_TYPES = ("Person", "Location", *IDENTIFIER_TYPES)


def analysis(module: str, function: str) -> Callable[..., Any] | None:
    """``graph.analysis.<module>.<function>`` when it exists, else ``None``. An analysis
    module that exists but fails to import raises: a broken analysis must not look absent."""
    name = f"graph.analysis.{module}"
    try:
        loaded = importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name == name:
            return None
        raise
    found = getattr(loaded, function, None)
    return found if callable(found) else None


def _by_children(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    ranked = sorted((dict(r) for r in rows),
                    key=lambda r: (-r["children"], -r["documents"], str(r["label"])))
    for position, row in enumerate(ranked, start=1):
        row["rank"] = position
    return ranked


def adults_of_concern(person_activity: Iterable[Mapping[str, Any]],
                      min_children: int = 1) -> list[dict[str, Any]]:
    """Adults of concern ranked by the distinct children linked to them."""
    delegate = analysis("associates", "rank_associates")
    if delegate is not None:
        return list(delegate(list(person_activity), min_children=min_children,
                             roles=(ADULT_OF_CONCERN,)))
    return _by_children(r for r in person_activity
                        if ADULT_OF_CONCERN in (r.get("roles") or [])
                        and r["children"] >= min_children)


def identifiers(activity: Iterable[Mapping[str, Any]],
                min_children: int = 1) -> list[dict[str, Any]]:
    """Vehicles, phones and online handles ranked by the distinct children linked to them."""
    delegate = analysis("identifiers", "rank_identifiers")
    if delegate is not None:
        return list(delegate(list(activity), min_children=min_children))
    return _by_children(r for r in activity
                        if r["type"] in IDENTIFIER_TYPES and r["children"] >= min_children)


def triangles(graph: nx.Graph) -> list[dict[str, Any]] | None:
    """Child-location-adult triangles, or ``None`` while the analysis is not available."""
    delegate = analysis("triangles", "find_triangles")
    return None if delegate is None else list(delegate(graph))


def new_since(activity: Iterable[Mapping[str, Any]], since: str) -> list[dict[str, Any]]:
    """Persons of concern, places (not placements), vehicles, phones and handles first seen
    on or after ``since``, linked to at least one child; newest first. ``activity`` must run
    up to the end of the period with no lower bound, or every entity would look new."""
    rows = list(activity)
    delegate = analysis("novelty", "new_since")
    if delegate is not None:
        return list(delegate(rows, since))
    fresh = [
        dict(r) for r in rows
        if r["type"] in NEW_TYPES and r["children"] >= 1 and (r.get("first_seen") or "") >= since
        and not (r["type"] == "Location" and r.get("is_placement"))
        and not (r["type"] == "Person" and ADULT_OF_CONCERN not in (r.get("roles") or []))
    ]
    fresh.sort(key=lambda r: (str(r.get("first_seen")), str(r["label"])), reverse=True)
    return fresh
