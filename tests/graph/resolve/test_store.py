"""The store's side of resolution: the mapping, the review queue and judgements (SQLite)."""

from __future__ import annotations

import pytest

from graph.exc import StoreError
from graph.store import SQLiteStore
from tests.graph.resolve.conftest import person, place, write_doc

CANDIDATE = {"type": "Person", "left_id": "Person:shannon", "left_document": "n1",
             "right_id": "Person:shannon", "right_document": "n2", "left_cluster": "a",
             "right_cluster": "b", "score": 0.8, "reasons": ["same name shannon (+2.0)"]}


def test_migration_adds_the_resolution_tables(store: SQLiteStore) -> None:
    assert "0004_resolution" in store.applied_migrations()
    assert store.entity_clusters() == [] and store.resolution_candidates() == []
    assert store.last_resolution() is None


def test_document_rows_override_entity_rows_in_activity(store: SQLiteStore) -> None:
    write_doc(store, "n1", "C-1", [place("18 Mossfield Court", "18 mossfield court")],
              [("AT", "CHILD", 0)])
    write_doc(store, "n2", "C-2", [place("flat on Mossfield Court", "mossfield court",
                                         kind="flat")], [("AT", "CHILD", 0)])
    write_doc(store, "n3", "C-3", [place("flat on Mossfield Court", "mossfield court",
                                         kind="flat")], [("AT", "CHILD", 0)])
    flat = "Location:18 mossfield court"
    store.replace_resolution(
        [{"entity_id": "Location:mossfield court", "document_id": "", "cluster_id": flat,
          "canonical_id": flat, "score": 0.95, "reasons": ["dwelling on the same street"]},
         {"entity_id": "Location:mossfield court", "document_id": "n3",
          "cluster_id": "Location:mossfield court", "canonical_id": "Location:mossfield court",
          "score": 1.0, "reasons": ["kept apart"]}],
        [], resolved_at="2026-02-01T00:00:00", fingerprint="x")
    rows = {r["entity_id"]: r for r in store.entity_activity("Location")}
    assert rows[flat]["members"] == [flat, "Location:mossfield court"]
    assert rows[flat]["children"] == 2 and rows[flat]["label"] == "18 Mossfield Court"
    assert rows[flat]["variants"] == ["18 Mossfield Court", "flat on Mossfield Court"]
    assert rows["Location:mossfield court"]["children"] == 1
    ends = {(x["document_id"], x["target_cluster"]) for x in store.links() if x["type"] == "AT"}
    assert ends == {("n1", flat), ("n2", flat), ("n3", "Location:mossfield court")}


def test_unmapped_entities_are_their_own_cluster(store: SQLiteStore) -> None:
    write_doc(store, "n1", "C-1", [person("Zee", "ADULT_OF_CONCERN")], [("WITH", "CHILD", 0)])
    (row,) = store.entity_activity("Person")
    assert row["entity_id"] == "Person:zee" and row["members"] == ["Person:zee"]
    (link,) = [x for x in store.links() if x["type"] == "WITH"]
    assert (link["source_cluster"], link["target_cluster"]) == ("Child:C-1", "Person:zee")


def test_open_candidates_keep_their_ids_and_decided_ones_stay_decided(
        store: SQLiteStore) -> None:
    other = {**CANDIDATE, "right_document": "n3"}
    store.replace_resolution([], [CANDIDATE, other], resolved_at="t1", fingerprint="f1")
    first = {c["right_document"]: c["id"] for c in store.resolution_candidates()}
    store.add_judgement(left_id="Person:shannon", left_document="n1",
                        right_id="Person:shannon", right_document="n3", same=False,
                        user="ana", at="t2", candidate_id=first["n3"])
    store.replace_resolution([], [{**CANDIDATE, "score": 0.85}, other], resolved_at="t3",
                             fingerprint="f2")
    (open_,) = store.resolution_candidates()
    assert open_["id"] == first["n2"] and open_["score"] == 0.85
    (rejected,) = store.resolution_candidates("rejected")
    assert rejected["id"] == first["n3"] and rejected["judgement_id"]
    store.replace_resolution([], [], resolved_at="t4", fingerprint="f3")
    assert store.resolution_candidates() == []
    assert len(store.resolution_candidates(None)) == 1
    store.replace_resolution([], [CANDIDATE], resolved_at="t5", fingerprint="f4")
    assert store.resolution_candidates()[0]["id"] > first["n3"], "ids are never reused"
    assert store.last_resolution()["fingerprint"] == "f4"


