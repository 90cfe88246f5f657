"""Entity resolution (issue 5): one real-world person, place, vehicle or phone, however written.

Ingest already joins identical keys (a deterministic first pass). Resolution goes further
without rewriting a single id: it clusters *units* (an entity as one document names it) and
writes a mapping ``(entity, document) -> cluster`` with a score and reasons, which the store's
aggregations group by. Confident matches merge; uncertain ones wait in a review queue;
analysts' judgements are hard constraints that outlive every re-run.

Modules: ``keys`` (parts and keys of names, places, plates), ``units`` (units, profiles,
pieces), ``blocking``, ``compare``, ``score`` (weights and thresholds), ``cluster``,
``resolver`` (the run), ``review`` (the queue as plain functions) and ``evaluate`` (against
gold ``canonical`` ids).
"""

from graph.resolve.resolver import Resolution, resolve, run

__all__ = ["Resolution", "resolve", "run"]
