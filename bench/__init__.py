"""rhigraph's benchmarks: how fast and how big, on this machine, against each issue's limit.

``python -m bench`` (or ``rhigraph bench``) runs them and writes BENCHMARKS.json and the
figures block of BENCHMARKS.md; see BENCHMARKS.md for what each measures and how to
reproduce it. Each benchmark is a module here with ``run(scale) -> dict``:

- ``extraction``: extraction throughput against the bare statistical model's ``nlp.pipe``;
- ``resolution``: entity resolution time per 100,000 mentions;
- ``ingest``: end-to-end ingest throughput, peak memory, and how time grows with size;
- ``analysis``: hotspots, associates, vehicles, triangles against a bare SQL ``GROUP BY``;
- ``packs``: weekly and CSE mapping pack generation at force scale (100,000 episodes);
- ``dashboard``: page time in headless Chromium, demo store and a large store.

Timing never appears in the test suite: tests/bench only checks that each benchmark runs at a
tiny scale and reports its figures and baselines.
"""

from bench.runner import BENCHES, DEFAULT_SCALES, main, run_benchmarks

__all__ = ["BENCHES", "DEFAULT_SCALES", "main", "run_benchmarks"]
