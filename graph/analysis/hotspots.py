"""Repeated locations: "that street's been mentioned twice, let's look at it".

A function over the rows a store's ``entity_signals("Location")`` aggregation returns (older
``entity_activity`` rows still rank, by children), so the same ranking serves the CLI, the
meeting packs and the dashboard, on SQLite or Neo4j alike. The trend against the previous
period (``entity_trends``) is read for the rows shown and added with :func:`with_trend`.

Why a score and not just a count of children: a child's own home, placement or school is
mentioned in every note about them, and a park or a station is where the police find many
children; neither says that harm happened there. The score adds up what happened *there*:
children placed there by a record (with extra weight when that record carries exploitation
indicators), adults of concern linked to the place, information-sharing forms naming it, and
children found there while missing. Placements, homes, whole towns and places only ever gone
missing from are context, listed apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graph.analysis.rows import counted, number

#: What each signal adds to a place's score (see the module docstring).
WEIGHTS: Mapping[str, float] = {
    "direct_children": 1.0,     # children placed there by a record (at, found at, with ...)
    "concern_children": 1.0,    # ... by a record that carries exploitation indicators
    "adults_of_concern": 2.0,   # adults of concern linked to it or named with it in intel
    "intel_documents": 2.0,     # information-sharing forms naming it
    "found_at": 0.5,            # episodes that ended there
}
#: Location kinds that are areas, not places: context for a hotspot, never one.
BROAD_KINDS = frozenset({"town", "city", "area", "region", "district", "county", "borough"})


def with_lasting_context(rows: list[dict[str, Any]],
                         context: Mapping[str, Mapping[str, bool]]) -> list[dict[str, Any]]:
    """Rows of a filtered aggregation with the places that are a child's placement or home
    at any time (``Store.context_places``) flagged as such: a window or a category leaves
    out the link made when the placement began, and a children's home must not rank as a
    hotspot of the week because of it.

    >>> with_lasting_context([{"entity_id": "a", "is_placement": False}],
    ...                      {"a": {"is_placement": True, "is_home": False}})[0]["is_placement"]
    True
    """
    for row in rows:
        lasting = context.get(row["entity_id"])
        if lasting:
            row["is_placement"] = bool(row.get("is_placement")) or lasting["is_placement"]
            row["is_home"] = bool(row.get("is_home")) or lasting["is_home"]
    return rows


def context_of(row: Mapping[str, Any]) -> str | None:
    """Why a location is context rather than a hotspot, or ``None`` when it is a hotspot.

    ``placement``: a child is placed or lives there (``is_placement``, ``is_home``);
    ``area``: a town or district;
    ``named``: only gone missing from or named, nothing happened there.

    >>> context_of({"is_placement": True})
    'placement'
    >>> context_of({"props": {"kind": "town"}, "direct_children": 3})
    'area'
    >>> context_of({"direct_children": 0, "missing_from": 2})
    'named'
    >>> context_of({"direct_children": 2}) is None
    True
    """
    if row.get("is_placement") or row.get("is_home") or number(row, "home_children"):
        return "placement"
    if str((row.get("props") or {}).get("kind") or "").lower() in BROAD_KINDS:
        return "area"
    direct = number(row, "direct_children", number(row, "children"))
    if not direct and not number(row, "adults_of_concern") and not number(row,
                                                                         "intel_documents"):
        return "named"
    return None


def score_of(row: Mapping[str, Any], weights: Mapping[str, float] = WEIGHTS) -> float:
    """The place's score: the weighted sum of :data:`WEIGHTS`' signals.

    Rows without the signals (older ``entity_activity`` rows) count every child as direct.

    >>> score_of({"direct_children": 2, "concern_children": 1, "adults_of_concern": 1,
    ...           "intel_documents": 1, "found_at": 2})
    8.0
    >>> score_of({"children": 3, "found_at": 0})
    3.0
    """
    total = 0.0
    for signal, weight in weights.items():
        value = row.get(signal)
        if value is None:
            value = row.get("children") or 0 if signal == "direct_children" else 0
        total += weight * value
    return round(total, 2)


def trend_of(row: Mapping[str, Any]) -> str | None:
    """``new``, ``up``, ``down`` or ``steady``: children in the latest period against the
    one before (``recent_children``, ``previous_children``), ``None`` when not counted.

    >>> trend_of({"recent_children": 2, "previous_children": 0})
    'new'
    >>> trend_of({"recent_children": 1, "previous_children": 3})
    'down'
    """
    recent, previous = row.get("recent_children"), row.get("previous_children")
    if recent is None or previous is None:
        return None
    if recent and not previous:
        return "new"
    return "up" if recent > previous else "down" if recent < previous else "steady"


def with_trend(row: dict[str, Any], trend: Mapping[str, Any]) -> dict[str, Any]:
    """``row`` with a store's ``entity_trends`` entry: ``recent_children``,
    ``previous_children``, ``recency``, ``reference``, and the ``change`` and ``trend``.

    >>> with_trend({"entity_id": "flat"}, {"recent_children": 3, "previous_children": 1,
    ...            "recency": 2.5, "reference": "2026-02-28"})["trend"]
    'up'
    """
    row.update(trend)
    recent, previous = row.get("recent_children"), row.get("previous_children")
    row["change"] = None if recent is None or previous is None else recent - previous
    row["trend"] = trend_of(row)
    return row


def why(row: Mapping[str, Any]) -> str:
    """One line saying what the score rests on, for the table and the meeting.

    >>> for part in why({"direct_children": 2, "concern_children": 1, "adults_of_concern": 1,
    ...                  "intel_documents": 0, "found_at": 3}).split("; "):
    ...     print(part)
    2 children there (1 with exploitation indicators)
    1 adult of concern linked
    found there 3 times
    """
    direct = int(number(row, "direct_children", number(row, "children")))
    parts = [f"{counted(direct, 'child', 'children')} there"]
    if number(row, "concern_children"):
        parts[0] += f" ({int(row['concern_children'])} with exploitation indicators)"
    adults = int(number(row, "adults_of_concern"))
    if adults:
        parts.append(f"{counted(adults, 'adult')} of concern linked")
    intel = int(number(row, "intel_documents"))
    if intel:
        parts.append(f"named in {counted(intel, 'information-sharing form')}")
    found = int(number(row, "found_at"))
    if found:
        parts.append(f"found there {counted(found, 'time')}")
    return "; ".join(parts)


def rank_hotspots(activity: Iterable[dict[str, Any]], *, min_children: int = 1,
                  include_placements: bool = False, context_only: bool = False,
                  weights: Mapping[str, float] = WEIGHTS,
                  limit: int | None = None) -> list[dict[str, Any]]:
    """Rank locations by what happened there, most significant first.

    Ties on the score go to more distinct children, then the more recent activity
    (``recency`` when present, then ``last_seen``), then more episodes and mentions.
    Context (placements and homes, towns, places only gone missing from:
    :func:`context_of`) is left out unless
    ``include_placements``; ``context_only`` ranks the context alone, to show it apart.

    Parameters
    ----------
    activity : rows of ``Store.entity_signals("Location")`` (or ``entity_activity``): at
        least ``entity_id``, ``label`` and ``children``; the signals of :data:`WEIGHTS`,
        ``recent_children``/``previous_children`` and ``recency`` when present.
    min_children : smallest number of distinct children a location needs to be listed.
    include_placements : rank context together with hotspots.
    context_only : rank only the context.
    weights : the signal weights (default :data:`WEIGHTS`).
    limit : return the top ``limit`` rows only (the rest are ranked but not shaped).

    Returns
    -------
    Copies of the rows, each with ``rank`` (1-based), ``score``, ``context``, ``change``
    (children in the latest period minus the one before), ``trend`` and ``why``.

    Examples
    --------
    >>> rows = [
    ...     {"entity_id": "park", "label": "Park", "children": 5, "direct_children": 5,
    ...      "concern_children": 0, "found_at": 5},
    ...     {"entity_id": "flat", "label": "Flat", "children": 2, "direct_children": 2,
    ...      "concern_children": 2, "adults_of_concern": 1, "intel_documents": 2},
    ...     {"entity_id": "home", "label": "Home", "children": 6, "is_placement": True},
    ... ]
    >>> [(r["rank"], r["entity_id"], r["score"]) for r in rank_hotspots(rows)]
    [(1, 'flat', 10.0), (2, 'park', 7.5)]
    >>> [r["entity_id"] for r in rank_hotspots(rows, context_only=True)]
    ['home']
    """
    kept = []
    for row in activity:
        if row["children"] < min_children:
            continue
        context = context_of(row)
        if context_only and context is None:
            continue
        if not context_only and context is not None and not include_placements:
            continue
        kept.append((row, context, score_of(row, weights)))
    kept.sort(key=lambda item: str(item[0].get("last_seen") or ""), reverse=True)
    kept.sort(key=lambda item: (-item[2], -item[0]["children"], -number(item[0], "recency"),
                                -number(item[0], "episodes"), -number(item[0], "mentions"),
                                str(item[0]["label"])))
    out = []
    for position, (row, context, score) in enumerate(kept[:limit], start=1):
        item = {**row, "rank": position, "score": score, "context": context}
        out.append(with_trend(item, {}))
        item["why"] = why(item)
    return out
