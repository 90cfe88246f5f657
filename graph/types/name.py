"""Personal names: the comparison key, and the parts resolution weighs.

Practitioners write "Dean ASHWORTH", "dean ashworth", "Mr Ashworth" and "Deano"; the key folds
case and titles away but keeps every remaining token, because dropping a token would merge two
people (a safeguarding harm), while keeping one only leaves a candidate for review.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.exc import InvalidValue
from graph.types import text

TITLES = frozenset(
    "mr mrs ms miss mx dr pc dc ds di sgt cllr prof sir dame rev".split()  # noqa: SIM905
)
_TOKEN = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*", re.UNICODE)


def tokens(value: str) -> list[str]:
    """Lower-case name tokens without titles or punctuation.

    >>> tokens('Mr Dean ASHWORTH')
    ['dean', 'ashworth']
    >>> tokens('"Deano"')
    ['deano']
    """
    folded = text.fold(value) or ""
    return [t for t in _TOKEN.findall(folded) if t.rstrip(".") not in TITLES]


def clean(value: str) -> str:
    """Return the name key, or raise :class:`InvalidValue`.

    >>> clean("  Kyle   PENNINGTON ")
    'kyle pennington'
    """
    parts = tokens(value)
    if not parts:
        raise InvalidValue("not a personal name")
    return " ".join(parts)


def display(value: str) -> str:
    """Name as a person would print it: "dean ASHWORTH" -> "Dean Ashworth"."""
    return " ".join(p.capitalize() for p in clean(value).split())


@lru_cache(maxsize=1)
def known_first_names() -> frozenset[str]:
    """Lower-case English first names (Faker's en, en_GB and en_US lists), to tell a
    nickname ("Deano") from another person's name ("Janet" is not Janice)."""
    try:
        from faker.providers.person.en import Provider as En
        from faker.providers.person.en_GB import Provider as Gb
        from faker.providers.person.en_US import Provider as Us
    except ImportError:  # pragma: no cover - faker is a project dependency
        return frozenset()
    names: set[str] = set()
    for provider in (En, Gb, Us):
        for attr in ("first_names_male", "first_names_female", "first_names_nonbinary"):
            names.update(n.lower() for n in getattr(provider, attr, ()))
    return frozenset(names)
