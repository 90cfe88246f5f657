"""Layout of a note: sentences, sections and labelled header fields, by regular expression.

Notes are half form, half prose. The later components need to know where a sentence ends
(relations and negation never cross one), which section a line belongs to ("Risk:" lines
restate the narrative) and which values sit behind a label ("Social worker: Nadia Hussain").
This is computed once per document from the raw text, so it is the same with or without a
statistical model (the blank pipeline has no parser).

>>> lay = compute("Worker: Gemma Kershaw    Agency: Bolton MFH\\nShe went out. He did not.")
>>> [f.label for f in lay.fields]
['worker', 'agency']
>>> len(lay.sents)
3
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from nlp.components.base import load_patterns, text_of

_LINE = re.compile(r"[^\n]*")
#: "Label: value" at the start of a line or after a run of spaces (two labels on one line).
_FIELD = re.compile(
    r"(?:^[ \t]*(?:\(?[a-z0-9]{1,2}[.)][ \t]*)?|(?<=[ \t]{2})|(?<=\t))"
    r"(?P<label>[A-Z][A-Za-z'’ ()/&.\-]{0,45}?)\s*:[ \t]*(?P<value>[^\n]*?)"
    r"(?=\s{2,}[A-Z][A-Za-z'’ ()/&.\-]{0,45}?\s*:|\s*$)",
    re.MULTILINE,
)
#: Where a sentence ends inside a line: . ! ? then space, then something that can start one.
_SENT_END = re.compile(r"(?<=[.!?])[\"”')]?\s+(?=[\"“'(]?[A-Z0-9£])")
_ABBREV = frozenset(
    [
        "no", "mr", "mrs", "ms", "mx", "dr", "st", "approx", "e.g", "i.e", "etc", "vs", "nr", "tel",
        "mob", "ref", "pc", "dc", "ds", "sgt", "rd", "ave"
    ]
)
_BULLET = re.compile(r"^(?:\(?[a-z0-9]{1,2}[.)]|[-•*])\s")
_SECTION_RULES = tuple(
    (r["section"], re.compile(r["pattern"], re.IGNORECASE)) for r in load_patterns("sections")
)
SUMMARY_SECTIONS = frozenset({"risk", "protective", "reflection", "actions", "manager"})


@dataclass(frozen=True, slots=True)
class Field:
    """A labelled value: ``label`` lower-cased, ``start``/``end`` the value's offsets."""

    label: str
    start: int
    end: int


@dataclass(slots=True)
class Layout:
    """Sentences (start, end), per-line sections and labelled fields of one text.

    Every lookup is a binary search, because components ask once per mention and a long
    note has tens of thousands of mentions.
    """

    sents: list[tuple[int, int]]
    line_starts: list[int]
    line_sections: list[str]
    fields: list[Field]
    field_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.fields.sort(key=lambda f: f.start)
        self.field_starts = [f.start for f in self.fields]

    def sentence(self, offset: int) -> tuple[int, int]:
        """The sentence containing ``offset`` (or the nearest one before it)."""
        i = bisect_right(self.sents, (offset, float("inf"))) - 1
        return self.sents[max(i, 0)] if self.sents else (0, 0)

    def sentence_index(self, offset: int) -> int:
        return max(bisect_right(self.sents, (offset, float("inf"))) - 1, 0)

    def section(self, offset: int) -> str:
        """The section kind of the line containing ``offset`` ("body" when unknown)."""
        i = bisect_right(self.line_starts, offset) - 1
        return self.line_sections[i] if i >= 0 else "body"

    def field_at(self, offset: int) -> Field | None:
        """The labelled field whose value contains ``offset``, if any (values never overlap)."""
        i = bisect_right(self.field_starts, offset) - 1
        if i >= 0 and offset < self.fields[i].end:
            return self.fields[i]
        return None


