"""Property types: each owns the cleaning of one kind of value.

Readers, the NLP components and resolution all call these instead of writing their own
regular expressions, so a plate, phone, postcode, handle, name or address has one key
everywhere. ``CLEANERS`` maps the type names used in ``graph/schema/model.toml``.
"""

from __future__ import annotations

from collections.abc import Callable

from graph.types import address, dates, handle, name, phone, postcode, text, vrm

CLEANERS: dict[str, Callable[[str], str]] = {
    "vrm": lambda v: vrm.clean(v, allow_partial=True),
    "phone": phone.clean,
    "postcode": postcode.clean,
    "handle": handle.clean,
    "name": name.clean,
    "address": address.clean,
    "text": lambda v: text.fold(v) or "",
}


def clean(type_name: str, value: str) -> str:
    """Clean ``value`` as the property type ``type_name``; raises ``InvalidValue``."""
    return CLEANERS[type_name](value)


__all__ = ["CLEANERS", "address", "clean", "dates", "handle", "name", "phone", "postcode",
           "text", "vrm"]
