"""What every benchmark shares: the machine, clocks, scratch space, and stores built fast.

Stores at scale are built the honest-but-quick way: a real scenario from the generator is
ingested once (the whole pipeline: readers, spaCy extraction, store writes) into a
*template*, and the template's rows are then copied N times by bulk SQL into a fresh store
file, every id suffixed per copy (``~1``, ``~2``...), so that each copy is a separate
neighbourhood with the real shape of links, mentions, roles, indicators and episodes. Only
the volume is synthetic; every row was written by rhigraph's own ingest.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

#: Documents the generator writes per child over 12 weeks (measured: 118 for 60 children).
DOCUMENTS_PER_CHILD = 1.97
#: Seconds of one core the generator takes per 1,000 documents (measured: 19 s for 10,311).
GENERATE_S_PER_1000 = 2.0
#: The demo scenario (``rhigraph demo``'s defaults): 60 children, 12 weeks, seed 1.
DEMO = {"children": 60, "weeks": 12, "seed": 1}


# -- the machine ---------------------------------------------------------------------------
def _meminfo() -> dict[str, int]:
    found: dict[str, int] = {}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            key, _, rest = line.partition(":")
            found[key] = int(rest.split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return found


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(module: str) -> str | None:
    try:
        from importlib.metadata import version
        return version(module)
    except Exception:  # noqa: BLE001 - absent or odd metadata: just not reported
        return None


def _chromium_version() -> str | None:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        return None
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=20,
                              check=False)
        return done.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def _git() -> dict[str, Any]:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                              capture_output=True, text=True, timeout=10, check=False)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO,
                               capture_output=True, text=True, timeout=20, check=False)
        return {"commit": head.stdout.strip() or None,
                "uncommitted_changes": bool(dirty.stdout.strip())}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "uncommitted_changes": None}


def _cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def load_now(sample_s: float = 1.0) -> dict[str, Any]:
    """Load averages, and how busy all CPUs were over ``sample_s`` seconds just now.

    Taken before a benchmark starts, so a reader can judge how noisy its figures are: on a
    2-core machine a 1-minute load average above 2 means something else wanted the CPUs.
    """
    found: dict[str, Any] = {"at": dt.datetime.now().isoformat(timespec="seconds")}
    try:
        one, five, fifteen = os.getloadavg()
        found.update(loadavg_1m=round(one, 2), loadavg_5m=round(five, 2),
                     loadavg_15m=round(fifteen, 2))
    except OSError:
        pass
    try:
        busy0, total0 = _cpu_ticks()
        time.sleep(sample_s)
        busy1, total1 = _cpu_ticks()
        if total1 > total0:
            found["cpu_busy_percent"] = round(100.0 * (busy1 - busy0) / (total1 - total0), 1)
    except (OSError, ValueError, IndexError):
        pass
    return found


def estimate(idle_s: float, processes: int = 2) -> str:
    """How long work taking ``idle_s`` seconds on idle cores, with ``processes`` busy
    processes, takes here at the present load (other work's runnable processes share the
    cores with ours), as words to print before a long benchmark starts.

    >>> estimate(300, 2).startswith("about 5 min on idle cores")
    True
    """
    cores = os.cpu_count() or 1
    try:
        others = os.getloadavg()[0]
    except OSError:
        others = 0.0
    loaded = idle_s * max(1.0, (others + processes) / cores)
    return (f"about {idle_s / 60:.0f} min on idle cores, {loaded / 60:.0f} min at load "
            f"{others:.1f} (plus, the first time, generating the notes: about "
            f"{GENERATE_S_PER_1000:g} s per 1,000)")


@lru_cache(maxsize=1)
def _machine() -> dict[str, Any]:
    return _describe()


def machine() -> dict[str, Any]:
    """Cores, memory, CPU model and the versions every figure depends on (read once per
    process: none of it changes while benchmarks run)."""
    return json.loads(json.dumps(_machine()))


def _describe() -> dict[str, Any]:
    memory = _meminfo()
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    model = None
    try:
        import spacy
        model = next(iter(spacy.util.get_installed_models()), None)
    except Exception:  # noqa: BLE001
        pass
    return {
        "cpu_model": _cpu_model(),
        "cores": os.cpu_count(),
        "cores_usable": usable,
        "memory_bytes": memory.get("MemTotal"),
        "memory_gib": round(memory["MemTotal"] / 2**30, 1) if "MemTotal" in memory else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "spacy": _version("spacy"),
        "spacy_model": model and f"{model} {_version(model.replace('_', '-')) or ''}".strip(),
        "sqlite": sqlite3.sqlite_version,
        "networkx": _version("networkx"),
        "streamlit": _version("streamlit"),
        "playwright": _version("playwright"),
        "chromium": _chromium_version(),
        "git": _git(),
    }


# -- clocks --------------------------------------------------------------------------------
def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float, float]:
    """``fn(*args, **kwargs)`` with its wall time and this process's CPU time, in seconds.

    CPU time is reported beside wall time because this machine is shared: other processes
    stretch wall time, while this process's CPU time moves much less.
    """
    wall0, cpu0 = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - wall0, time.process_time() - cpu0


def stats(walls: Sequence[float], cpus: Sequence[float] = ()) -> dict[str, Any]:
    """Median and min of repeated measurements (wall and CPU seconds)."""
    found: dict[str, Any] = {"runs": len(walls), "median_s": round(statistics.median(walls), 4),
                             "min_s": round(min(walls), 4)}
    if cpus:
        found["cpu_median_s"] = round(statistics.median(cpus), 4)
    return found


def ratio(value: float | None, baseline: float | None) -> float | None:
    if value is None or not baseline:
        return None
    return round(value / baseline, 3)


def growth(points: Iterable[tuple[float, float]]) -> float | None:
    """The exponent k of time ~ size^k, fitted by least squares on log-log points
    (1.0 is linear). None with fewer than two distinct sizes."""
    pts = [(math.log(n), math.log(t)) for n, t in points if n > 0 and t > 0]
    if len({x for x, _ in pts}) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return round(sum((x - mx) * (y - my) for x, y in pts) / den, 3)


def row(what: str, value: float | None, unit: str, *, baseline: float | None = None,
        baseline_what: str | None = None, ratio_value: float | None = None,
        limit: str | None = None, within: bool | None = None,
        note: str | None = None) -> dict[str, Any]:
    """One headline figure as the runner tabulates it."""
    return {"what": what, "value": value, "unit": unit, "baseline": baseline,
            "baseline_what": baseline_what, "ratio": ratio_value, "limit": limit,
            "within": within, "note": note}


# -- scratch space -------------------------------------------------------------------------
def workdir(given: Path | str | None = None) -> Path:
    """Where benchmarks write scenarios and stores: ``given``, else ``$RHIGRAPH_BENCH_DIR``,
    else ``<tmp>/rhigraph-bench``."""
    base = Path(given or os.environ.get("RHIGRAPH_BENCH_DIR")
                or Path(tempfile.gettempdir()) / "rhigraph-bench")
    base.mkdir(parents=True, exist_ok=True)
    return base


#: Source folders whose code decides what a generated scenario or an ingested store holds.
_SOURCES = ("rhigraph/scenario", "ingest", "nlp", "graph")


def code_fingerprint(folders: Sequence[str] = _SOURCES) -> str:
    """A short hash of the source files (name, size, mtime) that build scenarios and stores,
    so a cached scenario or template is rebuilt whenever that code changes."""
    import hashlib

    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".cfg", ".jsonl", ".toml", ".gz",
                                                  ".csv", ".json"):
                stat = path.stat()
                digest.update(f"{path.relative_to(REPO)}:{stat.st_size}:{stat.st_mtime_ns}"
                              .encode())
    return digest.hexdigest()[:16]


def children_for(documents: int) -> int:
    """Children to ask the generator for so that it writes about ``documents`` documents."""
    return max(2, math.ceil(documents / DOCUMENTS_PER_CHILD))


def count_documents(scenario: Path) -> int:
    """Notes and forms the generator wrote (answer keys not counted)."""
    return sum(1 for folder in ("notes", "forms") if (scenario / folder).is_dir()
               for p in (scenario / folder).iterdir()
               if p.is_file() and not p.name.endswith(".gold.json"))


def scenario(out: Path, *, children: int, weeks: int = 12, seed: int = 1,
             formats: dict[str, float] | None = None) -> dict[str, Any]:
    """A generated scenario in ``out``, reused when ``out`` already holds the same one."""
    from rhigraph.scenario import generate

    marker = out / ".bench.json"
    wanted = {"children": children, "weeks": weeks, "seed": seed, "formats": formats,
              "code": code_fingerprint(("rhigraph/scenario",))}
    if marker.exists() and json.loads(marker.read_text()).get("params") == wanted:
        return json.loads(marker.read_text())
    if out.exists():
        shutil.rmtree(out)
    _, wall, cpu = timed(generate, out, children=children, weeks=weeks, seed=seed,
                         formats=formats)
    made = {"params": wanted, "documents": count_documents(out),
            "generate_s": round(wall, 3), "generate_cpu_s": round(cpu, 3)}
    marker.write_text(json.dumps(made))
    return made


def template_store(base: Path, *, children: int = DEMO["children"], weeks: int = DEMO["weeks"],
                   seed: int = DEMO["seed"], formats: dict[str, float] | None = None
                   ) -> dict[str, Any]:
    """A scenario ingested by the real pipeline (the demo store at the demo's defaults),
    built once per ``base``, parameters and state of the code (:func:`code_fingerprint`).
    Returns ``path`` and what building it took."""
    from graph.store import SQLiteStore
    from ingest.pipeline import ingest_paths

    tag = f"template-c{children}-w{weeks}-s{seed}-" + (
        "all" if formats is None else "-".join(f"{k}{v}" for k, v in sorted(formats.items())))
    folder = base / tag
    db = folder / "rhigraph.db"
    marker = folder / ".store.json"
    code = code_fingerprint()
    if db.exists() and marker.exists():
        cached = json.loads(marker.read_text())
        if cached.get("code") == code:
            return cached
    folder.mkdir(parents=True, exist_ok=True)
    made = scenario(folder / "scenario", children=children, weeks=weeks, seed=seed,
                    formats=formats)
    for stale in folder.glob("rhigraph.db*"):
        stale.unlink()
    store = SQLiteStore(db)
    try:
        summary, wall, cpu = timed(ingest_paths, store, [folder / "scenario"])
        counts = store.counts()
    finally:
        store.close()
    info = {"path": str(db), "scenario": str(folder / "scenario"),
            "documents": counts.get("documents", 0), "links": counts.get("links", 0),
            "counts": counts, "ingest": summary.as_dict(), "ingest_s": round(wall, 3),
            "ingest_cpu_s": round(cpu, 3), "generate_documents": made.get("documents"),
            "code": code}
    marker.write_text(json.dumps(info))
    return info


# -- copying a template into a big store ---------------------------------------------------
#: Tables copied per copy, and how each column is rewritten ("entity": a "<Type>:<key>" id
#: gets the suffix on its key; "suffix": the value gets the suffix; "drop": left to SQLite).
_REWRITE: dict[str, dict[str, str]] = {
    "documents": {"id": "suffix", "child_id": "suffix", "content_hash": "suffix",
                  "source_path": "suffix", "fields": "props"},
    "entities": {"id": "entity", "key": "suffix", "props": "props"},
    "mentions": {"id": "drop", "document_id": "suffix", "entity_id": "entity"},
    "links": {"id": "drop", "source_id": "entity", "target_id": "entity",
              "child_id": "suffix", "document_id": "suffix", "props": "props"},
    "indicators": {"id": "drop", "document_id": "suffix", "child_id": "suffix"},
    "document_categories": {"document_id": "suffix"},
    "entity_clusters": {"entity_id": "entity", "document_id": "suffix_nonblank",
                        "cluster_id": "entity", "canonical_id": "entity"},
    "actions": {"id": "drop", "child_id": "suffix", "episode_id": "suffix",
                "document_id": "suffix"},
    "notifications": {"id": "drop", "episode_id": "suffix"},
}
#: Keys inside JSON props (an entity's, a link's, a document's fields) that name another
#: record and so get the suffix too: an RHI note's episode, a placement link's child.
_PROP_IDS = ("child_id", "episode_id", "placement_id")

# -- spreading copies over time --------------------------------------------------------------
#: A copy's dates move back by whole windows of the demo's length (12 weeks).
WINDOW_DAYS = 84
#: Missing episodes a week in a large force: the density copies are spread to.
PER_WEEK = 500
#: Columns that say when this store processed a row (its own clock), not when anything in
#: the record happened: every copy is "ingested" and "resolved" now, so they are not moved.
_STORE_CLOCK = frozenset({"ingested_at", "resolved_at"})
#: An ISO date at the start of a value: "2026-01-30", "2026-01-30T19:55[:00[+00:00]]".
_ISO_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*"


def spread_windows(episodes: int, per_week: float = PER_WEEK) -> int:
    """How many 12-week windows ``episodes`` episodes need to fall ``per_week`` a week."""
    return max(1, round(episodes / max(1.0, per_week * WINDOW_DAYS / 7)))


def copy_shift_days(copy: int, windows: int) -> int:
    """Days copy ``copy`` moves by: back (never forward: ingest refuses the future) to
    window ``copy % windows``."""
    return -(copy % max(1, windows)) * WINDOW_DAYS


def _shifted(value: str) -> str:
    """SQL moving ``value`` (an expression) by ``:shift`` days when it is an ISO date or
    datetime, keeping its format exactly: only the leading date changes, a time, seconds
    or offset after it are kept as stored (whole days never change the time of day). A
    year-9999 value is a "never" sentinel, not a date, and stays."""
    return (f"CASE WHEN {value} GLOB '{_ISO_GLOB}' AND {value} < '9999'"
            f" AND (length({value}) = 10"
            f" OR substr({value}, 11, 1) IN ('T', ' '))"
            f" THEN COALESCE(date(substr({value}, 1, 10), :shift) || substr({value}, 11),"
            f" {value}) ELSE {value} END")


def _literal(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _date_paths(conn: sqlite3.Connection, table: str, column: str) -> list[str] | None:
    """Where ``t.table.column`` holds record dates: ``[]`` for the column itself (plain
    ISO values), JSON paths for a JSON column (every path whose values in the template are
    ISO-looking strings, and only strings or null), None when it holds no date at all."""
    q = f'"{column}"'
    dated, other = conn.execute(
        f"SELECT COUNT(*) FILTER (WHERE {q} GLOB :iso),"
        f" COUNT(*) FILTER (WHERE {q} <> '' AND NOT {q} GLOB :iso)"
        f' FROM t."{table}" WHERE typeof({q}) = \'text\'', {"iso": _ISO_GLOB}).fetchone()
    if dated and not other:  # a date column holds only dates (or nothing)
        return []
    rows = conn.execute(
        f'SELECT j.fullkey, MAX(j.type NOT IN (\'text\', \'null\')),'
        f" MAX(j.type = 'text' AND j.atom GLOB ?)"
        f' FROM t."{table}" AS r, json_tree(r.{q}) AS j'
        f" WHERE r.{q} LIKE '{{%' AND json_valid(r.{q}) AND j.fullkey <> '$'"
        " GROUP BY j.fullkey", (_ISO_GLOB,)).fetchall()
    paths = sorted(path for path, other, dated in rows if dated and not other)
    return paths or None


def _with_dates_moved(column: str, paths: list[str] | None, expr: str) -> str:
    """``expr`` (the column as copied) with its record dates moved by ``:shift``."""
    q = f'"{column}"'
    if paths is None:
        return expr
    if not paths:
        return _shifted(expr)
    quoted = [_literal(p) for p in paths]
    pairs = ", ".join(f"{p}, {_shifted(f'json_extract({q}, {p})')}" for p in quoted)
    return f"CASE WHEN {q} = '{{}}' THEN {expr} ELSE json_replace({expr}, {pairs}) END"


def _expr(column: str, how: str | None) -> str:
    q = f'"{column}"'
    if how is None:
        return q
    if how == "drop":
        return ""
    if how == "suffix":
        return f"CASE WHEN {q} IS NULL THEN NULL ELSE {q} || :s END"
    if how == "suffix_nonblank":
        return f"CASE WHEN {q} IS NULL OR {q} = '' THEN {q} ELSE {q} || :s END"
    if how == "entity":
        # "<Type>:<key>" -> "<Type>:<key><suffix>", so the type's id range is unchanged.
        return f"CASE WHEN {q} IS NULL THEN NULL ELSE {q} || :s END"
    if how == "props":
        # json_replace changes only the keys present: a Child's child_id, an Episode's.
        pairs = ", ".join(f"'$.{key}', json_extract({q}, '$.{key}') || :s" for key in _PROP_IDS)
        return (f"CASE WHEN :s = '' OR {q} = '{{}}' THEN {q}"
                f" ELSE json_replace({q}, {pairs}) END")
    raise ValueError(how)


def clone_store(template: Path | str, out: Path | str, copies: int, *,
                per_week: float | None = None,
                progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Write ``copies`` copies of the template store's rows into a fresh store at ``out``.

    With ``per_week``, the copies are spread over time as a large force's record is: copy
    ``k`` has every record date moved back to window ``k % windows`` (:func:`copy_shift_days`),
    with just enough 12-week windows (:func:`spread_windows`, from the template's episode
    count) that about ``per_week`` episodes fall in any week. Without it every copy keeps
    the template's dates, so the latest week holds every copy's episodes. Moved: every
    column holding only ISO dates and every ISO-valued key of a JSON column, as found in the
    template (:func:`_date_paths`), except the store's own clock (:data:`_STORE_CLOCK`);
    generated columns (an episode's day) follow from the moved JSON.

    The fresh file gets its schema from :class:`graph.store.SQLiteStore` (every migration),
    the indexes are dropped during the copy and rebuilt from their own definitions after,
    the store's analysis summaries are filled by the store's own code
    (:meth:`SQLiteStore.rebuild_summaries`), and nothing else changes: the analysis reads the
    store exactly as ingest leaves it.
    """
    from graph.store import SQLiteStore

    out = Path(out)
    for stale in out.parent.glob(out.name + "*"):
        stale.unlink()
    SQLiteStore(out).close()
    started = time.perf_counter()
    conn = sqlite3.connect(out, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("ATTACH DATABASE ? AS t", (str(template),))
        tables = [t for t in _REWRITE if conn.execute(
            "SELECT 1 FROM t.sqlite_master WHERE type = 'table' AND name = ?", (t,)).fetchone()
            and conn.execute(
            "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?", (t,)
            ).fetchone()]
        indexes = conn.execute(
            "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({','.join('?' * len(tables))})", tables).fetchall()
        conn.execute("BEGIN")
        for name, _ in indexes:
            conn.execute(f'DROP INDEX main."{name}"')
        windows = 1
        if per_week:
            episodes = conn.execute(
                "SELECT COUNT(*) FROM t.entities WHERE type = 'Episode'").fetchone()[0]
            windows = spread_windows(copies * episodes, per_week)
        moved: dict[str, list[str]] = {}
        statements = []
        for table in tables:
            target = [r[1] for r in conn.execute(f'PRAGMA main.table_info("{table}")')]
            source = {r[1] for r in conn.execute(f'PRAGMA t.table_info("{table}")')}
            cols = [c for c in target if c in source and _REWRITE[table].get(c) != "drop"]
            exprs = [_expr(c, _REWRITE[table].get(c)) for c in cols]
            if windows > 1:
                for i, c in enumerate(cols):
                    if c in _STORE_CLOCK or _REWRITE[table].get(c) not in (None, "props"):
                        continue  # the store's clock, or an id
                    paths = _date_paths(conn, table, c)
                    if paths is not None:
                        exprs[i] = _with_dates_moved(c, paths, exprs[i])
                        moved[f"{table}.{c}"] = paths
            column_list = ", ".join(f'"{c}"' for c in cols)
            statements.append(f'INSERT INTO main."{table}" ({column_list}) '
                              f'SELECT {", ".join(exprs)} FROM t."{table}"')
        for k in range(copies):
            suffix = "" if k == 0 else f"~{k}"
            shift = f"{copy_shift_days(k, windows):+d} days"
            for sql in statements:
                conn.execute(sql, {"s": suffix, "shift": shift})
            if progress:
                progress(k + 1)
        conn.execute("COMMIT")
        copied = time.perf_counter() - started
        for _, sql in indexes:
            conn.execute(sql)
        conn.execute("DETACH DATABASE t")
        counts = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                  for t in ("documents", "entities", "mentions", "links")}
    finally:
        conn.close()
    # Back to WAL, as every store file is.
    conn = sqlite3.connect(out)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    # What the store keeps up to date on every write (its analysis summaries) is filled by
    # the store's own code, as ingest would have left it.
    store = SQLiteStore(out)
    try:
        summarised = time.perf_counter()
        store.rebuild_summaries()
        summarised = time.perf_counter() - summarised
    finally:
        store.close()
    return {"path": str(out), "copies": copies, **counts,
            "windows": windows, "span_days": windows * WINDOW_DAYS, "dates_moved": moved,
            "copy_s": round(copied, 3), "summaries_s": round(summarised, 3),
            "build_s": round(time.perf_counter() - started, 3),
            "file_bytes": out.stat().st_size}


# -- subprocess workers --------------------------------------------------------------------
def run_worker(module: str, args: Sequence[str], *, timeout: float | None = None
               ) -> dict[str, Any]:
    """Run ``python -m module args`` from the repo and return the JSON its last line prints.

    Used where a figure needs its own process (peak memory of one ingest run)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-m", module, *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{module} worker failed ({done.returncode}): "
                           f"{done.stderr.strip()[-2000:]}")
    return json.loads(lines[-1])


def tree_cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and of its child processes that have
    ended and been waited for, as extraction workers are when their pool shuts down: the
    CPU a run with worker processes really used, where ``time.process_time`` sees only
    this process."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def children_peak_rss_bytes() -> int:
    """The largest peak resident set of any ended, waited-for child process."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return int(peak) * (1 if sys.platform == "darwin" else 1024)


class TreeMemory:
    """Peak memory of this process and its live children together, sampled in a thread.

    Each sample sums, over the process tree, the resident set (RSS, which counts pages that
    forked workers share with the parent once per process, so it overstates) and the
    proportional set (PSS, which splits shared pages among their sharers, so the sum is the
    memory the tree really holds; Linux only, else RSS). Use as a context manager.
    """

    def __init__(self, interval_s: float = 0.5) -> None:
        import threading

        self.interval_s = interval_s
        self.peak_rss_bytes = 0
        self.peak_pss_bytes = 0
        self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    @staticmethod
    def _pss(pid: int) -> int | None:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            return None
        return None

    def sample(self) -> None:
        import psutil

        me = psutil.Process()
        rss = pss = count = 0
        for proc in [me, *me.children(recursive=True)]:
            try:
                resident = proc.memory_info().rss
            except psutil.Error:
                continue
            rss += resident
            pss += self._pss(proc.pid) or resident
            count += 1
        self.peak_rss_bytes = max(self.peak_rss_bytes, rss)
        self.peak_pss_bytes = max(self.peak_pss_bytes, pss)
        self.peak_processes = max(self.peak_processes, count)

    def _watch(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.sample()

    def __enter__(self) -> TreeMemory:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


def spread(items: Sequence[Any], at_most: int) -> list[Any]:
    """At most ``at_most`` of ``items``, every k-th from the first, so a sample of a corpus
    covers all of it rather than its first part.

    >>> spread(list(range(10)), 3)
    [0, 4, 8]
    """
    if at_most <= 0 or not items:
        return []
    return list(items[::spread_step(len(items), at_most)])[:at_most]


def spread_step(count: int, at_most: int) -> int:
    """The k of :func:`spread`: every k-th of ``count`` items leaves at most ``at_most``."""
    return max(1, math.ceil(count / at_most))


def peak_rss_bytes() -> int:
    """This process's peak resident set size (Linux reports kilobytes)."""
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak) * (1 if sys.platform == "darwin" else 1024)
