"""How each kind of thing gets written down: the surface forms resolution has to reconcile.

Each helper returns a :class:`~rhigraph.scenario.template.Mention`, so whatever wording is
chosen is annotated with the thing it refers to (and, for plates and names, with what the
wording itself pins down: a partial plate normalises to ``MF67*``, a nickname to itself).
"""

from __future__ import annotations

import random

from .identifiers import abbreviate_street, misspell_street, phone_surface
from .model import Handle, Org, Person, Phone, Place, Vehicle
from .template import Mention

FULL_PLATE, PARTIAL_PLATE, NO_PLATE = 2, 1, 0


def person(p: Person, text: str | None = None) -> Mention:
    """A mention of a professional, family member or child peer (identity known to the LA)."""
    return Mention(p, text or p.full, p.full.lower(), 1)


def adult(p: Person, text: str) -> Mention:
    """A mention of an adult of concern: only a full name pins down who it is."""
    if text.lower() in (p.full.lower(), p.caps.lower()):
        return Mention(p, text, p.full.lower(), 2)
    return Mention(p, text)


def org(o: Org, short: bool = False) -> Mention:
    return Mention(o, o.short if short and o.short else o.name)


def place(p: Place, text: str | None = None) -> Mention:
    return Mention(p, text or p.name or p.full)


def house_forms(house: Place, rng: random.Random) -> dict[str, list[str]]:
    """Ways one flat is written: by street, by full address, misspelt, abbreviated."""
    street = house.street or ""
    typo = misspell_street(street, rng)
    short = abbreviate_street(street)
    typo_short = abbreviate_street(typo)
    flat = [f"flat on {street}", f"flat on {short}", f"flat on {typo}", f"flat on {typo_short}"]
    address = [
        f"{house.number} {street}",
        f"{house.number} {street}, {house.postcode}",
        f"{house.number} {street}, {house.town} {house.postcode}",
        f"{house.number} {short}",
        f"{house.number} {street.lower()}",
    ]
    named = [f"{street} flat", f"{typo_short} flat", f"{short} flat"]
    return {
        "flat": list(dict.fromkeys(flat)),
        "address": list(dict.fromkeys(address)),
        "named": list(dict.fromkeys(named)),
    }


def vehicle(v: Vehicle, level: int, rng: random.Random) -> Mention:
    """A car described with a full plate, a partial plate, or only colour and make."""
    colour = v.colour
    if level == FULL_PLATE:
        text = rng.choice(
            (
                f"{colour} {v.make} {v.model}, reg {v.plate}",
                f"{colour} {v.make} {v.model}, registration {v.plate}",
                f"{colour} {v.make} ({v.plate})",
                f"{colour} {v.make} {v.model} {v.vrm}",
            )
        )
        return Mention(v, text, v.vrm, FULL_PLATE)
    if level == PARTIAL_PLATE:
        head = v.plate[:4]
        longer = v.plate[:6].rstrip()
        choice = rng.randrange(3)
        if choice == 0:
            return Mention(v, f"{colour} {v.slang}, reg started {head}", f"{head}*", PARTIAL_PLATE)
        if choice == 1:
            return Mention(
                v,
                f"{colour} {v.make}, partial reg {longer}",
                f"{longer.replace(' ', '')}*",
                PARTIAL_PLATE,
            )
        return Mention(v, f"{colour} {v.make} with {head} on the plate", f"{head}*", PARTIAL_PLATE)
    text = rng.choice(
        (f"{colour} {v.slang.capitalize()}", f"{colour} {v.make}", f"{colour} {v.slang}")
    )
    return Mention(v, text)


def phone(p: Phone, style: str) -> Mention:
    return Mention(p, phone_surface(p.e164, style))


def handle(h: Handle, rng: random.Random, *, at: bool | None = None) -> Mention:
    """``deano.bl1`` or ``@deano.bl1``; now and then typed with capitals (``Deano.BL1``)."""
    text = h.handle
    if rng.random() < 0.15:
        text = text[:1].upper() + text[1:]
    if at is None:
        at = h.platform == "Instagram" and rng.random() < 0.7
    return Mention(h, f"@{text}" if at else text)


def platform_slang(h: Handle, rng: random.Random) -> str:
    if h.platform == "Snapchat":
        return rng.choice(("snap", "Snapchat", "sc"))
    return rng.choice(("insta", "Instagram", "IG"))


def hotel(h: Place, rng: random.Random, *, with_town: bool = False) -> Mention:
    if with_town:
        return Mention(h, f"{h.name} in {h.town}")
    return Mention(h, rng.choice((h.name or "", h.name or "", h.short or h.name or "")))


def child_peer(p: Person, rng: random.Random, *, first_time: bool) -> Mention:
    """How one child is named in another child's note (nickname, first name, lower case)."""
    if p.nicknames and rng.random() < 0.6:
        return person(p, p.nicknames[0])
    if first_time and rng.random() < 0.35:
        return person(p, p.full)
    if rng.random() < 0.15:
        return person(p, p.first.lower())
    return person(p, p.first)


def peer(p: Person, rng: random.Random, *, first_time: bool) -> Mention:
    """A local teenager who is not one of the LA's children: usually just a first name."""
    if p.id.startswith("C-"):
        return child_peer(p, rng, first_time=first_time)
    if first_time and rng.random() < 0.4:
        return adult(p, p.full)
    if rng.random() < 0.15:
        return Mention(p, p.first.lower())
    return Mention(p, p.first)
