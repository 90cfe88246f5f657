"""Run the benchmarks, keep every figure with the machine and the load it was measured under,
and write them as JSON and as a markdown table.

Each benchmark is a module ``bench.<name>`` exposing ``run(scale: int, **options) -> dict``
(``scale`` in the module's ``UNIT``; options it does not accept are not passed) and,
optionally, ``summarise(results) -> dict`` over all its scales (how time grows with size).
A figures dict may hold ``rows``: headline figures as :func:`bench.common.row` makes them
(value, unit, baseline, ratio, limit, within); without ``rows`` its numbers are tabulated as
they are. A module that is not there yet is reported as missing; one that raises is reported
with its error; neither stops the others.

Results accumulate: the JSON file keeps the latest entry per (benchmark, scale) from every
run, each naming its run (date, machine, versions, load average at start), so scales measured
on different days can sit in one table without hiding which is which.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import inspect
import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.common import REPO, load_now, machine

BENCHES = ("extraction", "resolution", "ingest", "analysis", "packs", "dashboard")
DEFAULT_SCALES = (1_000, 10_000, 100_000)
DEFAULT_OUT = REPO / "BENCHMARKS.json"
BEGIN = "<!-- bench:figures:begin (written by `python -m bench`; edit outside this block) -->"
END = "<!-- bench:figures:end -->"


def load_module(name: str) -> Any | None:
    """``bench.<name>``, or None when that module does not exist (yet)."""
    try:
        return importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as err:
        if err.name in (f"bench.{name}",):
            return None
        raise


def _call(fn: Callable[..., Any], scale: int, options: dict[str, Any]) -> Any:
    """``fn(scale, **options)`` with only the options ``fn`` accepts."""
    params = inspect.signature(fn).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    accepted = {k: v for k, v in options.items()
                if v is not None and (takes_any or k in params)}
    return fn(scale, **accepted)


def _clean(value: Any) -> Any:
    """JSON-safe figures (paths and other objects as strings)."""
    return json.loads(json.dumps(value, default=str))


def read_results(path: Path) -> dict[str, Any]:
    if path.exists():
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(found, dict) and found.get("schema") == 1:
                return found
        except json.JSONDecodeError:
            pass
    return {"schema": 1, "runs": {}, "results": [], "summaries": {}}


def merge(document: dict[str, Any], entry: dict[str, Any]) -> None:
    """Put ``entry`` in, replacing the entry of the same benchmark and scale."""
    document["results"] = [r for r in document["results"]
                           if (r["bench"], r["scale"]) != (entry["bench"], entry["scale"])]
    document["results"].append(entry)
    order = {name: i for i, name in enumerate(BENCHES)}
    document["results"].sort(key=lambda r: (order.get(r["bench"], 99), r["scale"]))
    used = {r["run"] for r in document["results"]}
    document["runs"] = {k: v for k, v in document["runs"].items() if k in used}


def write(document: dict[str, Any], out: Path, markdown: Path | None) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    tmp.replace(out)
    if markdown is not None:
        write_markdown(document, markdown)


# -- markdown -------------------------------------------------------------------------------
def _num(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value == 0:
            return "0"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 1:
            return f"{value:.2f}"
        return f"{value:.3g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value).replace("|", "\\|")


def _generic_rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Numbers of a figures dict without ``rows``: top level and one level down."""
    found = []
    for key, value in figures.items():
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            found.append({"what": key, "value": value})
        elif isinstance(value, dict):
            for inner, v in value.items():
                if isinstance(v, int | float) and not isinstance(v, bool):
                    found.append({"what": f"{key}.{inner}", "value": v})
    return found


