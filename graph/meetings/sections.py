"""The shape every pack shares: a headline of figures and a list of sections.

A section is a table (declared columns, rows holding exactly those keys) or a figure. Each
column says what *kind* of value it holds (a child reference, a person's name, an address...),
so that redaction for a partner role is one pure function over any pack, and the HTML, PDF,
JSON and text renderers need no knowledge of which pack they are drawing. Values are plain
JSON (strings, numbers, booleans, ``None``, lists of strings); moments are ISO strings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: Column kinds and what a partner version does with them (see graph.report.redact).
KINDS = {
    "plain": "kept",
    "number": "kept",
    "when": "kept",
    "authority": "kept",
    "place": "kept; rows linked to too few children are dropped",
    "child": "replaced by the child's pseudonym",
    "children": "each replaced by the child's pseudonym",
    "reference": "replaced by a stable stand-in (episode and document ids)",
    "references": "each replaced by a stable stand-in",
    "child_name": "left out",
    "person": "left out",
    "identifier": "left out",
    "address": "left out",
    "text": "left out",
}


def column(key: str, label: str, kind: str = "plain") -> dict[str, str]:
    """A column: the row key, its heading and its kind (one of :data:`KINDS`)."""
    if kind not in KINDS:
        raise ValueError(f"unknown column kind {kind!r}")
    return {"key": key, "label": label, "kind": kind}


#: Values a table keeps as they are, checked first: a pack's table can hold 200,000 rows.
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def table(section_id: str, title: str, columns: Sequence[Mapping[str, str]],
          rows: Iterable[Mapping[str, Any]], *, note: str | None = None,
          empty: str = "None.", sensitive: bool = False,
          children_key: str | None = None, record: bool = False) -> dict[str, Any]:
    """A table section. Rows are cut down to the declared columns, so nothing a renderer or
    redaction does not know about can ride along.

    ``sensitive`` marks a section whose point is to identify people (adults of concern,
    phones, plates): a partner version leaves the whole section out. ``children_key`` names
    the count of distinct children a row rests on, for the partner's minimum. ``record``
    asks renderers to show a single row as label: value pairs (a child's details).
    """
    keys = [c["key"] for c in columns]
    return {
        "id": section_id, "type": "table", "title": title, "note": note, "empty": empty,
        "sensitive": sensitive, "children_key": children_key, "record": record,
        "columns": list(columns),
        "rows": [{k: _plain(row.get(k)) for k in keys} for row in rows],
    }


def figure(section_id: str, title: str, graph: Mapping[str, Any], *,
           note: str | None = None, sensitive: bool = True) -> dict[str, Any]:
    """A figure section holding a laid-out network (``nodes`` with x, y, type, label and
    ``edges``), drawn by the renderers as SVG."""
    return {"id": section_id, "type": "figure", "title": title, "note": note,
            "sensitive": sensitive, "graph": dict(graph)}


def pack(kind: str, title: str, *, period: Mapping[str, Any] | None, as_of: dt.datetime,
         headline: Sequence[tuple[str, Any]], sections: Sequence[Mapping[str, Any]],
         notes: Sequence[str] = ()) -> dict[str, Any]:
    """A whole pack: what it is, when it was judged, headline figures and sections."""
    return {
        "kind": kind, "title": title,
        "period": {k: _plain(v) for k, v in period.items()} if period else None,
        "as_of": as_of.isoformat(timespec="minutes"),
        "generated_at": dt.datetime.now().isoformat(timespec="seconds"),
        "redacted": False,
        "headline": [{"label": label, "value": _plain(value)} for label, value in headline],
        "notes": list(notes),
        "sections": list(sections),
    }


def section(pack_: Mapping[str, Any], section_id: str) -> dict[str, Any]:
    """The section ``section_id`` of a pack (KeyError when absent)."""
    for item in pack_["sections"]:
        if item["id"] == section_id:
            return item
    raise KeyError(section_id)


def headline(pack_: Mapping[str, Any]) -> dict[str, Any]:
    """The headline figures of a pack as a label -> value mapping."""
    return {item["label"]: item["value"] for item in pack_["headline"]}
