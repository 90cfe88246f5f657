"""PDFs: the text layer, and the ways a PDF can fail (truncated, encrypted, a scan)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.exc import ReadError
from ingest.classify import classify
from ingest.forms import parse_form_text
from ingest.readers import read

FORM = [
    "INFORMATION SHARING FORM",
    "Ref: ISF-BOL-2026-0009",
    "Submitted by: Priya Shah, Tenancy Enforcement Officer",
    "Agency: Moorfield Housing",
    "Date: 14/01/2026",
    "Categories: CSE, drugs",
]


def test_text_layer_of_every_page(make_pdf) -> None:
    path = make_pdf("form.pdf", FORM, ["Source: residents", "Third party: Yes",
                                       "Grading: B / 3 / C"])
    source = read(path)
    assert source.format == "pdf"
    assert "Ref: ISF-BOL-2026-0009" in source.text
    assert "Grading: B / 3 / C" in source.text
    assert classify(source) == "intel_form"
    form = parse_form_text(source.text)
    assert form.reference == "ISF-BOL-2026-0009"
    assert form.date == "2026-01-14"
    assert form.categories == ["CSE", "drugs"]
    assert form.grading.code == "B3C"
    assert form.third_party is True


def test_truncated_pdf(make_pdf) -> None:
    path = make_pdf("form.pdf", FORM)
    path.write_bytes(path.read_bytes()[:-300])
    with pytest.raises(ReadError, match="truncated") as caught:
        read(path)
    assert str(path) in str(caught.value)


def test_garbage_with_a_pdf_header(tmp_path: Path) -> None:
    path = tmp_path / "form.pdf"
    path.write_bytes(b"%PDF-1.7\nKayla SECRETNAME garbage\n%%EOF\n")
    with pytest.raises(ReadError) as caught:
        read(path)
    assert "SECRETNAME" not in str(caught.value)


def test_not_a_pdf_at_all(tmp_path: Path) -> None:
    path = tmp_path / "form.pdf"
    path.write_bytes(b"Kayla SECRETNAME, just text")
    with pytest.raises(ReadError, match="no %PDF header"):
        read(path)


def test_encrypted_pdf(make_pdf) -> None:
    path = make_pdf("locked.pdf", FORM, password="secret")
    with pytest.raises(ReadError, match="encrypted PDF"):
        read(path)


def test_owner_password_only_pdf_opens(make_pdf) -> None:
    path = make_pdf("owner.pdf", FORM, password="")
    assert "ISF-BOL-2026-0009" in read(path).text


def test_scan_without_text_layer(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # a picture of a page, no text
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(ReadError, match="no text layer"):
        read(path)


HEADER_FIELDS = ("child_name", "dob", "child_id", "episode_id", "reported_missing_at",
                 "returned_at", "missing_from", "found_at", "police_risk", "interview_at",
                 "interviewer", "agency")


@pytest.mark.parametrize("name", ["rhi_C-1002_2026-01-21", "rhi_C-1003_2026-01-05"])
def test_pdf_of_a_sample_note_gives_the_same_header(samples: Path, tmp_path: Path,
                                                    name: str) -> None:
    from fpdf import FPDF

    from ingest.notes import parse_note

    text = (samples / f"{name}.txt").read_text(encoding="utf-8")
    pdf = FPDF(orientation="L", format="A3")
    pdf.add_page()
    pdf.set_font("Helvetica", size=7)
    for line in text.split("\n"):
        pdf.multi_cell(0, 3, line.encode("latin-1", "replace").decode("latin-1") or " ",
                       new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / f"{name}.pdf"
    pdf.output(str(path))
    from_pdf = parse_note(read(path).text).fields
    from_txt = parse_note(text).fields
    assert {k: from_pdf.get(k) for k in HEADER_FIELDS} == \
        {k: from_txt.get(k) for k in HEADER_FIELDS}


def test_wrapped_lines_are_one_sentence_again(make_pdf) -> None:
    """A PDF wraps prose at the page edge; extraction must see "picked up by Rhys" whole,
    while headings, labelled lines and numbered actions keep their own lines."""
    prose = ("Eleanor said she was with Rhys Dyer the whole time. They were joined later by "
             "Leah Kent and then Eleanor got picked up by Rhys in a black corsa, reg started "
             "MF65, and Rhys is mid 20s and drives a red Seat with MA20 on the plate.")
    path = make_pdf("note.pdf", ["EXPERIENCES WHILE MISSING", prose,
                                 "RISK AND PROTECTIVE FACTORS", "Risk: being driven about",
                                 "1. ISF to GMP.", "2. Refer to Complex Safeguarding."])
    raw = read(path).text
    assert " ".join(prose.split()) in raw          # wrapped by the PDF, one line again
    lines = raw.splitlines()
    for own in ("EXPERIENCES WHILE MISSING", "RISK AND PROTECTIVE FACTORS",
                "Risk: being driven about", "1. ISF to GMP.",
                "2. Refer to Complex Safeguarding."):
        assert own in lines


def test_reflow_keeps_every_offset(make_pdf) -> None:
    """Only breaks become spaces: the text is as long as pypdf's, character for character
    elsewhere, so stored offsets stay true to the page."""
    from io import BytesIO

    from pypdf import PdfReader

    from ingest.readers.pdf import reflow

    prose = "word " * 80
    path = make_pdf("note.pdf", ["HEADING", prose, "Name: Kayla"])
    page = PdfReader(BytesIO(path.read_bytes())).pages[0].extract_text()
    flowed = reflow(page)
    assert len(flowed) == len(page)
    assert flowed != page
    assert all(a == b or (a, b) == ("\n", " ") for a, b in zip(page, flowed, strict=True))
