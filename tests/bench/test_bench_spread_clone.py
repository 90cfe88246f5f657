"""A store copied with its copies spread over time (``clone_store(..., per_week=...)``).

The dashboard benchmark's large store is the demo store copied hundreds of times; unless
each copy moves to its own earlier 12-week window, the latest week holds every copy's
episodes, which no force has. These tests check, on a tiny ingested template, that every
copy is the template moved by exactly its window: the same rows, ids suffixed, every record
date (columns and JSON keys) moved by ``k * 84`` days in the format it was stored in, the
store's own clock left alone, nothing in the future, and the weekly pack built for a copy's
week showing exactly that copy's episodes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # the benchmarks live in the checkout, beside the packages
    sys.path.insert(0, str(REPO))

from bench import common  # noqa: E402

TINY_TEMPLATE = 3  # children in the scenario the copies are made from
COPIES = 3
#: When the store processed a row, not when anything happened: the same in every copy.
STORE_CLOCK = {"ingested_at", "resolved_at"}
#: Integer keys SQLite assigns afresh in the copy.
FRESH_IDS = {"id"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}($|[T ])")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The tiny template and a 3-copy clone spread over exactly 3 windows."""
    work = tmp_path_factory.mktemp("spread")
    template = common.template_store(work / "templates", children=TINY_TEMPLATE)
    episodes = template["counts"]["Episode"]
    # One copy's episodes fill one window: so COPIES copies need COPIES windows.
    per_week = episodes * 7 / common.WINDOW_DAYS
    clone = common.clone_store(template["path"], work / "spread.db", COPIES, per_week=per_week)
    return {"template": template, "clone": clone}


def _unshift(value: Any, copy: int) -> Any:
    """A copy's value as the template held it: the suffix taken off every id, every ISO date
    moved forward by the copy's window, JSON parsed (the copy may re-serialise it)."""
    if isinstance(value, dict):
        return {k: _unshift(v, copy) for k, v in value.items()}
    if isinstance(value, list):
        return [_unshift(v, copy) for v in value]
    if not isinstance(value, str):
        return value
    if value.startswith(("{", "[")):
        try:
            return _unshift(json.loads(value), copy)
        except ValueError:
            pass
    if copy:
        value = value.replace(f"~{copy}", "")
    if ISO.match(value) and not value.startswith("9999"):  # 9999-12-31: "never", not a date
        day = dt.date.fromisoformat(value[:10]) + dt.timedelta(days=copy * common.WINDOW_DAYS)
        value = day.isoformat() + value[10:]
    return value


def _parsed(value: Any) -> Any:
    """A template value, JSON parsed, for comparison with an un-shifted copy."""
    return _unshift(value, 0)


