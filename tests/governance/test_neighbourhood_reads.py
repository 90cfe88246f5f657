"""The network of a few places read as their neighbourhood equals the one read from every
link, for each role, and a partner's neighbourhood stays a partner's.

The CSE mapping page draws its top places and what links to them
(:func:`dashboard.components.neighbourhood.hotspot_graph`). It read every link of the window
and every entity; it now asks the service for the neighbourhood of the places drawn
(:meth:`Service.neighbourhood`) and the entities at its ends (:meth:`Service.entities_by_id`).
Both paths run here on the same real store for an analyst and a partner.
"""

from __future__ import annotations

import networkx as nx
import pytest

from dashboard.components.neighbourhood import hotspot_graph
from graph.store import Filters, SQLiteStore
from rhigraph.governance import Governance, Role, Service, User
from rhigraph.governance.shaping import PARTNER_ENDPOINTS, PARTNER_LINK_TYPES

WINDOWS = (Filters(), Filters(since="2026-01-20", until="2026-02-28"))


def _drawn(graph: nx.Graph) -> tuple[list, list]:
    return (sorted((n, sorted(d.items())) for n, d in graph.nodes(data=True)),
            sorted((min(a, b), max(a, b), sorted(d.items())) for a, b, d in
                   graph.edges(data=True)))


@pytest.mark.parametrize("role", [Role.ANALYST, Role.PARTNER])
@pytest.mark.parametrize("window", WINDOWS, ids=("all", "window"))
def test_places_network_by_neighbourhood_equals_every_link(
        store: SQLiteStore, governance: Governance, role: Role, window: Filters) -> None:
    svc = Service(store, User("tester", role, source="cli"), governance)
    places = svc.entities("Location")
    assert places
    every_link, every_entity = svc.links(window), svc.entities()
    for place in places:
        rows = [{"location_id": place["id"], "label": place["label"], "rank": 1}]
        links = svc.neighbourhood([place["id"]], window)
        ends = svc.entities_by_id(sorted({link[end] for link in links
                                          for end in ("source_id", "target_id")}))
        assert _drawn(hotspot_graph(rows, links, ends)) == _drawn(
            hotspot_graph(rows, every_link, every_entity)), place["id"]
    assert any(e["action"] == "neighbourhood" for e in governance.audit.entries())


def test_a_partner_neighbourhood_is_child_place_links_with_pseudonyms(
        store: SQLiteStore, governance: Governance, world) -> None:
    svc = Service(store, User("partner", Role.PARTNER, source="cli"), governance)
    ids = sorted(e["id"] for e in store.entities())
    links = svc.neighbourhood(ids)
    assert links
    for link in links:
        ends = {link["source_id"].split(":")[0], link["target_id"].split(":")[0]}
        assert "Location" in ends and ends <= PARTNER_ENDPOINTS
        assert link["type"] in PARTNER_LINK_TYPES
    shown = " ".join(str(v) for link in links for v in link.values())
    assert not any(ref in shown or name in shown for ref, name in world.NAMES.items())
    assert {e["type"] for e in svc.entities_by_id(ids)} <= {"Location"}
