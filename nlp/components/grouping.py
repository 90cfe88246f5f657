"""Fold mentions into entities: which earlier thing, if any, is a new mention the same as?

The rules are an analyst's:

* phones, handles and organisations by their keys; a partial plate joins the full plate it
  fits, and a vehicle without a plate joins a described vehicle it does not contradict ("the
  Audi" and "black Audi");
* places by address key, a street joining the numbered address on it, with the misspellings
  practitioners make ("Mossfeild Ct") caught by fuzzy matching;
* people by name key, a first name joining the first earlier name that starts with it ("Kyle"
  and "Kyle M"), "Mr ASHWORTH" joining the earlier name with that surname, and the links the
  text itself makes ('Kyle (Kyle Pennington, 16)').

Each kind keeps an index (by key, by plate prefix, make and colour, by the first letter of a
street, by first and last name), so a mention is compared with a handful of candidates rather
than every entity so far: a 2 MB note has thousands of entities, and comparing each mention with
all of them made extraction quadratic. Among the candidates the earliest entity that matches
wins, exactly as a scan in text order would choose.

>>> from nlp.components.base import Mention
>>> a = Mention("LOCATION", 0, 22, "18 Mossfield Court", "18 mossfield court")
>>> b = Mention("LOCATION", 40, 56, "flat on Mossfeild Ct", "mossfeild court")
>>> [len(e.mentions) for e in group([a, b], " " * 60)]
[2]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from graph.exc import InvalidValue
from graph.types import name as name_type
from graph.types import vrm
from nlp.components.base import Entity, Mention
from nlp.components.same_name import contradict, marked_other, said_of


def person_key(m: Mention) -> list[str]:
    """Name tokens of a person mention (titles and punctuation dropped)."""
    try:
        return name_type.tokens(m.text)
    except InvalidValue:
        return []


def street_of(key: str | None) -> str | None:
    """The street part of a place key: "18 mossfield court" -> "mossfield court"."""
    if not key:
        return None
    parts = key.split(" ", 1)
    return parts[1] if len(parts) == 2 and parts[0][:1].isdigit() else key


#: Last words that say what kind of place a name is ("Larkfield House", "Heron View").
GENERIC_PLACE_WORDS = frozenset((  # noqa: SIM905 - a word list reads better as text
    "house view lodge hall court street road lane park station interchange hotel retail "
    "centre railway train bus north south east west"
).split())


def place_head(name: str) -> str | None:
    """The short name of a named place: "Larkfield" of "Larkfield House"."""
    words = name.split(",")[0].split()
    if len(words) >= 2 and words[-1].lower() in GENERIC_PLACE_WORDS:
        return " ".join(words[:-1])
    return None


def _place_names(m: Mention) -> set[str]:
    """A place's own name and its short name, lower case ("heron view", "heron")."""
    name = str(m.attrs.get("name") or "").lower()
    if not name:
        return set()
    head = place_head(name)
    return {name, head} if head else {name}


def streets_alike(a: str, b: str) -> bool:
    """Two spellings of one street: close by edit ratio ("Mossfeild"/"Mossfield"), or the
    same letters with two neighbours swapped ("Quyaside"/"Quayside"), the commonest typing
    slip, which the ratio scores below its threshold on a short name. A swap keeps every
    letter, so "Mill" is not "Hill" by it; the ratio on a whole street ("mill lane", "hill
    lane": 89) would take them for one, but the grouper only compares streets filed under
    one first letter.

    >>> streets_alike("quyaside", "quayside"), streets_alike("quayside", "quays")
    (True, False)
    >>> streets_alike("mill", "hill"), streets_alike("mill lane", "hill lane")
    (False, True)
    """
    if fuzz.ratio(a, b) >= 88:
        return True
    return len(a) >= 5 and sorted(a) == sorted(b) and OSA.distance(a, b) == 1


def same_place(key: str | None, names: set[str], m: Mention) -> bool:
    """Whether mention ``m`` names the place with key ``key`` and building names ``names``."""
    km = m.normalised
    if m.text.lower() in names or (_place_names(m) & names):
        return True
    if not key or not km:
        return False
    if key == km:
        return True
    sa, sm = street_of(key), street_of(km)
    numbered_a, numbered_m = sa != key, sm != km
    if numbered_a and numbered_m:
        return key.split(" ", 1)[0] == km.split(" ", 1)[0] and streets_alike(sa, sm)
    if not sa or not sm:
        return False
    if streets_alike(sa, sm):
        return True
    # "flat on Mossfield" and "Mossfield Court": a bare name that starts the street
    short, long_ = sorted((sa, sm), key=len)
    return " " not in short and long_.split(" ")[0] == short and len(short) > 4


def same_vehicle(e: Entity, m: Mention) -> bool:
    """Plates that agree (a partial one fitting a full one), else make or colour in common."""
    return vehicles_agree(e.normalised, e.attrs, m.normalised, m.attrs)


