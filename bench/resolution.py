"""Entity resolution time at 10,000 to 100,000 mentions, how it grows, and what it gets right.

The data is a real generated scenario, not copies: ``rhigraph.scenario.generate`` writes a
fictional area of about ``scale / MENTIONS_PER_CHILD`` children (their notes, forms, gold
annotations and truth.json), and its gold annotations are written to a fresh SQLite store as
a perfect extractor would give them (:func:`graph.resolve.evaluate.ingest_gold`: the same
spans, wordings, roles and attributes, keys recomputed from the text). So names, nicknames,
typos, partial plates and flats-on-streets are spread as the generator spreads them across
thousands of children, and the result can be scored against the answer key at full scale.
(Copies of one small store would repeat every name hundreds of times, which is neither
realistic nor a fair load for blocking.) Building the store is not timed; it is cached in
the work folder.

Timed: :func:`graph.resolve.resolve` on that store, end to end: reading the units, profiles,
blocking, comparison, two clustering rounds, and writing the mapping and the review queue,
with the cyclic garbage collector paused as the real run pauses it. Wall and CPU seconds are
reported (this machine is shared: CPU time moves less under load).

Baseline, measured beside it: reading resolution's input alone (``Store.resolution_units``),
so the ratio says how many times the cost of just reading the mentions resolution costs.
Limit (issue 5): 100,000 mentions in under 60 s on 2 cores.

Run: ``python -m bench.resolution`` (10k, 30k, 100k) or ``python -m bench.resolution 30000``.
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import growth, ratio, row, scenario, stats, timed, workdir

NAME = "resolution"
UNIT = "mentions"
#: Gold mentions the generator writes per child over 12 weeks (measured at 2,000 children:
#: 34,609 mentions).
MENTIONS_PER_CHILD = 17.3
LIMIT_S = 60.0
SEED = 11


def children_for(mentions: int) -> int:
    return max(4, math.ceil(mentions / MENTIONS_PER_CHILD))


def build_store(scale: int, work: Path | str | None = None, seed: int = SEED
                ) -> dict[str, Any]:
    """The scenario and its oracle store for ``scale`` mentions, built once per work folder."""
    from graph.resolve.evaluate import ingest_gold
    from graph.store import SQLiteStore

    base = workdir(work) / f"resolution-c{children_for(scale)}-s{seed}"
    db = base / "rhigraph.db"
    marker = base / ".store.json"
    if db.exists() and marker.exists():
        return json.loads(marker.read_text())
    made = scenario(base / "scenario", children=children_for(scale), weeks=12, seed=seed,
                    formats={"txt": 1.0})
    for stale in base.glob("rhigraph.db*"):
        stale.unlink()
    store = SQLiteStore(db)
    try:
        documents, wall, _cpu = timed(ingest_gold, store, base / "scenario")
        counts = store.counts()
    finally:
        store.close()
    info = {"path": str(db), "scenario": str(base / "scenario"),
            "children": children_for(scale), "documents": documents,
            "mentions": counts.get("mentions", 0), "links": counts.get("links", 0),
            "generate_s": made.get("generate_s"), "store_s": round(wall, 3)}
    marker.write_text(json.dumps(info))
    return info


def run(scale: int, *, work: Path | str | None = None, repeats: int = 1, seed: int = SEED,
        accuracy: bool = True) -> dict[str, Any]:
    """Resolve a store of about ``scale`` mentions ``repeats`` times; figures and baseline."""
    from graph.resolve import resolve
    from graph.resolve.units import TYPES
    from graph.store import SQLiteStore

    built = build_store(scale, work, seed)
    store = SQLiteStore(built["path"])
    try:
        walls, cpus, reads = [], [], []
        summary: dict[str, Any] = {}
        for _ in range(max(1, repeats)):
            _rows, read_wall, _read_cpu = timed(store.resolution_units, TYPES)
            del _rows
            reads.append(read_wall)
            summary, wall, cpu = timed(resolve, store)
            walls.append(wall)
            cpus.append(cpu)
        figures: dict[str, Any] = {
            "mentions": built["mentions"], "children": built["children"],
            "documents": built["documents"], "resolve": stats(walls, cpus),
            "read_units": stats(reads), "phases_s": summary.get("seconds"),
            "units": summary.get("units"), "pieces": summary.get("pieces"),
            "pairs": summary.get("pairs"), "comparable_pairs": summary.get("comparable_pairs"),
            "clusters": summary.get("clusters"), "candidates": summary.get("candidates"),
            "merged_entities": summary.get("merged_entities"),
        }
        if accuracy:
            from graph.resolve.evaluate import evaluate_resolution

            started = time.perf_counter()
            report = evaluate_resolution(store, built["scenario"])
            figures["accuracy"] = {
                "bcubed_f1": report["resolved"].get("bcubed_f1"),
                "bcubed_precision": report["resolved"].get("bcubed_precision"),
                "bcubed_recall": report["resolved"].get("bcubed_recall"),
                "pairwise_precision": report["resolved"].get("pairwise_precision"),
                "pairwise_recall": report["resolved"].get("pairwise_recall"),
                "unresolved_bcubed_f1": report["unresolved"].get("bcubed_f1"),
                "decoys_checked": report["decoys"]["checked"],
                "decoys_merged_by_resolution": len(report["decoys"]["merged_by_resolution"]),
                "scenario_decoys": report["decoys"]["scenario_decoys"],
                "scenario_decoys_merged": len(report["decoys"]["scenario_decoys_merged"]),
                "planted_joined": report["planted_joined"],
                "planted_total": report["planted_total"],
                "evaluate_s": round(time.perf_counter() - started, 3)}
    finally:
        store.close()
    median = figures["resolve"]["median_s"]
    per_100k = median * 100_000 / max(1, figures["mentions"])
    figures["seconds_per_100k_mentions"] = round(per_100k, 2)
    figures["rows"] = [
        row("resolve (read, resolve, write)", median, "s",
            baseline=figures["read_units"]["median_s"], baseline_what="reading the units",
            ratio_value=ratio(median, figures["read_units"]["median_s"]),
            limit=f"< {LIMIT_S:.0f} s per 100,000 mentions on 2 cores",
            within=per_100k < LIMIT_S,
            note=f"{figures['mentions']:,} mentions; CPU "
                 f"{figures['resolve'].get('cpu_median_s')} s"),
    ]
    if accuracy:
        acc = figures["accuracy"]
        figures["rows"].append(row(
            "B-cubed F1 against the gold", acc["bcubed_f1"], "",
            baseline=acc["unresolved_bcubed_f1"], baseline_what="unresolved (keys only)",
            ratio_value=ratio(acc["bcubed_f1"], acc["unresolved_bcubed_f1"]),
            limit=">= 0.95", within=(acc["bcubed_f1"] or 0) >= 0.95,
            note=f"precision {acc['bcubed_precision']}, decoys merged "
                 f"{acc['scenario_decoys_merged']} of {acc['scenario_decoys']}"))
    return figures


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    """How resolution time grows with mentions (exponent 1.0 is linear)."""
    points = [(r["mentions"], r["resolve"]["median_s"]) for r in results if r.get("mentions")]
    return {"points": [{"mentions": n, "seconds": s} for n, s in sorted(points)],
            "growth_exponent": growth(points)}


def main(argv: list[str] | None = None) -> int:
    args = [a for a in (argv if argv is not None else sys.argv[1:]) if not a.startswith("-")]
    scales = [int(float(a)) for a in args] or [10_000, 30_000, 100_000]
    results = []
    print(f"{'mentions':>9} {'units':>8} {'pairs':>8} {'wall s':>8} {'cpu s':>8} "
          f"{'read s':>7} {'s/100k':>7} {'B3 F1':>6} {'B3 P':>6} {'decoys':>7}")
    for scale in scales:
        found = run(scale)
        results.append(found)
        acc = found.get("accuracy", {})
        print(f"{found['mentions']:>9,} {found['units']:>8,} {found['pairs']:>8,} "
              f"{found['resolve']['median_s']:>8.2f} {found['resolve']['cpu_median_s']:>8.2f} "
              f"{found['read_units']['median_s']:>7.2f} {found['seconds_per_100k_mentions']:>7.1f} "
              f"{acc.get('bcubed_f1', 0):>6.3f} {acc.get('bcubed_precision', 0):>6.3f} "
              f"{acc.get('scenario_decoys_merged', 0):>3}/{acc.get('scenario_decoys', 0):<3}",
              flush=True)
    summary = summarise(results)
    print(f"growth exponent (time ~ mentions^k): {summary['growth_exponent']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
