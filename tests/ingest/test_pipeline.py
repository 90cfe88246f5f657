"""The ingest pipeline on a generated area: idempotence, updates and crash safety."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.store import SQLiteStore
from ingest.pipeline import ingest_paths, iter_files
from rhigraph.scenario import generate


@pytest.fixture(scope="module")
def area(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("area")
    generate(out, children=16, weeks=6, seed=11)
    return out


@pytest.fixture(scope="module")
def reference(area: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same area ingested once, uninterrupted."""
    path = tmp_path_factory.mktemp("ref") / "ref.db"
    store = SQLiteStore(path)
    summary = ingest_paths(store, [area])
    store.close()
    assert summary.rejected == 0 and summary.ingested > 10
    return path


def _per_document(path: Path) -> dict[str, tuple[int, int]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT d.id, (SELECT COUNT(*) FROM links l WHERE l.document_id = d.id),"
            " (SELECT COUNT(*) FROM mentions m WHERE m.document_id = d.id) FROM documents d"
        ).fetchall()
    return {doc: (links, mentions) for doc, links, mentions in rows}


def test_answer_keys_are_not_ingested(area: Path) -> None:
    names = [p.name for p in iter_files([area])]
    assert names and not any(n.endswith(".gold.json") or n == "truth.json" for n in names)


def test_changed_file_is_updated_and_its_old_facts_go(area: Path, tmp_path: Path,
                                                      reference: Path) -> None:
    copy = tmp_path / "area"
    subprocess.run(["cp", "-r", str(area), str(copy)], check=True)
    store = SQLiteStore(tmp_path / "u.db")
    ingest_paths(store, [copy])
    note = next(p for p in sorted((copy / "notes").glob("rhi_*.txt")))
    note.write_text(note.read_text() + "\nLater seen with a man called Brian Quigley.\n")
    summary = ingest_paths(store, [copy])
    assert (summary.updated, summary.ingested) == (1, 0)
    mentions = [row[0] for row in store.read_sql(
        "SELECT text FROM mentions WHERE document_id = ?", (note.name,))]
    assert any("Quigley" in m for m in mentions)
    store.close()


def test_killing_ingest_midway_leaves_every_document_whole(area: Path, reference: Path,
                                                           tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    total = len(_per_document(reference))
    process = subprocess.Popen(
        [sys.executable, "-m", "rhigraph.cli", "--db", str(db), "ingest", str(area)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        written = 0
        while time.monotonic() < deadline and process.poll() is None:
            if db.exists():
                try:
                    with sqlite3.connect(db, timeout=0.1) as conn:
                        written = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
                except sqlite3.OperationalError:
                    written = 0
            if written >= 3:
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.02)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "ingest finished before it could be killed"

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    survived = _per_document(db)
    expected = _per_document(reference)
    assert 0 < len(survived) < total
    for document, counts in survived.items():
        assert counts == expected[document], f"{document} was half-written"

    store = SQLiteStore(db)
    summary = ingest_paths(store, [area])
    store.close()
    assert summary.unchanged == len(survived)
    assert summary.ingested == total - len(survived)
    assert _per_document(db) == expected
