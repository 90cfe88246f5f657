"""Places and adults of concern linked to children of more than one responsible authority.

Why: an authority sees its own children. A flat where a Bolton child and a Lancashire child
placed in Bolton were both found is, to each authority, a place one of its children went
once. Seen across authorities it is a hotspot. Each child counts for the authority
responsible for them (their latest episode's, else their child record's).

The dashboard page should call ``cross_boundary_rows(load.cross_boundary_inputs(store,
filters))`` and show the rows as the CLI does; both are plain rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.meetings import analyses
from graph.meetings.episodes import EpisodeView
from graph.meetings.sections import column, pack, table

UNKNOWN = "not recorded"


@dataclass(frozen=True)
class CrossBoundaryInputs:
    """Location and Person activity rows, and who is responsible for each child."""

    activity: Sequence[Mapping[str, Any]]
    responsible: Mapping[str, str]  # child_id -> responsible authority


def responsible_by_child(episodes: Sequence[EpisodeView],
                         children: Sequence[Mapping[str, Any]] = ()) -> dict[str, str]:
    """Each child's responsible authority: their latest episode's, else their record's."""
    found = {str((c.get("props") or {}).get("child_id") or c.get("key")):
             str((c.get("props") or {}).get("responsible_la") or UNKNOWN) for c in children}
    for episode in sorted(episodes, key=lambda e: e.reported_missing_at):
        if episode.responsible_la:
            found[episode.child_id] = episode.responsible_la
    return found


COLUMNS = (
    column("type", "Type"),
    column("label", "Place or adult", "identifier"),
    column("authorities", "Responsible authorities", "authority"),
    column("authority_count", "Authorities", "number"),
    column("children", "Children", "number"),
    column("child_ids", "Children linked", "children"),
    column("first_seen", "First seen", "when"),
    column("last_seen", "Last seen", "when"),
)


def cross_boundary_rows(inputs: CrossBoundaryInputs, *, min_authorities: int = 2,
                        include_placements: bool = False) -> list[dict[str, Any]]:
    """Places (not placements, unless asked) and adults of concern linked to children of at
    least ``min_authorities`` responsible authorities; most authorities, then most children
    first. ``authorities`` reads "Bolton (2), Lancashire (1)"."""
    rows = []
    for row in inputs.activity:
        if row["type"] == "Location":
            if row.get("is_placement") and not include_placements:
                continue
        elif not (row["type"] == "Person"
                  and analyses.ADULT_OF_CONCERN in (row.get("roles") or [])):
            continue
        ids = sorted({c["child_id"] for c in row.get("children_linked") or []})
        tally = Counter(inputs.responsible.get(c, UNKNOWN) for c in ids)
        known = [a for a in tally if a != UNKNOWN]
        if len(known) < min_authorities:
            continue
        rows.append({
            "entity_id": row["entity_id"],
            "type": "Place" if row["type"] == "Location" else "Adult of concern",
            "label": row["label"],
            "authorities": ", ".join(f"{a} ({n})" for a, n in sorted(
                tally.items(), key=lambda kv: (-kv[1], kv[0]))),
            "authority_list": sorted(tally),
            "authority_count": len(known), "children": len(ids), "child_ids": ids,
            "first_seen": row.get("first_seen"), "last_seen": row.get("last_seen"),
        })
    rows.sort(key=lambda r: (-r["authority_count"], -r["children"], r["type"], r["label"]))
    return rows



def cross_boundary_pack(inputs: CrossBoundaryInputs, as_of: dt.datetime, *,
                        min_authorities: int = 2) -> dict[str, Any]:
    """The cross-boundary rows as a pack (places, then adults of concern), for ``--out``
    and for the redaction every pack gets."""
    return rows_pack(cross_boundary_rows(inputs, min_authorities=min_authorities), as_of,
                     min_authorities=min_authorities)


def rows_pack(rows: Sequence[Mapping[str, Any]], as_of: dt.datetime, *,
              min_authorities: int = 2) -> dict[str, Any]:
    """:func:`cross_boundary_pack` of rows :func:`cross_boundary_rows` gave already (they do
    not depend on the moment, so a caller may keep them between moments)."""
    places = [r for r in rows if r["type"] == "Place"]
    adults = [r for r in rows if r["type"] != "Place"]
    place_columns = [c if c["key"] != "label" else column("label", "Place", "place")
                     for c in COLUMNS if c["key"] != "type"]
    adult_columns = [c if c["key"] != "label" else column("label", "Adult of concern",
                                                          "person")
                     for c in COLUMNS if c["key"] != "type"]
    note = f"Linked to children of {min_authorities} or more responsible authorities."
    return pack("cross_boundary", "Cross-boundary places and adults of concern", period=None,
                as_of=as_of, headline=[("Places", len(places)),
                                       ("Adults of concern", len(adults))],
                sections=[table("places", "Places", place_columns, places, note=note,
                                children_key="children"),
                          table("adults", "Adults of concern", adult_columns, adults,
                                note=note, sensitive=True, children_key="children")])
