"""The link explorer's service calls on a big store: a search, an ego network, an expansion
and a path, as an analyst and as a partner.

Issue 8's target: every page interactive within 5 s on a store of 100,000 documents. The
explorer reads what it shows (``Service.spellings``, ``Service.view_around``); timed here
with what the page calls: ``Service.search`` + ``Service.spellings`` + ``explore.found``;
the ego network (``explore.ego_graph`` + ``explore.neighbourhood``); the ego network with
two neighbours expanded; ``explore.grow_path`` to a place two hops away.

It used to build the graph of every link in the window first; that way is no longer in the
code (``tests/dashboard/whole_graph.py`` keeps its search and path as the tests' oracle).
To time it, run this file as it was at commit 311f26b, in its ``whole`` mode, with that
checkout on ``PYTHONPATH``.

Run: ``python -m bench.explorer STORE [--role ANALYST] [--term ...]``. The store is opened
as it is (migrations apply on first open): point it at a copy. Prints one line per call,
wall seconds.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from typing import Any

from graph.store import Filters
from rhigraph.governance import Governance, Role, Service, User
from rhigraph.settings import Settings, open_store

#: What each role searches for by default: a name written many times over, and a street.
TERMS = {"ANALYST": "Eric Price", "PARTNER": "Osborne Road"}


def _timed(what: str, fn: Callable[[], Any]) -> Any:
    begun = time.perf_counter()
    result = fn()
    print(f"  {what:<24} {time.perf_counter() - begun:7.2f} s", flush=True)
    return result


def _two_hops(graph: Any, focus: str) -> str | None:
    """A place (else anything) two hops from ``focus``, for the path: deterministic."""
    from dashboard.components import explore

    rows = explore.neighbour_rows(graph, focus)
    for row in rows:
        if row["type"] in explore.HUB_TYPES:
            continue
        for far in explore.neighbour_rows(graph, row["entity_id"]):
            if far["entity_id"] != focus and far["type"] not in explore.HUB_TYPES \
                    and not graph.has_edge(focus, far["entity_id"]):
                return far["entity_id"]
    return None


def shown(svc: Service, term: str, filters: Filters) -> None:
    """The explorer's calls, as the page makes them: only the entities and links shown."""
    from dashboard.components import explore

    def read(ids: Sequence[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return svc.view_around(list(ids), filters)

    found = _timed("search", lambda: explore.found(term, svc.search(term),
                                                   svc.spellings(term), read))
    if not found:
        print("  nothing found")
        return
    focus = found[0]["entity_id"]
    graph, _ = _timed("ego network", lambda: explore.ego_graph(read, [focus]))
    explore.neighbourhood(graph, focus)
    expand = [r["entity_id"] for r in explore.neighbour_rows(graph, focus)][:2]
    bigger, _ = _timed("expand 2", lambda: explore.ego_graph(read, [focus, *expand]))
    target = _two_hops(bigger, focus)
    if target:
        hops, _, _ = _timed("path", lambda: explore.grow_path(read, focus, target))
        print(f"  path of {len(hops)} hops")


def main(argv: Sequence[str] | None = None) -> None:
    """Time the explorer's calls on ``STORE`` as each role asked for."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store")
    parser.add_argument("--role", action="append", choices=sorted(TERMS))
    parser.add_argument("--term")
    args = parser.parse_args(argv)
    store = open_store(Settings.resolve(args.store))
    governance = Governance.beside(args.store)
    try:
        for role in args.role or sorted(TERMS):
            term = args.term or TERMS[role]
            print(f"{role} {term!r}", flush=True)
            svc = Service(store, User("bench", Role(role), source="cli"), governance)
            begun = time.perf_counter()
            shown(svc, term, Filters())
            print(f"  {'(all)':<24} {time.perf_counter() - begun:7.2f} s", flush=True)
    finally:
        governance.close()
        store.close()


if __name__ == "__main__":
    main()
