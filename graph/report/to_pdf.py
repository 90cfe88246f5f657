"""A pack as a PDF (fpdf2), from the same sections as the HTML: A4 landscape, the marking
and page numbers on every page, table headings repeated across pages.

Text is real text (extractable, searchable, readable by screen readers), never an image of
text. A Unicode TrueType font (DejaVu Sans) is used when the machine has one, so names
outside Latin-1 print as written; otherwise the built-in Helvetica, with characters it
cannot draw replaced. The network picture is drawn with PDF shapes from the same layout the
HTML's SVG uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from fpdf import FPDF, FontFace
from fpdf.enums import WrapMode, XPos, YPos

from graph.report.cells import cell, marking
from graph.report.svg import STYLE

FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    ("/Library/Fonts/DejaVuSans.ttf", "/Library/Fonts/DejaVuSans-Bold.ttf"),
)
#: Relative column widths by kind: free text and addresses get the room.
WIDTHS = {"text": 3.0, "address": 2.4, "place": 2.2, "person": 1.6, "identifier": 1.6,
          "when": 1.35, "number": 0.8, "child": 1.0, "child_name": 1.4, "children": 1.9,
          "reference": 1.35, "references": 1.9, "authority": 1.4, "plain": 1.2}
_LATIN1 = str.maketrans({"\u2026": "...", "\u2013": "-", "\u2014": "-", "\u2018": "'",
                         "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00b7": "-"})


class _Document(FPDF):
    def __init__(self, pack: Mapping[str, Any]) -> None:
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.pack = pack
        self.family = "Helvetica"
        self.unicode = False
        for regular, bold in FONT_CANDIDATES:
            if Path(regular).is_file() and Path(bold).is_file():
                self.add_font("DejaVu", "", regular)
                self.add_font("DejaVu", "B", bold)
                self.family, self.unicode = "DejaVu", True
                break
        self.set_margins(10, 14, 10)
        self.set_auto_page_break(True, margin=14)
        self.set_title(self.text(pack["title"]))
        self.set_creator("rhigraph")

    def text(self, value: Any) -> str:
        """A value as text this document's font can draw."""
        rendered = cell(value)
        if self.unicode:
            return rendered
        return rendered.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")

    def header(self) -> None:
        self.set_font(self.family, "B", 8)
        self.set_y(5)
        self.cell(0, 5, self.text(marking(self.pack)), align="C")
        self.set_y(14)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(self.family, "", 7)
        self.cell(0, 5, self.text(f"{marking(self.pack)} - {self.pack['title']} - page "
                                  f"{self.page_no()}/{{nb}}"), align="C")


def _para(pdf: _Document, height: float, text: str) -> None:
    """A paragraph across the page, leaving the cursor at the left margin below it."""
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _widths(columns: Sequence[Mapping[str, str]], total: float) -> list[float]:
    weights = [WIDTHS.get(c["kind"], 1.2) for c in columns]
    scale = total / sum(weights)
    return [w * scale for w in weights]


def _table(pdf: _Document, section: Mapping[str, Any]) -> None:
    columns, rows = section["columns"], section["rows"]
    pdf.set_font(pdf.family, "", 7.5)
    if section.get("record"):
        with pdf.table(col_widths=(60, 200), width=260, align="LEFT", line_height=4.2,
                       first_row_as_headings=False, text_align="LEFT") as grid:
            for column in columns:
                line = grid.row()
                line.cell(pdf.text(column["label"]))
                line.cell(pdf.text(rows[0].get(column["key"])))
        return
    with pdf.table(col_widths=_widths(columns, pdf.epw), width=pdf.epw, line_height=3.8,
                   text_align="LEFT", wrapmode=WrapMode.WORD, repeat_headings=1,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(232, 238, 245))
                   ) as grid:
        heading = grid.row()
        for column in columns:
            heading.cell(pdf.text(column["label"]))
        for row in rows:
            line = grid.row()
            for column in columns:
                line.cell(pdf.text(row.get(column["key"])))


