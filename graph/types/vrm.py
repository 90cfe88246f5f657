"""UK vehicle registration marks (number plates).

The key a plate resolves on is its characters without spaces in upper case; a partial plate
keeps what is known and ends in ``*`` (FORMATS.md section 5), so "reg started MF67" is
``MF67*`` and can only ever be a *candidate* for ``MF67LKW``.
"""

from __future__ import annotations

import re

from graph.exc import InvalidValue

#: Every format issued in Great Britain, newest first: current (2001-), prefix (1983-2001),
#: suffix (1963-1983) and dateless marks.
FULL_FORMATS = (
    re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z]{3}$"),
    re.compile(r"^[A-Z][0-9]{1,3}[A-Z]{3}$"),
    re.compile(r"^[A-Z]{3}[0-9]{1,3}[A-Z]$"),
    re.compile(r"^[A-Z]{1,3}[0-9]{1,4}$"),
    re.compile(r"^[0-9]{1,4}[A-Z]{1,3}$"),
)
#: A current-format plate of which only the start is known: "MF67", "MF67 L".
PARTIAL_FORMAT = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z]{0,2}$")

#: Plates inside prose. Current-format marks are found in any case ("mk15 xrt"); the older
#: prefix and suffix formats only in capitals, because in lower case they match ordinary words
#: and road numbers ("a49 and").
IN_TEXT = re.compile(
    r"\b(?:(?i:[A-Z]{2}[0-9]{2}\s?[A-Z]{3})|[A-Z][0-9]{1,3}\s?[A-Z]{3}|[A-Z]{3}\s?[0-9]{1,3}[A-Z])\b"
)


def _compact(value: str) -> str:
    return re.sub(r"[\s\-.]", "", value).upper()


def clean(value: str, *, allow_partial: bool = False) -> str:
    """Return the plate key, or raise :class:`InvalidValue`.

    >>> clean("mk15 xrt")
    'MK15XRT'
    >>> clean("MF67", allow_partial=True)
    'MF67*'
    >>> clean("MF67*", allow_partial=True)
    'MF67*'
    """
    compact = _compact(value).rstrip("*")
    # "MF67" is also a legal dateless mark, but in a note it is the start of a current plate.
    if allow_partial and PARTIAL_FORMAT.match(compact):
        return compact + "*"
    if any(f.match(compact) for f in FULL_FORMATS) and not value.strip().endswith("*"):
        return compact
    raise InvalidValue("not a UK registration mark")


def is_partial(key: str) -> bool:
    """True when ``key`` is a partial plate key such as ``MF67*``."""
    return key.endswith("*")


def could_be(partial_key: str, full_key: str) -> bool:
    """True when a partial plate is consistent with a full one (a candidate, not a match).

    >>> could_be("MF67*", "MF67LKW")
    True
    >>> could_be("MF67*", "MF68LKW")
    False
    """
    return full_key.startswith(partial_key.rstrip("*"))