def table(document: dict[str, Any]) -> str:
    """The markdown block: machine per run, then one table per benchmark."""
    lines = ["### Runs", "",
             "| run | machine | Python / spaCy (model) / SQLite | commit | load avg 1/5/15 min "
             "at start | CPUs busy at start |",
             "| --- | --- | --- | --- | --- | --- |"]
    for run_id, info in sorted(document["runs"].items()):
        m = info.get("machine", {})
        load = info.get("load_at_start", {})
        git = m.get("git") or {}
        lines.append(
            f"| {run_id} | {_num(m.get('cpu_model'))}, {m.get('cores')} cores, "
            f"{m.get('memory_gib')} GiB | {m.get('python')} / {m.get('spacy')} "
            f"({_num(m.get('spacy_model'))}) / {m.get('sqlite')} | "
            f"{git.get('commit')}{' + changes' if git.get('uncommitted_changes') else ''} | "
            f"{load.get('loadavg_1m')} / {load.get('loadavg_5m')} / {load.get('loadavg_15m')}"
            f" | {_num(load.get('cpu_busy_percent'))}% |")
    by_bench: dict[str, list[dict[str, Any]]] = {}
    for entry in document["results"]:
        by_bench.setdefault(entry["bench"], []).append(entry)
    for name in sorted(by_bench, key=lambda n: BENCHES.index(n) if n in BENCHES else 99):
        entries = by_bench[name]
        unit = next((e.get("unit") for e in entries if e.get("unit")), "")
        lines += ["", f"### {name}" + (f" (scale in {unit})" if unit else ""), "",
                  "| scale | figure | value | baseline | ratio | limit | verdict | load 1 min "
                  "| run |", "| ---: | --- | ---: | --- | ---: | --- | --- | ---: | --- |"]
        for entry in entries:
            load = (entry.get("load_at_start") or {}).get("loadavg_1m")
            if entry["status"] != "ok":
                lines.append(f"| {_num(entry['scale'])} | *{entry['status']}* | | | | | "
                             f"{_num(entry.get('error', ''))[:160]} | {_num(load)} | "
                             f"{entry['run']} |")
                continue
            figures = entry.get("figures") or {}
            rows = figures.get("rows") if isinstance(figures, dict) else None
            for r in rows or _generic_rows(figures):
                verdict = {True: "within", False: "**over**", None: ""}[r.get("within")]
                value = _num(r.get("value")) + (f" {r.get('unit')}" if r.get("unit")
                                                and r.get("value") is not None else "")
                baseline = _num(r.get("baseline"))
                if r.get("baseline_what"):
                    baseline += f" ({r['baseline_what']})"
                lines.append(
                    f"| {_num(entry['scale'])} | {_num(r.get('what'))} | {value} | {baseline} "
                    f"| {_num(r.get('ratio'))} | {_num(r.get('limit'))} | {verdict} "
                    f"| {_num(load)} | {entry['run']} |")
                if r.get("note"):
                    lines.append(f"| | ↳ {_num(r['note'])} | | | | | | | |")
        summary = document.get("summaries", {}).get(name)
        if summary and summary.get("growth_exponent") is not None:
            lines += ["", f"Time grows as size^{summary['growth_exponent']} across the scales "
                          "measured (1.0 is linear)."]
    return "\n".join(lines) + "\n"


def write_markdown(document: dict[str, Any], path: Path) -> None:
    """Replace the figures block of ``path`` (keeping everything around it), append one when
    the file has none, or create the file."""
    block = f"{BEGIN}\n\n{table(document)}\n{END}"
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            before, rest = text.split(BEGIN, 1)
            after = rest.split(END, 1)[1]
            text = before + block + after
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
    else:
        text = f"# Benchmarks\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


