"""Reading a store into the plain inputs of each pack: the only module here that touches one.

Everything else in :mod:`graph.meetings` is a pure function of what these return, so the
CLI, the dashboard and the tests build the same pack from the same rows. ``filters`` carries
what a role or a recipient may not see (handling codes, grading, categories); the date window
of each query is set here from the pack's period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from graph.analysis.hotspots import rank_hotspots, with_lasting_context
from graph.meetings.analyses import ADULT_OF_CONCERN
from graph.meetings.cross_boundary import CrossBoundaryInputs, responsible_by_child
from graph.meetings.cse_mapping import NETWORK_NODES, TOP, CseInputs, network_focus
from graph.meetings.episodes import (
    LOOKBACK,
    EpisodeView,
    area_of,
    build_episodes,
    reported_in,
)
from graph.meetings.network import kept_nodes
from graph.meetings.out_of_area import OutOfAreaInputs
from graph.meetings.periods import Period
from graph.meetings.placement_packet import PacketInputs
from graph.meetings.weekly import WeeklyInputs
from graph.store import Filters, Store, entity_id, sql_reader

#: Entity types whose activity the packs read.
ACTIVITY_TYPES = ("Location", "Person", "Vehicle", "Phone", "OnlineAccount")


def shareable_filters(base: Filters | None = None) -> Filters:
    """Filters for what leaves the partnership: only handling code P (and ungraded) facts,
    and nothing graded source C or assessment 5."""
    return replace(base or Filters(), min_grading=True, handling_codes=("P",))


def filters_for(policy: Any, base: Filters | None = None) -> Filters:
    """The filters a governance ``Policy`` implies for a pack's reads: grading C/5 removed
    when the role forces it, and only the handling codes the role may see (ungraded facts
    always pass). The service calls this, then :func:`graph.report.redact.redact`."""
    base = base or Filters()
    withheld = set(getattr(policy, "withheld_handling_codes", ()) or ())
    codes = tuple(c for c in ("P", "C") if c not in withheld) if withheld \
        else base.handling_codes
    return replace(base, handling_codes=codes, min_grading=base.min_grading
                   or bool(getattr(policy, "force_min_grading", False)))


def withheld_notes(filters: Filters | None) -> list[str]:
    """What a pack must say it left out, so nobody reads an absence as "nothing known"."""
    if filters is None:
        return []
    notes = []
    if filters.handling_codes:
        notes.append("Only intelligence with handling code "
                     f"{', '.join(filters.handling_codes)} (or ungraded) is included.")
    if filters.min_grading:
        notes.append("Intelligence graded source C or assessment 5 is left out.")
    if filters.categories:
        notes.append(f"Only records in categories {', '.join(filters.categories)}.")
    return notes


def _window(filters: Filters | None, since: str | None, until: str | None) -> Filters:
    return replace(filters or Filters(), since=since, until=until)


def episodes(store: Store) -> list[EpisodeView]:
    """Every episode in the store as a typed view (authorities resolved per episode)."""
    return build_episodes(store.entities("Episode"), store.entities("Child"),
                          store.entities("Placement"))


def _activity(store: Store, filters: Filters, types: tuple[str, ...] = ACTIVITY_TYPES
              ) -> list[dict[str, Any]]:
    return [row for type_name in types for row in store.entity_activity(type_name, filters)]


def first_seen_in(store: Store, filters: Filters | None, first: str, last: str,
                  window_rows: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Activity rows of every :data:`ACTIVITY_TYPES` entity whose first link (within
    ``filters``) falls in ``first``..``last``: what ``analyses.new_since`` reads.

    On SQLite: the window's rows (``window_rows`` when the caller has read them already,
    in :data:`ACTIVITY_TYPES` order), less the entities with an earlier link (the same rows
    as aggregating everything up to ``last``, because an entity with no earlier link has
    no other links up to ``last``); elsewhere the full aggregation up to ``last``."""
    if sql_reader(store) is None:
        return _activity(store, _window(filters, None, last))
    from graph.store.window_reads import seen_before

    rows = window_rows if window_rows is not None else _activity(
        store, _window(filters, first, last))
    earlier = seen_before(store, [r["entity_id"] for r in rows], first, filters)
    return [r for r in rows if r["entity_id"] not in earlier]


