"""Every figure of the packs against a generated area whose answers are known.

The area spans the ISO year boundary (2025-W50 to 2026-W03) and ends with a child still
missing. Expected values are computed here from the area's own ``episodes.csv``,
``placements.csv``, gold files and ``truth.json`` with the standard library only, never from
the code under test; extraction-derived sections (places, identifiers) are checked against
the store's aggregation and, where the answer key says, against the planted patterns.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from typing import Any

import pytest

from graph.meetings.cross_boundary import cross_boundary_rows
from graph.meetings.cse_mapping import cse_mapping_pack
from graph.meetings.load import (
    cross_boundary_inputs,
    cse_inputs,
    episodes,
    packet_inputs,
    weekly_inputs,
)
from graph.meetings.periods import date_range, iso_week
from graph.meetings.placement_packet import placement_packet
from graph.meetings.rhi import indicators, indicators_by_category
from graph.meetings.sections import headline, section
from graph.meetings.weekly import weekly_pack
from graph.report.to_json import to_json

STANDARD = dt.timedelta(hours=72)
CATEGORIES = ("CSE", "CCE", "GANGS", "MISSING", "DRUGS")


def when(value: str) -> dt.datetime | None:
    return dt.datetime.strptime(value, "%d/%m/%Y %H:%M") if value else None


def snapshot(area) -> dt.datetime:
    """A moment after everything the export records. (The generator writes some late RHIs
    completed after the scenario's end date; judged at the end date they would be overdue.)"""
    moments = [when(r[k]) for r in area.episodes
               for k in ("reported_missing_at", "returned_at", "rhi_offered_at",
                         "rhi_completed_at") if r[k]]
    return max(moments) + dt.timedelta(minutes=1)


def weeks_of(area) -> list[str]:
    first = dt.date.fromisoformat(area.truth["scenario"]["start"])
    last = dt.date.fromisoformat(area.truth["scenario"]["end"])
    labels, day = [], first
    while day <= last:
        year, week, _ = day.isocalendar()
        labels.append(f"{year}-W{week:02d}")
        day += dt.timedelta(days=7)
    return labels


def expected_status(row: dict[str, str], as_of: dt.datetime) -> str:
    """The 72-hour rule, written out again from FORMATS.md."""
    returned, completed = when(row["returned_at"]), when(row["rhi_completed_at"])
    if returned is None:
        return "Still missing"
    if completed is not None:
        return "Done in time" if completed - returned <= STANDARD else "Done late"
    if row["rhi_outcome"] and row["rhi_outcome"] != "completed":
        return f"Not done: {row['rhi_outcome']}"
    return "Overdue now" if as_of > returned + STANDARD else "Due (inside 72 h)"


@pytest.fixture(scope="module")
def area_episodes(meeting_area):
    from graph.store import SQLiteStore

    store = SQLiteStore(meeting_area.db)
    try:
        return episodes(store)
    finally:
        store.close()


def test_the_area_has_what_the_tests_need(meeting_area) -> None:
    rows = meeting_area.episodes
    labels = weeks_of(meeting_area)
    assert "2025-W52" in labels and "2026-W01" in labels
    assert any(not r["returned_at"] for r in rows), "no episode still open"
    area = {c["host_la"] for c in meeting_area.truth["children"]}
    hosted = [c for c in meeting_area.truth["children"] if c["responsible_la"] not in area]
    placed = [c for c in meeting_area.truth["children"]
              if c["responsible_la"] in area and c["responsible_la"] != c["host_la"]]
    assert hosted and placed
    assert len(rows) == meeting_area.truth["summary"]["episodes"]


def test_every_weekly_pack_lists_exactly_the_weeks_episodes(meeting_area, area_store) -> None:
    as_of = snapshot(meeting_area)
    rows = meeting_area.episodes
    by_child: dict[str, list[dt.datetime]] = defaultdict(list)
    for row in rows:
        by_child[row["child_id"]].append(when(row["reported_missing_at"]))
    seen = 0
    for label in weeks_of(meeting_area):
        week = iso_week(label)
        start = dt.datetime.combine(week.first, dt.time())
        end = start + dt.timedelta(days=7)
        expected = [r for r in rows if start <= when(r["reported_missing_at"]) < end]
        pack = weekly_pack(weekly_inputs(area_store, week), week, as_of)
        got = {r["episode_id"]: r for r in section(pack, "episodes")["rows"]}
        assert set(got) == {r["episode_id"] for r in expected}, label
        seen += len(got)
        for row in expected:
            line = got[row["episode_id"]]
            reported, returned = when(row["reported_missing_at"]), when(row["returned_at"])
            assert line["child_id"] == row["child_id"]
            assert line["risk_level"] == row["risk_level"]
            assert line["hours_missing"] == round(((returned or as_of) - reported)
                                                  .total_seconds() / 3600, 1)
            assert line["episodes_90d"] == sum(
                reported - dt.timedelta(days=90) <= other <= reported
                for other in by_child[row["child_id"]])
            assert line["rhi"] == expected_status(row, as_of)
            assert line["found_at"] == (row["found_at"] or None)
        children = {r["child_id"] for r in expected}
        repeat = {c for c in children
                  if sum(end - dt.timedelta(days=90) <= t < end for t in by_child[c]) >= 2}
        assert {r["child_id"] for r in section(pack, "repeat_missing")["rows"]} == repeat
        figures = headline(pack)
        assert figures["Episodes reported"] == len(expected)
        assert figures["Children reported missing"] == len(children)
        assert figures["High-risk episodes"] == sum(r["risk_level"] == "high"
                                                    for r in expected)
    assert seen == len(rows), "some episode fell between weeks"


def test_children_still_missing_at_the_snapshot(meeting_area, area_store) -> None:
    week = iso_week(weeks_of(meeting_area)[-1])
    pack = weekly_pack(weekly_inputs(area_store, week), week, snapshot(meeting_area))
    still = {r["episode_id"] for r in section(pack, "still_missing")["rows"]}
    assert still == {r["episode_id"] for r in meeting_area.episodes if not r["returned_at"]}
    assert len(still) == meeting_area.truth["summary"]["open_episodes"]


def test_rhi_indicators_over_the_whole_area_match_the_truth(meeting_area,
                                                            area_episodes) -> None:
    truth = meeting_area.truth["summary"]["rhi"]
    figures = indicators(area_episodes, snapshot(meeting_area))
    assert figures["offered"]["episodes"] == truth["offered"]
    assert figures["completed"]["episodes"] == truth["completed"]
    assert figures["within_72h"]["episodes"] == truth["within_72h"]
    assert figures["statuses"].get("done_late", 0) == truth["late"]
    expected_reasons = {k: v for k, v in truth["outcomes"].items() if k != "completed" and v}
    assert figures["not_completed_reasons"] == expected_reasons
    returned = [r for r in meeting_area.episodes if r["returned_at"]]
    assert figures["returned_episodes"] == len(returned)
    completed_children = {r["child_id"] for r in returned if r["rhi_completed_at"]}
    assert figures["completed"]["children"] == len(completed_children)
    assert figures["completed"]["child_rate"] == round(
        100 * len(completed_children) / len({r["child_id"] for r in returned}), 1)
    accepted = [r for r in returned if (r["rhi_offered_at"] or r["rhi_completed_at"])
                and r["rhi_outcome"] not in ("declined_by_child", "declined_by_parent",
                                             "unable_to_contact", "not_offered")]
    assert figures["accepted"]["episodes"] == len(accepted)


def test_repeat_missing_over_the_area_matches_the_truth(meeting_area, area_episodes) -> None:
    from graph.meetings.episodes import repeat_missing

    rows = repeat_missing(area_episodes, dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1))
    assert len(rows) == meeting_area.truth["summary"]["repeat_missing_children"]


