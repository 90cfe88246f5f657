"""The one formula neutraliser: what it changes, what it leaves, and that it reverses."""

from __future__ import annotations

import pytest

from graph.export.cells import neutralise, restore, text


@pytest.mark.parametrize("value", ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx",
                                   "'=x", "''+1"])
def test_formula_leads_become_text_and_restore(value: str) -> None:
    safe = neutralise(value)
    assert safe == "'" + value
    assert restore(safe) == value


@pytest.mark.parametrize("value", ["Moss Lane", "'quoted'", "", "O'Brien", "07700 900417"])
def test_ordinary_text_is_untouched(value: str) -> None:
    assert neutralise(value) == value
    assert restore(value) == value


def test_numbers_pass_and_text_renders_every_value() -> None:
    assert neutralise(-2) == -2 and neutralise(None) is None
    assert (text(None), text(True), text(-2.5), text(3)) == ("", "true", "-2.5", "3")
    assert text(["=a"]) == '["=a"]'
    assert text("=1+1") == "'=1+1"
