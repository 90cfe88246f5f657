"""Partner versions of a pack: a pure function the governance service can call for a role.

A partner (a multi-agency group member) sees where children are being drawn to, not who they
are (rhigraph.governance.roles: PARTNER). Given a pack built from the partner's filters (no
handling code C, nothing graded C or 5; :func:`graph.meetings.load.shareable_filters`),
:func:`redact` returns a copy in which, by column kind (graph.meetings.sections.KINDS):

- children are replaced by their stable pseudonym, episode and document ids by a stable
  stand-in, so "three episodes of the same child" can still be read;
- names of children and persons, plates, phones, handles, addresses and free text are left
  out (the column goes);
- sections whose point is to identify people (adults of concern, identifiers, triangles,
  the network picture, what is new) are left out, and say so, with the headline figure that
  counts them;
- rows resting on fewer than ``min_children`` distinct children are dropped.

The caller passes the pseudonym functions, so the key stays with the governance service.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

DROPPED_KINDS = frozenset({"child_name", "person", "identifier", "address", "text"})


@dataclass(frozen=True)
class Redaction:
    """How to redact: the pseudonym of a child id, the stand-in of a reference
    (``reference(kind, value)``), and the fewest children a row may rest on."""

    child: Callable[[str], str]
    reference: Callable[[str, str], str]
    min_children: int = 2


def _reference(value: Any, redaction: Redaction) -> Any:
    if not value or not isinstance(value, str):
        return value
    return redaction.reference("ref", value)


def _section(section: Mapping[str, Any], redaction: Redaction) -> dict[str, Any]:
    if section.get("sensitive"):
        return {"id": section["id"], "type": "table", "title": section["title"],
                "note": None, "empty": "Left out of the partner version.", "sensitive": True,
                "children_key": None, "record": False, "columns": [], "rows": []}
    kept = [c for c in section["columns"] if c["kind"] not in DROPPED_KINDS]
    rows = []
    key = section.get("children_key")
    for row in section["rows"]:
        if key and isinstance(row.get(key), int) and row[key] < redaction.min_children:
            continue
        out: dict[str, Any] = {}
        for column in kept:
            value, kind = row.get(column["key"]), column["kind"]
            if kind == "child" and value:
                value = redaction.child(str(value))
            elif kind == "children" and value:
                value = [redaction.child(str(v)) for v in value]
            elif kind == "reference":
                value = _reference(value, redaction)
            elif kind == "references" and value:
                value = [_reference(v, redaction) for v in value]
            out[column["key"]] = value
        rows.append(out)
    dropped = len(section["rows"]) - len(rows)
    note = section.get("note")
    if dropped:
        note = (f"{note} " if note else "") + (
            f"{dropped} row(s) resting on fewer than {redaction.min_children} children "
            "left out.")
    rest = {k: v for k, v in section.items() if k != "rows"}  # rows are rebuilt above
    return {**copy.deepcopy(rest), "columns": kept, "rows": rows, "note": note}


def redact(pack: Mapping[str, Any], redaction: Redaction) -> dict[str, Any]:
    """A partner version of ``pack`` (the input is not changed)."""
    out = copy.deepcopy({k: v for k, v in pack.items() if k != "sections"})
    # A pack names the same children and references in many rows: each stand-in is
    # computed (a keyed hash) once per pack.
    once = replace(redaction, child=cache(redaction.child), reference=cache(redaction.reference))
    out["sections"] = [_section(s, once) for s in pack["sections"]]
    # A section left out takes its headline count with it: "Adults of concern 4" above a
    # section that says they are left out would still tell a partner about them.
    hidden = {str(s["title"]).casefold() for s in pack["sections"] if s.get("sensitive")}
    out["headline"] = [h for h in out.get("headline") or ()
                       if str(h["label"]).casefold() not in hidden]
    out["title"] = str(pack["title"])
    if pack.get("kind") == "placement_packet":
        out["title"] = "Placement packet"
    out["redacted"] = True
    return out


def partner_redaction(pseudonyms: Any, min_children: int = 2) -> Redaction:
    """A :class:`Redaction` from the governance service's ``Pseudonyms`` (``child(id)`` and
    ``reference(kind, value)``) and the role's minimum of children."""
    return Redaction(child=pseudonyms.child, reference=pseudonyms.reference,
                     min_children=min_children)


def redaction_for(policy: Any, pseudonyms: Any) -> Redaction | None:
    """The redaction a governance ``Policy`` calls for, or ``None`` when the role sees the
    pack as it is (only roles that pseudonymise children get a partner version)."""
    if not getattr(policy, "pseudonymise_children", False):
        return None
    return partner_redaction(pseudonyms, int(getattr(policy, "min_children_floor", 2)))


