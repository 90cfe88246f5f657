"""Fictional identifiers and the ways practitioners write them down.

Phones come only from Ofcom's drama range (07700 900000-900999) so no real subscriber can be
named; plates use the current UK format (two-letter memory tag, age identifier, three random
letters) with Manchester tags. The surface-form helpers reproduce how the same identifier is
written differently in different records, which is what resolution has to undo.
"""

from __future__ import annotations

import random
import re

DRAMA_FIRST = 900000
DRAMA_LAST = 900999

# DVLA memory tags for Manchester begin with M; I, Q and Z are never used in the random part.
_PLATE_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXY"
_MANCHESTER_TAGS = tuple(f"M{c}" for c in "ABCDEFGHJKLMNOPRSTUVWXY")
_AGE_IDENTIFIERS = tuple(range(15, 25)) + tuple(range(65, 75))

VEHICLE_MODELS: tuple[tuple[str, str, str], ...] = (
    # make, model, slang/short form used in notes
    ("Mercedes", "A-Class", "merc"),
    ("Audi", "A3", "audi"),
    ("Volkswagen", "Golf", "golf"),
    ("BMW", "1 Series", "beemer"),
    ("Ford", "Fiesta", "fiesta"),
    ("Vauxhall", "Corsa", "corsa"),
    ("Seat", "Leon", "seat"),
    ("Range Rover", "Evoque", "rangey"),
    ("Nissan", "Qashqai", "nissan"),
    ("Toyota", "Yaris", "toyota"),
)
COLOURS = ("black", "silver", "white", "grey", "dark blue", "red")

PHONE_FORMATS = ("national", "international", "compact")


def drama_numbers(rng: random.Random) -> list[str]:
    """All 1,000 drama-range mobiles in E.164, shuffled: a pool to draw from without reuse."""
    numbers = [f"+447700{n}" for n in range(DRAMA_FIRST, DRAMA_LAST + 1)]
    rng.shuffle(numbers)
    return numbers


def phone_surface(e164: str, style: str) -> str:
    """Write ``+447700900417`` as ``07700 900417``, ``+44 7700 900417`` or ``07700900417``."""
    national = "0" + e164[3:]
    if style == "international":
        return f"+44 {national[1:5]} {national[5:]}"
    if style == "compact":
        return national
    return f"{national[:5]} {national[5:]}"


def plate(rng: random.Random) -> str:
    """A plausible current-format Manchester plate such as ``MF67 LKW`` (fictional)."""
    tag = rng.choice(_MANCHESTER_TAGS)
    age = rng.choice(_AGE_IDENTIFIERS)
    tail = "".join(rng.choice(_PLATE_LETTERS) for _ in range(3))
    return f"{tag}{age:02d} {tail}"


def handle_for(rng: random.Random, alias: str, district: str, taken: set[str]) -> str:
    """An online handle built the way young adults build them: alias plus area or number."""
    base = re.sub(r"[^a-z]", "", alias.lower()) or "real"
    options = [
        f"{base}.{district.lower()}",
        f"{base}_{district.lower()}_",
        f"{base}{rng.randint(1, 99)}",
        f"its.{base}",
        f"{base}_money{rng.randint(1, 9)}",
        f"official.{base}{rng.randint(10, 99)}",
    ]
    rng.shuffle(options)
    for option in options:
        if option not in taken:
            return option
    return f"{base}{len(taken)}x"


_SUFFIX_ABBREVIATIONS = {
    "Street": "St", "Road": "Rd", "Avenue": "Ave", "Close": "Cl", "Court": "Ct",
    "Drive": "Dr", "Lane": "Ln", "Crescent": "Cres", "Grove": "Gr", "Gardens": "Gdns",
    "Place": "Pl", "Terrace": "Terr", "Square": "Sq",
}  # fmt: skip


def abbreviate_street(street: str) -> str:
    """``Mossfield Court`` -> ``Mossfield Ct`` (unchanged when there is no common suffix)."""
    head, _, suffix = street.rpartition(" ")
    short = _SUFFIX_ABBREVIATIONS.get(suffix)
    return f"{head} {short}" if head and short else street


def misspell_street(street: str, rng: random.Random) -> str:
    """A plausible misspelling of the name part: ``Mossfield`` -> ``Mossfeild``.

    Returns the street unchanged when no rule applies, so callers must compare.
    """
    head, _, suffix = street.rpartition(" ")
    name = head or street
    candidates: list[str] = []
    if "ie" in name:
        candidates.append(name.replace("ie", "ei", 1))
    if "ei" in name:
        candidates.append(name.replace("ei", "ie", 1))
    doubled = re.search(r"([a-z])\1", name)
    if doubled:
        candidates.append(name[: doubled.start()] + name[doubled.start() + 1 :])
    else:
        single = re.search(r"(?<=[aeiou])[lnt](?=[aeiou])", name)
        if single:
            i = single.start()
            candidates.append(name[:i] + name[i] + name[i:])
    if re.search(r"[^aeiou]y$", name):
        candidates.append(name[:-1] + "ey")
    if not candidates and len(name) >= 5 and name[2:4].isalpha() and name[2] != name[3]:
        candidates.append(name[:2] + name[3] + name[2] + name[4:])  # "Fihser"
    if not candidates:
        return street
    wrong = rng.choice(candidates)
    return f"{wrong} {suffix}" if head else wrong
