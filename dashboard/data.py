"""Every read the dashboard makes, through the governance service, cached where that is safe.

``@st.cache_resource`` holds one open store and one governance file per database path for the
whole server (both are thread-safe; Streamlit serves sessions from threads). A
:class:`~rhigraph.governance.Service` is made for the signed-in person on every call (cheap,
and never shared between sessions): it re-reads their role, applies their tier (a partner's
children are pseudonyms, an analyst reads no whole RHI note) and writes the audit entry.

``@st.cache_data`` holds results keyed on plain values, and every key starts with the
database path and :data:`Who` (username, role, how they signed in), so one person's answer is
never served to another role, and a role changed mid-session is a new key. Results expire
after :data:`TTL_SECONDS` so that a fresh ingest shows up without a restart. A cache hit is
not audited again: the read it repeats was. What a person looks at one item at a time (a
child, a document, a snippet, a search) is never cached, so every such view is in the audit
log.

Shaping and ranking are not done here: :mod:`graph.analysis` and :mod:`graph.meetings` rank
and build packs, :mod:`dashboard.components` draws, and this module wires the service to them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import streamlit as st

from dashboard.components import explore
from dashboard.components.network import network_html
from graph.meetings.episodes import EpisodeView, build_episodes
from graph.store import Filters, Store
from rhigraph.governance import Governance, Policy, Role, Service, Tier, User, policy_for
from rhigraph.governance.boundary_reads import out_of_area_read, pack_as_role_sees
from rhigraph.settings import Settings, open_store

log = logging.getLogger(__name__)

TTL_SECONDS = 300
#: Enough distinct filter combinations for a meeting; bounds memory (a network page is ~0.7 MB).
MAX_ENTRIES = 64
#: Session-state key of the signed-in :class:`~rhigraph.governance.User`.
USER = "user"

#: Who is asking, as plain values for cache keys: (username, role, source).
Who = tuple[str, str, str]


def db_path() -> str:
    """The store path for this server: ``RHIGRAPH_DB`` (via :class:`Settings`), else default."""
    return str(Settings.resolve().db)


def missing_store_message(path: str) -> str | None:
    """Why the dashboard cannot show anything for ``path``, or ``None`` when it can.

    Opening a SQLite path that does not exist would create an empty database, and the page
    would then say "nothing found" when the truth is "wrong file".
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


@st.cache_resource(show_spinner=False)
def governance(path: str) -> Governance:
    """The governance file beside the store (accounts, audit log, pseudonym key)."""
    return Governance.beside(path)


@st.cache_resource(show_spinner=False)
def warm_up() -> threading.Thread:
    """Load, once per server and in the background, what the first visit to the map and the
    network would otherwise wait for: the gazetteer and its indexes, Vega-Lite's schema, the
    vis-network template. Started before sign-in, so it is done by the time anyone looks."""
    def work() -> None:
        try:
            from dashboard.components import charts, geo

            geo.backdrop()
            geo.town_labels()
            geo.place_point("Somewhere, BL1 1AA", {})
            charts.hotspot_map([{"rank": 1, "label": "x", "children": 1, "trend": "new",
                                 "precision": "town", "lat": 53.5, "lon": -2.4}]).to_dict()
            network_html(nx.Graph())
        except Exception:  # noqa: BLE001 - warming is an optimisation; pages do the real work
            log.exception("warming up the dashboard failed")

    thread = threading.Thread(target=work, name="rhigraph-warm-up", daemon=True)
    thread.start()
    return thread


def prepare(path: str | None = None) -> None:
    """Do, once at server start and before the first visit (:mod:`dashboard.serve`), what
    the first visit of each page would otherwise wait for: import every module the pages
    and this module use, open the store and the governance file (the same cached objects
    sessions then share), load the map and network assets (:func:`warm_up`), and
    :func:`prepare_views_at` now."""
    import_page_modules()
    thread = warm_up()
    prepare_views_at(path, dt.datetime.now())
    thread.join()


