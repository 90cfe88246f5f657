"""An RHI note as the desk reads it: header fields, what extraction found, who wrote it.

Nothing here re-runs NLP: the store already holds each note's mentions (with roles),
indicators (with negation) and relations, which is exactly what triage and drafting reason
over. Workers and agencies are compared by key, because one worker signs "J Duffy" on one
note and "Jordan Duffy" on the next, and one team is "Wigan MFH" or "Wigan Missing From Home
Team".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph.desk.context import GraphContext
from graph.store import Store

_WORDS = re.compile(r"[a-z0-9']+")
_AGENCY_STOP = frozenset({"the", "team", "service", "services", "council", "borough",
                          "metropolitan"})


@dataclass(frozen=True)
class NoteView:
    """One ingested RHI note and everything extracted from it."""

    id: str
    child_id: str | None
    date: str | None
    worker: str | None
    agency: str | None
    nil_return: bool
    fields: dict[str, Any]
    mentions: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)

    @property
    def worker_key(self) -> str | None:
        return worker_key(self.worker)

    @property
    def agency_key(self) -> str | None:
        return agency_key(self.agency)


def worker_key(name: str | None) -> str | None:
    """A worker's name as first initial and surname, so signatures compare equal.

    >>> worker_key("Jordan Duffy"), worker_key("J Duffy"), worker_key("duffy")
    ('j duffy', 'j duffy', 'duffy')
    """
    words = _WORDS.findall((name or "").casefold())
    if not words:
        return None
    return words[0] if len(words) == 1 else f"{words[0][0]} {words[-1]}"


def agency_key(name: str | None) -> str | None:
    """An agency's name without filler words, with "MFH" spelled out.

    >>> agency_key("Wigan MFH") == agency_key("Wigan Missing From Home Team")
    True
    """
    words = _WORDS.findall((name or "").casefold())
    expanded: list[str] = []
    for word in words:
        expanded.extend(["missing", "from", "home"] if word == "mfh" else [word])
    kept = [w for w in expanded if w not in _AGENCY_STOP]
    return " ".join(kept) or None


def load_notes(store: Store, context: GraphContext, *, since: str | None = None,
               document_ids: list[str] | None = None) -> list[NoteView]:
    """The RHI notes (all, those dated on or after ``since``, or those named), oldest first.

    A note without a date is kept whatever ``since`` says: it cannot be shown to be old.
    """
    docs = [d for d in context.documents.values() if d["kind"] == "rhi_note"]
    if document_ids is not None:
        wanted = set(document_ids)
        docs = [d for d in docs if d["id"] in wanted]
    if since:
        docs = [d for d in docs if not d.get("date") or d["date"] >= since]
    ids = {d["id"] for d in docs}
    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.document_mentions(sorted(ids), kind="rhi_note") if ids else []:
        mentions[row["document_id"]].append(row)
    indicators: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.indicators() if ids else []:
        if row["document_id"] in ids:
            indicators[row["document_id"]].append(row)
    notes = [_view(d, mentions[d["id"]], indicators[d["id"]], context.doc_links[d["id"]])
             for d in docs]
    return sorted(notes, key=lambda n: (n.date or "9999", n.id))


def _view(doc: dict[str, Any], mentions: list[dict[str, Any]],
          indicators: list[dict[str, Any]], links: list[dict[str, Any]]) -> NoteView:
    fields = doc.get("fields") or {}
    return NoteView(
        id=doc["id"], child_id=doc.get("child_id"), date=doc.get("date"),
        worker=fields.get("interviewer") or doc.get("submitted_by"),
        agency=fields.get("agency") or doc.get("agency"),
        nil_return=bool(fields.get("nil_return")), fields=fields, mentions=mentions,
        indicators=indicators, links=links)
