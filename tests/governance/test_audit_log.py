"""The audit log: append-only, hash-chained, tamper-evident, and free of content."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from rhigraph.governance import Administration, Governance, Role, Service, User
from rhigraph.governance.audit import GENESIS

ADMIN = User("admin-user", Role.ADMIN, source="test")


def fill(governance: Governance, n: int = 6) -> None:
    for i in range(1, n + 1):
        governance.audit.append("a.khan", "ANALYST", "document", target=f"doc-marker-{i:04d}",
                                query={"text": "withheld", "i": i})


def tamper(path: Path, *statements: str) -> None:
    """Change the file behind the service's back, as someone with write access could."""
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def test_entries_chain_from_genesis_with_the_documented_hash(governance: Governance) -> None:
    fill(governance, 3)
    entries = list(reversed(governance.audit.entries()))
    assert [e["seq"] for e in entries] == [1, 2, 3]
    assert entries[0]["prev_hash"] == GENESIS
    for before, entry in zip(entries, entries[1:], strict=False):
        assert entry["prev_hash"] == before["hash"]
    first = entries[0]
    body = {k: first[k] for k in ("seq", "at", "user", "role", "action", "target", "outcome",
                                  "prev_hash")}
    body["query"] = json.dumps(first["query"], sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"),
                                       ensure_ascii=False).encode()).hexdigest()
    assert digest == first["hash"]
    result = governance.audit.verify()
    assert result.ok and result.entries == 3 and result.head_hash == entries[-1]["hash"]


def test_the_database_refuses_to_change_remove_or_misplace_entries(
        governance: Governance) -> None:
    fill(governance, 2)
    for statement in ("UPDATE audit SET user = 'x' WHERE seq = 1",
                      "DELETE FROM audit WHERE seq = 2",
                      "INSERT INTO audit VALUES (7, 'at', 'u', 'r', 'a', NULL, 'ok', '{}',"
                      " 'bad', 'bad')"):
        with pytest.raises(sqlite3.DatabaseError, match="audit"):
            tamper(governance.db.path, statement)
    assert governance.audit.verify().ok


def test_an_entry_edited_after_dropping_the_trigger_is_found_at_its_seq(
        governance: Governance) -> None:
    fill(governance)
    tamper(governance.db.path, "DROP TRIGGER audit_no_update",
           "UPDATE audit SET target = 'someone-else' WHERE seq = 4")
    result = governance.audit.verify()
    assert not result.ok and result.broken_at == 4 and result.head_seq == 3


def test_a_removed_entry_is_found(governance: Governance) -> None:
    fill(governance)
    tamper(governance.db.path, "DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE seq = 3")
    result = governance.audit.verify()
    assert not result.ok and result.broken_at == 3 and "missing" in (result.reason or "")


def test_a_rehashed_entry_is_found_by_the_next_one(governance: Governance) -> None:
    fill(governance)
    from rhigraph.governance.audit import entry_hash

    row = governance.audit.entries()[-2]  # seq 2
    forged = {**row, "target": "forged", "query": json.dumps(row["query"], sort_keys=True,
                                                              separators=(",", ":"))}
    tamper(governance.db.path, "DROP TRIGGER audit_no_update",
           f"UPDATE audit SET target = 'forged', hash = '{entry_hash(forged)}' WHERE seq = 2")
    result = governance.audit.verify()
    assert not result.ok and result.broken_at == 3


def test_edited_bytes_in_the_file_are_found_at_the_right_seq(tmp_path: Path) -> None:
    path = tmp_path / "bytes.governance.db"
    governance = Governance(path)
    fill(governance)
    governance.close()
    data = path.read_bytes()
    assert data.count(b"doc-marker-0005") == 1
    path.write_bytes(data.replace(b"doc-marker-0005", b"doc-marker-0X05"))
    reopened = Governance(path)
    try:
        result = reopened.audit.verify()
    finally:
        reopened.close()
    assert not result.ok and result.broken_at == 5


