"""A child's records as timeline events and profile facts: pure functions over service rows.

The timeline puts the three things a meeting weighs on one axis: when the child was missing
(episodes as spans), what was written about them (RHI notes, information-sharing forms) and
what those records showed (indicators, with negated ones left out: "no sign of CSE" is not a
sign). Links first seen on a day add a mark in their own lane, so a new adult or a new place
stands out against the episodes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from graph.meetings.episodes import EpisodeView

#: Document kinds by timeline lane.
DOCUMENT_LANES = {"rhi_note": "RHI note", "intel_form": "Information-sharing form"}
#: Child properties shown at the top of a profile, in order, with their headings.
DETAILS = (("child_id", "Reference"), ("dob", "Date of birth"), ("gender", "Gender"),
           ("responsible_la", "Responsible LA"), ("looked_after", "Looked after"),
           ("home_force", "Home force"))


def details(props: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The child's recorded details as (heading, text), known ones only.

    >>> details({"child_id": "C-1", "looked_after": True, "gender": None, "dob": "2010-03-16"})
    [('Reference', 'C-1'), ('Date of birth', '16/03/2010'), ('Looked after', 'yes')]
    """
    out = []
    for key, heading in DETAILS:
        value = props.get(key)
        if value is None or value == "":
            continue
        text = "yes" if value is True else "no" if value is False else str(value)
        if key == "dob" and len(text) == 10 and text[4] == "-":
            text = f"{text[8:10]}/{text[5:7]}/{text[:4]}"
        out.append((heading, text))
    return out


def events(episodes: Iterable[EpisodeView], documents: Iterable[Mapping[str, Any]],
           indicators: Iterable[Mapping[str, Any]], first_links: Iterable[Mapping[str, Any]] = ()
           ) -> list[dict[str, Any]]:
    """Timeline rows (``lane``, ``start``, ``end``, ``what``, ``detail``) for a child.

    >>> import datetime as dt
    >>> rows = events([], [{"id": "rhi_1", "kind": "rhi_note", "date": "2026-01-05"}],
    ...               [{"code": "CSE", "date": "2026-01-05", "negated": True}])
    >>> [(r["lane"], r["what"]) for r in rows]
    [('RHI note', 'rhi_1')]
    """
    rows: list[dict[str, Any]] = []
    for episode in episodes:
        end = episode.returned_at
        rows.append({"lane": "Missing episode",
                     "start": episode.reported_missing_at.isoformat(timespec="minutes"),
                     "end": end.isoformat(timespec="minutes") if end else None,
                     "what": episode.episode_id,
                     "detail": "; ".join(filter(None, [
                         f"risk {episode.risk_level}" if episode.risk_level else None,
                         f"found at {episode.found_at}" if episode.found_at else None,
                         None if end else "still missing"]))})
    for document in documents:
        lane = DOCUMENT_LANES.get(str(document.get("kind")))
        if lane and document.get("date"):
            rows.append({"lane": lane, "start": str(document["date"]), "end": None,
                         "what": str(document["id"]),
                         "detail": str(document.get("agency") or "")})
    for indicator in indicators:
        if indicator.get("negated") or not indicator.get("date"):
            continue
        rows.append({"lane": "Indicator", "start": str(indicator["date"]), "end": None,
                     "what": str(indicator["code"]),
                     "detail": str(indicator.get("text") or "")})
    for link in first_links:
        if link.get("first_seen"):
            rows.append({"lane": "Linked", "start": str(link["first_seen"]), "end": None,
                         "what": str(link["label"]), "detail": str(link.get("type") or "")})
    return rows


def indicator_rows(indicators: Sequence[Mapping[str, Any]], child_id: str
                   ) -> list[dict[str, Any]]:
    """The child's indicators, newest first: date, code, whether negated, the words (where
    the role may read them) and the record."""
    rows = [{"Date": str(i.get("date") or "")[:10], "Indicator": i["code"],
             "Negated": "yes" if i.get("negated") else "",
             "Words": i.get("text") or "", "Record": i.get("document_id")}
            for i in indicators if i.get("child_id") == child_id]
    return sorted(rows, key=lambda r: (r["Date"], r["Indicator"]), reverse=True)


def document_frame(documents: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The records about a child, newest first: date, kind, id, who wrote it, grading."""
    def day(value: Any) -> str:
        text = str(value or "")[:10]
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}" if len(text) == 10 else text

    records = [{"Date": day(d.get("date")), "Kind": d.get("kind"), "Record": d["id"],
                "Submitted by": d.get("submitted_by"), "Agency": d.get("agency"),
                "Grading": "".join(str(d.get(k) or "") for k in (
                    "source_evaluation", "intelligence_assessment", "handling_code")),
                "Categories": "; ".join(d.get("categories") or [])}
               for d in sorted(documents, key=lambda d: str(d.get("date") or ""),
                               reverse=True)]
    return pd.DataFrame.from_records(records, columns=[
        "Date", "Kind", "Record", "Submitted by", "Agency", "Grading", "Categories"])
