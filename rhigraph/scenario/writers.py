"""Write a rendered document as .txt, .docx, .pdf or .json, byte-for-byte reproducibly.

Word and PDF libraries stamp files with the current time (zip entry dates, core properties,
PDF creation dates); every such stamp is pinned to the document's own date so the same seed
always produces identical bytes, which is what lets tests and benchmarks compare runs.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from .document import Blank, Document, Field, Heading, Line, Rendered

AUTHOR = "rhigraph scenario generator (fictional data)"
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def pdf_safe(text: str) -> str:
    """Text the PDF core fonts can encode (latin-1); anything else becomes ``?``."""
    if text.isascii():
        return text
    return text.encode("latin-1", "replace").decode("latin-1")


def write_txt(path: Path, rendered: Rendered) -> None:
    path.write_text(rendered.text, encoding="utf-8", newline="\n")


def write_json(path: Path, payload: dict[str, Any]) -> None:
    """Indented JSON, as people write it (used for the section 4 forms)."""
    path.write_text(
        json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n"
    )


def dumps_lines(payload: dict[str, Any]) -> str:
    """JSON with one top-level key per line and one list item per line.

    Readable in a diff and fast: ``json.dumps(indent=...)`` falls back to the pure-Python
    encoder, which made gold files and truth.json the slowest part of a 100,000-note run.
    """
    one = _ENCODE
    lines = []
    for key, value in payload.items():
        if isinstance(value, list) and value and isinstance(value[0], dict | list):
            items = ",\n  ".join(one(item) for item in value)
            lines.append(f" {one(key)}: [\n  {items}\n ]")
        else:
            lines.append(f" {one(key)}: {one(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def write_lines_json(path: Path, payload: dict[str, Any]) -> None:
    path.write_text(dumps_lines(payload), encoding="utf-8", newline="\n")


@lru_cache(maxsize=1)
def _docx_template() -> bytes:
    """python-docx's default template, loaded once (opening it per file is the slow part)."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def write_docx(path: Path, doc: Document, rendered: Rendered) -> None:
    """Labelled fields as a two-column table, headings in bold, sections as paragraphs."""
    import docx

    word = docx.Document(io.BytesIO(_docx_template()))
    moment = dt.datetime.combine(doc.date, dt.time(12))
    props = word.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.title = doc.id
    props.created = moment
    props.modified = moment
    props.last_printed = moment
    props.revision = 1
    table = None
    for block, text in rendered.lines:
        if isinstance(block, Field):
            if table is None:
                table = word.add_table(rows=0, cols=2)
                table.style = "Table Grid"
            cells = table.add_row().cells
            cells[0].text = block.label
            cells[1].text = text
            continue
        table = None
        if isinstance(block, Heading):
            word.add_paragraph().add_run(text).bold = True
        elif isinstance(block, Line):
            word.add_paragraph(text)
        elif isinstance(block, Blank):
            continue
    path.write_bytes(_docx_bytes(word, doc.date))


class _PinnedZip:
    """python-docx's physical-package writer interface, with every entry dated ``day``.

    python-docx stamps zip entries with the current time; writing the parts ourselves pins
    the dates (same seed, same bytes) in one pass instead of saving and re-zipping.
    """

    def __init__(self, buffer: io.BytesIO, day: dt.date) -> None:
        self.zip = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.stamp = (day.year, day.month, day.day, 12, 0, 0)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.add(pack_uri.membername, blob)

    def add(self, name: str, blob: bytes) -> None:
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        self.zip.writestr(info, blob, compresslevel=1)

    def close(self) -> None:
        self.zip.close()


def _docx_bytes(word: Any, day: dt.date) -> bytes:
    package = word.part.package
    buffer = io.BytesIO()
    try:
        from docx.opc.pkgwriter import PackageWriter

        for part in package.parts:
            part.before_marshal()
        writer = _PinnedZip(buffer, day)
        PackageWriter._write_content_types_stream(writer, package.parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, package.parts)
        writer.close()
        return buffer.getvalue()
    except (ImportError, AttributeError):  # python-docx internals moved: save, then re-zip
        buffer = io.BytesIO()
        word.save(buffer)
        return _pin_zip_times(buffer.getvalue(), day)


def _pin_zip_times(data: bytes, day: dt.date) -> bytes:
    """Rewrite a zip with every entry dated ``day``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    writer = _PinnedZip(out, day)
    for info in source.infolist():
        writer.add(info.filename, source.read(info.filename))
    writer.close()
    return out.getvalue()


def write_pdf(path: Path, doc: Document, rendered: Rendered) -> None:
    """A plain A4 PDF in Helvetica whose text extracts cleanly (``rendered`` is pdf-safe)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(dt.datetime.combine(doc.date, dt.time(12), tzinfo=dt.UTC))
    pdf.set_author(AUTHOR)
    pdf.set_title(doc.id)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    for block, text in rendered.lines:
        if isinstance(block, Heading):
            pdf.set_font("Helvetica", style="B", size=11)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        elif isinstance(block, Field):
            pdf.set_font("Helvetica", size=10)
            pdf.multi_cell(0, 5, f"{pdf_safe(block.label)}: {text}", new_x="LMARGIN", new_y="NEXT")
        elif isinstance(block, Line):
            pdf.set_font("Helvetica", size=10)
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(3)
    path.write_bytes(bytes(pdf.output()))