def _shape(pdf: _Document, shape: str, x: float, y: float, size: float) -> None:
    """The same shape per type as the SVG legend, so the picture reads without colour."""
    if shape == "circle":
        pdf.circle(x, y, size, style="F")
    elif shape == "square":
        pdf.rect(x - size, y - size, 2 * size, 2 * size, style="F")
    elif shape == "diamond":
        d = size * 1.3
        pdf.polygon([(x, y - d), (x + d, y), (x, y + d), (x - d, y)], style="F")
    else:
        d = size * 1.2
        pdf.polygon([(x, y - d), (x + d, y + size), (x - d, y + size)], style="F")


def _figure(pdf: _Document, section: Mapping[str, Any]) -> None:
    graph = section["graph"]
    nodes = {n["id"]: n for n in graph.get("nodes", [])}
    if not nodes:
        pdf.set_font(pdf.family, "", 8)
        _para(pdf, 4, pdf.text("Nothing to draw in this period."))
        return
    if pdf.get_y() > 60:
        pdf.add_page()
    left, top, width = pdf.l_margin + 5, pdf.get_y() + 10, pdf.epw - 45
    height = pdf.h - pdf.b_margin - top - 8
    pdf.set_auto_page_break(False)  # labels near the bottom must not start a new page

    def at(node: Mapping[str, Any]) -> tuple[float, float]:
        return left + float(node["x"]) * width, top + float(node["y"]) * height

    pdf.set_font(pdf.family, "", 7)
    x = left
    for colour, shape, label in STYLE.values():
        pdf.set_fill_color(colour)
        _shape(pdf, shape, x + 1.5, top - 5.5, 1.5)
        pdf.set_xy(x + 4, top - 8)
        pdf.cell(30, 5, pdf.text(label))
        x += 8 + pdf.get_string_width(label) + 4
    pdf.set_draw_color(160, 160, 160)
    for edge in graph.get("edges", []):
        if edge["source"] in nodes and edge["target"] in nodes:
            pdf.set_line_width(min(0.8, 0.15 + 0.1 * float(edge.get("weight", 1))))
            pdf.line(*at(nodes[edge["source"]]), *at(nodes[edge["target"]]))
    for node in nodes.values():
        colour, shape, _ = STYLE.get(node["type"], ("#000000", "circle", ""))
        x, y = at(node)
        pdf.set_fill_color(colour)
        _shape(pdf, shape, x, y, 1.6)
        pdf.set_xy(x + 2, y - 2)
        pdf.cell(40, 4, pdf.text(node["label"]))
    pdf.set_auto_page_break(True, margin=14)
    pdf.set_y(top + height + 6)


def to_pdf(pack: Mapping[str, Any]) -> bytes:
    """The pack as the bytes of a PDF file."""
    pdf = _Document(pack)
    pdf.add_page()
    pdf.set_font(pdf.family, "B", 15)
    _para(pdf, 7, pdf.text(pack["title"]))
    pdf.set_font(pdf.family, "", 8.5)
    period = pack.get("period")
    meta = f"Figures as of {cell(pack['as_of'])}; produced {cell(pack['generated_at'])}."
    if period:
        meta = f"Period {cell(period['first'])} to {cell(period['last'])}. " + meta
    _para(pdf, 4.5, pdf.text(meta))
    pdf.ln(1)
    pdf.set_font(pdf.family, "", 8)
    with pdf.table(col_widths=(70, 25), width=95, align="LEFT", line_height=4.2,
                   first_row_as_headings=False, text_align="LEFT") as grid:
        for item in pack["headline"]:
            line = grid.row()
            line.cell(pdf.text(item["label"]))
            line.cell(pdf.text(item["value"]))
    for note in pack.get("notes") or []:
        pdf.set_font(pdf.family, "", 7.5)
        _para(pdf, 4, pdf.text(note))
    for section in pack["sections"]:
        if pdf.get_y() > pdf.h - 40:
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font(pdf.family, "B", 11)
        _para(pdf, 6, pdf.text(section["title"]))
        if section.get("note"):
            pdf.set_font(pdf.family, "", 7.5)
            _para(pdf, 3.8, pdf.text(section["note"]))
        if section["type"] == "figure":
            _figure(pdf, section)
        elif not section["rows"]:
            pdf.set_font(pdf.family, "", 8)
            _para(pdf, 4.5, pdf.text(section.get("empty") or "None."))
        else:
            _table(pdf, section)
    return bytes(pdf.output())
