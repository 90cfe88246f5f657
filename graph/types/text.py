"""Plain text cleaning shared by every property type.

Agencies' exports arrive in several encodings and from copy-paste; control characters and
odd Unicode forms would otherwise make one value look like two.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACE = re.compile(r"\s+")


def clean(value: str | None) -> str | None:
    """Return ``value`` NFC-normalised, without control characters, with spaces folded.

    >>> clean("  Moss\\u00a0Lane\\x00 ")
    'Moss Lane'
    >>> clean("   ") is None
    True
    """
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value))
    text = _CONTROL.sub("", text)
    text = _SPACE.sub(" ", text).strip()
    return text or None


def fold(value: str | None) -> str | None:
    """Lower-case key form of free text: the way two spellings of one label compare equal.

    >>> fold("  Bolton   INTERCHANGE ")
    'bolton interchange'
    """
    text = clean(value)
    return text.casefold() if text else None
