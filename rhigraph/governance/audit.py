"""The audit log: append-only and hash-chained, so that a changed or removed entry is found.

Each entry records who (``user``, ``role``), when (``at``, UTC), what (``action``, ``target``,
``outcome``: ``ok``, ``denied`` or ``not_found``) and the query (``query``: JSON of the
parameters). Entries are numbered from 1 (``seq``); each carries the hash of the one before
(``prev_hash``; 64 zeros for the first) and its own ``hash``::

    hash = sha256(canonical_json({"seq", "at", "user", "role", "action", "target",
                                  "outcome", "query", "prev_hash"})).hexdigest()

where ``canonical_json`` sorts keys, uses ``(",", ":")`` separators and UTF-8, and ``query`` is
the stored JSON text itself (so any edit to it changes the hash). Triggers in the governance
file refuse UPDATE and DELETE of entries and an INSERT that does not continue the chain;
:meth:`AuditLog.verify` walks the chain and names the first entry that does not check out.

A chain without a secret cannot stop someone who rewrites the whole file from recomputing
every hash. ``rhigraph audit verify`` therefore prints the head (``seq`` and ``hash``); keep it
somewhere else (a meeting record, a ticket) and check it later with ``--expect SEQ:HASH``,
which also catches entries cut off the end.

What the ``query`` and ``target`` may hold (the audit is read by administrators, and a log
of who looked at which child must not become a second copy of the intelligence):

- identifiers that are references, not names: document ids, child ids (the local authority's
  reference), episode and placement ids, link ids, usernames;
- filter values (dates, grading switches, handling codes), counts and switches;
- other entities (people, places, vehicles, phones, handles) only as a keyed reference
  (``Person#3f9c...``, see :meth:`rhigraph.governance.pseudonym.Pseudonyms.entity_ref`): the
  audit can still answer "who looked at this person" (compute the reference and search for
  it) without writing the name down;
- a search term, as typed (truncated to :data:`MAX_TERM`). This is the one exception: the
  audit must show what was searched for, and a search for a name is exactly the access that
  oversight needs to see. Anyone who can read the audit is an ADMIN.

Never note text, snippets, field values, names of children, or passwords.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from rhigraph.governance.db import GovernanceDB, now

log = logging.getLogger(__name__)

GENESIS = "0" * 64
MAX_TERM = 200
FIELDS = ("seq", "at", "user", "role", "action", "target", "outcome", "query", "prev_hash")


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the same value always gives the same text.

    >>> canonical_json({"b": 1, "a": [True, None]})
    '{"a":[true,null],"b":1}'
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def entry_hash(entry: dict[str, Any]) -> str:
    """The hash of an entry: SHA-256 over the canonical JSON of :data:`FIELDS`."""
    body = {name: entry[name] for name in FIELDS}
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Verification:
    """What :meth:`AuditLog.verify` found.

    ``broken_at`` is the first ``seq`` that does not check out (``None`` when all do);
    ``head_seq`` and ``head_hash`` are the last entry's, to record elsewhere.
    """

    ok: bool
    entries: int
    head_seq: int
    head_hash: str
    broken_at: int | None = None
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class AuditLog:
    """Appending to, reading and verifying the audit table."""

    def __init__(self, db: GovernanceDB) -> None:
        self.db = db

    def append(self, user: str, role: str, action: str, *, target: str | None = None,
               outcome: str = "ok", query: dict[str, Any] | None = None) -> int:
        """Add one entry at the end of the chain; return its ``seq``.

        Runs in a ``BEGIN IMMEDIATE`` transaction, so concurrent writers (threads or
        processes) take turns and each entry follows the one committed before it.
        """
        text = canonical_json(query or {})
        with self.db.transaction() as conn:
            last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"
                                ).fetchone()
            entry = {"seq": (last["seq"] if last else 0) + 1, "at": now(), "user": user,
                     "role": role, "action": action, "target": target, "outcome": outcome,
                     "query": text, "prev_hash": last["hash"] if last else GENESIS}
            entry["hash"] = entry_hash(entry)
            conn.execute("INSERT INTO audit (seq, at, user, role, action, target, outcome,"
                         " query, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
                         tuple(entry[name] for name in (*FIELDS, "hash")))
        log.debug("audit entry %s: %s %s", entry["seq"], action, outcome)
        return int(entry["seq"])

    def entries(self, *, user: str | None = None, target: str | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
        """Entries, newest first, optionally of one user and/or about one target."""
        rows = self.db.read(
            "SELECT seq, at, user, role, action, target, outcome, query, prev_hash, hash"
            " FROM audit WHERE (?1 IS NULL OR user = ?1) AND (?2 IS NULL OR target = ?2)"
            " ORDER BY seq DESC LIMIT ?3", (user, target, -1 if limit is None else limit))
        return [{**dict(r), "query": json.loads(r["query"])} for r in rows]

    def verify(self, expect: tuple[int, str] | None = None) -> Verification:
        """Walk the chain from the first entry; report the first one that does not check out.

        An entry is broken when its ``seq`` is not the next number (one was removed), its
        ``prev_hash`` is not the previous entry's hash, or its hash is not the hash of its
        contents. ``expect`` is a head recorded earlier: the entry with that ``seq`` must
        exist and have that hash.
        """
        previous, expected_seq, count = GENESIS, 1, 0
        # The hash at the expected head's seq once reached (an empty log's head is 0:GENESIS).
        anchored = GENESIS if expect is not None and expect[0] == 0 else None
        try:
            for row in self.db.stream(
                    "SELECT seq, at, user, role, action, target, outcome, query, prev_hash,"
                    " hash FROM audit ORDER BY seq"):
                entry = dict(row)
                problem = None
                if entry["seq"] != expected_seq:
                    problem = f"entry {expected_seq} is missing"
                elif entry["prev_hash"] != previous:
                    problem = "it does not follow the entry before it"
                elif entry_hash(entry) != entry["hash"]:
                    problem = "its contents do not match its hash"
                if problem:
                    return Verification(False, count, count, previous, expected_seq, problem)
                previous, expected_seq, count = entry["hash"], expected_seq + 1, count + 1
                if expect is not None and count == expect[0]:
                    anchored = previous
        except sqlite3.DatabaseError as err:
            return Verification(False, count, count, previous, expected_seq,
                                f"the governance file cannot be read there ({type(err).__name__})")
        if expect is not None:
            seq, digest = expect
            if anchored != digest:
                return Verification(False, count, count, previous, min(seq, count + 1),
                                    f"the recorded head {seq} is not in the chain")
        return Verification(True, count, count, previous)
