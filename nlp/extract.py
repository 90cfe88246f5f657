"""Extraction as FORMATS.md section 5: entities, indicators and relations of one document.

``extract`` runs the pipeline on one text; ``extract_many`` streams many through ``nlp.pipe``
for bulk ingest and the benchmark. The subject child's names and the document kind travel on
the ``Doc`` (``doc._.rhi_subjects``, ``doc._.rhi_kind``), so batches and worker processes need
no shared state. The ``document`` key is the ingest layer's to add.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from nlp.components.base import Entity
from nlp.pipeline import load_pipeline

KINDS = frozenset({"rhi_note", "intel_form"})
#: Texts longer than this are processed in pieces split at line ends (the model's NER needs
#: about 1 GB per 100,000 characters; notes are a few thousand).
CHUNK = 100_000


def _chunks(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if end < len(text):
            cut = text.rfind("\n", start + CHUNK // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + CHUNK // 2, end)
            end = cut + 1 if cut >= 0 else end
        out.append((start, text[start:end]))
        start = end
    return out


def _merge(parts: list[tuple[int, dict[str, Any]]]) -> dict[str, Any]:
    """Join the results of consecutive pieces, shifting offsets and entity indexes."""
    merged: dict[str, Any] = {"entities": [], "indicators": [], "relations": []}
    for offset, part in parts:
        base = len(merged["entities"])
        for e in part["entities"]:
            merged["entities"].append({**e, "start": e["start"] + offset,
                                       "end": e["end"] + offset})
        for i in part["indicators"]:
            merged["indicators"].append({**i, "start": i["start"] + offset,
                                         "end": i["end"] + offset})
        for r in part["relations"]:
            merged["relations"].append({**r, **{k: r[k] if r[k] == "CHILD" else r[k] + base
                                                for k in ("source", "target")}})
    return merged


def _make_doc(nlp: Language, text: str, subject_names: Sequence[str], kind: str | None) -> Doc:
    if not isinstance(text, str):
        raise TypeError("extract() needs the document text as str")
    doc = nlp.make_doc(text)
    doc._.rhi_subjects = tuple(s for s in subject_names if s and s.strip())
    doc._.rhi_kind = kind
    return doc


def entity_dict(ent: Entity) -> dict[str, Any]:
    """One entity in the section 5 shape."""
    first = ent.first
    aliases: list[str] = []
    for m in ent.mentions[1:]:
        if m.text != first.text and m.text not in aliases:
            aliases.append(m.text)
    out: dict[str, Any] = {"type": ent.label, "text": first.text, "start": first.start,
                           "end": first.end, "normalised": ent.normalised}
    if ent.label == "PERSON":
        out["role"] = ent.role or "UNKNOWN"
    out["aliases"] = aliases
    out["attributes"] = dict(ent.attrs)
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
    if isinstance(text, str) and len(text) > CHUNK:
        return _merge([(offset, to_result(nlp(_make_doc(nlp, piece, subject_names, kind))))
                       for offset, piece in _chunks(text)])
    doc = nlp(_make_doc(nlp, text, subject_names, kind))
    return to_result(doc)


def extract_many(texts: Iterable[tuple[str, dict[str, Any]]], *, n_process: int = 1,
                 batch_size: int = 32, nlp: Language | None = None) -> Iterator[dict[str, Any]]:
    """Extract from ``(text, {"subject_names": [...], "kind": ...})`` pairs, in order."""
    nlp = nlp or load_pipeline()
    batch: list[tuple[str, dict[str, Any]]] = []
    for item in texts:
        batch.append(item)
        if len(batch) >= batch_size * max(1, n_process):
            yield from _run_batch(nlp, batch, n_process, batch_size)
            batch = []
    if batch:
        yield from _run_batch(nlp, batch, n_process, batch_size)


def _run_batch(nlp: Language, batch: list[tuple[str, dict[str, Any]]], n_process: int,
               batch_size: int) -> Iterator[dict[str, Any]]:
    if any(not isinstance(text, str) or len(text) > CHUNK for text, _ in batch):
        for text, options in batch:
            opts = options or {}
            yield extract(text, nlp=nlp, subject_names=opts.get("subject_names", ()),
                          kind=opts.get("kind"))
        return
    docs = [_make_doc(nlp, text, (options or {}).get("subject_names", ()),
                      (options or {}).get("kind")) for text, options in batch]
    for doc in nlp.pipe(docs, n_process=n_process, batch_size=batch_size):
        yield to_result(doc)
