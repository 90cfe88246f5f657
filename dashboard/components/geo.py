"""Where to draw a place on the map, and the outline of the area behind it: offline.

Why no map tiles: every basemap Streamlit offers (``st.map``, pydeck) fetches tiles from
Carto or Mapbox over the internet, and the dashboard runs on council and police laptops with
none; the browser test fails on any request leaving the machine. The map is therefore a
Vega-Lite chart (shipped inside Streamlit) of longitude and latitude in a Mercator
projection, over a faint dot for every postcode of the gazetteer, which draws the shape of
the towns well enough to say "that is Bolton, that is Salford" in a meeting.

Coordinates come from the gazetteer of real Greater Manchester addresses
(:mod:`rhigraph.scenario.gazetteer`), most precise first: the place's postcode, a postcode
written in its label, the postcode district, then the town (mean of the districts
practitioners call by that name). Each point says which, so a hotel placed at the middle of
Salford is not read as an address.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from graph.types import postcode as postcode_type
from rhigraph.scenario import gazetteer
from rhigraph.scenario.areas import DISTRICT_TOWNS

#: How exact a point is, in the words a caption uses.
PRECISION = {"postcode": "postcode", "district": "postcode district (approximate)",
             "town": "town centre (approximate)"}


@lru_cache(maxsize=1)
def _town_districts() -> dict[str, tuple[str, ...]]:
    towns: dict[str, list[str]] = {}
    for district, town in DISTRICT_TOWNS.items():
        towns.setdefault(town.casefold(), []).append(district)
    return {town: tuple(found) for town, found in towns.items()}


def town_centre(town: str) -> tuple[float, float] | None:
    """Mean of the centroids of the postcode districts called ``town`` (case folded).

    >>> town_centre("Salford") is not None, town_centre("Atlantis")
    (True, None)
    """
    points = [c for d in _town_districts().get(town.strip().casefold(), ())
              if (c := gazetteer.district_centroid(d)) is not None]
    if not points:
        return None
    return (round(sum(p[0] for p in points) / len(points), 6),
            round(sum(p[1] for p in points) / len(points), 6))


def place_point(label: str | None, props: Mapping[str, Any] | None
                ) -> dict[str, Any] | None:
    """``{"lat", "lon", "precision"}`` for a place, or ``None`` when nothing locates it.

    >>> place_point("Moorside Lodge Hotel, Salford", {"town": "Salford"})["precision"]
    'town'
    >>> place_point("Nowhere in particular", {}) is None
    True
    """
    props = props or {}
    text = str(label or "")
    postcodes = [str(props.get("postcode") or "")]
    postcodes += [postcode_type.clean(m.group(0)) for m in postcode_type.IN_TEXT.finditer(text)]
    for postcode in filter(None, postcodes):
        found = gazetteer.postcode_coordinates(postcode)
        if found:
            return {"lat": found[0], "lon": found[1], "precision": "postcode"}
    for postcode in filter(None, postcodes):
        district = postcode.split()[0].upper()
        found = gazetteer.district_centroid(district)
        if found:
            return {"lat": found[0], "lon": found[1], "precision": "district"}
    towns = [str(props.get("town") or ""), *text.split(",")[1:], text]
    for town in (t for t in towns if t.strip()):
        found = town_centre(town)
        if found:
            return {"lat": found[0], "lon": found[1], "precision": "town"}
    return None


#: Backdrop grid in degrees (about 1 km): one dot per cell with any address.
GRID = 0.009


@lru_cache(maxsize=1)
def backdrop() -> tuple[tuple[float, float], ...]:
    """One (lat, lon) per :data:`GRID` cell holding a gazetteer address: the faint dots the
    map draws behind places (a few thousand, not every postcode, so the chart stays light)."""
    cells = {(round(r.latitude / GRID), round(r.longitude / GRID)) for r in gazetteer.load()}
    return tuple(sorted((round(a * GRID, 4), round(b * GRID, 4)) for a, b in cells))


@lru_cache(maxsize=1)
def town_labels() -> tuple[tuple[str, float, float], ...]:
    """(town, lat, lon) for each town the gazetteer covers, to name the dots on the map."""
    rows = []
    for town in sorted({t for t in DISTRICT_TOWNS.values()}):
        found = town_centre(town)
        if found:
            rows.append((town, found[0], found[1]))
    return tuple(rows)
