"""Each benchmark runs at a tiny scale and reports its figures and baselines.

Structure only: figures present and positive, a baseline measured beside each headline
figure, the runner's JSON and markdown well formed and merged across runs. No timing is ever
asserted here (this machine is shared; the figures belong in BENCHMARKS.md, not in a test).
"""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # the benchmarks live in the checkout, beside the packages
    sys.path.insert(0, str(REPO))

from bench import common, runner  # noqa: E402

TINY_TEMPLATE = 3  # children in the scenario the tiny stores are copied from


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One scratch folder, so the tiny ingested template is built once for these tests."""
    return tmp_path_factory.mktemp("bench")


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _headline_rows_ok(rows: list[dict], *, with_baseline: int) -> None:
    assert rows, "a benchmark must report headline rows"
    for r in rows:
        assert set(r) >= {"what", "value", "unit", "baseline", "ratio", "limit", "within"}
        assert _positive(r["value"]), r
    baselined = [r for r in rows if r["baseline"] is not None]
    assert len(baselined) >= with_baseline
    for r in baselined:
        assert _positive(r["baseline"]) and r["baseline_what"], r
        assert _positive(r["ratio"]), r


def test_machine_and_load_are_described() -> None:
    found = common.machine()
    assert found["cores"] >= 1 and found["memory_bytes"] > 0
    assert found["python"] and found["sqlite"] and found["cpu_model"]
    load = common.load_now(sample_s=0.1)
    assert {"loadavg_1m", "cpu_busy_percent"} <= set(load)


def test_growth_exponent_and_scales() -> None:
    assert common.growth([(1000, 2.0), (10000, 20.0)]) == 1.0
    assert common.growth([(1000, 1.0)]) is None
    assert runner.parse_scales("1000, 10k,1e5") == [1000, 10_000, 100_000]
    with pytest.raises(ValueError):
        runner.parse_scales("0")


def test_ingest(work: Path) -> None:
    from bench import ingest

    found = ingest.run(4, work=work, baseline_docs=2)
    assert found["documents"] > 0 and found["ingest"]["summary"]["rejected"] == 0
    assert _positive(found["ingest"]["peak_rss_bytes"])
    assert _positive(found["baseline"]["docs_per_s"])
    _headline_rows_ok(found["rows"], with_baseline=1)
    assert ingest.summarise([found])["points"][0]["documents"] == found["documents"]


def test_analysis(work: Path) -> None:
    from bench import analysis

    found = analysis.run(links=800, repeats=1, work=work, template_children=TINY_TEMPLATE)
    assert found["links"] >= 800
    assert set(found["analyses"]) == {"hotspots", "associates", "vehicles", "triangles"}
    for name, entry in found["analyses"].items():
        assert "error" not in entry, (name, entry.get("error"))
        assert _positive(entry["function"]["median_s"]) and _positive(
            entry["baseline"]["median_s"])
        assert entry["baseline_sql"].startswith(("SELECT", "WITH"))
    _headline_rows_ok(found["rows"], with_baseline=4)
    limited = {r["what"] for r in found["rows"] if r["limit"]}
    assert limited == {"hotspots", "associates", "vehicles"}


def test_copied_store_keeps_the_shape(work: Path, tmp_path: Path) -> None:
    """Copies are separate neighbourhoods: ids suffixed, type ranges and references intact."""
    from graph.store import SQLiteStore

    template = common.template_store(work / "templates", children=TINY_TEMPLATE)
    built = common.clone_store(template["path"], tmp_path / "copy.db", 3)
    assert built["links"] == 3 * template["links"]
    store = SQLiteStore(built["path"])
    try:
        counts = store.counts()
        assert counts["documents"] == 3 * template["documents"]
        children = store.entities("Child")
        assert {c["props"].get("child_id") for c in children} == {c["key"] for c in children}
        orphans = store._conn.execute(
            "SELECT COUNT(*) FROM links WHERE source_id NOT IN (SELECT id FROM entities)"
            " OR target_id NOT IN (SELECT id FROM entities)"
            " OR document_id NOT IN (SELECT id FROM documents)").fetchone()[0]
        assert orphans == 0
        # Ids inside JSON follow their copy too: an RHI note's episode, a placement link's
        # child (else every copy's notes would hang off the first copy's episodes).
        notes = store._conn.execute(
            "SELECT id, episode_ref FROM documents WHERE episode_ref IS NOT NULL").fetchall()
        assert notes
        for document_id, episode in notes:
            assert ("~" in document_id) == ("~" in episode), (document_id, episode)
            assert document_id.partition("~")[2] == episode.partition("~")[2]
        stray = store._conn.execute(
            "SELECT COUNT(*) FROM documents WHERE episode_ref IS NOT NULL"
            " AND 'Episode:' || episode_ref NOT IN (SELECT id FROM entities)").fetchone()[0]
        assert stray == 0
        mismatched = store._conn.execute(
            "SELECT COUNT(*) FROM links WHERE json_extract(props, '$.child_id') IS NOT NULL"
            " AND json_extract(props, '$.child_id') <> child_id").fetchone()[0]
        assert mismatched == 0
    finally:
        store.close()


def test_packs(work: Path) -> None:
    from bench import packs

    found = packs.run(300, work=work, repeats=1)
    assert found["episodes"] == 300 and found["counts"]["Episode"] == 300
    assert found["ingest"]["rejected"] == found["ingest"]["rows_rejected"] == 0
    for name in ("weekly", "cse_mapping"):
        entry = found["packs"][name]
        assert "error" not in entry, entry.get("error")
        assert _positive(entry["total"]["median_s"]) and entry["html_bytes"] > 0
    _headline_rows_ok(found["rows"], with_baseline=2)


@pytest.mark.browser
@pytest.mark.slow
def test_dashboard(work: Path) -> None:
    pytest.importorskip("playwright.sync_api")
    from bench import dashboard

    if not dashboard.CHROMIUM.exists():
        pytest.skip(f"{dashboard.CHROMIUM} is missing (apt-get install chromium)")
    # Kept small: no demo store (same code path as the large one, one server less), the
    # first page only, one visit each.
    found = dashboard.run(40, work=work, repeats=0, template_children=TINY_TEMPLATE,
                          demo=False, max_pages=1)
    assert set(found["stores"]) == {"baseline", "large"}
    for label, measured in found["stores"].items():
        assert "error" not in measured, (label, measured.get("error"))
        assert measured["pages"], label
        for title, page in measured["pages"].items():
            assert "error" not in page, (label, title, page.get("error"))
            # Counted, not required to be 0: whether the pages work is tests/dashboard's job.
            assert isinstance(page["exceptions"], int), (label, title)
            assert _positive(page["cold"]["interactive_s"])
    _headline_rows_ok(found["rows"], with_baseline=1)
    assert {r["limit"] for r in found["rows"]} == {"<= 5 s"}


def _fake_bench(value: float) -> types.ModuleType:
    module = types.ModuleType("bench.fake")
    module.UNIT = "notes"

    def run(scale: int, *, work: Path | None = None) -> dict:
        return {"rows": [common.row("throughput", value * scale, "docs/s", baseline=1.0,
                                    baseline_what="bare", ratio_value=value * scale,
                                    limit=">= 0.7x", within=True)], "documents": scale}

    module.run = run
    module.summarise = lambda results: {"growth_exponent": common.growth(
        (r["documents"], r["documents"] * 1.0) for r in results)}
    return module


@pytest.fixture
def quick_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner's load sampling without its one-second wait."""
    monkeypatch.setattr(runner, "load_now", lambda: common.load_now(sample_s=0.05))


