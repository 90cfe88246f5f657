"""Which sentences of a note may travel in a form, and which never do.

An RHI note is confidential; an information-sharing form carries the soft intelligence in
it, graded and proportionate. So a draft quotes only sentences from the parts that record
what happened (reasons, experiences, risk factors, the child's comments) and never from the
practitioner's reflection, the protective factors, the actions or the manager's response,
nor from the header (addresses, social workers).

Two guards, because templates word their headings in many ways:

* the note parser's sections (``ingest.notes``) say which parts are which; a note with no
  reasons or experiences heading (narrative and terse styles) contributes its prose from the
  end of its header to the next section;
* independently, any line that opens a withheld part in words the parser may not know
  ("Worker's analysis", "Plan:", "Management oversight") ends whatever carried part it sits
  in (:data:`WITHHELD_HEADING`), so an unknown heading cannot smuggle a reflection into a
  form under the child's comments.

The header ends after the last early line with a header signal (ids, "DOB", "Worker:",
labelled fields), so it is found with or without a blank line after it (Word and PDF text
often has none) and with its lines wrapped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.notes import BLOCK_HEADINGS, LABELS, SERVICES_HEADINGS, parse_note
from ingest.readers.layout import Line, heading_key, labels_in

CARRIED = ("reasons", "experiences", "risk_factors", "child_voice")
WITHHELD = ("practitioner_reflection", "protective_factors", "actions", "manager_response")
#: A line opening a withheld part, whatever the template calls it.
WITHHELD_HEADING = re.compile(
    r"^[ \t]*(?:(?:(?:the\s+)?(?:practitioner|worker|professional|social\s+worker|rhi\s+worker"
    r"|interviewer)(?:['\u2019]?s)?\s+)(?:reflections?|analysis|views?|assessment|opinion"
    r"|comments|summary)|reflections?|analysis|assessment|protective(?:\s+factors)?"
    r"|strengths|(?:agreed\s+)?actions?(?:\s+(?:plan|agreed))?|recommendations?|next\s+steps"
    r"|plan|outcome|(?:manager|management)(?:['\u2019]?s)?(?:\s+(?:response|oversight"
    r"|comments|decision|sign[\s-]?off))?)\s*(?::|\?|$)",
    re.IGNORECASE | re.MULTILINE)
_BOUNDARY = re.compile(
    r"(?<=[.!?])(?<!\b[A-Z]\.)[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9@])")
#: A blank line, or a line break before a list item ("1. ", "- ", "(a) ").
_BLOCK_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:\d{1,2}[.)]|[-\u2022*]|\([a-z0-9]\))\s)")
_HEADER_SIGNAL = re.compile(
    r"\b[A-Z]{1,3}-\d{3,8}\b|\b[A-Z]{2,6}-\d{4}-\d{3,7}\b|\bd\.?o\.?b\b|\brhi\b"
    r"|return\s+home\s+interview|\b(?:worker|interviewer)\s*:|reported\s+missing"
    r"|police\s+risk|\bepisode\b", re.IGNORECASE)
_FIRST_ITEM = re.compile(r"\n(?=[ \t]*(?:\d{1,2}[.)]|[-\u2022*])[ \t])")
_HEADER_LINES = 30


@dataclass(frozen=True)
class Sentence:
    """A sentence of the note: its span, its text and the section it belongs to."""

    start: int
    end: int
    text: str
    section: str

    @property
    def clean(self) -> str:
        """The sentence on one line, as a form prints it."""
        return " ".join(self.text.split())


def carried_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` that a form may quote, in order (module docstring)."""
    sections = parse_note(text).sections
    header_end = header_length(text)
    regions = [(max(s, header_end), e, name) for name, (s, e) in sections.items()
               if name in CARRIED]
    if "reasons" not in sections and "experiences" not in sections:
        stops = [text.rfind("\n", 0, s) + 1 for s, _ in sections.values() if s > header_end]
        regions.append((header_end, min(stops, default=len(text)), "experiences"))
    withheld = [sections[name] for name in WITHHELD if name in sections]
    cuts = [m.start() for m in WITHHELD_HEADING.finditer(text)]
    out: list[Sentence] = []
    for start, end, name in sorted(regions):
        end = min([c for c in cuts if start <= c < end] or [end])
        for sentence in sentences(text, start, end, name):
            if not any(s < sentence.end and sentence.start < e for s, e in withheld):
                out.append(sentence)
    return out


