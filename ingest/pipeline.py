"""Ingest: files and folders in, one transaction per document, a summary out.

Each file is read by its format's reader, classified, mapped onto a batch and written in one
store transaction; anything that fails is recorded as a rejection naming the file, row or
field and the reason, and the run goes on. Re-running is safe: a document whose content hash
is already stored is reported as unchanged and not touched.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.desk.state import is_submitted
from graph.exc import Failure, ReadError
from graph.store import Batch, Rejection, Store
from ingest import batches, extraction
from ingest.classify import classify
from ingest.readers import Source, read
from ingest.tabular import parse_episodes, parse_placements

#: Files a scenario or sample folder holds that are answers or metadata, not records.
SKIPPED_SUFFIXES = (".gold.json",)
SKIPPED_NAMES = frozenset({"truth.json", "README.md"})


@dataclass
class IngestSummary:
    """What one run did, by outcome."""

    ingested: int = 0
    unchanged: int = 0
    updated: int = 0
    rejected: int = 0
    rows_rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {"ingested": self.ingested, "unchanged": self.unchanged,
                "updated": self.updated, "rejected": self.rejected,
                "rows_rejected": self.rows_rejected}


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files under ``paths`` (recursive), sorted, without answer keys and hidden files."""
    for path in paths:
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for candidate in candidates:
            if candidate.name.startswith(".") or candidate.name in SKIPPED_NAMES:
                continue
            if candidate.name.endswith(SKIPPED_SUFFIXES):
                continue
            yield candidate


#: Kinds whose text goes through extraction; the others are tables, mapped row by row.
EXTRACTED = frozenset({"rhi_note", "intel_form"})
#: Documents per extraction batch (one worker's unit of work).
BATCH_SIZE = 32


def build_batch(source: Source, kind: str, mapping: dict[str, str] | None = None,
                extracted: dict[str, Any] | None = None) -> tuple[Batch, list[Rejection]]:
    """Map a read source of ``kind`` onto one batch, with any row-level rejections.

    A note or form maps its section 5 structure, ``extracted`` (from
    :meth:`ingest.extraction.Request.finish`), or extracts it here when not given.
    """
    rows = source.rows or []
    where = {"path": str(source.path), "row_numbers": source.row_numbers, "mapping": mapping}
    if kind in EXTRACTED:
        result = extracted if extracted is not None else extraction.request(source, kind).run()
        if kind != "rhi_note" and not is_submitted(result["document"]):
            raise ReadError(str(source.path), "an unconfirmed draft form: a person confirms "
                            "it with 'rhigraph confirm-isf' before it counts as submitted")
        return batches.extraction_batch(source, result), []
    if kind == "episodes":
        episodes, errors = parse_episodes(rows, **where)
        batch = batches.episodes_batch(source, episodes)
    else:
        placements, errors = parse_placements(rows, **where)
        batch = batches.placements_batch(source, placements)
    rejections = [Rejection(str(source.path), e.reason,
                            f"row {e.row}" + (f", {e.field}" if e.field else ""),
                            source.content_hash) for e in errors]
    return batch, rejections


@dataclass
class _File:
    """One file on its way through a run: read and classified, maybe waiting for extraction.

    Only a file still to be written keeps its source, so the files waiting behind the
    extraction workers hold at most their own texts.
    """

    path: Path
    content_hash: str | None = None
    source: Source | None = None
    kind: str | None = None
    request: extraction.Request | None = None
    failure: Failure | None = None
    unchanged: bool = False


def _unchanged(store: Store, path: Path, content_hash: str) -> bool:
    return store.document_hash(extraction.document_id(path)) == content_hash


def _prepare(store: Store, path: Path, *, max_bytes: int,
             mapping: dict[str, str] | None) -> _File:
    """Read and classify ``path``; a note or form gets its extraction :class:`Request`.

    A file whose content hash is already stored is marked unchanged here, before any
    extraction is spent on it.
    """
    file = _File(path)
    try:
        source = read(path, max_bytes=max_bytes)
        file.content_hash = source.content_hash
        if _unchanged(store, path, source.content_hash):
            file.unchanged = True
            return file
        file.source, file.kind = source, classify(source, mapping=mapping)
        if file.kind in EXTRACTED:
            file.request = extraction.request(source, file.kind)
    except Exception as err:  # noqa: BLE001 - one bad file must not stop the run
        file.failure = Failure.of(err)
    return file