def test_judgements_need_a_user_and_two_things(store: SQLiteStore) -> None:
    with pytest.raises(StoreError):
        store.add_judgement(left_id="Person:a", right_id="Person:b", same=True, user=" ",
                            at="t")
    with pytest.raises(StoreError):
        store.add_judgement(left_id="Person:a", right_id="Person:a", same=True, user="ana",
                            at="t")


def test_undo_reopens_the_candidate(store: SQLiteStore) -> None:
    store.replace_resolution([], [CANDIDATE], resolved_at="t1", fingerprint="f1")
    (candidate,) = store.resolution_candidates()
    judgement = store.add_judgement(left_id="Person:shannon", left_document="n1",
                                    right_id="Person:shannon", right_document="n2",
                                    same=True, user="ana", at="t2",
                                    candidate_id=candidate["id"])
    assert store.resolution_candidates() == []
    assert store.undo_judgement(judgement, user="bo", at="t3")
    assert store.resolution_candidates()[0]["id"] == candidate["id"]
    (undone,) = store.judgements(active=False)
    assert (undone["user"], undone["undone_by"], undone["undone_at"]) == ("ana", "bo", "t3")


def test_fingerprint_changes_with_documents_and_judgements(store: SQLiteStore) -> None:
    before = store.resolution_fingerprint()
    write_doc(store, "n1", "C-1", [person("Zee", "ADULT_OF_CONCERN")])
    after_doc = store.resolution_fingerprint()
    store.add_judgement(left_id="Person:zee", right_id="Person:x", same=False, user="a",
                        at="t")
    assert len({before, after_doc, store.resolution_fingerprint()}) == 3


def test_resolution_units_one_per_entity_and_document(store: SQLiteStore, tmp_path) -> None:
    """What resolution reads: one unit per (entity, document), in type order then (entity,
    document) order, each mention in the order written, links both ways, and the child of
    a table row (an episodes file has no subject child of its own)."""
    from ingest.pipeline import ingest_paths

    flat = place("flat on Moss Lane", "moss lane", kind="flat")
    write_doc(store, "n2", "C-1", [person("Kyle", "ADULT_OF_CONCERN", "Kyle M", age="20s"),
                                   flat], [("AT", 0, 1)], date="2026-02-01")
    write_doc(store, "n1", "C-1", [person("Kyle", "ADULT_OF_CONCERN")], date="2026-01-05")
    episodes = tmp_path / "episodes.csv"
    episodes.write_text(
        "episode_id,child_id,child_name,dob,reported_missing_at,missing_from\n"
        "MP-1,C-7,Jade Turner,02/03/2011,13/03/2026 21:30,\"12 Birch Lane, Bolton\"\n",
        "utf-8")
    ingest_paths(store, [episodes])
    units = store.resolution_units(("Person", "Location"))
    pairs = [(u["entity_id"], u["document_id"]) for u in units]
    assert pairs[:2] == [("Person:kyle", "n1"), ("Person:kyle m", "n2")]
    assert [p[0].split(":")[0] for p in pairs] == sorted(
        (p[0].split(":")[0] for p in pairs), key=["Person", "Location"].index)
    assert pairs == sorted(pairs, key=lambda p: (p[0].split(":")[0] != "Person", p))
    kyle = units[1]
    assert kyle["child_id"] == "C-1" and kyle["date"] == "2026-02-01"
    assert kyle["mentions"][0]["aliases"] == ["Kyle M"]
    assert kyle["mentions"][0]["attributes"] == {"age": "20s"}
    assert kyle["linked"] == [{"type": "AT", "other_id": "Location:moss lane",
                               "direction": "out"}]
    moss = next(u for u in units if u["entity_id"] == "Location:moss lane")
    assert moss["linked"] == [{"type": "AT", "other_id": "Person:kyle m", "direction": "in"}]
    birch = [u for u in units if u["document_id"] == "episodes.csv"]
    assert birch and all(u["child_id"] == "C-7" for u in birch)
