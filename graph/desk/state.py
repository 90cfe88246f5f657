"""A drafted form's state: unconfirmed until a person confirms it, and only then submitted.

A draft written by ``rhigraph draft-isf`` carries the reference ``DRAFT-<note>``, the field
``derived_from`` (the note's document id) and the state ``unconfirmed``. ``rhigraph
confirm-isf`` stores it as an intelligence form with ``draft_state`` "confirmed by U at T"
(plus ``confirmed_by``/``confirmed_at``) and the reference without ``DRAFT-``. A stored form
that still has a ``DRAFT-`` reference, or a ``derived_from`` without a confirmed state, was
ingested some other way before anyone confirmed it, and does not count as submitted.
"""

from __future__ import annotations

from typing import Any

DRAFT_PREFIX = "DRAFT-"
UNCONFIRMED = "unconfirmed"
CONFIRMED = "confirmed"


def confirmed_state(user: str, at: str) -> str:
    """The state a confirmed draft records.

    >>> confirmed_state("amanda", "2026-02-10T09:30:00+00:00")
    'confirmed by amanda at 2026-02-10T09:30:00+00:00'
    """
    return f"{CONFIRMED} by {user} at {at}"


def is_submitted(form: dict[str, Any]) -> bool:
    """Whether a stored intelligence form counts as submitted (module docstring).

    >>> is_submitted({"fields": {"reference": "ISF-BOL-2026-0014"}})
    True
    >>> is_submitted({"fields": {"reference": "DRAFT-rhi_C-1001"}})
    False
    >>> is_submitted({"fields": {"derived_from": "rhi_C-1001.txt", "draft_state": "unconfirmed"}})
    False
    """
    fields = form.get("fields") or {}
    if str(fields.get("reference") or "").upper().startswith(DRAFT_PREFIX):
        return False
    if fields.get("derived_from"):
        return str(fields.get("draft_state") or "").startswith(CONFIRMED)
    return True
