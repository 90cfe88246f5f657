"""i2 Analyst's Notebook import: one CSV row per link, both ends and the provenance.

This is the "entity - link - entity" row layout that Analyst's Notebook's Import wizard takes
(Home > Import Data, a new specification from a text file): each row becomes two entities
and a link between them, and entities with the same identity merge on the chart. Map the
columns in the specification as follows (the header row names them):

================================  ====================================================
column                            Analyst's Notebook
================================  ====================================================
entity1_id, entity1_type,         Entity 1: Identity, Type (pick an icon per type),
entity1_label                     Label
link_type                         Link: Type and Label
entity2_id, entity2_type,         Entity 2: Identity, Type, Label
entity2_label
date, time                        Link: Date and Time (ISO ``YYYY-MM-DD``, ``HH:MM:SS``)
document                          Link: Source Reference
agency                            Link: Source Type
source_evaluation,                Link: Grade 1, Grade 2, Grade 3 (set the chart's
intelligence_assessment,          grading system to 3x5x2: A-C, 1-5, P/C)
handling_code
grading, submitted_by, child_id,  Link attributes (``grading`` is the compact ``B2P``
link_id                           code, ``ungraded`` for RHI notes)
================================  ====================================================

The file is UTF-8 with a byte-order mark and CRLF line ends, which Excel and the i2 wizard
both read without asking; every text cell is formula-neutralised.
"""

from __future__ import annotations

import csv
from pathlib import Path

from graph.export.cells import text
from graph.export.network import grading_code, selected
from graph.store import Filters, Store

COLUMNS = ("entity1_id", "entity1_type", "entity1_label", "link_type", "entity2_id",
           "entity2_type", "entity2_label", "date", "time", "document", "source_evaluation",
           "intelligence_assessment", "handling_code", "grading", "agency", "submitted_by",
           "child_id", "link_id")


def _date_time(observed_at: str | None) -> tuple[str | None, str | None]:
    if not observed_at:
        return None, None
    date, _, time = observed_at.partition("T")
    return date, (time[:8] or None)


def write(store: Store, out: Path, filters: Filters | None = None) -> dict[str, int]:
    """Write ``out`` (a ``.csv`` file); return the number of link rows."""
    entities, links = selected(store, filters)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for link in links:
            source, target = entities[link["source_id"]], entities[link["target_id"]]
            date, time = _date_time(link["observed_at"])
            writer.writerow(text(value) for value in (
                source["id"], source["type"], source["label"], link["type"],
                target["id"], target["type"], target["label"], date, time,
                link["document_id"], link["source_evaluation"],
                link["intelligence_assessment"], link["handling_code"], grading_code(link),
                link["agency"], link["submitted_by"], link["child_id"], link["id"]))
    return {"links": len(links), "entities": len(entities)}
