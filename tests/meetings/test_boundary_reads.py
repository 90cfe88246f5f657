"""The out-of-area and cross-boundary packs read narrowly are the packs read from everything.

:func:`graph.meetings.load.out_of_area_inputs` given the pack's moment reads only the
episodes that may be out of area in the window, their children's rows and their own
notifications and notes; :func:`~graph.meetings.load.cross_boundary_inputs` given the
number of authorities reads only the places with that many children, the adults of concern
and the linked children's episodes. Without those (or on a store without SQL,
:class:`ProtocolOnly`) both read every episode, note and activity row. Both run here on the
same generated, ingested area and on the hand-made edge cases, and must give the same pack.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.meetings.cross_boundary import (
    UNKNOWN,
    cross_boundary_pack,
    cross_boundary_rows,
    responsible_by_child,
)
from graph.meetings.episodes import build_episodes
from graph.meetings.load import cross_boundary_inputs, episodes, out_of_area_inputs
from graph.meetings.out_of_area import out_of_area_pack
from graph.report.to_json import to_json
from graph.store import Filters, SQLiteStore, episode_reads
from tests.governance.test_partner_reads import ProtocolOnly
from tests.meetings.test_scenario_packs import snapshot


def _content(pack: dict[str, Any]) -> dict[str, Any]:
    """The pack as its JSON file holds it, less the wall-clock moment it was built at."""
    found = json.loads(to_json(pack))
    found.pop("generated_at")
    return found


def _rows(pack: dict[str, Any]) -> int:
    return sum(len(s["rows"]) for s in pack["sections"])


@pytest.fixture
def area_copy(meeting_area, tmp_path: Path) -> Iterator[SQLiteStore]:
    """A private copy of the generated area with notifications recorded for some
    out-of-area episodes (one on time, one late, one for a body never due)."""
    copy = tmp_path / "area.db"
    shutil.copyfile(meeting_area.db, copy)
    store = SQLiteStore(copy)
    placed = [e for e in out_of_area_pack(out_of_area_inputs(ProtocolOnly(store)),
                                          snapshot(meeting_area))["sections"][1]["rows"]]
    assert placed, "the generated area has out-of-area children"
    for row, hours in zip(placed[:3], (1, 30, 2), strict=False):
        notified = dt.datetime.fromisoformat(row["due_at"]) - dt.timedelta(hours=24 - hours)
        store.record_notification(episode_id=row["episode_id"], about="missing",
                                  body_role="host_la", notified_at=notified.isoformat(),
                                  recorded_at=notified.isoformat(), recorded_by="tester")
    try:
        yield store
    finally:
        store.close()


def _moments(store: SQLiteStore, end: dt.datetime) -> list[dt.datetime]:
    days = sorted(str(e["props"]["reported_missing_at"])[:10]
                  for e in store.entities("Episode") if e["props"].get("reported_missing_at"))
    middle = dt.date.fromisoformat(days[len(days) // 2])
    return [dt.datetime.combine(middle, dt.time(9)), end]


def _same_out_of_area(store: SQLiteStore, end: dt.datetime) -> int:
    shown = 0
    for as_of in _moments(store, end):
        for since in (None, (as_of - dt.timedelta(days=20)).date(), as_of.date()):
            narrow = out_of_area_inputs(store, as_of, since)
            everything = out_of_area_inputs(ProtocolOnly(store))
            assert len(narrow.episodes) <= len(everything.episodes)
            pack = out_of_area_pack(narrow, as_of, since=since)
            assert _content(pack) == _content(
                out_of_area_pack(everything, as_of, since=since)), (as_of, since)
            shown += _rows(pack)
    return shown


def test_out_of_area_pack_matches_every_episode(meeting_area, area_copy: SQLiteStore) -> None:
    assert _same_out_of_area(area_copy, snapshot(meeting_area))
    assert area_copy.notifications()


def test_out_of_area_pack_matches_on_the_hand_made_edge_cases(hand_store: SQLiteStore
                                                             ) -> None:
    moments = [str(e["props"]["reported_missing_at"]) for e in hand_store.entities("Episode")]
    end = dt.datetime.fromisoformat(max(moments)[:16]) + dt.timedelta(days=5)
    assert _same_out_of_area(hand_store, end)


FILTERS = (Filters(), Filters(min_grading=True, handling_codes=("P",)))


@pytest.mark.parametrize("filters", FILTERS, ids=("all", "shareable"))
@pytest.mark.parametrize("authorities", (2, 3))
def test_cross_boundary_pack_matches_every_place_and_person(
        meeting_area, area_store: SQLiteStore, filters: Filters, authorities: int) -> None:
    end = snapshot(meeting_area)
    half = _moments(area_store, end)[0].date().isoformat()
    shown = 0
    for window in (filters, Filters(**{**vars(filters), "since": half}),
                   Filters(**{**vars(filters), "until": half})):
        narrow = cross_boundary_inputs(area_store, window, min_children=authorities)
        everything = cross_boundary_inputs(ProtocolOnly(area_store), window)
        assert len(narrow.activity) <= len(everything.activity)
        pack = cross_boundary_pack(narrow, end, min_authorities=authorities)
        assert _content(pack) == _content(
            cross_boundary_pack(everything, end, min_authorities=authorities)), window
        shown += _rows(pack)
    if authorities == 2:
        assert shown, "some place or adult is linked to children of two authorities"


@pytest.mark.parametrize("world", ("area", "hand"))
def test_deciding_episodes_give_every_childs_authority(world: str, area_store: SQLiteStore,
                                                       hand_store: SQLiteStore) -> None:
    store = area_store if world == "area" else hand_store
    children = store.entities("Child")
    child_ids = {str(c["props"].get("child_id") or c["key"]) for c in children}
    views = episodes(store)
    rows = episode_reads.deciding_episodes(store, child_ids)
    assert len(rows) <= len(store.entities("Episode"))
    deciding = build_episodes(rows, children, store.entities("Placement"))
    # With the child records' own authority, and without it (episodes alone decide).
    for records in (children, ()):
        everything = responsible_by_child(views, records)
        assert responsible_by_child(deciding, records) == everything
        assert set(everything.values()) - {UNKNOWN}


def test_kept_cross_boundary_rows_follow_a_deletion(meeting_area, area_copy: SQLiteStore,
                                                    tmp_path: Path) -> None:
    from rhigraph.governance import Governance, Role, Service, User

    end = snapshot(meeting_area)
    governance = Governance.beside(tmp_path / "area.db")
    service = Service(area_copy, User("tester", Role.ANALYST, source="cli"), governance)

    def afresh() -> dict[str, Any]:
        return _content(cross_boundary_pack(cross_boundary_inputs(ProtocolOnly(area_copy)),
                                            end))

    try:
        first = service.cross_boundary(end)
        assert _content(first) == _content(service.cross_boundary(end)) == afresh()
        place = cross_boundary_rows(cross_boundary_inputs(area_copy))[0]["entity_id"]
        for link in area_copy.neighbourhood([place]):
            area_copy.delete_document(link["document_id"])
        after = service.cross_boundary(end)
        assert _content(after) == afresh() != _content(first)
        assert place not in {r["entity_id"] for r in cross_boundary_rows(
            cross_boundary_inputs(area_copy))}
    finally:
        governance.close()


def test_prepared_views_are_the_ones_each_role_is_then_shown(
        meeting_area, area_copy: SQLiteStore, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """What the dashboard prepares at server start (``prepare_views``) is what the service
    then shows each role without counting again; preparing audits nothing (nobody was shown
    anything); a deletion after it is counted afresh."""
    from graph.meetings import load
    from rhigraph.governance import Governance, Role, Service, User
    from rhigraph.governance.prepare import prepare_views

    end = snapshot(meeting_area)
    recent = Filters(since=_moments(area_copy, end)[0].date().isoformat())
    governance = Governance.beside(tmp_path / "area.db")
    before = len(governance.audit.entries())
    asked: list[str | None] = []

    def windows(latest: str | None) -> list[Filters]:
        asked.append(latest)
        return [Filters(), recent]

    try:
        assert prepare_views(area_copy, windows) == 4  # two windows x (partner, the others)
        assert len(governance.audit.entries()) == before
        assert len(asked) == len(Role) and all(asked)
        counted: list[Filters] = []
        real = load.cross_boundary_inputs
        monkeypatch.setattr(load, "cross_boundary_inputs", lambda store, filters, **kw: (
            counted.append(filters), real(store, filters, **kw))[1])
        shown = {}
        for role in (Role.PARTNER, Role.ANALYST):
            service = Service(area_copy, User(f"{role}-user", role, source="test"), governance)
            for window in (Filters(), recent):
                shown[role, window] = _content(service.cross_boundary(end, window))
        assert counted == [], "every view was prepared"
        assert len(governance.audit.entries()) == before + 4  # each view shown is recorded
        analyst = Service(area_copy, User("a", Role.ANALYST, source="test"), governance)
        place = cross_boundary_rows(real(area_copy))[0]["entity_id"]
        for link in area_copy.neighbourhood([place]):
            area_copy.delete_document(link["document_id"])
        after = _content(analyst.cross_boundary(end))
        assert counted and after != shown[Role.ANALYST, Filters()]
        assert after == _content(cross_boundary_pack(real(ProtocolOnly(area_copy)), end))
    finally:
        governance.close()


def test_kept_out_of_area_inputs_are_shared_unchanged(meeting_area, area_copy: SQLiteStore,
                                                      tmp_path: Path) -> None:
    """What the out-of-area list reads is kept per store state and day and shared by every
    caller (``boundary_reads.out_of_area_read``): showing the pack, twice, leaves it as it
    was read, and the pack equals one built from every episode afresh."""
    import copy

    from rhigraph.governance import Governance, Role, Service, User
    from rhigraph.governance.boundary_reads import out_of_area_read

    end = snapshot(meeting_area)
    governance = Governance.beside(tmp_path / "area.db")
    service = Service(area_copy, User("tester", Role.ANALYST, source="cli"), governance)
    try:
        kept = out_of_area_read(area_copy, end.date(), None)
        assert kept.episodes, "the meeting area places children out of area"
        before = copy.deepcopy(kept)
        shown = [_content(service.out_of_area(end)) for _ in range(2)]
        assert shown[0] == shown[1] == _content(out_of_area_pack(
            out_of_area_inputs(ProtocolOnly(area_copy)), end))
        assert out_of_area_read(area_copy, end.date(), None) is kept
        assert kept == before
    finally:
        governance.close()
