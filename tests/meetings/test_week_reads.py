"""A weekly pack read by window is the pack read from the whole history.

:func:`graph.meetings.load.weekly_inputs` given the pack's moment reads only the episodes and
RHI notes the pack can show or count (:mod:`graph.store.episode_reads`); without it (or on a
store without SQL) it reads every episode and note. Both run on the same generated,
ingested area, for every week, judged at the meeting after the week and at the area's end.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from graph.meetings.load import weekly_inputs
from graph.meetings.periods import iso_week
from graph.meetings.weekly import weekly_pack
from graph.report.to_json import to_json
from graph.store import Filters, SQLiteStore
from tests.governance.test_partner_reads import ProtocolOnly
from tests.meetings.test_scenario_packs import snapshot, weeks_of


def _content(pack: dict[str, Any]) -> dict[str, Any]:
    """The pack as its JSON file holds it, less the wall-clock moment it was built at."""
    found = json.loads(to_json(pack))
    found.pop("generated_at")
    return found


FILTERS = (Filters(), Filters(min_grading=True, handling_codes=("P",)))


@pytest.mark.parametrize("filters", FILTERS, ids=("all", "shareable"))
def test_windowed_weekly_pack_matches_the_whole_history(meeting_area, area_store: SQLiteStore,
                                                        filters: Filters) -> None:
    end = snapshot(meeting_area)
    compared = 0
    for label in weeks_of(meeting_area):
        week = iso_week(label)
        for as_of in (dt.datetime.combine(week.last + dt.timedelta(days=1), dt.time(9)), end):
            windowed = weekly_inputs(area_store, week, filters, as_of)
            history = weekly_inputs(ProtocolOnly(area_store), week, filters, as_of)
            assert len(windowed.episodes) <= len(history.episodes)
            assert _content(weekly_pack(windowed, week, as_of)) \
                == _content(weekly_pack(history, week, as_of)), (label, as_of)
            compared += 1
    assert compared


def _weeks_of_store(store: SQLiteStore) -> list[str]:
    days = sorted(str(e["props"]["reported_missing_at"])[:10]
                  for e in store.entities("Episode") if e["props"].get("reported_missing_at"))
    day, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
    labels = []
    while day <= last + dt.timedelta(days=7):
        year, number, _ = day.isocalendar()
        labels.append(f"{year}-W{number:02d}")
        day += dt.timedelta(days=7)
    return labels


def _same_packs(store: SQLiteStore, labels: list[str], moments: list[dt.datetime | None]
                ) -> int:
    compared = 0
    for label in labels:
        week = iso_week(label)
        for as_of in (dt.datetime.combine(week.last + dt.timedelta(days=1), dt.time(9)),
                      *[m for m in moments if m]):
            windowed = weekly_inputs(store, week, Filters(), as_of)
            history = weekly_inputs(ProtocolOnly(store), week, Filters(), as_of)
            assert _content(weekly_pack(windowed, week, as_of)) \
                == _content(weekly_pack(history, week, as_of)), (label, as_of)
            compared += 1
    return compared


def test_windowed_pack_matches_on_the_hand_made_edge_cases(hand_store: SQLiteStore) -> None:
    """Open episodes, an RHI at exactly 72 hours, a child hosted by the placements list
    only, weeks either side of the year boundary: the indexed reads choose what the whole
    history would."""
    assert _same_packs(hand_store, _weeks_of_store(hand_store), [None])


def test_an_old_file_upgrades_and_reads_by_window(meeting_area, tmp_path) -> None:
    """A store file written before migration 0008 (no generated episode columns or their
    indexes) gets them when opened, and its windowed packs are the whole-history packs."""
    import sqlite3

    old = tmp_path / "old.db"
    old.write_bytes(meeting_area.db.read_bytes())
    conn = sqlite3.connect(old)
    added = {"entities": ("child_ref", "ep_day", "ep_returned", "ep_rhi_until", "ep_host_la",
                          "ep_hosted", "ep_responsible_la"), "documents": ("episode_ref",)}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND"
                                " (name LIKE 'entities_episode_%' OR name IN"
                                " ('entities_child_ref', 'documents_episode_ref',"
                                " 'documents_kind_date'))").fetchall():
        conn.execute(f'DROP INDEX "{name}"')
    for table, columns in added.items():
        for column in columns:
            conn.execute(f'ALTER TABLE {table} DROP COLUMN "{column}"')
    conn.execute("DELETE FROM _migrations WHERE name = '0008_episode_windows'")
    conn.commit()
    assert "ep_day" not in {r[1] for r in conn.execute("PRAGMA table_xinfo(entities)")}
    conn.close()
    upgraded = SQLiteStore(old)
    try:
        assert "0008_episode_windows" in upgraded.applied_migrations()
        assert upgraded.migrate() == []
        assert _same_packs(upgraded, weeks_of(meeting_area)[-2:], [snapshot(meeting_area)])
    finally:
        upgraded.close()
