"""``rhigraph import neo4j-csv``: neo4j-admin import CSVs as one document of the graph.

On Neo4j's POLE example (../shared/data/pole-greater-manchester.zip, unzipped to a temporary
folder; skipped when absent), on small files written here in the corners of the header
syntax, and on rhigraph's own neo4j-csv export read back (round trip).
"""

from __future__ import annotations

import csv
import json
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.export import export
from graph.provenance import Grading
from graph.store import SQLiteStore
from ingest.neo4j_csv import import_graph, key_of, name_of, parse_column
from rhigraph.cli import main

POLE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / \
    "pole-greater-manchester.zip"


@pytest.fixture(scope="module")
def pole_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not POLE.is_file():
        pytest.skip(f"the POLE data set is not at {POLE}")
    folder = tmp_path_factory.mktemp("pole")
    with zipfile.ZipFile(POLE) as archive:
        archive.extractall(folder)
    return folder


@pytest.fixture(scope="module")
def pole_store(pole_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """POLE imported once into a real SQLite file (CPU time measured for the budget)."""
    started = time.process_time()
    result = import_graph(pole_dir)
    store = SQLiteStore(tmp_path_factory.mktemp("db") / "pole.db")
    outcome = store.write(result.batch)
    spent = time.process_time() - started
    yield store, result, outcome, spent
    store.close()


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
def test_pole_person_is_found_by_name(pole_dir: Path, pole_store) -> None:
    people = _csv_rows(pole_dir / "crime-investigation.nodes.Person.csv")
    assert any(p["name"] == "Jack" and p["surname"] == "Powell" for p in people), \
        "the data set no longer has Jack Powell"
    store, _, outcome, _ = pole_store
    assert outcome == "ingested"
    (jack,) = [e for e in store.entities("Person") if e["label"] == "Jack Powell"]
    assert jack["key"] == "jack powell" and jack["props"]["source_label"] == "Person"


@pytest.mark.slow
def test_pole_import_runs_the_analyses_within_budget(pole_store) -> None:
    store, result, _, spent = pole_store
    assert spent < 45, f"POLE import took {spent:.0f}s of CPU"
    rows = store.entity_activity("Location")
    assert len(rows) > 10_000
    assert all(r["documents"] == 1 for r in rows)
    busiest = max(rows, key=lambda r: r["mentions"] + r["documents"])
    assert busiest["first_seen"] and busiest["first_seen"].startswith("2017-")
    counts = store.counts()
    assert counts["Event"] == 28762 + 534, "every crime and phone call is an event"
    assert counts["Person"] >= 1000 + 369 - 2
    assert result.stats["skipped"] == {"relationships between attribute nodes": 14196}


@pytest.mark.slow
def test_pole_mapping_onto_the_model(pole_store) -> None:
    store, _, _, _ = pole_store
    officers = [e for e in store.entities("Person") if e["props"].get("source_label") == "Officer"]
    assert len(officers) == 1000 and all(e["props"]["role"] == "PROFESSIONAL" for e in officers)
    crime = next(e for e in store.entities("Event") if e["props"]["kind"] == "crime")
    assert crime["props"]["date"].startswith("2017-08") and crime["props"]["category"]
    assert crime["key"] == crime["props"]["event_id"], "a crime keys on its own reference"
    place = next(e for e in store.entities("Location") if e["key"] == "178 polding street")
    assert (place["props"]["postcode"], place["props"]["area"]) == ("WN3 4NL", "WN3")
    assert place["label"] == "178 Polding Street, WN3 4NL"
    parking = [e for e in store.entities("Location") if e["key"].startswith("parking area")]
    assert len(parking) > 100, "facilities in different postcodes are different places"
    kinds = {(link["type"], link["props"].get("kind")) for link in store.links()}
    assert {("ASSOCIATE_OF", "knows"), ("ASSOCIATE_OF", "family"), ("LIVES_AT", None),
            ("USES", None), ("AT", None), ("INVOLVED_IN", "party_to"),
            ("INVOLVED_IN", "investigating_officer"), ("INVOLVED_IN", "caller")} <= kinds
    at = next(link for link in store.links() if link["type"] == "AT")
    assert at["source_id"].startswith("Event:") and at["observed_at"].startswith("2017-08")
    calls = [link for link in store.links() if link["props"].get("kind") == "caller"]
    assert all(c["source_id"].startswith("Phone:") for c in calls), "turned to phone -> call"


@pytest.mark.slow
def test_pole_zip_reimport_is_unchanged(pole_store) -> None:
    store, result, _, _ = pole_store
    again = import_graph(POLE)
    assert again.batch.document.id == result.batch.document.id == "neo4j-csv:crime-investigation"
    assert again.batch.document.content_hash == result.batch.document.content_hash
    assert store.write(again.batch) == "unchanged"


def _write(folder: Path, name: str, rows: list[list[str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """Hand-written files in the corners of the neo4j-admin header syntax."""
    folder = tmp_path / "small"
    _write(folder, "people.csv", [
        ["personId:ID(P)", "name", "surname", "dob:date", "tags:string[]", "age:int", ":LABEL"],
        ["1", "Dean", "ASHWORTH", "02/03/1990", "driver;older", "35", "Person;Suspect"],
        ["2", "Kyle", "Pennington", "", "", "", "Person"],
        ["3", "Jade", "Turner", "", "", "", "Cat"],
    ])
    _write(folder, "x.nodes.Vehicle.csv", [
        ["vid:ID(V)", "reg", "make", "junk:IGNORE"],
        ["10", "mk15 xrt", "Audi", "zzz"],
    ])
    _write(folder, "links.csv", [
        [":START_ID(P)", ":END_ID(V)", ":TYPE", "since:date"],
        ["1", "10", "USES", "2026-01-05"],
        ["2", "10", "OWNS", ""],
        ["9", "10", "USES", ""],
    ])
    _write(folder, "x.relationships.KNOWS.csv", [
        [":START_ID(P)", ":END_ID(P)"],
        ["1", "2"],
    ])
    return folder


def test_header_syntax_and_file_conventions(small: Path) -> None:
    result = import_graph(small, agency="GMP", grading=Grading("B", "2", "P"))
    entities = {e.id: e for e in result.batch.entities}
    dean = entities["Person:dean ashworth"]
    assert dean.label == "Dean ASHWORTH"
    assert dean.props["dob"] == "1990-03-02" and dean.props["tags"] == ["driver", "older"]
    assert dean.props["age"] == 35 and dean.props["personId"] == "1"
    car = entities["Vehicle:MK15XRT"]
    assert "junk" not in car.props and car.props["source_label"] == "Vehicle"
    links = [(link.type, link.source_id, link.target_id, link.props.get("kind"))
             for link in result.batch.links if link.type != "MENTIONED_IN"]
    assert links == [("USES", "Person:dean ashworth", "Vehicle:MK15XRT", None),
                     ("ASSOCIATE_OF", "Person:dean ashworth", "Person:kyle pennington",
                      "knows")]
    uses = next(link for link in result.batch.links if link.type == "USES")
    assert uses.props["since"] == "2026-01-05"
    document = result.batch.document
    assert document.id == "neo4j-csv:small" and document.agency == "GMP"
    assert document.grading.code == "B2P"
    reasons = sorted(r.reason for r in result.rejections)
    assert reasons == ["label Cat has no counterpart in the domain model; 1 rows skipped",
                       "relationship type OWNS has no counterpart in the domain model;"
                       " 1 rows skipped"]
    assert result.stats["skipped"]["relationships to nodes not imported"] == 1


def test_nothing_to_import_is_a_clear_error(tmp_path: Path) -> None:
    from graph.exc import ReadError

    _write(tmp_path / "empty", "notes.csv", [["a", "b"], ["1", "2"]])
    with pytest.raises(ReadError, match=":ID"):
        import_graph(tmp_path / "empty")


@pytest.mark.parametrize("props,name", [
    ({"name": "Jack", "surname": "Powell"}, "Jack Powell"),
    ({"reg": "RY52 APF", "make": "Toyota"}, "RY52 APF"),
    ({"phoneNo": "07700 900417"}, "07700 900417"),
    ({"email_address": "a@b.example"}, "a@b.example"),
    ({"address": "6 Gypsy Lane", "postcode": "OL11 3HA"}, "6 Gypsy Lane, OL11 3HA"),
    ({"nhs_no": "1"}, None),
])
def test_names_come_from_name_like_properties(props: dict[str, str], name: str | None) -> None:
    assert name_of(props) == name


def test_keys_go_through_the_type_cleaners() -> None:
    assert key_of("Phone", "07700 900417", {}, "ns:1") == ("+447700900417", True)
    assert key_of("Vehicle", "ry52 apf", {}, "ns:1") == ("RY52APF", True)
    assert key_of("Phone", "0-(070)893-3322", {}, "ns:1") == ("0-(070)893-3322", False)
    assert key_of("Event", "Burglary 2017-08-01", {}, "ns:7") == ("ns:7", True)
    assert parse_column("code:string").type == "string"


def test_round_trip_of_rhigraph_neo4j_csv_export(tmp_path: Path) -> None:
    from tests.graph.export.conftest import graph_batches

    source = SQLiteStore(tmp_path / "source.db")
    for batch in graph_batches():
        source.write(batch)
    export("neo4j-csv", source, tmp_path / "csv")
    result = import_graph(tmp_path / "csv")
    target = SQLiteStore(tmp_path / "target.db")
    assert target.write(result.batch) == "ingested"
    imported = {e["id"]: e for e in target.entities()}
    for entity in source.entities():
        assert imported[entity["id"]]["label"] == entity["label"]
        assert {k: v for k, v in imported[entity["id"]]["props"].items()} == entity["props"]
    original = sorted((link["type"], link["source_id"], link["target_id"], link["document_id"],
                       link["observed_at"]) for link in source.links())
    copied = sorted((link["type"], link["source_id"], link["target_id"],
                     link["props"]["source_document_id"], link["observed_at"])
                    for link in target.links() if "source_document_id" in link["props"])
    assert copied == original
    graded = next(link for link in target.links() if link["type"] == "WITH")
    assert graded["props"]["source_handling_code"] == "C"
    assert graded["document_id"] == "neo4j-csv:rhigraph"
    source.close()
    target.close()


def test_import_command_writes_once(small: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    args = ["--db", db, "import", "neo4j-csv", str(small), "--grading", "B2P", "--format",
            "json"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    (row,) = json.loads(first.output)
    assert row["outcome"] == "ingested" and row["rejected_files"] == 2
    second = CliRunner().invoke(main, args)
    assert json.loads(second.output)[0]["outcome"] == "unchanged"
    store = SQLiteStore(db)
    assert len(store.rejections()) == 2, "rejections are recorded once"
    assert {link["source_evaluation"] for link in store.links()} == {"B"}
    store.close()
    bad = CliRunner().invoke(main, ["--db", db, "import", "neo4j-csv", str(small),
                                    "--grading", "Z9"])
    assert bad.exit_code == 1 and "source evaluation" in bad.output
