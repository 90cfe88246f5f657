"""Found-at, found-with and missing-together patterns from episodes."""

from __future__ import annotations

import pytest

from graph.analysis.episodes import (
    episode_patterns,
    found_at_patterns,
    found_with_patterns,
    missing_together,
)
from graph.analysis.run import episode_rows


def episode(eid: str, child: str, start: str, end: str | None, found: str | None = None,
            **extra: object) -> dict[str, object]:
    return {"episode_id": eid, "child_id": child, "reported_missing_at": start,
            "returned_at": end, "found_at": found, "missing_from": f"Location:home-{child}",
            **extra}


def test_found_at_counts_children_then_episodes_and_repeats() -> None:
    facts = [episode("E1", "C1", "2026-01-01T20:00", "2026-01-02T01:00", "Location:park"),
             episode("E2", "C1", "2026-01-08T20:00", "2026-01-09T01:00", "Location:park"),
             episode("E3", "C2", "2026-01-09T20:00", "2026-01-10T01:00", "Location:stn"),
             episode("E4", "C3", "2026-01-09T20:00", "2026-01-10T01:00", "Location:stn")]
    rows = found_at_patterns(facts)
    assert [(r["entity_id"], r["children"], r["episodes"], r["repeat_children"])
            for r in rows] == [("Location:stn", 2, 2, 0), ("Location:park", 1, 2, 1)]


def test_returning_home_is_not_a_found_at_pattern() -> None:
    facts = [episode("E1", "C1", "2026-01-01T20:00", None, "Location:home-C1")]
    assert found_at_patterns(facts) == []


def test_found_with_ranks_adults_first_and_never_lists_professionals() -> None:
    def with_(person: str, role: str, doc: str) -> dict[str, str]:
        return {"person_id": person, "role": role, "type": "WITH", "document_id": doc}
    facts = [episode("E1", "C1", "2026-01-01T20:00", None, with_=None,
                     **{"with": [with_("Person:kai", "PEER", "n1"),
                                 with_("Person:carer", "PROFESSIONAL", "n1"),
                                 with_("Person:tee", "ADULT_OF_CONCERN", "n1")]}),
             episode("E2", "C2", "2026-01-05T20:00", None,
                     **{"with": [with_("Person:kai", "PEER", "n2")]})]
    rows = found_with_patterns(facts)
    assert [(r["entity_id"], r["role"], r["children"]) for r in rows] == [
        ("Person:tee", "ADULT_OF_CONCERN", 1), ("Person:kai", "PEER", 2)]


@pytest.mark.parametrize("second_start,second_end,expected", [
    ("2026-01-01T22:00", "2026-01-02T02:00", 1),   # overlapping
    ("2026-01-02T02:30", "2026-01-02T05:00", 1),   # within the two hours' slack
    ("2026-01-03T20:00", "2026-01-04T01:00", 0),   # days apart
])
def test_missing_together(second_start: str, second_end: str, expected: int) -> None:
    facts = [episode("E1", "C1", "2026-01-01T20:00", "2026-01-02T01:00"),
             episode("E2", "C2", second_start, second_end)]
    assert len(missing_together(facts)) == expected


def test_an_open_episode_counts_as_a_day_long() -> None:
    facts = [episode("E1", "C1", "2026-01-01T20:00", None),
             episode("E2", "C2", "2026-01-02T18:00", "2026-01-02T19:00")]
    assert missing_together(facts)[0]["child_ids"] == ["C1", "C2"]


def test_unknown_pattern_is_refused() -> None:
    with pytest.raises(ValueError):
        episode_patterns([], kinds=("nope",))


def test_on_the_store(world) -> None:
    rows = episode_rows(world, min_children=1)
    found_at = [r for r in rows if r["kind"] == "found_at"]
    assert [(r["entity_id"], r["child_ids"]) for r in found_at] == [
        ("Location:queens park", ["C-1", "C-2"]), ("Location:18 mossfield court", ["C-3"])]
    together = [r for r in rows if r["kind"] == "missing_together"]
    assert [r["child_ids"] for r in together] == [["C-1", "C-2"]]
    assert together[0]["label"] == "Amy Ash & Beth Birch"
