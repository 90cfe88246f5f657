"""``rhigraph bench``: run the benchmarks (the same runner as ``python -m bench``).

The benchmarks live in the repository's ``bench/`` folder, beside the packages; from a source
checkout (an editable install) that folder is found through this file's location.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

CHECKOUT = Path(__file__).resolve().parents[2]


def _runner():
    """``bench.runner``, from the installed packages or from this source checkout."""
    try:
        from bench import runner
    except ModuleNotFoundError as err:
        if err.name != "bench" or not (CHECKOUT / "bench" / "runner.py").exists():
            raise click.ClickException(
                "the benchmarks are not installed: run rhigraph bench from a source "
                "checkout (pip install -e .)") from None
        sys.path.insert(0, str(CHECKOUT))
        from bench import runner
    return runner


@click.command()
@click.option("--scales", default="1000,10000,100000", show_default=True,
              help="Comma-separated scales: notes (ingest, extraction), mentions "
                   "(resolution), episodes (packs), documents (dashboard); analysis builds "
                   "10 links per note.")
@click.option("--only", default="",
              help="Comma-separated subset of: extraction, resolution, ingest, analysis, "
                   "packs, dashboard.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="JSON file of figures, merged with what it holds (default: "
                   "BENCHMARKS.json in the checkout); the markdown table goes to the same "
                   "name ending .md.")
@click.option("--work", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Scratch folder for scenarios and stores (default: $RHIGRAPH_BENCH_DIR "
                   "or <tmp>/rhigraph-bench).")
@click.option("--repeats", type=int, default=None,
              help="Timed repeats per measurement (default: each benchmark's own, 3).")
@click.option("--keep", is_flag=True, help="Keep the big stores built.")
def bench(scales: str, only: str, out: Path | None, work: Path | None, repeats: int | None,
          keep: bool) -> None:
    """Measure throughput, latency and memory against each issue's limit.

    Runs extraction, resolution, ingest, analysis (1,000,000 links at 100,000 notes), meeting
    packs (force scale: 100,000 episodes) and dashboard page times in headless Chromium, each
    with its baseline, and writes the figures with the machine, versions and load average.
    100,000 notes through extraction can take hours on 2 cores: pick scales with --scales.

    \b
    Example:
      rhigraph bench --only analysis,packs --scales 100000
    """
    runner = _runner()
    argv = ["--scales", scales]
    if only:
        argv += ["--only", only]
    if out is not None:
        argv += ["--out", str(out)]
    if work is not None:
        argv += ["--work", str(work)]
    if repeats is not None:
        argv += ["--repeats", str(repeats)]
    if keep:
        argv.append("--keep")
    code = runner.main(argv)
    if code:
        raise SystemExit(code)