def _rows(db: str, table: str) -> tuple[list[str], list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        cursor = conn.execute(f'SELECT * FROM "{table}"')
        names = [d[0] for d in cursor.description]
        return names, cursor.fetchall()
    finally:
        conn.close()


def _copy_of(row: dict[str, Any], copy: int) -> bool:
    """Whether a cloned row belongs to copy ``copy`` (by the suffix of its key column; an
    entity's resolution row has no document)."""
    key = next(str(row[c]) for c in ("document_id", "entity_id", "id") if row.get(c))
    found = re.search(r"~(\d+)$", key)
    return (int(found.group(1)) if found else 0) == copy


def _canonical(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, default=str)


@pytest.mark.parametrize("table", sorted(common._REWRITE))
def test_every_copy_is_the_template_moved_by_its_window(built: dict[str, Any],
                                                        table: str) -> None:
    template, clone = built["template"], built["clone"]
    assert clone["windows"] == COPIES
    names, template_rows = _rows(template["path"], table)
    clone_names, clone_rows = _rows(clone["path"], table)
    assert clone_names == names
    compared = [n for n in names if n not in FRESH_IDS]
    expected = Counter(_canonical({n: _parsed(r[names.index(n)]) for n in compared})
                       for r in template_rows)
    dated = 0
    for copy in range(COPIES):
        rows = [dict(zip(names, r, strict=True)) for r in clone_rows]
        mine = [r for r in rows if _copy_of(r, copy)]
        assert len(mine) == len(template_rows), (table, copy)
        found = Counter(_canonical({n: (r[n] if n in STORE_CLOCK else _unshift(r[n], copy))
                                    for n in compared}) for r in mine)
        assert found == expected, (table, copy)
        dated += sum(1 for r in mine for n in compared
                     if isinstance(r[n], str) and ISO.match(r[n]) and n not in STORE_CLOCK)
    if table in ("documents", "entities", "links"):
        assert dated, f"{table} should hold record dates to move"


def test_dates_really_moved_and_formats_kept(built: dict[str, Any]) -> None:
    """Spot checks against the template in plain SQL: an episode's report time, a child's
    date of birth, a link's observation and a document's date, each moved by k * 84 days."""
    template, clone = built["template"]["path"], built["clone"]["path"]
    conn = sqlite3.connect(clone)
    try:
        conn.execute("ATTACH DATABASE ? AS t", (template,))
        for copy in range(1, COPIES):
            suffix, days = f"~{copy}", copy * common.WINDOW_DAYS
            pairs = conn.execute(
                "SELECT t.props ->> '$.reported_missing_at', c.props ->> '$.reported_missing_at',"
                " t.ep_day, c.ep_day FROM t.entities t JOIN main.entities c"
                " ON c.id = t.id || ? WHERE t.type = 'Episode'", (suffix,)).fetchall()
            pairs += conn.execute(
                "SELECT t.props ->> '$.dob', c.props ->> '$.dob', NULL, NULL"
                " FROM t.entities t JOIN main.entities c ON c.id = t.id || ?"
                " WHERE t.type = 'Child'", (suffix,)).fetchall()
            pairs += conn.execute(
                "SELECT t.date, c.date, NULL, NULL FROM t.documents t"
                " JOIN main.documents c ON c.id = t.id || ? WHERE t.date <> ''",
                (suffix,)).fetchall()
            assert len(pairs) > 3
            for before, after, day_before, day_after in pairs:
                if before is None:
                    assert after is None
                    continue
                assert len(after) == len(before) and after[10:] == before[10:]
                assert (dt.date.fromisoformat(before[:10])
                        - dt.date.fromisoformat(after[:10])).days == days
                if day_before is not None:  # the generated column follows the props
                    assert (dt.date.fromisoformat(day_before)
                            - dt.date.fromisoformat(day_after)).days == days
            ingested = conn.execute(
                "SELECT COUNT(*) FROM t.documents t JOIN main.documents c"
                " ON c.id = t.id || ? WHERE c.ingested_at <> t.ingested_at",
                (suffix,)).fetchone()[0]
            assert ingested == 0, "the store's own clock is not a record date"
    finally:
        conn.close()


def _strings(value: Any) -> list[str]:
    """Every string in a (parsed) value, at any depth."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def test_no_date_in_the_future(built: dict[str, Any]) -> None:
    today = dt.date.today().isoformat()
    days = [s[:10] for table in common._REWRITE
            for r in _rows(built["clone"]["path"], table)[1]
            for s in _strings([_parsed(v) for v in r])
            if ISO.match(s) and not s.startswith("9999")]
    assert days and max(days) <= today


def test_the_store_opens_and_each_copys_week_has_its_own_episodes(
        built: dict[str, Any]) -> None:
    """The weekly pack of the template's latest week, moved back k windows, lists exactly
    copy k's episodes (with one window a copy, no other copy falls in that week)."""
    from bench.packs import _latest_week
    from graph.meetings.load import weekly_inputs
    from graph.meetings.periods import week_of
    from graph.meetings.weekly import weekly_pack
    from graph.store import SQLiteStore

    def episodes_of(db: str, week: Any, as_of: dt.datetime) -> list[str]:
        store = SQLiteStore(db)
        try:
            pack = weekly_pack(weekly_inputs(store, week), week, as_of)
        finally:
            store.close()
        section = next(s for s in pack["sections"] if s.get("id") == "episodes")
        return sorted(r["episode_id"] for r in section["rows"])

    store = SQLiteStore(built["template"]["path"])
    try:
        week, as_of = _latest_week(store)
    finally:
        store.close()
    wanted = episodes_of(built["template"]["path"], week, as_of)
    assert wanted, "the template's latest week should have episodes"
    for copy in range(COPIES):
        back = dt.timedelta(days=copy * common.WINDOW_DAYS)
        moved = week_of(week.first - back)
        found = episodes_of(built["clone"]["path"], moved, as_of - back)
        suffix = f"~{copy}" if copy else ""
        assert found == sorted(e + suffix for e in wanted), copy
