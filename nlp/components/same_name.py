"""Two people with one first name in one note: the evidence that they are not the same.

A note may name a 15-year-old friend "Brandon" and, a few lines on, the adult who drives the
child about, also "Brandon". Folding the two into one person joins a child's peer to an adult
of concern, a safeguarding harm that no later step can undo. A practitioner writing such a
note says which is which, and this module reads what they say about each mention:

* a marker that it is someone else: "another Brandon", "a different Jamie", "the other
  Callum", "older Brandon";
* an age band: "(16)", "Year 10", "his mate", "with Brandon and they walked" (a peer) against
  "about 25", "an older male", "Brandon drives for Laurie", "picked her up in a car" (an adult:
  a driver is old enough to hold a licence).

Grouping (:mod:`nlp.components.grouping`) keeps a bare first name away from an earlier person
of that name whose band contradicts it; with no evidence, one name is one person as before.

>>> text = "She left with Brandon (15) and they walked. Brandon drives for Laurie."
>>> sorted(said_of(text, 14, 21)), sorted(said_of(text, 44, 51))
(['peer'], ['driver'])
>>> sorted(said_of("Tyler and Kyle being picked up by an Audi", 10, 14))
[]
>>> contradict({"peer"}, {"driver"}), contradict({"with"}, {"adult"})
(True, False)
>>> sorted(said_of("She got picked up by Jamie in an Audi.", 21, 26))
['driver']
>>> marked_other("She met another Brandon there", 16)
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlp.components.roles import (
    ADULT_AFTER,
    ADULT_BEFORE,
    AGE,
    PEER_AFTER,
    PEER_BEFORE,
    TAKES_PLACES,
    WITH_AFTER,
    WITH_BEFORE,
    age_years,
)

#: "another Brandon", "a different Jamie", "the other Callum", "a second Kyle", "older Ash".
_OTHER_BEFORE = re.compile(
    r"(?i:\b(?:another|(?:a|the)\s+(?:different|other|second|older|younger)|older|younger)"
    r"\s+(?:(?:lad|boy|man|male|girl|one)\s+(?:called|named)\s+)?$)")
_OLDER_BEFORE = re.compile(r"(?i:\bolder\s+(?:(?:lad|boy|man|male)\s+(?:called|named)\s+)?$)")
_YOUNGER_BEFORE = re.compile(r"(?i:\byounger\s+(?:(?:lad|boy|girl)\s+(?:called|named)\s+)?$)")
#: The person drives: "Brandon drives for Laurie", "Jamie drove them about", "Callum picked
#: him up", "Declan collected her in a black Nissan", "takes her places", "Kyle's car".
_DRIVES_AFTER = re.compile(
    r"(?i:^(?:['’]s\s+(?:car|motor)\b|\s+(?:(?!(?:being|been|was|were|is|are|got|gets|get)\b)"
    r"\w+\s+){0,2}?(?:drove|drives|driving|picked|picks"
    r"|collected|collects|takes\s+(?:her|him|them)\s+places)\b))")
#: ... or is the one the child is driven by: "got picked up by Jamie", "a lift from Kyle".
_DRIVEN_BEFORE = re.compile(
    r"(?i:\b(?:picked\s+(?:\w+\s+)?up|collected|driven(?:\s+\w+)?|(?:a\s+)?lifts?)"
    r"\s+(?:by|from|off)\s+$)")
_TAKES_PLACES = re.compile(rf"(?i:{TAKES_PLACES})")
_SENTENCE_END = re.compile(r"[.!?\n]")


def _sentence_window(text: str, start: int, end: int) -> tuple[str, str]:
    """The words before and after a mention, inside its sentence (as roles reads them)."""
    lo = max(0, start - 60)
    before = text[lo:start]
    cut = max(before.rfind(c) for c in ".!?\n")
    before = before[cut + 1:] if cut >= 0 else before
    after = text[end:end + 80]
    stop = _SENTENCE_END.search(after)
    return before, after[:stop.start()] if stop else after


def marked_other(text: str, start: int) -> bool:
    """Whether the words just before a name say it is a second person of that name."""
    return bool(_OTHER_BEFORE.search(text[max(0, start - 40):start]))


def said_of(text: str, start: int, end: int,
            attrs: dict[str, object] | None = None) -> frozenset[str]:
    """What the note says of this one mention's age: a set of "adult", "driver", "peer" and
    "with" (out with the child, which a peer usually is and an adult often is too).

    ``attrs`` are the mention's own hints from the person rules ("his mate Kyle" gives
    ``hint: PEER``, "Kyle (16)" ``age: 16``). Adult and peer evidence together say nothing.
    """
    attrs = attrs or {}
    before, after = _sentence_window(text, start, end)
    adult = peer = False
    ages = [str(attrs["age"])] if attrs.get("age") else []
    age = AGE.match(after)
    if age:
        ages.append(age.group("age"))
    for years in (age_years(a) for a in ages):
        if years is not None:
            adult, peer = adult or years >= 18, peer or years < 18
    hint = attrs.get("hint")
    adult |= hint in {"ADULT", "ADULT_OF_CONCERN"} or bool(_OLDER_BEFORE.search(before))
    peer |= hint == "PEER" or bool(_YOUNGER_BEFORE.search(before))
    clause = re.split(r"[;:]", before)[-1]
    adult |= bool(ADULT_BEFORE.search(clause[-30:]) or ADULT_AFTER.match(after[:40]))
    driver = bool(_DRIVES_AFTER.match(after) or _DRIVEN_BEFORE.search(before)
                  or _TAKES_PLACES.match(after))
    peer |= bool(PEER_BEFORE.search(clause[-40:]) or PEER_AFTER.match(after[:60]))
    if peer and (adult or driver):
        return frozenset()
    said = {"adult"} if adult else set()
    if driver:
        said.add("driver")
    if peer:
        said.add("peer")
    elif not said and (WITH_BEFORE.search(before) or WITH_AFTER.match(after)):
        said.add("with")
    return frozenset(said)


#: Pairs of things said that cannot both be true of one person.
_CONTRADICTIONS = frozenset({frozenset({"adult", "peer"}), frozenset({"driver", "peer"}),
                             frozenset({"driver", "with"})})


def contradict(one: Iterable[str], other: Iterable[str]) -> bool:
    """Whether what is said of one mention rules out its being the person of the other.

    Out with the child and an adult by age agree (adults of concern take children out); out
    with the child and driving them do not: notes write a peer and the driver of one name
    as "went out with Brandon ... Brandon drives for Laurie".
    """
    return any(frozenset({a, b}) in _CONTRADICTIONS for a in one for b in other)