def test_a_recorded_head_finds_entries_cut_off_the_end(governance: Governance) -> None:
    fill(governance)
    head = governance.audit.verify()
    assert governance.audit.verify((head.head_seq, head.head_hash)).ok
    tamper(governance.db.path, "DROP TRIGGER audit_no_delete",
           "DELETE FROM audit WHERE seq >= 5")
    assert governance.audit.verify().ok, "the chain that is left is consistent"
    result = governance.audit.verify((head.head_seq, head.head_hash))
    assert not result.ok and result.broken_at == 5


def test_concurrent_writers_keep_one_chain(tmp_path: Path) -> None:
    path = tmp_path / "busy.governance.db"
    Governance(path).close()

    def writer(name: str) -> None:
        own = Governance(path)  # its own connection, as another process would have
        for i in range(25):
            own.audit.append(name, "ANALYST", "counts", query={"i": i})
        own.close()

    threads = [threading.Thread(target=writer, args=(f"user{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check = Governance(path)
    try:
        result = check.audit.verify()
    finally:
        check.close()
    assert result.ok and result.entries == 100


def test_the_audit_file_holds_no_note_text_names_or_passwords(
        store: object, governance: Governance, world: SimpleNamespace,
        service_as: Callable[[Role], Service]) -> None:
    password = "correct horse battery staple"
    Administration(ADMIN, governance).add_user("a.khan", Role.ANALYST, password)
    for role in Role:
        service = service_as(role)
        for call in (lambda s: s.hotspots(), lambda s: s.document("n1"),
                     lambda s: s.snippet(3), lambda s: s.child("C-1001"),
                     lambda s: s.entity_activity("Person"), lambda s: s.links(),
                     lambda s: s.export_rows("links"), lambda s: s.search("court"),
                     lambda s: s.record_resolution("merge", ["Person:deano", "Location:x"])):
            try:
                call(service)
            except Exception:  # noqa: BLE001, S112 - refusals are part of the session
                continue
    path = governance.db.path
    governance.close()
    data = path.read_bytes() + b"".join(p.read_bytes() for p in path.parent.glob(
        path.name + "-*"))
    for secret in (world.NOTE_SECRET[:25], world.SECTION_SECRET[:25], "vodka", password,
                   *world.NAMES.values(), "deano", "Deano", "Mossfield"):
        assert secret.encode() not in data, secret
    assert b"court" in data, "the search term is recorded (the documented exception)"


def test_audit_show_by_user_and_entity(governance: Governance,
                                       service_as: Callable[[Role], Service]) -> None:
    service_as(Role.ANALYST).record_resolution("merge", ["Person:deano", "Person:ash"])
    service_as(Role.RHI_MANAGER).counts()
    admin = Administration(ADMIN, governance)
    assert {e["user"] for e in admin.audit_entries(user="analyst-user")} == {"analyst-user"}
    governance.audit.append("analyst-user", "ANALYST", "entity",
                            target=governance.pseudonyms.entity_ref("Person:deano"))
    (about,) = admin.audit_entries(target="Person:deano")
    assert about["action"] == "entity"
    service_as(Role.ANALYST).document("n1")
    service_as(Role.ANALYST).child("C-1001")
    assert [e["action"] for e in admin.audit_entries(target="n1")] == ["document"]
    assert [e["action"] for e in admin.audit_entries(target="Child:C-1001")] == ["child"]
    with pytest.raises(Exception, match="may not read the audit log"):
        Administration(User("p", Role.PARTNER, source="test"), governance).audit_entries()


def test_an_empty_logs_head_can_be_expected(governance: Governance) -> None:
    empty = governance.audit.verify()
    assert empty.ok and (empty.head_seq, empty.head_hash) == (0, GENESIS)
    assert governance.audit.verify((0, GENESIS)).ok
    assert not governance.audit.verify((1, GENESIS)).ok
