"""Rows as the tables a meeting reads: named columns, UK dates, children by name or pseudonym.

Cell text is passed through unchanged: ``st.dataframe`` draws cells as text, so a name like
``<img src=x onerror=alert(1)>`` shows as those characters; escaping here would show ``&lt;``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx
import pandas as pd

from dashboard.components.neighbourhood import RELATION_WORDS
from dashboard.components.network import style_for


def _date(value: Any) -> dt.date | None:
    """The calendar date of an ISO date or datetime string (``None`` when absent or bad)."""
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def uk_day(value: Any) -> str:
    """``DD/MM/YYYY`` of an ISO date or date-time; empty when absent.

    >>> uk_day("2026-01-05T21:30:00"), uk_day(None)
    ('05/01/2026', '')
    """
    day = _date(value)
    return day.strftime("%d/%m/%Y") if day else ""


def relations_text(relations: Iterable[str]) -> str:
    """Link types in words ("at, found at").

    >>> relations_text(["FOUND_AT", "AT"])
    'at, found at'
    """
    return ", ".join(RELATION_WORDS.get(r, r.lower().replace("_", " "))
                     for r in sorted(relations))


def type_name(type_: str) -> str:
    """The legend's name for an entity type ("Place" for Location)."""
    style = style_for(type_)
    return style.name if style.name != "Other" else type_


def result_text(result: Mapping[str, Any]) -> str:
    """A search result as one line: label, type, how it matched, how many links.

    >>> result_text({"label": "Jordan GARDNER", "type": "Person", "how": "name contains",
    ...              "links": 7, "matched": "Jord"})
    'Jordan GARDNER · Person · 7 links · matched "Jord"'
    """
    matched = (f' · matched "{result["matched"]}"'
               if str(result.get("matched", "")).casefold() != str(result["label"]).casefold()
               else "")
    return (f"{result['label']} · {type_name(result['type'])} · {result['links']} "
            f"{'link' if result['links'] == 1 else 'links'}{matched}")


def children_frame(rows: Sequence[Mapping[str, Any]], *, names: bool = True) -> pd.DataFrame:
    """The children linked to something: reference (a pseudonym for a partner), name where
    the role sees names, how, on how many records, first and last seen."""
    columns = ["Child", *(["Name"] if names else []), "Linked by", "Records", "First seen",
               "Last seen"]
    records = [{"Child": r["child_id"], **({"Name": r.get("name")} if names else {}),
                "Linked by": relations_text(r["relations"]), "Records": r["records"],
                "First seen": _date(r.get("first_seen")), "Last seen": _date(r.get("last_seen"))}
               for r in rows]
    return pd.DataFrame.from_records(records, columns=columns)


def neighbour_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """What an entity is linked to, one row per linked thing."""
    records = [{"What": r["label"], "Type": type_name(r["type"]),
                "Linked by": relations_text(r["relations"]), "Records": r["records"],
                "First seen": _date(r.get("first_seen")), "Last seen": _date(r.get("last_seen"))}
               for r in rows]
    return pd.DataFrame.from_records(records, columns=[
        "What", "Type", "Linked by", "Records", "First seen", "Last seen"])


def _grading(link: Mapping[str, Any]) -> str:
    codes = [link.get(k) for k in ("source_evaluation", "intelligence_assessment",
                                   "handling_code")]
    return "".join(str(c) for c in codes) if any(codes) else ""


def support_frame(links: Sequence[Mapping[str, Any]], graph: nx.Graph) -> pd.DataFrame:
    """The link rows behind one drawn edge: when, how, from which record, as written."""
    def end(entity: str) -> str:
        return str(graph.nodes[entity].get("label", entity)) if entity in graph else entity

    records = [{"Date": _date(r.get("observed_at")), "Link": relations_text([r["type"]]),
                "From": end(r["source_member"]), "To": end(r["target_member"]),
                "Record": r.get("document_id"), "Grading": _grading(r),
                "Agency": r.get("agency")} for r in links]
    return pd.DataFrame.from_records(records, columns=[
        "Date", "Link", "From", "To", "Record", "Grading", "Agency"])


def path_frame(hops: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """A path, one hop a row, with the records behind each hop."""
    records = [{"Hop": h["hop"], "From": h["from_label"], "To": h["label"],
                "Linked by": relations_text(h["relations"]),
                "Records": "; ".join(h["documents"]), "Caution": h.get("caution") or ""}
               for h in hops]
    return pd.DataFrame.from_records(records, columns=[
        "Hop", "From", "To", "Linked by", "Records", "Caution"])


def document_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Records by id, kind, child and date (metadata only)."""
    records = [{"Record": r.get("id"), "Kind": str(r.get("type") or r.get("kind") or ""),
                "Child": r.get("child_id"), "Date": _date(r.get("date"))} for r in rows]
    return pd.DataFrame.from_records(records, columns=["Record", "Kind", "Child", "Date"])
