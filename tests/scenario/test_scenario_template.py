"""Templates fill into annotated segments; rendering keeps exact offsets."""

from __future__ import annotations

import datetime as dt

import pytest

from rhigraph.scenario.document import CHILD, Document, Field, Heading, Line, gold, render
from rhigraph.scenario.model import Person, Phone
from rhigraph.scenario.template import (
    Mention,
    Span,
    capitalise_first,
    fill,
    plain,
    raised,
    unraised,
)

DEAN = Person(
    id="P-ADULT-1",
    first="Dean",
    last="Ashworth",
    person_role="ADULT_OF_CONCERN",
    nicknames=("Deano", "Ash"),
)
PHONE = Phone(id="PH-1", e164="+447700900417")


def _doc(blocks, relations=()):
    return Document(
        id="rhi_X",
        kind="rhi_note",
        child_id="C-1",
        date=dt.date(2026, 1, 5),
        fields={},
        blocks=blocks,
        relations=list(relations),
        style="narrative",
        folder="notes",
    )


def test_fill_marks_mentions_and_negated_spans():
    segs = fill(
        "[[GIFTS_MONEY:{a} gave her £10]] and [[!DRUGS:she denied drugs]].",
        {"a": Mention(DEAN, "deano")},
    )
    assert plain(segs) == "deano gave her £10 and she denied drugs."
    first, _, second, _ = segs
    assert isinstance(first, Span) and first.codes == ("GIFTS_MONEY",) and not first.negated
    assert isinstance(second, Span) and second.negated


def test_fill_names_a_missing_slot_and_rejects_unbalanced_spans():
    with pytest.raises(KeyError, match="adult"):
        fill("{adult} rang", {})
    with pytest.raises(ValueError):
        fill("[[CSE:never closed", {})
    with pytest.raises(ValueError):
        fill("closed]] early", {})


def test_capitalise_first_reaches_into_spans_but_not_mentions():
    assert plain(capitalise_first(fill("[[CSE:she said]]", {}))) == "She said"
    assert plain(capitalise_first([Mention(DEAN, "deano"), " rang"])) == "deano rang"


def test_render_offsets_and_gold_entities():
    blocks = [
        Heading("RHI"),
        Field("Phone", (Mention(PHONE, "07700 900417"),)),
        Line(
            tuple(
                fill(
                    "{a} rang from {p}; [[COERCION_CONTROL:{a2} said she owes him]].",
                    {
                        "a": Mention(DEAN, "Deano"),
                        "a2": Mention(DEAN, "deano"),
                        "p": Mention(PHONE, "+44 7700 900417"),
                    },
                )
            )
        ),
    ]
    rendered = render(blocks)
    for mention, start, end in rendered.mentions:
        assert rendered.text[start:end] == mention.text
    doc = _doc(blocks, [("CONTACTED_BY", CHILD, PHONE), ("USES", DEAN, PHONE)])
    result = gold(doc, rendered, offsets=True)
    phone, dean = result["entities"]
    assert phone["text"] == "07700 900417" and phone["aliases"] == ["+44 7700 900417"]
    assert phone["normalised"] == "+447700900417"
    assert dean["aliases"] == ["deano"] and dean["normalised"] == "deano"
    assert result["relations"] == [
        {"type": "CONTACTED_BY", "source": "CHILD", "target": 0},
        {"type": "USES", "source": 1, "target": 0},
    ]
    assert result["indicators"] == [
        {"code": "COERCION_CONTROL", "text": "deano said she owes him", "negated": False}
    ]


def test_gold_without_offsets_and_relations_to_absent_things_dropped():
    blocks = [Line((Mention(DEAN, "Dean ASHWORTH"),))]
    result = gold(_doc(blocks, [("USES", DEAN, PHONE)]), render(blocks), offsets=False)
    assert result["offsets"] == "none"
    (entity,) = result["entities"]
    assert "start" not in entity and "end" not in entity
    assert result["relations"] == []


def test_render_transform_keeps_offsets_exact():
    blocks = [Line(("cost ", Mention(PHONE, "07700 900417"), " £10"))]
    rendered = render(blocks, lambda s: s.replace("£", "GBP "))
    assert rendered.text == "cost 07700 900417 GBP 10\n"
    ((mention, start, end),) = rendered.mentions
    assert rendered.text[start:end] == "07700 900417"


def test_unraised_drops_only_what_was_raised_before():
    segs = fill("[[ALCOHOL,DRUGS:alcohol and cannabis use]]; [[!CSE:no CSE concerns]]; "
                "[[CSE:a clear CSE risk]]", {})
    kept = unraised(segs, {("DRUGS", False), ("CSE", True), ("CSE", False)}, frozenset({"CSE"}))
    assert plain(kept) == plain(segs)
    assert [(s.codes, s.negated) for s in kept if isinstance(s, Span)] == [
        (("ALCOHOL",), False), (("CSE",), False)]
    assert raised(kept) == {("ALCOHOL", False), ("CSE", False)}
    nested = fill("[[CSE:an adult giving [[DRUGS:drugs]] to a child]]", {})
    assert raised(unraised(nested, {("DRUGS", False)})) == {("CSE", False)}
