"""Deterministic keys and parsed parts: what one mention says about a person, place or car.

Resolution compares parts, not raw strings. A person written ``Amelia "Millie" CARTWRIGHT``
has a full name (amelia cartwright) and a nickname (millie); ``Mr ASHWORTH`` is a surname said
formally; ``"Ash" - no other details`` is the nickname Ash (the rest is a practitioner's note,
not a name). A place written ``flat on Mossfeild Ct`` is a dwelling on a street whose stem is
``mossfeild`` with suffix ``court``; ``18 Mossfield Court, BL1 2RF`` is a numbered address with
a postcode. A car is its plate (full or partial), make and colour family, because "silver
Merc" and "silver Mercedes A-Class" must compare equal and grey and silver are often the same
car seen in different light.

Everything here is a pure function of the text, so the same mention always gives the same
parts, and the property types in ``graph.types`` stay the single owner of each cleaning rule.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import DamerauLevenshtein

from graph.exc import InvalidValue
from graph.types import address, dates, text, vrm
from graph.types import name as name_type
from graph.types import postcode as postcode_type
from graph.types.name import known_first_names

# -- people ------------------------------------------------------------------------------

_QUOTED = re.compile(r"[\"“”]([^\"“”]{1,40})[\"“”]")
_TITLE_WORDS = name_type.TITLES
#: Words that mark the rest of a person field as a practitioner's comment, not a name.
_NOT_NAME = frozenset({
    "no", "not", "known", "unknown", "real", "surname", "details", "other", "per", "saved",
    "calls", "called", "aka", "also", "possibly", "maybe", "about", "aged", "age", "the", "a",
    "an", "his", "her", "he", "she", "they", "in", "on", "at", "from", "with"})


@dataclass(frozen=True)
class NameForm:
    """One way a person was written.

    ``kind``: ``full`` (first and last name), ``initialled`` (one part is an initial: "L
    Fairclough", "Callum S"), ``single`` (one word: a first name or a nickname) or ``surname``
    (a title and a surname: "Mr ASHWORTH").
    """

    kind: str
    tokens: tuple[str, ...]

    @property
    def first(self) -> str:
        return self.tokens[0]

    @property
    def last(self) -> str:
        return self.tokens[-1]

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def _initial_a(raw: str, toks: tuple[str, ...]) -> int:
    """1 when the name starts with the initial "A" ("A Hewitt", "A. Clayton": a worker's
    first initial), which is not the article "a" of a comment ("a man"); else 0.

    >>> _initial_a("A Hewitt", ("a", "hewitt")), _initial_a("a man", ("a", "man"))
    (1, 0)
    """
    words = raw.replace(".", " ").split()
    return int(len(toks) == 2 and toks[0] == "a" and len(words) == 2 and words[0] == "A"
               and words[1][:1].isupper())


def _name_form(raw: str) -> NameForm | None:
    words = (text.fold(raw) or "").replace(".", " ").split()
    titled = bool(words) and words[0].strip(",") in _TITLE_WORDS
    try:
        toks = tuple(name_type.tokens(raw))
    except InvalidValue:
        return None
    toks = tuple(t.strip("'-") for t in toks if t.strip("'-"))
    if not toks or len(toks) > 4:
        return None
    if any(t in _NOT_NAME for t in toks[_initial_a(raw, toks):]):
        return None
    if titled and len(toks) == 1:
        return NameForm("surname", toks)
    if len(toks) == 1:
        return NameForm("single", toks)
    if len(toks[0]) == 1 or len(toks[-1]) == 1:
        return NameForm("initialled", (toks[0], toks[-1]))
    return NameForm("full", toks)


@lru_cache(maxsize=65536)
def person_forms(written: str) -> tuple[NameForm, ...]:
    """The name forms in a person mention as written.

    Quoted parts are nicknames or the only name known; what is outside quotes counts only
    when it still reads as a name (at most four words, no comment words).

    >>> [f.text for f in person_forms('Amelia "Millie" CARTWRIGHT')]
    ['millie', 'amelia cartwright']
    >>> [f.text for f in person_forms('"Ash" - no other details. Bird tattoo on neck.')]
    ['ash']
    >>> [(f.kind, f.text) for f in person_forms("Mr ASHWORTH")]
    [('surname', 'ashworth')]
    """
    out: list[NameForm] = []
    quoted = _QUOTED.findall(written or "")
    rest = _QUOTED.sub(" ", written or "")
    for part in quoted:
        form = _name_form(part)
        if form is not None:
            out.append(form)
    if quoted:
        rest = re.split(r"[-–(;:.,]", rest, maxsplit=1)[0]
    form = _name_form(rest) if rest.strip() else None
    if form is not None:
        out.append(form)
    return tuple(dict.fromkeys(out))


#: English diminutives that do not start like the name they come from (general knowledge,
#: not a list of anyone's nicknames): "Gaz" is Gary or Gareth.
IRREGULAR_DIMINUTIVES = {
    "gaz": {"gary", "gareth"}, "baz": {"barry"}, "daz": {"darren", "darryl"},
    "wazza": {"wayne", "warren"}, "jimmy": {"james"}, "jim": {"james"}, "bob": {"robert"},
    "bobby": {"robert"}, "bill": {"william"}, "billy": {"william"}, "ted": {"edward"},
    "teddy": {"edward"}, "harry": {"henry", "harold"}, "jack": {"john"}, "dick": {"richard"},
    "peggy": {"margaret"}, "polly": {"mary"}, "del": {"derek"}, "tel": {"terry", "terence"},
    "shaz": {"sharon"}, "kez": {"kieran", "kerry"}, "mo": {"mohammed", "mohammad", "mohamed"},
    "laurie": {"lawrence", "laurence"}, "larry": {"lawrence", "laurence"}, "tony": {"anthony"},
    "paddy": {"patrick"}, "ged": {"gerard"}, "gez": {"gerald", "gerard"}, "kaz": {"karen"},
    "becky": {"rebecca"}, "becca": {"rebecca"}, "bex": {"rebecca"}, "tash": {"natasha"},
    "eddie": {"edward"}, "mick": {"michael"}, "mike": {"michael"}, "mikey": {"michael"},
    "johnny": {"jonathan", "john"}, "jonny": {"jonathan", "john"}, "steve": {"stephen"},
}


def one_typo(a: str, b: str) -> bool:
    """Equal, or one slip apart (a letter added, dropped, changed or two swapped) in words
    of four letters or more: "Tracy"/"Tracey", "Fairclough"/"Fairclogh". Not "Hunt"/
    "Hunter" or "Daniel"/"Danielle", which are other people's names."""
    if a == b:
        return True
    return min(len(a), len(b)) >= 4 and DamerauLevenshtein.distance(a, b) <= 1


def derived_nickname(nick: str, first: str, last: str) -> bool:
    """Could ``nick`` be a nickname made from the name, as friends make them?

    The first name grown or cut ("Deano", "Johnno", "Chris" for Christopher), the initials
    ("KD"), a usual irregular diminutive ("Gaz" for Gary), or, when ``nick`` is not itself
    a first name, a variant sharing the first three letters ("Stevo" for Stephen) or the
    surname cut or grown ("Ash" for Ashworth, "Rossy" for Ross). Evidence, not proof.

    >>> derived_nickname("deano", "dean", "ashworth"), derived_nickname("ash", "dean", "ashworth")
    (True, True)
    >>> derived_nickname("kd", "kyle", "dawson"), derived_nickname("zee", "lee", "archer")
    (True, False)
    >>> derived_nickname("janet", "janice", "clayton")
    False
    """
    if nick in (first, last) or len(nick) < 2:
        return False
    if len(nick) == 2:
        return len(first) > 1 and len(last) > 1 and nick == first[0] + last[0]
    if first.startswith(nick) or first in IRREGULAR_DIMINUTIVES.get(nick, ()):
        return True  # cut ("Chris" for Christopher) or a usual diminutive
    if nick in known_first_names():
        return False  # "Carole" is not a nickname of Carol, nor "Janet" of Janice
    if nick.startswith(first):
        return True  # grown: "Deano", "Johnno"
    if len(first) >= 3 and nick[:3] == first[:3] and len(nick) <= len(first) + 2:
        return True
    return len(last) >= 3 and (last.startswith(nick) or nick.startswith(last)
                               or (nick[:3] == last[:3] and len(nick) <= len(last)))


_AGE_WORDS = {"early": (0, 4), "mid": (3, 7), "late": (6, 9)}


def age_range(value: Any) -> tuple[int, int] | None:
    """An age as written, as an inclusive range of years, or ``None``.

    >>> age_range("about 25"), age_range("mid 20s"), age_range("16"), age_range("late 20s")
    ((23, 27), (23, 27), (16, 16), (26, 29))
    """
    raw = str(value or "").lower()
    decade = re.search(r"\b(early|mid|late)?[\s-]*(\d)0'?s\b", raw)
    if decade:
        base = int(decade.group(2)) * 10
        lo, hi = _AGE_WORDS.get(decade.group(1) or "", (0, 9))
        return base + lo, base + hi
    number = re.search(r"\b(\d{1,2})\b", raw)
    if number:
        age = int(number.group(1))
        if re.search(r"about|around|approx|roughly|maybe|\?", raw):
            return age - 2, age + 2
        return age, age
    if "teen" in raw:
        return 13, 19
    return None


def ages_conflict(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two age ranges cannot be one person's.

    Children and witnesses misjudge adults' ages badly ("19 (per child)" and "about 25" are
    one man in the samples), so adults conflict only more than six years apart; but a child
    (under 18) and an adult (20 or over) conflict as soon as the ranges are two years apart,
    because that is the decoy that matters: a 16-year-old peer and a man in his twenties.

    >>> ages_conflict((19, 19), (23, 27)), ages_conflict((16, 16), (23, 27))
    (False, True)
    """
    gap = max(a[0] - b[1], b[0] - a[1])
    if gap > 6:
        return True
    child_and_adult = (a[1] < 18 <= b[0]) or (b[1] < 18 <= a[0])
    return gap > 1 and child_and_adult


def workplace(job: Any) -> str | None:
    """The workplace a practitioner's job names ("key worker, Burke House"; "night support
    worker at Willow Bank"), folded, or ``None``: a job title alone, or an employer in
    brackets ("social worker (Lancashire)"), names no place where they work.

    >>> workplace("key worker, Burke House"), workplace("night support worker at Willow Bank")
    ('burke house', 'willow bank')
    >>> workplace("key worker"), workplace("social worker (Lancashire)")
    (None, None)
    """
    raw = str(job or "")
    parts = re.split(r",|\bat\b", raw, maxsplit=1)
    place = fold(parts[1]) if len(parts) == 2 else ""
    return place if place and not _NOT_NAME & set(place.split()) else None


def dob(value: Any) -> str | None:
    """A date of birth as an ISO date, or ``None`` when it is not a full date."""
    try:
        return dates.parse_date(str(value)).isoformat() if value else None
    except InvalidValue:
        return None


def gender(value: Any) -> str | None:
    raw = str(value or "").strip().lower()
    if raw in {"m", "male", "man", "boy"}:
        return "male"
    if raw in {"f", "female", "woman", "girl"}:
        return "female"
    return None


# -- places ------------------------------------------------------------------------------

#: How practitioners frame a dwelling or venue around a street: "flat on", "house off".
_CUE = re.compile(
    r"(?:^|\b(?:the|a|an)\s+|^)(?P<cue>flat|flats|house|home|address|block|shops?|takeaway|"
    r"chippy|garage)(?:\s+(?:above|behind|next to|near)\s+the\s+[a-z]+(?:\s+[a-z]+)?)?"
    r"\s+(?:on|off|in|at|near|along|down|up)\s+", re.IGNORECASE)
_TAIL = re.compile(r"\s+(?P<cue>flat|flats)$", re.IGNORECASE)
_VENUE_ON = re.compile(r"^(?P<name>.+?)\s+(?:on|off)\s+(?P<street>.+)$")
_PARENS = re.compile(r"\s*\([^)]*\)")
_IN_TOWN = re.compile(r"\s+in\s+(?P<town>[A-Z][\w' -]+)$")
DWELLING_WORDS = frozenset({"flat", "flats", "house", "home", "address", "block"})
DWELLING_KINDS = frozenset({"flat", "house", "home", "address", "dwelling", "trap_house"})
#: Places practitioners work at, as kinds are written: extraction's named "building" (a
#: children's home is usually "X House" or "X View") and the gold's "childrens_home".
WORKPLACE_KINDS = frozenset({"childrens_home", "building"})
#: Kinds that name an area rather than a place: never merged with a place inside them.
BROAD_KINDS = frozenset({"town", "city", "area", "region", "district", "county", "borough",
                         "village", "suburb"})
#: Words a venue name may gain or lose without becoming another place.
GENERIC_PLACE_WORDS = frozenset({
    "station", "railway", "train", "bus", "retail", "park", "hotel", "lodge", "house",
    "centre", "center", "shopping", "the", "interchange", "inn", "motel", "estate", "home",
    "children's", "childrens", "takeaway", "shop", "shops", "on", "in", "at",
})
STREET_SUFFIXES = frozenset(set(address.SUFFIXES.values()) | {
    "street", "road", "lane", "avenue", "court", "close", "crescent", "drive", "grove",
    "place", "square", "terrace", "gardens", "way", "walk", "row", "rise", "mews", "hill",
    "view", "fold", "green", "brow", "meadow", "parade", "vale", "wharf", "yard"})


@dataclass(frozen=True)
class PlaceForm:
    """One way a place was written, in parts (any may be missing)."""

    number: str | None = None
    flat: str | None = None
    street: str | None = None      # normalised, suffix spelled out: "mossfield court"
    stem: str | None = None        # street without its suffix: "mossfield"
    suffix: str | None = None      # "court"
    name: str | None = None        # a venue or building name, folded
    postcode: str | None = None
    town: str | None = None
    dwelling: bool = False         # "flat on ...", "... flat", "house on ..."
    folded: str = ""               # the whole text folded, for stated-alias equality


def split_street(street: str | None) -> tuple[str | None, str | None]:
    """``("mossfield", "court")`` for ``"mossfield court"``; a street without a known
    suffix is all stem ("heatherfield", "mossfield")."""
    if not street:
        return None, None
    words = street.split()
    if len(words) > 1 and words[-1] in STREET_SUFFIXES:
        return " ".join(words[:-1]), words[-1]
    return street, None


@lru_cache(maxsize=131072)
def fold(value: str | None) -> str:
    """Lower case, single spaces, no surrounding punctuation: for equality of wordings."""
    return " ".join((text.fold(value) or "").replace(",", " ").replace(".", " ").split())


@lru_cache(maxsize=65536)
def place_form(written: str) -> PlaceForm:
    """Parts of a place as written.

    >>> f = place_form("flat on Mossfeild Ct")
    >>> (f.street, f.stem, f.suffix, f.dwelling)
    ('mossfeild court', 'mossfeild', 'court', True)
    >>> f = place_form("18 Mossfield Court, Bolton BL1 2RF")
    >>> (f.number, f.street, f.postcode, f.town)
    ('18', 'mossfield court', 'BL1 2RF', 'bolton')
    """
    raw = _PARENS.sub("", text.clean(written) or "").strip()
    dwelling = False
    town = None
    venue = None
    cue = _CUE.search(raw)
    if cue:
        dwelling = cue.group("cue").lower() in DWELLING_WORDS
        raw = raw[cue.end():]
    else:
        on = _VENUE_ON.match(raw)
        if on and split_street(address.normalise_street(on.group("street")))[1]:
            venue, raw = text.fold(on.group("name")), on.group("street")
    tail = _TAIL.search(raw)
    if tail:
        dwelling = True
        raw = raw[: tail.start()]
    in_town = _IN_TOWN.search(raw)
    if in_town and not postcode_type.IN_TEXT.search(raw):
        town = text.fold(in_town.group("town"))
        raw = raw[: in_town.start()]
    try:
        parsed = address.parse(raw)
    except InvalidValue:
        return PlaceForm(dwelling=dwelling, folded=fold(written))
    street = parsed.street
    name = parsed.name
    if street is None and name and cue:
        # "flat on Mossfield": the word after the cue is a street, suffix or not
        street, name = address.normalise_street(name), None
    stem, suffix = split_street(street)
    if street is None and name:
        words = name.split()
        if len(words) > 1 and words[-1] in STREET_SUFFIXES | set(address.SUFFIXES):
            street = address.normalise_street(name)
            stem, suffix = split_street(street)
            name = None
    return PlaceForm(number=parsed.number, flat=parsed.flat, street=street, stem=stem,
                     suffix=suffix, name=name or venue, postcode=parsed.postcode,
                     town=parsed.town or town, dwelling=dwelling, folded=fold(written))


def place_name_core(name: str | None) -> frozenset[str]:
    """A venue name without the words it may gain or lose ("Wigan North Western station"
    and "Wigan North Western" share ``{wigan, north, western}``)."""
    return frozenset(w for w in (name or "").split() if w not in GENERIC_PLACE_WORDS)


def district(code: str | None) -> str | None:
    try:
        return postcode_type.district(code) if code else None
    except InvalidValue:
        return None


# -- vehicles ----------------------------------------------------------------------------

MAKES = {
    "merc": "mercedes", "mercedes": "mercedes", "mercedes-benz": "mercedes", "benz": "mercedes",
    "bmw": "bmw", "beemer": "bmw", "beamer": "bmw", "vw": "volkswagen",
    "volkswagen": "volkswagen", "audi": "audi", "ford": "ford", "vauxhall": "vauxhall",
    "nissan": "nissan", "toyota": "toyota", "honda": "honda", "kia": "kia",
    "hyundai": "hyundai", "peugeot": "peugeot", "renault": "renault", "citroen": "citroen",
    "fiat": "fiat", "seat": "seat", "skoda": "skoda", "volvo": "volvo", "mini": "mini",
    "land rover": "land rover", "range rover": "land rover", "jaguar": "jaguar",
    "lexus": "lexus", "mazda": "mazda", "suzuki": "suzuki", "tesla": "tesla",
    "mitsubishi": "mitsubishi", "dacia": "dacia", "porsche": "porsche",
}
#: Colour families: witnesses call one car grey, silver or "dark"; within a family colours
#: are evidence of nothing either way, across families they say "another car".
COLOURS = {
    "silver": "silver", "grey": "silver", "gray": "silver", "gunmetal": "silver",
    "black": "black", "white": "white", "cream": "white", "red": "red", "maroon": "red",
    "burgundy": "red", "blue": "blue", "navy": "blue", "dark blue": "blue",
    "light blue": "blue", "green": "green", "dark green": "green", "yellow": "yellow",
    "orange": "orange", "gold": "gold", "brown": "brown", "purple": "purple",
    "beige": "brown", "bronze": "gold",
}
_MAKE_RX = re.compile(r"\b(" + "|".join(sorted(map(re.escape, MAKES), key=len,
                                               reverse=True)) + r")\b", re.IGNORECASE)
_COLOUR_RX = re.compile(r"\b(" + "|".join(sorted(map(re.escape, COLOURS), key=len,
                                                 reverse=True)) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class VehicleForm:
    plate: str | None = None        # full plate key
    partial: str | None = None      # partial plate key, "MF67*"
    make: str | None = None
    colour: str | None = None       # colour family
    model: str | None = None
    folded: str = ""


def vehicle_form(written: str, key: str | None = None,
                 attributes: dict[str, Any] | None = None) -> VehicleForm:
    """Plate, make and colour family of a vehicle mention; the entity key says the plate
    when extraction found one, else the text is searched.

    >>> vehicle_form("silver merc, reg started MF67", "MF67*")
    VehicleForm(plate=None, partial='MF67*', make='mercedes', colour='silver', model=None, \
folded='silver merc reg started mf67')
    """
    attrs = attributes or {}
    plate = partial = None
    candidate = key or ""
    try:
        cleaned = vrm.clean(candidate, allow_partial=True) if candidate else None
    except InvalidValue:
        cleaned = None
    if cleaned:
        if vrm.is_partial(cleaned):
            partial = cleaned
        else:
            plate = cleaned
    make = _lookup(MAKES, attrs.get("make")) or _search(_MAKE_RX, "makes", written or "")
    colour = _lookup(COLOURS, attrs.get("colour")) or _search(_COLOUR_RX, "colours",
                                                              written or "")
    model = fold(str(attrs["model"])) if attrs.get("model") else None
    return VehicleForm(plate, partial, make, colour, model, fold(written))


def _lookup(table: dict[str, str], value: Any) -> str | None:
    raw = fold(str(value)) if value else ""
    return table.get(raw) or (table.get(raw.split()[-1]) if raw else None)


@lru_cache(maxsize=65536)
def _search(rx: re.Pattern[str], table_name: str, written: str) -> str | None:
    table = MAKES if table_name == "makes" else COLOURS
    match = rx.search(written)
    return table.get(match.group(1).lower()) if match else None


def plates_compatible(a: str, b: str) -> bool:
    """Full or partial plate keys that may be one plate: equal, or a partial that the
    other starts with (two partials: one extends the other)."""
    if a == b:
        return True
    pa, pb = vrm.is_partial(a), vrm.is_partial(b)
    if pa and pb:
        sa, sb = a.rstrip("*"), b.rstrip("*")
        return sa.startswith(sb) or sb.startswith(sa)
    if pa:
        return vrm.could_be(a, b)
    if pb:
        return vrm.could_be(b, a)
    return False


# -- blocking helpers --------------------------------------------------------------------

def letter_set(word: str) -> str:
    """The distinct letters of a word, sorted: equal for "mossfeild"/"mossfield",
    "lacnaster"/"lancaster", "stattion"/"station" (transpositions and doubled letters)."""
    return "".join(sorted(set(word)))


def days_apart(a: str, b: str) -> int:
    """Whole days between two ISO dates (documents' dates); a very large number when either
    is not a date, so that no rule about nearness applies.

    >>> days_apart("2026-01-05", "2026-01-02T19:45")
    3
    """
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)
    except ValueError:
        return 1_000_000
