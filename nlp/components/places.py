"""LOCATION: addresses, postcodes, streets, named venues, towns someone went to and roads.

Rules, not the statistical model, find places: the small English model reads "Moss Lane" as a
person and "Mossfield Court" as an organisation. What the rules know is how British places are
written:

* a house number, a street, maybe a town and a postcode ("18 Mossfield Court, BL1 2RF"); with
  a postcode the street needs no suffix ("Larkfield House, 136 Heatherfield, Bolton BL1 7QG");
* a street by its suffix (Lane, Street, Ct ...), with the practitioner's own framing kept in the
  span ("flat on Moss Lane", "Caunce Street flat", "shops on Market Street");
* a venue by its last word (Park, Retail Park, Interchange, station, Hotel ...), with ", Town"
  or "in Town" after it;
* a town from the gazetteer only where someone went ("got the train to Bolton"), because
  "LAC (Bolton)" is not a place anybody was;
* a road number after "the"/"towards" ("towards the A49").

Keys come from ``graph.types.address.parse(...).key``; a postcode travels as an attribute.

>>> from nlp.components.places import find
>>> [(m.text, m.normalised) for m in find("then went to a flat on Moss Lane near Bolton.")]
[('flat on Moss Lane', 'moss lane'), ('Bolton', 'bolton')]
>>> m = find("Address: 18 Mossfield Court, Bolton BL1 2RF (flat)")[0]
>>> (m.text, m.normalised, m.attrs["postcode"])
('18 Mossfield Court, Bolton BL1 2RF', '18 mossfield court', 'BL1 2RF')
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from graph.exc import InvalidValue
from graph.types import address as address_type
from graph.types import postcode as postcode_type
from graph.types import text as text_type
from graph.types.name import known_first_names as first_names
from nlp.components.base import Mention, add, load_patterns, text_of, words_alternation

_ROWS = load_patterns("places")


def _words(kind: str) -> list[str]:
    return [r["word"] for r in _ROWS if r["kind"] == kind]


STREET_SUFFIXES = _words("street_suffix")
VENUES = {r["word"]: r["value"] for r in _ROWS if r["kind"] == "venue"}
BUILDINGS = _words("building")
TOWNS = _words("town")
TOWN_SET = frozenset(t.lower() for t in TOWNS)
HUBS = {r["word"]: r["value"] for r in _ROWS if r["kind"] == "hub"}
CUES = _words("cue")
STOP = frozenset(w.lower() for w in _words("stop"))

#: One capitalised word of a place name (also all-caps, as headers shout addresses).
_W = r"[A-Z][A-Za-z'’]*(?:-[A-Za-z'’]+)*"
#: Name words before a suffix: one to three capitalised words on one line.
_NAME = rf"{_W}(?:[ ]{_W}){{0,2}}?"
_SFX = words_alternation(STREET_SUFFIXES)
_TOWN = words_alternation(TOWNS)
_STREET = rf"(?P<street>{_NAME}[ ](?:{_SFX})(?:[ ](?:{_SFX}))?)(?![\w'’-])"
_FLAT_CUE = (r"(?P<cue>(?:flat|house|home|address|shops?|takeaway|chippy|garage|block|flats)"
             r"(?:\s+(?:above|behind|next\s+to|near)\s+the\s+[a-z]+(?:\s+[a-z]+)?)?"
             r"\s+(?:on|off|in|at|near|along|down|up)\s+)")
_TOWN_TAIL = rf"(?:,[ ](?P<town>{_TOWN})(?![\w-]))?"

_NUMBERED = re.compile(
    rf"(?<![\w/:.£-])(?:(?:[Ff]lat|[Aa]partment|[Aa]pt|[Uu]nit)\s*\d+[A-Za-z]?,?\s*)?"
    rf"(?P<num>\d{{1,4}}[A-Za-z]?),?[ ]{_STREET}{_TOWN_TAIL}"
)
#: "111 liptrot street": a house number, one or two lower-case words and a suffix spelled
#: out (not "St" or "Rd", which lower case makes too easy to meet in prose).
_NUMBERED_LOWER = re.compile(
    r"(?<![\w/:.£-])(?P<num>\d{1,4}[a-z]?),?[ ]"
    r"(?P<street>[a-z][a-z'’-]{2,}(?:[ ][a-z][a-z'’-]{2,})?[ ]"
    r"(?:street|road|lane|avenue|close|drive|grove|crescent|terrace|gardens|walk))(?![\w'’-])"
)
_STREET_RX = re.compile(rf"(?:{_FLAT_CUE})?(?<![\w'’-]){_STREET}{_TOWN_TAIL}(?P<tail>[ ]flats?\b)?")
_FLAT_BARE = re.compile(rf"{_FLAT_CUE}(?P<street>{_W})(?![\w'’-])(?![ ][A-Z])")
_VENUE = re.compile(
    rf"(?<![\w'’-])(?P<name>{_NAME})[ ](?P<venue>{words_alternation(list(VENUES))})(?![\w'’-])"
    rf"(?:(?:,[ ]|[ ]in[ ])(?P<town>{_TOWN})(?![\w-]))?"
)
_BUILDING = re.compile(
    rf"(?<![\w'’-])(?P<name>{_W}(?:[ ]{_W})?)[ ](?P<kind>{words_alternation(BUILDINGS)})"
    r"(?![\w'’-])(?![ ][A-Z])"
    rf"(?:(?:,[ ]|[ ]in[ ])(?P<town>{_TOWN})(?![\w-]))?"
)
_HUB = re.compile(rf"(?<![\w'’-])(?P<name>{words_alternation(list(HUBS))})(?![\w'’-])"
                  r"(?P<tail>[ ](?:railway |train |bus )?station)?")
_TOWN_RX = re.compile(
    rf"(?i:\b(?:{words_alternation(CUES)}|went|go|going|gone|drove|driven|travelled|"
    rf"back(?:\s+to)?)\s+(?:the\s+)?)(?P<town>{_TOWN})(?![\w'’-])(?![ ][A-Z][a-z])"
)
_ROAD = re.compile(r"(?i:\b(?:the|towards|onto|along|via|off|near|down|up)\s+)"
                   r"(?P<road>[AMB]\d{1,4}(?:\(M\))?)\b")
#: A place known by one name ("seen at Rowan", "another young person at Juniper", "Missing
#: from: Heron"): children's homes and venues the note names without saying what they are.
_NAMED_BY_CUE = re.compile(
    r"(?:\b(?i:seen|interviewed|spoken to|visited|staying|placed|living) at"
    r"|\bRHI\b[^.\n]{0,30}?\bat"
    r"|\b(?i:young person|young people|resident|residents|staff) (?:at|from)"
    r"|\b(?i:reported missing)\b[^.\n]{0,40}?\bfrom"
    r"|\b(?i:missing from|found at|location|placement)\s*:"
    r"|\b(?i:left|walked out of|ran from|absconded from)(?=\s+[A-Z][a-z]+\s*(?:@|(?:at\s+)?"
    r"(?:about|around|approx\.?)\s*\d|at\s+\d)))"
    r"\s+(?P<name>[A-Z][a-z]{2,}(?:[ ][A-Z][a-z]+)?)(?![\w'’-])(?!\s*\()"
)
_ADDRESS_BEFORE_POSTCODE = re.compile(
    rf"(?:(?P<bname>{_W}(?:[ ]{_W}){{0,3}}),\s*)?"
    rf"(?:(?:[Ff]lat|[Aa]partment|[Aa]pt|[Uu]nit)\s*\d+[A-Za-z]?,?\s*)?"
    rf"(?P<num>\d{{1,4}}[A-Za-z]?),?[ ](?P<street>{_W}(?:[ ]{_W}){{0,3}}?)"
    rf"(?:,[ ]*(?P<town>{_W}(?:[ ]{_W}){{0,2}}))?,?[ ]*$"
)


#: Words the cues above also precede that are not places ("placement: foster", "left home").
_NOT_PLACES = frozenset({"home", "school", "foster", "care", "residential", "private", "family",
                         "police", "staff", "the", "his", "her", "their", "unknown", "none"})
#: How far back from a postcode or town an address or an open bracket is looked for.
_LOOKBACK = 240


def _fine_name(name: str) -> bool:
    """False for "On Market", "The Park", "Kayla Said Street": words no place starts with."""
    words = name.split()
    return bool(words) and words[0].lower() not in STOP and all(
        w.lower() not in STOP or w.lower() in {"new", "north"} for w in words)


_PERSON_BEFORE = re.compile(r"(?i:(?:\bwith|\bw/|\bby|\bmet|\band|\bcalled|\bnamed|\bmum|\bdad|"
                            r"\bcarer|\bworker)\s*\(?\s*$)")


def _person_named(text: str, start: int, name_words: list[str]) -> bool:
    """"met up with Connor Lane", "Mum (Vanessa Lane)": a first name and a surname that is
    also a street suffix, where the words before say a person follows."""
    return len(name_words) == 1 and name_words[0].lower() in first_names() \
        and bool(_PERSON_BEFORE.search(text, max(0, start - 20), start))


def _key(value: str) -> str | None:
    try:
        return address_type.parse(value).key
    except InvalidValue:
        return None


def _mention(text: str, start: int, end: int, key: str | None, kind: str, priority: int,
             source: str, **attrs: str | None) -> Mention:
    start, end = _strip(text, start, end)
    info = {"postcode": None, "kind": kind}
    info.update({k: v for k, v in attrs.items() if v})
    return Mention("LOCATION", start, end, text[start:end], key, info, priority, source)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " ,.;:":
        end -= 1
    while start < end and text[start] in " ,;:":
        start += 1
    return start, end


def _postcode_addresses(text: str) -> Iterator[Mention]:
    """Addresses that end in a postcode, and postcodes standing alone."""
    for m in postcode_type.IN_TEXT.finditer(text):
        try:
            pc = postcode_type.clean(m.group(0))
        except InvalidValue:
            continue
        if not m.group(0)[0].isupper() and not m.group(0).isupper():
            continue  # "b4 7ss" in prose is rarely a postcode; capitals say it is
        # the address before a postcode is on its line, and never hundreds of characters long
        line_start = max(text.rfind("\n", max(0, m.start() - _LOOKBACK), m.start()) + 1,
                         m.start() - _LOOKBACK)
        seg_start = line_start
        for mark in (": ", "(", ". ", "; "):
            i = text.rfind(mark, line_start, m.start())
            if i >= 0:
                seg_start = max(seg_start, i + len(mark))
        segment = text[seg_start:m.start()]
        found = None
        anchored = _ADDRESS_BEFORE_POSTCODE.match(segment.lstrip())
        if anchored and anchored.group("bname") and not _fine_name(anchored.group("bname")):
            anchored = None
        if anchored:
            found = (seg_start + len(segment) - len(segment.lstrip()) + anchored.start(), anchored)
        else:
            for cand in re.finditer(r"(?<![\w/:.-])\d{1,4}[A-Za-z]?,?[ ]", segment):
                sub = _ADDRESS_BEFORE_POSTCODE.match(segment, cand.start())
                if sub and not sub.group("bname"):
                    found = (seg_start + cand.start(), sub)
                    break
        if found:
            start, sub = found
            raw = text[start:m.end()]
            parsed = address_type.parse(raw)
            town = sub.group("town")
            kind = "building" if sub.group("bname") else "house"
            yield _mention(text, start, m.end(), parsed.key, kind, 80, "address+postcode",
                           postcode=pc, town=town,
                           name=sub.group("bname"))
        else:
            yield _mention(text, m.start(), m.end(), _key(pc), "postcode", 75, "postcode",
                           postcode=pc)


def find(text: str) -> list[Mention]:
    """All LOCATION candidates in ``text`` (overlaps are settled later, by priority)."""
    out = list(_postcode_addresses(text))
    for m in _NUMBERED.finditer(text):
        street = m.group("street")
        if not _fine_name(street.rsplit(" ", 1)[0]):
            continue
        key = _key(f"{m.group('num')} {street}")
        out.append(_mention(text, m.start(), m.end(), key, "house", 78, "numbered",
                            town=m.group("town")))
    for m in _NUMBERED_LOWER.finditer(text):
        words = m.group("street").split()[:-1]
        if any(w in STOP for w in words):
            continue
        out.append(_mention(text, m.start(), m.end(), _key(f"{m.group('num')} "
                                                           f"{m.group('street')}"),
                            "house", 70, "numbered-lower"))
    for m in _STREET_RX.finditer(text):
        street = m.group("street")
        words = street.split()
        name_words = words[:-1]
        if not _fine_name(" ".join(name_words)):
            # "On Market Street": drop leading stop words rather than the street
            while name_words and name_words[0].lower() in STOP:
                name_words.pop(0)
            if not name_words:
                continue
            street_start = m.start("street") + street.index(name_words[0])
        else:
            street_start = m.start("street")
        if not m.group("cue") and _person_named(text, street_start, name_words):
            continue
        start = m.start("cue") if m.group("cue") else street_start
        kind = "flat" if (m.group("cue") or "").lower().startswith("flat") or m.group("tail") \
            else ("shops" if (m.group("cue") or "").lower().startswith("shop") else "street")
        key = address_type.normalise_street(text[street_start:m.end("street")])
        out.append(_mention(text, start, m.end(), key, kind, 60, "street",
                            town=m.group("town")))
    for m in _FLAT_BARE.finditer(text):
        word = m.group("street")
        if word.lower() in STOP or word.lower() in TOWN_SET:
            continue
        out.append(_mention(text, m.start(), m.end(), text_type.fold(word), "flat", 55,
                            "flat-on"))
    for m in _VENUE.finditer(text):
        name = m.group("name")
        words = name.split()
        while words and words[0].lower() in STOP:
            words.pop(0)
        if not words:
            continue
        start = m.start("name") + name.index(words[0])
        end = m.end("town") if m.group("town") else m.end("venue")
        key_end = m.end("venue")
        key = text_type.fold(text[start:key_end])
        venue = m.group("venue")
        out.append(_mention(text, start, end, key, VENUES[venue], 70, "venue",
                            town=m.group("town")))
    for m in _BUILDING.finditer(text):
        if not _fine_name(m.group("name")):
            continue
        name = text[m.start():m.end("kind")]
        out.append(_mention(text, m.start(), m.end(), text_type.fold(name), "building", 58,
                            "building", name=name, town=m.group("town")))
    for m in _HUB.finditer(text):
        key = text_type.fold(m.group(0))
        out.append(_mention(text, m.start(), m.end(), key, HUBS[m.group("name")], 65, "hub"))
    for m in _TOWN_RX.finditer(text):
        town = m.group("town")
        lookback = max(0, m.start() - _LOOKBACK)
        newline = text.rfind("\n", lookback, m.start())
        line = text[newline + 1 if newline >= 0 else lookback:m.start()]
        if line.count("(") > line.count(")"):
            continue  # "(also LAC in Bolton)": an aside about status, not a place visited
        out.append(_mention(text, m.start("town"), m.end("town"), text_type.fold(town), "town",
                            40, "town", town=town))
    for m in _NAMED_BY_CUE.finditer(text):
        name = m.group("name")
        if not _fine_name(name) or name.lower() in TOWN_SET or name.lower() in _NOT_PLACES:
            continue
        out.append(_mention(text, m.start("name"), m.end("name"), text_type.fold(name),
                            "named place", 44, "named", name=name))
    for m in _ROAD.finditer(text):
        out.append(_mention(text, m.start("road"), m.end("road"), m.group("road").lower(),
                            "road", 50, "road"))
    return out


@Language.factory("rhigraph_places")
def make_places(nlp: Language, name: str) -> Places:
    return Places()


class Places:
    """Adds LOCATION mentions (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        for mention in find(text_of(doc)):
            add(doc, mention)
        return doc
