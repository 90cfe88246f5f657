"""The layout of labelled documents: lines, ``Label: value`` pairs, headings, dates in text.

RHI notes and information-sharing forms are written in Word templates, typed into case
systems or exported to PDF, but they share one layout: labelled header lines (sometimes two
to a line, separated by wide spaces, a tab or `` | `` from a Word table), headed free-text
sections, and dates written day-first. The note and form mappings (``ingest.notes``,
``ingest.forms``) both read that layout through these helpers, keeping offsets into the
original text so that spans stay valid for extraction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from graph.exc import InvalidValue
from graph.types import dates
from graph.types import text as text_type

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE = (r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?![\d/])"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}})")
TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?(?![\d/])"
#: A date, optionally followed by a time ("02/01/2026 19:45", "2026-01-02T19:45",
#: "2 January 2026 at 7.45pm") or preceded by one ("19:45 on 02/01/2026").
DATETIME = re.compile(
    rf"(?:(?P<pre>{TIME})\s+(?:on\s+)?)?(?P<date>{DATE})"
    rf"(?:(?:T|,?\s+(?:at\s+)?)(?P<time>{TIME}))?",
    re.IGNORECASE,
)

_ENUM = r"(?:\d{1,2}[.)]|\([a-z0-9]{1,2}\)|[a-z][.)]|[-\u2022*\u00b7\u2013])"
_LABEL_CHARS = r"[A-Za-z0-9][A-Za-z0-9 '\u2019()/&.,\-]{0,50}?"
LABEL_LINE = re.compile(
    rf"^(?P<lead>[ \t]*(?:{_ENUM}[ \t]+)?)(?P<label>{_LABEL_CHARS})[ \t]*:(?!\d{{2}})[ \t]*"
    r"(?P<value>.*)$"
)
_NEXT_LABEL = re.compile(
    r"(?:[ \t]{2,}|\t|[ \t]+\|[ \t]+)(?P<label>[A-Za-z][A-Za-z0-9 '\u2019()/&.\-]{0,40}?)"
    r"[ \t]*:(?!\d{2})[ \t]*"
)
_BRACKETED = re.compile(r"\([^)]*\)")
_NOT_LABEL_CHAR = re.compile(r"[^a-z0-9/]+")
_SLASH = re.compile(r"\s*/\s*")
_KNOWN_WINDOW = 60  # a label is at most a few words: look no further back than this
_COLON = re.compile(r"(?<=[A-Za-z)]):(?!\d{2})")
_ENUM_START = re.compile(rf"^[ \t]*{_ENUM}[ \t]+")
PLACEHOLDERS = frozenset({
    "not known", "none known", "unknown", "none", "n/k", "nk", "n/a", "na", "-", "--",
    "none on file", "not recorded", "none recorded", "not applicable", "not provided",
    "no details", "tbc", "?",
})


@dataclass(frozen=True)
class Line:
    """One line of a document and where it sits (``end`` excludes the newline)."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Label:
    """One ``Label: value`` pair; ``start``/``end`` are the value's span in the document."""

    raw: str
    key: str
    value: str
    start: int
    end: int
    enumerated: bool = False


def split_lines(text: str) -> list[Line]:
    """Lines with their offsets into ``text``."""
    lines, offset = [], 0
    for part in text.split("\n"):
        lines.append(Line(offset, offset + len(part), part))
        offset += len(part) + 1
    return lines


def fold_label(label: str) -> str:
    """The comparison form of a label or heading.

    >>> fold_label("Child's comments")
    'childs comments'
    >>> fold_label("SUBJECT(S) OF CONCERN")
    'subject of concern'
    >>> fold_label("Child ID (if known):")
    'child id'
    >>> fold_label("D.O.B")
    'dob'
    >>> fold_label("Actions/Recommendations")
    'actions / recommendations'
    """
    folded = label.casefold().replace("\u2019", "'").replace("&", " and ")
    folded = _BRACKETED.sub(" ", folded).replace("'", "").replace(".", "")
    folded = _SLASH.sub(" / ", _NOT_LABEL_CHAR.sub(" ", folded))
    return " ".join(folded.split()).strip(" /")


def snake(label: str) -> str:
    """Field name for a label nobody mapped: ``"Social worker"`` -> ``"social_worker"``."""
    return re.sub(r"[^a-z0-9]+", "_", fold_label(label)).strip("_") or "label"


def labels_in(line: Line, known: Collection[str] = ()) -> list[Label]:
    """The ``Label: value`` pairs on a line, or ``[]`` if it does not start with a label.

    Pairs are separated by wide spaces, a tab or `` | ``; a PDF's text layer often narrows
    wide spaces to one, so a *known* label (folded, in ``known``) also splits after a
    single space.

    >>> [(x.key, x.value) for x in labels_in(Line(0, 0, "DOB: 03/02/2010     ID: C-1002"))]
    [('dob', '03/02/2010'), ('id', 'C-1002')]
    >>> [x.value for x in labels_in(Line(0, 0, "Worker: L Jones Agency: MFH"), {"agency"})]
    ['L Jones', 'MFH']
    >>> labels_in(Line(0, 0, "RHI 05/01/2026 11:00 at home."))
    []
    """
    match = LABEL_LINE.match(line.text)
    if not match or not _plausible_label(match.group("label")):
        return []
    enumerated = bool(_ENUM_START.match(match.group("lead")))
    found: list[Label] = []
    text, label, position = line.text, match.group("label"), match.start("value")
    while True:
        following = _NEXT_LABEL.search(text, position)
        while following and not _plausible_label(following.group("label")):
            following = _NEXT_LABEL.search(text, following.end("label"))
        value = text[position: following.start() if following else len(text)]
        for part in _split_known(label, value, line.start + position, known):
            found.append(_label(*part, enumerated and not found))
        if not following:
            return found
        label, position = following.group("label"), following.end()


