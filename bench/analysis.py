"""Hotspots, associates, vehicles and triangles on a big store, against a bare SQL GROUP BY.

Issue 6's target: on a store of 1,000,000 links, hotspots, associates and vehicles each answer
in no more than twice the time of the equivalent bare SQL ``GROUP BY`` on the same file.

The store is the demo scenario ingested by the real pipeline and copied by bulk SQL until it
holds ``links`` links (see :mod:`bench.common`). Each analysis is timed as the CLI and the
dashboard call it (``graph.analysis.run``: the store's aggregation, the ranking, and the
details of the 25 rows shown) and, separately, the store aggregation alone. Its baseline is
the smallest SQL that answers the same question on the same connection: per entity of the
type, the distinct children (and documents) over the links touching it, ranked, top 25.
Function and baseline runs alternate, after one untimed warm-up of each, so that load from
other processes falls on both alike; the ratio is of medians (wall), with the CPU-time ratio
beside it because CPU time moves less when the machine is shared.

The analyses read rows the store keeps up to date as it writes (``graph.store.summaries``:
the unfiltered answer of ``entity_signals`` and ``person_activity``); the baselines compute
from the links every time. What keeping them costs is reported beside: filling them for the
whole store (as migration 0006 does for an old file) and deleting one document, which marks
the rows it touches, then recomputing them (a write does the same; the next read recomputes).

``run(scale)`` takes a scale in notes, as the other benchmarks do, and builds
``LINKS_PER_NOTE * scale`` links (100,000 -> 1,000,000); ``run(links=...)`` sets it directly.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import ratio, row, stats, template_store, timed, workdir

NAME = "analysis"
UNIT = "notes (10 links per note)"
LINKS_PER_NOTE = 10
LIMIT_RATIO = 2.0


def _range_group_by(type_name: str) -> str:
    """Per entity of a type: distinct children and documents over the links touching it."""
    low, high = f"'{type_name}:'", f"'{type_name};'"
    return f"""
        SELECT entity_id, COUNT(DISTINCT child_id) AS children,
               COUNT(DISTINCT document_id) AS documents, COUNT(*) AS links,
               MIN(observed_at) AS first_seen, MAX(observed_at) AS last_seen
        FROM (SELECT target_id AS entity_id, child_id, document_id, observed_at FROM links
              WHERE target_id >= {low} AND target_id < {high}
              UNION ALL
              SELECT source_id, child_id, document_id, observed_at FROM links
              WHERE source_id >= {low} AND source_id < {high})
        GROUP BY entity_id ORDER BY children DESC, documents DESC LIMIT 25"""


#: The bare SQL each analysis is compared with.
BASELINES: dict[str, str] = {
    "hotspots": _range_group_by("Location"),
    "associates": """
        SELECT l.source_id, COALESCE(m.role, 'UNKNOWN') AS role,
               COUNT(DISTINCT l.child_id) AS children, COUNT(DISTINCT l.document_id) AS documents
        FROM links l JOIN mentions m ON m.entity_id = l.source_id AND m.document_id = l.document_id
        WHERE l.type = 'MENTIONED_IN' AND l.source_id >= 'Person:' AND l.source_id < 'Person;'
        GROUP BY l.source_id, role ORDER BY children DESC, documents DESC LIMIT 25""",
    "vehicles": _range_group_by("Vehicle"),
    # Closed child-place-adult triangles: a child linked to a place and to an adult of
    # concern in the same document, counted per (place, adult).
    "triangles": """
        WITH adults AS (SELECT DISTINCT entity_id FROM mentions WHERE role = 'ADULT_OF_CONCERN'),
        cl AS (SELECT source_id AS child, target_id AS place, document_id FROM links
               WHERE source_id >= 'Child:' AND source_id < 'Child;'
                 AND target_id >= 'Location:' AND target_id < 'Location;'
                 AND type NOT IN ('PLACED_AT', 'LIVES_AT')),
        ca AS (SELECT source_id AS child, target_id AS adult, document_id FROM links
               WHERE source_id >= 'Child:' AND source_id < 'Child;' AND target_id IN adults)
        SELECT cl.place, ca.adult, COUNT(DISTINCT cl.child) AS children
        FROM cl JOIN ca ON ca.document_id = cl.document_id AND ca.child = cl.child
        GROUP BY cl.place, ca.adult ORDER BY children DESC LIMIT 25""",
}
#: Analyses whose ratio issue 6 limits (triangles is reported, not limited).
LIMITED = ("hotspots", "associates", "vehicles")


def _calls(store: Any) -> dict[str, tuple[str, Callable[[], Any], str, Callable[[], Any]]]:
    """Per analysis: (what is called, the call, what the aggregation alone is, that call)."""
    from graph.analysis import run

    return {
        "hotspots": ("graph.analysis.run.hotspots_rows(store)", lambda: run.hotspots_rows(store),
                     "store.entity_signals('Location')",
                     lambda: store.entity_signals("Location")),
        "associates": ("graph.analysis.run.associates_rows(store)",
                       lambda: run.associates_rows(store),
                       "store.person_activity()", lambda: store.person_activity()),
        "vehicles": ("graph.analysis.run.identifier_rows(store, types=('Vehicle',))",
                     lambda: run.identifier_rows(store, types=("Vehicle",)),
                     "store.entity_signals('Vehicle')",
                     lambda: store.entity_signals("Vehicle")),
        "triangles": ("graph.analysis.run.triangle_rows(store)",
                      lambda: run.triangle_rows(store), "", lambda: None),
    }


def build_store(base: Path, links: int, *, template_children: int = 60) -> dict[str, Any]:
    """A store of at least ``links`` links: the demo scenario, ingested, copied."""
    from bench.common import clone_store

    template = template_store(base / "templates", children=template_children)
    copies = max(1, math.ceil(links / max(1, template["links"])))
    out = base / "analysis" / f"links-{links}" / "rhigraph.db"
    out.parent.mkdir(parents=True, exist_ok=True)
    built = clone_store(template["path"], out, copies)
    return {"template": template, "store": built}


def measure(store_path: Path | str, *, repeats: int = 3,
            only: tuple[str, ...] = tuple(BASELINES)) -> dict[str, Any]:
    """Time each analysis and its baseline on ``store_path`` (see the module docstring)."""
    from graph.store import SQLiteStore, sql_reader

    store = SQLiteStore(store_path)
    results: dict[str, Any] = {}
    try:
        bare = sql_reader(store)
        if bare is None:  # same file, same engine, own connection
            import sqlite3
            conn = sqlite3.connect(store_path)
            bare = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
        for name, (called, call, aggregation, aggregate) in _calls(store).items():
            if name not in only:
                continue
            sql = BASELINES[name]
            entry: dict[str, Any] = {"call": called, "baseline_sql": " ".join(sql.split())}
            try:
                found, _, _ = timed(call)
                timed(bare, sql)
                walls, cpus, base_walls, base_cpus = [], [], [], []
                for _ in range(repeats):
                    _, wall, cpu = timed(bare, sql)
                    base_walls.append(wall)
                    base_cpus.append(cpu)
                    _, wall, cpu = timed(call)
                    walls.append(wall)
                    cpus.append(cpu)
                entry["function"] = stats(walls, cpus)
                entry["baseline"] = stats(base_walls, base_cpus)
                entry["rows"] = len(found or [])
                entry["ratio"] = ratio(entry["function"]["median_s"],
                                       entry["baseline"]["median_s"])
                entry["cpu_ratio"] = ratio(entry["function"]["cpu_median_s"],
                                           entry["baseline"]["cpu_median_s"])
                if aggregation:
                    _, wall, cpu = timed(aggregate)
                    entry["aggregation"] = {"call": aggregation, "wall_s": round(wall, 4),
                                            "cpu_s": round(cpu, 4)}
            except Exception as err:  # noqa: BLE001 - one analysis failing is a figure too
                entry["error"] = f"{type(err).__name__}: {err}"
            results[name] = entry
    finally:
        store.close()
    return results


def measure_upkeep(store_path: Path | str, *, documents: int = 5) -> dict[str, Any]:
    """Wall and CPU time of deleting ``documents`` notes and forms, one at a time, each
    followed by the recomputation of the summary rows it marked (what the next read would
    do first); medians."""
    from graph.store import SQLiteStore

    store = SQLiteStore(store_path)
    try:
        chosen = [r[0] for r in store.read_sql(
            "SELECT id FROM documents WHERE kind IN ('rhi_note', 'intel_form')"
            " ORDER BY id LIMIT ?", (int(documents),))]
        walls, cpus = [], []
        def delete(document: str) -> None:
            store.delete_document(document)
            store.settle_summaries()

        for document in chosen:
            _, wall, cpu = timed(delete, document)
            walls.append(wall)
            cpus.append(cpu)
    finally:
        store.close()
    if not walls:
        return {"documents": 0, "median_s": None, "cpu_median_s": None}
    return {"documents": len(chosen), **stats(walls, cpus)}


def run(scale: int = 100_000, *, links: int | None = None, repeats: int = 3,
        work: Path | str | None = None, template_children: int = 60,
        keep: bool = False) -> dict[str, Any]:
    """Build a store of ``links`` (default ``LINKS_PER_NOTE * scale``) links and time the
    analyses against their bare SQL baselines on it."""
    links = links or LINKS_PER_NOTE * scale
    base = workdir(work)
    built = build_store(base, links, template_children=template_children)
    analyses = measure(built["store"]["path"], repeats=repeats)
    rows = []
    for name, entry in analyses.items():
        if "error" in entry:
            rows.append(row(name, None, "s", note=entry["error"]))
            continue
        limited = name in LIMITED
        rows.append(row(
            name, entry["function"]["median_s"], "s",
            baseline=entry["baseline"]["median_s"], baseline_what="bare SQL GROUP BY",
            ratio_value=entry["ratio"], limit=f"<= {LIMIT_RATIO:g}x baseline" if limited
            else None, within=(entry["ratio"] <= LIMIT_RATIO) if limited else None,
            note=f"cpu ratio {entry['cpu_ratio']}"))
    upkeep = measure_upkeep(built["store"]["path"])
    rows.append(row("summaries filled for the whole store", built["store"]["summaries_s"],
                    "s", note="once, by migration 0006 or a bulk copy"))
    rows.append(row("one document deleted, its summary rows recomputed", upkeep["median_s"], "s",
                    note=f"median of {upkeep['documents']}; cpu {upkeep['cpu_median_s']} s"))
    if not keep:
        shutil.rmtree(Path(built["store"]["path"]).parent, ignore_errors=True)
    return {"unit": UNIT, "links": built["store"]["links"],
            "store": built["store"], "template": {k: built["template"][k] for k in (
                "documents", "links", "ingest_s")}, "repeats": repeats,
            "analyses": analyses, "upkeep": upkeep, "rows": rows}


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000), indent=2))