def test_runner_writes_and_merges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  quick_load: None) -> None:
    monkeypatch.setattr(runner, "load_module",
                        lambda name: _fake_bench(2.0) if name == "ingest" else None)
    out = tmp_path / "BENCHMARKS.json"
    md = tmp_path / "BENCHMARKS.md"
    md.write_text("# Benchmarks\n\nProse that must survive.\n")
    runner.run_benchmarks(scales=[10], only=["ingest", "packs"], out=out, work=tmp_path,
                          echo=lambda line: None)
    runner.run_benchmarks(scales=[20], only=["ingest"], out=out, work=tmp_path,
                          echo=lambda line: None)
    document = json.loads(out.read_text())
    entries = {(r["bench"], r["scale"]): r for r in document["results"]}
    assert set(entries) == {("ingest", 10), ("ingest", 20), ("packs", 10)}
    assert entries[("packs", 10)]["status"] == "missing"
    ok = entries[("ingest", 20)]
    assert ok["status"] == "ok" and ok["figures"]["rows"][0]["value"] == 40.0
    assert "loadavg_1m" in ok["load_at_start"]
    for run in document["runs"].values():
        assert run["machine"]["cores"] >= 1 and "loadavg_1m" in run["load_at_start"]
    assert document["summaries"]["ingest"]["growth_exponent"] == 1.0
    text = md.read_text()
    assert text.startswith("# Benchmarks\n\nProse that must survive.")
    assert text.count(runner.BEGIN) == 1 and text.count(runner.END) == 1
    assert "| 20 | throughput | 40.00 docs/s | 1.00 (bare) | 40.00 | >= 0.7x | within |" in text


def test_runner_reports_a_failing_benchmark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            quick_load: None) -> None:
    broken = types.ModuleType("bench.broken")

    def run(scale: int) -> dict:
        raise RuntimeError("no store")

    broken.run = run
    monkeypatch.setattr(runner, "load_module", lambda name: broken)
    code = runner.main(["--only", "analysis", "--scales", "5", "--out",
                        str(tmp_path / "b.json"), "--work", str(tmp_path)])
    assert code == 1
    entry = json.loads((tmp_path / "b.json").read_text())["results"][0]
    assert entry["status"] == "error" and "no store" in entry["error"]
    assert (tmp_path / "b.md").read_text().count("*error*") == 1


def test_extraction_at_a_large_scale_runs_once_on_both_cores(work: Path) -> None:
    """The plan a large scale gets (one run, n_process=2, the bare model on a spread sample
    of the notes), run at a tiny scale by moving where "large" starts."""
    from bench import extraction

    found = extraction.run(6, work=work, large_from=6, baseline_docs=3)
    (measured,) = found["by_process"]
    assert found["repeats"] == 1 and measured["n_process"] == 2
    assert measured["rhigraph"]["runs"] == 1 and measured["docs"] == 6
    assert measured["bare"]["docs"] == 3 and measured["bare"]["chars"] < measured["chars"]
    assert _positive(measured["rhigraph"]["cpu_median_s"]) and _positive(found["estimate_s"])
    _headline_rows_ok(found["rows"], with_baseline=1)
    assert "3 of the 6 notes" in found["rows"][0]["note"]