def vehicles_agree(pa: str | None, a: dict[str, Any], pb: str | None,
                   b: dict[str, Any]) -> bool:
    """Two vehicles one document describes are one: plates ``pa`` and ``pb`` that agree (a
    partial one fitting a full one), else, without a plate on one side, no make, colour or
    model in ``a`` and ``b`` that differs and the make or the colour in common ("the black
    Nissan" in a form's narrative and its subject's "black Nissan Qashqai, reg MF20 RMX").

    >>> vehicles_agree("MF20RMX", {"make": "Nissan", "colour": "black"}, None,
    ...                {"make": "Nissan", "colour": "black"})
    True
    >>> vehicles_agree("MF20RMX", {"make": "Nissan", "colour": "black"}, None,
    ...                {"make": "Nissan", "colour": "white"})
    False
    """
    if pa and pb:
        if pa == pb:
            return True
        partial, full = sorted((pa, pb), key=lambda k: not vrm.is_partial(k))
        return vrm.is_partial(partial) and vrm.could_be(partial, full.rstrip("*"))
    for key in ("make", "colour", "model"):
        if a.get(key) and b.get(key) and a[key].lower() != b[key].lower():
            return False
    return bool((a.get("make") and a.get("make") == b.get("make"))
                or (a.get("colour") and a.get("colour") == b.get("colour")))


def absorb(e: Entity, m: Mention) -> None:
    """Fold a mention's key and attributes into its entity, keeping the most specific key."""
    if m.label == "VEHICLE":
        if m.normalised and (not e.normalised or vrm.is_partial(e.normalised)):
            e.normalised = m.normalised
        for key, value in m.attrs.items():
            if value is not None and e.attrs.get(key) is None:
                e.attrs[key] = value
        return
    if m.label == "LOCATION" and m.normalised and (
            not e.normalised or (street_of(m.normalised) != m.normalised
                                 and street_of(e.normalised) == e.normalised)):
        e.normalised = m.normalised
    for key, value in m.attrs.items():
        if value is not None and e.attrs.get(key) in (None, ""):
            e.attrs[key] = value


class _Buckets:
    """Entities filed under several keys, returned in the order they were created."""

    def __init__(self) -> None:
        self._by: dict[str, set[int]] = defaultdict(set)

    def file(self, key: str | None, index: int) -> None:
        if key:
            self._by[key].add(index)

    def get(self, *keys: str | None) -> list[int]:
        found: set[int] = set()
        for key in keys:
            if key and key in self._by:
                found |= self._by[key]
        return sorted(found)


