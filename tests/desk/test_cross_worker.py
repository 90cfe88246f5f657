"""Cross-worker patterns: a planted adult named in notes by two interviewers is found, and
every row really spans two workers or agencies (checked against the stored note headers)."""

from __future__ import annotations

from collections import defaultdict

from graph.desk.cross_worker import cross_worker
from graph.desk.notes import agency_key, worker_key
from graph.store import SQLiteStore
from tests.desk.conftest import Area


def _candidates(area: Area, store: SQLiteStore) -> dict[str, set[str]]:
    """Planted adults and the surface forms truth.json records for them in RHI notes by two
    or more different interviewers (interviewers read from the stored headers)."""
    notes = {d["id"]: d for d in store.documents("rhi_note")}
    out: dict[str, set[str]] = {}
    for pattern in area.truth["patterns"]:
        if pattern["kind"] != "adult":
            continue
        workers: dict[str, set[str]] = defaultdict(set)
        for doc, forms in pattern["occurrences"].items():
            note = notes.get(area.store_id(doc))
            if note is None:
                continue
            for form in forms:
                workers[form.casefold()].add(worker_key(note["fields"].get("interviewer")))
        shared = {form for form, keys in workers.items() if len(keys - {None}) >= 2}
        if shared:
            out[pattern["id"]] = shared
    return out


def test_a_planted_adult_seen_by_two_interviewers_is_found(area: Area,
                                                           store: SQLiteStore) -> None:
    candidates = _candidates(area, store)
    assert candidates, "the area needs a planted adult named by two interviewers"
    rows = [r for r in cross_worker(store) if r["kind"] == "adult"]
    found = {pattern for pattern, forms in candidates.items()
             if any(forms & {v.casefold() for v in r["variants"]} for r in rows)}
    assert found, (candidates, [r["label"] for r in rows])


def test_every_row_spans_two_workers_or_agencies(store: SQLiteStore) -> None:
    headers = {d["id"]: d["fields"] for d in store.documents("rhi_note")}
    rows = cross_worker(store)
    assert rows
    for row in rows:
        ids = [n["document_id"] for n in row["notes"]]
        workers = {worker_key(headers[i].get("interviewer")) for i in ids} - {None}
        agencies = {agency_key(headers[i].get("agency")) for i in ids} - {None}
        assert len(workers) >= 2 or len(agencies) >= 2, row["label"]
        assert row["first_seen"] <= row["last_seen"]
        assert sorted(row["children"]) == row["children"]


def test_since_limits_the_notes_considered(area: Area, store: SQLiteStore) -> None:
    dates = sorted(d["date"] for d in area.truth_documents("rhi_note"))
    since = dates[len(dates) // 2]
    for row in cross_worker(store, since=since):
        assert all(n["date"] >= since for n in row["notes"])


def test_one_worker_signing_two_ways_is_not_a_pattern() -> None:
    assert worker_key("Jordan Duffy") == worker_key("J Duffy") == worker_key("J. DUFFY")
    assert agency_key("Wigan MFH") == agency_key("Wigan Missing From Home Team")
    assert agency_key("Bolton MFH") != agency_key("Wigan MFH")
