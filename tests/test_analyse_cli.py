"""``rhigraph analyse ...`` end to end: the shared samples ingested into a real SQLite file,
every analysis run through click's CliRunner, in JSON and as a table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rhigraph.cli import main

ANALYSES = ["hotspots", "associates", "vehicles", "phones", "handles", "triangles",
            "communities", "escalation", "episodes"]


def invoke(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), "analyse", *args],
                              catch_exceptions=False)


def rows_of(db: Path, *args: str) -> list[dict]:
    result = invoke(db, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def db(samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("analyse") / "rhigraph.db"
    result = CliRunner().invoke(main, ["--db", str(path), "ingest", str(samples_dir)],
                                catch_exceptions=False)
    assert result.exit_code == 0 and "rejected: 0" in result.output, result.output
    return path


@pytest.mark.parametrize("analysis", [*ANALYSES, "new"])
def test_every_json_row_names_its_entity_variants_and_children(db: Path,
                                                               analysis: str) -> None:
    extra = {"new": ["--since", "2026-01-15"],
             "vehicles": ["--min-children", "1"]}.get(analysis, [])  # no plate in two notes
    rows = rows_of(db, analysis, *extra)
    assert rows, f"{analysis} found nothing in the samples"
    for row in rows:
        assert row["entity_id"] and row["label"]
        assert isinstance(row["variants"], list)
        assert all(set(c) == {"child_id", "name"} for c in row["children_linked"])
    if analysis != "episodes":  # episode rows are ranked within their kind
        assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))


@pytest.mark.parametrize("analysis", [*ANALYSES, "communities --brokers",
                                      "hotspots --placements"])
def test_every_table_prints(db: Path, analysis: str) -> None:
    result = invoke(db, *analysis.split())
    assert result.exit_code == 0, result.output
    assert "rank" in result.output or "kind" in result.output


def test_hotspots_rank_the_shared_flat_first(db: Path) -> None:
    rows = rows_of(db, "hotspots")
    assert rows[0]["entity_id"] == "Location:18 mossfield court"
    assert all(a["score"] >= b["score"] for a, b in zip(rows, rows[1:], strict=False))
    assert rows[0]["evidence"] and rows[0]["why"]
    placements = rows_of(db, "hotspots", "--placements")
    assert placements and all(r["context"] for r in placements)
    assert not {r["entity_id"] for r in rows} & {r["entity_id"] for r in placements}


def test_associates_never_rank_professionals(db: Path) -> None:
    rows = rows_of(db, "associates", "--min-children", "1")
    assert rows and all(r["role"] != "PROFESSIONAL" for r in rows)
    assert all("PROFESSIONAL" not in r["roles"] or "ADULT_OF_CONCERN" in r["roles"]
               for r in rows)
    order = ["ADULT_OF_CONCERN", "UNKNOWN", "PEER", "FAMILY"]
    positions = [order.index(r["role"]) for r in rows]
    assert positions == sorted(positions), "adults of concern first, then unknown, then peers"
    adults = rows_of(db, "associates", "--role", "ADULT_OF_CONCERN")
    assert adults and {r["role"] for r in adults} == {"ADULT_OF_CONCERN"}


def test_identifier_commands_keep_to_their_type(db: Path) -> None:
    for command, prefix in (("phones", "Phone:"), ("handles", "OnlineAccount:")):
        assert all(r["entity_id"].startswith(prefix) for r in rows_of(db, command))
    assert all(r["entity_id"].startswith("Vehicle:")
               for r in rows_of(db, "vehicles", "--min-children", "1"))


@pytest.mark.parametrize("options", [
    ["--since", "2026-01-10", "--until", "2026-01-31"],
    ["--area", "Bolton"], ["--area", "BL1"],
    ["--category", "cse"], ["--category", "CSE", "--category", "CCE"],
    ["--min-grading"], ["--handling", "P"],
])
@pytest.mark.parametrize("analysis", ["hotspots", "associates", "vehicles", "triangles",
                                      "communities", "escalation", "episodes"])
def test_filters_only_narrow_what_every_analysis_finds(db: Path, analysis: str,
                                                       options: list[str]) -> None:
    """A window, area, category, grading or handling filter leaves out records; it never
    adds an entity or a child that the unfiltered analysis does not show."""
    def found(*extra: str) -> dict[tuple[str, str | None], set[str]]:
        """Children by entity and kind of row (episode rows repeat a child, one per pair)."""
        children: dict[tuple[str, str | None], set[str]] = {}
        for r in rows_of(db, analysis, *extra):
            children.setdefault((r["entity_id"], r.get("kind")), set()).update(
                c["child_id"] for c in r["children_linked"])
        return children

    if analysis == "communities":
        # Communities partition a network grown from the top-ranked entities (Louvain): a
        # filter re-ranks, so it may grow the network from other entities, regroup it and
        # rename a community (its most central member). What must not grow: the children in
        # them, and every member must be an entity of the unfiltered store.
        from graph.store import SQLiteStore

        def members(*extra: str) -> tuple[set[str], set[str]]:
            rows = rows_of(db, analysis, *extra)
            return ({m["entity_id"] for r in rows for kind in ("places", "adults", "others",
                                                               "identifiers") for m in r[kind]},
                    {c["child_id"] for r in rows for c in r["children_linked"]})

        store = SQLiteStore(db)
        try:
            known = {e["id"] for e in store.entities()}
        finally:
            store.close()
        (_, all_children), (some_members, some_children) = (
            members("--top", "100000", "--limit", "100000"), members(*options))
        assert all_children and some_children <= all_children
        assert some_members <= known
        return
    everything, narrowed = found(), found(*options)
    assert set(narrowed) <= set(everything)
    assert all(children <= everything[entity] for entity, children in narrowed.items())


def test_a_window_narrows_what_is_counted(db: Path) -> None:
    everything = {r["entity_id"]: r["children"] for r in rows_of(db, "hotspots")}
    early = {r["entity_id"]: r["children"]
             for r in rows_of(db, "hotspots", "--until", "2026-01-06")}
    assert set(early) <= set(everything)
    assert all(early[k] <= everything[k] for k in early)
    assert early != everything


def test_path_between_a_nickname_and_an_address(db: Path) -> None:
    rows = rows_of(db, "path", "Deano", "18 Mossfield Court")
    assert rows and rows[0]["query"]["from"]["entity_id"].startswith("Person:")
    assert rows[-1]["entity_id"] == "Location:18 mossfield court"
    assert all(r["documents"] for r in rows)
    table = invoke(db, "path", "deano.bl1", "Kyle")
    assert table.exit_code == 0 and "hop" in table.output


def test_path_to_nothing_says_so(db: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(db), "analyse", "path", "zzqxv", "Deano"])
    assert result.exit_code == 1 and "nothing in the store matches 'zzqxv'" in result.output


def test_new_needs_a_date(db: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(db), "analyse", "new"])
    assert result.exit_code == 2 and "--since" in result.output


@pytest.mark.parametrize("args", [["hotspots", "--since", "31/01/2026"],
                                  ["hotspots", "--category", "NOPE"],
                                  ["escalation", "--periods", "1"]])
def test_bad_options_are_refused_with_a_reason(db: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, ["--db", str(db), "analyse", *args])
    assert result.exit_code == 2 and "Error" in result.output