def test_groups_match_where_each_child_lives_and_who_is_responsible(meeting_area,
                                                                   area_episodes) -> None:
    from graph.meetings.episodes import category, infer_area

    children = {c["id"]: c for c in meeting_area.truth["children"]}
    area = {children[r["child_id"]]["host_la"] for r in meeting_area.episodes}
    assert infer_area(area_episodes) == area
    for episode in area_episodes:
        child = children[episode.child_id]
        if child["responsible_la"] != child["host_la"]:
            expected = ("placed_out_of_area" if child["responsible_la"] in area
                        else "hosted_from_elsewhere")
        else:
            expected = "looked_after_in_area" if child["looked_after"] else "missing_from_home"
        assert category(episode, frozenset(area)) == expected, episode.episode_id
    groups = indicators_by_category(area_episodes, snapshot(meeting_area), frozenset(area))
    hosted = {c for c, v in children.items() if v["responsible_la"] not in area}
    assert groups["hosted_from_elsewhere"]["children"] == len(
        hosted & {r["child_id"] for r in meeting_area.episodes})
    assert sum(g["episodes"] for g in groups.values()) == len(meeting_area.episodes)


def test_notifications_needed_for_every_out_of_area_episode(meeting_area,
                                                            area_store) -> None:
    as_of = snapshot(meeting_area)
    expected = set()
    for row in meeting_area.episodes:
        bodies = []
        if row["host_la"] and row["host_la"] != row["responsible_la"]:
            bodies = [("Responsible LA", row["responsible_la"]), ("Host LA", row["host_la"])]
        if row["host_force"] and row["host_force"] != row["home_force"]:
            bodies = bodies or [("Responsible LA", row["responsible_la"])]
            bodies.append(("Home force", row["home_force"]))
        subjects = ["missing episode"] + (["RHI"] if row["returned_at"] else [])
        expected |= {(row["episode_id"], about, role, body)
                     for about in subjects for role, body in bodies}
    assert expected, "the area has no out-of-area episode"
    got = set()
    for label in weeks_of(meeting_area):
        week = iso_week(label)
        pack = weekly_pack(weekly_inputs(area_store, week), week, as_of)
        week_ids = {r["episode_id"] for r in section(pack, "episodes")["rows"]}
        got |= {(r["episode_id"], r["about"], r["body_role"], r["body"])
                for r in section(pack, "notifications")["rows"] if r["episode_id"] in week_ids}
        out = {r["child_id"] for r in section(pack, "out_of_area")["rows"]}
        assert out == {r["child_id"] for r in meeting_area.episodes
                       if r["episode_id"] in week_ids
                       and (r["host_la"] or r["host_force"])}
    assert got == expected


