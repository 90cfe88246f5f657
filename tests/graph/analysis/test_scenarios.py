"""Correctness on generated areas: planted patterns rank in the top 3 of their analysis, and
no decoy (a teenage peer who shares an adult driver's first name) is presented as a shared
adult. Several seeds, small areas, one network each; generated and ingested once per session.

Ingest runs entity resolution (issue 5) and the analyses rank its clusters. A pattern is
checked when the node its key resolves to (a full address, an E.164 number, a full plate, a
handle, an adult's full name) is shared by two or more children: the records or resolution
have gathered it under one node. An adult known only by a different alias to each child,
that resolution has not joined, is not shared under one node and is listed in the report,
not asserted here.
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
#: Pattern kind -> (entity type, analysis).
CHECKED = {"house": ("Location", "hotspots"), "hotel": ("Location", "hotspots"),
           "vehicle": ("Vehicle", "vehicles"), "phone": ("Phone", "phones"),
           "handle": ("OnlineAccount", "handles"), "adult": ("Person", "associates")}

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
    if analysis == "associates":
        return run.associates_rows(store, limit=None, min_children=1, details=False,
                                   roles=("ADULT_OF_CONCERN",))
    return run.identifier_rows(store, types=types[analysis], limit=None, min_children=1,
                               details=False)


def _stem(document_id: str) -> str:
    return document_id.rsplit(".", 1)[0]


def test_every_shared_planted_pattern_ranks_in_the_top_three(area) -> None:
    seed, store, truth = area
    resolved = {r["entity_id"]: r["cluster_id"] for r in store.entity_clusters()
                if r["document_id"] == ""}
    checked = []
    for pattern in truth["patterns"]:
        if pattern["kind"] not in CHECKED:
            continue
        type_name, analysis = CHECKED[pattern["kind"]]
        rows = ranked(store, analysis)
        key = f"{type_name}:{pattern['normalised']}"
        node = next((r for r in rows if r["entity_id"] == resolved.get(key, key)), None)
        if node is None or node["children"] < 2:
            continue  # not shared under one key yet: needs resolution (see the report)
        checked.append(pattern["kind"])
        assert node["rank"] <= 3, (f"seed {seed}: {pattern['kind']} {pattern['normalised']}"
                                   f" ranks {node['rank']} in {analysis}")
    assert len(checked) >= 5, f"seed {seed}: too few patterns shared under one node {checked}"


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
            if row["entity_id"].split(":", 1)[1].split("#")[0].split()[0] != first:
                continue
            documents = {_stem(m["document_id"]) for m in store.mentions_of([row["entity_id"]])
                         if (m["role"] or "UNKNOWN") == row["role"]}
            if documents & peer_only:
                problems.append(f"{row['entity_id']} ({row['role']}) counts the peer's notes "
                                f"{sorted(documents & peer_only)}")
    # Roles are read as extraction wrote them: a peer tagged ADULT_OF_CONCERN in a note
    # (an extraction error) would show here, and is the extraction's to fix.
    assert not problems, f"seed {seed}: {problems}"


def test_the_decoy_name_is_marked_ambiguous_when_both_roles_are_written(area) -> None:
    _, store, truth = area
    rows = run.associates_rows(store, limit=None, min_children=1, details=False)
    for decoy in truth["decoys"]:
        first = f"Person:{decoy['first_name'].lower()}"
        same = [r for r in rows if r["entity_id"] == first]
        if {"ADULT_OF_CONCERN", "PEER"} <= {r["role"] for r in same}:
            assert all(r["ambiguous"] for r in same)
