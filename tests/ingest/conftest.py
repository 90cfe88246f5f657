"""Fixtures for the ingest tests: the shared samples and builders of real files.

Files are made in ``tmp_path`` with the libraries users' software would use (python-docx,
fpdf2, openpyxl) so that readers are tested on real bytes, not mocks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("shared/samples is not beside the repository")
    return SAMPLES


@pytest.fixture
def make_docx(tmp_path: Path) -> Callable[..., Path]:
    """Build a .docx from paragraphs and tables (lists of rows of cell texts), in order."""
    import docx

    def make(name: str, *blocks: str | list[list[str]]) -> Path:
        document = docx.Document()
        for block in blocks:
            if isinstance(block, str):
                document.add_paragraph(block)
            else:
                table = document.add_table(rows=len(block), cols=max(len(r) for r in block))
                for row, cells in zip(table.rows, block, strict=False):
                    for cell, value in zip(row.cells, cells, strict=False):
                        cell.text = value
        path = tmp_path / name
        document.save(path)
        return path

    return make


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """Build a .pdf with a text layer; each item of ``pages`` is one page's lines."""
    from fpdf import FPDF

    def make(name: str, *pages: list[str], password: str | None = None) -> Path:
        pdf = FPDF()
        if password is not None:
            pdf.set_encryption(owner_password="owner", user_password=password)
        pdf.set_font("Helvetica", size=10)
        for lines in pages:
            pdf.add_page()
            for line in lines:
                pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        path = tmp_path / name
        pdf.output(str(path))
        return path

    return make


@pytest.fixture
def make_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """Build a .xlsx whose first sheet holds ``rows`` (a list of lists of cell values)."""
    from openpyxl import Workbook

    def make(name: str, rows: list[list[object]], *, text_cells: bool = False) -> Path:
        book = Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(row)
        if text_cells:  # store "=..." as text, the way Excel does for a typed apostrophe
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        cell.data_type = "s"
        path = tmp_path / name
        book.save(path)
        return path

    return make
