"""Addresses and named places: parts, and the key that joins spellings of one place.

The key follows FORMATS.md section 5 (``"136 heatherfield"``, ``"moss lane"``): house number and
street, lower case, street suffixes spelled out (St -> street, Ct -> court), without town or
postcode, which travel as attributes. A place with no street ("Bolton Interchange") keys on
its folded name. Flat numbers are kept apart, so "Flat 2, 14 Moss Lane" and "14 Moss Lane" share
a building key but not a flat. A bracketed remark ("Willow Bank (returned of own accord)") is
about the episode, not the place: it is left out of the parts and the key; a value that
only says the child came back ("returned home") is no place at all, and one whose remark says
so (:func:`came_back`) names the child's home, not where they were found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.exc import InvalidValue
from graph.types import postcode as postcode_type
from graph.types import text

SUFFIXES = {
    "st": "street", "str": "street", "rd": "road", "ave": "avenue", "av": "avenue",
    "ln": "lane", "ct": "court", "crt": "court", "cres": "crescent", "cresc": "crescent",
    "cl": "close", "dr": "drive", "gr": "grove", "gro": "grove", "pl": "place",
    "sq": "square", "tce": "terrace", "terr": "terrace", "gdns": "gardens", "pk": "park",
    "wy": "way", "hts": "heights", "mt": "mount", "bvd": "boulevard", "blvd": "boulevard",
    "cottages": "cottages", "sth": "south", "nth": "north",
}
_FLAT = re.compile(r"\b(?:flat|apartment|apt|unit)\s*(\d+[a-z]?)\b[,\s]*", re.IGNORECASE)
_REMARK = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")
#: What a found-at field says when the child came back by themselves: not a place.
_CAME_BACK = re.compile(r"^(?:(?:she|he|they|child|yp)\s+)?(?:returned|came\s+back|came\s+home"
                        r"|went\s+home)(?:\s+(?:home|to\s+placement))?"
                        r"(?:\s+(?:of|on)\s+(?:her|his|their)?\s*own\s+accord)?\.?$"
                        r"|^(?:of\s+)?(?:her|his|their)?\s*own\s+accord\.?$", re.IGNORECASE)
_NUMBER_STREET = re.compile(r"\b(\d{1,4}[a-z]?)\s+([a-z][a-z' .\-]+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Address:
    """The parts of an address as far as they are known; any may be missing."""

    name: str | None = None
    flat: str | None = None
    number: str | None = None
    street: str | None = None
    town: str | None = None
    postcode: str | None = None

    @property
    def key(self) -> str:
        """Resolution key: "number street", else street, else folded place name, else the
        postcode in its own key form (upper case, one space)."""
        if self.street:
            return f"{self.number} {self.street}" if self.number else self.street
        if self.name:
            return self.name
        if self.postcode:
            return self.postcode
        raise InvalidValue("an address needs a street, a name or a postcode")


def normalise_street(value: str) -> str:
    """Fold case and spell out suffixes: "Mossfield Ct." -> "mossfield court"."""
    words = (text.fold(value) or "").replace(".", " ").split()
    return " ".join(SUFFIXES.get(w, w) for w in words)


def without_remarks(value: str) -> str:
    """The place as written, without bracketed remarks about the episode.

    >>> without_remarks("Willow Bank (returned of own accord)")
    'Willow Bank'
    >>> without_remarks("Ashdown School [did not return from school], Bolton")
    'Ashdown School, Bolton'
    """
    return _REMARK.sub("", value).strip()


def is_place(value: str) -> bool:
    """Whether a found-at value names a place, rather than saying the child came back.

    >>> is_place("returned home"), is_place("Returned of own accord."), is_place("Home Farm")
    (False, False, True)
    """
    remaining = (text.clean(without_remarks(value)) or "").strip(" ,.")
    return bool(remaining) and not _CAME_BACK.match(remaining)


def came_back(value: str) -> bool:
    """Whether a found-at value says the child came back by themselves, whole or in a
    bracketed remark: then it names no place the child was found at.

    >>> came_back("Willow Bank (returned of own accord)"), came_back("returned home")
    (True, True)
    >>> came_back("Rochdale Interchange"), came_back("Preston (arrested)")
    (False, False)
    """
    remarks = [m.group(0).strip(" ()[]") for m in _REMARK.finditer(value or "")]
    return any(_CAME_BACK.match((text.clean(r) or "").strip(" ,."))
               for r in (*remarks, without_remarks(value or "")))


def parse(value: str) -> Address:
    """Split an address as written into parts.

    >>> a = parse("Larkfield House, 136 Heatherfield, Bolton BL1 7QG")
    >>> (a.name, a.number, a.street, a.town, a.postcode, a.key)
    ('larkfield house', '136', 'heatherfield', 'bolton', 'BL1 7QG', '136 heatherfield')
    >>> parse("Flat 2, 14 Moss Ln").key
    '14 moss lane'
    >>> parse("Bolton Interchange").key
    'bolton interchange'
    >>> parse("Willow Bank (returned of own accord)").key
    'willow bank'
    """
    if not is_place(value or ""):
        raise InvalidValue("not a place: empty, or only says the child came back")
    raw = text.clean(without_remarks(value))
    if not raw:
        raise InvalidValue("empty address")
    postcode = None
    match = postcode_type.IN_TEXT.search(raw)
    if match:
        postcode = postcode_type.clean(match.group(0))
        raw = (raw[: match.start()] + raw[match.end():]).strip(" ,")
    flat = None
    flat_match = _FLAT.search(raw)
    if flat_match:
        flat = flat_match.group(1).lower()
        raw = (raw[: flat_match.start()] + raw[flat_match.end():]).strip(" ,")
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    name = number = street = town = None
    for i, part in enumerate(parts):
        numbered = _NUMBER_STREET.search(part)
        if numbered and street is None:
            number = numbered.group(1).lower()
            street = normalise_street(numbered.group(2))
            prefix = part[: numbered.start()].strip()
            if prefix:
                name = text.fold(prefix)
            if i + 1 < len(parts):
                town = text.fold(parts[i + 1])
            if i > 0 and name is None:
                name = text.fold(parts[0])
            break
    else:
        if parts:
            name = text.fold(parts[0])
            if len(parts) > 1:
                town = text.fold(parts[-1])
    return Address(name=name, flat=flat, number=number, street=street, town=town,
                   postcode=postcode)


def clean(value: str) -> str:
    """Return the address key, or raise :class:`InvalidValue`."""
    return parse(value).key
