"""The resolution benchmark runs at a tiny scale and reports figures, baseline and accuracy.

Structure only, as for every benchmark: no timing is asserted (the machine is shared).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # the benchmarks live in the checkout, beside the packages
    sys.path.insert(0, str(REPO))

from bench import resolution  # noqa: E402


def test_resolution_benchmark_reports_its_figures(tmp_path: Path) -> None:
    found = resolution.run(200, work=tmp_path)
    assert found["mentions"] > 0 and found["units"] >= found["mentions"]
    assert found["resolve"]["median_s"] > 0 and found["read_units"]["median_s"] > 0
    (timing, accuracy) = found["rows"]
    assert timing["baseline"] and timing["ratio"] and timing["limit"]
    assert 0 < accuracy["value"] <= 1 and accuracy["baseline"]
    assert found["accuracy"]["scenario_decoys_merged"] == 0
    summary = resolution.summarise([found])
    assert summary["points"][0]["mentions"] == found["mentions"]
    assert resolution.run(200, work=tmp_path)["mentions"] == found["mentions"], "cached store"