def _finish(store: Store, file: _File, summary: IngestSummary, *,
            mapping: dict[str, str] | None, extracted: Any = None) -> None:
    """Write one prepared file (with its extraction result, if it had a request) in one
    transaction, and record the outcome in ``summary``."""
    outcome = "unchanged"
    row_rejections: list[Rejection] = []
    if file.failure is None and not file.unchanged:
        assert file.source is not None and file.kind is not None
        try:
            if isinstance(extracted, Failure):
                file.failure = extracted
            elif file.content_hash and _unchanged(store, file.path, file.content_hash):
                pass  # the same file under another folder, written since it was read
            else:
                result = file.request.finish(extracted) if file.request else None
                batch, row_rejections = build_batch(file.source, file.kind, mapping, result)
                outcome = store.write(batch)
        except Exception as err:  # noqa: BLE001 - one bad file must not stop the run
            file.failure = Failure.of(err)
    file.source = file.request = None
    if file.failure is not None:
        rejection = Rejection(str(file.path), file.failure.reason, file.failure.where,
                              file.content_hash)
        store.reject(rejection)
        summary.rejected += 1
        summary.rejections.append(rejection)
        return
    setattr(summary, outcome, getattr(summary, outcome) + 1)
    if outcome != "unchanged":
        for rejection in row_rejections:
            store.reject(rejection)
        summary.rows_rejected += len(row_rejections)
        summary.rejections.extend(row_rejections)


def ingest_paths(store: Store, paths: Iterable[Path], *, max_bytes: int = 10_000_000,
                 mapping: dict[str, str] | None = None,
                 progress: Callable[[Path], None] | None = None,
                 resolve_entities: bool = True, processes: int | None = None,
                 batch_size: int = BATCH_SIZE) -> IngestSummary:
    """Ingest every file under ``paths``; ``progress`` is called after each file.

    ``mapping`` maps other header spellings onto the canonical columns (see
    ``ingest.tabular.load_mapping``). When anything changed, entity resolution runs at the
    end so that analyses see "Deano" and "Dean Ashworth" as one person straight away.

    Files are read, classified and written here, one transaction each, in file order; the
    text of each note and form goes to :func:`nlp.extract.extract_many`, which runs spaCy in
    ``processes`` worker processes (the model loaded once per worker) while this process
    reads ahead and writes what has come back. The default, None, is both cores
    (:data:`nlp.extract.BATCH_PROCESSES`), because extraction is nearly all of an ingest's
    CPU time; a run with fewer than two batches per worker to extract (a handful of uploaded
    files) stays in this process, where starting workers would cost more than it saves.
    ``processes=1`` runs the same code without workers. Whatever the count, the outcomes
    are the same: unchanged files are skipped by hash before extraction, a document that
    fails anywhere is rejected alone, and at most a few batches of texts are held at once.
    """
    from nlp.extract import extract_many

    summary = IngestSummary()
    waiting: deque[_File] = deque()

    def finish(file: _File, extracted: Any = None) -> None:
        _finish(store, file, summary, mapping=mapping, extracted=extracted)
        if progress:
            progress(file.path)

    def finish_ready() -> None:
        """Files at the front that wait for no extraction are written straight away."""
        while waiting and waiting[0].request is None:
            finish(waiting.popleft())

    def requests() -> Iterator[tuple[str, dict[str, Any]]]:
        for path in iter_files(paths):
            file = _prepare(store, path, max_bytes=max_bytes, mapping=mapping)
            waiting.append(file)
            if file.request is not None:
                yield file.request.text, file.request.options
            else:
                finish_ready()

    for extracted in extract_many(requests(), n_process=processes, batch_size=batch_size,
                                  isolate=True):
        finish(waiting.popleft(), extracted)
        finish_ready()
    finish_ready()
    if resolve_entities and (summary.ingested or summary.updated):
        from graph.resolve import resolve

        resolve(store, only_if_changed=True)
    return summary
