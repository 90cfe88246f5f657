"""Documents as blocks of annotated segments, rendered once to text with exact offsets.

One :class:`Document` is written to any format: plain text (offsets recorded while the text is
concatenated), Word or PDF (same blocks laid out as tables and paragraphs) and, for forms,
JSON. Gold annotations come from the same render, so they cannot drift from the text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

from .model import Person, Thing, Vehicle
from .template import Mention, Seg, Span


@dataclass(frozen=True, slots=True)
class Line:
    segs: tuple[Seg, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Field:
    label: str
    segs: tuple[Seg, ...]


@dataclass(frozen=True, slots=True)
class Blank:
    pass


Block = Union[Line, Heading, Field, Blank]  # noqa: UP007 - a runtime alias, kept readable
CHILD = "CHILD"
Relation = tuple[str, Union[Thing, str], Thing]  # noqa: UP007


@dataclass(eq=False)
class Document:
    """A note or form: identity, header facts for gold ``fields``, and content blocks."""

    id: str
    kind: str  # rhi_note | intel_form
    child_id: str | None
    date: dt.date
    fields: dict[str, Any]
    blocks: list[Block]
    relations: list[Relation]
    style: str  # labelled | narrative | terse | form
    folder: str  # notes | forms
    episode_id: str | None = None
    nil_return: bool = False
    json_payload: dict[str, Any] | None = None
    json_blocks: list[Block] | None = None
    fmt: str = "txt"


@dataclass(slots=True)
class Rendered:
    text: str
    mentions: list[tuple[Mention, int, int]] = field(default_factory=list)
    spans: list[tuple[Span, int, int]] = field(default_factory=list)
    lines: list[tuple[Block, str]] = field(default_factory=list)


def identity(text: str) -> str:
    return text


def render(blocks: Sequence[Block], transform: Callable[[str], str] = identity) -> Rendered:
    """Concatenate blocks into text, recording where every mention and indicator lands.

    ``transform`` rewrites every piece of text (used for PDF's latin-1 core fonts) before
    offsets are counted, so offsets stay exact for the transformed text.
    """
    out: list[str] = []
    mentions: list[tuple[Mention, int, int]] = []
    spans: list[tuple[Span, int, int]] = []
    lines: list[tuple[Block, str]] = []
    pos = 0

    def emit(segs: Sequence[Seg]) -> None:
        nonlocal pos
        for seg in segs:
            if isinstance(seg, str):
                piece = transform(seg)
                out.append(piece)
                pos += len(piece)
            elif isinstance(seg, Mention):
                piece = transform(seg.text)
                if piece != seg.text:
                    seg = Mention(seg.thing, piece, seg.norm, seg.rank)
                out.append(piece)
                mentions.append((seg, pos, pos + len(piece)))
                pos += len(piece)
            else:
                start = pos
                emit(seg.parts)
                spans.append((seg, start, pos))

    for block in blocks:
        if isinstance(block, Line):
            mark = len(out)
            emit(block.segs)
            lines.append((block, "".join(out[mark:])))
        elif isinstance(block, Field):
            label = transform(block.label) + ": "
            out.append(label)
            pos += len(label)
            mark = len(out)
            emit(block.segs)
            lines.append((block, "".join(out[mark:])))
        elif isinstance(block, Heading):
            heading = transform(block.text)
            out.append(heading)
            pos += len(heading)
            lines.append((block, heading))
        else:
            lines.append((block, ""))
        out.append("\n")
        pos += 1
    return Rendered("".join(out), mentions, spans, lines)


# ---------------------------------------------------------------------------------------------
# Gold annotations


def _person_normalised(mentions: list[Mention]) -> str:
    best = max(mentions, key=lambda m: m.rank)
    return best.norm if best.rank > 0 and best.norm else mentions[0].text.lower()


def gold(doc: Document, rendered: Rendered, *, offsets: bool) -> dict[str, Any]:
    """The gold annotation of ``doc`` in the sample schema (FORMATS.md section 5 + canonical).

    With ``offsets=False`` (Word, PDF, JSON) entities carry no start/end and the top level says
    ``"offsets": "none"``; evaluation then matches entities by their text.
    """
    order: list[str] = []
    grouped: dict[str, list[tuple[Mention, int, int]]] = {}
    for mention, start, end in rendered.mentions:
        key = mention.thing.id
        if key not in grouped:
            grouped[key] = []
            order.append(key)
        grouped[key].append((mention, start, end))

    entities: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for key in order:
        found = grouped[key]
        first, start, end = found[0]
        thing = first.thing
        texts = list(dict.fromkeys(m.text for m, _, _ in found))
        entity: dict[str, Any] = {"type": thing.TYPE, "text": first.text}
        if offsets:
            entity["start"] = start
            entity["end"] = end
        attributes = dict(thing.gold_attributes())
        if isinstance(thing, Person):
            entity["role"] = thing.role
            entity["normalised"] = _person_normalised([m for m, _, _ in found])
        elif isinstance(thing, Vehicle):
            best = max((m for m, _, _ in found), key=lambda m: m.rank)
            entity["normalised"] = best.norm if best.rank > 0 else None
            if best.rank > 0:
                attributes["plate_partial"] = best.rank == 1
        else:
            entity["normalised"] = thing.normalised
        entity["canonical"] = thing.id
        entity["aliases"] = texts[1:]
        entity["attributes"] = attributes
        index[key] = len(entities)
        entities.append(entity)

    indicators = [
        {"code": code, "text": rendered.text[start:end], "negated": span.negated}
        for span, start, end in sorted(rendered.spans, key=lambda s: (s[1], -s[2]))
        for code in span.codes
    ]

    relations: list[dict[str, Any]] = []
    seen: set[tuple[str, str, int]] = set()
    for rel_type, source, target in doc.relations:
        target_index = index.get(target.id)
        if target_index is None:
            continue
        if isinstance(source, str):
            source_ref: str | int = CHILD
        else:
            found_source = index.get(source.id)
            if found_source is None or found_source == target_index:
                continue
            source_ref = found_source
        marker = (rel_type, str(source_ref), target_index)
        if marker in seen:
            continue
        seen.add(marker)
        relations.append({"type": rel_type, "source": source_ref, "target": target_index})

    out: dict[str, Any] = {
        "document": {
            "id": doc.id,
            "kind": doc.kind,
            "child_id": doc.child_id,
            "date": doc.date.isoformat(),
            "fields": doc.fields,
        }
    }
    if not offsets:
        out["offsets"] = "none"
    out["entities"] = entities
    out["indicators"] = indicators
    out["relations"] = relations
    return out