def prepare_views_at(path: str | None, at: dt.datetime) -> None:
    """Count the per-store-state answers the default views read for every role, as the
    pages would ask for them at ``at`` (:func:`rhigraph.governance.prepare.prepare_views`:
    with the sidebar's default filters and the out-of-area page's default window; the
    default packs; and what the out-of-area list reads). Answers already kept for the
    store's present state cost nothing, so the server calls this again every few seconds
    (:func:`dashboard.serve.keep_prepared`): after a write, and before the judging clock
    turns, the next visitor finds them ready."""
    from dashboard.components import controls
    from rhigraph.governance.prepare import prepare_views

    path = path or db_path()
    if missing_store_message(path) is not None:
        return
    governance(path)
    opened = store(path)
    settle = getattr(opened, "settle_summaries", None)
    if settle is not None:  # settling writes: answers kept before it would be thrown away
        settle()

    def windows(latest: str | None) -> list[Filters]:
        recent = controls.standing_window(controls.Window(None, None), latest, at.date())
        # the out-of-area page's default list inputs (kept per store state, day and window,
        # so a second role with the same latest day finds them ready)
        out_of_area_read(opened, at.date(),
                         dt.date.fromisoformat(recent.since) if recent.since else None)
        return [Filters(), Filters(since=recent.since)]

    def packs(latest: str | None, effective: Filters) -> None:
        _default_packs(opened, latest, effective, at)

    prepare_views(opened, windows, packs)


def _default_packs(opened: Store, latest: str | None, effective: Filters,
                   now: dt.datetime) -> None:
    """Build the packs the weekly and CSE mapping pages open on at ``now``, as those pages
    choose them (:mod:`graph.meetings.periods`), for one role's pack filters."""
    from graph.meetings.periods import (
        judging_clock,
        mapping_period,
        meeting_day_for,
        meeting_moment,
        meeting_week,
    )

    day = dt.date.fromisoformat(latest) if latest else None
    week = meeting_week(day, now.date())
    clock = judging_clock(now)
    moment = meeting_moment(meeting_day_for(week, now.date()), clock)
    kept_weekly(opened, week.label, moment.isoformat(timespec="minutes"), effective)
    period = mapping_period(None, None, day, now.date())
    kept_cse(opened, period.first.isoformat(), period.last.isoformat(),
             clock.isoformat(timespec="minutes"), effective)


