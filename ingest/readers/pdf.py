"""PDF notes and forms (.pdf): the text layer of each page, pages joined with ``\\n``.

A PDF's text layer breaks every line where the page ran out ("Eleanor got picked up by" /
"Rhys in a black corsa"), and extraction reads a sentence as far as a line break, so a
wrapped line would cut "picked up by Rhys" or "a red Seat with MA20 on the plate" in two.
:func:`reflow` turns those soft breaks back into spaces, one character for one, so every
offset into the stored text is the offset pypdf gave; headings, labelled lines, numbered
actions and the ends of paragraphs keep their breaks.

A PDF without an end-of-file marker is refused rather than read in part, because half a
note is worse than none. Scans (no text layer) are refused with a clear reason: rhigraph
does no OCR. PDFs locked only by an owner password open with the empty user password, as
they do in any viewer.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from graph.exc import ReadError
from ingest.readers.layout import LABEL_LINE
from ingest.readers.source import Source, content_hash

FORMAT = "pdf"
EXTENSIONS = (".pdf",)
MIME_TYPES = ("application/pdf",)
SCORE = 20
_EOF_WINDOW = 2048
#: A line this much shorter than the page's widest one ended before the margin: it ends a
#: paragraph or a field, it was not wrapped.
_WRAP_SLACK = 20
#: Pages whose widest line is shorter than this hold lists and fields, not wrapped prose.
_PROSE_WIDTH = 60
_ENDS_SENTENCE = re.compile(r"""[.!?:;]["'\u2019\u201d)]*$""")
_STARTS_BLOCK = re.compile(r"^\s*(?:\d{1,2}[.)]\s|[-\u2022*\u00b7\u2013]\s)")


def _starts_own_line(line: str) -> bool:
    """A heading ("RISK AND PROTECTIVE FACTORS"), a label ("Worker: ..."), a numbered or
    bulleted item: whatever a writer starts on a new line."""
    letters = [c for c in line if c.isalpha()]
    return (not line.strip() or (len(letters) > 1 and not any(c.islower() for c in letters))
            or bool(LABEL_LINE.match(line) or _STARTS_BLOCK.match(line)))


def reflow(page: str) -> str:
    """One page's text with the breaks the page width forced replaced by spaces.

    A break is a wrap when its line reaches within :data:`_WRAP_SLACK` characters of the
    page's widest line, does not end a sentence, and the next line is not one a writer
    starts afresh. The text keeps its length, so offsets do not move.

    >>> wide = "Eleanor said she was with Rhys Dyer the whole time and later she got picked up by"
    >>> page = wide + "\\nRhys in a black corsa.\\nRISK\\nRisk: high"
    >>> reflow(page).splitlines()[0][-39:]
    'got picked up by Rhys in a black corsa.'
    >>> reflow(page).splitlines()[1:]
    ['RISK', 'Risk: high']
    >>> len(reflow(page)) == len(page)
    True
    """
    lines = page.split("\n")
    widest = max((len(line.rstrip()) for line in lines), default=0)
    if widest < _PROSE_WIDTH:
        return page
    out = [lines[0]]
    for line, following in zip(lines, lines[1:], strict=False):
        text = line.rstrip()
        wrapped = (len(text) >= widest - _WRAP_SLACK and not _ENDS_SENTENCE.search(text)
                   and not _starts_own_line(following))
        out += [" " if wrapped else "\n", following]
    return "".join(out)


def sniff(data: bytes) -> bool:
    """The ``%PDF`` header, allowing for junk some generators put before it."""
    return b"%PDF-" in data[:1024]


def read(path: Path, data: bytes, *, max_bytes: int) -> Source:
    from pypdf import PdfReader

    name = str(path)
    if not sniff(data):
        raise ReadError(name, "not a PDF: no %PDF header")
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise ReadError(name, "truncated or corrupt PDF: no end-of-file marker")
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception:  # pypdf raises many kinds on a damaged file
        raise ReadError(name, "corrupt PDF: its structure could not be read") from None
    if encrypted:
        try:
            opened = reader.decrypt("")
        except Exception:
            opened = 0
        if not opened:
            raise ReadError(name, "encrypted PDF: it needs a password to open")
    try:
        pages = list(reader.pages)
    except Exception:
        raise ReadError(name, "corrupt PDF: its pages could not be read") from None
    texts = []
    for number, page in enumerate(pages, start=1):
        try:
            texts.append(reflow((page.extract_text() or "").replace("\r\n", "\n")
                                .replace("\r", "\n")))
        except Exception:
            raise ReadError(name, "corrupt PDF: a page's text could not be read",
                            where=f"page {number}") from None
    text = "\n".join(texts)
    if not text.strip():
        raise ReadError(name, "PDF has no text layer (a scanned image?); OCR is not supported")
    return Source(path=path, format=FORMAT, content_hash=content_hash(data), text=text)
