"""Extraction throughput against the bare statistical model's ``nlp.pipe`` on the same notes.

The notes are a generated scenario's plain-text notes and forms (``rhigraph.scenario``,
txt only, cached in the work folder), cycled if the scenario has fewer than asked for.

Timed, for each ``n_process``:

- **rhigraph**: :func:`nlp.extract.extract_many` over the notes, the whole extraction (the
  model's NER plus every rule, grouping, roles, indicators and relations) down to the
  section 5 dicts;
- **bare model**: ``spacy.load(model).pipe(texts, n_process=...)``, the installed model with
  all its components, consuming the ``Doc`` objects.

Both run on the same texts in alternating order, ``repeats`` times, after a warm-up; the
median is reported, as chars/s and docs/s, with the CPU seconds of this process and its
worker processes beside the wall time (the machine is shared: CPU time moves less under
load). Issue 4's limit: rhigraph at no less than 0.7 times the bare model's throughput,
using both cores.

Large scales (:data:`LARGE` notes and above) must fit in about an hour of this machine, so
they are measured once (no repeats) and at ``n_process=2`` only: rhigraph over every note,
the bare model over a sample of the same notes spread across them (every k-th, at most
:data:`BASELINE_DOCS`), and the ratio is of their throughputs (chars/s). Below, both run
over every note at n_process 1 and 2 with repeats, as before. The time a scale will take
here is estimated and printed before it starts.

``--large CHARS`` also times one note of that many characters (the ingest limit is 10 MB), to
show extraction stays linear in the length of a note.

Run: ``python -m bench.extraction --notes 200 --json extraction.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import (
    children_for,
    estimate,
    load_now,
    machine,
    ratio,
    row,
    scenario,
    spread,
    spread_step,
    tree_cpu_seconds,
    workdir,
)

NAME = "extraction"
UNIT = "notes"
LIMIT_RATIO = 0.7
SEED = 7
#: From this many notes on: one run, n_process=2 only, the baseline on a spread sample.
LARGE = 10_000
#: Most notes the baseline reads at a large scale.
BASELINE_DOCS = 2000
#: Documents per CPU-second (workers' included) measured here at 1,000 notes on 2026-11-26
#: (load 6-12), by n_process: (rhigraph, bare model). For the estimate printed before a
#: scale starts, nothing else.
PER_CPU_S = {1: (18.2, 12.0), 2: (18.0, 10.8)}


def plan(scale: int, repeats: int | None = None, n_processes: tuple[int, ...] = (1, 2), *,
         large_from: int = LARGE, baseline_docs: int = BASELINE_DOCS) -> dict[str, Any]:
    """How a scale is measured (repeats, n_process values, baseline notes) and about how
    long it takes here on idle cores, in seconds.

    >>> plan(1000)["repeats"], plan(1000)["n_processes"], plan(1000)["baseline_notes"]
    (3, (1, 2), 1000)
    >>> plan(100_000)["repeats"], plan(100_000)["n_processes"], plan(100_000)["baseline_notes"]
    (1, (2,), 2000)
    """
    large = scale >= large_from
    repeats = repeats or (1 if large else 3)
    n_processes = (2,) if large else n_processes
    baseline = min(scale, baseline_docs) if large else scale
    idle_s = sum(repeats * (scale / PER_CPU_S.get(n, PER_CPU_S[2])[0]
                            + baseline / PER_CPU_S.get(n, PER_CPU_S[2])[1]) / n
                 for n in n_processes)
    return {"repeats": repeats, "n_processes": n_processes, "baseline_notes": baseline,
            "estimate_s": round(idle_s, 1)}


def notes(count: int, work: Path | str | None = None, seed: int = SEED) -> list[str]:
    """``count`` note and form texts from a generated txt-only scenario (cycled if short)."""
    base = workdir(work) / f"extraction-c{children_for(count)}-s{seed}"
    scenario(base, children=children_for(count), weeks=12, seed=seed, formats={"txt": 1})
    files = sorted(p for folder in ("notes", "forms") for p in (base / folder).glob("*.txt"))
    if not files:
        raise RuntimeError(f"the scenario in {base} has no .txt notes")
    texts = [p.read_text("utf-8") for p in files]
    return [texts[i % len(texts)] for i in range(count)]


def _timed(fn: Any) -> tuple[float, float]:
    """Wall and CPU seconds of ``fn()``, CPU of this process and of the workers it ran."""
    wall0, cpu0 = time.perf_counter(), tree_cpu_seconds()
    fn()
    return time.perf_counter() - wall0, tree_cpu_seconds() - cpu0


def _figures(walls: list[float], cpus: list[float], chars: int, docs: int) -> dict[str, Any]:
    wall = statistics.median(walls)
    return {"median_s": round(wall, 3), "min_s": round(min(walls), 3),
            "cpu_median_s": round(statistics.median(cpus), 3), "runs": len(walls),
            "chars_per_s": round(chars / wall), "docs_per_s": round(docs / wall, 2)}


def throughput(texts: list[str], *, n_process: int, repeats: int, model: str | None = None,
               batch_size: int = 32, baseline_texts: list[str] | None = None
               ) -> dict[str, Any]:
    """rhigraph's and the bare model's throughput on ``texts`` with ``n_process`` workers
    (the bare model on ``baseline_texts`` instead when given: a sample of ``texts``)."""
    import spacy

    from nlp.extract import extract_many
    from nlp.pipeline import load_pipeline

    nlp = load_pipeline(model)
    name = nlp.meta.get("rhigraph_model", "none")
    bare = spacy.load(name) if name != "none" else None
    items = [(t, {"kind": None}) for t in texts]
    chars, docs = sum(map(len, texts)), len(texts)
    bare_texts = texts if baseline_texts is None else baseline_texts
    bare_chars, bare_docs = sum(map(len, bare_texts)), len(bare_texts)

    def ours() -> None:
        for _ in extract_many(items, nlp=nlp, n_process=n_process, batch_size=batch_size):
            pass

    def baseline() -> None:
        assert bare is not None
        for _ in bare.pipe(bare_texts, n_process=n_process, batch_size=batch_size):
            pass

    warm = items[: min(len(items), 8)]
    list(extract_many(warm, nlp=nlp))
    if bare is not None:
        list(bare.pipe([t for t, _ in warm]))
    timings: dict[str, tuple[list[float], list[float]]] = {"rhigraph": ([], []),
                                                           "bare": ([], [])}
    for i in range(repeats):
        order = [("rhigraph", ours), ("bare", baseline)]
        if i % 2:
            order.reverse()
        for label, fn in order:
            if label == "bare" and bare is None:
                continue
            wall, cpu = _timed(fn)
            timings[label][0].append(wall)
            timings[label][1].append(cpu)
    found: dict[str, Any] = {"n_process": n_process, "model": name, "chars": chars,
                             "docs": docs, "rhigraph": _figures(*timings["rhigraph"], chars,
                                                                docs)}
    if bare is not None:
        found["bare"] = {**_figures(*timings["bare"], bare_chars, bare_docs),
                         "docs": bare_docs, "chars": bare_chars}
        found["ratio"] = ratio(found["rhigraph"]["chars_per_s"], found["bare"]["chars_per_s"])
        found["bare_pipeline"] = list(bare.pipe_names)
    found["rhigraph_pipeline"] = list(nlp.pipe_names)
    return found


def large_text(chars: int, texts: list[str], model: str | None = None) -> dict[str, Any]:
    """One note of ``chars`` characters (the scenario's notes joined) through ``extract``."""
    from nlp.extract import extract
    from nlp.pipeline import load_pipeline

    joined = "\n\n".join(texts)
    text = (joined * (chars // max(1, len(joined)) + 1))[:chars]
    nlp = load_pipeline(model)
    result: dict[str, Any] = {}
    wall, cpu = _timed(lambda: result.update(extract(text, nlp=nlp)))
    return {"chars": len(text), "model": nlp.meta.get("rhigraph_model"),
            "seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
            "chars_per_s": round(len(text) / wall), "entities": len(result["entities"]),
            "indicators": len(result["indicators"])}


def run(scale: int = 200, *, work: Path | str | None = None, repeats: int | None = None,
        n_processes: tuple[int, ...] = (1, 2), large: int = 0,
        model: str | None = None, large_from: int = LARGE,
        baseline_docs: int = BASELINE_DOCS) -> dict[str, Any]:
    """The benchmark at ``scale`` notes, as the runner (``python -m bench``) calls it
    (``large_from`` and ``baseline_docs`` move the large-scale plan, for tests)."""
    how = plan(scale, repeats, n_processes, large_from=large_from,
               baseline_docs=baseline_docs)
    print(f"extraction at {scale:,} notes ({how['repeats']} run(s) at n_process "
          f"{how['n_processes']}, baseline on {how['baseline_notes']:,} notes): "
          f"{estimate(how['estimate_s'], max(how['n_processes']))}", file=sys.stderr)
    texts = notes(scale, work)
    sample = spread(texts, how["baseline_notes"]) if how["baseline_notes"] < scale else None
    figures: dict[str, Any] = {"notes": scale, "repeats": how["repeats"],
                               "estimate_s": how["estimate_s"],
                               "load_at_start": load_now(sample_s=0.5), "by_process": []}
    rows = []
    for n in how["n_processes"]:
        found = throughput(texts, n_process=n, repeats=how["repeats"], model=model,
                           baseline_texts=sample)
        figures["by_process"].append(found)
        bare = found.get("bare")
        on = (f"; bare model on {bare['docs']:,} of the {scale:,} notes (every "
              f"{spread_step(scale, how['baseline_notes'])}th), rhigraph on all, once"
              if bare and sample is not None else "")
        rows.append(row(
            f"extraction, n_process={n}", found["rhigraph"]["chars_per_s"], "chars/s",
            baseline=bare["chars_per_s"] if bare else None,
            baseline_what=f"bare {found['model']} nlp.pipe, n_process={n}" if bare else None,
            ratio_value=found.get("ratio"), limit=f">= {LIMIT_RATIO} x bare model",
            within=None if found.get("ratio") is None else found["ratio"] >= LIMIT_RATIO,
            note=f"{found['rhigraph']['docs_per_s']} docs/s against "
                 f"{bare['docs_per_s'] if bare else '-'} docs/s; CPU (with workers) "
                 f"{found['rhigraph']['cpu_median_s']} s against "
                 f"{bare['cpu_median_s'] if bare else '-'} s{on}"))
    if large:
        figures["large_text"] = large_text(large, texts, model)
        rows.append(row("one long note", figures["large_text"]["chars_per_s"], "chars/s",
                        note=f"{figures['large_text']['chars']:,} chars in "
                             f"{figures['large_text']['seconds']} s"))
    figures["rows"] = rows
    return figures


def _print(figures: dict[str, Any]) -> None:
    print(f"{figures['notes']} notes, {figures['repeats']} repeats, load "
          f"{figures['load_at_start'].get('loadavg_1m')} (1 min)")
    print(f"{'n_process':>9} {'what':>9} {'chars/s':>9} {'docs/s':>8} {'wall s':>8} "
          f"{'cpu s':>7} {'ratio':>6}")
    for found in figures["by_process"]:
        for label in ("rhigraph", "bare"):
            f = found.get(label)
            if not f:
                continue
            share = f"{found['ratio']:.2f}" if label == "rhigraph" and found.get("ratio") else ""
            print(f"{found['n_process']:>9} {label:>9} {f['chars_per_s']:>9,} "
                  f"{f['docs_per_s']:>8} {f['median_s']:>8} {f['cpu_median_s']:>7} {share:>6}")
    if "large_text" in figures:
        big = figures["large_text"]
        print(f"one note of {big['chars']:,} chars: {big['seconds']} s "
              f"({big['chars_per_s']:,} chars/s, cpu {big['cpu_seconds']} s, "
              f"{big['entities']} entities)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.extraction",
        description="Extraction throughput against the bare model's nlp.pipe (see module doc).",
        epilog="Example:\n  python -m bench.extraction --notes 200 --json extraction.json\n",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=200, help="Notes to process (default 200).")
    parser.add_argument("--repeats", type=int, default=None,
                        help=f"Timed repeats (default 3; 1 from {LARGE:,} notes).")
    parser.add_argument("--n-process", default="1,2",
                        help="Comma-separated worker counts to measure (default 1,2).")
    parser.add_argument("--large", type=int, default=0,
                        help="Also time one note of this many characters (e.g. 2000000).")
    parser.add_argument("--model", default=None, help="spaCy model (default: as configured).")
    parser.add_argument("--work", type=Path, default=None, help="Scratch folder.")
    parser.add_argument("--json", type=Path, default=None, help="Write the figures here.")
    args = parser.parse_args(argv)
    n_processes = tuple(int(n) for n in args.n_process.split(",") if n.strip())
    figures = run(args.notes, work=args.work, repeats=args.repeats, n_processes=n_processes,
                  large=args.large, model=args.model)
    figures["machine"] = machine()
    _print(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
