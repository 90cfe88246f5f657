"""Cached loaders: the one place the dashboard reads the store.

``@st.cache_resource`` holds one open store per database path for the whole server (the SQLite
store is thread-safe and Streamlit serves sessions from threads). ``@st.cache_data`` holds query
results keyed on plain values (path, ISO dates, numbers), so every user and page asking the
same question shares one answer, and a changed filter is a new key rather than a stale hit.
Results expire after :data:`TTL_SECONDS` so that a fresh ingest shows up without a restart.

Shaping and ranking are not done here: :mod:`graph.analysis` ranks, :mod:`dashboard.components`
builds graphs and tables, and this module only wires store calls to them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import streamlit as st

from dashboard.components.neighbourhood import hotspot_graph
from dashboard.components.network import network_html
from graph.analysis.hotspots import rank_hotspots
from graph.store import Filters, Store
from rhigraph.settings import Settings, open_store

TTL_SECONDS = 300
#: Enough distinct filter combinations for a meeting; bounds memory (a network page is ~0.7 MB).
MAX_ENTRIES = 64


def db_path() -> str:
    """The store path for this server: ``RHIGRAPH_DB`` (via :class:`Settings`), else default."""
    return str(Settings.resolve().db)


def missing_store_message(path: str) -> str | None:
    """Why the dashboard cannot show anything for ``path``, or ``None`` when it can.

    Opening a SQLite path that does not exist would create an empty database, and the page
    would then say "no hotspots" when the truth is "wrong file".
    """
    settings = Settings.resolve(path)
    if settings.store == "sqlite" and not Path(path).is_file():
        return (f"No rhigraph store at {path}. Ingest records first (rhigraph ingest), or set"
                " RHIGRAPH_DB to the store file.")
    return None


@st.cache_resource(show_spinner=False)
def store(path: str) -> Store:
    """The open store for ``path``, shared by every session of this server."""
    return open_store(Settings.resolve(path))


def _filters(since: str | None, until: str | None) -> Filters:
    return Filters(since=since, until=until)


@st.cache_data(ttl=TTL_SECONDS, max_entries=MAX_ENTRIES, show_spinner=False)
def counts(path: str) -> dict[str, int]:
    """Entities by type plus documents, links and mentions, for the sidebar summary."""
    return store(path).counts()


@st.cache_data(ttl=TTL_SECONDS, max_entries=MAX_ENTRIES, show_spinner="Ranking places…")
def hotspots(path: str, since: str | None, until: str | None,
             min_children: int) -> list[dict[str, Any]]:
    """Locations ranked by distinct children within the date window (placements left out)."""
    activity = store(path).location_activity(_filters(since, until))
    return rank_hotspots(activity, min_children=min_children)


@st.cache_data(ttl=TTL_SECONDS, max_entries=MAX_ENTRIES, show_spinner="Building the network…")
def hotspot_network(path: str, since: str | None, until: str | None, min_children: int,
                    top_n: int) -> nx.Graph:
    """The top ``top_n`` hotspots and their direct neighbours, within the same window.

    The graph is bounded by construction (the places and their direct neighbours), but the
    read is not yet: ``Store.links`` returns every link in the window and the ones touching
    the places are picked out here. A store query for "links touching these ids" (and
    "entities with these ids") would make the read proportional to the places too.
    """
    top = hotspots(path, since, until, min_children)[:top_n]
    if not top:
        return nx.Graph()
    source = store(path)
    return hotspot_graph(top, source.links(_filters(since, until)), source.entities())


@st.cache_data(ttl=TTL_SECONDS, max_entries=MAX_ENTRIES, show_spinner="Drawing the network…")
def hotspot_network_page(path: str, since: str | None, until: str | None, min_children: int,
                         top_n: int, height_px: int) -> str:
    """:func:`hotspot_network` as the offline HTML page, cached because building it inlines
    half a megabyte of vis-network (~0.1 s) and every widget change reruns the page."""
    graph = hotspot_network(path, since, until, min_children, top_n)
    return network_html(graph, height_px=height_px)


def clear() -> None:
    """Forget cached query results (the store stays open), e.g. after an ingest."""
    for loader in (counts, hotspots, hotspot_network, hotspot_network_page):
        loader.clear()
