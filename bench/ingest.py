"""End-to-end ingest throughput and peak memory at a scale, and how time grows with size.

At each scale the generator writes a txt-only scenario of about ``scale`` documents (notes
and information-sharing forms, plus the episodes and placements CSVs), and a fresh Python
process runs ``ingest.pipeline.ingest_paths`` into a fresh SQLite store with
``processes=2`` extraction workers: reading, classifying and writing one transaction per
document in the main process, spaCy extraction in the workers, exactly as
``rhigraph ingest`` does on this 2-core machine. That process reports:

- wall time and CPU time of the whole process tree (its own plus its workers', counted
  with ``getrusage(RUSAGE_CHILDREN)`` once the pool has shut down), so docs/s are given
  per wall second and per CPU-second;
- peak memory of the tree: sampled sums of RSS (overstates: pages the forked workers share
  with the parent count once per process) and PSS (shared pages split among sharers: what
  the tree really holds), beside the parent's own peak RSS and the largest worker's.

Baseline, measured in the same run, in the same process after the ingest: the bare
statistical model's ``nlp.pipe`` (``spacy.load`` of the installed English model, every
component) with ``n_process=2``, as ingest uses two workers, on a sample of the same
texts spread across the corpus (every k-th note or form, at most ``baseline_docs``: all of
them at 1,000 documents, about 2,000 above), so it is affordable at 100,000 notes while its
texts are drawn from all of the corpus, not its first files. Its CPU is counted the same
way (spaCy joins its workers). The ratio is ingest throughput over the baseline's, in wall
time and per CPU-second.

Run one scale by hand: ``python -m bench.ingest 1000``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import (
    TreeMemory,
    children_for,
    children_peak_rss_bytes,
    estimate,
    growth,
    peak_rss_bytes,
    ratio,
    row,
    run_worker,
    scenario,
    spread,
    spread_step,
    tree_cpu_seconds,
    workdir,
)

NAME = "ingest"
UNIT = "documents"
TXT_ONLY = {"txt": 1.0}
#: Extraction workers: both cores of the project machine.
PROCESSES = 2
#: Most texts the baseline reads, spread across the corpus (see the module docstring).
BASELINE_DOCS = 2000
#: Measured here (2026-11-26, 1,000 notes): documents per CPU-second of the process tree,
#: ingest with 2 workers and the bare model at n_process=2. For the estimate printed before
#: a scale starts, nothing else (generating the scenario, about 2 CPU-s per 1,000 documents,
#: is left out).
PER_CPU_S_INGEST, PER_CPU_S_BARE = 13.7, 10.6


def estimate_s(scale: int, baseline_docs: int = BASELINE_DOCS,
               processes: int = PROCESSES) -> float:
    """Roughly the seconds one scale (ingest and baseline) takes here on idle cores."""
    cpu_s = scale / PER_CPU_S_INGEST + min(scale, baseline_docs) / PER_CPU_S_BARE
    return cpu_s / min(processes, os.cpu_count() or 1)


def _files(folder: Path) -> list[Path]:
    """The scenario's note and form texts, in the order ingest reads them."""
    return sorted(p for sub in ("notes", "forms") if (folder / sub).is_dir()
                  for p in (folder / sub).iterdir()
                  if p.suffix == ".txt" and not p.name.endswith(".gold.json"))


