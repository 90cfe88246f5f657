"""The role's limits on a query: filters added to what the caller asked, and counts.

The role's limits are added to the caller's filters (never replacing them: a date window,
category or area the caller chose stays), so withheld facts are left out by the store's own
query rather than removed afterwards.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from graph.provenance import HANDLING_CODES
from graph.store import Filters
from rhigraph.governance.roles import Policy


def role_filters(policy: Policy, filters: Filters | None, *, export: bool = False
                 ) -> Filters | None:
    """``filters`` with the role's limits added; ``None`` when nothing may be shown (the
    caller asked only for handling codes the role may not see)."""
    requested = filters or Filters()
    withheld = set(policy.withheld_handling_codes)
    if export and not policy.export_handling_c:
        withheld.add("C")
    codes = tuple(requested.handling_codes)
    if withheld:
        allowed = [c for c in (codes or HANDLING_CODES) if c not in withheld]
        if not allowed:
            return None
        codes = tuple(allowed)
    return replace(requested, min_grading=requested.min_grading or policy.force_min_grading,
                   handling_codes=codes)


def filters_json(filters: Filters | None) -> dict[str, Any]:
    """Filters as the audit log records them (tuples as lists; ``None`` as nothing)."""
    if filters is None:
        return {"nothing_permitted": True}
    return {key: list(value) if isinstance(value, tuple) else value
            for key, value in asdict(filters).items()}


def document_passes(doc: dict[str, Any], filters: Filters) -> bool:
    """Whether a document's own grading passes ``filters`` (as ``filter_sql`` does for
    links: ungraded passes; handling codes limit graded documents only)."""
    code = doc.get("handling_code")
    if filters.handling_codes and code is not None and code not in filters.handling_codes:
        return False
    return not (filters.min_grading and (doc.get("source_evaluation") == "C"
                                         or doc.get("intelligence_assessment") == "5"))


def indicator_counts(rows: list[dict[str, Any]], floor: int) -> list[dict[str, Any]]:
    """Indicator codes with the number of documents and children showing them."""
    documents: dict[str, set[str]] = {}
    children: dict[str, set[str]] = {}
    for row in rows:
        if row.get("negated"):
            continue
        documents.setdefault(row["code"], set()).add(row["document_id"])
        if row.get("child_id"):
            children.setdefault(row["code"], set()).add(row["child_id"])
    return [{"code": code, "documents": len(documents[code]),
             "children": len(children.get(code, ()))}
            for code in sorted(documents) if len(children.get(code, ())) >= floor]