class Grouper:
    """Builds entities from mentions taken in text order (see the module docstring)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.entities: list[Entity] = []
        self.links: list[tuple[Mention, int]] = []
        self._keys: dict[tuple[str, str], int] = {}
        self._places = _Buckets()
        self._place_names: dict[int, set[str]] = defaultdict(set)
        self._vehicles = _Buckets()
        self._person_keys: dict[str, int] = {}
        self._first = _Buckets()
        self._last = _Buckets()
        self._of_mention: dict[int, int] = {}
        self._said: dict[int, set[str]] = defaultdict(set)  # "adult", "peer"... (same_name)
        self._surnames: dict[int, set[str]] = defaultdict(set)
        self._last_seen: dict[int, int] = {}

    # -- finding the entity a mention belongs to -------------------------------------------
    def _place(self, m: Mention) -> int | None:
        key = m.normalised or ""
        street = street_of(key) or ""
        letter = street[:1]
        keys = [f"n:{n}" for n in {m.text.lower()} | _place_names(m)]
        if street != key:  # numbered: the same number, or a street without a number
            keys += [f"#{key.split(' ', 1)[0]}", f"u:{letter}" if letter else None]
        elif letter:  # a street, venue or postcode: anything filed under its letter
            keys += [f"u:{letter}", f"a:{letter}"]
        for i in self._places.get(*keys):
            if same_place(self.entities[i].normalised, self._place_names[i], m):
                return i
        return None

    def _vehicle(self, m: Mention) -> int | None:
        plate = (m.normalised or "").rstrip("*")[:4]
        described = [f"{k}:{str(m.attrs[k]).lower()}" for k in ("make", "colour")
                     if m.attrs.get(k)]
        # with a plate: another plate must fit it, or a vehicle without one be described alike
        keys = ["p:" + plate] + ["-" + k for k in described] if plate else described
        for i in self._vehicles.get(*keys):
            if same_vehicle(self.entities[i], m):
                return i
        return None

    def _person(self, m: Mention) -> int | None:
        toks = person_key(m)
        if m.source == "title" and toks:
            found = self._last.get(toks[-1])
            return found[0] if found else None
        if not toks:
            return None
        if marked_other(self.text, m.start):
            return None  # "another Brandon": someone else of that name
        target = self._person_keys.get(" ".join(toks))
        candidates = [] if target is None else [target]
        # "Kyle M" and "Kyle": same first name and an initial that fits
        for i in self._first.get(toks[0]):
            etoks = person_key(self.entities[i].first)
            if len(toks) == 1 or len(etoks) == 1 or etoks[-1][0] == toks[-1][0] and (
                    len(etoks[-1]) == 1 or len(toks[-1]) == 1):
                candidates.append(i)
        fits = [i for i in dict.fromkeys(candidates) if self._may_be(i, m, toks)]
        if len(fits) > 1:  # two people of one name: the one spoken of last
            return max(fits, key=lambda i: self._last_seen.get(i, -1))
        return fits[0] if fits else None

    def _may_be(self, i: int, m: Mention, toks: list[str]) -> bool:
        """False when the note says person ``i`` and mention ``m`` differ (see same_name)."""
        if len(toks) > 1 and len(toks[-1]) > 1 and self._surnames[i] and not any(
                s == toks[-1] or (s[0] == toks[-1][0] and len(s) == 1)
                for s in self._surnames[i]):
            return False  # "Brandon Moore" and "Brandon Burgess"
        return not contradict(self._said[i], said_of(self.text, m.start, m.end, m.attrs))

    def _find(self, m: Mention) -> int | None:
        if m.label in {"PHONE", "ONLINE_HANDLE", "ORGANISATION"}:
            return self._keys.get((m.label, m.normalised)) if m.normalised else None
        if m.label == "VEHICLE":
            return self._vehicle(m)
        if m.label == "LOCATION":
            return self._place(m)
        if m.label == "PERSON":
            return self._person(m)
        return None

    # -- filing an entity under its keys ---------------------------------------------------
    def _file(self, i: int, m: Mention) -> None:
        ent = self.entities[i]
        if m.label in {"PHONE", "ONLINE_HANDLE", "ORGANISATION"} and m.normalised:
            self._keys.setdefault((m.label, m.normalised), i)
        elif m.label == "VEHICLE":
            plate = (ent.normalised or "").rstrip("*")[:4]
            self._vehicles.file("p:" + plate if plate else None, i)
            for k in ("make", "colour"):
                if ent.attrs.get(k):
                    described = f"{k}:{str(ent.attrs[k]).lower()}"
                    self._vehicles.file(described, i)
                    if not plate:  # "-" buckets: described vehicles without a plate
                        self._vehicles.file("-" + described, i)
        elif m.label == "LOCATION":
            key = ent.normalised or ""
            street = street_of(key) or ""
            if street and street != key:
                self._places.file(f"#{key.split(' ', 1)[0]}", i)
                self._places.file(f"a:{street[:1]}", i)
            elif street:
                self._places.file(f"u:{street[:1]}", i)
            for name in _place_names(m):
                self._place_names[i].add(name)
                self._places.file("n:" + name, i)
        elif m.label == "PERSON":
            toks = person_key(m)
            self._person_keys.setdefault(" ".join(toks), i)
            self._last_seen[i] = m.start
            surname = toks[-1] if len(toks) > 1 and m.source not in {"title", "signature"} \
                else None
            if surname:
                self._surnames[i].add(surname)
            self._said[i] |= said_of(self.text, m.start, m.end, m.attrs)
            for nick in m.attrs.get("nicknames", []) or []:
                self._person_keys.setdefault(nick.lower(), i)
            if ent.first is m:
                if toks:
                    self._first.file(toks[0], i)
                    self._last.file(toks[-1], i)
            elif surname and len(surname) > 1:
                # "Keith" first, "Keith BRAY" later: a later "Mr BRAY" is him too
                self._last.file(surname, i)

    def add(self, m: Mention) -> None:
        """File one mention (mentions must come in text order)."""
        target = self._find(m)
        if target is None:
            self.entities.append(Entity(m.label, [], m.normalised, None, {}))
            target = len(self.entities) - 1
        ent = self.entities[target]
        ent.mentions.append(m)
        absorb(ent, m)
        self._of_mention[id(m)] = target
        self._file(target, m)
        short = m.attrs.get("short") if m.label == "PERSON" else None
        if isinstance(short, tuple):
            self.links.append((m, short[0]))

    def finish(self) -> list[Entity]:
        """Merge the entities the text links explicitly and return them all."""
        by_start: dict[int, int] = {}
        for i, ent in enumerate(self.entities):
            for m in ent.mentions:
                by_start.setdefault(m.start, i)
        parent = list(range(len(self.entities)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for full, short_start in self.links:
            a = root(self._of_mention[id(full)])
            b = by_start.get(short_start)
            if b is None:
                continue
            b = root(b)
            if a != b:
                keep, drop = (a, b)
                ent, other = self.entities[keep], self.entities[drop]
                ent.mentions.extend(other.mentions)
                for key, value in other.attrs.items():
                    ent.attrs.setdefault(key, value)
                other.mentions = []
                parent[drop] = keep
        out = [e for e in self.entities if e.mentions]
        for e in out:
            e.mentions.sort(key=lambda m: m.start)
        return out


def group(kept: Iterable[Mention], text: str) -> list[Entity]:
    """Entities from non-overlapping mentions in text order (see the module docstring)."""
    grouper = Grouper(text)
    for m in kept:
        grouper.add(m)
    return grouper.finish()
