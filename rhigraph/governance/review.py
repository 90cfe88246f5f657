"""Reviewing the records: entity-resolution review, mentions and rejections.

A mixin of :class:`~rhigraph.governance.service.Service` for what the review queue, the data
quality page and ``rhigraph review`` read and decide. Reads are for roles
that see facts; the queue and its decisions for roles that decide resolution
(``Policy.resolve_entities``). A decision is written to the store and then to the audit log
(:meth:`~rhigraph.governance.service.Service.record_resolution`), so a decision the store
refused (no such candidate) is not recorded as taken, and one taken is always audited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graph.exc import RhigraphError
from rhigraph.governance.roles import Tier

if TYPE_CHECKING:
    from graph.store import Store
    from rhigraph.governance.core import Governance
    from rhigraph.governance.gate import Gate


class ReviewReads:
    """Review-queue, mention and rejection methods of ``Service``."""

    store: Store
    gate: Gate
    governance: Governance

    if TYPE_CHECKING:
        def record_resolution(self, decision: str, entity_ids: list[str]) -> int: ...

    def _facts(self, action: str, what: str, **query: Any) -> None:
        self.gate.require(self.gate.policy().tier >= Tier.FACTS, action, what, **query)

    def _decides(self, action: str, **query: Any) -> None:
        self.gate.require(self.gate.policy().resolve_entities, action,
                          "decide entity resolution", **query)

    # -- the review queue ------------------------------------------------------------------
    def resolution_status(self) -> dict[str, Any]:
        """The last resolution run (``None`` if never), whether records or decisions have
        changed since (``stale``), and how many pairs wait for review: numbers only."""
        self._facts("resolution.status", "see the review queue")
        last = self.store.last_resolution()
        stale = last is None or last["fingerprint"] != self.store.resolution_fingerprint()
        waiting = len(self.store.resolution_candidates("open"))
        self.gate.record("resolution.status", waiting=waiting)
        return {"last": last, "stale": stale, "waiting": waiting}

    def resolution_candidates(self, status: str | None = "open", *,
                              type_name: str | None = None, limit: int | None = None
                              ) -> list[dict[str, Any]]:
        """Pairs resolution was not sure of, best first (``graph.resolve.review``)."""
        from graph.resolve.review import candidates

        self._decides("resolution.candidates", status=status, type=type_name)
        rows = candidates(self.store, status=status, type_name=type_name, limit=limit)
        self.gate.record("resolution.candidates", status=status, type=type_name,
                         rows=len(rows))
        return rows

    def judgements(self, *, active: bool | None = True) -> list[dict[str, Any]]:
        """Decisions made: who judged which pair, when, and whether it still applies."""
        self._decides("resolution.judgements", active=active)
        rows = self.store.judgements(active=active)
        self.gate.record("resolution.judgements", active=active, rows=len(rows))
        return rows

    def decide_candidate(self, candidate_id: int, *, same: bool, note: str | None = None
                         ) -> dict[str, Any]:
        """Judge an open candidate's two sides the same (``merge``) or different
        (``keep_apart``) as the acting user; returns the candidate and ``judgement`` id."""
        from graph.resolve.review import decide

        self._decides("resolution", candidate=int(candidate_id))
        judgement = decide(self.store, int(candidate_id), same=same,
                           user=self.gate.user.username, note=note)
        row = self.store.resolution_candidates(None, candidate_id=int(candidate_id))[0]
        self.record_resolution("merge" if same else "keep_apart",
                               [row["left_id"], row["right_id"]])
        return {**row, "judgement": judgement}

    def judge_entities(self, left: str, right: str, *, same: bool, left_document: str = "",
                       right_document: str = "", note: str | None = None) -> int:
        """Judge two entities (or mentions) without a candidate; returns the judgement id."""
        from graph.resolve.review import judge

        self._decides("resolution")
        judgement = judge(self.store, left, right, same=same, user=self.gate.user.username,
                          left_document=left_document, right_document=right_document,
                          note=note)
        self.record_resolution("merge" if same else "keep_apart", [left, right])
        return judgement

    def undo_judgement(self, judgement_id: int) -> dict[str, Any]:
        """Undo an active judgement as the acting user; returns the judgement undone."""
        from graph.resolve.review import undo

        self._decides("resolution", judgement=int(judgement_id))
        found = next((j for j in self.store.judgements(active=True)
                      if int(j["id"]) == int(judgement_id)), None)
        if found is None:
            raise RhigraphError(f"no active judgement {int(judgement_id)}")
        undo(self.store, int(judgement_id), user=self.gate.user.username)
        self.record_resolution("undo", [found["left_id"], found["right_id"]])
        return found

    def run_resolution(self, *, only_if_changed: bool = False) -> dict[str, Any]:
        """Resolve entities again, applying every decision; returns the run's figures."""
        from graph.resolve import resolve

        self._facts("resolution.run", "run entity resolution")
        summary = resolve(self.store, only_if_changed=only_if_changed)
        self.gate.record("resolution.run", skipped=bool(summary.get("skipped")),
                         candidates=summary.get("candidates"), clusters=summary.get("clusters"))
        return summary

    # -- what the records hold ---------------------------------------------------------------
    def document_mentions(self, document_ids: list[str] | None = None
                          ) -> list[dict[str, Any]]:
        """Extracted mentions (the words each record used for an entity) in the documents
        named (``None``: all), leaving out documents whose handling code the role may not
        see. FACTS tier."""
        from rhigraph.governance import reads

        policy = self.gate.policy()
        self._facts("document_mentions", "see mentions", documents=len(document_ids or ()))
        withheld = {d["id"] for d in reads.documents(self.store)
                    if d.get("handling_code") in policy.withheld_handling_codes}
        rows = [m for m in self.store.document_mentions(list(document_ids)
                                                        if document_ids else None)
                if m["document_id"] not in withheld]
        self.gate.record("document_mentions", documents=len(document_ids or ()),
                         rows=len(rows))
        return rows

    def rejections(self) -> list[Any]:
        """Files, rows and fields ingest rejected, and why (no values). FACTS tier."""
        self._facts("rejections", "see rejected files")
        rows = list(self.store.rejections())
        self.gate.record("rejections", rows=len(rows))
        return rows
