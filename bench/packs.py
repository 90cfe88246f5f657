"""Weekly missing meeting pack and CSE mapping pack at force scale (100,000 episodes).

Force scale is a police force's whole missing-episode record, not one area's notes, so this
benchmark writes the two police/LA tables directly instead of generating notes: the demo
scenario's ``episodes.csv`` and ``placements.csv`` (real generator output) are repeated until
there are ``scale`` episodes, each copy with its own episode, child and placement ids, its
dates moved back to its own earlier 12-week window (so about ``PER_WEEK`` episodes fall in
any week, as in a large force), and its addresses moved to other real Greater Manchester
addresses from the gazetteer. The files are ingested by the real pipeline (the tabular path:
no spaCy), then each pack is built as ``rhigraph report`` builds it, timed in three stages:
reading the store (``graph.meetings.load``), building the pack (a pure function), and
rendering print-ready HTML (``graph.report.render``).

Baselines, on the same store and connection: for the weekly pack, a bare SQL ``GROUP BY``
of every episode by child (the repeat-missing count the pack needs over all episodes); for
the CSE pack, the bare per-place ``GROUP BY`` of the period's links (its hotspot table).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import shutil
import zlib
from pathlib import Path
from typing import Any

from bench.common import (
    DEMO,
    PER_WEEK,
    WINDOW_DAYS,
    copy_shift_days,
    ratio,
    row,
    scenario,
    spread_windows,
    stats,
    timed,
    workdir,
)
from ingest.tabular import NOTIFICATION_COLUMNS

NAME = "packs"
UNIT = "episodes"
_MOMENTS = ("reported_missing_at", "returned_at", "rhi_offered_at", "rhi_completed_at",
            *NOTIFICATION_COLUMNS)
_FORMAT = "%d/%m/%Y %H:%M"

WEEKLY_BASELINE = """
    SELECT json_extract(props, '$.child_id') AS child, COUNT(*) AS episodes,
           MIN(json_extract(props, '$.reported_missing_at')) AS first,
           MAX(json_extract(props, '$.reported_missing_at')) AS last
    FROM entities WHERE type = 'Episode' GROUP BY child ORDER BY episodes DESC"""
CSE_BASELINE = """
    SELECT entity_id, COUNT(DISTINCT child_id) AS children,
           COUNT(DISTINCT document_id) AS documents
    FROM (SELECT target_id AS entity_id, child_id, document_id FROM links
          WHERE target_id >= 'Location:' AND target_id < 'Location;'
            AND observed_at >= :first AND observed_at <= :last
          UNION ALL
          SELECT source_id, child_id, document_id FROM links
          WHERE source_id >= 'Location:' AND source_id < 'Location;'
            AND observed_at >= :first AND observed_at <= :last)
    GROUP BY entity_id ORDER BY children DESC LIMIT 25"""


def _shift(value: str, days: int) -> str:
    if not value or not days:
        return value
    try:
        return (dt.datetime.strptime(value.strip(), _FORMAT)
                + dt.timedelta(days=days)).strftime(_FORMAT)
    except ValueError:
        return value


def _places() -> list[str]:
    from rhigraph.scenario import gazetteer

    return [f"{a.address}, {a.postcode}" for a in gazetteer.load() if a.is_street_address]


def _moved(address: str, copy: int, places: list[str]) -> str:
    """The address copy ``copy`` uses instead of ``address``: the same one always."""
    if not copy or not address or not any(ch.isdigit() for ch in address):
        return address
    return places[zlib.crc32(f"{address}|{copy}".encode()) % len(places)]


def write_tables(out: Path, episodes: int, *, template: Path,
                 per_week: int = PER_WEEK) -> dict[str, Any]:
    """Write ``episodes.csv`` (``episodes`` rows) and ``placements.csv`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    with (template / "episodes.csv").open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        episode_columns = list(reader.fieldnames or [])
        episode_rows = list(reader)
    with (template / "placements.csv").open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        placement_columns = list(reader.fieldnames or [])
        placement_rows = list(reader)
    copies = math.ceil(episodes / len(episode_rows))
    windows = spread_windows(episodes, per_week)
    places = _places()
    written = 0
    children: set[str] = set()
    with (out / "episodes.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=episode_columns)
        writer.writeheader()
        for k in range(copies):
            days = copy_shift_days(k, windows)
            tag = f"-{k}" if k else ""
            for source in episode_rows:
                if written >= episodes:
                    break
                item = dict(source)
                item["episode_id"] += tag
                item["child_id"] += tag
                for column in _MOMENTS:
                    if column in item:
                        item[column] = _shift(item[column], days)
                item["missing_from"] = _moved(item.get("missing_from", ""), k, places)
                item["found_at"] = _moved(item.get("found_at", ""), k, places)
                writer.writerow(item)
                children.add(item["child_id"])
                written += 1
    with (out / "placements.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=placement_columns)
        writer.writeheader()
        for k in range(copies):
            tag = f"-{k}" if k else ""
            for source in placement_rows:
                item = dict(source)
                item["child_id"] += tag
                if item["child_id"] not in children:
                    continue
                item["placement_id"] += tag
                item["address"] = _moved(item.get("address", ""), k, places)
                writer.writerow(item)
    return {"episodes": written, "children": len(children), "copies": copies,
            "windows": windows, "span_days": windows * WINDOW_DAYS}


def _latest_week(store: Any) -> tuple[Any, dt.datetime]:
    """The last whole ISO week with episodes, and the moment just after it."""
    from graph.meetings.periods import week_of

    latest = _bare(store, "SELECT MAX(json_extract(props, '$.reported_missing_at'))"
                          " FROM entities WHERE type = 'Episode'", {})[0][0]
    day = dt.date.fromisoformat(str(latest)[:10]) if latest else dt.date.today()
    week = week_of(day - dt.timedelta(days=7))
    return week, dt.datetime.combine(week.last + dt.timedelta(days=1), dt.time(9, 0))


def _bare(store: Any, sql: str, params: dict[str, Any]) -> Any:
    conn = getattr(store, "_conn", None)
    if conn is not None:
        with store._lock:
            return conn.execute(sql, params).fetchall()
    import sqlite3
    with sqlite3.connect(store.path) as c:
        return c.execute(sql, params).fetchall()


def measure(db: Path, *, repeats: int = 3) -> dict[str, Any]:
    """Build and render each pack ``repeats`` times, alternating with its baseline."""
    from graph.meetings.cse_mapping import cse_mapping_pack
    from graph.meetings.load import cse_inputs, weekly_inputs
    from graph.meetings.periods import date_range
    from graph.meetings.weekly import weekly_pack
    from graph.report import render
    from graph.store import SQLiteStore

    store = SQLiteStore(db)
    results: dict[str, Any] = {}
    try:
        week, as_of = _latest_week(store)
        period = date_range(week.last - dt.timedelta(days=27), week.last)
        packs = {
            "weekly": (lambda: weekly_inputs(store, week),
                       lambda inputs: weekly_pack(inputs, week, as_of),
                       WEEKLY_BASELINE, {}, f"week {week.label}"),
            "cse_mapping": (lambda: cse_inputs(store, period),
                            lambda inputs: cse_mapping_pack(inputs, period, as_of),
                            CSE_BASELINE, {"first": period.first.isoformat(),
                                           "last": period.last.isoformat() + "T99"},
                            f"{period.first} to {period.last}"),
        }
        for name, (load, build, sql, params, label) in packs.items():
            entry: dict[str, Any] = {"period": label, "as_of": as_of.isoformat(),
                                     "baseline_sql": " ".join(sql.split())}
            try:
                _bare(store, sql, params)
                stages: dict[str, list[tuple[float, float]]] = {
                    "load": [], "build": [], "render": [], "total": [], "baseline": []}
                size = 0
                for _ in range(max(1, repeats)):
                    _, wall, cpu = timed(_bare, store, sql, params)
                    stages["baseline"].append((wall, cpu))
                    inputs, w1, c1 = timed(load)
                    pack, w2, c2 = timed(build, inputs)
                    html, w3, c3 = timed(render, pack, ".html")
                    size = len(html)
                    for stage, w, c in (("load", w1, c1), ("build", w2, c2),
                                        ("render", w3, c3), ("total", w1 + w2 + w3,
                                                             c1 + c2 + c3)):
                        stages[stage].append((w, c))
                for stage, samples in stages.items():
                    entry[stage] = stats([w for w, _ in samples], [c for _, c in samples])
                entry["html_bytes"] = size
                entry["ratio"] = ratio(entry["total"]["median_s"],
                                       entry["baseline"]["median_s"])
            except Exception as err:  # noqa: BLE001 - a pack failing is a figure too
                entry["error"] = f"{type(err).__name__}: {err}"
            results[name] = entry
    finally:
        store.close()
    return results


def run(scale: int = 100_000, *, work: Path | str | None = None, repeats: int = 3,
        keep: bool = False) -> dict[str, Any]:
    """Write and ingest ``scale`` episodes, then time both packs on that store."""
    from graph.store import SQLiteStore
    from ingest.pipeline import ingest_paths

    base = workdir(work)
    template = base / "templates" / "packs-scenario"
    scenario(template, children=DEMO["children"], weeks=DEMO["weeks"], seed=DEMO["seed"],
             formats={"txt": 1.0})
    folder = base / "packs" / f"episodes-{scale}"
    if folder.exists():
        shutil.rmtree(folder)
    tables, write_s, _ = timed(write_tables, folder / "tables", scale, template=template)
    db = folder / "rhigraph.db"
    # A force's whole episodes table is bigger than ingest's default file limit (10 MB): as
    # with `RHIGRAPH_MAX_BYTES`, the limit is raised to fit, and nothing may be rejected.
    biggest = max(p.stat().st_size for p in (folder / "tables").iterdir())
    max_bytes = max(10_000_000, 2 * biggest)
    store = SQLiteStore(db)
    try:
        summary, ingest_s, ingest_cpu = timed(ingest_paths, store, [folder / "tables"],
                                              max_bytes=max_bytes)
        counts = store.counts()
    finally:
        store.close()
    if summary.rejected or summary.rows_rejected:
        reasons = "; ".join(r.reason for r in summary.rejections[:3])
        raise RuntimeError(f"the generated tables were not all ingested: {reasons}")
    packs = measure(db, repeats=repeats)
    rows = [row("episodes table ingest", round(ingest_s, 3), "s",
                note=f"{tables['episodes']} episodes, {tables['children']} children; "
                     f"{ingest_cpu:.1f} s CPU")]
    for name, entry in packs.items():
        if "error" in entry:
            rows.append(row(f"{name} pack", None, "s", note=entry["error"]))
            continue
        rows.append(row(
            f"{name} pack", entry["total"]["median_s"], "s",
            baseline=entry["baseline"]["median_s"],
            baseline_what="bare SQL GROUP BY" + (" of episodes by child" if name == "weekly"
                                                 else " of the period's places"),
            ratio_value=entry["ratio"],
            note=f"load {entry['load']['median_s']} s, build {entry['build']['median_s']} s, "
                 f"render {entry['render']['median_s']} s; {entry['period']}"))
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
    return {"unit": UNIT, "episodes": tables["episodes"], "tables": tables,
            "write_s": round(write_s, 3), "table_bytes": biggest, "max_bytes": max_bytes,
            "ingest": summary.as_dict(),
            "ingest_s": round(ingest_s, 3), "ingest_cpu_s": round(ingest_cpu, 3),
            "counts": counts, "repeats": repeats, "packs": packs, "rows": rows}


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000), indent=2))
