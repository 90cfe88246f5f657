"""What is missing or unfinished in the records: pure functions over service and store rows.

Three gaps change what a meeting can rely on:

- **RHIs not done**: an episode whose return home interview is overdue, still due, recorded
  as not done, or recorded in a way that cannot be right (before the return; "completed"
  with no date). The 72-hour clock is :func:`graph.meetings.rhi.rhi_status`.
- **Notes without extractions**: an RHI note or form from which nothing was extracted (no
  person, place, vehicle, phone or handle, and no indicator) either says nothing, which a nil
  return may, or was not understood, which someone should look at.
- **Unresolved mentions**: a mention resolution has not seen yet (it has not run since the
  record came in), so the person or place may be counted twice; and pairs resolution was
  not sure about, waiting in the review queue.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from graph.meetings.common import rhi_row
from graph.meetings.episodes import EpisodeView
from graph.meetings.rhi import rhi_status

#: RHI statuses that need someone to act or to correct the record, most urgent first.
NOT_DONE = ("overdue", "due", "done_before_return", "done_time_unknown", "not_done")
#: Entity types that count as something extracted from a note.
EXTRACTED_TYPES = frozenset({"Person", "Location", "Vehicle", "Phone", "OnlineAccount",
                             "Organisation"})
#: Document kinds written by people (and so extracted from).
WRITTEN_KINDS = ("rhi_note", "intel_form")


def rhis_not_done(episodes: Iterable[EpisodeView], as_of: dt.datetime
                  ) -> list[dict[str, Any]]:
    """Episodes whose RHI is not done (see :data:`NOT_DONE`), most urgent first, newest
    return first within a status; each a ``rhi_row`` with its raw ``state``."""
    rows = []
    for episode in episodes:
        state = rhi_status(episode, as_of)["status"]
        if state in NOT_DONE:
            rows.append({**rhi_row(episode, as_of), "state": state})
    rows.sort(key=lambda r: (str(r.get("returned_at") or "")), reverse=True)
    rows.sort(key=lambda r: NOT_DONE.index(r["state"]))
    return rows


def without_extractions(documents: Iterable[Mapping[str, Any]],
                        links: Iterable[Mapping[str, Any]],
                        indicators: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Notes and forms with no extracted entity and no indicator, newest first.

    >>> docs = [{"id": "n1", "kind": "rhi_note", "child_id": "C1", "date": "2026-01-02",
    ...          "fields": {"nil_return": True}},
    ...         {"id": "n2", "kind": "rhi_note", "child_id": "C1", "date": "2026-01-03",
    ...          "fields": {}}]
    >>> links = [{"source_id": "Person:x", "target_id": "Document:n2", "document_id": "n2"}]
    >>> [(r["id"], r["nil_return"]) for r in without_extractions(docs, links, [])]
    [('n1', True)]
    """
    extracted: dict[str, int] = defaultdict(int)
    for link in links:
        for end in (link["source_id"], link["target_id"]):
            if end.split(":", 1)[0] in EXTRACTED_TYPES:
                extracted[link["document_id"]] += 1
    flagged = Counter(i["document_id"] for i in indicators)
    rows = [{"id": d["id"], "kind": d["kind"], "child_id": d.get("child_id"),
             "date": d.get("date"), "nil_return": bool((d.get("fields") or {}).get("nil_return"))}
            for d in documents if d.get("kind") in WRITTEN_KINDS
            and not extracted.get(d["id"]) and not flagged.get(d["id"])]
    return sorted(rows, key=lambda r: (str(r["date"] or ""), r["id"]), reverse=True)


def unresolved(mentions: Iterable[Mapping[str, Any]], documents: Iterable[Mapping[str, Any]],
               resolved_at: str | None, types: Iterable[str]) -> list[dict[str, Any]]:
    """Mentions of resolvable ``types`` that the last resolution run has not seen: every one
    when resolution never ran, else those in documents ingested after it. (Resolution
    writes cluster rows only for what it merged, so a missing row is not a sign.)

    >>> docs = [{"id": "n1", "ingested_at": "2026-01-01T10:00:00+00:00"},
    ...         {"id": "n2", "ingested_at": "2026-01-03T10:00:00+00:00"}]
    >>> mentions = [{"entity_id": "Person:a", "document_id": "n1", "type": "Person"},
    ...             {"entity_id": "Person:b", "document_id": "n2", "type": "Person"}]
    >>> [m["entity_id"] for m in unresolved(mentions, docs, "2026-01-02T00:00:00+00:00",
    ...                                     ["Person"])]
    ['Person:b']
    >>> len(unresolved(mentions, docs, None, ["Person"]))
    2
    """
    wanted = set(types)
    if resolved_at is None:
        return [dict(m) for m in mentions if m["type"] in wanted]
    late = {d["id"] for d in documents if str(d.get("ingested_at") or "") > resolved_at}
    return [dict(m) for m in mentions if m["type"] in wanted and m["document_id"] in late]
