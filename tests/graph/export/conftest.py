"""A real SQLite store holding a small graph whose text tries to run spreadsheet formulas.

Labels, props, agencies and submitters start with ``=``, ``+``, ``-`` and ``@`` as hostile or
careless data would; every export must write them so that a spreadsheet shows them as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.provenance import Grading
from graph.store import (
    Batch,
    DocumentRecord,
    EntityRecord,
    IndicatorRecord,
    LinkRecord,
    MentionRecord,
    SQLiteStore,
)

HOSTILE = ('=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1:A9)")


def graph_batches() -> list[Batch]:
    """Two documents: a graded form (handling code C) and an ungraded RHI note."""
    flat = EntityRecord("Location", "18 mossfield court", "18 Mossfield Court",
                        {"postcode": "BL1 2RF", "latitude": 53.58, "longitude": -2.43})
    deano = EntityRecord("Person", "deano", HOSTILE[0],
                         {"role": "ADULT_OF_CONCERN", "nickname": HOSTILE[1], "age": 24,
                          "aliases": ["Deano", "D"], "label": "escaped"})
    car = EntityRecord("Vehicle", "MK15XRT", "MK15 XRT", {"colour": HOSTILE[2]})
    form = DocumentRecord("isf1", "intel_form", "h1", child_id="C-1", date="2026-01-23",
                          submitted_by=HOSTILE[3], agency="GMP", grading=Grading("B", "2", "C"),
                          fields={"categories": ["CSE"]}, text="Deano took C-1 to the flat.")
    child1 = EntityRecord("Child", "C-1", "Jade Turner", {"child_id": "C-1"})
    doc1 = EntityRecord("Document", "isf1", "isf1", {"kind": "intel_form"})
    first = Batch(form, [doc1, child1, flat, deano, car],
                  [MentionRecord(deano.id, "Deano", 0, 5, "ADULT_OF_CONCERN", ("D",))],
                  [LinkRecord("WITH", child1.id, deano.id, "C-1", 0, 5,
                              props={"note": HOSTILE[2]}),
                   LinkRecord("TRANSPORTED_BY", child1.id, car.id, "C-1"),
                   LinkRecord("AT", child1.id, flat.id, "C-1"),
                   LinkRecord("USES", deano.id, car.id, "C-1"),
                   LinkRecord("MENTIONED_IN", deano.id, doc1.id, "C-1", 0, 5),
                   LinkRecord("MENTIONED_IN", car.id, doc1.id, "C-1")],
                  [IndicatorRecord("CSE", "took her to the flat", 6, 26)])
    note = DocumentRecord("rhi1", "rhi_note", "h2", child_id="C-2", date="2026-02-02T14:05:00",
                          submitted_by="worker", agency="Bolton MFH")
    child2 = EntityRecord("Child", "C-2", "Kai Smith", {"child_id": "C-2"})
    doc2 = EntityRecord("Document", "rhi1", "rhi1", {"kind": "rhi_note"})
    second = Batch(note, [doc2, child2, flat],
                   [MentionRecord(flat.id, "the flat on Mossfield", 10, 31)],
                   [LinkRecord("AT", child2.id, flat.id, "C-2", 10, 31),
                    LinkRecord("AT", child2.id, flat.id, "C-2", 40, 44),
                    LinkRecord("MENTIONED_IN", flat.id, doc2.id, "C-2", 10, 31)])
    return [first, second]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """The small hostile graph in a fresh SQLite file."""
    opened = SQLiteStore(tmp_path / "graph.db")
    for batch in graph_batches():
        opened.write(batch)
    try:
        yield opened
    finally:
        opened.close()
