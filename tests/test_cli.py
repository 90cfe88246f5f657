"""The command line, end to end on real files and a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from rhigraph.cli import main


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((prefix + name, command))
        if isinstance(command, click.Group):
            found += _commands(command, prefix + name + " ")
    return found


@pytest.mark.parametrize("name,command", _commands(main))
def test_every_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    assert command.help and "Example:" in command.help, f"rhigraph {name} lacks an example"
    example = command.help.split("Example:", 1)[1]
    assert "rhigraph" in example and name.split()[-1] in example


def _gold_children(samples: Path, key: str) -> set[str]:
    """Children whose own documents name a location with normalised key ``key``."""
    children = set()
    for gold in samples.glob("*.gold.json"):
        data = json.loads(gold.read_text())
        child = data["document"].get("child_id")
        if child and any(e.get("normalised") == key for e in data["entities"]):
            children.add(child)
    return children


def test_ingest_then_hotspots_find_the_shared_flat(samples_dir: Path, db_path: Path) -> None:
    output = run("--db", str(db_path), "ingest", str(samples_dir))
    assert "rejected: 0" in output
    rows = json.loads(run("--db", str(db_path), "analyse", "hotspots", "--format", "json"))
    assert rows, "hotspots listed nothing"
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    assert all(a["score"] >= b["score"] for a, b in zip(rows, rows[1:], strict=False))
    expected = _gold_children(samples_dir, "18 mossfield court")
    assert len(expected) >= 2
    flat = next(r for r in rows if r["entity_id"] == "Location:18 mossfield court")
    linked = {c["child_id"] for c in flat["children_linked"]}
    assert expected <= linked, "resolution joins the flat's spellings across children"
    assert flat["rank"] <= 3


def test_reingest_reports_everything_unchanged(samples_dir: Path, db_path: Path) -> None:
    run("--db", str(db_path), "ingest", str(samples_dir))
    output = run("--db", str(db_path), "ingest", str(samples_dir))
    files = [p for p in samples_dir.iterdir() if not p.name.endswith(".gold.json")
             and p.name != "README.md"]
    assert f"unchanged: {len(files)}" in output
    assert "ingested: 0" in output


def test_bad_file_is_rejected_and_listed_while_the_rest_lands(tmp_path: Path,
                                                             db_path: Path,
                                                             samples_dir: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "broken.docx").write_bytes(b"this is not a zip file")
    (folder / "note.txt").write_text((samples_dir / "rhi_C-1002_2026-01-05.txt").read_text())
    output = run("--db", str(db_path), "ingest", str(folder))
    assert "ingested: 1" in output and "rejected: 1" in output
    listed = json.loads(run("--db", str(db_path), "rejections", "--format", "json"))
    assert [Path(r["path"]).name for r in listed] == ["broken.docx"]
    assert listed[0]["reason"]


def test_extract_prints_the_section_5_structure(samples_dir: Path) -> None:
    path = samples_dir / "rhi_C-1001_2026-01-05.txt"
    data = json.loads(run("extract", str(path), "--format", "json"))
    assert set(data) == {"document", "entities", "indicators", "relations"}
    assert data["document"]["child_id"] == "C-1001"
    text = path.read_text()
    for entity in data["entities"]:
        if entity.get("start") is not None:
            assert text[entity["start"]:entity["end"]] == entity["text"]
    keys = {(e["type"], e.get("normalised")) for e in data["entities"]}
    assert ("LOCATION", "18 mossfield court") in keys


def test_extract_does_not_create_a_database(samples_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "never.db"
    run("--db", str(db), "extract", str(samples_dir / "isf_BOL-2026-0014.txt"))
    assert not db.exists()


def test_ingest_with_a_column_mapping(samples_dir: Path, tmp_path: Path, db_path: Path) -> None:
    import csv

    renamed = {"episode_id": "MISPER Ref", "child_id": "LCS ID",
               "reported_missing_at": "Date/Time Reported"}
    with (samples_dir / "episodes.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    export = tmp_path / "police_export.csv"
    with export.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, [renamed.get(k, k) for k in rows[0]])
        writer.writeheader()
        writer.writerows({renamed.get(k, k): v for k, v in row.items()} for row in rows)
    mapping = tmp_path / "columns.toml"
    mapping.write_text("[episodes]\n" + "".join(f'"{v}" = "{k}"\n' for k, v in renamed.items()))

    unmapped = run("--db", str(tmp_path / "plain.db"), "ingest", str(export))
    assert "rejected: 1" in unmapped
    output = run("--db", str(db_path), "ingest", str(export), "--mapping", str(mapping))
    assert "ingested: 1" in output
    from graph.store import SQLiteStore

    store = SQLiteStore(db_path)
    episodes = {e["key"] for e in store.entities("Episode")}
    store.close()
    assert episodes == {row["episode_id"] for row in rows}


def test_demo_builds_a_store_and_a_working_sign_in(tmp_path: Path) -> None:
    import re

    from graph.store import SQLiteStore
    from rhigraph.governance.core import Governance

    out = tmp_path / "demo"
    output = run("demo", "--no-serve", "--children", "12", "--weeks", "4", "--out", str(out))
    db = out / "rhigraph.db"
    assert f"database: {db.resolve()}" in output.replace("\n", "")
    store = SQLiteStore(db)
    counts = store.counts()
    store.close()
    assert counts["Child"] == 12 and counts["documents"] > 5
    password = re.search(r"sign-in: demo / (\S+)", output).group(1)
    governance = Governance.beside(db)
    try:
        assert governance.users.verify("demo", password) is not None
        assert governance.users.verify("demo", password + "x") is None
    finally:
        governance.close()
