"""Names: the person vocabulary (nlp/patterns/persons.jsonl), name patterns, first names.

Shared by the person rules, the subject-child check, places (a street named like a person)
and the grouping of mentions, so that each reads a name the same way.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from graph.types import name as name_type
from nlp.components.base import load_patterns, vocab

_ROWS = load_patterns("persons")
FAMILY = {r["word"]: r["value"] for r in _ROWS if r["kind"] == "family"}
JOBS = [r["word"] for r in _ROWS if r["kind"] == "job"]
PEERS = [r["word"] for r in _ROWS if r["kind"] == "peer"]
ADULTS = [r["word"] for r in _ROWS if r["kind"] == "adult"]
LABELS = frozenset(r["word"] for r in _ROWS if r["kind"] == "label")
SUBJECT_LABELS = frozenset(r["word"] for r in _ROWS if r["kind"] == "subject_label")
COMMON = frozenset(r["word"] for r in _ROWS if r["kind"] == "common")
#: "joseph" -> ("joe", "joey"): what notes call a child whose header gives the full name.
DIMINUTIVES = {r["word"]: tuple(r["value"].split()) for r in _ROWS if r["kind"] == "diminutive"}
STOP = (frozenset(r["word"].lower() for r in _ROWS if r["kind"] == "stop")
        | vocab("places", "stop") | vocab("places", "town")
        | frozenset(w.lower() for w in STOP_WORDS))

FN = r"[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?"
SN = r"(?:Mc[A-Z][a-z]+|O['’][A-Z][a-z]+|[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{2,}(?:-[A-Z]{2,})?)"
NAME = rf"{FN}(?:[ ]{SN}){{0,2}}"
INITIAL_NAME = rf"(?<![\w.])[A-Z]\.?[ ]{SN}"  # not the "L. T" of "DSL. Tyler"
END = r"(?![\w'’-]|['’][A-Za-z]{2})"
CHILD_REF = re.compile(r"\b(?!MP-)[A-Z]{1,3}-\d{3,}\b")
ACRONYMS = frozenset(r["word"] for r in load_patterns("orgs") if r["kind"] in {"acronym",
                                                                                "not_org"})


#: Last words of places and bodies, never of a person's name ("Brookfield View, 15"); not
#: "Lane", "Park" or "Hall", which are surnames as often.
_PLACE_WORDS = frozenset((  # noqa: SIM905 - a word list reads better as text
    "street road court station house team council view lodge close drive crescent avenue "
    "grove gardens terrace centre academy school college hotel interchange"
).split())


def plausible(name: str) -> bool:
    """False for stop words, months, towns, labels and acronyms taken for names."""
    words = name.replace('"', " ").replace("“", " ").replace("”", " ").split()
    if not words:
        return False
    if len(words) > 1 and len(words[0].rstrip(".")) == 1:  # "A. Duffy": judge the surname
        words = words[1:]
    first = words[0].rstrip(".")
    if first.lower() in STOP or first in ACRONYMS:
        return False
    return not any(w in ACRONYMS or w.lower() in _PLACE_WORDS for w in words[1:])


def tokens(value: str) -> list[str]:
    try:
        return name_type.tokens(value)
    except Exception:  # noqa: BLE001 - a name that will not fold is no name
        return []