def locations(store: Store, filters: Filters) -> list[dict[str, Any]]:
    """Location rows for ranking hotspots: the store's ``entity_signals`` (what happened at
    each place, which ``rank_hotspots`` scores) when it has them, with the children linked
    from ``entity_activity``; else the ``entity_activity`` rows alone."""
    return _locations(store, filters)[0]


def _locations(store: Store, filters: Filters
               ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """:func:`locations` and the ``entity_activity`` rows it was built from."""
    activity = store.entity_activity("Location", filters)
    signals = getattr(store, "entity_signals", None)
    if not callable(signals):
        return activity, activity
    linked = {r["entity_id"]: r.get("children_linked") or [] for r in activity}
    rows = [dict(r) for r in signals("Location", filters)]
    for row in rows:
        row.setdefault("children_linked", linked.get(row["entity_id"], []))
    return with_lasting_context(rows, store.context_places()), activity


def _permitted(document: dict[str, Any], filters: Filters | None) -> bool:
    """Whether a document's own grading passes the filters (as links' grading does)."""
    if filters is None:
        return True
    if filters.handling_codes and document.get("handling_code") not in (
            None, *filters.handling_codes):
        return False
    return not (filters.min_grading and (document.get("source_evaluation") == "C"
                                         or document.get("intelligence_assessment") == "5"))


def _week_episodes(store: Store, week: Period, as_of: dt.datetime
                   ) -> tuple[list[EpisodeView], frozenset[str]]:
    """The episodes a week's pack judged at ``as_of`` can show or count, and the area (the
    authorities every episode's child lives in), read by window
    (:mod:`graph.store.episode_reads`): the same pack as from every episode."""
    from graph.store import episode_reads

    lookback = (week.first - LOOKBACK - dt.timedelta(days=1)).isoformat()
    rows = episode_reads.week_episodes(store, week.first.isoformat(), week.last.isoformat(),
                                       as_of.date().isoformat(), lookback)
    child_ids = {str(r["props"]["child_id"]) for r in rows}
    children, placements = episode_reads.children_rows(store, child_ids)
    authorities = episode_reads.episode_authorities(store)
    area = area_of(authorities, *episode_reads.children_rows(
        store, {str(r["child"]) for r in authorities if r["child"] is not None}))
    return build_episodes(rows, children, placements), area


def weekly_inputs(store: Store, week: Period, filters: Filters | None = None,
                  as_of: dt.datetime | None = None) -> WeeklyInputs:
    """The weekly pack's rows: episodes, notes, actions and notifications, and the activity
    of the week, the week before, and up to the week's end.

    Given ``as_of`` (the moment the pack is judged at) and a store with SQL, only the
    episodes and RHI notes the pack can show or count are read (see :func:`_week_episodes`);
    otherwise every episode and note."""
    before = week.previous()
    first, last = week.first.isoformat(), week.last.isoformat()
    if as_of is not None and sql_reader(store) is not None:
        from graph.store import episode_reads

        views, area = _week_episodes(store, week, as_of)
        notes = episode_reads.rhi_notes_for(
            store, first, last, {e.child_id for e in reported_in(views, week.start, week.end)},
            [e.episode_id for e in views])
    else:
        views, area, notes = episodes(store), None, store.documents("rhi_note")
    return WeeklyInputs(
        episodes=views,
        rhi_notes=notes,
        actions=store.actions(),
        notifications=store.notifications(),
        hotspots=locations(store, _window(filters, first, last)),
        hotspots_before=locations(
            store, _window(filters, before.first.isoformat(), before.last.isoformat())),
        activity_to_end=first_seen_in(store, filters, first, last),
        withheld=withheld_notes(filters),
        area=area,
    )


def cse_inputs(store: Store, period: Period, filters: Filters | None = None, *,
               new_since: dt.date | None = None) -> CseInputs:
    """The CSE mapping pack's rows for ``period`` and the period before it; what is new is
    read from ``new_since`` (the last meeting) when that is before the period.

    Each aggregation over the period is read once; the network's links are the
    neighbourhood of what it draws (:func:`_network_links`); with a store with SQL, only the
    forms of the period and the episodes of their children are read (:mod:`~graph.store.\
form_reads`), otherwise every form and episode. The pack is the same either way."""
    before = period.previous()
    first, last = period.first.isoformat(), period.last.isoformat()
    window = _window(filters, first, last)
    persons = _adults(store, window)
    hotspots, places = _locations(store, window)
    identifiers = _activity(store, window, ("Vehicle", "Phone", "OnlineAccount"))
    labels = {r["entity_id"]: str(r["label"]) for r in (*persons, *hotspots, *identifiers)}
    since = min(first, new_since.isoformat() if new_since else first)
    views, forms = _forms_and_episodes(store, period, filters)
    inputs = CseInputs(
        episodes=views,
        hotspots=hotspots,
        hotspots_before=_places_before(
            store, hotspots, _window(filters, before.first.isoformat(), before.last.isoformat())),
        persons=persons,
        identifiers=identifiers,
        activity_to_end=first_seen_in(
            store, filters, since, last,
            [r for r in (*places, *persons, *identifiers) if _may_be_new(r)]
            if since == first else None),
        labels=labels,
        forms=forms,
        withheld=withheld_notes(filters),
    )
    return replace(inputs, links=_network_links(store, network_focus(inputs), window))


def _adults(store: Store, window: Filters) -> list[dict[str, Any]]:
    """Person activity in the window for the pack's adults of concern: on a store with SQL,
    of the persons ever written as one (:func:`graph.store.window_reads.adult_clusters`),
    looked up by id; elsewhere of every person. Other persons never rank, are never drawn
    and are never "new" (:func:`graph.meetings.analyses.adults_of_concern`, ``new_since``)."""
    if sql_reader(store) is None:
        return store.entity_activity("Person", window)
    from graph.store.window_reads import adult_clusters

    ids = adult_clusters(store)
    return store.entity_activity("Person", window, entity_ids=ids) if ids else []


def _places_before(store: Store, hotspots: list[dict[str, Any]], window: Filters
                   ) -> list[dict[str, Any]]:
    """The previous period's place rows the pack's trend reads: on a store with SQL, only
    those of the places it shows (the top ``2 * TOP``) or counts (two or more children),
    looked up by id (``entity_signals(entity_ids=...)``); elsewhere every place."""
    signals = getattr(store, "entity_signals", None)
    if sql_reader(store) is None or not callable(signals):
        return locations(store, window)
    ranked = rank_hotspots(hotspots)
    ids = {r["entity_id"] for r in ranked[:2 * TOP]} | {
        r["entity_id"] for r in ranked if r["children"] >= 2}
    return signals("Location", window, entity_ids=sorted(ids), extras=False) if ids else []


def _may_be_new(row: dict[str, Any]) -> bool:
    """Whether "new since the last meeting" could list this row at all (linked to a child;
    a person only as an adult of concern, :func:`graph.meetings.analyses.new_since`): the
    others need no look-up of earlier links."""
    return row["children"] >= 1 and (row["type"] != "Person"
                                     or ADULT_OF_CONCERN in (row.get("roles") or ()))


def _network_links(store: Store, focus: list[str], window: Filters) -> list[dict[str, Any]]:
    """The links the network picture rests on: those touching a focus entity (which decide
    the children drawn, :func:`graph.meetings.network.kept_nodes`) and those touching a
    child drawn (the links among the children), each once: read as two neighbourhoods, not
    as every link of the period."""
    if not focus:
        return []
    around = store.neighbourhood(focus, window)
    children = [n for n in kept_nodes(around, focus, NETWORK_NODES) if n.startswith("Child:")]
    found = {link["id"]: link for link in around}
    for link in store.neighbourhood(children, window) if children else ():
        found.setdefault(link["id"], link)
    return [found[k] for k in sorted(found, key=lambda k: (k is None, k))]


def _forms_and_episodes(store: Store, period: Period, filters: Filters | None
                        ) -> tuple[list[EpisodeView], list[dict[str, Any]]]:
    """The forms the pack may count (grading permitting) and the episodes that place their
    children: the period's forms and their children's episodes on a store with SQL (a day
    either side, as a form's date may carry a time), else every form and episode."""
    if sql_reader(store) is None:
        return episodes(store), [f for f in store.documents("intel_form")
                                 if _permitted(f, filters)]
    from graph.store import episode_reads, form_reads

    day = dt.timedelta(days=1)
    forms = [f for f in form_reads.forms_about(store, (period.first - day).isoformat(),
                                                (period.last + day).isoformat())
             if _permitted(f, filters)]
    child_ids = {str(f["child_id"]) for f in forms if f.get("child_id")}
    if not child_ids:
        return [], forms
    children, placements = episode_reads.children_rows(store, child_ids)
    return build_episodes(form_reads.episodes_of(store, child_ids), children,
                          placements), forms


def packet_inputs(store: Store, child_id: str, filters: Filters | None = None
                  ) -> PacketInputs:
    """A child's rows for a placement packet; ``filters`` default to the shareable ones."""
    filters = shareable_filters() if filters is None else filters
    child = next(iter(store.entities_by_id([entity_id("Child", child_id)])), None)
    if sql_reader(store) is None:
        placements = [p["props"] for p in store.entities("Placement")
                      if (p.get("props") or {}).get("child_id") == child_id]
    else:
        from graph.store import episode_reads

        placements = [p["props"] for p in episode_reads.children_rows(store, [child_id])[1]]
    placement_keys = frozenset(
        link["target_id"].split(":", 1)[1] for link in store.links()
        if link["type"] == "PLACED_AT" and link["child_id"] == child_id)
    documents = {d["id"]: d for d in store.documents(child_id=child_id)}
    return PacketInputs(
        child_id=child_id,
        episodes=[e for e in episodes(store) if e.child_id == child_id],
        child=child,
        placements=placements,
        placement_keys=placement_keys,
        activity=_activity(store, _window(filters, None, None)),
        indicators=[i for i in store.indicators() if i["child_id"] == child_id
                    and _permitted(documents.get(i["document_id"], {}), filters)],
        rhi_notes=[d for d in documents.values() if d["kind"] == "rhi_note"],
        actions=store.actions(child_id=child_id),
        notifications=store.notifications(),
        withheld=withheld_notes(filters),
    )


def cross_boundary_inputs(store: Store, filters: Filters | None = None, *,
                          min_children: int = 1) -> CrossBoundaryInputs:
    """Place and person activity, and each child's responsible authority.

    A view keeping rows linked to at least ``min_children`` children (children of that many
    authorities) on a store with SQL reads only the places that have so many children and
    no placement (:func:`graph.store.window_reads.clusters_with_children`), the adults of
    concern (the only persons the view keeps), and the records of the children they link
    with the episodes that decide their authority; otherwise every place, person, episode
    and child."""
    window = filters or Filters()
    if min_children < 2 or sql_reader(store) is None:
        return CrossBoundaryInputs(
            activity=_activity(store, window, ("Location", "Person")),
            responsible=responsible_by_child(episodes(store), store.entities("Child")))
    from graph.store import episode_reads
    from graph.store.window_reads import clusters_with_children

    places = clusters_with_children(store, "Location", window, min_children)
    activity = [*(store.entity_activity("Location", window, entity_ids=places)
                  if places else []), *_adults(store, window)]
    child_ids = {c["child_id"] for row in activity for c in row.get("children_linked") or ()}
    children, placements = episode_reads.children_rows(store, child_ids)
    views = build_episodes(episode_reads.deciding_episodes(store, child_ids), children,
                           placements)
    return CrossBoundaryInputs(activity=activity,
                               responsible=responsible_by_child(views, children))


def out_of_area_inputs(store: Store, as_of: dt.datetime | None = None,
                       since: dt.date | None = None) -> OutOfAreaInputs:
    """The episodes, the recorded notifications and the RHI notes (for notifications an
    authority's own RHI service makes by writing the note) an out-of-area pack reads.

    Given ``as_of`` (and the pack's ``since``) and a store with SQL, only the episodes that
    may be out of area and reported in that window, their children's rows, and their own
    notifications and notes are read (:func:`graph.store.episode_reads.out_of_area_episodes`):
    the pack picks exactly the same from them as from every episode, which is what it reads
    otherwise."""
    if as_of is None or sql_reader(store) is None:
        return OutOfAreaInputs(episodes=episodes(store), notifications=store.notifications(),
                               rhi_notes=store.documents("rhi_note"))
    from graph.store import episode_reads

    rows = episode_reads.out_of_area_episodes(
        store, since.isoformat() if since else None, as_of.date().isoformat())
    views = [e for e in build_episodes(rows, *episode_reads.children_rows(
        store, {str(r["props"]["child_id"]) for r in rows})) if e.out_of_area]
    chosen = [e.episode_id for e in views]
    return OutOfAreaInputs(episodes=views,
                           notifications=episode_reads.notifications_of(store, chosen),
                           rhi_notes=episode_reads.rhi_notes_of(store, chosen))
