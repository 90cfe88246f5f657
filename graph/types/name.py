"""Personal names: the comparison key, and the parts resolution weighs.

Practitioners write "Dean ASHWORTH", "dean ashworth", "Mr Ashworth" and "Deano"; the key folds
case and titles away but keeps every remaining token, because dropping a token would merge two
people (a safeguarding harm), while keeping one only leaves a candidate for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.exc import InvalidValue
from graph.types import text

TITLES = frozenset(
    "mr mrs ms miss mx dr pc dc ds di sgt cllr prof sir dame rev".split()  # noqa: SIM905
)
_TOKEN = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*", re.UNICODE)


def tokens(value: str) -> list[str]:
    """Lower-case name tokens without titles or punctuation.

    >>> tokens('Mr Dean ASHWORTH')
    ['dean', 'ashworth']
    >>> tokens('"Deano"')
    ['deano']
    """
    folded = text.fold(value) or ""
    return [t for t in _TOKEN.findall(folded) if t.rstrip(".") not in TITLES]


def clean(value: str) -> str:
    """Return the name key, or raise :class:`InvalidValue`.

    >>> clean("  Kyle   PENNINGTON ")
    'kyle pennington'
    """
    parts = tokens(value)
    if not parts:
        raise InvalidValue("not a personal name")
    return " ".join(parts)


def display(value: str) -> str:
    """Name as a person would print it: "dean ASHWORTH" -> "Dean Ashworth"."""
    return " ".join(p.capitalize() for p in clean(value).split())


#: Words that describe a person without naming them ("unknown male", "surname not known").
_NOT_NAME = frozenset(
    {"unknown", "not", "known", "nk", "n/k", "unnamed", "name", "names", "surname", "first",
     "forename", "real", "full", "given", "no", "other", "details", "male", "female", "man",
     "woman", "boy", "girl", "lad", "adult", "youth", "older", "person", "subject", "believed",
     "possibly", "called", "only", "nickname", "alias"}
)
_QUOTED = re.compile(
    r'"([^"]+)"|\u201c([^\u201d\u201c]+)[\u201d\u201c]|(?<![\w\u2019])[\'\u2018]([^\'\u2018\u2019]+)'
    r"[\'\u2019](?!\w)"
)
#: Markup or a formula in a name field (``<script>``, ``=HYPERLINK(``, ``@SUM(``).
_MARKUP = re.compile(r"[<>{}]|^[=+@]")
_BRACKETED = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_AKA = re.compile(
    r"(?:\b(?:a\.?k\.?a\b\.?|(?:also\s+)?known\s+as\b|alias\b|nicknamed?\b|goes\s+by\b"
    r"|calls\s+(?:him|her|them)sel(?:f|ves)\b)|(?<=\w{2})\s*/\s*|\s/(?=\s|[\"\u201c\'\u2018]))[:\s]*",
    re.IGNORECASE)
#: Where a name ends and remarks begin: a dash, a semicolon, a sentence stop, a comma.
_REMARK_BREAK = re.compile(
    r"\s+[-\u2013\u2014]+\s+|\s*;\s*|\s*,\s*|:\s+"
    r"|(?<=\w{2})(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMx)(?<!\bMrs)\.\s+")
_NAME_LIKE = re.compile(r"[^\W\d_][\w'\u2019.\- ]*", re.UNICODE)
_MAX_NAME = 60


@dataclass(frozen=True)
class WrittenName:
    """A name field as a form writes it, taken apart.

    ``name`` is the person's name as written (without quotes or remarks), ``aliases`` the other
    names they go by (nicknames in quotes, "aka ..."), ``remarks`` whatever else the field says
    ("real name not known", "saved in her phone as ..."), kept so that nothing written is lost.
    """

    name: str | None
    aliases: tuple[str, ...] = ()
    remarks: str | None = None


def looks_like_name(value: str | None) -> bool:
    """True for something a person could be called: letters first, no markup or formulae.

    >>> looks_like_name("Kyle M"), looks_like_name("O'Neil"), looks_like_name("=HYPERLINK(")
    (True, True, False)
    >>> looks_like_name("surname not known"), looks_like_name("<script>")
    (False, False)
    """
    value = text.clean(value)
    if not value or len(value) > _MAX_NAME or not _NAME_LIKE.fullmatch(value):
        return False
    words = tokens(value)
    return bool(words) and not all(w in _NOT_NAME for w in words)


def parse_written(value: str | None) -> WrittenName:
    """Take a form's name field apart into name, aliases and remarks.

    Forms write what is known about a name in the name field itself, so the field is not
    the name: keeping it whole makes "Zee" and '"Zee" (real name not known)' two people.
    Quoted names are aliases, or the name when nothing else names the person; a bracket or
    what follows a dash, semicolon, comma or full stop is a remark, except quoted names in it.

    >>> parse_written('"Zee" (real name not known)')
    WrittenName(name='Zee', aliases=(), remarks='real name not known')
    >>> parse_written('Dean "Deano" ASHWORTH aka Ash')
    WrittenName(name='Dean ASHWORTH', aliases=('Deano', 'Ash'), remarks=None)
    >>> parse_written('ASHWORTH, Dean (20s)')
    WrittenName(name='Dean ASHWORTH', aliases=(), remarks='20s')
    >>> parse_written('Unknown male').name is None
    True
    """
    value = text.clean(value)
    if not value:
        return WrittenName(None)
    if _MARKUP.search(value):
        # Markup or a spreadsheet formula is not a way of writing a name: taking its quotes
        # apart would make '=HYPERLINK("x","click")' a person called "click". It stays as
        # written, text like any other, escaped or neutralised wherever it is shown.
        return WrittenName(value)
    aliases: list[str] = []
    remarks: list[str] = []
    for match in _BRACKETED.finditer(value):
        inner = text.clean(match.group(1) if match.group(1) is not None else match.group(2))
        if inner:
            named = _names_in(inner)
            aliases += named
            if not named or not _only_names(inner):
                remarks.append(inner)
    outside = text.clean(_BRACKETED.sub(" ", value)) or ""
    aka = _AKA.search(outside)
    if aka:
        head = outside[:aka.start()].strip(" -\u2013\u2014,;:")
        named, rest = _split_remark(outside[aka.end():], commas=False)
        aliases = [*quoted(head), *_names_in(f"aka {named}"), *aliases]
    else:
        head, rest = _split_remark(outside)
        if rest and _surname_first(head, rest):
            head, rest = f"{rest} {head}", ""
        aliases = [*quoted(head), *aliases]
    if rest:
        aliases += quoted(rest)
        remarks.insert(0, rest)
    unquoted = text.clean(_QUOTED.sub(" ", head))
    name = unquoted if looks_like_name(unquoted) else None
    if unquoted and name is None:
        remarks.insert(0, unquoted)
    aliases = list(dict.fromkeys(a for a in aliases if looks_like_name(a)))
    if name is None and aliases:
        name, aliases = aliases[0], aliases[1:]
    aliases = [a for a in aliases if name is None or tokens(a) != tokens(name)]
    remarks = [r for r in remarks if re.search(r"[^\W_]", r)]
    return WrittenName(name, tuple(aliases), "; ".join(remarks) or None)


def quoted(value: str) -> list[str]:
    """Names in quotes, straight, curly or single: '"Deano", \u2018Ash\u2019'."""
    return [text.clean(next(g for g in m.groups() if g is not None)) or ""
            for m in _QUOTED.finditer(value)]


def _names_in(value: str) -> list[str]:
    """Quoted names, else what follows "aka" / "known as", split on commas, "or", "/"."""
    found = quoted(value)
    if found:
        return found
    parts = _AKA.split(value, maxsplit=1)
    if len(parts) < 2:
        return []
    return [p for p in (text.clean(x) for x in re.split(r"[,;/]|\s+or\s+", parts[1])) if p]


def _only_names(value: str) -> bool:
    """True when a bracket holds nothing but names: '("Deano")', '(aka Deano, Ash)'."""
    rest = _AKA.sub(" ", _QUOTED.sub(" ", value))
    return not re.sub(r"[\s,;/]|\bor\b|\band\b", "", rest, flags=re.IGNORECASE)


def _split_remark(value: str, *, commas: bool = True) -> tuple[str, str]:
    """``(name part, remark)`` at the first break; commas may separate aliases instead."""
    match = next((m for m in _REMARK_BREAK.finditer(value)
                  if commas or m.group(0).strip() != ","), None)
    if not match:
        return value, ""
    return value[:match.start()].strip(), value[match.end():].strip(" .")


def _surname_first(head: str, rest: str) -> bool:
    """'ASHWORTH, Dean': a surname in capitals, then a comma and a short given name."""
    return (len(head) > 1 and head.isupper() and " " not in head
            and looks_like_name(rest) and len(rest.split()) <= 2 and rest[:1].isupper()
            and not rest.isupper() and not _QUOTED.search(rest))


@lru_cache(maxsize=1)
def known_first_names() -> frozenset[str]:
    """Lower-case English first names (Faker's en, en_GB and en_US lists), to tell a
    nickname ("Deano") from another person's name ("Janet" is not Janice)."""
    try:
        from faker.providers.person.en import Provider as En
        from faker.providers.person.en_GB import Provider as Gb
        from faker.providers.person.en_US import Provider as Us
    except ImportError:  # pragma: no cover - faker is a project dependency
        return frozenset()
    names: set[str] = set()
    for provider in (En, Gb, Us):
        for attr in ("first_names_male", "first_names_female", "first_names_nonbinary"):
            names.update(n.lower() for n in getattr(provider, attr, ()))
    return frozenset(names)
