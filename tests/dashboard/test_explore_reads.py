"""The link explorer reads what it shows, and answers as the graph of the whole window does.

On the generated scenario (ingested and resolved), as an analyst and as a partner, the
search results, the ego network (with an expansion), the links behind each edge and the
path between two entities found by reading around a few entities at a time are compared
with the same questions asked of the graph of every link in the window, built the old way
(``explore.build`` over ``Service.links`` and ``Service.entities``) and searched as
:mod:`tests.dashboard.whole_graph` does.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from typing import Any

import networkx as nx
import pytest

from dashboard.components import explore
from graph.analysis import paths
from graph.store import Filters, SQLiteStore
from rhigraph.governance import Governance, Role, Service
from tests.dashboard import whole_graph
from tests.dashboard.conftest import HOSTILE_PLACE, Scenario, signed_in

ROLES = (Role.ANALYST, Role.PARTNER)


@pytest.fixture(scope="module", params=ROLES, ids=lambda r: r.value)
def service(request: pytest.FixtureRequest, scenario: Scenario) -> Any:
    store = SQLiteStore(scenario.path)
    governance = Governance.beside(scenario.path)
    yield Service(store, signed_in(request.param), governance)
    governance.close()
    store.close()


def _read(svc: Service, filters: Filters) -> explore.Read:
    def read(ids: Sequence[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return svc.view_around(list(ids), filters)
    return read


def _whole(svc: Service, filters: Filters) -> nx.Graph:
    """The graph of every link in the window, as the page built it before. A cluster that
    is no entity itself (one name split in two, "Person:gillian#2") is labelled as the
    store names it (``entities_by_id``: its canonical entity), as the page now does; it
    used to show its key."""
    links, entities = svc.links(filters), svc.entities()
    known = {e["id"] for e in entities}
    clusters = sorted({link[f"{end}_cluster"] for link in links for end in ("source", "target")
                       if link.get(f"{end}_cluster")} - known)
    return explore.build(links, [*entities, *svc.entities_by_id(clusters)])


def _edges(graph: nx.Graph) -> dict[tuple[str, str], dict[str, Any]]:
    return {tuple(sorted((a, b))): data for a, b, data in graph.edges(data=True)}


def _terms(scenario: Scenario, svc: Service, whole: nx.Graph) -> list[str]:
    """Planted adults (as written, and misspelt), children, places and the hostile place."""
    adults = scenario.adult_names()
    terms = [*adults, *(a[:-2] + a[-1] for a in adults if len(a) > 4),
             *(a.split()[0] for a in adults), HOSTILE_PLACE, "road", "street"]
    places = sorted(str(d["label"]) for n, d in whole.nodes(data=True)
                    if d["type"] == "Location")
    terms += places[:3]
    if svc.policy.tier.value >= 2:
        terms += list(scenario.child_names().values())[:3]
    return terms


def test_search_finds_what_the_whole_graph_finds(scenario: Scenario, service: Service) -> None:
    filters = Filters()
    whole = _whole(service, filters)
    entities = service.entities()
    read = _read(service, filters)
    compared = 0
    for term in _terms(scenario, service, whole):
        hits = service.search(term)
        before = whole_graph.matches(term, hits, entities, whole)
        after = explore.found(term, hits, service.spellings(term), read)
        assert after == before, term
        compared += bool(before)
    assert compared >= 3


def _foci(whole: nx.Graph) -> list[str]:
    ranked = sorted(whole.nodes, key=lambda n: (-whole.degree(n), n))
    kinds = {}
    for node in ranked:
        kinds.setdefault(whole.nodes[node]["type"], node)
    return sorted({*ranked[:4], *kinds.values()} - {n for n in kinds.values()
                                                       if n.startswith("Organisation:")})


@pytest.mark.parametrize("professionals", [False, True])
def test_ego_network_and_its_evidence_are_those_of_the_whole_graph(
        scenario: Scenario, service: Service, professionals: bool) -> None:
    filters = Filters()
    whole = _whole(service, filters)
    links = service.links(filters)
    read = _read(service, filters)
    for focus in _foci(whole):
        expand = [r["entity_id"] for r in explore.neighbour_rows(whole, focus)][:2]
        for centres in ([focus], [focus, *expand]):
            graph, around = explore.ego_graph(read, centres)
            old, old_out = explore.neighbourhood(whole, focus, centres[1:],
                                                 professionals=professionals)
            new, new_out = explore.neighbourhood(graph, focus, centres[1:],
                                                 professionals=professionals)
            assert dict(new.nodes(data=True)) == dict(old.nodes(data=True)), focus
            assert _edges(new) == _edges(old), focus
            assert new_out == old_out
        assert explore.neighbour_rows(graph, focus) == explore.neighbour_rows(whole, focus)
        assert explore.children_linked(graph, focus) == explore.children_linked(whole, focus)
        for other in list(whole.neighbors(focus))[:5]:
            assert (explore.supporting_links(around, focus, other)
                    == explore.supporting_links(links, focus, other))


def _cost(graph: nx.Graph, hops: list[dict[str, Any]]) -> float:
    return sum(paths._cost(graph, h["from_id"], h["entity_id"]) for h in hops)


def test_path_is_the_one_the_whole_graph_gives(service: Service) -> None:
    filters = Filters()
    whole = _whole(service, filters)
    read = _read(service, filters)
    drawn = sorted(n for n in whole.nodes if explore.type_of(n) in explore.SEARCHABLE_TYPES)
    every = list(itertools.combinations(drawn, 2))
    pairs = random.Random(8).sample(every, min(40, len(every)))
    found = 0
    for (a, b), professionals in zip(pairs, itertools.cycle([False, True]), strict=False):
        before = whole_graph.path(whole, a, b, professionals=professionals)
        after, grown, why = explore.grow_path(read, a, b, professionals=professionals,
                                              max_hops=50, max_nodes=10**6)
        # As short and as well evidenced (ties between equal paths may fall either way),
        # every hop an edge of the whole graph with all its records, ends where asked.
        assert len(after) == len(before), (a, b)
        assert _cost(whole, after) == pytest.approx(_cost(whole, before)), (a, b)
        for hop in after:
            edge = whole.edges[hop["from_id"], hop["entity_id"]]
            assert hop["documents"] == sorted(edge["documents"])
        crossed = [h["entity_id"] for h in after[:-1]]
        assert not any(explore.type_of(n) in explore.HUB_TYPES for n in crossed)
        assert professionals or not any(explore.is_professional(whole, n) for n in crossed)
        if after:
            assert (after[0]["from_id"], after[-1]["entity_id"]) == (a, b)
        assert why is None
        if after:
            found += 1
            chain = explore.path_graph(grown, after)
            assert set(chain.nodes) == {h["from_id"] for h in after} | {b}
    assert found >= min(5, len(pairs))


def test_path_search_gives_up_at_its_limits(service: Service) -> None:
    filters = Filters()
    whole = _whole(service, filters)
    read = _read(service, filters)
    lengths = {}
    drawn = sorted(n for n in whole.nodes if explore.type_of(n) in explore.SEARCHABLE_TYPES)
    for a, b in itertools.combinations(drawn[:30], 2):
        hops = whole_graph.path(whole, a, b)
        if len(hops) >= 3:
            lengths[(a, b)] = len(hops)
    if not lengths:
        pytest.skip("no path of three hops or more in this role's view")
    (a, b), length = min(lengths.items(), key=lambda item: (item[1], item[0]))
    hops, _, why = explore.grow_path(read, a, b, max_hops=length - 2)
    assert hops == [] and why == f"no path within {length - 2} hops"
    hops, _, why = explore.grow_path(read, a, b, max_nodes=2)
    assert hops == [] and "without a path" in str(why)


def test_spellings_take_wildcards_as_text(service: Service) -> None:
    """A ``%`` or ``_`` typed is a character to find, not a pattern matching every name."""
    names = [r["name"] for r in service.spellings("%_")]
    assert all("%_" in n or "%" in n or "_" in n for n in names)
    assert len(service.spellings("a")) > len(names)