def ingest_worker(folder: Path, db: Path, baseline_docs: int,
                  processes: int = PROCESSES) -> dict[str, Any]:
    """In this (fresh) process: load the pipeline, ingest ``folder`` into ``db`` with
    ``processes`` extraction workers, note the peak memory; then (same process, after the
    peak is read) the baseline."""
    started = time.perf_counter()
    from graph.store import SQLiteStore
    from ingest.pipeline import ingest_paths
    from nlp.pipeline import load_pipeline

    load_pipeline()
    loaded = time.perf_counter()
    cpu0, own0 = tree_cpu_seconds(), time.process_time()
    store = SQLiteStore(db)
    try:
        with TreeMemory() as memory:
            summary = ingest_paths(store, [folder], processes=processes)
        wall = time.perf_counter() - loaded
        cpu, own = tree_cpu_seconds() - cpu0, time.process_time() - own0
        counts = store.counts()
        extracted = sum(len(p.read_text(encoding="utf-8", errors="replace"))
                        for p in _files(folder))
    finally:
        store.close()
    found = {"startup_s": round(loaded - started, 3), "ingest_s": round(wall, 3),
             "ingest_cpu_s": round(cpu, 3), "main_process_cpu_s": round(own, 3),
             "workers_cpu_s": round(cpu - own, 3),
             "extracted_chars": extracted,
             "processes": processes, "summary": summary.as_dict(), "counts": counts,
             "peak_rss_bytes": peak_rss_bytes(), "worker_peak_rss_bytes":
             children_peak_rss_bytes(), "tree_peak_rss_bytes": memory.peak_rss_bytes,
             "tree_peak_pss_bytes": memory.peak_pss_bytes,
             "tree_peak_processes": memory.peak_processes, "store_bytes": db.stat().st_size}
    found["baseline"] = baseline_worker(folder, baseline_docs, processes)
    return found


def baseline_worker(folder: Path, limit: int, processes: int = PROCESSES) -> dict[str, Any]:
    """The bare statistical model's ``nlp.pipe`` over a spread sample of the texts, with
    ``processes`` worker processes (CPU of the workers counted once spaCy joins them)."""
    import spacy

    files = _files(folder)
    sample = spread(files, limit)
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sample]
    name = next(iter(spacy.util.get_installed_models()), None)
    if name is None:
        return {"error": "no statistical spaCy model is installed"}
    nlp = spacy.load(name)
    list(nlp.pipe(texts[:5]))  # warm-up
    wall0, cpu0 = time.perf_counter(), tree_cpu_seconds()
    docs = sum(1 for _ in nlp.pipe(texts, n_process=processes))
    wall, cpu = time.perf_counter() - wall0, tree_cpu_seconds() - cpu0
    return {"model": name, "pipes": list(nlp.pipe_names), "documents": docs,
            "n_process": processes, "sample_of": len(files),
            "sample_step": spread_step(len(files), limit) if limit else None,
            "characters": sum(len(t) for t in texts), "pipe_s": round(wall, 3),
            "pipe_cpu_s": round(cpu, 3), "docs_per_s": round(docs / wall, 2) if wall else None}


