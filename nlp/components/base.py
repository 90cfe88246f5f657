"""Shared plumbing for the rule components: mentions, doc extensions, sentences, patterns.

Every rhigraph component works on character offsets into ``doc.text`` rather than on token
spans, because practitioners' notes glue things together ("reg MF67LKW.", "(07700 900417)")
in ways that do not fall on token boundaries, and FORMATS.md section 5 asks for offsets that
slice the original text exactly. Components append :class:`Mention` objects to
``doc._.rhi_mentions``; ``rhigraph_aliases`` later folds them into one entity per thing.

Options that belong to one document (the subject child's names, the document kind) travel on
the ``Doc`` itself (``doc._.rhi_subjects``, ``doc._.rhi_kind``) so that ``nlp.pipe`` and
multi-process batches carry them without global state.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc

#: Extension attributes set on every ``Doc`` that goes through the pipeline.
EXTENSIONS = {
    "rhi_subjects": (),  # subject child's names as written in the header (excluded)
    "rhi_kind": None,  # "rhi_note" | "intel_form" | None
    "rhi_mentions": None,  # list[Mention], filled by the recognisers
    "rhi_entities": None,  # list[Entity], built by rhigraph_aliases
    "rhi_indicators": None,  # list[dict]
    "rhi_relations": None,  # list[dict]
    "rhi_layout": None,  # Layout: sentences, sections, labelled fields
    "rhi_subject_forms": None,  # frozenset of lower-case names the subject child goes by
    "rhi_subject_spans": None,  # list of (start, end) where the subject child is named
    "rhi_text": None,  # doc.text, computed once (spaCy rebuilds it from the tokens each time)
}
for _name, _default in EXTENSIONS.items():
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


#: Attributes the components pass to one another that are not part of the output.
INTERNAL_ATTRS = frozenset({"hint", "cue", "short", "possessor", "nicknames",
                            "subject_of_concern"})


@dataclass(slots=True)
class Mention:
    """One surface mention of a thing: a half-open character range into ``doc.text``.

    ``priority`` decides overlaps between recognisers (a phone number beats a person the
    statistical model saw in the same digits); ``source`` says which rule found it, for
    debugging and for the evaluation's error listing.
    """

    label: str
    start: int
    end: int
    text: str
    normalised: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    priority: int = 50
    source: str = ""

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(slots=True)
class Entity:
    """One real-world thing in one document: its mentions, role and attributes."""

    label: str
    mentions: list[Mention]
    normalised: str | None = None
    role: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def first(self) -> Mention:
        return self.mentions[0]


def text_of(doc: Doc) -> str:
    """``doc.text``, cached on the doc.

    ``Doc.text`` joins every token each time it is read, so reading it once per mention made
    extraction quadratic in the length of a note (a 40,000-character note took 100 s).
    Components read the text through this function instead.
    """
    if doc._.rhi_text is None:
        doc._.rhi_text = doc.text
    return doc._.rhi_text


def mentions(doc: Doc) -> list[Mention]:
    """The doc's mention list, created on first use."""
    if doc._.rhi_mentions is None:
        doc._.rhi_mentions = []
    return doc._.rhi_mentions


def add(doc: Doc, mention: Mention) -> None:
    """Append a mention after checking its offsets slice the text exactly."""
    if text_of(doc)[mention.start:mention.end] == mention.text and mention.text.strip():
        mentions(doc).append(mention)


def trim(text: str, start: int, end: int, chars: str = " \t\n,.;:-'\"()") -> tuple[int, int]:
    """Shrink ``[start, end)`` past surrounding punctuation and spaces."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


class SpanList:
    """Character spans that do not overlap, kept sorted; overlap tests by binary search.

    Overlapping spans given at the start are merged, so the ends stay sorted with the starts.

    >>> taken = SpanList([(0, 5), (3, 8), (20, 25)])
    >>> taken.overlaps(7, 10), taken.overlaps(8, 20)
    (True, False)
    >>> taken.add(10, 12); taken.overlaps(11, 11 + 1)
    True
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for s, e in sorted(spans):
            if self._ends and s < self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], e)
            else:
                self._starts.append(s)
                self._ends.append(e)

    def overlaps(self, s: int, e: int) -> bool:
        """Whether ``[s, e)`` overlaps a span in the list."""
        i = bisect_left(self._starts, e) - 1
        return i >= 0 and self._ends[i] > s

    def add(self, s: int, e: int) -> None:
        """Add a span that overlaps none in the list."""
        i = bisect_left(self._starts, s)
        self._starts.insert(i, s)
        self._ends.insert(i, e)


@cache
def load_patterns(name: str) -> tuple[dict[str, Any], ...]:
    """Rows of ``nlp/patterns/<name>.jsonl`` (blank lines and ``//`` comments skipped)."""
    raw = resources.files("nlp.patterns").joinpath(f"{name}.jsonl").read_text("utf-8")
    rows = []
    for line in raw.splitlines():
        line = line.strip()
        if line and not line.startswith("//"):
            rows.append(json.loads(line))
    return tuple(rows)


def words_alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, the longest where one is a prefix of another.

    The words are folded into a trie ("mum|mam|mother" becomes ``m(?:am|other|um)``), because
    Python's regex engine tries a plain alternation word by word at every position, and the
    vocabularies here run to hundreds of words: a trie lets one character rule out most of
    them, which made the person and vehicle rules several times faster.

    >>> words_alternation(["mum", "mums", "mam", "dad"])
    '(?:dad|m(?:am|um(?:s)?))'
    """
    trie: dict[str, Any] = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        alt = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{alt})?" if "" in node else alt

    return build(trie)


def vocab(name: str, kind: str) -> frozenset[str]:
    """The lower-cased ``word`` values of the rows of ``name`` whose ``kind`` is ``kind``."""
    return frozenset(r["word"].lower() for r in load_patterns(name) if r.get("kind") == kind)


def mapping(name: str, kind: str) -> dict[str, str]:
    """``word -> value`` for the rows of ``name`` whose ``kind`` is ``kind``."""
    return {r["word"].lower(): r.get("value", r["word"]) for r in load_patterns(name)
            if r.get("kind") == kind}
