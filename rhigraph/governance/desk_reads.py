"""The RHI manager's desk through the service: triage, unshared notes, cross-worker patterns
and a drafted information-sharing form, each checked against the role and audited.

:class:`~rhigraph.governance.service.Service` delegates here (its ``triage_queue``,
``unshared``, ``cross_worker`` and ``draft_isf``), so the desk's rules sit in one small
module beside the service rather than inside it. The lists are facts about notes (who wrote
one, about which child, what it names), so they need the FACTS tier: a PARTNER is refused,
and the refusal audited. Where a reason quotes the note (an indicator's words), the words
are kept only for roles that read snippets of RHI notes; an ADMIN sees the indicator's code.
A draft form quotes whole sentences of the note, so drafting needs the whole text of notes
(RHI_MANAGER). Notes under a handling code the role does not see are left out.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from graph.desk.triage import summary
from graph.exc import InvalidValue
from rhigraph.governance import reads
from rhigraph.governance.roles import Policy, Tier

if TYPE_CHECKING:
    from rhigraph.governance.service import Service

NOTE = "rhi_note"


def triage_queue(service: Service, since: str | None = None) -> list[dict[str, Any]]:
    """Every RHI note dated on or after ``since``, triaged (:func:`graph.desk.triage.triage`)."""
    from graph.desk.triage import triage

    policy = _facts(service, "triage", "see the triage of RHI notes", since=since)
    rows = _shaped(service, policy, triage(service.store, since=since))
    service.gate.record("triage", since=since, rows=len(rows))
    return rows


def unshared(service: Service, as_of: dt.date, window_days: int = 14,
             since: str | None = None) -> list[dict[str, Any]]:
    """Intelligence-bearing notes with no form yet, oldest first
    (:func:`graph.desk.unshared.unshared`)."""
    from graph.desk.unshared import unshared as run

    policy = _facts(service, "unshared", "see intelligence not yet shared", since=since)
    rows = _shaped(service, policy, run(service.store, as_of=as_of, window_days=window_days,
                                        since=since))
    service.gate.record("unshared", since=since, as_of=as_of.isoformat(),
                        window_days=window_days, rows=len(rows))
    return rows


def cross_worker(service: Service, since: str | None = None) -> list[dict[str, Any]]:
    """The same adult, place or identifier in notes by different workers or agencies
    (:func:`graph.desk.cross_worker.cross_worker`), counting only notes the role may see."""
    from graph.desk.cross_worker import cross_worker as run

    policy = _facts(service, "cross_worker", "see patterns across workers", since=since)
    withheld = _withheld_notes(service, policy)
    rows = []
    for row in run(service.store, since=since):
        notes = [n for n in row["notes"] if n["document_id"] not in withheld]
        if len(notes) == len(row["notes"]):
            rows.append(row)
    service.gate.record("cross_worker", since=since, rows=len(rows))
    return rows


def draft_isf(service: Service, document_id: str, today: dt.date) -> dict[str, Any]:
    """A draft information-sharing form from one note (:func:`graph.desk.draft_isf.draft_isf`),
    drafted by the acting user. Not a submission: confirming stays a separate, deliberate
    step (``rhigraph confirm-isf``)."""
    from graph.desk.draft_isf import draft_isf as run

    policy = service.gate.policy()
    service.gate.require(policy.reads_full_text(NOTE), "draft_isf",
                         "draft a form from the whole of an RHI note", target=document_id)
    doc = reads.document(service.store, document_id)
    if doc is None or doc.get("kind") != NOTE:
        service.gate.record("draft_isf", target=document_id, outcome="not_found")
        raise InvalidValue(f"no RHI note with document id {document_id}")
    service.gate.require(doc.get("handling_code") not in policy.withheld_handling_codes,
                         "draft_isf", "see notes with handling code C", target=document_id)
    draft = run(service.store, document_id, today=today, drafted_by=service.user.username)
    service.gate.record("draft_isf", target=document_id, subjects=len(draft["subjects"]))
    return draft


def _facts(service: Service, action: str, what: str, **query: Any) -> Policy:
    policy = service.gate.policy()
    service.gate.require(policy.tier >= Tier.FACTS, action, what, **query)
    return policy


def _withheld_notes(service: Service, policy: Policy) -> set[str]:
    codes = policy.withheld_handling_codes
    if not codes:
        return set()
    return {d["id"] for d in reads.documents(service.store, NOTE)
            if d.get("handling_code") in codes}


def _shaped(service: Service, policy: Policy, rows: list[dict[str, Any]]
            ) -> list[dict[str, Any]]:
    """Rows of notes the role may see; an indicator's words only for snippet readers."""
    withheld = _withheld_notes(service, policy)
    rows = [r for r in rows if r["document_id"] not in withheld]
    if policy.reads_snippet(NOTE):
        return rows
    return [_without_words(row) for row in rows]


def _without_words(row: dict[str, Any]) -> dict[str, Any]:
    def cut(reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, "text": None} if r.get("kind") == "indicator" else r for r in reasons]

    reasons = cut(row.get("reasons") or [])
    shaped = {**row, "reasons": reasons, "summary": summary(reasons)}
    if "set_aside" in row:
        shaped["set_aside"] = cut(row["set_aside"])
    return shaped
