"""Resolution end to end: read units, block, compare, cluster, write the mapping.

Two rounds. The first compares pieces on what they say themselves (names, plates, streets)
and on what they are linked to as written. The second compares again with those links
resolved to the first round's clusters: two "Kyle"s who each drove a car that resolved to
one silver Mercedes now share a vehicle, which a bare first name alone never proves. The
second round's clustering starts from scratch, so nothing the first round merged is kept
unless it still holds.

:func:`run` is pure (rows in, rows out) for tests and the benchmark; :func:`resolve` reads
from and writes to a store, and is what ``rhigraph resolve`` and ingest call.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from graph.resolve import score as w
from graph.resolve.blocking import candidate_pairs
from graph.resolve.cluster import (
    Clustering,
    Edge,
    Judgement,
    Output,
    cluster,
    output,
    prepare,
)
from graph.resolve.compare import build_context, complete, intrinsic
from graph.resolve.units import (
    TYPES,
    Piece,
    Register,
    Unit,
    build_pieces,
    children_register,
    load_units,
    profile_of,
)
from graph.store import Store

ROUNDS = 2


@dataclass
class Resolution:
    """A run's outcome and its figures."""

    units: list[Unit]
    pieces: list[Piece]
    clustering: Clustering
    output: Output
    stats: dict[str, Any] = field(default_factory=dict)


def _judgements(rows: list[dict[str, Any]]) -> list[Judgement]:
    return [Judgement(int(r["id"]), (r["left_id"], r.get("left_document") or ""),
                      (r["right_id"], r.get("right_document") or ""), bool(r["same"]),
                      str(r.get("user") or ""), str(r.get("at") or ""))
            for r in rows if r.get("active", True)]


def _separate(units: list[Unit], judgements: list[Judgement]) -> set[frozenset[int]]:
    """Unit pairs judged different, which must not even share a piece."""
    index = {(u.entity_id, u.document_id): u.index for u in units}
    by_entity: dict[str, list[int]] = {}
    for u in units:
        by_entity.setdefault(u.entity_id, []).append(u.index)
    out: set[frozenset[int]] = set()
    for j in judgements:
        if j.same:
            continue
        left = [index[j.left]] if j.left[1] else by_entity.get(j.left[0], [])
        right = [index[j.right]] if j.right[1] else by_entity.get(j.right[0], [])
        if j.left[1] and j.left not in index or j.right[1] and j.right not in index:
            continue
        out |= {frozenset((a, b)) for a in left for b in right if a != b}
    return out


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: a run allocates hundreds of thousands of small
    sets and dicts that form no cycles, and Python's collector would otherwise walk the
    whole growing heap again and again (measured: half the run time at 38,000 mentions)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run(rows: list[dict[str, Any]], judgement_rows: list[dict[str, Any]] = (),  # type: ignore[assignment]
        *, rounds: int = ROUNDS, children: list[dict[str, Any]] = ()  # type: ignore[assignment]
        ) -> Resolution:
    """Resolve ``Store.resolution_units`` rows under ``Store.judgements`` rows, with the
    children's register (``Store.entities("Child")`` rows) telling which first names
    several children of the area share."""
    with _no_cyclic_gc():
        return _run(rows, judgement_rows, rounds, children_register(children))


def _run(rows: list[dict[str, Any]], judgement_rows: Any, rounds: int,
         register: Register) -> Resolution:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    units = load_units(rows)
    judgements = _judgements(list(judgement_rows))
    profiles = [profile_of(u) for u in units]
    pieces = build_pieces(units, profiles, _separate(units, judgements), register)
    timings["profiles"] = time.perf_counter() - started
    pairs = list(candidate_pairs(pieces))
    timings["blocking"] = time.perf_counter() - started - timings["profiles"]
    static = prepare(units, pieces)
    ctx = build_context(units, pieces, register=register)
    # What each pair says on its own is computed once; pairs that share nothing that could
    # make them one thing are dropped here, before any round.
    partials = [(a, b, found) for a, b in pairs
                if (found := intrinsic(ctx, pieces[a], pieces[b])) is not None]
    clustering: Clustering | None = None
    for round_number in range(rounds):
        if round_number:
            ctx = build_context(units, pieces, clustering.root_of_piece,  # type: ignore[union-attr]
                                    register)
        edges: list[Edge] = []
        for a, b, found in partials:
            evidence = complete(ctx, pieces[a], pieces[b], found)
            value = evidence.score
            if value >= w.REVIEW:
                edges.append(Edge(value, a, b, evidence))
        clustering = cluster(units, pieces, edges, judgements, static)
    assert clustering is not None
    timings["compare_and_cluster"] = (time.perf_counter() - started - timings["profiles"]
                                      - timings["blocking"])
    out = output(units, pieces, clustering)
    timings["total"] = time.perf_counter() - started
    stats = {"units": len(units), "pieces": len(pieces), "pairs": len(pairs),
             "comparable_pairs": len(partials), "clusters": out.clusters,
             "merged_entities": len({r["entity_id"] for r in out.rows}),
             "candidates": len(out.candidates), "refused_merges": clustering.refused,
             "judgements": len(judgements), "judgement_conflicts": clustering.conflicts,
             "seconds": {k: round(v, 3) for k, v in timings.items()}}
    return Resolution(units, pieces, clustering, out, stats)


def resolve(store: Store, *, only_if_changed: bool = False,
            now: str | None = None) -> dict[str, Any]:
    """Resolve everything in ``store`` and replace its cluster mapping and open review
    queue; return the run's figures. With ``only_if_changed`` nothing is done (and
    ``{"skipped": True}`` returned) when no document, link or judgement changed since the
    last run: what ingest calls after every batch of files."""
    fingerprint = store.resolution_fingerprint()
    if only_if_changed:
        last = store.last_resolution()
        if last and last["fingerprint"] == fingerprint:
            return {"skipped": True, "resolved_at": last["resolved_at"]}
    with _no_cyclic_gc():
        started = time.perf_counter()
        rows = store.resolution_units(TYPES)
        read = time.perf_counter() - started
        register = children_register(store.entities("Child"))
        result = _run(rows, store.judgements(active=True), ROUNDS, register)
        del rows
        resolved_at = now or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        started = time.perf_counter()
        store.replace_resolution(result.output.rows, result.output.candidates,
                                 resolved_at=resolved_at, fingerprint=fingerprint,
                                 summary=result.stats)
        result.stats["seconds"]["read"] = round(read, 3)
        result.stats["seconds"]["write"] = round(time.perf_counter() - started, 3)
    return {"skipped": False, "resolved_at": resolved_at, **result.stats}