def _section_of(heading: str) -> str | None:
    text = heading.strip().strip(":").strip()
    if not text or len(text) > 60:
        return None
    for section, rule in _SECTION_RULES:
        if rule.match(text):
            return section
    return None


def _split_sentences(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append the sentences of one line, not splitting after "no." or "M." and the like."""
    seg_start = start
    for m in _SENT_END.finditer(text, start, end):
        before = text[max(seg_start, m.start() - 24):m.start()].rstrip(".!?\"”')")
        last = before.rsplit(None, 1)[-1].lower() if before.split() else ""
        if last in _ABBREV or (len(last) == 1 and last.isalpha()):
            continue
        if text[seg_start:m.start()].strip():
            out.append((seg_start, m.start()))
        seg_start = m.end()
    if text[seg_start:end].strip():
        out.append((seg_start, end))


def _continues(paragraph: str, line: str) -> bool:
    """Whether ``line`` carries on a sentence that a wrapped line broke off.

    Word and PDF copies wrap paragraphs at the page width ("She said she had not been" /
    "drinking."); a sentence must not stop there, or negation and relations lose their
    scope. A line continues the one before when that did not end a sentence or a field, and
    it starts in lower case or follows a line as long as a wrapped one.
    """
    last = paragraph.rstrip()
    if not last or last[-1] in ".!?:;\"”)" or line[:1] in "-•*" or _BULLET.match(line):
        return False
    tail = last[last.rfind("\n") + 1:]
    return line[:1].islower() or (len(tail) >= 60 and line[:1].isalnum())


def compute(text: str) -> Layout:
    """Work out the layout of ``text`` (pure function; see the module doctest)."""
    sents: list[tuple[int, int]] = []
    line_starts: list[int] = []
    line_sections: list[str] = []
    current = "header"
    seen_body = False
    para: list[int] = []  # [start, end] of the paragraph being read, wrapped lines joined
    for m in _LINE.finditer(text):
        if m.start() == m.end() and m.start() > 0 and text[m.start() - 1] != "\n":
            continue  # the empty match after each line
        start, end = m.span()
        line = text[start:end]
        stripped = line.strip()
        section = current
        if not stripped and para:
            _split_sentences(text, para[0], para[1], sents)
            para = []
        if stripped:
            heading = _section_of(stripped)
            label = stripped.split(":", 1)[0] if ":" in stripped[:50] else None
            inline = _section_of(label) if label else None
            if heading and (stripped.isupper() or not stripped.endswith(".")):
                current = section = heading
                seen_body = seen_body or heading not in {"header", "subject", "source"}
            elif inline:
                section = inline
                if stripped.split(":", 1)[1].strip() == "":
                    current = inline
            elif not seen_body and current == "header" and ":" not in stripped[:50] \
                    and len(stripped) > 120:
                current = section = "body"
                seen_body = True
            if para and not heading and not label and _continues(text[para[0]:para[1]], stripped):
                para[1] = end
            else:
                if para:
                    _split_sentences(text, para[0], para[1], sents)
                para = [start, end]
        line_starts.append(start)
        line_sections.append(section)
    if para:
        _split_sentences(text, para[0], para[1], sents)
    fields = [
        Field(m.group("label").strip().lower(), m.start("value"), m.end("value"))
        for m in _FIELD.finditer(text)
        if m.group("value").strip()
    ]
    return Layout(sents, line_starts, line_sections, fields)


def layout(doc: Doc) -> Layout:
    """The doc's layout, computed on first use and kept on ``doc._.rhi_layout``."""
    if doc._.rhi_layout is None:
        doc._.rhi_layout = compute(text_of(doc))
    return doc._.rhi_layout


@Language.factory("rhigraph_layout")
def make_layout(nlp: Language, name: str) -> LayoutComponent:
    return LayoutComponent()


class LayoutComponent:
    """Pipeline step that computes the layout first, so later steps share it."""

    def __call__(self, doc: Doc) -> Doc:
        layout(doc)
        return doc
