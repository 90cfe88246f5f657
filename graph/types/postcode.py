"""UK postcodes: upper case with one space before the inward code.

The pattern is the one the UK Government Data Standards Catalogue publishes (BS 7666),
so that "bl12rf", "BL1  2RF" and "Bl1 2rf" are the same key ``BL1 2RF``.
"""

from __future__ import annotations

import re

from graph.exc import InvalidValue

_OUTWARD = r"(?:GIR|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9](?:[0-9ABEHMNPRV-Y])?|[0-9][A-HJKPS-UW]))"
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_FULL = re.compile(rf"^({_OUTWARD})\s*({_INWARD})$")
#: Postcodes inside prose (case-insensitive; confirmed by :func:`clean`).
IN_TEXT = re.compile(rf"\b{_OUTWARD}\s?{_INWARD}\b", re.IGNORECASE)


def clean(value: str) -> str:
    """Return the postcode key, or raise :class:`InvalidValue`.

    >>> clean("bl12rf")
    'BL1 2RF'
    """
    compact = re.sub(r"\s+", "", value).upper()
    match = _FULL.match(compact)
    if not match:
        raise InvalidValue("not a UK postcode")
    return f"{match.group(1)} {match.group(2)}"


def district(key: str) -> str:
    """The outward code (postcode district) that area filters use.

    >>> district("BL1 2RF")
    'BL1'
    """
    return clean(key).split(" ")[0]
