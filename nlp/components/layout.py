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
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from nlp.components.base import load_patterns

_LINE = re.compile(r"[^\n]*")
#: "Label: value" at the start of a line or after a run of spaces (two labels on one line).
_FIELD = re.compile(
    r"(?:^[ \t]*(?:\(?[a-z0-9]{1,2}[.)][ \t]*)?|(?<=\S[ \t]{2})|(?<=\t))(?P<label>[A-Z][A-Za-z'’ ()/&.\-]{0,45}?)\s*:[ \t]*(?P<value>[^\n]*?)"
    r"(?=\s{2,}[A-Z][A-Za-z'’ ()/&.\-]{0,45}?\s*:|\s*$)",
    re.MULTILINE,
)
#: Where a sentence ends inside a line: . ! ? then space, then something that can start one.
_SENT_END = re.compile(r"(?<=[.!?])[\"”')]?\s+(?=[\"“'(]?[A-Z0-9£])")
_ABBREV = frozenset(
    ["no", "mr", "mrs", "ms", "mx", "dr", "st", "approx", "e.g", "i.e", "etc", "vs", "nr", "tel", "mob", "ref", "pc", "dc", "ds", "sgt", "rd", "ave"]
)
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
    """Sentences (start, end), per-line sections and labelled fields of one text."""

    sents: list[tuple[int, int]]
    line_starts: list[int]
    line_sections: list[str]
    fields: list[Field]

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
        """The labelled field whose value contains ``offset``, if any."""
        for f in self.fields:
            if f.start <= offset < f.end:
                return f
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
        before = text[seg_start:m.start()].rstrip(".!?\"”')")
        last = before.rsplit(None, 1)[-1].lower() if before.split() else ""
        if last in _ABBREV or (len(last) == 1 and last.isalpha()):
            continue
        if text[seg_start:m.start()].strip():
            out.append((seg_start, m.start()))
        seg_start = m.end()
    if text[seg_start:end].strip():
        out.append((seg_start, end))


def compute(text: str) -> Layout:
    """Work out the layout of ``text`` (pure function; see the module doctest)."""
    sents: list[tuple[int, int]] = []
    line_starts: list[int] = []
    line_sections: list[str] = []
    current = "header"
    seen_body = False
    for m in _LINE.finditer(text):
        if m.start() == m.end() and m.start() > 0 and text[m.start() - 1] != "\n":
            continue  # the empty match after each line
        start, end = m.span()
        line = text[start:end]
        stripped = line.strip()
        section = current
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
            _split_sentences(text, start, end, sents)
        line_starts.append(start)
        line_sections.append(section)
    fields = [
        Field(m.group("label").strip().lower(), m.start("value"), m.end("value"))
        for m in _FIELD.finditer(text)
        if m.group("value").strip()
    ]
    return Layout(sents, line_starts, line_sections, fields)


def layout(doc: Doc) -> Layout:
    """The doc's layout, computed on first use and kept on ``doc._.rhi_layout``."""
    if doc._.rhi_layout is None:
        doc._.rhi_layout = compute(doc.text)
    return doc._.rhi_layout


@Language.factory("rhigraph_layout")
def make_layout(nlp: Language, name: str) -> LayoutComponent:
    return LayoutComponent()


class LayoutComponent:
    """Pipeline step that computes the layout first, so later steps share it."""

    def __call__(self, doc: Doc) -> Doc:
        layout(doc)
        return doc