def test_missing_notifications_follow_the_recorded_columns(meeting_area, area_store) -> None:
    """The export's notification columns decide each missing-episode notification's status:
    done by 24 hours after the report, done late, or overdue when none is recorded."""
    as_of = snapshot(meeting_area)
    rows = {r["episode_id"]: r for r in meeting_area.episodes}
    seen: Counter = Counter()
    for label in weeks_of(meeting_area):
        week = iso_week(label)
        pack = weekly_pack(weekly_inputs(area_store, week), week, as_of)
        for got in section(pack, "notifications")["rows"]:
            row = rows[got["episode_id"]]
            role = {"Responsible LA": "responsible_la", "Host LA": "host_la",
                    "Home force": "home_force"}[got["body_role"]]
            missing = got["about"] == "missing episode"
            column = f"{role}_{'' if missing else 'rhi_'}notified_at"
            told = when(row[column])
            if told is not None and told <= as_of:
                assert got["notified_at"] is not None, (got["episode_id"], column)
                assert dt.datetime.fromisoformat(got["notified_at"]) <= told
            if not missing:
                continue
            due = when(row["reported_missing_at"]) + dt.timedelta(hours=24)
            expected = ("overdue" if as_of > due else "due") if told is None else (
                "done" if told <= due else "done_late")
            assert got["status"] == expected, (got["episode_id"], column)
            seen[expected] += 1
    assert seen["done"] and seen["done_late"] and seen["overdue"], seen


def test_the_notification_columns_are_the_ones_the_packs_read() -> None:
    from graph.meetings.notifications import COLUMN
    from ingest.tabular import NOTIFICATION_COLUMNS

    assert sorted(COLUMN.values()) == sorted(NOTIFICATION_COLUMNS)


def _gold(area, document_id: str) -> dict[str, Any]:
    doc = next(d for d in area.truth["documents"] if d["id"] == document_id)
    gold = area.folder / doc["path"].rsplit(".", 1)[0]
    return json.loads(gold.with_name(gold.name + ".gold.json").read_text())


def test_cse_pack_counts_forms_by_category_and_area(meeting_area, area_store) -> None:
    first = dt.date.fromisoformat(meeting_area.truth["scenario"]["start"])
    last = dt.date.fromisoformat(meeting_area.truth["scenario"]["end"]) - dt.timedelta(days=1)
    period = date_range(first, last)
    pack = cse_mapping_pack(cse_inputs(area_store, period), period, snapshot(meeting_area))
    children = {c["id"]: c for c in meeting_area.truth["children"]}
    expected: dict[str, Counter] = defaultdict(Counter)
    forms = [d for d in meeting_area.truth["documents"] if d["kind"] == "intel_form"
             and first <= dt.date.fromisoformat(d["date"]) <= last]
    assert forms
    for form in forms:
        area = children[form["child_id"]]["host_la"] if form["child_id"] else \
            "No child identified"
        expected[area]["forms"] += 1
        stated = _gold(meeting_area, form["id"])["document"]["fields"].get("categories", [])
        for category in {c.upper() for c in stated} & set(CATEGORIES):
            expected[area][category] += 1
    rows = {r["area"]: r for r in section(pack, "isf")["rows"] if r["area"] != "All areas"}
    assert set(rows) == set(expected)
    for area, counts in expected.items():
        assert {k: rows[area][k] for k in ("forms", *CATEGORIES)} == {
            k: counts.get(k, 0) for k in ("forms", *CATEGORIES)}
    assert headline(pack)["Information-sharing forms"] == len(forms)


