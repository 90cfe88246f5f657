"""Stable pseudonyms for children, and keyed references for entities in the audit log.

A PARTNER sees "Child 7F3A-9C2B" where others see C-1042: the same child gets the same
pseudonym on every page and in every meeting, so a group can say "7F3A-9C2B has been found at
this flat three times" without learning who the child is.

Why a keyed HMAC (SHA-256) and not a plain hash: child references follow a guessable pattern
(``C-1042``), so a plain hash could be reversed by hashing every reference. The key is 32
random bytes made on first use and kept in the governance file; without it the pseudonyms
cannot be reversed or recomputed. Replacing the key changes every pseudonym (do that when a
group's membership changes and old meeting notes must no longer line up with new views).

Eight hex digits (four billion values) keep the chance that two of a few thousand children
share a pseudonym below one in a thousand. Each use has its own prefix in the HMAC input
(domain separation) so a child's pseudonym never equals another kind of reference.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from rhigraph.governance.db import GovernanceDB

SECRET_NAME = "pseudonym_key"

#: Entity types whose keys are references, not personal values: their ids are written to the
#: audit log as they are. Every other type (Person, Location, Vehicle, Phone, ...) is written
#: as a keyed reference.
REFERENCE_TYPES = frozenset({"Child", "Document", "Episode", "Placement"})


def installation_key(db: GovernanceDB) -> bytes:
    """This installation's pseudonym key, made (once, atomically) on first use."""
    with db.transaction() as conn:
        row = conn.execute("SELECT value FROM secrets WHERE name = ?", (SECRET_NAME,)).fetchone()
        if row is None:
            key = secrets.token_bytes(32)
            conn.execute("INSERT INTO secrets (name, value) VALUES (?, ?)", (SECRET_NAME, key))
            return key
        return bytes(row["value"])


class Pseudonyms:
    """Keyed, stable stand-ins for identifiers."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("a pseudonym key must be at least 16 bytes")
        self._key = key

    def _digest(self, purpose: str, value: str, length: int) -> str:
        mac = hmac.new(self._key, f"{purpose}\x00{value}".encode(), hashlib.sha256)
        return mac.hexdigest()[:length].upper()

    def child(self, child_id: str) -> str:
        """``"Child 7F3A-9C2B"``: the pseudonym a PARTNER sees for ``child_id``."""
        digest = self._digest("child", child_id, 8)
        return f"Child {digest[:4]}-{digest[4:]}"

    def reference(self, kind: str, value: str) -> str:
        """``"doc-1A2B3C4D5E6F"``: a stand-in for a document or episode id in partner views,
        stable so that "three records" can still be counted."""
        return f"{kind}-{self._digest(kind, value, 12)}"

    def entity_ref(self, entity_id: str) -> str:
        """What the audit log writes for ``entity_id`` ("Type:key").

        References (child, document, episode and placement ids) are written as they are;
        anything whose key is a name, address, plate, number or handle becomes
        ``"Type#<16 hex>"``, which an administrator can recompute for a given entity to find
        who looked at it, but which does not put the name into the log.
        """
        type_name, colon, key = entity_id.partition(":")
        if not colon or (type_name in REFERENCE_TYPES and key):
            return entity_id  # a document id, or an id whose key is a reference
        return f"{type_name}#{self._digest('entity', entity_id, 16).lower()}"
