"""RHI notes onto records: the 12 gold samples, label variants, sections, nil returns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.notes import SECTIONS, note_text_from_row, parse_note, split_worker

#: Gold fields that the note does not state, so the parser leaves them ``None``: the gold
#: annotator took them from episodes.csv or inferred them from the prose (a weekday, "the
#: next day"). Anything the parser *does* return must equal the gold value.
NOT_STATED = {
    "nil_C-1006_2026-01-27": {"reported_missing_at", "returned_at", "missing_from", "found_at"},
    "rhi_C-1001_2026-01-22": {"missing_from", "police_risk"},
    "rhi_C-1004_2026-01-08": {"reported_missing_at", "returned_at", "missing_from",
                              "found_at"},
    "rhi_C-1005_2026-01-20": {"reported_missing_at", "returned_at", "missing_from", "found_at",
                              "responsible_la"},
}
NOTES = [f"rhi_C-100{c}_{d}" for c, d in [
    (1, "2026-01-05"), (1, "2026-01-22"), (2, "2026-01-05"), (2, "2026-01-21"),
    (3, "2026-01-05"), (3, "2026-01-19"), (4, "2026-01-08"), (4, "2026-01-23"),
    (5, "2026-01-07"), (5, "2026-01-20")]] + ["nil_C-1006_2026-01-13", "nil_C-1006_2026-01-27"]
LABELLED = {"rhi_C-1001_2026-01-05", "rhi_C-1002_2026-01-21", "rhi_C-1003_2026-01-19",
            "rhi_C-1004_2026-01-23", "rhi_C-1005_2026-01-07", "nil_C-1006_2026-01-13"}


@pytest.mark.parametrize("name", NOTES)
def test_gold_fields(samples: Path, name: str) -> None:
    text = (samples / f"{name}.txt").read_text(encoding="utf-8")
    gold = json.loads((samples / f"{name}.gold.json").read_text(encoding="utf-8"))["document"]
    note = parse_note(text)
    expected = dict(gold["fields"])
    assert note.nil_return is expected.pop("nil_return")
    assert note.fields["child_id"] == gold["child_id"]
    assert note.fields["interview_at"][:10] == gold["date"]
    for key, value in expected.items():
        if key in NOT_STATED.get(name, ()):
            assert note.fields.get(key) is None, key
        else:
            assert note.fields.get(key) == value, key
    # the narrative header gives the child's name and dob too
    assert note.fields["child_name"]
    assert set(note.sections) <= set(SECTIONS)
    for start, end in note.sections.values():
        assert 0 <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()


@pytest.mark.parametrize("name", sorted(LABELLED))
def test_labelled_notes_have_every_section(samples: Path, name: str) -> None:
    note = parse_note((samples / f"{name}.txt").read_text(encoding="utf-8"))
    assert set(note.sections) == set(SECTIONS)
    assert note.actions


def test_sections_and_actions_of_a_labelled_note(samples: Path) -> None:
    text = (samples / "rhi_C-1001_2026-01-05.txt").read_text(encoding="utf-8")
    note = parse_note(text)
    start, end = note.sections["risk_factors"]
    assert text[start:end].startswith("association with older males")
    start, end = note.sections["protective_factors"]
    assert text[start:end].startswith("good relationship with her key worker")
    assert note.fields["dob"] == "2010-09-22"
    assert note.fields["known_to_services"].startswith("LAC (Bolton)")
    assert note.actions[1] == "Social worker to request a strategy discussion"


def test_narrative_note_header(samples: Path) -> None:
    text = (samples / "rhi_C-1002_2026-01-05.txt").read_text(encoding="utf-8")
    note = parse_note(text)
    assert note.fields["child_name"] == "Tyler HODGSON"
    assert note.fields["dob"] == "2010-02-03"
    assert note.fields["episode_id"] == "MP-2026-00004"
    assert note.fields["interviewer"] == "Lee Fairclough"
    start, _ = note.sections["practitioner_reflection"]
    assert text[start:].startswith("clear indicators of criminal exploitation")
    assert note.actions[0] == "ISF to GMP re Zee, the phone number and the Caunce Street flat"


def test_unknown_labels_are_kept(samples: Path) -> None:
    note = parse_note((samples / "rhi_C-1005_2026-01-07.txt").read_text(encoding="utf-8"))
    assert note.fields["placement"].startswith("Brookfield View, 56 Dalton Drive")
    assert note.fields["responsible_la"] == "Blackburn with Darwen"
    assert note.fields["host_la"] == "Wigan"


@pytest.mark.parametrize(("label", "field"), [
    ("Child", "child_name"), ("Young person", "child_name"), ("Name", "child_name"),
    ("DOB", "dob"), ("Date of birth", "dob"), ("D.O.B.", "dob"),
    ("Child ref", "child_id"), ("ID", "child_id"), ("LA ref", "child_id"),
    ("Episode", "episode_id"), ("MP ref", "episode_id"),
    ("Reported missing", "reported_missing_at"), ("Returned", "returned_at"),
    ("Found", "returned_at"), ("Returned / Found", "returned_at"),
    ("Missing from", "missing_from"), ("Found at", "found_at"), ("Police risk", "police_risk"),
    ("Date of interview", "interview_at"), ("RHI date", "interview_at"),
    ("Interviewer", "interviewer"), ("Worker", "interviewer"), ("Agency", "agency"),
    ("Known to services", "known_to_services"), ("Address", "address"),
])
def test_label_variants(label: str, field: str) -> None:
    values = {"dob": ("03/04/2010", "2010-04-03"), "reported_missing_at":
              ("03/04/2026 21:30", "2026-04-03T21:30"), "returned_at": ("2026-04-04", "2026-04-04"),
              "interview_at": ("5 April 2026 at 2.15pm", "2026-04-05T14:15"),
              "police_risk": ("HIGH", "high")}
    written, expected = values.get(field, ("Some value", "Some value"))
    note = parse_note(f"RETURN HOME INTERVIEW\n{label}: {written}\n")
    assert note.fields[field] == expected


def test_two_labels_on_one_line_and_tabs() -> None:
    note = parse_note("Young person: Tyler Hodgson\nDOB: 03/02/2010\tID: C-1002\n"
                      "Worker: Lee Fairclough    Agency: Wigan Missing From Home Team\n")
    assert note.fields == {"child_name": "Tyler Hodgson", "dob": "2010-02-03",
                           "child_id": "C-1002", "interviewer": "Lee Fairclough",
                           "agency": "Wigan Missing From Home Team"}


def test_a_date_that_is_not_a_date_is_kept_as_written() -> None:
    note = parse_note("Name: A\nReported missing: 31/02/2026 19:00\nReturned: not yet\n")
    assert "reported_missing_at" not in note.fields
    assert note.fields["reported_missing_at_raw"] == "31/02/2026 19:00"
    assert note.fields["returned_at_raw"] == "not yet"
    assert len(note.warnings) == 2 and all("31/02" not in w for w in note.warnings)


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", '=HYPERLINK("http://x")'])
def test_hostile_names_are_plain_text(name: str) -> None:
    note = parse_note(f"RETURN HOME INTERVIEW\nName: {name}\nChild ref: C-9\n\n"
                      f"REASONS FOR GOING MISSING\n{name} said: nothing\n")
    assert note.fields["child_name"] == name
    assert note.fields["child_id"] == "C-9"
    assert "reasons" in note.sections


@pytest.mark.parametrize(("text", "nil"), [
    ("Nil return. NFA.", True),
    ("No concerns identified.", True),
    ("Harvey did not disclose anything.", True),
    ("This is not a nil return: she was with Deano.", False),
    ("No concerns about this - Mike was on shift.", False),
    ("She did not disclose anything about the lads who were there.", False),
])
def test_nil_return(text: str, nil: bool) -> None:
    assert parse_note(f"RETURN HOME INTERVIEW\nName: A\n\n{text}\n").nil_return is nil


def test_actions_styles() -> None:
    bullets = parse_note("ACTIONS\n- Share the number\n  with GMP.\n- Refer to NRM.\n")
    assert bullets.actions == ["Share the number with GMP", "Refer to NRM"]
    inline = parse_note("Actions: ISF to GMP (phone; car); discuss at MACE.\n")
    assert inline.actions == ["ISF to GMP (phone; car)", "discuss at MACE"]


def test_worker_split() -> None:
    assert split_worker("L Fairclough") == ("L Fairclough", None)
    assert split_worker("Sian Entwistle, Bolton MFH") == ("Sian Entwistle", "Bolton MFH")


def test_note_from_an_export_row() -> None:
    row = {"Child ref": "C-1001", "Name": "Kayla", "RHI date": "05/01/2026 16:30",
           "Reasons for going missing": "Bored.", "Social worker": "Nadia Hussain",
           "Actions": "ISF to GMP; strategy discussion"}
    text = note_text_from_row(row)
    note = parse_note(text)
    assert note.fields["child_id"] == "C-1001"
    assert note.fields["interview_at"] == "2026-01-05T16:30"
    assert note.fields["social_worker"] == "Nadia Hussain"
    start, end = note.sections["reasons"]
    assert text[start:end] == "Bored."
    assert note.actions == ["ISF to GMP", "strategy discussion"]


def test_narrowed_spaces_from_a_pdf_still_split_known_labels() -> None:
    note = parse_note("Name: Tyler Hodgson\nDOB: 03/02/2010 ID: C-1002\n"
                      "Worker: Lee Fairclough Agency: Wigan Missing From Home Team\n")
    assert note.fields["dob"] == "2010-02-03" and note.fields["child_id"] == "C-1002"
    assert note.fields["interviewer"] == "Lee Fairclough"
    assert note.fields["agency"] == "Wigan Missing From Home Team"
