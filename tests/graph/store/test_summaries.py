"""The stored analysis rows (graph/store/summaries.py) are always the live answer.

Every write, update, deletion and resolution run keeps the unfiltered rows of
``entity_signals`` and ``person_activity`` itself; each step here compares them with a
recomputation from nothing (``rebuild_summaries``), and checks by hand the one dependency
that crosses documents: an adult of concern named in one note changes what a car used in
another note shows.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path
from typing import Any

from graph.store import SQLiteStore, summaries
from graph.store.records import Filters
from tests.graph.analysis.conftest import (
    CAR,
    DEANO,
    DOCS,
    FLAT,
    JAMIE,
    PART,
    Doc,
    batch,
    build,
    records_batch,
)


def snapshot(store: SQLiteStore) -> dict[str, Any]:
    """Every unfiltered row the analyses read, in a comparable order."""
    out: dict[str, Any] = {}
    for type_name in summaries.SUMMARISED:
        out[type_name] = sorted((r for r in store.entity_signals(type_name)),
                                key=lambda r: r["entity_id"])
    out["persons"] = sorted(store.person_activity(min_children=0),
                            key=lambda r: (r["entity_id"], r["role"]))
    return out


def assert_kept(store: SQLiteStore) -> dict[str, Any]:
    """The stored rows equal a full recomputation; returns them."""
    kept = snapshot(store)
    store.rebuild_summaries()
    assert snapshot(store) == kept
    return kept


def test_rows_are_kept_through_writes_updates_and_deletions(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "kept.db")
    try:
        store.write(records_batch())
        assert_kept(store)
        for doc in DOCS:
            store.write(batch(doc))
            assert_kept(store)
        # A note rewritten (same id, new content): Jamie becomes a peer there.
        n4 = next(d for d in DOCS if d.id == "n4")
        changed = dataclasses.replace(n4, named=[(e, "PEER" if e is JAMIE else r, t)
                                                 for e, r, t in n4.named])
        rewritten = batch(changed)
        store.write(dataclasses.replace(rewritten, document=dataclasses.replace(
            rewritten.document, content_hash="hash-n4-v2")))
        full = assert_kept(store)
        assert any(r["children"] for r in full["Location"])
        for doc in [*DOCS, records_batch().document]:
            store.delete_document(doc.id)
            assert_kept(store)
        assert all(not rows for rows in snapshot(store).values())
    finally:
        store.close()


def test_rows_follow_resolution_runs(tmp_path: Path) -> None:
    store = build(tmp_path / "resolved.db")
    try:
        before = assert_kept(store)
        # The partial plate joins the full one; Jamie in n1 (the peer) is told apart.
        store.replace_resolution(
            [{"entity_id": PART.id, "document_id": "", "cluster_id": CAR.id,
              "canonical_id": CAR.id, "score": 0.9, "reasons": ["partial plate"]},
             {"entity_id": JAMIE.id, "document_id": "n1", "cluster_id": JAMIE.id + "#2",
              "canonical_id": JAMIE.id, "score": 1.0, "reasons": ["peer"]}],
            [], resolved_at="2026-03-01T00:00:00", fingerprint="f1")
        after = assert_kept(store)
        cars = {r["entity_id"]: r for r in after["Vehicle"]}
        assert PART.id not in cars
        assert cars[CAR.id]["children"] > {r["entity_id"]: r for r in before["Vehicle"]}[
            CAR.id]["children"]
        assert JAMIE.id + "#2" in {r["entity_id"] for r in after["persons"]}
        store.replace_resolution([], [], resolved_at="2026-03-02T00:00:00", fingerprint="f2")
        assert assert_kept(store) == before
    finally:
        store.close()


def test_a_new_adult_of_concern_changes_what_their_car_shows(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "adult.db")
    try:
        drives = Doc("a", "C-1", "2026-01-05", named=[(DEANO, None, "Dean"),
                                                      (CAR, None, "MK15 XRT")],
                     relations=[("USES", DEANO.id, CAR.id),
                                ("TRANSPORTED_BY", "Child:C-1", CAR.id)])
        named = Doc("b", "C-2", "2026-01-06", named=[(DEANO, "ADULT_OF_CONCERN", "Deano")])

        def car() -> dict[str, Any]:
            return next(r for r in store.entity_signals("Vehicle") if r["entity_id"] == CAR.id)

        store.write(batch(drives))
        assert car()["adult_ids"] == []
        store.write(batch(named))
        assert car()["adult_ids"] == [DEANO.id]
        assert_kept(store)
        store.delete_document("b")
        assert car()["adult_ids"] == []
        assert_kept(store)
    finally:
        store.close()


def test_writes_mark_and_the_next_read_recomputes(tmp_path: Path) -> None:
    store = build(tmp_path / "marked.db")
    try:
        marked = store.read_sql("SELECT entity_id FROM summary_stale")
        assert FLAT.id in {r[0] for r in marked}
        flat = next(r for r in store.entity_signals("Location") if r["entity_id"] == FLAT.id)
        assert flat["children"] == 3
        assert store.read_sql("SELECT COUNT(*) FROM summary_stale")[0][0] == 0
    finally:
        store.close()


def test_a_read_during_another_writer_answers_live(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    store = build(path)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        store._conn.execute("PRAGMA busy_timeout = 50")  # not the 10 s a user would wait
        other.execute("BEGIN IMMEDIATE")  # a long bulk write elsewhere holds the lock
        flat = next(r for r in store.entity_signals("Location") if r["entity_id"] == FLAT.id)
        assert flat["children"] == 3 and flat["adult_ids"] == [DEANO.id]
        assert store.read_sql("SELECT COUNT(*) FROM summary_stale")[0][0] > 0
        other.execute("COMMIT")
        assert assert_kept(store)["Location"]
        assert store.read_sql("SELECT COUNT(*) FROM summary_stale")[0][0] == 0
    finally:
        other.close()
        store.close()


def test_an_existing_file_gets_its_rows_when_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = build(path)
    expected = snapshot(store)
    store.close()
    conn = sqlite3.connect(path)
    conn.executescript("DROP TABLE entity_summaries; DROP TABLE person_summaries;"
                       " DELETE FROM _migrations WHERE name = '0006_analysis_summaries';")
    conn.close()
    upgraded = SQLiteStore(path)
    try:
        assert "0006_analysis_summaries" in upgraded.applied_migrations()
        assert snapshot(upgraded) == expected
        assert upgraded.migrate() == []
    finally:
        upgraded.close()


def test_filtered_requests_are_answered_live(tmp_path: Path) -> None:
    store = build(tmp_path / "live.db")
    try:
        # Emptied stored rows cannot answer: a filter must not read them. (A first read
        # recomputes what the writes marked, so nothing is left to refill them.)
        assert store.entity_signals("Location")
        conn = sqlite3.connect(tmp_path / "live.db")
        conn.execute("DELETE FROM entity_summaries")
        conn.commit()
        conn.close()
        assert store.entity_signals("Location") == []
        window = Filters(since="2026-01-01")
        assert FLAT.id in {r["entity_id"] for r in store.entity_signals("Location", window)}
    finally:
        store.close()