def run(scale: int = 1000, *, work: Path | str | None = None,
        baseline_docs: int = BASELINE_DOCS, processes: int = PROCESSES,
        keep: bool = False) -> dict[str, Any]:
    """Generate about ``scale`` documents and ingest them end to end in a fresh process.

    The generated scenario is kept in the work folder for the next run at the same scale
    (generating 100,000 notes takes minutes); the store is deleted unless ``keep``.
    """
    base = workdir(work) / "ingest" / f"docs-{scale}"
    base.mkdir(parents=True, exist_ok=True)
    print(f"ingest at {scale:,} documents (with {processes} workers, then the baseline): "
          f"{estimate(estimate_s(scale, baseline_docs, processes), processes)}", file=sys.stderr)
    folder = base / "scenario"
    made = scenario(folder, children=children_for(scale), formats=TXT_ONLY)
    db = base / "rhigraph.db"
    for stale in base.glob("rhigraph.db*"):
        stale.unlink()
    done = run_worker("bench.ingest", ["--worker", str(folder), str(db), str(baseline_docs),
                                       str(processes)])
    bare = done.pop("baseline")
    documents = done["counts"].get("documents", 0)
    per_s = round(documents / done["ingest_s"], 2) if done["ingest_s"] else None
    per_cpu_s = round(documents / done["ingest_cpu_s"], 2) if done["ingest_cpu_s"] else None
    bare_cpu = (round(bare["documents"] / bare["pipe_cpu_s"], 2)
                if bare.get("pipe_cpu_s") else None)
    mib = 2**20
    rows = [
        row("ingest throughput", per_s, "docs/s", baseline=bare.get("docs_per_s"),
            baseline_what=f"bare nlp.pipe ({bare.get('model')}, n_process={processes}, "
                          f"{bare.get('documents')} texts: every {bare.get('sample_step')}th)",
            ratio_value=ratio(per_s, bare.get("docs_per_s")),
            note=f"{documents} documents in {done['ingest_s']} s wall, "
                 f"{done['ingest_cpu_s']} s CPU with {processes} extraction workers "
                 f"({done['main_process_cpu_s']} s of it the main process); per CPU-second "
                 f"{per_cpu_s} vs {bare_cpu} (ratio {ratio(per_cpu_s, bare_cpu)})"),
        extraction_row(done, bare, processes),
        row("peak memory", round(done["tree_peak_pss_bytes"] / mib, 1), "MiB",
            note=f"PSS of parent + workers, sampled every 0.5 s; RSS summed "
                 f"{done['tree_peak_rss_bytes'] / mib:.0f} MiB (shared pages counted per "
                 f"process); parent alone {done['peak_rss_bytes'] / mib:.0f} MiB, largest "
                 f"worker {done['worker_peak_rss_bytes'] / mib:.0f} MiB"),
    ]
    for stale in base.glob("rhigraph.db*"):
        if not keep:
            stale.unlink()
    return {"unit": UNIT, "documents": documents, "generated": made,
            "children": made["params"]["children"], "ingest": done, "baseline": bare,
            "docs_per_s": per_s, "docs_per_cpu_s": per_cpu_s, "baseline_docs_per_cpu_s": bare_cpu,
            "ms_per_document": round(1000 * done["ingest_s"] / documents, 2) if documents
            else None, "rows": rows}


def extraction_row(done: dict[str, Any], bare: dict[str, Any],
                   processes: int) -> dict[str, Any]:
    """Extraction as it runs inside this ingest, against the bare model's chars/s.

    The characters of every note and form over the ingest's wall time: a lower bound of
    extraction throughput, since reading and writing share the cores with the workers. It
    is measured at every scale for the cost of the ingest alone, where the extraction
    benchmark at 100,000 notes is another hour of both cores.
    """
    per_s = round(done["extracted_chars"] / done["ingest_s"]) if done["ingest_s"] else None
    bare_s = round(bare["characters"] / bare["pipe_s"]) if bare.get("pipe_s") else None
    worker = (round(done["extracted_chars"] / done["workers_cpu_s"])
              if done.get("workers_cpu_s") else None)
    bare_cpu = round(bare["characters"] / bare["pipe_cpu_s"]) if bare.get("pipe_cpu_s") else None
    return row("extraction inside ingest", per_s, "chars/s", baseline=bare_s,
               baseline_what=f"bare nlp.pipe, n_process={processes}, same sample",
               ratio_value=ratio(per_s, bare_s),
               note=f"{done['extracted_chars']:,} chars of notes and forms over the ingest's "
                    f"wall time (reading and writing included: a lower bound); per worker "
                    f"CPU-second {worker} vs {bare_cpu} chars (ratio {ratio(worker, bare_cpu)})")


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    """How ingest time grows with size across the scales measured (k in time ~ size^k)."""
    points = sorted((r["documents"], r["ingest"]["ingest_s"]) for r in results
                    if r.get("documents") and r.get("ingest"))
    return {"growth_exponent": growth(points), "points": [
        {"documents": n, "ingest_s": t, "ms_per_document": round(1000 * t / n, 2)}
        for n, t in points]}


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        print(json.dumps(ingest_worker(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]),
                                       int(sys.argv[5]))))
    else:
        print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000), indent=2))
