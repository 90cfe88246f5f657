"""Real Greater Manchester addresses with postcodes and coordinates (package data).

Generated scenarios place children, flats and hotels at real street addresses so that maps and
address resolution behave as they would on real records; other packages (the dashboard map,
entity resolution) reuse :func:`load` and :func:`lookup_postcode` for coordinates. The data
is copied into the package by ``data/build_gazetteer.py`` (see ``data/README.md`` for origin
and licence) so nothing reads outside the installed package at run time.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

DATA_FILE = "gm_addresses.csv.gz"

_STREET_ADDRESS = re.compile(r"^(?P<number>\d+)\s+(?P<street>[A-Z][A-Za-z' -]+)$")
_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$")


@dataclass(frozen=True, slots=True)
class Address:
    """One gazetteer row: ``address`` is the street line (``"18 Mossfield Court"``)."""

    address: str
    postcode: str
    latitude: float
    longitude: float
    district: str

    @property
    def number(self) -> str | None:
        """House number, or None for facility rows such as ``"Parking Area"``."""
        match = _STREET_ADDRESS.match(self.address)
        return match["number"] if match else None

    @property
    def street(self) -> str:
        """Street name without the house number (the whole line for facility rows)."""
        match = _STREET_ADDRESS.match(self.address)
        return match["street"] if match else self.address

    @property
    def is_street_address(self) -> bool:
        return self.number is not None


def normalise_postcode(value: str) -> str | None:
    """Upper-case a UK postcode with exactly one space (``"bl1 2rf"`` -> ``"BL1 2RF"``).

    Returns None when ``value`` is not shaped like a full postcode.
    """
    match = _POSTCODE.match(" ".join(value.upper().split()))
    return f"{match[1]} {match[2]}" if match else None


@lru_cache(maxsize=1)
def load() -> tuple[Address, ...]:
    """All gazetteer rows in file order (cached; the tuple is shared, do not mutate)."""
    raw = resources.files("rhigraph.scenario").joinpath("data", DATA_FILE).read_bytes()
    text = gzip.decompress(raw).decode("utf-8")
    return tuple(
        Address(
            address=row["address"],
            postcode=row["postcode"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            district=row["district"],
        )
        for row in csv.DictReader(io.StringIO(text))
    )


@lru_cache(maxsize=1)
def _by_postcode() -> dict[str, tuple[Address, ...]]:
    index: dict[str, list[Address]] = {}
    for row in load():
        index.setdefault(row.postcode, []).append(row)
    return {key: tuple(rows) for key, rows in index.items()}


@lru_cache(maxsize=1)
def _by_district() -> dict[str, tuple[Address, ...]]:
    index: dict[str, list[Address]] = {}
    for row in load():
        if row.is_street_address:
            index.setdefault(row.district, []).append(row)
    return {key: tuple(rows) for key, rows in index.items()}


def lookup_postcode(postcode: str) -> tuple[Address, ...]:
    """Rows at ``postcode`` in any spelling (``"bl12rf"`` works); empty when unknown."""
    key = normalise_postcode(postcode)
    return _by_postcode().get(key, ()) if key else ()


def postcode_coordinates(postcode: str) -> tuple[float, float] | None:
    """Mean (latitude, longitude) of the rows at ``postcode``, or None when unknown."""
    rows = lookup_postcode(postcode)
    if not rows:
        return None
    return (
        round(sum(r.latitude for r in rows) / len(rows), 6),
        round(sum(r.longitude for r in rows) / len(rows), 6),
    )


def street_addresses(district: str) -> tuple[Address, ...]:
    """Numbered street addresses in a postcode district such as ``"BL1"`` (file order)."""
    return _by_district().get(district.upper(), ())


def district_centroid(district: str) -> tuple[float, float] | None:
    """Mean coordinates of a district's street addresses: a stand-in for a town centre."""
    rows = street_addresses(district)
    if not rows:
        return None
    return (
        round(sum(r.latitude for r in rows) / len(rows), 6),
        round(sum(r.longitude for r in rows) / len(rows), 6),
    )
