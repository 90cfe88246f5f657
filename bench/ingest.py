"""End-to-end ingest throughput and peak memory at a scale, and how time grows with size.

At each scale the generator writes a txt-only scenario of about ``scale`` documents (notes
and information-sharing forms, plus the episodes and placements CSVs), and a fresh Python
process runs ``ingest.pipeline.ingest_paths`` into a fresh SQLite store: reading, classifying,
spaCy extraction, building batches and one transaction per document, exactly as
``rhigraph ingest`` does. That process reports its own wall and CPU time and its peak
resident memory (``getrusage`` maxrss: the whole process, model included).

Baseline, measured in the same run on the same texts: the bare statistical model's
``nlp.pipe`` (``spacy.load`` of the installed English model, every component, one process,
as ingest uses one), over the first ``baseline_docs`` documents, in the same worker process
after its peak memory has been read. The ratio is ingest throughput over the baseline's, in
wall time and (steadier on a shared machine) per CPU-second.

Run one scale by hand: ``python -m bench.ingest 1000``.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import (
    children_for,
    growth,
    peak_rss_bytes,
    ratio,
    row,
    run_worker,
    scenario,
    workdir,
)

NAME = "ingest"
UNIT = "documents"
TXT_ONLY = {"txt": 1.0}


def _texts(folder: Path, limit: int) -> list[str]:
    files = sorted(p for sub in ("notes", "forms") if (folder / sub).is_dir()
                   for p in (folder / sub).iterdir()
                   if p.suffix == ".txt" and not p.name.endswith(".gold.json"))
    return [p.read_text(encoding="utf-8", errors="replace") for p in files[:limit]]


def ingest_worker(folder: Path, db: Path, baseline_docs: int) -> dict[str, Any]:
    """In this (fresh) process: load the pipeline, ingest ``folder`` into ``db``, note the
    peak memory; then (same process, after the peak is read) the baseline."""
    started = time.perf_counter()
    from graph.store import SQLiteStore
    from ingest.pipeline import ingest_paths
    from nlp.pipeline import load_pipeline

    load_pipeline()
    loaded = time.perf_counter()
    cpu0 = time.process_time()
    store = SQLiteStore(db)
    try:
        summary = ingest_paths(store, [folder])
        wall = time.perf_counter() - loaded
        cpu = time.process_time() - cpu0
        counts = store.counts()
    finally:
        store.close()
    found = {"startup_s": round(loaded - started, 3), "ingest_s": round(wall, 3),
             "ingest_cpu_s": round(cpu, 3), "summary": summary.as_dict(), "counts": counts,
             "peak_rss_bytes": peak_rss_bytes(), "store_bytes": db.stat().st_size}
    found["baseline"] = baseline_worker(folder, baseline_docs)
    return found


def baseline_worker(folder: Path, limit: int) -> dict[str, Any]:
    """In this (fresh) process: the bare statistical model's ``nlp.pipe`` over the texts."""
    import spacy

    texts = _texts(folder, limit)
    name = next(iter(spacy.util.get_installed_models()), None)
    if name is None:
        return {"error": "no statistical spaCy model is installed"}
    nlp = spacy.load(name)
    list(nlp.pipe(texts[:5]))  # warm-up
    wall0, cpu0 = time.perf_counter(), time.process_time()
    docs = sum(1 for _ in nlp.pipe(texts))
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {"model": name, "pipes": list(nlp.pipe_names), "documents": docs,
            "characters": sum(len(t) for t in texts), "pipe_s": round(wall, 3),
            "pipe_cpu_s": round(cpu, 3), "docs_per_s": round(docs / wall, 2) if wall else None}


def run(scale: int = 1000, *, work: Path | str | None = None, baseline_docs: int = 500,
        keep: bool = False) -> dict[str, Any]:
    """Generate about ``scale`` documents and ingest them end to end in a fresh process."""
    base = workdir(work) / "ingest" / f"docs-{scale}"
    base.mkdir(parents=True, exist_ok=True)
    folder = base / "scenario"
    made = scenario(folder, children=children_for(scale), formats=TXT_ONLY)
    db = base / "rhigraph.db"
    for stale in base.glob("rhigraph.db*"):
        stale.unlink()
    done = run_worker("bench.ingest", ["--worker", str(folder), str(db), str(baseline_docs)])
    bare = done.pop("baseline")
    documents = done["counts"].get("documents", 0)
    per_s = round(documents / done["ingest_s"], 2) if done["ingest_s"] else None
    per_cpu_s = round(documents / done["ingest_cpu_s"], 2) if done["ingest_cpu_s"] else None
    bare_cpu = (round(bare["documents"] / bare["pipe_cpu_s"], 2)
                if bare.get("pipe_cpu_s") else None)
    rows = [
        row("ingest throughput", per_s, "docs/s", baseline=bare.get("docs_per_s"),
            baseline_what=f"bare nlp.pipe ({bare.get('model')}, 1 process)",
            ratio_value=ratio(per_s, bare.get("docs_per_s")),
            note=f"{documents} documents in {done['ingest_s']} s wall, "
                 f"{done['ingest_cpu_s']} s CPU; per CPU-second {per_cpu_s} vs {bare_cpu} "
                 f"(ratio {ratio(per_cpu_s, bare_cpu)})"),
        row("peak memory", round(done["peak_rss_bytes"] / 2**20, 1), "MiB",
            note="max RSS of the ingest process, model included"),
    ]
    if not keep:
        shutil.rmtree(base, ignore_errors=True)
    return {"unit": UNIT, "documents": documents, "generated": made,
            "children": made["params"]["children"], "ingest": done, "baseline": bare,
            "docs_per_s": per_s, "docs_per_cpu_s": per_cpu_s, "baseline_docs_per_cpu_s": bare_cpu,
            "ms_per_document": round(1000 * done["ingest_s"] / documents, 2) if documents
            else None, "rows": rows}


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    """How ingest time grows with size across the scales measured (k in time ~ size^k)."""
    points = sorted((r["documents"], r["ingest"]["ingest_s"]) for r in results
                    if r.get("documents") and r.get("ingest"))
    return {"growth_exponent": growth(points), "points": [
        {"documents": n, "ingest_s": t, "ms_per_document": round(1000 * t / n, 2)}
        for n, t in points]}


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        print(json.dumps(ingest_worker(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))))
    else:
        print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000), indent=2))
