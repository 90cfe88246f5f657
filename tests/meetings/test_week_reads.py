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