def header_length(text: str) -> int:
    r"""Where the header ends: after the last line, among the first :data:`_HEADER_LINES`
    and before the first list item or parsed section, that carries a header signal (an id,
    "DOB", "RHI", "Worker:", "police risk", a labelled header field or a block heading).
    Lines wrapped in between ("at Hollinwood Lodge by police.") belong to the header.

    >>> note = "Owen T  C-1005\nReported missing 07/01\nat home.\nRHI 10/01. Worker: S.\n"
    >>> (note + "Owen went out.")[header_length(note + "Owen went out."):]
    'Owen went out.'
    """
    sections = parse_note(text).sections
    item = _FIRST_ITEM.search(text, len(text) - len(text.lstrip()))
    withheld = WITHHELD_HEADING.search(text)
    limit = min([text.rfind("\n", 0, s) + 1 for s, _ in sections.values()]
                + [item.start() + 1 if item else len(text),
                   withheld.start() if withheld else len(text), len(text)])
    position, end = 0, 0
    for count, line in enumerate(text.split("\n")):
        if count >= _HEADER_LINES or position >= limit:
            break
        position += len(line) + 1
        if _header_line(line):
            end = min(position, limit)
    while end < len(text) and text[end] in " \t\n":
        end += 1
    return end


def _header_line(line: str) -> bool:
    if _HEADER_SIGNAL.search(line):
        return True
    key = heading_key(Line(0, len(line), line))
    if key and (key in BLOCK_HEADINGS or key in SERVICES_HEADINGS
                or "return home interview" in key):
        return True
    labels = labels_in(Line(0, len(line), line))
    return bool(labels) and labels[0].key in LABELS


def withheld_text(text: str) -> list[str]:
    """The sentences of the parser's withheld sections (for checks and tests)."""
    sections = parse_note(text).sections
    return [s.clean for name in WITHHELD if name in sections
            for s in sentences(text, *sections[name], name)]


def sentences(text: str, start: int, end: int, section: str) -> list[Sentence]:
    """Split ``text[start:end]`` into sentences. Paragraphs (blank lines) and list items
    always end one; a single line break does not, because PDF text layers and Word exports
    wrap lines mid-sentence. A capital's full stop ("S. Grant") is an initial, not an end.

    >>> [s.clean for s in sentences('He went. "No," she\\nsaid.\\n\\nS. Grant', 0, 34, "x")]
    ['He went.', '"No," she said.', 'S. Grant']
    """
    out: list[Sentence] = []
    for block_start, block_end in _blocks(text, start, end):
        cursor = block_start
        for boundary in [*_BOUNDARY.finditer(text, block_start, block_end), None]:
            stop = boundary.start() + _closing(boundary.group(0)) if boundary else block_end
            piece = text[cursor:stop]
            if piece.strip():
                s = cursor + len(piece) - len(piece.lstrip())
                out.append(Sentence(s, s + len(piece.strip()), piece.strip(), section))
            cursor = boundary.end() if boundary else block_end
    return out


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraphs and list items of ``text[start:end]`` as spans."""
    cuts = [start, *(m.end() for m in _BLOCK_BREAK.finditer(text, start, end)), end]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b].strip()]


def _closing(gap: str) -> int:
    """How many characters of a boundary match belong to the sentence before it (closing
    quotes and brackets), the rest being the space."""
    return len(gap) - len(gap.lstrip("\"'\u201d\u2019)"))
