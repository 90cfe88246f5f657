"""Ingest: files and folders in, one transaction per document, a summary out.

Each file is read by its format's reader, classified, mapped onto a batch and written in one
store transaction; anything that fails is recorded as a rejection naming the file, row or
field and the reason, and the run goes on. Re-running is safe: a document whose content hash
is already stored is reported as unchanged and not touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.desk.state import is_submitted
from graph.exc import ReadError, RhigraphError
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


def build_batch(source: Source, kind: str,
                mapping: dict[str, str] | None = None) -> tuple[Batch, list[Rejection]]:
    """Map a read source of ``kind`` onto one batch, with any row-level rejections."""
    rows = source.rows or []
    where = {"path": str(source.path), "row_numbers": source.row_numbers, "mapping": mapping}
    if kind == "episodes":
        episodes, errors = parse_episodes(rows, **where)
        batch = batches.episodes_batch(source, episodes)
    elif kind == "placements":
        placements, errors = parse_placements(rows, **where)
        batch = batches.placements_batch(source, placements)
    elif kind == "rhi_note":
        return batches.extraction_batch(source, extraction.note_document(source)), []
    else:
        result = extraction.form_document(source)
        if not is_submitted(result["document"]):
            raise ReadError(str(source.path), "an unconfirmed draft form: a person confirms it "
                            "with 'rhigraph confirm-isf' before it counts as submitted")
        return batches.extraction_batch(source, result), []
    rejections = [Rejection(str(source.path), e.reason,
                            f"row {e.row}" + (f", {e.field}" if e.field else ""),
                            source.content_hash) for e in errors]
    return batch, rejections


def ingest_file(store: Store, path: Path, summary: IngestSummary, *, max_bytes: int,
                mapping: dict[str, str] | None = None) -> None:
    """Read, map and write one file, recording the outcome in ``summary``."""
    try:
        hash_before = None
        source = read(path, max_bytes=max_bytes)
        hash_before = source.content_hash
        if store.document_hash(extraction.document_id(path)) == source.content_hash:
            summary.unchanged += 1
            return
        batch, row_rejections = build_batch(source, classify(source, mapping=mapping), mapping)
        outcome = store.write(batch)
    except Exception as err:  # noqa: BLE001 - one bad file must not stop the run
        # Only rhigraph's own messages are shown: others may quote personal data.
        if isinstance(err, RhigraphError):
            reason = getattr(err, "reason", None) or str(err)
        else:
            reason = f"unexpected {type(err).__name__} while reading; please report"
        rejection = Rejection(str(path), reason, getattr(err, "where", None), hash_before)
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
                 resolve_entities: bool = True) -> IngestSummary:
    """Ingest every file under ``paths``; ``progress`` is called after each file.

    ``mapping`` maps other header spellings onto the canonical columns (see
    ``ingest.tabular.load_mapping``). When anything changed, entity resolution runs at the
    end so that analyses see "Deano" and "Dean Ashworth" as one person straight away.
    """
    summary = IngestSummary()
    for path in iter_files(paths):
        ingest_file(store, path, summary, max_bytes=max_bytes, mapping=mapping)
        if progress:
            progress(path)
    if resolve_entities and (summary.ingested or summary.updated):
        from graph.resolve import resolve

        resolve(store, only_if_changed=True)
    return summary
