"""Shared associates: persons linked to two or more children, adults of concern first.

Professionals (social workers, carers, officers) are linked to many children by their work;
ranking them would bury the adults who matter, so a person whose mentions carry the role
PROFESSIONAL, and never ADULT_OF_CONCERN, is never ranked. Peers are children themselves:
they stay in the list, below the adults.

Roles are read per mention, and the store's ``person_activity`` gives one row per person *and
role*. That is deliberate: "Jamie" the 15-year-old friend and "Jamie" the adult driver are one
node until resolution separates them (a first name is all either note gives), and pooling the
children of both would present a decoy as a shared adult. Such a name carries
``ambiguous: true`` and its rows never pool children across roles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from graph.analysis.rows import (
    ADULT_OF_CONCERN,
    PROFESSIONAL,
    ROLE_ORDER,
    counted,
    key_of,
    number,
    ranked,
)

#: Roles that say who a person is (UNKNOWN says nothing, so it never makes a name ambiguous).
KNOWN_ROLES = frozenset({ADULT_OF_CONCERN, "PEER", "FAMILY", PROFESSIONAL})


def is_professional(roles: Iterable[str]) -> bool:
    """Never ranked: written as a professional and never as an adult of concern.

    >>> is_professional(["PROFESSIONAL", "UNKNOWN"]), is_professional(["PROFESSIONAL",
    ...                                                                "ADULT_OF_CONCERN"])
    (True, False)
    """
    found = set(roles)
    return PROFESSIONAL in found and ADULT_OF_CONCERN not in found


def role_of(row: Mapping[str, Any]) -> str:
    """The role a row ranks under: its own ``role`` (``person_activity`` rows), else the
    most serious of its ``roles`` (``entity_activity`` rows), else ``UNKNOWN``.

    >>> role_of({"roles": ["PEER", "ADULT_OF_CONCERN"]}), role_of({"role": "PEER"})
    ('ADULT_OF_CONCERN', 'PEER')
    """
    if row.get("role"):
        return str(row["role"])
    roles = set(row.get("roles") or ())
    return next((r for r in ROLE_ORDER if r in roles), "UNKNOWN")


def why(row: Mapping[str, Any]) -> str:
    """One line on what links the person to the children.

    >>> why({"role": "ADULT_OF_CONCERN", "children": 3, "direct_children": 2,
    ...      "link_types": ["TRANSPORTED_BY", "WITH"], "intel_documents": 1})
    'adult of concern; 3 children (2 by transported by, with); in 1 information-sharing form'
    """
    role = role_of(row).lower().replace("_", " ")
    parts = [role, counted(row["children"], "child", "children")]
    direct = int(number(row, "direct_children"))
    relations = [t.lower().replace("_", " ") for t in row.get("link_types") or ()
                 if t not in ("USES", "LIVES_AT", "ASSOCIATE_OF")]
    if direct and relations:
        parts[1] += f" ({direct} by {', '.join(relations)})"
    intel = int(number(row, "intel_documents"))
    if intel:
        parts.append(f"in {counted(intel, 'information-sharing form')}")
    if row.get("ambiguous"):
        parts.append("name also written as " + ", ".join(
            r.lower().replace("_", " ") for r in row.get("other_roles") or ()))
    return "; ".join(parts)


def rank_associates(rows: Iterable[Mapping[str, Any]], *, min_children: int = 2,
                    roles: Sequence[str] = ROLE_ORDER,
                    limit: int | None = None) -> list[dict[str, Any]]:
    """Rank persons linked to ``min_children`` or more children: by role (adults of concern,
    then unknown, then peers, then family), then distinct children, then children linked by
    a relation (with, transported by, contacted by), then children whose records carry
    exploitation indicators, information-sharing forms, records, and name.

    Parameters
    ----------
    rows : ``Store.person_activity`` rows (one per person and role: ``entity_id``, ``role``,
        ``roles``, ``children``, ``documents`` ...) or ``entity_activity("Person")`` rows
        (``roles`` only; each ranks under its most serious role).
    min_children : fewest distinct children a person must be linked to (2: shared).
    roles : the roles to list, in ranking order.
    limit : return the top ``limit`` rows only.

    Returns
    -------
    Copies of the rows with ``rank``, ``role``, ``ambiguous`` (the name was also written in
    another known role), ``other_roles``, ``first_name_only`` and ``why``.

    Examples
    --------
    >>> rows = [
    ...     {"entity_id": "Person:jamie", "label": "Jamie", "role": "PEER", "children": 2,
    ...      "documents": 2, "roles": ["ADULT_OF_CONCERN", "PEER"]},
    ...     {"entity_id": "Person:jamie", "label": "Jamie", "role": "ADULT_OF_CONCERN",
    ...      "children": 2, "documents": 3, "roles": ["ADULT_OF_CONCERN", "PEER"]},
    ...     {"entity_id": "Person:sue", "label": "Sue", "role": "UNKNOWN", "children": 9,
    ...      "documents": 9, "roles": ["PROFESSIONAL", "UNKNOWN"]},
    ...     {"entity_id": "Person:kai", "label": "Kai", "role": "UNKNOWN", "children": 4,
    ...      "documents": 4, "roles": []},
    ... ]
    >>> for r in rank_associates(rows):
    ...     print(r["rank"], r["label"], r["role"], r["ambiguous"])
    1 Jamie ADULT_OF_CONCERN True
    2 Kai UNKNOWN False
    3 Jamie PEER True
    """
    order = {role: position for position, role in enumerate(roles)}
    kept = []
    for row in rows:
        every = set(row.get("roles") or ())
        role = role_of(row)
        if is_professional(every) or role == PROFESSIONAL or role not in order:
            continue
        if number(row, "children") < min_children:
            continue
        others = sorted((every & KNOWN_ROLES) - {role})
        kept.append({**row, "role": role, "ambiguous": bool(others), "other_roles": others,
                     "first_name_only": " " not in key_of(str(row["entity_id"])).strip()})
    out = ranked(kept, key=lambda r: (
        order[r["role"]], -r["children"], -number(r, "direct_children"),
        -number(r, "concern_children"), -number(r, "intel_documents"), -number(r, "documents"),
        str(r.get("label") or r["entity_id"])))[:limit]
    for row in out:
        row["why"] = why(row)
    return out
