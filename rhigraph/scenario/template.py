"""A tiny sentence-template language whose output remembers what every span means.

Notes are assembled from templates such as::

    "[[GIFTS_MONEY:{adult} gave {him} {amount} for the bus]] and [[!DRUGS:{he} denied drugs]]."

``{name}`` is filled from a context (plain text, or a :class:`Mention` of a world thing);
``[[CODE,CODE:...]]`` marks an indicator span, ``[[!CODE:...]]`` a negated one. Filling a
template yields segments instead of a string, so the renderer can record exact character
offsets for gold annotations while it concatenates, at no extra cost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Union

from .model import Thing


@dataclass(frozen=True, slots=True)
class Mention:
    """``text`` written in a document to refer to ``thing``.

    ``norm`` overrides the thing's normalised value when this wording carries more or less
    than the thing (a partial plate, a full name); ``rank`` says which override wins.
    """

    thing: Thing
    text: str
    norm: str | None = None
    rank: int = 0


@dataclass(frozen=True, slots=True)
class Span:
    """An indicator span: its codes, whether it is negated, and its content."""

    codes: tuple[str, ...]
    negated: bool
    parts: tuple[Seg, ...]


Seg = Union[str, Mention, Span]  # noqa: UP007 - a runtime alias, kept readable
Segs = list[Seg]

_TOKEN = re.compile(r"\[\[(!?)([A-Z_,]+):|\]\]|\{([A-Za-z_0-9]+)\}")


@dataclass(frozen=True, slots=True)
class _Open:
    codes: tuple[str, ...]
    negated: bool


@dataclass(frozen=True, slots=True)
class _Slot:
    name: str


_CLOSE = object()


@lru_cache(maxsize=4096)
def _parse(template: str) -> tuple[object, ...]:
    tokens: list[object] = []
    pos = 0
    for match in _TOKEN.finditer(template):
        if match.start() > pos:
            tokens.append(template[pos : match.start()])
        if match[2]:
            tokens.append(_Open(tuple(match[2].split(",")), match[1] == "!"))
        elif match[3]:
            tokens.append(_Slot(match[3]))
        else:
            tokens.append(_CLOSE)
        pos = match.end()
    if pos < len(template):
        tokens.append(template[pos:])
    return tuple(tokens)


def fill(template: str, ctx: Mapping[str, object]) -> Segs:
    """Fill ``template`` from ``ctx``; values may be str, Mention, Span or a list of segments.

    Adjacent plain text is merged, so later rewriting (shorthand, capitals) sees whole
    phrases. Raises KeyError naming the slot when ``ctx`` lacks a value, so a broken template
    fails loudly in tests rather than writing ``{adult}`` into a note.
    """
    stack: list[tuple[_Open | None, Segs]] = [(None, [])]
    for token in _parse(template):
        if isinstance(token, str):
            _add(stack[-1][1], token)
        elif isinstance(token, _Slot):
            try:
                value = ctx[token.name]
            except KeyError:
                raise KeyError(
                    f"template slot {{{token.name}}} has no value: {template!r}"
                ) from None
            if isinstance(value, list | tuple):
                for item in value:
                    _add(stack[-1][1], item)
            else:
                _add(stack[-1][1], value)  # type: ignore[arg-type]
        elif isinstance(token, _Open):
            stack.append((token, []))
        else:
            opened, parts = stack.pop()
            if opened is None:
                raise ValueError(f"unbalanced ]] in template {template!r}")
            stack[-1][1].append(Span(opened.codes, opened.negated, tuple(parts)))
    if len(stack) != 1:
        raise ValueError(f"unclosed [[ in template {template!r}")
    return stack[0][1]


def _add(segs: Segs, seg: Seg) -> None:
    if isinstance(seg, str) and segs and isinstance(segs[-1], str):
        segs[-1] += seg
    else:
        segs.append(seg)


def plain(segs: Sequence[Seg]) -> str:
    """The text of segments without any annotation."""
    out: list[str] = []
    _plain_into(segs, out)
    return "".join(out)


def _plain_into(segs: Sequence[Seg], out: list[str]) -> None:
    for seg in segs:
        if isinstance(seg, str):
            out.append(seg)
        elif isinstance(seg, Mention):
            out.append(seg.text)
        else:
            _plain_into(seg.parts, out)


def join(items: Sequence[Segs], sep: str = " ") -> Segs:
    """Concatenate segment lists with ``sep`` between them."""
    out: Segs = []
    for i, item in enumerate(items):
        if i:
            out.append(sep)
        out.extend(item)
    return out


def capitalise_first(segs: Segs) -> Segs:
    """Upper-case a sentence's first character when it is plain text (inside spans too).

    Mentions are left alone: a lower-case ``deano`` at a sentence start is how it was written.
    """
    if not segs:
        return segs
    first = segs[0]
    if isinstance(first, str) and first:
        return [first[0].upper() + first[1:], *segs[1:]]
    if isinstance(first, Span):
        return [
            Span(first.codes, first.negated, tuple(capitalise_first(list(first.parts)))),
            *segs[1:],
        ]
    return segs


Raised = set[tuple[str, bool]]


def raised(segs: Sequence[Seg], into: Raised | None = None) -> Raised:
    """The (code, negated) pairs the spans in ``segs`` annotate, nested spans included."""
    out: Raised = set() if into is None else into
    for seg in segs:
        if isinstance(seg, Span):
            out.update((code, seg.negated) for code in seg.codes)
            raised(seg.parts, out)
    return out


def unraised(segs: Sequence[Seg], before: Raised, keep: frozenset[str] = frozenset()) -> Segs:
    """``segs`` without the annotations of indicators a note already raised.

    A summary (Risk list, reflection, a form's payments) restates the narrative; the answer
    key, like the sample notes' gold, tags such a line only for an indicator (code and
    polarity) not raised before it. ``keep``: codes that are the writer's judgement there
    ("a clear CSE risk"), which count again when asserted.
    """
    out: Segs = []
    for seg in segs:
        if not isinstance(seg, Span):
            _add(out, seg)
            continue
        parts = unraised(seg.parts, before, keep)
        codes = tuple(c for c in seg.codes
                      if (c, seg.negated) not in before or (c in keep and not seg.negated))
        if codes:
            out.append(Span(codes, seg.negated, tuple(parts)))
        else:
            for part in parts:
                _add(out, part)
    return out