def test_cse_pack_identifiers_and_places_rest_on_the_planted_children(meeting_area,
                                                                      area_store) -> None:
    first = dt.date.fromisoformat(meeting_area.truth["scenario"]["start"])
    last = dt.date.fromisoformat(meeting_area.truth["scenario"]["end"])
    period = date_range(first, last)
    pack = cse_mapping_pack(cse_inputs(area_store, period), period, snapshot(meeting_area))
    types = {"vehicle": "Vehicle", "phone": "Phone", "handle": "OnlineAccount",
             "house": "Location", "hotel": "Location"}
    labels = {r["entity_id"]: r["label"] for t in set(types.values())
              for r in area_store.entity_activity(t)}
    idents = {r["label"]: r for r in section(pack, "identifiers")["rows"]}
    places = {r["label"]: r for r in section(pack, "hotspots")["rows"]}
    for pattern in meeting_area.truth["patterns"]:
        if pattern["kind"] not in types:
            continue
        label = labels.get(f"{types[pattern['kind']]}:{pattern['normalised']}")
        assert label is not None, f"planted {pattern['kind']} not in the store"
        row = (places if pattern["kind"] in ("house", "hotel") else idents).get(label)
        assert row is not None, f"planted {pattern['kind']} missing from the pack"
        linked = set(row["child_ids"]) if "child_ids" in row else None
        if linked is not None:
            assert linked <= set(pattern["children"]) and len(linked) >= 2
        assert row["children"] >= 2
        assert row["children"] <= len(pattern["children"])


def test_the_network_picture_is_bounded_and_names_no_child(meeting_area, area_store) -> None:
    first = dt.date.fromisoformat(meeting_area.truth["scenario"]["start"])
    period = date_range(first, first + dt.timedelta(days=41))
    pack = cse_mapping_pack(cse_inputs(area_store, period), period, snapshot(meeting_area),
                            network_nodes=25)
    graph = section(pack, "network")["graph"]
    assert 0 < len(graph["nodes"]) <= 25
    names = {c["name"] for c in meeting_area.truth["children"]}
    assert not names & {n["label"] for n in graph["nodes"]}
    assert all(0 <= n["x"] <= 1 and 0 <= n["y"] <= 1 for n in graph["nodes"])


def test_placement_packet_of_a_hosted_child(meeting_area, area_store) -> None:
    area = {c["host_la"] for c in meeting_area.truth["children"]}
    hosted = [c for c in meeting_area.truth["children"] if c["responsible_la"] not in area]
    child = max(hosted, key=lambda c: len(c["episodes"]))
    as_of = snapshot(meeting_area)
    pack = placement_packet(packet_inputs(area_store, child["id"]), as_of)
    record = section(pack, "child")["rows"][0]
    assert (record["responsible_la"], record["host_la"]) == (child["responsible_la"],
                                                             child["host_la"])
    mine = [r for r in meeting_area.episodes if r["child_id"] == child["id"]]
    assert [r["episode_id"] for r in section(pack, "episodes")["rows"]] == [
        r["episode_id"] for r in sorted(mine, key=lambda r: when(r["reported_missing_at"]))]
    assert record["home_force"] == mine[-1]["home_force"]
    assert record["host_force"] == (mine[-1]["host_force"] or mine[-1]["home_force"])
    text = to_json(pack)
    for placement in meeting_area.placements:
        if placement["child_id"] == child["id"]:
            assert placement["address"] not in text
    for note in area_store.documents("rhi_note", child_id=child["id"]):
        body = area_store.document_text(note["id"]) or ""
        long_lines = [line.strip() for line in body.splitlines() if len(line.strip()) > 60]
        assert not [line for line in long_lines if line in text]
    expected = {(n["fields"].get("interviewer") or n["submitted_by"])
                for n in area_store.documents("rhi_note", child_id=child["id"])}
    assert {r["interviewer"] for r in section(pack, "providers")["rows"]} == expected


def test_cross_boundary_rows_join_children_of_two_or_more_authorities(meeting_area,
                                                                     area_store) -> None:
    responsible = {r["child_id"]: r["responsible_la"] for r in meeting_area.episodes}
    rows = cross_boundary_rows(cross_boundary_inputs(area_store))
    assert rows, "no place or adult joins children of two authorities in this area"
    for row in rows:
        authorities = {responsible[c] for c in row["child_ids"]}
        assert len(authorities) >= 2 and row["authority_count"] == len(authorities)
    activity = cross_boundary_inputs(area_store).activity
    expected = {r["entity_id"] for r in activity
                if (r["type"] == "Location" and not r["is_placement"])
                or (r["type"] == "Person" and "ADULT_OF_CONCERN" in r["roles"])
                if len({responsible.get(c["child_id"]) for c in r["children_linked"]}
                       - {None}) >= 2}
    assert {r["entity_id"] for r in rows} == expected
