"""Repeated locations: "that street's been mentioned twice, let's look at it".

A function over the rows a store's ``location_activity`` aggregation returns, so that the same
ranking serves the CLI, the meeting packs and the dashboard, on SQLite or Neo4j alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def rank_hotspots(activity: Iterable[dict[str, Any]], *, min_children: int = 1,
                  include_placements: bool = False) -> list[dict[str, Any]]:
    """Rank locations by the number of distinct children linked to them.

    Ties are broken by times found there, then episodes, then mentions. A placement address
    (a child's own home or care placement) is context rather than a hotspot, so it is left
    out unless ``include_placements`` is set.

    Parameters
    ----------
    activity : rows with ``entity_id``, ``label``, ``children``, ``found_at``, ``episodes``,
        ``mentions``, ``is_placement`` and ``children_linked``.
    min_children : smallest number of distinct children a location needs to be listed.

    Returns
    -------
    The rows, each with a 1-based ``rank``, most significant first.

    Examples
    --------
    >>> rows = [
    ...     {"entity_id": "a", "label": "A", "children": 1, "found_at": 0, "episodes": 0,
    ...      "mentions": 3, "is_placement": False},
    ...     {"entity_id": "b", "label": "B", "children": 3, "found_at": 1, "episodes": 1,
    ...      "mentions": 2, "is_placement": False},
    ...     {"entity_id": "c", "label": "C", "children": 5, "found_at": 0, "episodes": 0,
    ...      "mentions": 5, "is_placement": True},
    ... ]
    >>> [(r["rank"], r["entity_id"]) for r in rank_hotspots(rows)]
    [(1, 'b'), (2, 'a')]
    """
    kept = [
        dict(row) for row in activity
        if row["children"] >= min_children and (include_placements or not row["is_placement"])
    ]
    kept.sort(key=lambda r: (-r["children"], -r["found_at"], -r["episodes"], -r["mentions"],
                             r["label"]))
    for position, row in enumerate(kept, start=1):
        row["rank"] = position
    return kept
