"""Erasure: a document and the facts resting only on it go; the erasure is audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import SimpleNamespace

import pytest

from graph.store import SQLiteStore
from rhigraph.governance import AccessDenied, Governance, Role, Service


def test_erase_keeps_facts_that_other_documents_support(
        service_as: Callable[[Role], Service], store: SQLiteStore, governance: Governance,
        world: SimpleNamespace) -> None:
    result = service_as(Role.ADMIN).erase_document("n1")
    assert result["erased"] is True
    assert store.document_hash("n1") is None
    assert all(link["document_id"] != "n1" for link in store.links())
    ids = {e["id"] for e in store.entities()}
    assert {world.DEANO.id, world.FLAT.id, "Child:C-1001"} <= ids, "other documents hold them"
    assert "Document:n1" not in ids
    (entry,) = governance.audit.entries(limit=1)
    assert (entry["action"], entry["target"], entry["outcome"]) == ("erase", "n1", "ok")
    assert entry["query"]["removed"]["documents"] == 1


def test_erase_removes_what_rested_only_on_the_document(
        service_as: Callable[[Role], Service], store: SQLiteStore,
        world: SimpleNamespace) -> None:
    service_as(Role.RHI_MANAGER).erase_document("fc")
    ids = {e["id"] for e in store.entities()}
    assert world.HIDDEN.id not in ids and "Child:C-1004" not in ids
    assert world.PARK.id in ids


def test_erasure_audit_holds_no_content(service_as: Callable[[Role], Service],
                                        governance: Governance,
                                        world: SimpleNamespace) -> None:
    service_as(Role.ADMIN).erase_document("n1")
    text = json.dumps(governance.audit.entries(limit=1))
    assert "Kayla" not in text and "Mossfield" not in text and "vodka" not in text


def test_erasing_an_unknown_document_is_audited_as_not_found(
        service_as: Callable[[Role], Service], governance: Governance) -> None:
    assert service_as(Role.ADMIN).erase_document("nope")["erased"] is False
    assert governance.audit.entries(limit=1)[0]["outcome"] == "not_found"


def test_erase_forgets_the_documents_review_date(service_as: Callable[[Role], Service],
                                                 governance: Governance) -> None:
    import datetime as dt

    governance.retention.set_review("n1", dt.date(2030, 1, 1), "test")
    service_as(Role.ADMIN).erase_document("n1")
    assert "n1" not in governance.retention.overrides()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.PARTNER])
def test_only_admins_and_rhi_managers_erase(service_as: Callable[[Role], Service],
                                            store: SQLiteStore, governance: Governance,
                                            role: Role) -> None:
    with pytest.raises(AccessDenied):
        service_as(role).erase_document("n1")
    assert store.document_hash("n1") is not None
    assert governance.audit.entries(limit=1)[0]["outcome"] == "denied"