def _split_known(label: str, value: str, start: int, known: Collection[str]
                 ) -> list[tuple[str, str, int]]:
    """Split ``value`` where a known label follows a single space: ``"L Jones Agency: MFH"``."""
    parts: list[tuple[str, str, int]] = []
    offset = 0
    if known:
        endings = _last_words(frozenset(known))
        for colon in _COLON.finditer(value):
            space = value.rfind(" ", offset, colon.start())
            if fold_label(value[space + 1:colon.start()]).rsplit(" ", 1)[-1] not in endings:
                continue  # cheap test first: the word before the colon ends no known label
            window = max(offset, colon.start() - _KNOWN_WINDOW)
            words = list(re.finditer(r"\S+", value[window:colon.start()]))
            room = len(words) - (1 if window == offset else 0)  # keep some value before it
            for count in range(min(4, room), 0, -1):
                candidate = words[-count].start() + window
                if fold_label(value[candidate:colon.start()]) in known:
                    parts.append((label, value[offset:candidate], start + offset))
                    label = value[candidate:colon.start()]
                    offset = colon.end()
                    while offset < len(value) and value[offset] in " \t":
                        offset += 1
                    break
    parts.append((label, value[offset:], start + offset))
    return parts


@lru_cache(maxsize=16)
def _last_words(known: frozenset[str]) -> frozenset[str]:
    return frozenset(k.rsplit(" ", 1)[-1] for k in known)


def _label(raw: str, value: str, start: int, enumerated: bool) -> Label:
    stripped = value.rstrip()
    lead = len(stripped) - len(stripped.lstrip())
    return Label(raw.strip(), fold_label(raw), stripped.strip(), start + lead,
                 start + len(stripped), enumerated)


def _plausible_label(label: str) -> bool:
    words = label.split()
    return 0 < len(words) <= 7 and not label.rstrip().endswith((",", "-"))


def heading_key(line: Line) -> str | None:
    """Folded text of a line that could be a heading (short, no value after a colon)."""
    stripped = line.text.strip()
    if not stripped or len(stripped) > 70:
        return None
    stripped = _ENUM_START.sub("", stripped).rstrip(":").strip()
    if ":" in stripped:
        return None
    return fold_label(stripped) or None


def clean(value: str | None) -> str | None:
    """Value as written, with spaces folded and control characters removed."""
    return text_type.clean(value)


def is_placeholder(value: str | None) -> bool:
    """True for "not known", "none", "N/A" and the like: a field left empty in words.

    >>> is_placeholder("Not known.")
    True
    >>> is_placeholder("not known. Chloe appears frightened")
    False
    """
    folded = (text_type.fold(value) or "").rstrip(". ")
    return not folded or folded in PLACEHOLDERS


@dataclass(frozen=True)
class FoundDate:
    """A date found in text: ISO form (date, or date and minutes), span, and validity."""

    iso: str | None
    start: int
    end: int
    value: dt.datetime | None = None


def find_datetime(text: str, start: int = 0, end: int | None = None) -> FoundDate | None:
    """The first thing that looks like a date in ``text[start:end]``.

    ``iso`` is ``None`` when it looks like a date but is not one (31/02/2026).

    >>> find_datetime("Date of interview: 21/01/2026 15:30 - outside 72 hrs").iso
    '2026-01-21T15:30'
    >>> find_datetime("dob 30/11/10").iso
    '2010-11-30'
    >>> find_datetime("on 31/02/2026").iso is None
    True
    """
    match = DATETIME.search(text, start, len(text) if end is None else end)
    if not match:
        return None
    iso, value = _to_iso(match.group("date"), match.group("time") or match.group("pre"))
    return FoundDate(iso, match.start(), match.end(), value)


def parse_when(value: str) -> FoundDate:
    """A cell or field that must be exactly one date or date-time.

    Stricter than python-dateutil, which reads "10" or "March" as a day of the current month.
    Raises :class:`InvalidValue` (without the value) when it is not a real date.

    >>> parse_when("03/04/2026 21:30").iso
    '2026-04-03T21:30'
    >>> parse_when("2026-04-03 21:30:00").iso
    '2026-04-03T21:30'
    """
    stripped = value.strip()
    match = DATETIME.fullmatch(stripped)
    if not match:
        raise InvalidValue("not a date: expected DD/MM/YYYY [HH:MM] or YYYY-MM-DD[THH:MM]")
    iso, moment = _to_iso(match.group("date"), match.group("time") or match.group("pre"))
    if iso is None:
        raise InvalidValue("not a real date or time: a day past the end of the month, or a time "
                           "past 23:59")
    return FoundDate(iso, 0, len(stripped), moment)


def _to_iso(date_text: str, time_text: str | None) -> tuple[str | None, dt.datetime | None]:
    try:
        day = dates.parse_date(date_text)
    except InvalidValue:
        return None, None
    if not time_text:
        return day.isoformat(), dt.datetime.combine(day, dt.time())
    clock = re.match(r"(\d{1,2})[:.](\d{2})\s*([ap])?", time_text.lower())
    hour, minute = int(clock.group(1)), int(clock.group(2))  # type: ignore[union-attr]
    meridiem = clock.group(3)  # type: ignore[union-attr]
    if meridiem == "p" and hour < 12:
        hour += 12
    elif meridiem == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None, None
    moment = dt.datetime.combine(day, dt.time(hour, minute))
    return moment.isoformat(timespec="minutes"), moment