def import_page_modules() -> list[str]:
    """Import every module the pages (``app_pages/``) and this module import, including
    those imported inside functions: a page's first run otherwise pays for them (pandas,
    Altair, the meeting packs...). Returns the names imported."""
    import ast
    import importlib
    import importlib.util

    here = Path(__file__).resolve().parent
    names: set[str] = set()
    for script in [here / "data.py", *sorted((here / "app_pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    imported = []
    for name in sorted(names):
        try:
            if importlib.util.find_spec(name) is None:
                continue  # a name imported from a module, not a module
        except (ImportError, ValueError):
            continue
        importlib.import_module(name)
        imported.append(name)
    return imported


# -- who is asking -----------------------------------------------------------------------
def current_user() -> User:
    """The person signed in to this session (the entry script stops before any page runs
    when nobody is)."""
    return st.session_state[USER]


def who() -> Who:
    """The signed-in person as plain values, for cache keys."""
    user = current_user()
    return (user.username, user.role.value, user.source)


def policy() -> Policy:
    """The signed-in person's policy, for deciding which controls to offer (the service
    enforces it whatever the page offers)."""
    return policy_for(current_user().role)


def service(path: str | None = None) -> Service:
    """A service for the signed-in person, for reads that must not be cached."""
    path = path or db_path()
    return Service(store(path), current_user(), governance(path))


def _service(path: str, asking: Who) -> Service:
    username, role, source = asking
    return Service(store(path), User(username, Role(role), source=source), governance(path))


def sees_facts(asking: Who) -> bool:
    """Whether this role sees names and facts (FACTS tier or above)."""
    return policy_for(asking[1]).tier >= Tier.FACTS


# -- aggregates and facts (cached per person and role) ------------------------------------
def _cached(spinner: str | bool = False) -> Callable[[Callable[..., Any]], Any]:
    return st.cache_data(ttl=TTL_SECONDS, max_entries=MAX_ENTRIES, show_spinner=spinner)


@_cached()
def counts(path: str, asking: Who) -> dict[str, int]:
    """Entities by type plus documents, links and mentions, for the sidebar summary."""
    return _service(path, asking).counts()


@_cached()
def entities(path: str, asking: Who, type_name: str | None = None) -> list[dict[str, Any]]:
    """Entities the role may see (a partner: allowed places and pseudonymous children)."""
    return _service(path, asking).entities(type_name)


@_cached("Reading links…")
def links(path: str, asking: Who, filters: Filters) -> list[dict[str, Any]]:
    """Links with provenance as the role sees them (a partner: child-place links only)."""
    return _service(path, asking).links(filters)


@_cached("Reading the network…")
def around(path: str, asking: Who, entity_ids: tuple[str, ...], filters: Filters
           ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The links touching these entities as the role sees them, and the entities at their
    ends (for labels): a neighbourhood, not every link of the window."""
    svc = _service(path, asking)
    links = svc.neighbourhood(list(entity_ids), filters)
    ends = {link[end] for link in links for end in ("source_id", "target_id")}
    return links, svc.entities_by_id(sorted(ends | set(entity_ids)))


@_cached("Reading the network…")
def explored(path: str, asking: Who, entity_ids: tuple[str, ...], filters: Filters
             ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The links behind every edge of these entities once documents and episodes are folded
    into their child, and the entities a drawing of them labels (``Service.view_around``):
    one step of the link explorer's ego network, search or path."""
    return _service(path, asking).view_around(list(entity_ids), filters)


def explore_reader(path: str, asking: Who, filters: Filters) -> explore.Read:
    """:func:`explored` as the ``read`` the explorer's functions take."""
    return lambda ids: explored(path, asking, tuple(sorted(ids)), filters)


@_cached()
def latest_day(path: str, asking: Who) -> str | None:
    """The date of the latest fact at any place the role may see, to open the meeting pages
    on the most recent data rather than on an empty current week."""
    return _service(path, asking).latest_place_day(Filters())


@_cached("Reading episodes…")
def episodes(path: str, asking: Who) -> list[EpisodeView]:
    """Every missing episode with its child and authorities (FACTS tier)."""
    svc = _service(path, asking)
    return build_episodes(svc.entities("Episode"), svc.entities("Child"),
                          svc.entities("Placement"))


@_cached()
def documents(path: str, asking: Who, kind: str | None = None) -> list[dict[str, Any]]:
    """Document metadata and fact fields (no text), FACTS tier."""
    return _service(path, asking).documents(kind)


def network_page(graph: nx.Graph, height_px: int, focus: tuple[str, ...] = ()) -> str:
    """A graph as the offline network page, cached on the graph's content (building a page
    inlines half a megabyte of vis-network, and every widget change reruns the page). A hit
    can only return a page for exactly the graph the caller already holds, so the key needs
    no person in it."""
    return _network_page(graph, fingerprint(graph), height_px, focus)


@_cached()
def _network_page(_graph: nx.Graph, digest: str, height_px: int, focus: tuple[str, ...]
                  ) -> str:
    return network_html(_graph, height_px=height_px, focus=focus)


def fingerprint(graph: nx.Graph) -> str:
    """A digest of everything a drawing of ``graph`` shows (nodes, edges, their attributes)."""
    content = json.dumps([sorted(graph.nodes(data=True)),
                          sorted((min(u, v), max(u, v), d) for u, v, d in graph.edges(data=True))],
                         sort_keys=True, default=lambda v: sorted(v) if isinstance(v, set)
                         else str(v))
    return hashlib.sha256(content.encode()).hexdigest()


# -- the RHI manager's desk and out-of-area children ----------------------------------------
@_cached("Triaging notes…")
def triage(path: str, asking: Who, since: str | None) -> list[dict[str, Any]]:
    """Every RHI note dated on or after ``since``, triaged with reasons (FACTS tier)."""
    return _service(path, asking).triage_queue(since)


@_cached()
def unshared(path: str, asking: Who, as_of: str, window_days: int, since: str | None
             ) -> list[dict[str, Any]]:
    """Intelligence-bearing notes with no form yet as of the ISO day ``as_of``."""
    return _service(path, asking).unshared(dt.date.fromisoformat(as_of), window_days, since)


@_cached()
def cross_worker(path: str, asking: Who, since: str | None) -> list[dict[str, Any]]:
    """The same adult, place or identifier in notes by different workers or agencies."""
    return _service(path, asking).cross_worker(since)


@_cached("Reading out-of-area children…")
def out_of_area(path: str, asking: Who, as_of: str, since: str | None) -> dict[str, Any]:
    """Out-of-area children and their notifications at ``as_of`` (redacted for a partner)."""
    return _service(path, asking).out_of_area(
        dt.datetime.fromisoformat(as_of), dt.date.fromisoformat(since) if since else None)


@_cached()
def cross_boundary(path: str, asking: Who, as_of: str, filters: Filters) -> dict[str, Any]:
    """Places and adults of concern linked to children of two or more responsible
    authorities (a partner: places only, children as pseudonyms)."""
    return _service(path, asking).cross_boundary(dt.datetime.fromisoformat(as_of), filters)


# -- meeting packs -------------------------------------------------------------------------
def _pack_filters(svc: Service, what: str, filters: Filters) -> Filters:
    """Authorise (and audit) a pack for the role and return the filters to read with: a
    partner's pack is built from shareable facts only (and redacted by
    :func:`~rhigraph.governance.boundary_reads.pack_as_role_sees`)."""
    return svc.authorise_pack(what, filters)[0]


@_cached("Building the weekly pack…")
def weekly_pack(path: str, asking: Who, week: str, as_of: str, filters: Filters
                ) -> dict[str, Any]:
    """The weekly missing meeting pack for ISO ``week`` judged at ``as_of``, as the role
    may see it (redacted for a partner)."""
    svc = _service(path, asking)
    effective = _pack_filters(svc, f"weekly_pack {week}", filters)
    return pack_as_role_sees(svc, kept_weekly(svc.store, week, as_of, effective),
                             shared=True)


@_cached("Building the CSE mapping pack…")
def cse_pack(path: str, asking: Who, first: str, last: str, as_of: str, filters: Filters
             ) -> dict[str, Any]:
    """The CSE mapping pack for ``first``..``last`` as the role may see it."""
    from graph.meetings.periods import date_range

    svc = _service(path, asking)
    period = date_range(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    effective = _pack_filters(svc, f"cse_mapping_pack {period.label}", filters)
    return pack_as_role_sees(svc, kept_cse(svc.store, first, last, as_of, effective),
                             shared=True)


def kept_weekly(store: Store, week: str, as_of: str, effective: Filters) -> dict[str, Any]:
    """The weekly pack built from the store under ``effective`` (the role's pack filters),
    unredacted, kept per store state (:func:`graph.store.state_memo.remember`): every person
    of a role asks for the same pack, and :func:`prepare` builds the default one before
    the first visit. Shared: callers must not change it."""
    from graph.meetings.load import weekly_inputs
    from graph.meetings.periods import iso_week
    from graph.meetings.weekly import weekly_pack as build
    from graph.store import state_memo

    def built() -> dict[str, Any]:
        period, moment = iso_week(week), dt.datetime.fromisoformat(as_of)
        return build(weekly_inputs(store, period, effective, moment), period, moment)

    return state_memo.remember(store, ("weekly_pack", week, as_of, effective), built)


def kept_cse(store: Store, first: str, last: str, as_of: str, effective: Filters
             ) -> dict[str, Any]:
    """The CSE mapping pack for ``first``..``last``, as :func:`kept_weekly` keeps the
    weekly one."""
    from graph.meetings.cse_mapping import cse_mapping_pack
    from graph.meetings.load import cse_inputs
    from graph.meetings.periods import date_range
    from graph.store import state_memo

    def built() -> dict[str, Any]:
        period = date_range(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
        return cse_mapping_pack(cse_inputs(store, period, effective), period,
                                dt.datetime.fromisoformat(as_of))

    return state_memo.remember(store, ("cse_pack", first, last, as_of, effective), built)


def pack_file(pack: dict[str, Any], suffix: str, what: str, filters: Filters
              ) -> Callable[[], bytes]:
    """A deferred download of ``pack`` as ``suffix``: rendered only when the button is
    pressed (a PDF takes seconds), and each download audited as an export by the person who
    pressed it. Runs outside the page's script, so it captures what it needs now."""
    from graph.report import render

    svc = service()

    def rendered() -> bytes:
        _pack_filters(svc, f"{what} {suffix.lstrip('.')}", filters)
        return render(pack, suffix)

    return rendered


def clear() -> None:
    """Forget cached query results (the store stays open), e.g. after an ingest."""
    st.cache_data.clear()
