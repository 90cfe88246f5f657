"""The Neo4j store's shaping of bounded reads gives the SQLite store's answers.

No Neo4j server runs here (see ``conftest.py``), so the Cypher is checked by Neo4j's linter
(``test_neo4j_cypher_lint.py``) and, here, the Python half: the rows
:func:`graph.store.cypher.touching` returns are built from the same world's links as SQLite
stores them (each end that resolves to an entity asked about, with the other end), and the
pure functions of :mod:`graph.store.neo4j_analysis` must turn them into what the SQLite store
answers for trends, relations, details and neighbourhoods.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from graph.store import SQLiteStore, cypher
from graph.store.neo4j_analysis import (
    details_from,
    link_of,
    periods_from,
    relations_from,
    trends_from,
    variants_from,
)
from tests.graph.analysis.conftest import CAR, DEANO, FLAT, JAMIE, PARK, PHONE, build

SHOWN = [FLAT.id, PARK.id, CAR.id, PHONE.id, DEANO.id, JAMIE.id]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    store = build(tmp_path_factory.mktemp("neo4j_shaping") / "world.db")
    # One entity resolved into another, so clusters differ from ids somewhere.
    store.replace_resolution(
        [{"entity_id": "Vehicle:MK15*", "document_id": "", "cluster_id": CAR.id,
          "canonical_id": CAR.id, "score": 0.9, "reasons": ["partial plate"]}],
        [], resolved_at="2026-03-01T00:00:00", fingerprint="f")
    try:
        yield store
    finally:
        store.close()


def touching(store: SQLiteStore, ids: list[str]) -> list[dict[str, Any]]:
    """What ``cypher.touching`` returns for ``ids``, from the links as SQLite holds them."""
    rows = []
    for link in store.links():
        props = {f: link[f] for f in cypher.LINK_FIELDS if f in link and link[f] is not None}
        props.update(link["props"])
        ends = (("source", "target", True), ("target", "source", False))
        for end, other, outgoing in ends:
            if link[f"{end}_cluster"] not in ids:
                continue
            rows.append({"entity_id": link[f"{end}_cluster"], "member_id": link[f"{end}_id"],
                         "other_id": link[f"{other}_id"],
                         "other_cluster": link[f"{other}_cluster"],
                         "other_is_child": link[f"{other}_id"].startswith("Child:"),
                         "outgoing": outgoing, "type": link["type"], "props": props})
    return rows


def test_trends_match(world: SQLiteStore) -> None:
    latest = max(d["date"] for d in world.documents() if d["date"])
    for reference in (None, "2026-02-20"):
        expected = world.entity_trends(SHOWN, reference=reference)
        assert trends_from(touching(world, SHOWN), SHOWN, reference=reference,
                           latest_document=latest, period_days=28,
                           half_life_days=28.0) == expected
    assert any(t["recent_children"] for t in expected.values())


def test_relations_match(world: SQLiteStore) -> None:
    persons = [DEANO.id, JAMIE.id, "Person:sue smith"]
    rows = touching(world, persons)
    roles = [{"member_id": m["member_id"], "document_id": m["document_id"], "role": m["role"]}
             for m in world.mentions_of(persons)]
    key = lambda r: (r["entity_id"], r["role"])  # noqa: E731
    expected = sorted(world.person_relations(persons), key=key)
    assert expected and sorted(relations_from(rows, roles), key=key) == expected


def test_details_and_neighbourhood_match(world: SQLiteStore) -> None:
    rows = touching(world, SHOWN)
    documents = {d["id"]: d for d in world.documents()}
    children = {r["props"]["child_id"] for r in rows if r["props"].get("child_id")}
    names = {c["key"]: c["props"].get("name") for c in world.entities("Child")
             if c["key"] in children}
    basics = {e["id"]: e for e in world.entities_by_id(SHOWN)}
    forms = variants_from(world.mentions_of(SHOWN))
    for most in (20, 1):
        assert details_from(basics, rows, documents, names, forms, most) == \
            world.entity_details(SHOWN, max_documents=most)
    links: dict[Any, dict[str, Any]] = {}
    for row in rows:
        links.setdefault(link_of(row)["id"], link_of(row))
    assert [links[k] for k in sorted(links)] == world.neighbourhood(SHOWN)


def test_periods_merge_per_child_and_period() -> None:
    merged = periods_from(
        [{"child_id": "C-1", "period": 0, "episodes": 2, "high_risk": 1}],
        [{"child_id": "C-1", "period": 0, "indicators": 3, "codes": ["CSE", "CCE"],
          "documents": 2}, {"child_id": "C-2", "period": 1, "indicators": 1,
                            "codes": ["CSE"], "documents": 1}])
    assert merged == [
        {"child_id": "C-1", "period": 0, "episodes": 2, "high_risk": 1, "indicators": 3,
         "codes": ["CCE", "CSE"], "documents": 2},
        {"child_id": "C-2", "period": 1, "episodes": 0, "high_risk": 0, "indicators": 1,
         "codes": ["CSE"], "documents": 1}]

