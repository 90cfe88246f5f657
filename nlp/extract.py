"""Extraction as FORMATS.md section 5: entities, indicators and relations of one document.

``extract`` runs the pipeline on one text; ``extract_many`` streams many for bulk ingest and the
benchmark, in worker processes when asked (:mod:`nlp.workers`). The subject child's names and
the document kind travel on the ``Doc`` (``doc._.rhi_subjects``, ``doc._.rhi_kind``), so batches
need no shared state. The ``document`` key is the ingest layer's to add.

A long text (over :data:`CHUNK` characters) is still one document: the statistical model reads
it in pieces cut at line ends, because its memory grows with the length of what it reads, and
its entities are mapped back onto one ``Doc`` of the whole text, on which the rules then run
once. So a thing named on page 1 and page 90 of a 2 MB note is one entity, and offsets are into
the whole text.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from graph.exc import Failure
from nlp.components.base import INTERNAL_ATTRS, Entity
from nlp.pipeline import load_pipeline

KINDS = frozenset({"rhi_note", "intel_form"})
#: Texts longer than this are read by the statistical model in pieces cut at line ends.
CHUNK = 100_000
#: Worker processes for the model's pieces of one long text (a 2 MB note is 20 pieces).
LONG_TEXT_PROCESSES = min(2, os.cpu_count() or 1)
#: Worker processes ``extract_many`` uses by default for a long stream of documents.
BATCH_PROCESSES = min(2, os.cpu_count() or 1)
#: Names of rhigraph's own components: everything else in the pipeline is the model's.
RULE_PREFIX = "rhigraph_"

Options = dict[str, Any]


def chunks(text: str, size: int | None = None) -> list[tuple[int, str]]:
    """``(offset, piece)`` pieces of at most ``size`` (default :data:`CHUNK`) characters, cut
    after a line end where there is one.

    >>> [(o, p) for o, p in chunks("ab\\ncd\\nef", size=4)]
    [(0, 'ab\\n'), (3, 'cd\\n'), (6, 'ef')]
    """
    size = size or CHUNK
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            end = cut + 1 if cut >= 0 else end
        out.append((start, text[start:end]))
        start = end
    return out


def make_doc(nlp: Language, text: str, subject_names: Sequence[str] = (),
             kind: str | None = None) -> Doc:
    """A tokenised ``Doc`` carrying the per-document options (no length limit: see above)."""
    if not isinstance(text, str):
        raise TypeError("extract() needs the document text as str")
    doc = nlp.tokenizer(text)
    doc._.rhi_text = text  # the tokenizer keeps every character, so this is doc.text
    doc._.rhi_subjects = tuple(s for s in subject_names if s and s.strip())
    doc._.rhi_kind = kind
    return doc


def model_entities(nlp: Language, piece: str) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of the statistical model's entities in one piece of text."""
    part = nlp.tokenizer(piece)
    for name, proc in nlp.pipeline:
        if not name.startswith(RULE_PREFIX):
            part = proc(part)
    return [(e.start_char, e.end_char, e.label_) for e in part.ents]


