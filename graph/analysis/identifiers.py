"""Vehicles, phones and online handles that link children: the car that picks them up, the
number that messages them, the account that contacts them.

A function over ``Store.entity_signals`` rows of one or more identifier types. An identifier
is keyed on its cleaned value (plate without spaces, E.164 number, lower-case handle), so the
same plate written by two agencies is already one row. A partial plate ("MK15*") cannot be
joined to a full one without resolution; the row names the full plates it may be
(``may_be``) so an analyst can check, and nothing is merged here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from graph.analysis.rows import counted, key_of, number, ranked, type_of
from graph.types import vrm

IDENTIFIER_TYPES = ("Vehicle", "Phone", "OnlineAccount")


def is_partial(entity_id: str) -> bool:
    """A partial registration mark keeps what is known and ends in ``*``.

    >>> is_partial("Vehicle:MK15*"), is_partial("Vehicle:MK15XRT")
    (True, False)
    """
    return key_of(entity_id).endswith("*")


def is_description(entity_id: str) -> bool:
    """A vehicle known only by a description ("grey volkswagen"), with no plate at all.

    >>> is_description("Vehicle:grey volkswagen"), is_description("Vehicle:MK15XRT")
    (True, False)
    """
    key = key_of(entity_id)
    return type_of(entity_id) == "Vehicle" and not key.rstrip("*").replace(" ", "").isupper()


def may_be(entity_id: str, keys: Iterable[str]) -> list[str]:
    """Full plates among ``keys`` that a partial plate could be (same known start).

    >>> may_be("Vehicle:MK15*", ["Vehicle:MK15XRT", "Vehicle:MK16ABC", "Vehicle:MK15*"])
    ['Vehicle:MK15XRT']
    """
    if not is_partial(entity_id):
        return []
    return sorted(k for k in keys if type_of(k) == type_of(entity_id) and k != entity_id
                  and not is_partial(k) and vrm.could_be(key_of(entity_id), key_of(k)))


def why(row: Mapping[str, Any]) -> str:
    """One line on what links the identifier to the children.

    >>> why({"children": 3, "direct_children": 2, "adults_of_concern": 1,
    ...      "intel_documents": 0, "may_be": []})
    '3 children (2 transported or contacted); 1 adult of concern linked'
    """
    parts = [counted(row["children"], "child", "children")]
    direct = int(number(row, "direct_children"))
    if direct:
        parts[0] += f" ({direct} transported or contacted)"
    adults = int(number(row, "adults_of_concern"))
    if adults:
        parts.append(f"{counted(adults, 'adult')} of concern linked")
    intel = int(number(row, "intel_documents"))
    if intel:
        parts.append(f"in {counted(intel, 'information-sharing form')}")
    if row.get("may_be"):
        parts.append("partial plate; may be " + ", ".join(key_of(k) for k in row["may_be"]))
    return "; ".join(parts)


def rank_identifiers(rows: Iterable[Mapping[str, Any]], *, min_children: int = 2,
                     types: Sequence[str] = IDENTIFIER_TYPES,
                     limit: int | None = None) -> list[dict[str, Any]]:
    """Rank identifiers linked to ``min_children`` or more children: by distinct children,
    then adults of concern using it, then children transported or contacted through it,
    then children whose records carry exploitation indicators, information-sharing forms,
    records, and label.

    Parameters
    ----------
    rows : ``Store.entity_signals`` rows (or ``entity_activity`` rows) of identifier types.
    min_children : fewest distinct children (2: shared across children).
    types : the entity types to keep.
    limit : return the top ``limit`` rows only.

    Returns
    -------
    Copies of the rows with ``rank``, ``partial``, ``description_only``, ``may_be`` (full
    plates a partial one may be) and ``why``.

    Examples
    --------
    >>> rows = [
    ...     {"entity_id": "Vehicle:MK15*", "label": "MK15", "children": 2},
    ...     {"entity_id": "Vehicle:MK15XRT", "label": "MK15 XRT", "children": 2,
    ...      "adults_of_concern": 1},
    ...     {"entity_id": "Phone:+447700900123", "label": "07700 900123", "children": 1},
    ... ]
    >>> [(r["rank"], r["entity_id"], r["may_be"]) for r in rank_identifiers(rows)]
    [(1, 'Vehicle:MK15XRT', []), (2, 'Vehicle:MK15*', ['Vehicle:MK15XRT'])]
    """
    rows = [r for r in rows if type_of(str(r["entity_id"])) in types]
    keys = [str(r["entity_id"]) for r in rows]
    kept = []
    for row in rows:
        if number(row, "children") < min_children:
            continue
        entity = str(row["entity_id"])
        kept.append({**row, "partial": is_partial(entity),
                     "description_only": is_description(entity)})
    out = ranked(kept, key=lambda r: (
        r["description_only"], -r["children"], -number(r, "adults_of_concern"),
        -number(r, "direct_children"), -number(r, "concern_children"),
        -number(r, "intel_documents"), -number(r, "documents"),
        str(r.get("label") or r["entity_id"])))[:limit]
    for item in out:
        item["may_be"] = may_be(item["entity_id"], keys)
        item["why"] = why(item)
    return out
