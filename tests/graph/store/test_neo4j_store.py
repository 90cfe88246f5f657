"""The Neo4j store's parts that need no server: what it would send, and how it is opened.

Behaviour against a real database is the shared contract suite (``test_contract.py``, run
when ``NEO4J_URI`` is set); the statements themselves are linted by Neo4j's parser
(``test_neo4j_cypher_lint.py``). These tests pin the Python side: batch rows, provenance on
every link, property escaping, filter parameters, and that no Cypher lives outside
``graph/store/cypher.py``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from graph.exc import SchemaError, StoreError
from graph.provenance import Grading
from graph.store import (
    Batch,
    DocumentRecord,
    EntityRecord,
    Filters,
    IndicatorRecord,
    LinkRecord,
    MentionRecord,
    cypher,
)
from graph.store.neo4j import (
    Neo4jStore,
    area_params,
    driver_for,
    filter_params,
    neo4j_value,
    number_links,
    pack,
    prepare,
    unpack,
)
from rhigraph.settings import Settings, open_store

STORE_SOURCES = [Path(__file__).resolve().parents[3] / "graph" / "store" / name
                 for name in ("neo4j.py", "neo4j_analysis.py")]
CYPHER_WORDS = re.compile(r"\b(MATCH|MERGE|CREATE|DELETE|UNWIND|RETURN|SET)\b")


def _batch() -> Batch:
    doc = DocumentRecord("isf1", "intel_form", "h1", child_id="C-1", date="2026-01-23",
                         submitted_by="PC 123", agency="GMP", grading=Grading("B", "2", "P"),
                         fields={"categories": ["cse"]}, text="Seen at the flat.")
    flat = EntityRecord("Location", "18 mossfield court", "18 Mossfield Court",
                        {"postcode": "BL1 2RF", "label": "mine", "town": None})
    child = EntityRecord("Child", "C-1", "Child C-1")
    return Batch(doc, [child, flat],
                 [MentionRecord(flat.id, "18 Mossfield Court", 0, 18, "UNKNOWN", ("the flat",),
                                {"floor": "2"})],
                 [LinkRecord("AT", child.id, flat.id, "C-1", 0, 18, props={"id": "x"})],
                 [IndicatorRecord("CSE", "asked for pictures", 3, 21)])


def test_prepare_puts_the_documents_provenance_on_every_link() -> None:
    prepared = prepare(_batch())
    (row,) = prepared.links["AT"]
    assert row["id"] is None, "ids are reserved just before writing"
    assert (row["source_id"], row["target_id"]) == ("Child:C-1", "Location:18 mossfield court")
    props = row["props"]
    assert props["document_id"] == "isf1" and props["observed_at"] == "2026-01-23"
    assert (props["source_evaluation"], props["intelligence_assessment"],
            props["handling_code"]) == ("B", "2", "P")
    assert props["agency"] == "GMP" and props["submitted_by"] == "PC 123"
    assert (props["start"], props["end"]) == (0, 18)
    assert props["categories"] == ["CSE"]
    assert props["_id"] == "x", "a link prop named like a store field is escaped"


def test_links_are_numbered_in_batch_order_across_types() -> None:
    batch = _batch()
    extra = LinkRecord("MENTIONED_IN", "Location:18 mossfield court", "Child:C-1")
    batch = Batch(batch.document, batch.entities, batch.mentions,
                  [extra, *batch.links, extra], batch.indicators)
    prepared = prepare(batch)
    number_links(prepared, 41)
    assert [row["id"] for row in prepared.link_order] == [42, 43, 44]
    assert [row["id"] for row in prepared.links["MENTIONED_IN"]] == [42, 44]
    assert prepared.links["AT"][0]["id"] == 43


def test_prepare_groups_entities_by_schema_label_and_escapes_props() -> None:
    prepared = prepare(_batch())
    assert set(prepared.entities) == {"Child", "Location"}
    (flat,) = prepared.entities["Location"]
    assert flat["props"] == {"postcode": "BL1 2RF", "_label": "mine"}
    assert unpack({"id": "Location:x", "key": "x", "label": "X", **flat["props"]},
                  cypher.ENTITY_FIELDS) == {"postcode": "BL1 2RF", "label": "mine"}


def test_prepare_keeps_mentions_indicators_and_the_document() -> None:
    prepared = prepare(_batch())
    (mention,) = prepared.mentions
    assert mention["props"]["aliases"] == ["the flat"]
    assert mention["props"]["attributes"] == '{"floor": "2"}'
    (indicator,) = prepared.indicators
    assert indicator["props"]["child_id"] == "C-1" and indicator["props"]["negated"] is False
    assert prepared.document["categories"] == ["CSE"]
    assert prepared.document["text"] == "Seen at the flat."
    assert "child_id" in prepared.document and "id" not in prepared.document


def test_prepare_refuses_a_type_outside_the_schema() -> None:
    bad = Batch(DocumentRecord("d", "k", "h"), [EntityRecord("Location", "x", "X")])
    object.__setattr__(bad.entities[0], "type", "Location) DETACH DELETE (n")
    with pytest.raises(SchemaError):
        prepare(bad)


@pytest.mark.parametrize("value,stored", [
    ("a", "a"), (3, 3), (2.5, 2.5), (True, True), (["a", "b"], ["a", "b"]),
    ([1, 2.5], [1.0, 2.5]), (["a", 1], '["a", 1]'), ({"k": "v"}, '{"k": "v"}'),
])
def test_values_become_storable_properties(value: object, stored: object) -> None:
    assert neo4j_value(value) == stored


def test_pack_drops_empty_values_as_sqlite_does() -> None:
    assert pack({"a": None, "b": "", "c": [], "d": {}, "e": 0, "f": False},
                cypher.ENTITY_FIELDS) == {"e": 0, "f": False}


def test_filters_become_parameters_with_sqlite_semantics() -> None:
    params = filter_params(Filters(since="2026-01-01", until="2026-01-31", min_grading=True,
                                   handling_codes=("P",), categories=("cse",)))
    assert params == {"since": "2026-01-01", "until": "2026-01-31T99", "min_grading": True,
                      "handling_codes": ["P"], "categories": ["CSE"], "district": None,
                      "la": None}
    assert filter_params(None) == {"since": None, "until": None, "min_grading": False,
                                   "handling_codes": [], "categories": [], "district": None,
                                   "la": None}
    assert set(params) <= set(cypher.PARAMETERS)


@pytest.mark.parametrize("area,district,la", [
    ("BL5", "BL5 ", None), ("m14", "M14 ", None), ("SK 16", "SK16 ", None),
    ("Bolton", None, "bolton"), (" Oldham ", None, "oldham"), ("B", None, "b"),
    ("", None, None),
])
def test_area_is_a_district_or_an_authority_as_in_sqlite(area: str, district: str | None,
                                                         la: str | None) -> None:
    from graph.store.sqlite import filter_sql

    assert area_params(area) == {"district": district, "la": la}
    sql, params = filter_sql(Filters(area=area))
    if district:
        assert params[0] == district + "%"
    elif la:
        assert "responsible_la" in sql and params == [area.strip()] * 2


def test_one_driver_per_uri_and_user() -> None:
    first = driver_for("bolt://localhost:7999", "neo4j", "secret")
    assert driver_for("bolt://localhost:7999", "neo4j", "other") is first
    assert driver_for("bolt://localhost:7999", "reader", "secret") is not first


def test_neo4j_store_needs_a_uri() -> None:
    with pytest.raises(StoreError, match="NEO4J_URI"):
        Neo4jStore.from_env({})


def test_settings_open_neo4j_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("RHIGRAPH_STORE", "neo4j")
    settings = Settings.resolve()
    assert settings.store == "neo4j"
    with pytest.raises(StoreError, match="NEO4J_URI"):
        open_store(settings)


@pytest.mark.parametrize("source", STORE_SOURCES, ids=lambda p: p.name)
def test_no_cypher_outside_cypher_module(source: Path) -> None:
    """Every statement the store sends is in graph/store/cypher.py, where the lint sees it."""
    tree = ast.parse(source.read_text())
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings:
            assert not CYPHER_WORDS.search(node.value), (node.lineno, node.value)


def test_schema_statements_are_named_uniquely_and_re_runnable() -> None:
    statements = cypher.schema_statements()
    names = [name for name, _ in statements]
    assert len(names) == len(set(names))
    for name, statement in statements:
        assert statement.split()[2] == name and "IF NOT EXISTS" in statement
    for label in (*cypher.model().entities, cypher.ENTITY, cypher.SOURCE_DOCUMENT):
        assert any(f"(n:{label}) REQUIRE n.id IS UNIQUE" in s or
                   f"(d:{label}) REQUIRE d.id IS UNIQUE" in s for _, s in statements), label


def test_neo4j_store_has_every_protocol_method_with_its_signature() -> None:
    """When the protocol grows, this names what the Neo4j store still lacks."""
    import inspect

    from graph.store.base import Store

    for name, member in vars(Store).items():
        if name.startswith("_") or not callable(member):
            continue
        assert hasattr(Neo4jStore, name), f"Neo4jStore lacks {name}()"
        expected = list(inspect.signature(member).parameters)
        assert list(inspect.signature(getattr(Neo4jStore, name)).parameters) == expected, name