# -- running ------------------------------------------------------------------------------
def run_benchmarks(*, scales: Sequence[int] = DEFAULT_SCALES, only: Sequence[str] = (),
                   out: Path = DEFAULT_OUT, markdown: Path | None = None,
                   work: Path | None = None, repeats: int | None = None, keep: bool = False,
                   echo: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
                   ) -> dict[str, Any]:
    """Run the selected benchmarks at each scale, merging into ``out`` after every one."""
    names = list(only) or list(BENCHES)
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        raise ValueError(f"unknown benchmark(s): {', '.join(unknown)}; "
                         f"choose from {', '.join(BENCHES)}")
    markdown = markdown if markdown is not None else out.with_suffix(".md")
    document = read_results(out)
    run_id = dt.datetime.now().strftime("%Y-%m-%dT%H:%M:%S")
    document["last_run"] = run_id
    document["runs"][run_id] = {"started_at": run_id, "machine": machine(),
                                "load_at_start": load_now(), "argv": sys.argv[1:]}
    options = {"work": work, "repeats": repeats, "keep": keep}
    for name in names:
        module = load_module(name)
        for index, scale in enumerate(scales):
            entry: dict[str, Any] = {"bench": name, "scale": scale, "run": run_id,
                                     "unit": getattr(module, "UNIT", None)}
            if module is None or not callable(getattr(module, "run", None)):
                entry.update(status="missing", error=f"bench/{name}.py with run(scale) is "
                                                     "not there yet")
                echo(f"{name}: missing")
                merge(document, entry)
                break
            entry["load_at_start"] = load_now()
            echo(f"{name} at {scale:,} {entry['unit'] or ''}: running "
                 f"(load {entry['load_at_start'].get('loadavg_1m')})")
            started = time.perf_counter()
            try:
                extra = {"demo": index == 0} if name == "dashboard" else {}
                figures = _call(module.run, scale, {**options, **extra})
                entry.update(status="ok", figures=_clean(figures))
            except Exception as err:  # noqa: BLE001 - one benchmark failing stops no other
                entry.update(status="error", error=f"{type(err).__name__}: {err}",
                             traceback=traceback.format_exc()[-4000:])
            entry["elapsed_s"] = round(time.perf_counter() - started, 2)
            with contextlib.suppress(OSError):
                entry["load_at_end"] = [round(v, 2) for v in os.getloadavg()]
            echo(f"{name} at {scale:,}: {entry['status']} in {entry['elapsed_s']} s"
                 + (f" ({entry['error']})" if entry["status"] != "ok" else ""))
            merge(document, entry)
            summarise = getattr(module, "summarise", None)
            if callable(summarise):
                try:
                    document.setdefault("summaries", {})[name] = _clean(summarise(
                        [r["figures"] for r in document["results"]
                         if r["bench"] == name and r["status"] == "ok"]))
                except Exception as err:  # noqa: BLE001
                    document.setdefault("summaries", {})[name] = {"error": str(err)}
            write(document, out, markdown)
    document["runs"].setdefault(run_id, {})["finished_at"] = \
        dt.datetime.now().strftime("%Y-%m-%dT%H:%M:%S")
    if run_id in {r["run"] for r in document["results"]}:
        write(document, out, markdown)
    return document


def parse_scales(text: str) -> list[int]:
    """``"1000,10k,1e5"`` -> [1000, 10000, 100000]."""
    scales = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        if not part:
            continue
        factor = 1
        if part.endswith("k"):
            part, factor = part[:-1], 1_000
        elif part.endswith("m"):
            part, factor = part[:-1], 1_000_000
        value = int(float(part) * factor)
        if value < 1:
            raise ValueError(f"a scale must be at least 1 (got {part})")
        scales.append(value)
    if not scales:
        raise ValueError("no scales given")
    return scales


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description="Run rhigraph's benchmarks and write their figures (JSON, and a markdown "
                    "table in the file of the same name ending .md).",
        epilog="Example:\n  python -m bench --only ingest,packs --scales 1000,10000\n",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scales", default=",".join(str(s) for s in DEFAULT_SCALES),
                   help="Comma-separated scales (notes; episodes for packs; documents for "
                        "the dashboard; analysis builds 10 links per note). Default: "
                        "%(default)s.")
    p.add_argument("--only", default="", help=f"Comma-separated subset of: {', '.join(BENCHES)}.")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT,
                   help="JSON file of figures, merged with what it holds (default: "
                        "BENCHMARKS.json in the repository).")
    p.add_argument("--markdown", type=Path, default=None,
                   help="Markdown file whose figures block is rewritten (default: --out "
                        "with .md).")
    p.add_argument("--work", type=Path, default=None,
                   help="Scratch folder for scenarios and stores (default: $RHIGRAPH_BENCH_DIR "
                        "or <tmp>/rhigraph-bench).")
    p.add_argument("--repeats", type=int, default=None,
                   help="Timed repeats per measurement where a benchmark repeats (default: "
                        "the benchmark's own, 3).")
    p.add_argument("--keep", action="store_true", help="Keep the big stores built.")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        scales = parse_scales(args.scales)
        only = [n.strip() for n in args.only.split(",") if n.strip()]
        document = run_benchmarks(scales=scales, only=only, out=args.out,
                                  markdown=args.markdown, work=args.work,
                                  repeats=args.repeats, keep=args.keep)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(table(document))
    failed = [r for r in document["results"]
              if r["status"] == "error" and r["run"] == document.get("last_run")]
    return 1 if failed else 0