def _model_entities_in_pieces(nlp: Language, doc: Doc) -> None:
    """Run the model on pieces of a long doc (on all cores when there are enough pieces)."""
    from nlp import workers

    pieces = chunks(doc._.rhi_text)
    n_process = min(LONG_TEXT_PROCESSES, len(pieces) // 2)
    if n_process > 1 and not workers.in_worker():
        found = workers.pooled_pieces(nlp, [p for _, p in pieces], n_process)
    else:
        found = [model_entities(nlp, p) for _, p in pieces]
    spans: list[Span] = []
    for (offset, _), ents in zip(pieces, found, strict=True):
        for start, end, label in ents:
            span = doc.char_span(offset + start, offset + end, label=label,
                                 alignment_mode="contract")
            if span is not None and len(span):
                spans.append(span)
    doc.set_ents(filter_spans(spans))


def process(nlp: Language, doc: Doc) -> Doc:
    """Run the pipeline on a doc from :func:`make_doc`, reading long texts in pieces."""
    if len(doc._.rhi_text) <= CHUNK:
        return nlp(doc)
    if any(not name.startswith(RULE_PREFIX) for name in nlp.pipe_names):
        _model_entities_in_pieces(nlp, doc)
    for name, proc in nlp.pipeline:
        if name.startswith(RULE_PREFIX):
            doc = proc(doc)
    return doc


def entity_dict(ent: Entity) -> dict[str, Any]:
    """One entity in the section 5 shape."""
    first = ent.first
    aliases: list[str] = []
    seen = {first.text}
    for m in ent.mentions[1:]:
        if m.text not in seen:
            seen.add(m.text)
            aliases.append(m.text)
    out: dict[str, Any] = {"type": ent.label, "text": first.text, "start": first.start,
                           "end": first.end, "normalised": ent.normalised}
    if ent.label == "PERSON":
        out["role"] = ent.role or "UNKNOWN"
    out["aliases"] = aliases
    out["attributes"] = {k: v for k, v in ent.attrs.items() if k not in INTERNAL_ATTRS}
    return out


def to_result(doc: Doc) -> dict[str, Any]:
    """The section 5 result of a processed doc (without the ``document`` key)."""
    entities = doc._.rhi_entities or []
    return {
        "entities": [entity_dict(e) for e in entities],
        "indicators": list(doc._.rhi_indicators or []),
        "relations": list(doc._.rhi_relations or []),
    }


def extract(text: str, *, subject_names: Sequence[str] = (), kind: str | None = None,
            nlp: Language | None = None) -> dict[str, Any]:
    """Extract entities, indicators and relations from one document's text.

    ``subject_names`` are the subject child's names as the header writes them; the child is
    ``"CHILD"`` in relations and never an entity. ``kind`` is "rhi_note", "intel_form" or None.
    """
    nlp = nlp or load_pipeline()
    return to_result(process(nlp, make_doc(nlp, text, subject_names, kind)))


def run_batch(nlp: Language, batch: Sequence[tuple[str, Options | None]],
              batch_size: int = 32, *, isolate: bool = False) -> list[Any]:
    """Results for a list of ``(text, options)`` in order, short texts through ``nlp.pipe``.

    With ``isolate``, a document whose extraction raises gets a
    :class:`~graph.exc.Failure` in place of its result and the others still get theirs (the
    batch is retried one document at a time), so one bad document in a bulk ingest costs
    only itself.
    """
    if isolate:
        try:
            return run_batch(nlp, batch, batch_size)
        except Exception:  # noqa: BLE001 - find which document it was, below
            return [_isolated(nlp, item) for item in batch]
    docs = [make_doc(nlp, text, (opts or {}).get("subject_names", ()), (opts or {}).get("kind"))
            for text, opts in batch]
    short = [d for d in docs if len(d._.rhi_text) <= CHUNK]
    done = {id(d): d for d in nlp.pipe(short, batch_size=batch_size)}
    return [to_result(done[id(d)] if id(d) in done else process(nlp, d)) for d in docs]


def _isolated(nlp: Language, item: tuple[str, Options | None]) -> Any:
    """One document's result, or its :class:`~graph.exc.Failure`."""
    try:
        return run_batch(nlp, [item])[0]
    except Exception as err:  # noqa: BLE001 - the caller records it and goes on
        return Failure.of(err)


def extract_many(texts: Iterable[tuple[str, Options | None]], *, n_process: int | None = None,
                 batch_size: int = 32, nlp: Language | None = None,
                 isolate: bool = False) -> Iterator[Any]:
    """Extract from ``(text, {"subject_names": [...], "kind": ...})`` pairs, in order.

    With ``n_process`` above 1 the batches go to that many worker processes (see
    :mod:`nlp.workers`); the default, None, is both cores (:data:`BATCH_PROCESSES`). A stream
    shorter than two batches per worker stays in this process, where starting workers would
    cost more than it saves. With ``isolate``, a document that fails yields its
    :class:`~graph.exc.Failure` instead of stopping the stream (see :func:`run_batch`).
    """
    nlp = nlp or load_pipeline()
    n_process = BATCH_PROCESSES if n_process is None else n_process
    items = iter(texts)
    if n_process > 1:
        head: list[tuple[str, Options | None]] = []
        for item in items:
            head.append(item)
            if len(head) >= 2 * batch_size * n_process:
                break
        if len(head) >= 2 * batch_size * n_process:
            from itertools import chain

            from nlp.workers import pooled

            yield from pooled(nlp, chain(head, items), n_process, batch_size, isolate)
            return
        items = iter(head)
    batch: list[tuple[str, Options | None]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from run_batch(nlp, batch, batch_size, isolate=isolate)
            batch = []
    if batch:
        yield from run_batch(nlp, batch, batch_size, isolate=isolate)
