"""Review dates per document and the list of documents due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rhigraph.governance import Administration, Governance, Role, Service, User
from rhigraph.governance.retention import DEFAULT_DAYS, due, review_date

ADMIN = User("admin-user", Role.ADMIN, source="test")


def test_review_date_is_the_document_date_plus_the_period_of_its_kind() -> None:
    doc = {"id": "n1", "kind": "rhi_note", "date": "2026-01-05"}
    assert review_date(doc, DEFAULT_DAYS) == dt.date(2032, 1, 5)
    undated = {"id": "e", "kind": "episodes", "date": None, "ingested_at": "2026-02-01T10:00"}
    assert review_date(undated, {"episodes": 10}) == dt.date(2026, 2, 11)


def test_due_lists_most_overdue_first_with_references_only() -> None:
    docs = [{"id": "a", "kind": "rhi_note", "date": "2020-01-01", "child_id": "C-1"},
            {"id": "b", "kind": "rhi_note", "date": "2019-01-01", "child_id": "C-2"},
            {"id": "c", "kind": "rhi_note", "date": "2026-01-01", "child_id": "C-3"}]
    rows = due(docs, {"rhi_note": 365}, {"b": "2030-01-01"}, dt.date(2026, 6, 1))
    assert [r["id"] for r in rows] == ["a"]
    assert set(rows[0]) == {"id", "kind", "child_id", "date", "review_on", "days_overdue"}


def test_periods_and_reviews_are_configurable_and_audited(
        service_as: Callable[[Role], Service], governance: Governance) -> None:
    admin = Administration(ADMIN, governance)
    today = dt.date(2026, 3, 1)
    assert service_as(Role.ADMIN).retention_due(today) == []
    admin.set_retention_period("intel_form", 30)
    due_now = {r["id"] for r in service_as(Role.RHI_MANAGER).retention_due(today)}
    assert due_now == {"f1", "fc", "flow"}
    admin.set_review("f1", dt.date(2027, 1, 1))
    assert {r["id"] for r in service_as(Role.ADMIN).retention_due(today)} == {"fc", "flow"}
    actions = [e["action"] for e in governance.audit.entries(limit=5)]
    assert actions == ["retention.due", "retention.set_review", "retention.due",
                       "retention.set_period", "retention.due"]
