"""What every analysis row shares: ranks, the entity's type, and the details shown with it.

Analyses rank plain rows; the store's aggregations give counts for every entity, and the
details a row shows (variants as written, the children by name, the documents behind it) are
read afterwards for the rows that are shown only, so the cost of showing stays proportional
to what is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

#: Indicator codes that describe harm or exploitation rather than push factors at home.
NOT_CONCERN = frozenset({"MENTAL_HEALTH", "FAMILY_CONFLICT"})

#: Person roles in the order associates are ranked; professionals are never ranked.
ROLE_ORDER = ("ADULT_OF_CONCERN", "UNKNOWN", "PEER", "FAMILY")
PROFESSIONAL = "PROFESSIONAL"
ADULT_OF_CONCERN = "ADULT_OF_CONCERN"

#: The fields :func:`attach` copies from ``Store.entity_details`` onto a row.
DETAIL_FIELDS = ("label", "variants", "children_linked", "evidence", "evidence_total",
                 "members")


def type_of(entity_id: str) -> str:
    """The entity type of a ``"<Type>:<key>"`` id.

    >>> type_of("Location:18 mossfield court")
    'Location'
    """
    return entity_id.split(":", 1)[0]


def key_of(entity_id: str) -> str:
    """The key of a ``"<Type>:<key>"`` id.

    >>> key_of("Vehicle:MK15XRT")
    'MK15XRT'
    """
    return entity_id.split(":", 1)[-1]


def ranked(rows: Iterable[dict[str, Any]],
           key: Callable[[dict[str, Any]], Any]) -> list[dict[str, Any]]:
    """``rows`` sorted by ``key`` (smallest first) with a 1-based ``rank`` on each.

    >>> [r["rank"] for r in ranked([{"n": 2}, {"n": 1}], key=lambda r: r["n"])]
    [1, 2]
    """
    out = sorted(rows, key=key)
    for position, row in enumerate(out, start=1):
        row["rank"] = position
    return out


def attach(rows: Sequence[dict[str, Any]], details: Mapping[str, Mapping[str, Any]],
           id_key: str = "entity_id") -> list[dict[str, Any]]:
    """Copy the shown details (variants, children by name, evidence) onto ranked rows.

    A detail already on the row (an aggregation that returned it) is kept unless the
    details carry a value.

    >>> rows = [{"entity_id": "Phone:+447700900123", "label": "07700 900123"}]
    >>> details = {"Phone:+447700900123": {"variants": ["07700 900123"],
    ...            "children_linked": [{"child_id": "C-1", "name": "Amy"}]}}
    >>> attach(rows, details)[0]["children_linked"]
    [{'child_id': 'C-1', 'name': 'Amy'}]
    """
    for row in rows:
        found = details.get(row[id_key]) or {}
        for field in DETAIL_FIELDS:
            if field in found and (found[field] or field not in row):
                row[field] = found[field]
        row.setdefault("variants", [])
        row.setdefault("children_linked", [])
    return list(rows)


def child_ids(row: Mapping[str, Any]) -> list[str]:
    """The child references of a row's ``children_linked``.

    >>> child_ids({"children_linked": [{"child_id": "C-2", "name": None}]})
    ['C-2']
    """
    return [c["child_id"] for c in row.get("children_linked") or []]


def counted(n: float, word: str, many: str | None = None) -> str:
    """``n`` and ``word``, plural when ``n`` is not 1: the reasons a row gives read aloud.

    >>> counted(1, "child", "children"), counted(3, "adult"), counted(0, "time")
    ('1 child', '3 adults', '0 times')
    """
    n = int(n)
    return f"{n} {word if n == 1 else many or word + 's'}"


def number(row: Mapping[str, Any], key: str, default: float = 0) -> float:
    """``row[key]`` as a number, ``default`` when absent or empty (older row shapes).

    >>> number({"a": None}, "a"), number({}, "b", 3)
    (0, 3)
    """
    value = row.get(key)
    return default if value is None else value
