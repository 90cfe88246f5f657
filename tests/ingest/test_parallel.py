"""Ingest with extraction workers lands exactly what the one-process run lands.

Real spaCy in real worker processes, real SQLite files. A batch size of 2 makes the 17 notes
and forms of the samples enough to start the workers (extraction keeps a stream shorter than
two batches per worker in the calling process).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from graph.exc import Failure
from graph.store import SQLiteStore
from ingest.pipeline import IngestSummary, ingest_paths
from nlp.extract import extract_many

#: Columns that record when a row was written, not what it says.
TIMES = {"ingested_at", "rejected_at", "resolved_at"}
SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
TABLES = ("documents", "entities", "mentions", "links", "indicators", "rejections",
          "document_categories", "entity_clusters")


def _content(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row the ingest wrote, in the order written, without the write times."""
    with sqlite3.connect(db) as conn:
        found = {}
        for table in TABLES:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                       if r[1] not in TIMES]
            quoted = ", ".join(f'"{c}"' for c in columns)
            found[table] = conn.execute(f"SELECT {quoted} FROM {table} ORDER BY rowid").fetchall()
    return found


def _ingest(folder: Path, db: Path, **options: Any) -> tuple[IngestSummary, list[str], int]:
    """The summary, the files in the order progress saw them, and the most child processes
    (extraction workers) alive at any progress call that were not alive before the run."""
    import psutil

    store = SQLiteStore(db)
    seen: list[str] = []
    workers = 0
    before = {c.pid for c in psutil.Process().children(recursive=True)}

    def progress(path: Path) -> None:
        nonlocal workers
        seen.append(path.name)
        workers = max(workers, len({c.pid for c in psutil.Process().children(recursive=True)}
                                   - before))

    try:
        summary = ingest_paths(store, [folder], progress=progress, **options)
    finally:
        store.close()
    return summary, seen, workers


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples with hostile files among them: a corrupt DOCX, an empty note, a note
    whose text is markup and a formula, each sorted between real notes."""
    if not SAMPLES.is_dir():
        pytest.skip("shared/samples is not beside the repository")
    out = tmp_path_factory.mktemp("parallel") / "samples"
    shutil.copytree(SAMPLES, out)
    (out / "rhi_C-1002_2026-01-06.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (out / "rhi_C-1003_2026-01-06.txt").write_bytes(b"")
    hostile = (out / "rhi_C-1001_2026-01-05.txt").read_text("utf-8").replace(
        "Social worker: Nadia Hussain", 'Social worker: <script>alert(1)</script> '
        '=HYPERLINK("http://x")')
    (out / "rhi_C-1004_2026-01-09.txt").write_text(hostile, "utf-8")
    return out


@pytest.fixture(scope="module")
def runs(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("runs")
    one, one_seen, one_workers = _ingest(folder, base / "one.db", processes=1)
    two, two_seen, two_workers = _ingest(folder, base / "two.db", processes=2, batch_size=2)
    contents = {"one_content": _content(base / "one.db"), "two_content": _content(base / "two.db")}
    again, _, _ = _ingest(folder, base / "two.db", processes=2, batch_size=2)
    return {"one": one, "two": two, "again": again, "one_seen": one_seen,
            "two_seen": two_seen, "one_workers": one_workers, "two_workers": two_workers,
            **contents}


def test_workers_land_the_same_store_as_one_process(runs: dict[str, Any]) -> None:
    one, two = runs["one_content"], runs["two_content"]
    # the second run really extracted in workers, and the first in this process only
    assert runs["two_workers"] >= 1 and runs["one_workers"] == 0
    assert one["documents"] and one["mentions"] and one["links"]
    for table in TABLES:
        assert two[table] == one[table], table
    assert runs["two"].as_dict() == runs["one"].as_dict()
    assert [(r.path, r.reason, r.where) for r in runs["two"].rejections] == [
        (r.path, r.reason, r.where) for r in runs["one"].rejections]


def test_progress_follows_file_order(runs: dict[str, Any], folder: Path) -> None:
    from ingest.pipeline import iter_files

    assert runs["two_seen"] == runs["one_seen"] == [p.name for p in iter_files([folder])]


def test_bad_files_among_many_are_rejected_and_the_rest_land(runs: dict[str, Any],
                                                             folder: Path) -> None:
    two = runs["two"]
    rejected = {Path(r.path).name for r in two.rejections}
    assert rejected == {"rhi_C-1002_2026-01-06.docx", "rhi_C-1003_2026-01-06.txt"}
    stored = {row[0] for row in runs["two_content"]["documents"]}
    records = {p.name for p in folder.iterdir()
               if p.suffix in {".txt", ".json", ".csv", ".docx"}
               and not p.name.endswith(".gold.json") and p.name != "README.md"}
    assert stored == records - rejected
    assert "rhi_C-1004_2026-01-09.txt" in stored  # hostile text is data, not a failure
    assert two.ingested == len(stored)


def test_reingest_with_workers_is_all_unchanged(runs: dict[str, Any]) -> None:
    again, first = runs["again"], runs["two"]
    assert again.unchanged == first.ingested and again.ingested == again.updated == 0
    # Bad files stay bad: they are rejected again, never half-written.
    assert again.rejected == first.rejected


def test_a_document_failing_in_a_worker_costs_only_itself() -> None:
    texts: list[Any] = ["Jade went to Piccadilly Gardens with Tyler."] * 5
    texts[2] = b"not text"  # extraction refuses bytes (TypeError) inside the worker
    results = list(extract_many([(t, {"kind": "rhi_note"}) for t in texts], n_process=2,
                                batch_size=1, isolate=True))
    assert isinstance(results[2], Failure)
    assert "TypeError" in results[2].reason and "not text" not in results[2].reason
    good = [r for i, r in enumerate(results) if i != 2]
    assert all(isinstance(r, dict) and r["entities"] for r in good)


def test_a_worker_that_dies_costs_no_document() -> None:
    """Workers killed mid-run (as the kernel kills one short of memory): what they left
    unfinished is extracted in this process, and every result still comes, in order."""
    import psutil

    texts = [f"Jade went to Piccadilly Gardens with Tyler on day {i}." for i in range(40)]
    before = {child.pid for child in psutil.Process().children(recursive=True)}
    killed: list[int] = []

    def items() -> Any:
        for i, text in enumerate(texts):
            if i == 30:  # by now the pool runs and has batches in flight
                for child in psutil.Process().children(recursive=True):
                    if child.pid not in before:
                        child.kill()
                        killed.append(child.pid)
            yield text, {"kind": "rhi_note"}

    found = list(extract_many(items(), n_process=2, batch_size=2, isolate=True))
    assert killed
    expected = list(extract_many([(t, {"kind": "rhi_note"}) for t in texts], n_process=1,
                                 batch_size=2))
    assert found == expected
