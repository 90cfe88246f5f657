"""HTML, PDF, JSON and text drawn from one pack: escaped, extractable, complete."""

from __future__ import annotations

import io
import json
import re

import pypdf
import pytest

from graph.exc import InvalidValue
from graph.meetings.sections import column, figure, pack, section, table
from graph.report import render, write
from graph.report.to_text import to_text

HOSTILE = "<script>alert(1)</script>"
WEEK_IDS = ["MP-2", "MP-5", "MP-6", "MP-10", "MP-9", "MP-3"]


def test_the_hostile_name_is_in_the_pack_as_data(weekly) -> None:
    names = {r["child_name"] for r in section(weekly, "episodes")["rows"]}
    assert HOSTILE in names


def test_html_escapes_every_value(weekly) -> None:
    html = render(weekly, ".html").decode("utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for episode_id in WEEK_IDS:
        assert f">{episode_id}<" in html
    assert "OFFICIAL-SENSITIVE" in html


def test_svg_labels_and_titles_are_escaped_too() -> None:
    graph = {"nodes": [{"id": "Person:x", "type": "Person", "x": 0.5, "y": 0.5,
                        "label": '<img src=x onerror=alert(1)>'},
                       {"id": "Child:C-1", "type": "Child", "x": 0.1, "y": 0.2,
                        "label": "C-1"}],
             "edges": [{"source": "Person:x", "target": "Child:C-1", "types": ["WITH"],
                        "weight": 1}]}
    hostile = pack("test", '"><script>alert(2)</script>', period=None,
                   as_of=__import__("datetime").datetime(2026, 1, 1),
                   headline=[("<b>bold</b>", "<i>x</i>")],
                   sections=[figure("network", "<svg onload=alert(3)>", graph),
                             table("t", "T", [column("a", "<th>")], [{"a": "&amp;"}])])
    html = render(hostile, ".html").decode("utf-8")
    assert "<img" not in html and "<script" not in html and "<svg onload" not in html
    assert "<b>" not in html and "<i>" not in html
    assert '<th scope="col">&lt;th&gt;</th>' in html
    assert "&amp;amp;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("<svg ") == 1


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_text_is_extractable_and_holds_every_episode_id(weekly) -> None:
    data = render(weekly, ".pdf")
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    compact = re.sub(r"\s+", "", text)
    for episode_id in WEEK_IDS:
        assert episode_id in compact
    assert "Weekly missing meeting: 2026-W01" in text
    assert "OFFICIAL-SENSITIVE" in text
    assert HOSTILE in compact


def test_json_lists_each_episode_by_its_id(weekly) -> None:
    data = json.loads(render(weekly, ".json"))
    episodes = next(s for s in data["sections"] if s["id"] == "episodes")
    assert [r["episode_id"] for r in episodes["rows"]] == WEEK_IDS
    assert data["kind"] == "weekly" and data["period"]["label"] == "2026-W01"
    assert data["period"]["first"] == "2025-12-29"


def test_text_summary_reads_as_text(weekly) -> None:
    text = to_text(weekly)
    assert "Episodes reported: 6" in text
    assert "MP-3" in text and HOSTILE in text


def test_write_picks_the_format_by_extension(weekly, tmp_path) -> None:
    for suffix in (".html", ".pdf", ".json"):
        path = write(weekly, tmp_path / f"pack{suffix}")
        assert path.stat().st_size > 500
    assert not list(tmp_path.glob(".*partial"))
    with pytest.raises(InvalidValue):
        write(weekly, tmp_path / "pack.docx")


def test_pdf_without_a_unicode_font_still_renders(weekly, monkeypatch) -> None:
    from graph.report import to_pdf

    monkeypatch.setattr(to_pdf, "FONT_CANDIDATES", ())
    text = _pdf_text(to_pdf.to_pdf(weekly))
    assert "MP-10" in re.sub(r"\s+", "", text)
