"""ORGANISATION: agencies, councils, police forces, schools and teams.

An organisation is a run of capitalised words ending in a word organisations end in (Team,
Council, Police, Academy, Housing, Social Care, Safeguarding ...), an acronym that names one
(GMP, BTP; "Bolton MFH" with its town), a unitary authority whose name is not a town
("Blackburn with Darwen"), or the value of an "Agency:" field. Acronyms that name a process or
a status (CSE, LAC, MACE, NRM) never are, whatever the statistical model says.

>>> from nlp.components.orgs import find
>>> [(m.text, m.normalised) for m in find("Open to Bolton Complex Safeguarding Team and GMP.")]
[('Bolton Complex Safeguarding Team', 'bolton complex safeguarding team'), \
('GMP', 'greater manchester police')]
>>> [m.normalised for m in find("Worker: Lee (Wigan MFH). LA: Blackburn w Darwen")]
['wigan missing from home team', 'blackburn with darwen council']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from graph.types import text as text_type
from nlp.components.base import (
    Mention,
    add,
    load_patterns,
    mapping,
    text_of,
    vocab,
    words_alternation,
)
from nlp.components.layout import layout

_ROWS = load_patterns("orgs")
SUFFIXES = [r["word"] for r in _ROWS if r["kind"] == "suffix"]
ACRONYMS = {r["word"]: r["value"] for r in _ROWS if r["kind"] == "acronym"}
#: Acronyms of teams every area has (MFH, YOT): an organisation only with the area's name.
LOCAL = frozenset(r["word"] for r in _ROWS if r["kind"] == "acronym" and r.get("local"))
AUTHORITIES = {r["word"]: r["value"] for r in _ROWS if r["kind"] == "authority"}
NOT_ORG = frozenset(r["word"] for r in _ROWS if r["kind"] == "not_org")
EXPAND = mapping("orgs", "expand")
COMPLETE = mapping("orgs", "complete")
_PLACE_STOP = vocab("places", "stop") - {"police", "council", "school", "academy", "college",
                                         "team", "agency", "home"}

_OW = r"(?:[A-Z][A-Za-z'’]*(?:-[A-Za-z'’]+)*|&)"
_CONNECT = r"(?:of|for|with|w|from|&|the|on|in)"
_ORG = re.compile(
    rf"(?<![\w'’-])(?P<org>(?:{_OW}[ ](?:{_CONNECT}[ ](?=[A-Z]))?){{1,5}}"
    rf"(?:{words_alternation(SUFFIXES)}))(?![\w'’-])"
    r"(?![ ](?:Lead|Officer|Manager|Worker|Practitioner|Nurse|Partner|Coordinator|Screening))"
)
_ACRONYM = re.compile(
    rf"(?<![\w'’-])(?:(?P<town>[A-Z][a-z]+)[ ])?(?P<acr>{words_alternation(list(ACRONYMS))})"
    r"(?![\w'’-])"
)
_AUTHORITY = re.compile(
    rf"(?<![\w'’-])(?P<la>{words_alternation(list(AUTHORITIES))})"
    r"(?P<council>[ ](?:Borough |City )?Council)?"
    r"(?![\w'’-])"
)
_AGENCY_LABELS = frozenset({"agency", "organisation", "organization", "service", "team",
                            "school", "referrer agency", "from agency"})


#: "blackburn w darwen" -> "blackburn with darwen council": written forms of an authority.
_AUTHORITY_KEYS = {text_type.fold(k): text_type.fold(v) or text_type.fold(k)
                   for k, v in AUTHORITIES.items()}


def normalise(name: str) -> str:
    """Key for an organisation: folded, acronyms and abbreviations spelled out.

    >>> normalise("Wigan Complex Safeguarding")
    'wigan complex safeguarding team'
    """
    words = [EXPAND.get(w, w) for w in (text_type.fold(name) or "").split()]
    key = " ".join(words)
    for short, full in COMPLETE.items():
        if key.endswith(short):
            key = key[: -len(short)] + full
    return _AUTHORITY_KEYS.get(key, key)


def _trim_leading(text: str, start: int, end: int) -> int:
    """Drop leading words like "Open", "The", "To" from a capitalised run."""
    while start < end:
        word_end = text.find(" ", start, end)
        if word_end < 0:
            break
        word = text[start:word_end]
        if word.lower() in _PLACE_STOP or word in NOT_ORG or word.isdigit():
            start = word_end + 1
        else:
            break
    return start


def find(text: str) -> Iterator[Mention]:
    """Yield ORGANISATION mentions."""
    for m in _ORG.finditer(text):
        start = _trim_leading(text, m.start(), m.end())
        raw = text[start:m.end()]
        if " " not in raw and raw in {"Police", "Council", "School", "Team", "Services", "Care"}:
            continue
        if len(raw.split()) == 1 and raw not in {"Barnardo's", "Catch22"}:
            continue
        yield Mention("ORGANISATION", start, m.end(), raw, normalise(raw), {}, 70, "org")
    for m in _ACRONYM.finditer(text):
        town = m.group("town")
        start = m.start() if town and town.lower() not in _PLACE_STOP else m.start("acr")
        raw = text[start:m.end()]
        if start == m.start("acr") and m.group("acr") in LOCAL:
            continue  # "by MFH": some area's team, not one the graph can name
        prio = 72 if start != m.start("acr") else 68
        yield Mention("ORGANISATION", start, m.end(), raw, normalise(raw), {}, prio, "acronym")
    for m in _AUTHORITY.finditer(text):
        yield Mention("ORGANISATION", m.start(), m.end(), m.group(0), normalise(m.group("la")),
                      {}, 74, "authority")


@Language.factory("rhigraph_orgs")
def make_orgs(nlp: Language, name: str) -> Orgs:
    return Orgs()


class Orgs:
    """Adds ORGANISATION mentions, including the value of an "Agency:" field."""

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        for mention in find(text):
            add(doc, mention)
        for field in layout(doc).fields:
            if field.label not in _AGENCY_LABELS:
                continue
            value = text[field.start:field.end]
            cut = min([i for i in (value.find(" ("), value.find(","), value.find(" - "))
                       if i > 0] or [len(value)])
            start, end = field.start, field.start + cut
            raw = text[start:end].strip()
            if raw and raw[0].isupper() and len(raw) < 80:
                add(doc, Mention("ORGANISATION", start, start + len(raw), raw, normalise(raw),
                                 {}, 76, "agency-field"))
        return doc
