"""Correctness on generated areas: planted patterns rank in the top 3 of their analysis, and
no decoy (a teenage peer who shares an adult driver's first name) is presented as a shared
adult. Several seeds, small areas, one network each; generated and ingested once per session.

What is checked is what the analyses can see before entity resolution: a pattern is checked
when the records already name it by one key (a full address, an E.164 number, a full plate,
a handle) and that node is shared by two or more children. An adult known by a different
alias to each child, a partial plate, or a street written without its number is a different
node per spelling until resolution merges them; those patterns are listed in the report, not
asserted here.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph.analysis import run
from graph.store import SQLiteStore
from ingest.pipeline import ingest_paths
from rhigraph.scenario import generate

SEEDS = (1, 2, 3, 4, 5)
CHILDREN, WEEKS = 18, 8  # one network (round(18 / 16) == 1)
#: Pattern kind -> (entity type, analysis). Adults are found only through resolution.
CHECKED = {"house": ("Location", "hotspots"), "hotel": ("Location", "hotspots"),
           "vehicle": ("Vehicle", "vehicles"), "phone": ("Phone", "phones"),
           "handle": ("OnlineAccount", "handles")}
#: Seeds where extraction writes the decoy peer's role as ADULT_OF_CONCERN in a note, which
#: no analysis reading the roles as written can undo (see the report).
DECOY_EXTRACTION_ERRORS = {5: "rhi_C-1007_2026-01-29 tags the peer 'Rhys' ADULT_OF_CONCERN"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session", params=SEEDS, ids=[f"seed{s}" for s in SEEDS])
def area(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> tuple[int, SQLiteStore, dict[str, Any]]:
    seed = request.param
    out = tmp_path_factory.mktemp(f"area{seed}")
    truth = generate(out / "scenario", children=CHILDREN, weeks=WEEKS, seed=seed,
                     formats={"txt": 1})
    store = SQLiteStore(out / "rhigraph.db")
    summary = ingest_paths(store, [out / "scenario"])
    assert summary.rejected == 0
    request.addfinalizer(store.close)
    return seed, store, truth


def ranked(store: SQLiteStore, analysis: str) -> list[dict[str, Any]]:
    types = {"vehicles": ("Vehicle",), "phones": ("Phone",), "handles": ("OnlineAccount",)}
    if analysis == "hotspots":
        return run.hotspots_rows(store, limit=None, details=False)
    return run.identifier_rows(store, types=types[analysis], limit=None, min_children=1,
                               details=False)


def _stem(document_id: str) -> str:
    return document_id.rsplit(".", 1)[0]


def test_every_shared_planted_pattern_ranks_in_the_top_three(area) -> None:
    seed, store, truth = area
    checked = []
    for pattern in truth["patterns"]:
        if pattern["kind"] not in CHECKED:
            continue
        type_name, analysis = CHECKED[pattern["kind"]]
        rows = ranked(store, analysis)
        node = next((r for r in rows if r["entity_id"] == f"{type_name}:"
                     f"{pattern['normalised']}"), None)
        if node is None or node["children"] < 2:
            continue  # not shared under one key yet: needs resolution (see the report)
        checked.append(pattern["kind"])
        assert node["rank"] <= 3, (f"seed {seed}: {pattern['kind']} {pattern['normalised']}"
                                   f" ranks {node['rank']} in {analysis}")
    assert len(checked) >= 3, f"seed {seed}: too few patterns shared under one key {checked}"


def test_no_decoy_is_a_shared_adult(area) -> None:
    seed, store, truth = area
    adults = run.associates_rows(store, limit=None, roles=("ADULT_OF_CONCERN", "UNKNOWN"),
                                 details=False)
    problems = []
    for decoy in truth["decoys"]:
        peer, driver = decoy["people"]
        peer_only = ({_stem(d) for d in peer["documents"]}
                     - {_stem(d) for d in driver["documents"]})
        first = decoy["first_name"].lower()
        for row in adults:
            if row["entity_id"].split(":", 1)[1].split()[0] != first:
                continue
            documents = {_stem(m["document_id"]) for m in store.mentions_of([row["entity_id"]])
                         if (m["role"] or "UNKNOWN") == row["role"]}
            if documents & peer_only:
                problems.append(f"{row['entity_id']} ({row['role']}) counts the peer's notes "
                                f"{sorted(documents & peer_only)}")
    if seed in DECOY_EXTRACTION_ERRORS:
        assert problems, f"seed {seed} is fixed upstream: drop it from DECOY_EXTRACTION_ERRORS"
        pytest.xfail(f"extraction error, not analysis: {DECOY_EXTRACTION_ERRORS[seed]}")
    assert not problems, f"seed {seed}: {problems}"


def test_the_decoy_name_is_marked_ambiguous_when_both_roles_are_written(area) -> None:
    _, store, truth = area
    rows = run.associates_rows(store, limit=None, min_children=1, details=False)
    for decoy in truth["decoys"]:
        first = f"Person:{decoy['first_name'].lower()}"
        roles = {r["role"] for r in rows if r["entity_id"] == first}
        if {"ADULT_OF_CONCERN", "PEER"} <= roles:
            assert all(r["ambiguous"] for r in rows if r["entity_id"] == first)
