"""Hostile names: carried as text in Word and JSON, neutralised in spreadsheet-like output.

Two notes by different workers name the same adult "=HYPERLINK(...)" and another
"<script>...</script>". The notes go through the real reader and note mapping; the hostile
adults are added to the extraction result (the NLP is not what is under test here) and the
batch is written by the real store.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import docx
from click.testing import CliRunner

from graph.desk.cross_worker import cross_worker
from graph.desk.draft_isf import draft_isf
from graph.desk.render import write_draft
from graph.desk.triage import triage
from graph.store import SQLiteStore
from ingest.batches import extraction_batch
from ingest.extraction import note_document
from ingest.forms import parse_form_json, parse_form_text
from ingest.readers import read
from rhigraph.cli import main
from rhigraph.commands.desk import as_csv
from tests.accounts import add_account

FORMULA = '=HYPERLINK("http://evil.example","click")'
SCRIPT = "<script>alert(1)</script>"
NOTE = """RETURN HOME INTERVIEW

CHILD
Name: Robin TESTER
Child ref: {child}
Address: 1 Test Street, Bolton BL1 1AA

MISSING EPISODE
MP ref: MP-2026-0900{n}
Reported missing: 0{n}/01/2026 19:45
Returned: 0{n}/01/2026 23:20
RHI date: 0{m}/01/2026 16:30
Interviewer: {worker}
Agency: {agency}

EXPERIENCES WHILE MISSING
Robin went to a flat with an older man who calls himself {formula}. Another adult, {script}, \
drove them about in a car.

PRACTITIONER REFLECTION
Robin is being groomed by adults who give him somewhere to go.

ACTIONS
1. Share with police.
"""


def _write_note(folder: Path, store: SQLiteStore, n: int, worker: str, agency: str) -> str:
    path = folder / f"rhi_C-900{n}_2026-01-0{n + 2}.txt"
    path.write_text(NOTE.format(child=f"C-900{n}", n=n, m=n + 2, worker=worker, agency=agency,
                                formula=FORMULA, script=SCRIPT), "utf-8")
    source = read(path)
    result = note_document(source)
    text = source.text or ""
    for written in (FORMULA, SCRIPT):
        start = text.index(written)
        result["entities"].append({"type": "PERSON", "text": written, "start": start,
                                   "end": start + len(written), "role": "ADULT_OF_CONCERN",
                                   "normalised": written.casefold(), "aliases": [],
                                   "attributes": {}})
    store.write(extraction_batch(source, result))
    return path.name


def _hostile_store(tmp_path: Path) -> tuple[SQLiteStore, list[str]]:
    store = SQLiteStore(tmp_path / "hostile.db")
    folder = tmp_path / "notes"
    folder.mkdir()
    notes = [_write_note(folder, store, 1, "Alex Hart", "Bolton Missing From Home Team"),
             _write_note(folder, store, 2, "Sam Patel", "Wigan Missing From Home Team")]
    return store, notes


def test_hostile_names_are_text_in_word_and_json(tmp_path: Path) -> None:
    store, notes = _hostile_store(tmp_path)
    try:
        draft = draft_isf(store, notes[0], today=dt.date(2026, 1, 10))
    finally:
        store.close()
    names = {s["name"] for s in draft["subjects"]}
    assert {FORMULA, SCRIPT} <= names
    word = write_draft(draft, tmp_path / "draft.docx")
    paragraphs = [p.text for p in docx.Document(str(word)).paragraphs]
    assert f"1. Name: {FORMULA}" in paragraphs or f"2. Name: {FORMULA}" in paragraphs
    assert any(p.endswith(f"Name: {SCRIPT}") for p in paragraphs)
    assert any(p.startswith("Robin went") and p.endswith(FORMULA + ".") for p in paragraphs)
    assert any(p.startswith("Another adult") and SCRIPT in p for p in paragraphs)
    parsed = parse_form_text(read(word).text or "")
    assert {s.name for s in parsed.subjects} >= {FORMULA, SCRIPT}
    as_json = write_draft(draft, tmp_path / "draft.json")
    data = json.loads(as_json.read_text("utf-8"))
    assert {s["name"] for s in data["subjects"]} >= {FORMULA, SCRIPT}
    assert {s.name for s in parse_form_json(data).subjects} >= {FORMULA, SCRIPT}


def test_hostile_names_are_neutralised_in_csv(tmp_path: Path) -> None:
    store, _notes = _hostile_store(tmp_path)
    try:
        rows = cross_worker(store)
        triaged = triage(store)
    finally:
        store.close()
    labels = {r["label"] for r in rows}
    assert {FORMULA, SCRIPT} <= labels
    assert all(r["triage"] == "intelligence_bearing" for r in triaged)
    parsed = list(csv.DictReader(io.StringIO(as_csv(rows, ["label", "variants", "workers"]))))
    cells = {row["label"] for row in parsed}
    assert "'" + FORMULA in cells and SCRIPT in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in parsed
                   for cell in row.values())
    manager = add_account(tmp_path / "hostile.db", "desk.manager", "RHI_MANAGER")
    output = CliRunner().invoke(main, ["--db", str(tmp_path / "hostile.db"), "cross-worker",
                                       "--format", "csv"], env=manager)
    assert output.exit_code == 0, output.output
    printed = list(csv.reader(io.StringIO(output.output)))
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in printed for cell in row)
    assert any(cell == "'" + FORMULA for row in printed for cell in row)
